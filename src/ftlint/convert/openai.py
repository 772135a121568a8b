"""OpenAI chat (supervised) and preference (DPO) lines, read into and written from the model.

Reading keeps everything a native format can hold. What none can (a message ``name``,
image ``detail``, ``parallel_tool_calls: false``, ``strict: true``, a ``refusal``) is
dropped under ``--drop-unsupported``; audio, files, the deprecated ``functions`` and
``function_call``, and refusal parts reject the line. Writing gives the canonical OpenAI
form: one text is a string, several parts an array, ``weight`` only when 0, tool
arguments as compact JSON.
"""

from __future__ import annotations

from typing import Any

from .common import (
    Context,
    Reject,
    check_keys,
    compact,
    kind,
    need_dict,
    need_list,
    need_str,
    parse_arguments,
)
from .ir import Block, Conversation, Image, Preference, Text, ToolCall, ToolDef, ToolResult, Turn

_CHAT_KEYS = frozenset({"messages", "tools", "parallel_tool_calls"})
_DPO_KEYS = frozenset({"input", "preferred_output", "non_preferred_output"})
_MESSAGE_KEYS = {
    "system": frozenset({"role", "content"}),
    "user": frozenset({"role", "content"}),
    "assistant": frozenset({"role", "content", "tool_calls", "weight", "refusal"}),
    "tool": frozenset({"role", "content", "tool_call_id"}),
}
_IMAGE_MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
_IMAGE_MIME |= {"webp": "image/webp", "gif": "image/gif"}


def image_mime(url: str) -> str | None:
    """The media type a URL states (``data:``) or implies by its extension."""
    if url.startswith("data:"):
        head = url[5:].partition(",")[0]
        mime = head.partition(";")[0]
        return mime or None
    path = url.split("?", 1)[0].split("#", 1)[0]
    _stem, dot, ext = path.rpartition(".")
    return _IMAGE_MIME.get(ext.lower()) if dot and "/" not in ext else None


# -- reading ----------------------------------------------------------------------------


def read_chat(obj: dict[str, Any], ctx: Context) -> Conversation:
    """An OpenAI supervised line as a conversation."""
    if "functions" in obj:
        raise Reject("M103", "deprecated `functions`: convert them to `tools` first")
    check_keys(obj, _CHAT_KEYS, ctx, "S003", "top level")
    return _read_input(obj, ctx, "")


def _read_input(obj: dict[str, Any], ctx: Context, at: str) -> Conversation:
    if obj.get("parallel_tool_calls", True) is not True:
        ctx.drop("M102", "parallel_tool_calls: false", at or "top level")
    conv = Conversation()
    if "tools" in obj:
        conv.tools = read_tools(obj["tools"], ctx, f"{at}tools")
    missing = "messages" not in obj
    messages = need_list(obj.get("messages"), "S001" if missing else "S002", f"{at}messages")
    _read_messages(messages, conv, ctx, at)
    return conv


def read_tools(value: object, ctx: Context, where: str) -> list[ToolDef]:
    tools = []
    for i, item in enumerate(need_list(value, "T005", where, empty=True)):
        at = f"{where}[{i}]"
        tool = need_dict(item, "T005", at)
        if tool.get("type") != "function":
            raise Reject("T005", "only function tools convert", at)
        check_keys(tool, frozenset({"type", "function"}), ctx, "T005", at)
        fn = need_dict(tool.get("function"), "T005", f"{at}.function")
        check_keys(fn, frozenset({"name", "description", "parameters", "strict"}), ctx, "T005", at)
        if fn.get("strict") not in (None, False):
            ctx.drop("M102", "strict: true", at)
        description = fn.get("description")
        parameters = fn.get("parameters")
        tools.append(
            ToolDef(
                need_str(fn.get("name"), "T005", f"{at}.function.name"),
                None if description is None else need_str(description, "T005", at),
                None if parameters is None else need_dict(parameters, "T005", at),
            )
        )
    return tools


