"""Amazon Bedrock's conversation schema (Nova, Llama 3.2) and Nova's DPO form.

Reference §5.1, §5.3 and §8.1; rejections name the rules ``ftlint check --target
bedrock-nova`` (or ``bedrock-llama``) reports, B001-B021. Written lines carry ``schemaVersion:
"bedrock-conversation-2024"`` (what Nova, Llama and distillation all accept), the
system prompt as top-level ``system`` blocks, one per system message, and tool results
as ``toolResult`` blocks in a user turn. A tool result whose text is exactly the compact
JSON of an object is written as ``{json: …}`` and read back to the same text; any other
as ``{text: …}``. Media must be S3 objects in the dataset's bucket, which no OpenAI
image is: lines with images are rejected both ways.
"""

from __future__ import annotations

from typing import Any

from ..rules.bedrock_words import DOC_RESERVED, may_hold_word
from ..schema.bedrock import SCHEMA_VERSION, ConversationExample
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

_TOP_KEYS = frozenset(ConversationExample.__struct_fields__)  # the schema's keys
_S3 = "an image not in S3: Nova reads media from the dataset's bucket only"
_NO_PARAMETERS: dict[str, Any] = {"type": "object", "properties": {}}


# -- reading ----------------------------------------------------------------------------


def read_conversation(obj: dict[str, Any], ctx: Context) -> Conversation:
    """A Bedrock conversation-schema line as a conversation."""
    messages = _read_top(obj, ctx)
    conv = _read_head(obj, ctx)
    for i, message in enumerate(messages):
        if "candidates" in need_dict(message, "B001", f"messages[{i}]"):
            raise Reject("B001", "a DPO line (`candidates`): use --from bedrock-nova-dpo")
    conv.turns = _read_turns(messages, ctx)
    return conv


