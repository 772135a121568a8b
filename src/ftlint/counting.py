"""How a target's model counts tokens: exactly, as the provider's estimate, or not at all.

One answer for ``check --target`` (K001) and ``stats --target``, from the target's model
table (:class:`ftlint.targets.TargetModel`):

- a model with a tiktoken encoding is counted exactly (OpenAI's and Azure's OpenAI
  models), with the cookbook's accounting (:func:`ftlint.tokens.count_example`);
- a model whose provider publishes no tokenizer but a characters-per-token ratio is
  estimated with it (:class:`Estimate`), and every count says so, with the ratio and its
  source (Bedrock: 3 for Claude 3 Haiku, 6 for text-to-text; Azure's open-weight models:
  4);
- a model with neither (Nova, Together, Mistral) is not counted: a number in another
  provider's tokens would look exact and be wrong.

A native format is counted where its provider says how: Claude 3 Haiku's records as AWS's
checker counts them (all characters of ``system`` and the contents, divided by 3,
rounded down, :func:`claude_count`); Gemini's and Bedrock's conversation schema from the
characters of their texts (:mod:`ftlint.schema.texts`, :func:`native_count`) with the
model's ratio (Google's 4 for Gemini, AWS's 6 for Llama 3.2). Nova has no ratio, so no
count.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple

from . import base_models, targets, tokens
from .schema.messages import ROLE_OF


class Estimate:
    """A provider's estimate of tokens: characters divided by its ratio, rounded up."""

    def __init__(self, chars_per_token: float) -> None:
        self.ratio = chars_per_token
        self.roles: Mapping[str, int] = {role: self.count(role) for role in set(ROLE_OF.values())}

    def count(self, text: str) -> int:
        """The estimated tokens of ``text``."""
        return math.ceil(len(text) / self.ratio)

    shared = count  # a repeated text (a system prompt) costs as little to estimate again


def measure_of(
    encoding: str | None, ratio: float | None, files: Sequence[str] = ()
) -> tokens.Tokenizer | Estimate:
    """A model's count: its tiktoken encoding's tokenizer (loaded once per process), or
    else the estimate at its characters per token."""
    return tokens.load(encoding, files) if encoding is not None else Estimate(ratio or 1)


def _native(fmt: str, example: Any, measure: Any) -> tokens.Count:
    return native_count(example, fmt, measure)


