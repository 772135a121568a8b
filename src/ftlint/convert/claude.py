"""Claude 3 Haiku on Bedrock: ``{system, messages}`` with string content only.

Reference §5.2 and §8.3; rejections name the rules ``ftlint check --target bedrock-claude``
reports (B100-B104). Nothing multimodal or tool-related has a form here; several
system messages, or several text parts in one message, become one string only under
``--merge-consecutive`` (joined with a blank line). Reading is lossless.
"""

from __future__ import annotations

from typing import Any

from ..schema.claude import RESERVED
from ..targets.bedrock import CLAUDE
from .common import JOIN, Context, Reject, check_keys, need_dict, need_list, need_str
from .ir import Block, Conversation, Text, Turn, has_runs, merge_runs

# B104: the model's limit and AWS's checker's estimate (characters // 3), from the target.
_MODEL = CLAUDE.models[0]
TOKEN_LIMIT = _MODEL.max_tokens or 0
_RATIO = _MODEL.chars_per_token or 1


def read_messages(obj: dict[str, Any], ctx: Context) -> Conversation:
    """A Claude 3 Haiku line as a conversation."""
    check_keys(obj, frozenset({"system", "messages"}), ctx, "B101", "top level")
    conv = Conversation()
    if "system" in obj:
        conv.system.append(need_str(obj["system"], "B100", "system"))
    for i, item in enumerate(need_list(obj.get("messages"), "B100", "messages")):
        where = f"messages[{i}]"
        message = need_dict(item, "B100", where)
        check_keys(message, frozenset({"role", "content"}), ctx, "B101", where)
        role = message.get("role")
        if role not in ("user", "assistant"):
            raise Reject("B100", f"role {role!r} is not user or assistant", where)
        conv.turns.append(Turn(role, [Text(need_str(message.get("content"), "B100", where))]))
    return conv


def write_messages(conv: Conversation, ctx: Context) -> dict[str, Any]:
    """The Claude 3 Haiku line for a conversation."""
    if conv.tools is not None:
        raise Reject("B101", "tools: Claude 3 Haiku fine-tuning has no tool use")
    turns = conv.turns
    for i, turn in enumerate(turns):
        if turn.weight == 0:
            raise Reject("B101", "weight 0: Claude trains every assistant turn", f"turn {i + 1}")
    if has_runs(turns):
        turns, folded = merge_runs(turns)
        ctx.merge("B102", "consecutive turns of the same role", detail=f"{folded} folded")
    if len(turns) < 2 or turns[0].role != "user" or turns[-1].role != "assistant":
        raise Reject("B102", "at least two turns, starting with user and ending with assistant")
    out: dict[str, Any] = {}
    if conv.system:
        if len(conv.system) > 1:
            ctx.merge("B100", "system messages into one string", detail=str(len(conv.system)))
        out["system"] = JOIN.join(conv.system)
    out["messages"] = [
        {"role": turn.role, "content": _text(turn.blocks, ctx, f"turn {i + 1}")}
        for i, turn in enumerate(turns)
    ]
    _check_text(out)
    return out


def _text(blocks: list[Block], ctx: Context, where: str) -> str:
    found = []
    for block in blocks:
        if not isinstance(block, Text):
            what = type(block).__name__.lower()
            raise Reject("B100", f"a {what}: Claude 3 Haiku takes text only", where)
        found.append(block.text)
    if len(found) > 1:
        ctx.merge("B100", "text parts into one string", where, "joined", str(len(found)))
    return JOIN.join(found)


def _check_text(out: dict[str, Any]) -> None:
    texts = [out.get("system", "")] + [m["content"] for m in out["messages"]]
    for text in texts:
        for word in RESERVED:
            if word in text:
                raise Reject("B103", f"reserved string {word!r}")
    estimate = int(sum(map(len, texts)) // _RATIO)
    if estimate > TOKEN_LIMIT:
        raise Reject(
            "B104", f"over {TOKEN_LIMIT:,} tokens (characters // {_RATIO})", detail=f"{estimate:,}"
        )