def _read_top(obj: dict[str, Any], ctx: Context) -> list[Any]:
    check_keys(obj, _TOP_KEYS, ctx, "M110", "top level")
    version = obj.get("schemaVersion", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        ctx.drop("B016", f"schemaVersion {version!r}", "top level")
    return need_list(obj.get("messages"), "B001", "messages", if_empty="B003")


def _read_head(obj: dict[str, Any], ctx: Context) -> Conversation:
    conv = Conversation()
    for i, block in enumerate(need_list(obj.get("system", []), "B001", "system", empty=True)):
        item = need_dict(block, "B001", f"system[{i}]")
        check_keys(item, frozenset({"text"}), ctx, "M110", f"system[{i}]")
        conv.system.append(need_str(item.get("text"), "B001", f"system[{i}].text"))
    if "toolConfig" in obj:
        config = need_dict(obj["toolConfig"], "B001", "toolConfig")
        check_keys(config, frozenset({"tools"}), ctx, "M110", "toolConfig")
        conv.tools = [
            _read_tool_spec(item, ctx, f"toolConfig.tools[{i}]")
            for i, item in enumerate(
                need_list(config.get("tools"), "B001", "toolConfig.tools", if_empty="B014")
            )
        ]
    return conv


def _read_tool_spec(item: object, ctx: Context, where: str) -> ToolDef:
    spec = need_dict(need_dict(item, "B001", where).get("toolSpec"), "B001", f"{where}.toolSpec")
    check_keys(spec, frozenset({"name", "description", "inputSchema"}), ctx, "M110", where)
    schema = need_dict(spec.get("inputSchema"), "B001", f"{where}.toolSpec.inputSchema")
    description = spec.get("description")
    return ToolDef(
        need_str(spec.get("name"), "B001", f"{where}.toolSpec.name"),
        None if description is None else need_str(description, "B001", where),
        need_dict(schema.get("json"), "B001", f"{where}.toolSpec.inputSchema.json"),
    )


def _read_turns(messages: list[Any], ctx: Context) -> list[Turn]:
    turns = []
    calls: dict[str, str] = {}
    for i, item in enumerate(messages):
        where = f"messages[{i}]"
        message = need_dict(item, "B001", where)
        check_keys(message, frozenset({"role", "content"}), ctx, "M110", where)
        role = message.get("role")
        if role not in ("user", "assistant"):
            raise Reject("B002", f"role {role!r} is not user or assistant", where)
        blocks = read_blocks(message.get("content"), calls, ctx, where)
        _check_roles(blocks, role, where)
        turns.append(Turn(role, blocks))
    return turns


def _check_roles(blocks: list[Block], role: str, where: str) -> None:
    """B012: toolUse in assistant turns only, toolResult in user turns only."""
    wrong = ToolResult if role == "assistant" else ToolCall
    if any(isinstance(block, wrong) for block in blocks):
        what = "toolResult" if role == "assistant" else "toolUse"
        raise Reject("B012", f"a {what} block in a {role} turn", where)


def read_blocks(content: object, calls: dict[str, str], ctx: Context, where: str) -> list[Block]:
    """Content blocks as the model's blocks; ``calls`` maps tool-use ids to names."""
    blocks: list[Block] = []
    for i, item in enumerate(need_list(content, "B001", f"{where}.content", if_empty="B004")):
        at = f"{where}.content[{i}]"
        block = need_dict(item, "B001", at)
        if len(block) != 1:
            raise Reject("M111", f"a block holds {len(block)} keys, not one", at)
        key, value = next(iter(block.items()))
        if key == "text":
            blocks.append(Text(need_str(value, "B001", f"{at}.text")))
        elif key == "toolUse":
            use = need_dict(value, "B001", f"{at}.toolUse")
            check_keys(use, frozenset({"toolUseId", "name", "input"}), ctx, "M110", at)
            call = ToolCall(
                need_str(use.get("toolUseId"), "B001", f"{at}.toolUse.toolUseId"),
                need_str(use.get("name"), "B001", f"{at}.toolUse.name"),
                need_dict(use.get("input"), "B001", f"{at}.toolUse.input"),
            )
            if call.id in calls:
                raise Reject("B013", "a toolUseId used twice", at, call.id)
            calls[call.id] = call.name
            blocks.append(call)
        elif key == "toolResult":
            blocks.append(_read_result(value, calls, ctx, f"{at}.toolResult"))
        elif key == "reasoningContent":
            ctx.drop("M110", "a reasoningContent block", at)
        elif key in ("image", "video", "document"):
            raise Reject("M111", f"a {key} block in S3 has no OpenAI form (https or data URL)", at)
        else:
            raise Reject("B004", f"unknown block {key!r}", at)
    return blocks


def _read_result(value: object, calls: dict[str, str], ctx: Context, where: str) -> ToolResult:
    result = need_dict(value, "B001", where)
    check_keys(result, frozenset({"toolUseId", "content"}), ctx, "M110", where)
    use_id = need_str(result.get("toolUseId"), "B001", f"{where}.toolUseId")
    if use_id not in calls:
        raise Reject("B013", "a toolResult answers no earlier toolUse", where, use_id)
    texts = []
    for i, item in enumerate(need_list(result.get("content"), "B001", f"{where}.content")):
        part = need_dict(item, "B013", f"{where}.content[{i}]")
        if set(part) == {"text"}:
            texts.append(need_str(part["text"], "B001", f"{where}.content[{i}].text"))
        elif set(part) == {"json"}:
            texts.append(compact(part["json"]))
        else:
            raise Reject("B013", "a tool result item is {text} or {json}", f"{where}.content[{i}]")
    if len(texts) > 1:
        ctx.merge("M105", "items of one tool result", where, "joined", f"{len(texts)}")
    return ToolResult(use_id, calls[use_id], "\n\n".join(texts))


def read_dpo(obj: dict[str, Any], ctx: Context) -> Preference:
    """A Nova DPO line (``candidates`` in the last turn) as a prompt and two replies."""
    messages = _read_top(obj, ctx)
    prompt = _read_head(obj, ctx)
    last = need_dict(messages[-1], "B001", f"messages[{len(messages) - 1}]")
    where = f"messages[{len(messages) - 1}]"
    if last.get("role") != "assistant" or "candidates" not in last:
        raise Reject("B020", "the last turn is not an assistant turn with candidates", where)
    check_keys(last, frozenset({"role", "candidates"}), ctx, "M110", where)
    prompt.turns = _read_turns(messages[:-1], ctx)
    by_label = _candidates(need_list(last["candidates"], "B020", f"{where}.candidates"), where)
    replies = {}
    for label, (i, candidate) in by_label.items():
        at = f"{where}.candidates[{i}]"
        check_keys(candidate, frozenset({"content", "preferenceLabel"}), ctx, "M110", at)
        replies[label] = read_blocks(candidate.get("content"), {}, ctx, at)
        _check_roles(replies[label], "assistant", at)
    return Preference(prompt, replies["preferred"], replies["non-preferred"])


def _candidates(candidates: list[Any], where: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """The preferred and the non-preferred candidate, with their index.

    Nova takes two or more candidates, both labels among them (B020); OpenAI one of each.
    """
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(candidates):
        candidate = need_dict(item, "B020", f"{where}.candidates[{i}]")
        label = candidate.get("preferenceLabel")
        if label not in ("preferred", "non-preferred"):
            what = f"preferenceLabel {label!r} is not preferred or non-preferred"
            raise Reject("B020", what, f"{where}.candidates[{i}]")
        found.setdefault(label, (i, candidate))
    if len(found) != 2:
        raise Reject("B020", "not one preferred and one non-preferred candidate", where)
    if len(candidates) != 2:
        what = "more than two candidates: OpenAI takes one of each"
        raise Reject("M112", what, where, str(len(candidates)))
    return found


# -- writing ----------------------------------------------------------------------------


def write_conversation(conv: Conversation, ctx: Context) -> dict[str, Any]:
    """The Bedrock conversation-schema line (Nova, or Llama 3.2 with ``variant="llama"``)."""
    turns = _alternating(conv.turns, ctx, last="assistant")
    out = _write_head(conv, ctx)
    out["messages"] = [_write_turn(turn, i, ctx) for i, turn in enumerate(turns)]
    return out


def _write_head(conv: Conversation, ctx: Context) -> dict[str, Any]:
    llama = ctx.options.variant == "llama"
    system = conv.system
    if llama and len(system) > 1:
        ctx.merge("B018", "system messages into the one block Llama takes", detail=str(len(system)))
        system = ["\n\n".join(system)]
    out: dict[str, Any] = {"schemaVersion": SCHEMA_VERSION}
    if system:
        for text in system:
            _check_text(text, "user", ctx, "system")
        out["system"] = [{"text": text} for text in system]
    if conv.tools is not None:
        if llama:
            raise Reject("B019", "tools: Llama 3.2's schema has no tool use")
        out["toolConfig"] = {"tools": [_write_tool(t, i) for i, t in enumerate(conv.tools)]}
    return out


def _write_tool(tool: ToolDef, index: int) -> dict[str, Any]:
    where = f"tools[{index}]"
    if not tool.description:
        raise Reject("B014", "a tool without a description, which Nova needs", where, tool.name)
    schema = _NO_PARAMETERS if tool.parameters is None else tool.parameters
    if "type" not in schema:
        raise Reject("B014", "tool parameters without `type`", where, tool.name)
    spec = {"name": tool.name, "description": tool.description, "inputSchema": {"json": schema}}
    return {"toolSpec": spec}


def _alternating(turns: list[Turn], ctx: Context, *, last: str) -> list[Turn]:
    """The turns as user, assistant, user, …, ending with ``last`` (B003)."""
    for i, turn in enumerate(turns):
        if turn.weight == 0:
            raise Reject("M101", "weight 0: Nova trains every assistant turn", f"turn {i + 1}")
    if has_runs(turns):
        merged, folded = merge_runs(turns)
        ctx.merge("B003", "consecutive turns of the same role", detail=f"{folded} folded")
        turns = merged
    if not turns or turns[0].role != "user":
        raise Reject("B003", "the conversation must start with a user turn")
    if turns[-1].role != last:
        raise Reject("B003", f"the conversation must end with an {last} turn")
    if last == "assistant" and len(turns) < 2:
        raise Reject("B003", "at least two turns are needed")
    return turns


def _write_turn(turn: Turn, index: int, ctx: Context) -> dict[str, Any]:
    where = f"turn {index + 1}"
    return {"role": turn.role, "content": _write_blocks(turn.blocks, turn.role, ctx, where)}


def _write_blocks(blocks: list[Block], role: str, ctx: Context, where: str) -> list[Any]:
    content: list[Any] = []
    for block in blocks:
        if isinstance(block, Text):
            _check_text(block.text, role, ctx, where)
            content.append({"text": block.text})
        elif isinstance(block, Image):
            raise Reject("B011", _S3, where, block.url[:80])
        elif ctx.options.variant == "llama":
            raise Reject("B019", "tool use: Llama 3.2's schema has none", where)
        elif isinstance(block, ToolCall):
            use = {"toolUseId": block.id, "name": block.name, "input": block.args}
            content.append({"toolUse": use})
        else:
            data = json_object(block.content)
            item = {"text": block.content} if data is None else {"json": data}
            content.append({"toolResult": {"toolUseId": block.id, "content": [item]}})
    if all(isinstance(b, Text) for b in blocks) and not "".join(
        b.text for b in blocks if isinstance(b, Text)
    ):
        raise Reject("B004", "empty text content", where)
    return content


def _check_text(text: str, role: str, ctx: Context, where: str) -> None:
    if role == "user" and ctx.options.variant == "nova" and may_hold_word(text):
        found = DOC_RESERVED.search(text)
        if found:
            raise Reject("B005", f"reserved keyword {found.group()!r} in a prompt", where)


def write_dpo(pref: Preference, ctx: Context) -> dict[str, Any]:
    """The Nova 1.0 DPO line: the prompt, then an assistant turn of two candidates."""
    turns = _alternating(pref.prompt.turns, ctx, last="user")
    out = _write_head(pref.prompt, ctx)
    messages = [_write_turn(turn, i, ctx) for i, turn in enumerate(turns)]
    candidates = []
    for blocks, label in ((pref.chosen, "preferred"), (pref.rejected, "non-preferred")):
        if not all(isinstance(b, Text) for b in blocks):
            raise Reject("B021", f"the {label} candidate is not text only")
        content = _write_blocks(blocks, "assistant", ctx, label)
        candidates.append({"content": content, "preferenceLabel": label})
    messages.append({"role": "assistant", "candidates": candidates})
    out["messages"] = messages
    return out