def _read_messages(messages: list[Any], conv: Conversation, ctx: Context, at: str) -> None:
    calls: dict[str, str] = {}  # call id -> function name, for the tool messages
    open_results = False  # the last turn is tool results, which a user message may join
    for index, item in enumerate(messages):
        where = f"{at}messages[{index}]"
        message = need_dict(item, "S004", where)
        role = message.get("role")
        if role == "function":
            raise Reject("M103", "a deprecated `function` message: use tools", where)
        if role not in _MESSAGE_KEYS:
            raise Reject("S005", f"role {role!r} does not convert", where)
        _read_message_keys(message, role, ctx, where)
        if role == "system":
            if conv.turns:
                raise Reject("O002", "a system message after the first turn has no place", where)
            conv.system.append(_system_text(message.get("content"), ctx, where))
        elif role == "user":
            blocks = _user_blocks(message.get("content"), ctx, where)
            if open_results:
                conv.turns[-1].blocks.extend(blocks)
            else:
                conv.turns.append(Turn("user", blocks))
        elif role == "assistant":
            conv.turns.append(_assistant_turn(message, calls, ctx, where))
        else:
            result = _tool_result(message, calls, where)
            if open_results:
                conv.turns[-1].blocks.append(result)
            else:
                conv.turns.append(Turn("user", [result]))
        open_results = role == "tool"


def _read_message_keys(message: dict[str, Any], role: str, ctx: Context, where: str) -> None:
    if "function_call" in message:
        raise Reject("M103", "deprecated `function_call`: convert it to `tool_calls` first", where)
    if "audio" in message:
        raise Reject("C005", "assistant `audio` has no place", where)
    if "name" in message:
        ctx.drop("M102", "message `name`", where)
    check_keys(
        {k: v for k, v in message.items() if k != "name"}, _MESSAGE_KEYS[role], ctx, "S006", where
    )


def _system_text(content: object, ctx: Context, where: str) -> str:
    if isinstance(content, str):
        return content
    parts = need_list(content, "S011", f"{where}.content")
    found = []
    for i, part in enumerate(parts):
        p = need_dict(part, "S011", f"{where}.content[{i}]")
        if p.get("type") != "text":
            raise Reject("C001", "system content is text only", f"{where}.content[{i}]")
        found.append(need_str(p.get("text"), "S100", f"{where}.content[{i}].text"))
    if len(found) > 1:
        ctx.merge("M105", "text parts of a system message", where, "joined", str(len(found)))
    return "\n\n".join(found)


def _user_blocks(content: object, ctx: Context, where: str) -> list[Block]:
    if isinstance(content, str):
        return [Text(content)]
    blocks: list[Block] = []
    for i, part in enumerate(need_list(content, "S011", f"{where}.content")):
        at = f"{where}.content[{i}]"
        p = need_dict(part, "S011", at)
        part_type = p.get("type")
        if part_type == "text":
            check_keys(p, frozenset({"type", "text"}), ctx, "S100", at)
            blocks.append(Text(need_str(p.get("text"), "S100", f"{at}.text")))
        elif part_type == "image_url":
            check_keys(p, frozenset({"type", "image_url"}), ctx, "S100", at)
            image = need_dict(p.get("image_url"), "S100", f"{at}.image_url")
            check_keys(image, frozenset({"url", "detail"}), ctx, "S100", at)
            detail = image.get("detail", "auto")
            if detail not in ("auto", "low", "high"):
                raise Reject("V002", f"image detail {detail!r} is not auto, low or high", at)
            if detail != "auto":
                ctx.drop("M102", f"image detail {detail!r}", at)
            url = need_str(image.get("url"), "S100", f"{at}.image_url.url")
            blocks.append(Image(url, image_mime(url)))
        else:
            what = f"a {part_type!r} part does not convert (text, images)"
            raise Reject("C002" if part_type in ("input_audio", "file") else "S011", what, at)
    return blocks


