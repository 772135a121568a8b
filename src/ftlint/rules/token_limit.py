"""Token-limit rules (K): examples longer than the model's per-example token limit."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from .. import base_models, counting, tokens
from ..targets.bedrock import LLAMA_CHECKER
from ..targets.bedrock import TEXT_DOC as BEDROCK_TEXT_DOC
from ..targets.gemini import ABOUT as GEMINI_ABOUT
from ..targets.gemini import TOKENS as GEMINI_TOKENS
from .registry import ALL_FORMATS, define, on_example

if TYPE_CHECKING:
    from .context import LineContext


def _limits() -> str:
    """The limits of spec §4.1, from the model table: "65,536 tokens for gpt-4o, ..."."""
    family = {snapshot: alias for alias, snapshot in base_models.ALIASES.items()}
    by_limit: dict[int, list[str]] = {}
    unlimited = []
    for model in base_models.MODELS.values():
        name = family.get(model.name, model.name)
        if model.max_tokens is None:
            unlimited.append(name)
        else:
            by_limit.setdefault(model.max_tokens, []).append(name)
    groups = [
        f"{limit:,}{' tokens' if i == 0 else ''} for {_and(names)}"
        for i, (limit, names) in enumerate(sorted(by_limit.items(), reverse=True))
    ]
    return f"{_and(groups)}; {_and(unlimited)} have none"


# OpenAI's formats, and the native formats that a target's model has a ratio for.
NATIVE = ("gemini-contents", "gemini-preference", "bedrock-conversation")
FORMATS = (*sorted(ALL_FORMATS), *NATIVE)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


OVER_TOKEN_LIMIT = define(
    "K001",
    "over-token-limit",
    ["R38"],
    f"""
    An example has more tokens than the model takes per training example.

    OpenAI does not reject it: it is "truncated to the maximum context length which removes
    tokens from the end of the training example(s)", so the end of the conversation, often
    the answer, is not trained on. The limit is the model's (spec §4.1): {_limits()}.

    Checked only with `--model` (which picks the limit and the tokenizer); `ftlint stats`
    always counts, for a default model. Tokens are counted the cookbook's way (see
    "Statistics and tokens" in the README). For DPO, the longer of the two sequences, the
    input with one output, is compared. Short examples cost nothing: an example is
    tokenized only when two upper bounds on its tokens are over the limit, first twice the
    line's bytes plus 4 per message and 3, then the same accounting with each text's bytes
    for its tokens.

    Under another `--target`, the limit is the target's model's (`ftlint rules --target
    T` and the README's "Targets" list them). Tokens are counted exactly when the provider
    publishes a tiktoken encoding (Azure's OpenAI models); otherwise the count is an
    estimate with the provider's own characters-per-token ratio, and the message says so,
    with the ratio and its source. Without a tokenizer or a ratio (Together, Mistral,
    Nova), the rule stays silent.

    The native formats of Vertex AI Gemini and of Bedrock's Llama 3.2 are estimated from
    the characters of their texts (media count for nothing): Gemini 2.5 Flash and
    Flash-Lite take 131,072 tokens per example, input and output, and truncate a longer
    one (GV8, {GEMINI_ABOUT}), at Google's "about 4 characters" per token ({GEMINI_TOKENS});
    Llama 3.2 takes 16,000 input tokens per row, 10,000 for 90B (BL4, AWS's README
    {LLAMA_CHECKER}), at the Bedrock guide's 6 characters per token for text-to-text models
    ({BEDROCK_TEXT_DOC}), an estimate that may count fewer tokens than Llama's tokenizer.
    """,
    treatment="SKIP",
    confidence="H",
    source="G-FT24; CB-PREP",
    formats=FORMATS,
)


@on_example(*FORMATS)
def over_token_limit(example: Any, ctx: LineContext) -> None:
    """K001: tokenize only when the cheap bounds say the example may be over the limit."""
    model = ctx.model
    if model is None:
        return
    if ctx.target.name != "openai":
        _provider_limit(example, ctx, model)
        return
    limit = base_models.get(model).max_tokens
    if limit is None:
        return
    fmt = ctx.format
    counted = tokens.over_limit(example, fmt, len(ctx.raw), limit, partial(tokens.for_model, model))
    if counted is None:
        return
    what = "the input with the longer output" if fmt == "preference" else "example"
    ctx.report(
        "K001",
        f"{what} has {counted.longest:,} tokens, over the {limit:,} that {model} takes per"
        " example; OpenAI truncates it from the end",
        hint="shorten or split the example; `ftlint stats` shows the token distribution",
    )


def _provider_limit(example: Any, ctx: LineContext, name: str) -> None:
    """K001 with a target's model: counted with its tiktoken encoding, or estimated with
    the provider's own characters-per-token ratio; silent when it publishes neither."""
    target = ctx.target
    how = counting.resolve(target.name, name)
    if how is None or how.limit is None or how.how == "none":
        return
    limit = how.limit
    label = how.label()
    fmt = ctx.format
    if fmt in NATIVE:  # an estimate, a sum of lengths: no bound is cheaper
        counted: tokens.Count | None = counting.native_count(example, fmt, how.measure())
        if counted is None or counted.longest <= limit:
            return
    else:
        # A callable: the tokenizer or the estimate is made only for a long example.
        counted = tokens.over_limit(example, fmt, len(ctx.raw), limit, how.measure)
        if counted is None:
            return
    pairs = fmt in ("preference", "gemini-preference")
    what = "the input with the longer output" if pairs else "example"
    about, label = ("about ", f" ({label})") if label else ("", "")
    ctx.report(
        "K001",
        f"{what} has {about}{counted.longest:,} tokens{label}, over the {limit:,} that"
        f" {name} takes per example on {target.label}",
        hint="shorten or split the example; `ftlint stats` shows the token distribution",
    )
