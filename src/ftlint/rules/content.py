"""Message content rules (C): what each role's content may hold."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import UNSET

from ..schema.messages import (
    AssistantMessage,
    AssistantOutput,
    AudioPart,
    DeveloperMessage,
    FilePart,
    RefusalPart,
    SystemMessage,
    TextPart,
    ToolMessage,
    UserMessage,
)
from .registry import define, on_message, on_part
from .structure import MESSAGE_FORMATS, PARTS_BY_ROLE

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import LineContext
    from .walk import Visit

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


# -- checks on valid examples ------------------------------------------------------------

_MESSAGE_NAME = re.compile(r"[a-zA-Z0-9_]{1,64}")

# Names already known to be valid, so that each regex runs once per distinct name rather
# than once per use. Only valid names are kept, so a name's verdict never depends on other
# lines; the sets are emptied when full, to bound their memory.
KNOWN_NAMES_MAX = 4096
_KNOWN_MESSAGE_NAMES: set[str] = set()


def valid_name(name: str, pattern: re.Pattern[str], known: set[str]) -> bool:
    """Whether ``pattern`` matches all of ``name``, remembered in ``known`` if it does."""
    if name in known:
        return True
    if pattern.fullmatch(name) is None:
        return False
    if len(known) >= KNOWN_NAMES_MAX:
        known.clear()
    known.add(name)
    return True


def _name(ctx: LineContext, name: str, path: Path) -> None:
    if not valid_name(name, _MESSAGE_NAME, _KNOWN_MESSAGE_NAMES):
        ctx.report(
            "C006",
            f"name {msgspec.json.encode(name).decode()} is not 1-64 letters, digits or underscores",
            path,
        )


def _empty(ctx: LineContext, content: Any, path: Path) -> None:
    """C008 for string content that is empty or whitespace, or parts that are all empty
    text parts, at ``path``."""
    if type(content) is str:
        if not content or content.isspace():
            ctx.report(
                "C008", "content is empty" if not content else "content is only whitespace", path
            )
    elif all(type(p) is TextPart and (not p.text or p.text.isspace()) for p in content):
        ctx.report("C008", "content has only empty text parts", path)


@on_message(UserMessage, SystemMessage, DeveloperMessage)
def _message(ctx: LineContext, m: Any, path: Path, visit: Visit) -> None:
    _empty(ctx, m.content, (*path, "content"))
    if m.name is not UNSET:
        _name(ctx, m.name, (*path, "name"))


@on_message(ToolMessage)
def _tool(ctx: LineContext, m: ToolMessage, path: Path, visit: Visit) -> None:
    content = m.content
    if type(content) is not str:
        ctx.report(
            "C007",
            "tool message content is an array of parts, not a string",
            (*path, "content"),
            hint="join the texts into one string",
        )
        _empty(ctx, content, (*path, "content"))
    elif not content or content.isspace():
        _empty(ctx, content, (*path, "content"))


@on_message(AssistantMessage, AssistantOutput)
def _assistant(ctx: LineContext, m: Any, path: Path, visit: Visit) -> None:
    calls, fcall = m.tool_calls, m.function_call
    has_calls = (calls is not UNSET and len(calls) > 0) or (
        fcall is not UNSET and fcall is not None
    )
    content = m.content
    if content is UNSET or content is None:
        if not has_calls:
            ctx.report(
                "C003",
                "assistant message has no content and no tool or function call",
                path,
                hint="give the answer the model should learn in `content`",
            )
    else:
        if type(content) is not str:
            _refusals(ctx, content, (*path, "content"))
        if not has_calls:
            _empty(ctx, content, (*path, "content"))
    if m.name is not UNSET:
        _name(ctx, m.name, (*path, "name"))
    if m.audio is not UNSET and m.audio is not None:
        ctx.report("C005", "assistant `audio` is not supported in training data", (*path, "audio"))


def _refusals(ctx: LineContext, parts: Any, path: Path) -> None:
    refusals = sum(1 for p in parts if type(p) is RefusalPart)
    if refusals and len(parts) > 1:
        ctx.report(
            "C004",
            "assistant content mixes a refusal part with other parts"
            if refusals == 1
            else f"assistant content has {refusals} refusal parts",
            path,
            hint="use text parts, or exactly one refusal part",
        )


@on_part(RefusalPart, AudioPart, FilePart)
def _unsupported_part(ctx: LineContext, part: Any, path: Path, role: str, visit: Visit) -> None:
    tag = part.__struct_config__.tag
    if role in ("system", "developer"):
        ctx.report("C001", f"{role} content takes text parts only, not `{tag}`", (*path, "type"))
    elif role == "user" and type(part) is not RefusalPart:
        ctx.report(
            "C002",
            f"`{tag}` parts are not supported for fine-tuning",
            (*path, "type"),
            hint=f"user content takes {PARTS_BY_ROLE['user']}",
        )
