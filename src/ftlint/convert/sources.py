"""The shapes users bring most often: ShareGPT, Alpaca and TRL preference lines.

Read only (they are sources, not targets), into the conversation model:

- ShareGPT: ``conversations`` of ``{from, value}``; ``human``/``user`` -> user,
  ``gpt``/``assistant``/``model``/``chatgpt``/``bard`` -> assistant, ``system`` -> system;
  a top-level ``system`` string leads; a ``weight`` on an assistant turn is kept.
- Alpaca: ``instruction`` + ``input`` -> one user message, ``output`` -> assistant;
  optional ``system`` and ``history`` (``[[user, assistant], …]``) before them. Alpaca
  does not say how instruction and input make one prompt (its own template puts them
  under headers; other tools join them with a newline), and the boundary cannot be told
  from a joined text: a line with both is joined with a blank line only under
  ``--merge-consecutive`` (logged), and rejected without it (M003).
- TRL preference: ``prompt`` (a string, or messages) with ``chosen``/``rejected`` (a
  string, or one assistant message), or the implicit form where ``chosen`` and
  ``rejected`` are whole conversations that differ only in their last, assistant, turn.

Their shape problems are M001 (ShareGPT), M002 (Alpaca) and M004 (TRL); what they hold
is then read as OpenAI messages, under OpenAI's rules.
"""

from __future__ import annotations

from typing import Any

from .common import JOIN, Context, Reject, check_keys, need_dict, need_list, need_str
from .ir import Block, Conversation, Preference, Text, Turn
from .openai import read_chat

_SHAREGPT_ROLES = {
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "model": "assistant",
    "chatgpt": "assistant",
    "bard": "assistant",
    "system": "system",
}


def read_sharegpt(obj: dict[str, Any], ctx: Context) -> Conversation:
    """A ShareGPT line as a conversation."""
    check_keys(obj, frozenset({"conversations", "system"}), ctx, "M001", "top level")
    messages: list[dict[str, Any]] = []
    if "system" in obj:
        messages.append({"role": "system", "content": need_str(obj["system"], "M001", "system")})
    for i, item in enumerate(need_list(obj.get("conversations"), "M001", "conversations")):
        where = f"conversations[{i}]"
        turn = need_dict(item, "M001", where)
        check_keys(turn, frozenset({"from", "value", "weight"}), ctx, "M001", where)
        role = _SHAREGPT_ROLES.get(turn.get("from"))  # type: ignore[arg-type]
        if role is None:
            raise Reject("M001", f"from {turn.get('from')!r} has no OpenAI role", where)
        message: dict[str, Any] = {
            "role": role,
            "content": need_str(turn.get("value"), "M001", where),
        }
        if "weight" in turn:
            if role != "assistant":
                raise Reject("S010", "weight on a turn that is not the assistant's", where)
            message["weight"] = turn["weight"]
        messages.append(message)
    return read_chat({"messages": messages}, ctx)


def read_alpaca(obj: dict[str, Any], ctx: Context) -> Conversation:
    """An Alpaca line as a conversation."""
    allowed = frozenset({"instruction", "input", "output", "system", "history"})
    check_keys(obj, allowed, ctx, "M002", "top level")
    conv = Conversation()
    if "system" in obj:
        conv.system.append(need_str(obj["system"], "M002", "system"))
    for i, pair in enumerate(need_list(obj.get("history", []), "M002", "history", empty=True)):
        where = f"history[{i}]"
        items = need_list(pair, "M002", where)
        if len(items) != 2:
            raise Reject("M002", "a history item is [user, assistant]", where)
        conv.turns.append(Turn("user", [Text(need_str(items[0], "M002", where))]))
        conv.turns.append(Turn("assistant", [Text(need_str(items[1], "M002", where))]))
    instruction = need_str(obj.get("instruction"), "M002", "instruction")
    given = need_str(obj.get("input", ""), "M002", "input")
    prompt = instruction
    if given:
        prompt = f"{instruction}{JOIN}{given}" if instruction else given
        if instruction:
            ctx.merge("M003", "instruction and input into one user message", action="joined")
    conv.turns.append(Turn("user", [Text(prompt)]))
    conv.turns.append(Turn("assistant", [Text(need_str(obj.get("output"), "M002", "output"))]))
    return conv


def read_trl(obj: dict[str, Any], ctx: Context) -> Preference:
    """A TRL preference line as a prompt and two replies."""
    check_keys(obj, frozenset({"prompt", "chosen", "rejected"}), ctx, "M004", "top level")
    chosen, rejected = obj.get("chosen"), obj.get("rejected")
    if "prompt" not in obj:
        return _implicit(chosen, rejected, ctx)
    given = obj["prompt"]
    if isinstance(given, str):
        prompt = Conversation(turns=[Turn("user", [Text(given)])])
    else:
        prompt = read_chat({"messages": need_list(given, "M004", "prompt")}, ctx)
    return Preference(prompt, _reply(chosen, ctx, "chosen"), _reply(rejected, ctx, "rejected"))


def _reply(value: object, ctx: Context, where: str) -> list[Block]:
    if isinstance(value, str):
        return [Text(value)]
    messages = need_list(value, "M004", where)
    if len(messages) != 1:
        raise Reject("D002", "not exactly one reply message", where, str(len(messages)))
    conv = read_chat({"messages": messages}, ctx)
    if len(conv.turns) != 1 or conv.turns[0].role != "assistant" or conv.system:
        raise Reject("D002", "the reply is not an assistant message", where)
    if conv.turns[0].weight is not None:
        raise Reject("D006", "a reply has no `weight`", where)
    return conv.turns[0].blocks


def _implicit(chosen: object, rejected: object, ctx: Context) -> Preference:
    a = need_list(chosen, "M004", "chosen")
    b = need_list(rejected, "M004", "rejected")
    if a[:-1] != b[:-1]:
        raise Reject("M005", "chosen and rejected differ before their last turn")
    prompt = read_chat({"messages": a[:-1]}, ctx) if len(a) > 1 else Conversation()
    if not prompt.turns:
        raise Reject("M005", "no prompt: the conversations hold only the replies")
    return Preference(prompt, _reply(a[-1:], ctx, "chosen"), _reply(b[-1:], ctx, "rejected"))