def claude_count(example: Any, measure: Any) -> tokens.Count:
    """A Claude 3 Haiku record's tokens: with an :class:`Estimate`, AWS's checker's
    ``len(text) // 3`` over ``system`` and every content (BC6); trained tokens are the
    assistant contents', the same way."""
    total, assistant = (_CLAUDE_LENGTHS or _load_claude_lengths())[0](example)
    if isinstance(measure, Estimate):
        n, trained = int(total // measure.ratio), int(assistant // measure.ratio)
    else:
        system = example.system if isinstance(example.system, str) else ""
        n = measure.count(system) + sum(measure.count(m.content) for m in example.messages)
        trained = sum(measure.count(m.content) for m in example.messages if m.role == "assistant")
    return tokens.Count(n, trained, n)


# schema.claude.text_lengths, once a run has needed it: an import statement in
# claude_count would cost a lookup of the module on every example.
_CLAUDE_LENGTHS: list[Callable[[Any], tuple[int, int]]] = []


def _load_claude_lengths() -> list[Callable[[Any], tuple[int, int]]]:
    from .schema.claude import text_lengths  # only Claude's target needs its Structs

    _CLAUDE_LENGTHS.append(text_lengths)
    return _CLAUDE_LENGTHS


# What each native format's texts are (schema.texts), once a run has needed them.
_TEXTS: dict[str, Callable[[Any], Any]] = {}


def _load_texts(fmt: str) -> Callable[[Any], Any]:
    from .schema.texts import TEXTS  # only these targets' runs need the native Structs

    _TEXTS.update(TEXTS)
    return TEXTS[fmt]


def _tokens(texts: list[str], measure: Any) -> int:
    if isinstance(measure, Estimate):  # the ratio applies to the characters as a whole
        return math.ceil(sum(map(len, texts)) / measure.ratio)
    return sum(map(measure.count, texts))


def native_count(example: Any, fmt: str, measure: Any) -> tokens.Count:
    """The tokens of an example of Gemini's or Bedrock's conversation schema, from the
    texts :mod:`ftlint.schema.texts` finds in it: for preference data, the longest
    sequence is the prompt with the longer completion (GP3)."""
    texts = (_TEXTS.get(fmt) or _load_texts(fmt))(example)
    context = _tokens(texts.context, measure)
    if texts.replies:
        replies = [_tokens(reply, measure) for reply in texts.replies]
        return tokens.Count(context + sum(replies), sum(replies), context + max(replies))
    trained = _tokens(texts.trained, measure)
    return tokens.Count(context + trained, trained, context + trained)


# The native formats a count is defined for, and how.
NATIVE_COUNTS: Mapping[str, Callable[[Any, Any], tokens.Count]] = {
    "claude-messages": claude_count,
    **{
        fmt: partial(_native, fmt)
        for fmt in ("gemini-contents", "gemini-preference", "bedrock-conversation")
    },
}


def count_example(example: Any, fmt: str, measure: Any) -> tokens.Count:
    """The tokens of one example of any countable format (see :func:`countable`)."""
    native = NATIVE_COUNTS.get(fmt)
    if native is not None:
        return native(example, measure)
    return tokens.count_example(example, fmt, measure)


def countable(fmt: str) -> bool:
    """Whether examples of ``fmt`` can be counted at all."""
    return fmt in base_models.METHOD_OF_FORMAT or fmt in NATIVE_COUNTS


class Counting(NamedTuple):
    """How one model of one target counts tokens.

    Attributes:
        target: the target's name.
        model: the model's name in the target's table (a snapshot for OpenAI).
        limit: its per-example token limit, ``None`` if unpublished.
        encoding: its tiktoken encoding when tokens are counted exactly.
        ratio: else the provider's characters per token, for an estimate.
        source: where the model's figures (and the ratio) come from.
        tokens_note: for a model counted neither way, why (the target's ``tokens`` source).
    """

    target: str
    model: str
    limit: int | None
    encoding: str | None = None
    ratio: float | None = None
    source: str = ""
    tokens_note: str | None = None

    @property
    def how(self) -> str:
        """``"exact"``, ``"estimate"`` or ``"none"``."""
        if self.encoding is not None:
            return "exact"
        return "estimate" if self.ratio is not None else "none"

    def measure(self, files: Sequence[str] = ()) -> tokens.Tokenizer | Estimate | None:
        """What counts: the encoding's tokenizer, the estimate, or ``None``.

        Raises:
            tokens.EncodingUnavailable: the encoding's file cannot be found.
        """
        if self.encoding is None and self.ratio is None:
            return None
        return measure_of(self.encoding, self.ratio, files)

    def label(self) -> str:
        """How a count of this model is to be read: ``""`` when exact, else the estimate's
        ratio and source."""
        if self.ratio is None or self.encoding is not None:
            return ""
        return f"an estimate at {self.ratio:g} characters per token, per {self.source}"


def resolve(target: str, model: str) -> Counting | None:
    """How ``model`` (a name ``--model`` takes under ``target``) counts; ``None`` if the
    target does not train it."""
    spec = targets.get(target)
    found = spec.model(model)
    if found is None:
        return None
    note = None
    if found.tokenizer is None and found.chars_per_token is None:
        note = spec.sources.get("tokens") or f"{spec.label} publishes no tokenizer or ratio"
    return Counting(
        target=target,
        model=found.name,
        limit=found.max_tokens,
        encoding=found.tokenizer,
        ratio=found.chars_per_token,
        source=found.source,
        tokens_note=note,
    )


def default_model(target: str, fmt: str) -> str | None:
    """The model counted for when ``--model`` is not given: OpenAI's default of the format
    (:data:`ftlint.tokens.DEFAULT_MODELS`), or the first model of the target's table that
    trains the format's method; ``None`` for a target without one (Fireworks)."""
    if target == targets.DEFAULT:
        return tokens.DEFAULT_MODELS.get(fmt)
    spec = targets.get(target)
    method = spec.methods.get(fmt) or base_models.METHOD_OF_FORMAT.get(fmt)
    return next((m.name for m in spec.models if method in m.methods), None)
