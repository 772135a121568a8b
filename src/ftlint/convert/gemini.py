"""Gemini on Vertex AI: supervised ``contents`` and preference ``contents``/``completions``.

Reference §6 and §8.2; rejections name the rules ``ftlint check --target vertex-gemini``
reports (Q001-Q051) where one applies. Gemini calls have no id: reading numbers them ``call_1``,
``call_2``… in order and pairs each ``functionResponse`` with the first unanswered call of
its name; writing drops ids, so an OpenAI line whose ids are not those numbers needs
``--drop-unsupported``. A ``functionResponse.response`` must be an object: an OpenAI
tool result that is exactly the compact JSON of an object (other than ``{"content":
<string>}``) is written as that object, any other text as ``{"content": <text>}``, and
both read back to the same text. Images: a data URL is ``inlineData``, an https URL
``fileData`` with the media type its extension implies.
"""

from __future__ import annotations

from typing import Any

from .common import (
    Context,
    Reject,
    check_keys,
    compact,
    json_object,
    need_dict,
    need_list,
    need_str,
)
from .ir import (
    Block,
    Conversation,
    Image,
    Preference,
    Text,
    ToolCall,
    ToolDef,
    ToolResult,
    Turn,
    has_runs,
    merge_runs,
)
from .openai import image_mime

_SYSTEM_KEYS = ("systemInstruction", "system_instruction")
_ROLES = {"user": "user", "model": "assistant"}
_MISPAIRED = "the result for {!r} would pair with an earlier call of {!r} (by order and name)"


# -- reading ----------------------------------------------------------------------------


def read_contents(obj: dict[str, Any], ctx: Context) -> Conversation:
    """A supervised Gemini line as a conversation."""
    check_keys(obj, frozenset({*_SYSTEM_KEYS, "contents", "tools"}), ctx, "M110", "top level")
    conv = Conversation(system=_read_system(obj, ctx))
    if "tools" in obj:
        conv.tools = _read_tools(obj["tools"], ctx)
    conv.turns = _read_turns(need_list(obj.get("contents"), "Q001", "contents"), ctx)
    return conv


def _read_system(obj: dict[str, Any], ctx: Context) -> list[str]:
    given = [key for key in _SYSTEM_KEYS if key in obj]
    if not given:
        return []
    if len(given) > 1:
        raise Reject("M111", "both systemInstruction and system_instruction")
    where = given[0]
    system = need_dict(obj[where], "Q001", where)
    check_keys(system, frozenset({"role", "parts"}), ctx, "M110", where)  # role: ignored
    texts = []
    for i, item in enumerate(need_list(system.get("parts"), "Q001", f"{where}.parts")):
        part = need_dict(item, "Q001", f"{where}.parts[{i}]")
        if set(part) != {"text"}:
            raise Reject("M111", "a system part is text only", f"{where}.parts[{i}]")
        texts.append(need_str(part["text"], "Q001", f"{where}.parts[{i}].text"))
    return texts


def _read_tools(value: object, ctx: Context) -> list[ToolDef]:
    tools = []
    for i, item in enumerate(need_list(value, "Q001", "tools", empty=True)):
        entry = need_dict(item, "Q001", f"tools[{i}]")
        if set(entry) != {"functionDeclarations"}:
            raise Reject("M111", "only functionDeclarations tools convert", f"tools[{i}]")
        where = f"tools[{i}].functionDeclarations"
        for j, decl in enumerate(need_list(entry["functionDeclarations"], "Q001", where)):
            at = f"{where}[{j}]"
            d = need_dict(decl, "Q001", at)
            check_keys(d, frozenset({"name", "description", "parameters"}), ctx, "M110", at)
            description, parameters = d.get("description"), d.get("parameters")
            tools.append(
                ToolDef(
                    need_str(d.get("name"), "Q001", f"{at}.name"),
                    None if description is None else need_str(description, "Q001", at),
                    None if parameters is None else need_dict(parameters, "Q001", at),
                )
            )
    return tools


def _read_turns(contents: list[Any], ctx: Context) -> list[Turn]:
    turns: list[Turn] = []
    pending: list[ToolCall] = []  # calls not yet answered, in order
    count = 0
    for i, item in enumerate(contents):
        where = f"contents[{i}]"
        content = need_dict(item, "Q001", where)
        check_keys(content, frozenset({"role", "parts"}), ctx, "M110", where)
        role = _ROLES.get(content.get("role"))  # type: ignore[arg-type]
        if role is None:
            raise Reject("Q002", f"role {content.get('role')!r} is not user or model", where)
        blocks: list[Block] = []
        parts = need_list(content.get("parts"), "Q001", f"{where}.parts", if_empty="Q003")
        for j, value in enumerate(parts):
            block = _read_part(value, role, ctx, f"{where}.parts[{j}]")
            if isinstance(block, ToolCall):
                count += 1
                block.id = f"call_{count}"
                pending.append(block)
            elif isinstance(block, ToolResult):
                block.id = _answer(block.name, pending, f"{where}.parts[{j}]")
            blocks.append(block)
        turns.append(Turn("user" if role == "user" else "assistant", blocks))
    return turns


