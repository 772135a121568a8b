"""Special-token rules (X)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .registry import ALL_FORMATS, define, on_text

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import LineContext

# tiktoken's cl100k/o200k special tokens and the chat markup tokens (spec R39).
SPECIAL_TOKENS = (
    "<|endoftext|>",
    "<|fim_prefix|>",
    "<|fim_middle|>",
    "<|fim_suffix|>",
    "<|endofprompt|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|im_sep|>",
)
SPECIAL_TOKEN = re.compile("|".join(re.escape(t) for t in SPECIAL_TOKENS))

SPECIAL_TOKEN_IN_TEXT = define(
    "X001",
    "special-token",
    ["R39"],
    """
    A text contains a special-token string such as `<|endoftext|>` or `<|im_start|>`.

    OpenAI rejects the file: "Example 6174 message contains an invalid token:
    <|fim_suffix|>". Checked: `<|endoftext|>`, `<|fim_prefix|>`, `<|fim_middle|>`,
    `<|fim_suffix|>`, `<|endofprompt|>`, `<|im_start|>`, `<|im_end|>` and `<|im_sep|>`, in
    message content, text and refusal parts, DPO outputs and legacy prompts and
    completions, after JSON decoding (so `\u003c|endoftext|>` is found too). Each text is
    searched for the tokens only if it contains `<|` at all.
    """,
    treatment="REJECT",
    confidence="M",
    source="OBS-TOK (johny-b/llmcomp#59)",
    formats=ALL_FORMATS,
    bad='{"messages": [{"role": "user", "content": "Hi<|endoftext|>"}, '
    '{"role": "assistant", "content": "Hello!"}]}',
    good='{"messages": [{"role": "user", "content": "Hi <|think|>"}, '
    '{"role": "assistant", "content": "Hello!"}]}',
)


# -- checks on valid examples ------------------------------------------------------------


@on_text(*ALL_FORMATS)
def _special_token(ctx: LineContext, text: str, path: Path) -> None:
    # A one-character search runs at memchr speed; "<|" as a two-character needle is
    # several times slower, and "<" is rare in most text.
    if "<" in text and "<|" in text:
        match = SPECIAL_TOKEN.search(text)
        if match is not None:
            ctx.report(
                "X001",
                f"text contains the special token {match.group()}",
                path,
                hint="OpenAI rejects special-token strings in training data; remove or escape"
                " it (for example `<| endoftext |>`)",
            )
