"""Token-limit rules (K): examples longer than the model's per-example token limit."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from .. import base_models, counting, tokens
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
    with the ratio and its source. Without a tokenizer or a ratio (Together, Mistral), the
    rule stays silent.
    """,
    treatment="SKIP",
    confidence="H",
    source="G-FT24; CB-PREP",
    formats=ALL_FORMATS,
)


@on_example(*ALL_FORMATS)
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
    # A callable: the tokenizer or the estimate is made only for a long example.
    counted = tokens.over_limit(example, fmt, len(ctx.raw), limit, how.measure)
    if counted is None:
        return
    what = "the input with the longer output" if fmt == "preference" else "example"
    about, label = ("about ", f" ({label})") if label else ("", "")
    ctx.report(
        "K001",
        f"{what} has {about}{counted.longest:,} tokens{label}, over the {limit:,} that"
        f" {name} takes per example on {target.label}",
        hint="shorten or split the example; `ftlint stats` shows the token distribution",
    )