def _answer(name: str, pending: list[ToolCall], where: str) -> str:
    for k, call in enumerate(pending):
        if call.name == name:
            del pending[k]
            return call.id
    raise Reject("Q008", "a functionResponse answers no earlier functionCall", where, name)


def _read_part(value: object, role: str, ctx: Context, where: str) -> Block:
    part = need_dict(value, "Q001", where)
    if "thought" in part:
        raise Reject("M111", "a thought part has no OpenAI form", where)
    if len(part) != 1:
        raise Reject("Q004", f"a part holds {len(part)} fields, not one", where)
    key, data = next(iter(part.items()))
    if key == "text":
        return Text(need_str(data, "Q001", f"{where}.text"))
    if key in ("functionCall", "functionResponse") and (key == "functionCall") != (
        role == "assistant"
    ):
        raise Reject(
            "Q008", f"a {key} part in a {'model' if role == 'assistant' else role} turn", where
        )
    if key == "functionCall":
        call = need_dict(data, "Q001", f"{where}.functionCall")
        check_keys(call, frozenset({"name", "args"}), ctx, "M110", where)
        args = need_dict(call.get("args", {}), "Q001", f"{where}.functionCall.args")
        return ToolCall("", need_str(call.get("name"), "Q001", f"{where}.functionCall.name"), args)
    if key == "functionResponse":
        answer = need_dict(data, "Q001", f"{where}.functionResponse")
        check_keys(answer, frozenset({"name", "response"}), ctx, "M110", where)
        name = need_str(answer.get("name"), "Q001", f"{where}.functionResponse.name")
        response = need_dict(answer.get("response"), "Q001", f"{where}.functionResponse")
        return ToolResult("", name, _unwrap(response))
    if key in ("fileData", "inlineData"):
        return _read_media(key, need_dict(data, "Q001", f"{where}.{key}"), ctx, where)
    raise Reject("Q004", f"a {key!r} part has no OpenAI form", where)


def _read_media(key: str, data: dict[str, Any], ctx: Context, where: str) -> Image:
    mime = need_str(data.get("mimeType"), "Q007", f"{where}.{key}.mimeType")
    if not mime.startswith("image/"):
        raise Reject("M111", f"{mime} data: OpenAI fine-tuning takes images only", where)
    if key == "inlineData":
        check_keys(data, frozenset({"mimeType", "data"}), ctx, "M110", where)
        return Image(f"data:{mime};base64,{need_str(data.get('data'), 'Q001', where)}", mime)
    check_keys(data, frozenset({"mimeType", "fileUri"}), ctx, "M110", where)
    uri = need_str(data.get("fileUri"), "Q007", f"{where}.fileData.fileUri")
    if not uri.startswith(("https://", "http://")):
        raise Reject("V003", "an image not by https URL or inline data", where, uri[:80])
    implied = image_mime(uri)
    if implied != mime:
        ctx.drop("M110", "a mimeType the URL does not imply", where, mime)
    return Image(uri, implied)


def _unwrap(response: dict[str, Any]) -> str:
    content = response.get("content")
    if len(response) == 1 and isinstance(content, str):
        return content
    return compact(response)


def _wrap(content: str) -> dict[str, Any]:
    data = json_object(content)
    if data is None or (len(data) == 1 and isinstance(data.get("content"), str)):
        return {"content": content}
    return data


def read_preference(obj: dict[str, Any], ctx: Context) -> Preference:
    """A Gemini preference line as a prompt and two replies."""
    check_keys(obj, frozenset({*_SYSTEM_KEYS, "contents", "completions"}), ctx, "M110", "top level")
    prompt = Conversation(system=_read_system(obj, ctx))
    prompt.turns = _read_turns(need_list(obj.get("contents"), "Q001", "contents"), ctx)
    found: dict[int, list[Block]] = {}
    completions = need_list(obj.get("completions"), "Q051", "completions")
    for i, item in enumerate(completions):
        where = f"completions[{i}]"
        entry = need_dict(item, "Q051", where)
        check_keys(entry, frozenset({"score", "completion"}), ctx, "M110", where)
        score = entry.get("score")
        if isinstance(score, bool) or score not in (0, 1) or int(score) in found:
            raise Reject("Q051", f"score {score!r}: one completion scores 1, the other 0", where)
        turns = _read_turns([entry.get("completion")], ctx)
        if turns[0].role != "assistant":
            raise Reject("Q051", "a completion is a model turn", where)
        found[int(score)] = turns[0].blocks
    if len(completions) != 2:
        raise Reject("Q051", "not exactly 2 completions", "completions", str(len(completions)))
    return Preference(prompt, found[1], found[0])