def _assistant_turn(
    message: dict[str, Any], calls: dict[str, str], ctx: Context, where: str
) -> Turn:
    weight = message.get("weight", 1)
    if weight not in (0, 1) or isinstance(weight, bool):
        raise Reject("S009", f"weight {weight!r} is not 0 or 1", where)
    if message.get("refusal") is not None:
        ctx.drop("M102", "assistant `refusal`", where)
    blocks = _assistant_blocks(message.get("content"), where)
    tool_calls = message.get("tool_calls")
    if tool_calls is not None:
        if blocks == [Text("")]:
            blocks = []  # "" beside tool calls says what an absent content says
        for i, item in enumerate(need_list(tool_calls, "T001", f"{where}.tool_calls")):
            call = _tool_call(item, ctx, f"{where}.tool_calls[{i}]")
            if call.id in calls:
                raise Reject("T004", "a tool call id used twice", where, call.id)
            calls[call.id] = call.name
            blocks.append(call)
    if not blocks:
        raise Reject("C003", "an assistant message without content or tool calls", where)
    return Turn("assistant", blocks, 0 if weight == 0 else None)


def _assistant_blocks(content: object, where: str) -> list[Block]:
    if content is None:
        return []
    if isinstance(content, str):
        return [Text(content)]
    blocks: list[Block] = []
    for i, part in enumerate(need_list(content, "S011", f"{where}.content")):
        at = f"{where}.content[{i}]"
        p = need_dict(part, "S011", at)
        if p.get("type") == "refusal":
            raise Reject("M103", "a refusal part has no place", at)
        if p.get("type") == "image_url":
            raise Reject("V001", "an image in an assistant message", at)
        if p.get("type") != "text" or set(p) != {"type", "text"}:
            raise Reject("S011", "assistant content parts must be text", at)
        blocks.append(Text(need_str(p["text"], "S100", f"{at}.text")))
    return blocks


def _tool_call(item: object, ctx: Context, where: str) -> ToolCall:
    call = need_dict(item, "T001", where)
    check_keys(call, frozenset({"id", "type", "function"}), ctx, "T001", where)
    if call.get("type", "function") != "function":
        raise Reject("T001", "only function tool calls convert", where)
    fn = need_dict(call.get("function"), "T001", f"{where}.function")
    check_keys(fn, frozenset({"name", "arguments"}), ctx, "T001", where)
    arguments = need_str(fn.get("arguments"), "T001", f"{where}.function.arguments")
    return ToolCall(
        need_str(call.get("id"), "T001", f"{where}.id"),
        need_str(fn.get("name"), "T001", f"{where}.function.name"),
        parse_arguments(arguments, f"{where}.function.arguments"),
    )


def _tool_result(message: dict[str, Any], calls: dict[str, str], where: str) -> ToolResult:
    call_id = need_str(message.get("tool_call_id"), "S007", f"{where}.tool_call_id")
    if call_id not in calls:
        raise Reject("T002", "a tool message answers no earlier tool call", where, call_id)
    content = message.get("content")
    if not isinstance(content, str):
        raise Reject("C007", f"tool content is {kind(content)}, not a string", where)
    return ToolResult(call_id, calls[call_id], content)


def read_preference(obj: dict[str, Any], ctx: Context) -> Preference:
    """An OpenAI DPO line as a prompt and two replies."""
    check_keys(obj, _DPO_KEYS, ctx, "D003", "top level")
    given = need_dict(obj.get("input"), "D001", "input")
    check_keys(given, _CHAT_KEYS, ctx, "D003", "input")
    prompt = _read_input(given, ctx, "input.")
    return Preference(
        prompt,
        _output(obj.get("preferred_output"), ctx, "preferred_output"),
        _output(obj.get("non_preferred_output"), ctx, "non_preferred_output"),
    )


