"""Token-limit rules (K): examples longer than the model's per-example token limit."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from .. import base_models, tokens
from .registry import ALL_FORMATS, example_rule

if TYPE_CHECKING:
    from .context import LineContext


def _model(ctx: LineContext) -> str | None:
    """The ``--model`` of the check (``None`` without one)."""
    return ctx.model


@example_rule(
    "K001",
    "over-token-limit",
    ["R38"],
    treatment="SKIP",
    confidence="H",
    source="G-FT24; CB-PREP",
    formats=ALL_FORMATS,
    bad=None,
    good=None,
)
def over_token_limit(example: Any, ctx: LineContext) -> None:
    """
    An example has more tokens than the model takes per training example.

    OpenAI does not reject it: it is "truncated to the maximum context length which removes
    tokens from the end of the training example(s)", so the end of the conversation, often
    the answer, is not trained on. The limit is the model's (spec §4.1): 65,536 tokens for
    gpt-4o, gpt-4o-mini, gpt-4.1, gpt-4.1-mini and o4-mini, 32,768 for gpt-4.1-nano, 16,385
    for gpt-3.5-turbo-1106 and -0125, 8,192 for gpt-4-0613 and 4,096 for
    gpt-3.5-turbo-0613; the legacy models have none.

    Checked only with `--model` (which picks the limit and the tokenizer); `ftlint stats`
    always counts, for a default model. Tokens are counted the cookbook's way (see
    "Statistics and tokens" in the README). For DPO, the longer of the two sequences, the
    input with one output, is compared. Short examples cost nothing: an example is
    tokenized only when two upper bounds on its tokens are over the limit, first twice the
    line's bytes plus 4 per message and 3, then the same accounting with each text's bytes
    for its tokens.
    """
    model = _model(ctx)
    if model is None:
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
