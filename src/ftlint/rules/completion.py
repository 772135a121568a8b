"""Legacy prompt/completion rules (L)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .registry import define, on_example

if TYPE_CHECKING:
    from ..schema.completion import CompletionExample
    from .context import LineContext

_GOOD = '{"prompt": "Capital of France?\\n\\n###\\n\\n", "completion": " Paris END"}'

INVALID_EXAMPLE = define(
    "L001",
    "invalid-completion-example",
    ["R68"],
    """
    A legacy example lacks `prompt` or `completion`, or one of them is not a string.

    Each line of a babbage-002 or davinci-002 file is `{"prompt": str, "completion": str}`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2412, SPEC-2505",
    formats=("completion",),
    bad='{"prompt": "Capital of France?", "completion": 42}',
    good=_GOOD,
)

EXTRA_KEYS = define(
    "L002",
    "extra-keys",
    ["R69"],
    """
    A legacy example has keys besides `prompt` and `completion`.

    The legacy `prepare_data` tool removes them as a necessary fix; what the server does
    with them is not known.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL additional_column_validator",
    formats=("completion",),
    bad=_GOOD[:-1] + ', "id": 3}',
    good=_GOOD,
)

EMPTY_COMPLETION = define(
    "L003",
    "empty-completion",
    ["R70"],
    """
    A legacy example has an empty or whitespace-only completion.

    The legacy tool drops such rows as a necessary fix: they teach nothing.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL non_empty_field_validator",
    formats=("completion",),
    bad='{"prompt": "Capital of France?", "completion": " "}',
    good=_GOOD,
)

NO_SEPARATOR = define(
    "L004",
    "no-common-separator",
    ["R71"],
    """
    The prompts do not all end with the same separator.

    The legacy guide advised ending every prompt with a fixed separator (such as
    `\\n\\n###\\n\\n`) that appears nowhere else, so the model knows where the prompt
    ends. Reported once per file.
    """,
    treatment="INFO",
    confidence="H",
    source="PY-VAL common_prompt_suffix_validator",
    formats=("completion",),
)

NO_STOP = define(
    "L005",
    "no-common-stop",
    ["R71"],
    """
    The completions do not all end with the same stop sequence.

    The legacy guide advised ending every completion with a fixed stop sequence (such as
    `\\n`, ` END` or `###`), to pass as `stop` at inference. Reported once per file.
    """,
    treatment="INFO",
    confidence="H",
    source="PY-VAL common_completion_suffix_validator",
    formats=("completion",),
)

NO_LEADING_SPACE = define(
    "L006",
    "no-leading-space",
    ["R71"],
    """
    Some completions do not start with a space.

    With the GPT-3 tokenizers a completion that starts with a space "tends to produce
    better results". Reported once per file, at the first such line, with the count.
    """,
    treatment="INFO",
    confidence="H",
    source="PY-VAL completions_space_start_validator",
    formats=("completion",),
)


# -- checks on valid examples ------------------------------------------------------------


@on_example("completion")
def _completion(example: CompletionExample, ctx: LineContext) -> None:
    completion = example.completion
    if not completion or completion.isspace():
        ctx.report(
            "L003",
            "completion is empty" if not completion else "completion is only whitespace",
            ("completion",),
            hint="the legacy tool drops such rows",
        )
    else:  # the legacy tool drops empty rows before its advice (L004-L006)
        ctx.dataset.completion(example.prompt, completion, ctx.line)
