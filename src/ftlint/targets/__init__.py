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
- ``models``: the provider's models, with their per-example limits and how tokens count.

Every fact carries the source it comes from, so that a rule's documentation can name it.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

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


TARGETS: dict[str, Target] = {}


def register(target: Target) -> Target:
    """Add ``target`` to :data:`TARGETS`; names are unique."""
    if target.name in TARGETS:
        raise ValueError(f"target {target.name} registered twice")
    unknown = set(target.limits) - set(LIMITS)
    if unknown:
        raise ValueError(f"target {target.name}: unknown limits {sorted(unknown)}")
    TARGETS[target.name] = target
    return target
