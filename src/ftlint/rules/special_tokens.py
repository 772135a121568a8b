"""Special-token rules (X)."""

from __future__ import annotations

import re

from .registry import ALL_FORMATS, define

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