def _output(value: object, ctx: Context, where: str) -> list[Block]:
    items = need_list(value, "D002", where)
    if len(items) != 1:
        raise Reject("D002", "not exactly one output message", where, str(len(items)))
    message = need_dict(items[0], "D002", f"{where}[0]")
    if message.get("role") != "assistant":
        raise Reject("D002", "the output is not an assistant message", f"{where}[0]")
    if "weight" in message:
        raise Reject("D006", "an output has no `weight`", f"{where}[0]")
    _read_message_keys(message, "assistant", ctx, f"{where}[0]")
    return _assistant_turn(message, {}, ctx, f"{where}[0]").blocks


# -- writing ----------------------------------------------------------------------------


def write_chat(conv: Conversation, ctx: Context) -> dict[str, Any]:
    """The canonical OpenAI supervised line for a conversation."""
    if not any(turn.role == "assistant" for turn in conv.turns):
        raise Reject("S008", "no assistant turn: the example trains nothing")
    return _write_input(conv)


def _write_input(conv: Conversation) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [{"role": "system", "content": s} for s in conv.system]
    for index, turn in enumerate(conv.turns):
        where = f"turn {index + 1}"
        if turn.role == "user":
            messages.extend(_user_messages(turn.blocks, where))
        else:
            messages.append(_assistant_message(turn.blocks, turn.weight, where))
    out: dict[str, Any] = {"messages": messages}
    if conv.tools is not None:
        out["tools"] = [write_tool(tool) for tool in conv.tools]
    return out


def write_tool(tool: ToolDef) -> dict[str, Any]:
    function: dict[str, Any] = {"name": tool.name}
    if tool.description is not None:
        function["description"] = tool.description
    if tool.parameters is not None:
        function["parameters"] = tool.parameters
    return {"type": "function", "function": function}


def _user_messages(blocks: list[Block], where: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    rest: list[Block] = []
    for block in blocks:
        if isinstance(block, ToolResult):
            if rest:
                raise Reject("T003", "text before tool results: OpenAI puts results first", where)
            messages.append({"role": "tool", "tool_call_id": block.id, "content": block.content})
        elif isinstance(block, ToolCall):
            raise Reject("S006", "a tool call in a user turn", where)
        else:
            rest.append(block)
    if rest:
        messages.append({"role": "user", "content": _content(rest, where)})
    return messages


def _content(blocks: list[Block], where: str) -> str | list[dict[str, Any]]:
    if len(blocks) == 1 and isinstance(blocks[0], Text):
        return blocks[0].text
    parts: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Text):
            parts.append({"type": "text", "text": block.text})
        elif isinstance(block, Image):
            url = block.url
            if not url.startswith(("https://", "http://", "data:")):
                raise Reject("V003", "an image not by https or data URL", where, url[:80])
            if block.mime is not None and image_mime(url) != block.mime:
                raise Reject("M113", "an image type the URL does not state", where, url[:80])
            parts.append({"type": "image_url", "image_url": {"url": url}})
    return parts


def _assistant_message(blocks: list[Block], weight: int | None, where: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant"}
    found: list[Block] = []
    calls: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, ToolCall):
            calls.append(
                {
                    "id": block.id,
                    "type": "function",
                    "function": {"name": block.name, "arguments": compact(block.args)},
                }
            )
        elif calls:
            raise Reject("M106", "text after a tool call: OpenAI puts the text first", where)
        elif isinstance(block, Text):
            found.append(block)
        elif isinstance(block, Image):
            raise Reject("V001", "an image in an assistant turn", where)
        else:
            raise Reject("S006", "a tool result in an assistant turn", where)
    if found:
        message["content"] = _content(found, where)
    if calls:
        message["tool_calls"] = calls
    if weight == 0:
        message["weight"] = 0
    return message


def write_preference(pref: Preference, ctx: Context) -> dict[str, Any]:
    """The canonical OpenAI DPO line."""
    return {
        "input": _write_input(pref.prompt),
        "preferred_output": [_assistant_message(pref.chosen, None, "chosen")],
        "non_preferred_output": [_assistant_message(pref.rejected, None, "rejected")],
    }
