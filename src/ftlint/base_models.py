"""Base models, what they train, and their limits: one table, from the spec's §4.1.

``--model`` picks a row; a fine-tuned model's name picks its base's row. Without a model,
or with one not in the table (a model newer than this release), the model-dependent rules
(F009, F010, K001) stay silent.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

SUPERVISED, DPO, REINFORCEMENT, LEGACY, VISION = (
    "supervised",
    "dpo",
    "reinforcement",
    "legacy",
    "vision",
)

METHOD_OF_FORMAT: Mapping[str, str] = {
    "chat": SUPERVISED,
    "preference": DPO,
    "reinforcement": REINFORCEMENT,
    "completion": LEGACY,
}


class Model(msgspec.Struct, frozen=True, kw_only=True):
    """One base model (spec §4.1).

    Attributes:
        name: the snapshot name.
        methods: the training methods it takes.
        vision: whether it takes images in supervised data.
        max_tokens: the most tokens of one training example, or ``None`` if unknown.
        tokenizer: the tiktoken encoding.
        source: where the row comes from, in the spec's source tags, with its confidence.
    """

    name: str
    methods: frozenset[str]
    vision: bool
    max_tokens: int | None
    tokenizer: str
    source: str


def _model(
    name: str,
    methods: tuple[str, ...],
    max_tokens: int | None,
    tokenizer: str,
    source: str,
    *,
    vision: bool = False,
) -> Model:
    return Model(
        name=name,
        methods=frozenset(methods),
        vision=vision,
        max_tokens=max_tokens,
        tokenizer=tokenizer,
        source=source,
    )


MODELS: Mapping[str, Model] = {
    m.name: m
    for m in (
        _model("gpt-3.5-turbo-0613", (SUPERVISED,), 4_096, "cl100k_base", "G-FT24 (H)"),
        _model("gpt-3.5-turbo-1106", (SUPERVISED,), 16_385, "cl100k_base", "G-FT24 (H)"),
        _model("gpt-3.5-turbo-0125", (SUPERVISED,), 16_385, "cl100k_base", "G-FT24 (H)"),
        _model("gpt-4-0613", (SUPERVISED,), 8_192, "cl100k_base", "AZ-MODELS (M)"),
        _model(
            "gpt-4o-2024-08-06",
            (SUPERVISED, DPO),
            65_536,
            "o200k_base",
            "G-FT24, AZ-MODELS (H)",
            vision=True,
        ),
        _model("gpt-4o-mini-2024-07-18", (SUPERVISED,), 65_536, "o200k_base", "G-FT24 (H)"),
        _model(
            "gpt-4.1-2025-04-14",
            (SUPERVISED, DPO),
            65_536,
            "o200k_base",
            "AZ-MODELS, G-SFT, G-DPO (M)",
            vision=True,
        ),
        _model("gpt-4.1-mini-2025-04-14", (SUPERVISED, DPO), 65_536, "o200k_base", "AZ-MODELS (M)"),
        _model("gpt-4.1-nano-2025-04-14", (SUPERVISED, DPO), 32_768, "o200k_base", "AZ-MODELS (M)"),
        _model(
            "o4-mini-2025-04-16", (REINFORCEMENT,), 65_536, "o200k_base", "AZ-MODELS, G-RFT (M)"
        ),
        _model("babbage-002", (LEGACY,), None, "cl100k_base", "PY-VAL (L)"),
        _model("davinci-002", (LEGACY,), None, "cl100k_base", "PY-VAL (L)"),
    )
}

# Family names (as people write them) for their current snapshot.
ALIASES: Mapping[str, str] = {
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
    "gpt-4": "gpt-4-0613",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "o4-mini": "o4-mini-2025-04-16",
}


def names() -> list[str]:
    """Every name --model accepts: snapshots and family aliases."""
    return sorted({*MODELS, *ALIASES})


def families() -> list[str]:
    """The short names: each family alias, and each model that has none (babbage-002)."""
    aliased = set(ALIASES.values())
    return sorted({*ALIASES, *(name for name in MODELS if name not in aliased)})


def base_name(name: str) -> str:
    """The base model a fine-tuned model's name names, or ``name`` itself.

    Continued training starts from a fine-tuned model, which trains (and tokenizes) as
    its base: OpenAI names it ``ft:BASE:ORG:SUFFIX:ID``, Azure ``BASE.ft-ID``.
    """
    if name.startswith("ft:"):
        return name.split(":", 2)[1]
    base, dot, tail = name.partition(".ft-")
    return base if dot and tail else name


def get(name: str) -> Model:
    """The model for a snapshot, a family name or a fine-tuned model's name.

    Raises:
        KeyError: a name ftlint does not know (see :func:`known`).
    """
    base = base_name(name)
    return MODELS[ALIASES.get(base, base)]


def known(name: str) -> bool:
    """Whether :func:`get` knows ``name``."""
    base = base_name(name)
    return ALIASES.get(base, base) in MODELS


def suggest(method: str) -> str:
    """Which models take ``method`` (or ``"vision"``), as a hint."""
    if method == VISION:
        found = [m.name for m in MODELS.values() if m.vision]
    else:
        found = [m.name for m in MODELS.values() if method in m.methods]
    return "models that take it: " + ", ".join(found)
