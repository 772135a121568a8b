"""Message content rules (C): what each role's content may hold."""

from __future__ import annotations

from .registry import define
from .structure import MESSAGE_FORMATS

_U = '{"role": "user", "content": "Hi"}'
_A = '{"role": "assistant", "content": "Hello!"}'

TEXT_ONLY = define(
    "C001",
    "text-only-content",
    ["R18"],
    """
    A system or developer message has a content part that is not text.

    Their content is a string or a non-empty array of `text` parts only. An image part
    there is V001.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "system", "content": [{"type": "refusal", "refusal": "x"}]}, '
    + _U
    + ", "
    + _A
    + "]}",
    good='{"messages": [{"role": "system", "content": [{"type": "text", "text": "Be brief."}]}, '
    + _U
    + ", "
    + _A
    + "]}",
)

UNSUPPORTED_PART = define(
    "C002",
    "unsupported-user-part",
    ["R19"],
    """
    A user message has an `input_audio` or `file` part.

    Both are in the chat schema, but "Audio and file input messages are not currently
    supported for fine-tuning". User content takes `text` and `image_url` parts.
    """,
    treatment="REJECT",
    confidence="M",
    source="SPEC-2507 description, REF-FT",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": '
    '{"data": "UklGRg==", "format": "wav"}}]}, ' + _A + "]}",
    good='{"messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}, '
    + _A
    + "]}",
)

MISSING_ASSISTANT_CONTENT = define(
    "C003",
    "missing-assistant-content",
    ["R22"],
    """
    An assistant message has no content (missing or null) and no `tool_calls` or
    `function_call`.

    Assistant content is "required unless tool_calls or function_call is specified":
    without either, the message gives the model nothing to learn.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": null}]}',
    good='{"messages": [' + _U + ', {"role": "assistant", "content": null, "tool_calls": [{"id":'
    ' "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}]}',
)

REFUSAL_PARTS = define(
    "C004",
    "invalid-refusal-parts",
    ["R22"],
    """
    An assistant part array mixes a refusal part with other parts, or has several refusals.

    Assistant content parts are one or more `text` parts, or exactly one `refusal` part,
    never a mix.
    """,
    treatment="REJECT",
    confidence="M",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": [{"type": "text", "text": '
    '"Well"}, {"type": "refusal", "refusal": "I cannot help with that."}]}]}',
    good='{"messages": [' + _U + ', {"role": "assistant", "content": [{"type": "refusal", '
    '"refusal": "I cannot help with that."}]}]}',
)

ASSISTANT_AUDIO = define(
    "C005",
    "assistant-audio",
    ["R22"],
    """
    An assistant message carries `audio`.

    `audio` is in the message schema, but no source shows audio being accepted in training
    data, and fine-tuning takes text (and images) only.
    """,
    treatment="REJECT",
    confidence="M",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": "Hi", "audio": {"id": "a1"}}]}',
    good='{"messages": [' + _U + ", " + _A + "]}",
)

INVALID_NAME = define(
    "C006",
    "invalid-name",
    ["R23"],
    """
    A message `name` is not 1 to 64 letters, digits and underscores.

    The 2023 API restricted `name` to "a-z, A-Z, 0-9, and underscores, with a maximum
    length of 64 characters"; the 2025 text no longer says so, hence a warning.
    Function message names follow the function-name rule (T007).
    """,
    treatment="WARN",
    confidence="L",
    source="SPEC-2309",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": "Hi", "name": "Ann Lee"}, ' + _A + "]}",
    good='{"messages": [{"role": "user", "content": "Hi", "name": "ann_lee"}, ' + _A + "]}",
)

TOOL_CONTENT = define(
    "C007",
    "tool-content-not-string",
    ["R27"],
    """
    A tool message's content is an array of parts, not a plain string.

    The schema allows text parts, but the server rejected them in 2024: "Line 1, message 3,
    key "content": Input should be a valid string". Join the texts into one string.
    """,
    treatment="REJECT",
    confidence="M",
    source="OBS-TOOL",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ', {"role": "assistant", "tool_calls": [{"id": "c1", "type": '
    '"function", "function": {"name": "f", "arguments": "{}"}}]}, {"role": "tool", '
    '"tool_call_id": "c1", "content": [{"type": "text", "text": "42"}]}, ' + _A + "]}",
    good='{"messages": [' + _U + ', {"role": "assistant", "tool_calls": [{"id": "c1", "type": '
    '"function", "function": {"name": "f", "arguments": "{}"}}]}, {"role": "tool", '
    '"tool_call_id": "c1", "content": "42"}, ' + _A + "]}",
)

EMPTY_CONTENT = define(
    "C008",
    "empty-content",
    ["R37"],
    """
    A message's content is empty or only whitespace.

    The cookbook flags it as `missing_content`; what the server does with `""` is not
    known. An assistant message that makes tool or function calls may have empty content.
    """,
    treatment="WARN",
    confidence="L",
    source="CB-PREP `missing_content`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": "  "}, ' + _A + "]}",
    good='{"messages": [{"role": "user", "content": "?"}, ' + _A + "]}",
)