# -- writing ----------------------------------------------------------------------------


def write_contents(conv: Conversation, ctx: Context) -> dict[str, Any]:
    """The supervised Gemini line (``systemInstruction``, ``contents``, ``tools``)."""
    out: dict[str, Any] = {}
    if conv.system:
        out["systemInstruction"] = _write_system(conv.system)
    out["contents"] = _write_turns(_alternating(conv.turns, ctx), ctx)
    if conv.tools is not None:
        declarations = []
        for tool in conv.tools:
            declaration: dict[str, Any] = {"name": tool.name}
            if tool.description is not None:
                declaration["description"] = tool.description
            if tool.parameters is not None:
                declaration["parameters"] = tool.parameters
            declarations.append(declaration)
        out["tools"] = [{"functionDeclarations": declarations}]
    return out


def _write_system(system: list[str]) -> dict[str, Any]:
    for text in system:
        if not text:
            raise Reject("Q004", "an empty system text", "system")
    return {"parts": [{"text": text} for text in system]}


def _alternating(turns: list[Turn], ctx: Context) -> list[Turn]:
    for i, turn in enumerate(turns):
        if turn.weight == 0:
            raise Reject("M101", "weight 0: Gemini trains every model turn", f"turn {i + 1}")
    if has_runs(turns):
        merged, folded = merge_runs(turns)
        ctx.merge("Q005", "consecutive turns of the same role", detail=f"{folded} folded")
        return merged
    return turns


def _write_turns(turns: list[Turn], ctx: Context) -> list[dict[str, Any]]:
    contents = []
    pending: list[ToolCall] = []  # as the reader will pair them: by order and name
    count = 0
    for index, turn in enumerate(turns):
        where = f"turn {index + 1}"
        parts: list[dict[str, Any]] = []
        for block in turn.blocks:
            if isinstance(block, ToolCall):
                count += 1
                if block.id != f"call_{count}":
                    ctx.drop("M107", "a tool call id other than call_N", where, block.id)
                pending.append(block)
                parts.append({"functionCall": {"name": block.name, "args": block.args}})
            elif isinstance(block, ToolResult):
                if _answer(block.name, pending, where) != block.id:
                    raise Reject("M107", _MISPAIRED.format(block.id, block.name), where)
                response = {"name": block.name, "response": _wrap(block.content)}
                parts.append({"functionResponse": response})
            else:
                parts.append(_write_media(block, where))
        role = "user" if turn.role == "user" else "model"
        contents.append({"role": role, "parts": parts})
    return contents


def _write_media(block: Text | Image, where: str) -> dict[str, Any]:
    if isinstance(block, Text):
        if not block.text:
            raise Reject("Q004", "an empty text part", where)
        return {"text": block.text}
    url = block.url
    if url.startswith("data:"):
        head, comma, data = url[5:].partition(",")
        if not comma or not head.endswith(";base64") or block.mime is None:
            raise Reject("M113", "a data URL that is not base64 with a media type", where)
        return {"inlineData": {"mimeType": block.mime, "data": data}}
    if block.mime is None:
        raise Reject("Q007", "an image URL without a media type in its name", where, url[:80])
    return {"fileData": {"mimeType": block.mime, "fileUri": url}}


def write_preference(pref: Preference, ctx: Context) -> dict[str, Any]:
    """The Gemini preference line: text-only contents ending with a user turn."""
    out: dict[str, Any] = {}
    if pref.prompt.system:
        out["system_instruction"] = _write_system(pref.prompt.system)
    if pref.prompt.tools is not None:
        raise Reject("Q050", "tools: preference data is text only")
    turns = _alternating(pref.prompt.turns, ctx)
    if not all(isinstance(b, Text) for turn in turns for b in turn.blocks):
        raise Reject("Q050", "preference data is text only (no images or tools)")
    if not all(isinstance(b, Text) for b in [*pref.chosen, *pref.rejected]):
        raise Reject("Q051", "a completion is text only (no images or tool calls)")
    if not turns or turns[-1].role != "user":
        raise Reject("Q050", "the contents must end with a user turn")
    out["contents"] = _write_turns(turns, ctx)
    out["completions"] = [
        {"score": score, "completion": _write_turns([Turn("assistant", blocks)], ctx)[0]}
        for score, blocks in ((1, pref.chosen), (0, pref.rejected))
    ]
    return out
