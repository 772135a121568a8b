"""The contract of a provider target, and the registry the target modules fill."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from .. import base_models
from ..findings import Severity

# The limits rules may read, and what each means. A target that leaves one out has none.
LIMITS: Mapping[str, str] = {
    "min_examples": "fewest examples in a training file",
    "max_examples": "most examples in a training file",
    "validation_min_examples": "fewest examples in a validation file",
    "validation_max_examples": "most examples in a validation file",
    "validation_bytes": "largest validation file",
    "total_max_examples": "most examples in the training and validation files together",
    "images_per_example": "most images in one example",
    "image_examples": "most examples with images in one file",
    "upload_bytes": "largest file one upload takes",
    "multipart_bytes": "largest file a multipart upload takes",
    "prompt_completion_tokens": "most tokens of a preference file's longest prompt plus its"
    " longest completion",
    "checker_tokens": "tokens over which the vendor's checker warns, by its own estimate",
    "checker_chars_per_token": "the characters per token of that checker's estimate",
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
        no_validation: why a job for this model takes no validation file (with its
            source), or ``None`` when it takes one.
    """

    name: str
    methods: frozenset[str]
    max_tokens: int | None = None
    tokenizer: str | None = None
    chars_per_token: float | None = None
    source: str = ""
    no_validation: str | None = None


class Target(msgspec.Struct, frozen=True, kw_only=True):
    """One provider's view of fine-tuning data (see the module docstring)."""

    name: str
    label: str
    formats: tuple[str, ...]
    base: str | None = None
    add: frozenset[str] = frozenset()
    enable: frozenset[str] = frozenset()
    drop: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = msgspec.field(default_factory=dict)
    limits: Mapping[str, int] = msgspec.field(default_factory=dict)
    models: tuple[TargetModel, ...] = ()
    sources: Mapping[str, str] = msgspec.field(default_factory=dict)
    aliases: Mapping[str, str] = msgspec.field(default_factory=dict)
    methods: Mapping[str, str] = msgspec.field(default_factory=dict)
    tool_schema_draft: str | None = None

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


def adding(code: str) -> list[Target]:
    """The targets that add the provider-only rule ``code`` (in registration order); none
    for a rule of OpenAI's set."""
    return [target for target in TARGETS.values() if code in target.add]


def enabling(code: str) -> list[Target]:
    """The targets that check ``code``, an opt-in rule of their base, by default."""
    return [target for target in TARGETS.values() if code in target.enable]


def provider_only() -> frozenset[str]:
    """The codes that some target adds: no target runs them unless it adds them too."""
    return frozenset(code for target in TARGETS.values() for code in target.add)
