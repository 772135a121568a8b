"""Provider targets: which formats a provider takes, which rules are in force, and its facts.

A target is a set of formats and rules, not a fork of the code. The OpenAI rules are the
default rule set (``Rule.default``). A target names:

- ``formats``: the formats it accepts, in the order ``--format auto`` tries them;
- ``base``: a target whose rules it starts from (``"openai"`` for Azure, Together,
  Fireworks and Mistral, which take OpenAI's formats), or ``None`` for a native format;
- ``add``: provider-only rules (defined with ``default=False``, so no other target runs
  them) that are in force for this target;
- ``drop``: rules of the base that this provider does not enforce;
- ``severity``: a rule's severity where this provider treats it differently;
- ``limits``: the named numbers rules read through ``ctx.target`` (see :data:`LIMITS`);
- ``models``: the provider's models, with their per-example limits and how tokens count;
  ``aliases`` maps other names of a model (family names) to a model's ``name``;
- ``methods``: the training method of each of its formats (for F009), where
  :data:`ftlint.base_models.METHOD_OF_FORMAT` does not say it.

Every fact carries the source it comes from, so that a rule's documentation can name it.

The rules in force for a target (see :func:`ftlint.selection.universe`) are the rules of
its base (or, without a base, every rule) that apply to one of its formats, less the
provider-only rules of every target (the union of their ``add``), less ``drop``, plus
``add``. ``--select``/``--ignore`` choose among them; the default selection is the default
rules among them plus ``add``.

Codes of provider-only rules keep the area letters of :mod:`ftlint.rules.registry`; the
hundreds digit names the provider (``O101`` is Azure's): 0 OpenAI (every existing code),
1 Azure, 2 Together, 3 Fireworks, 4 Mistral, 5 Bedrock (Nova, Llama, text), 6 Bedrock
Claude, 7 Vertex Gemini, 8 reserved, 9 rules that several providers share. So
``--select S2`` picks Together's structure rules, and no code ever changes meaning.

The targets are registered when this package is imported: each module listed at the end
of this file registers its own.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from .. import base_models
from ..findings import Severity

# The limits rules may read, and what each means. A target that leaves one out has none.
LIMITS: Mapping[str, str] = {
    "min_examples": "fewest examples in a training file",
    "max_examples": "most examples in a training file",
    "validation_max_examples": "most examples in a validation file",
    "images_per_example": "most images in one example",
    "image_examples": "most examples with images in one file",
    "upload_bytes": "largest file one upload takes",
    "multipart_bytes": "largest file a multipart upload takes",
}


class TargetModel(msgspec.Struct, frozen=True, kw_only=True):
    """A model one can fine-tune on a target.

    Attributes:
        name: the provider's model id.
        methods: training methods (``supervised``, ``dpo``, ``reinforcement``, ``legacy``)
            and ``vision`` when it takes images.
        max_tokens: the most tokens of one training example, or ``None`` if unpublished.
        tokenizer: a tiktoken encoding when tokens can be counted exactly, else ``None``.
        chars_per_token: the provider's own estimate ratio when there is no tokenizer.
        source: the URL (or reference tag) of these figures.
    """

    name: str
    methods: frozenset[str]
    max_tokens: int | None = None
    tokenizer: str | None = None
    chars_per_token: float | None = None
    source: str = ""


class Target(msgspec.Struct, frozen=True, kw_only=True):
    """One provider's view of fine-tuning data (see the module docstring)."""

    name: str
    label: str
    formats: tuple[str, ...]
    base: str | None = None
    add: frozenset[str] = frozenset()
    drop: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = msgspec.field(default_factory=dict)
    limits: Mapping[str, int] = msgspec.field(default_factory=dict)
    models: tuple[TargetModel, ...] = ()
    sources: Mapping[str, str] = msgspec.field(default_factory=dict)
    aliases: Mapping[str, str] = msgspec.field(default_factory=dict)
    methods: Mapping[str, str] = msgspec.field(default_factory=dict)

    def limit(self, name: str) -> int | None:
        """The limit ``name`` (a key of :data:`LIMITS`), or ``None`` if this target has none."""
        return self.limits.get(name)

    def model(self, name: str) -> TargetModel | None:
        """The model called ``name`` (or one of its aliases), or ``None``.

        A fine-tuned model (``ft:BASE:ORG::ID``, Azure's ``BASE.ft-ID``) is its base: one
        continues training from it with the base's limits.
        """
        name = self.aliases.get(name, name)
        name = self.aliases.get(base_models.base_name(name), base_models.base_name(name))
        for model in self.models:
            if model.name == name:
                return model
        return None

    def model_names(self) -> list[str]:
        """Every name ``--model`` takes for this target: model names and aliases."""
        return sorted({*(m.name for m in self.models), *self.aliases})

    def suggest(self, method: str) -> str:
        """Which models take ``method`` (or ``"vision"``), as a hint."""
        found = [m.name for m in self.models if method in m.methods]
        return "models that take it: " + ", ".join(found)


TARGETS: dict[str, Target] = {}
# The target of ``--target``'s default: OpenAI, today's behaviour.
DEFAULT = "openai"


def register(target: Target) -> Target:
    """Add ``target`` to :data:`TARGETS`; names are unique."""
    if target.name in TARGETS:
        raise ValueError(f"target {target.name} registered twice")
    unknown = set(target.limits) - set(LIMITS)
    if unknown:
        raise ValueError(f"target {target.name}: unknown limits {sorted(unknown)}")
    TARGETS[target.name] = target
    return target


def get(name: str) -> Target:
    """The target called ``name``; ``KeyError`` if there is none."""
    return TARGETS[name]


# The order in which help, `ftlint targets` and the README list the targets.
ORDER = (
    "openai",
    "azure",
    "together",
    "fireworks",
    "mistral",
    "bedrock-nova",
    "bedrock-claude",
    "bedrock-llama",
    "bedrock-text",
    "vertex-gemini",
)


def names() -> list[str]:
    """The registered target names: OpenAI first, then the issue's order."""
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(TARGETS, key=lambda name: (rank.get(name, len(ORDER)), name))


def provider_only() -> frozenset[str]:
    """The codes that some target adds: no target runs them unless it adds them too."""
    return frozenset(code for target in TARGETS.values() for code in target.add)


# Registration: each module registers its targets on import.
from . import bedrock, gemini, openai  # noqa: E402, F401  (they register on import)

__all__ = [
    "DEFAULT",
    "LIMITS",
    "TARGETS",
    "Target",
    "TargetModel",
    "get",
    "names",
    "openai",
    "provider_only",
    "register",
]
