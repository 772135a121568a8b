"""Round trips through every native format, as hypothesis properties (issue #14).

For each native format: OpenAI -> native -> OpenAI gives the original example back, for
examples generated within what the native format can express (written in OpenAI's
canonical form: one text as a string, ``weight`` only when 0, compact tool arguments);
and native -> OpenAI -> native gives the native line back, for native lines generated
independently. Every OpenAI line produced passes ``ftlint.check_lines`` without line
errors. The sources (ShareGPT, Alpaca, TRL) convert to OpenAI lines without errors.

Derandomized and without an example database: the suite's hypothesis profile (conftest).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

import ftlint
from ftlint.convert import Converted, ConvertOptions, Rejected, converter

NONE = ConvertOptions()


def convert(obj: dict[str, Any], source: str, target: str, **options: Any) -> dict[str, Any]:
    """Convert, failing the test with the reason if the line is rejected."""
    result = converter(source, target)(obj, ConvertOptions(**options))
    assert isinstance(result, Converted), f"{source} -> {target} rejected: {result}"
    assert result.changes == [], result.changes
    # What the driver writes must survive JSON: encode and decode like a file would.
    return msgspec.json.decode(msgspec.json.encode(result.obj))  # type: ignore[no-any-return]


def line_errors(obj: dict[str, Any], fmt: str) -> list[str]:
    """The error findings of one OpenAI line (file-level counts such as F001 aside)."""
    report = ftlint.check_lines([json.dumps(obj).encode()], format=fmt)
    return [
        f"{f.code} {f.json_path}: {f.message}"
        for f in report.findings
        if f.severity == ftlint.Severity.ERROR and f.line is not None
    ]


# -- strategies: OpenAI -------------------------------------------------------------------

# Words that some target forbids (Nova BN6, Claude BC4) or that tokenizers treat as special
# (R39) are kept out of generated text: their rejection is tested on its own.
_FORBIDDEN = re.compile(
    r"user:|bot:|assistant:|system:|<image>|<video>|\[eos\]|human:|<\|", re.IGNORECASE
)
_ALPHABET = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028")
text = (
    st.text(_ALPHABET, min_size=1, max_size=12)
    .filter(lambda s: not _FORBIDDEN.search(s) and s.strip() == s and s.strip())
    .map(lambda s: s)
)
names = st.sampled_from(["get_weather", "lookup", "add_numbers"])
scalars = st.one_of(st.integers(-1000, 1000), st.booleans(), text, st.none())
json_objects = st.dictionaries(st.sampled_from(["city", "n", "ok", "tags"]), scalars, max_size=3)


def _compact(obj: Any) -> str:
    """The canonical text of tool arguments: compact, non-ASCII kept (as msgspec writes)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def _tool(name: str) -> dict[str, Any]:
    parameters = {"type": "object", "properties": {"city": {"type": "string"}}}
    return {
        "type": "function",
        "function": {"name": name, "description": f"{name} tool", "parameters": parameters},
    }


@st.composite
def openai_content(draw: st.DrawFn, *, images: bool = False) -> Any:
    """A string, or an array of at least two parts (one text part would be a string)."""
    if not draw(st.booleans()):
        return draw(text)
    kinds = ["text", "image"] if images else ["text"]
    parts = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=2, max_size=3)):
        if kind == "text":
            parts.append({"type": "text", "text": draw(text)})
        else:
            url = draw(
                st.one_of(
                    st.builds(lambda n: f"https://example.com/img/{n}.png", st.integers(0, 99)),
                    st.builds(
                        lambda b: "data:image/jpeg;base64," + base64.b64encode(b).decode(),
                        st.binary(min_size=1, max_size=12),
                    ),
                )
            )
            parts.append({"type": "image_url", "image_url": {"url": url}})
    return parts


@st.composite
def openai_chat(
    draw: st.DrawFn,
    *,
    tools: bool = True,
    images: bool = False,
    parts: bool = True,
    systems: int = 2,
    dpo: bool = False,
) -> dict[str, Any]:
    """An OpenAI supervised example with alternating exchanges (or a DPO input)."""
    content = openai_content(images=images) if parts else text
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": s} for s in draw(st.lists(text, max_size=systems))
    ]
    calls = 0
    used: set[str] = set()
    pending: list[str] = []
    exchanges = draw(st.integers(1, 3))
    for index in range(exchanges):
        for call_id in pending:
            result = draw(st.one_of(text, json_objects.map(lambda o: _compact(o))))
            messages.append({"role": "tool", "tool_call_id": call_id, "content": result})
        if not pending or draw(st.booleans()):
            messages.append({"role": "user", "content": draw(content)})
        pending = []
        if dpo and index == exchanges - 1:
            break
        message: dict[str, Any] = {"role": "assistant"}
        if not tools or draw(st.booleans()):
            message["content"] = draw(text if not parts else openai_content())
        if tools and ("content" not in message or draw(st.booleans())):
            message["tool_calls"] = []
            for name in draw(st.lists(names, min_size=1, max_size=2)):
                calls += 1
                pending.append(f"call_{calls}")
                used.add(name)
                arguments = _compact(draw(json_objects))
                message["tool_calls"].append(
                    {
                        "id": f"call_{calls}",
                        "type": "function",
                        "function": {"name": name, "arguments": arguments},
                    }
                )
        if not dpo and draw(st.integers(0, 5)) == 0 and "tool_calls" not in message:
            message["weight"] = 0
        messages.append(message)
    example: dict[str, Any] = {"messages": messages}
    if used:
        example["tools"] = [_tool(name) for name in sorted(used)]
    return example


@st.composite
def openai_dpo(draw: st.DrawFn) -> dict[str, Any]:
    prompt = draw(openai_chat(tools=False, parts=False, systems=1, dpo=True))
    return {
        "input": prompt,
        "preferred_output": [{"role": "assistant", "content": draw(text)}],
        "non_preferred_output": [{"role": "assistant", "content": draw(text)}],
    }


def _without_weight_zero(example: dict[str, Any]) -> dict[str, Any]:
    for message in example["messages"]:
        message.pop("weight", None)
    return example


# -- OpenAI -> native -> OpenAI -------------------------------------------------------------


@given(openai_chat(images=False).map(_without_weight_zero))
def test_openai_chat_through_bedrock_conversation(example: dict[str, Any]) -> None:
    native = convert(example, "openai-chat", "bedrock-conversation")
    assert native["schemaVersion"] == "bedrock-conversation-2024"
    roles = [m["role"] for m in native["messages"]]
    assert roles == ["user", "assistant"] * (len(roles) // 2)  # BN4, by construction
    back = convert(native, "bedrock-conversation", "openai-chat")
    assert back == example
    assert line_errors(back, "chat") == []


@given(openai_chat(images=True).map(_without_weight_zero))
def test_openai_chat_through_gemini(example: dict[str, Any]) -> None:
    native = convert(example, "openai-chat", "gemini-contents")
    assert {c["role"] for c in native["contents"]} <= {"user", "model"}
    back = convert(native, "gemini-contents", "openai-chat")
    assert back == example
    assert line_errors(back, "chat") == []


@given(openai_chat(tools=False, parts=False, systems=1).map(_without_weight_zero))
def test_openai_chat_through_claude(example: dict[str, Any]) -> None:
    native = convert(example, "openai-chat", "claude-messages")
    assert set(native) <= {"system", "messages"}
    assert all(isinstance(m["content"], str) for m in native["messages"])
    back = convert(native, "claude-messages", "openai-chat")
    assert back == example
    assert line_errors(back, "chat") == []


@given(openai_dpo())
def test_openai_dpo_through_nova_dpo(example: dict[str, Any]) -> None:
    native = convert(example, "openai-dpo", "bedrock-nova-dpo")
    labels = [c["preferenceLabel"] for c in native["messages"][-1]["candidates"]]
    assert labels == ["preferred", "non-preferred"]
    back = convert(native, "bedrock-nova-dpo", "openai-dpo")
    assert back == example
    assert line_errors(back, "preference") == []


@given(openai_dpo())
def test_openai_dpo_through_gemini_preference(example: dict[str, Any]) -> None:
    native = convert(example, "openai-dpo", "gemini-preference")
    assert [c["score"] for c in native["completions"]] == [1, 0]
    assert native["contents"][-1]["role"] == "user"
    back = convert(native, "gemini-preference", "openai-dpo")
    assert back == example
    assert line_errors(back, "preference") == []


@given(openai_chat(tools=False, parts=False, systems=1))
def test_weight_zero_is_rejected_by_every_native_target(example: dict[str, Any]) -> None:
    zero = any(m.get("weight") == 0 for m in example["messages"])
    for target in ("bedrock-conversation", "gemini-contents", "claude-messages"):
        result = converter("openai-chat", target)(example, NONE)
        assert isinstance(result, Converted) != zero
        if zero:
            assert "weight 0" in result.reason


# -- strategies: native ---------------------------------------------------------------------


# Tool-result texts that are not the compact JSON of an object (those become {json}).
result_text = text.filter(lambda s: not s.startswith("{"))


@st.composite
def nova_line(draw: st.DrawFn) -> dict[str, Any]:
    """A Bedrock conversation line: alternating, blocks of text, toolUse and toolResult."""
    line: dict[str, Any] = {"schemaVersion": "bedrock-conversation-2024"}
    system = draw(st.lists(text, max_size=2))
    if system:
        line["system"] = [{"text": s} for s in system]
    messages: list[dict[str, Any]] = []
    pending: list[str] = []
    used: set[str] = set()
    ids: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        user: list[dict[str, Any]] = []
        for use_id in pending:
            item = draw(
                st.one_of(
                    result_text.map(lambda t: {"text": t}), json_objects.map(lambda o: {"json": o})
                )
            )
            user.append({"toolResult": {"toolUseId": use_id, "content": [item]}})
        if not pending or draw(st.booleans()):
            user.extend({"text": t} for t in draw(st.lists(text, min_size=1, max_size=2)))
        messages.append({"role": "user", "content": user})
        assistant = [{"text": t} for t in draw(st.lists(text, max_size=2))]
        pending = []
        if not assistant or draw(st.booleans()):
            for name in draw(st.lists(names, min_size=1, max_size=2)):
                use_id = draw(st.text("abcdef0123456789", min_size=6, max_size=6))
                use_id = f"tooluse_{use_id}{len(ids)}"  # unique (BN9)
                ids.add(use_id)
                pending.append(use_id)
                used.add(name)
                assistant.append(
                    {"toolUse": {"toolUseId": use_id, "name": name, "input": draw(json_objects)}}
                )
        messages.append({"role": "assistant", "content": assistant})
    if used:
        specs = [
            {
                "toolSpec": {
                    "name": name,
                    "description": f"{name} tool",
                    "inputSchema": {"json": {"type": "object", "properties": {}}},
                }
            }
            for name in sorted(used)
        ]
        line["toolConfig"] = {"tools": specs}
    line["messages"] = messages
    return line


@st.composite
def gemini_line(draw: st.DrawFn) -> dict[str, Any]:
    """A supervised Gemini line: alternating, text, images, calls and responses."""
    line: dict[str, Any] = {}
    system = draw(st.lists(text, max_size=2))
    if system:
        line["systemInstruction"] = {"parts": [{"text": s} for s in system]}
    contents: list[dict[str, Any]] = []
    pending: list[str] = []
    used: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        parts: list[dict[str, Any]] = []
        for name in pending:
            response = draw(
                st.one_of(
                    result_text.map(lambda t: {"content": t}),
                    json_objects.filter(lambda o: set(o) != {"content"}),
                )
            )
            parts.append({"functionResponse": {"name": name, "response": response}})
        if not pending or draw(st.booleans()):
            for _ in range(draw(st.integers(1, 2))):
                parts.append(draw(gemini_user_part()))
        contents.append({"role": "user", "parts": parts})
        model = [{"text": t} for t in draw(st.lists(text, max_size=2))]
        pending = []
        if not model or draw(st.booleans()):
            for name in draw(st.lists(names, min_size=1, max_size=2)):
                pending.append(name)
                used.add(name)
                model.append({"functionCall": {"name": name, "args": draw(json_objects)}})
        contents.append({"role": "model", "parts": model})
    line["contents"] = contents
    if used:
        declarations = [{"name": n, "description": f"{n} tool"} for n in sorted(used)]
        line["tools"] = [{"functionDeclarations": declarations}]
    return line


@st.composite
def gemini_user_part(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["text", "text", "inline", "file"]))
    if kind == "text":
        return {"text": draw(text)}
    if kind == "inline":
        data = base64.b64encode(draw(st.binary(min_size=1, max_size=9))).decode()
        return {"inlineData": {"mimeType": "image/png", "data": data}}
    n = draw(st.integers(0, 99))
    return {"fileData": {"mimeType": "image/jpeg", "fileUri": f"https://example.com/{n}.jpg"}}


@st.composite
def claude_line(draw: st.DrawFn) -> dict[str, Any]:
    line: dict[str, Any] = {}
    if draw(st.booleans()):
        line["system"] = draw(text)
    pairs = draw(st.lists(st.tuples(text, text), min_size=1, max_size=3))
    line["messages"] = [
        {"role": role, "content": content}
        for pair in pairs
        for role, content in zip(("user", "assistant"), pair, strict=True)
    ]
    return line


@st.composite
def nova_dpo_line(draw: st.DrawFn) -> dict[str, Any]:
    line: dict[str, Any] = {"schemaVersion": "bedrock-conversation-2024"}
    if draw(st.booleans()):
        line["system"] = [{"text": draw(text)}]
    messages = []
    for i in range(draw(st.integers(0, 2))):
        messages.append({"role": "user", "content": [{"text": draw(text)}]})
        messages.append({"role": "assistant", "content": [{"text": f"{draw(text)} {i}"}]})
    messages.append({"role": "user", "content": [{"text": draw(text)}]})
    candidates = [
        {"content": [{"text": draw(text)}], "preferenceLabel": "preferred"},
        {"content": [{"text": draw(text)}], "preferenceLabel": "non-preferred"},
    ]
    messages.append({"role": "assistant", "candidates": candidates})
    line["messages"] = messages
    return line


@st.composite
def gemini_preference_line(draw: st.DrawFn) -> dict[str, Any]:
    line: dict[str, Any] = {}
    if draw(st.booleans()):
        line["system_instruction"] = {"parts": [{"text": draw(text)}]}
    contents = []
    for _ in range(draw(st.integers(0, 2))):
        contents.append({"role": "user", "parts": [{"text": draw(text)}]})
        contents.append({"role": "model", "parts": [{"text": draw(text)}]})
    contents.append({"role": "user", "parts": [{"text": draw(text)}]})
    line["contents"] = contents
    line["completions"] = [
        {"score": 1, "completion": {"role": "model", "parts": [{"text": draw(text)}]}},
        {"score": 0, "completion": {"role": "model", "parts": [{"text": draw(text)}]}},
    ]
    return line


# -- native -> OpenAI -> native -------------------------------------------------------------


@given(nova_line())
def test_bedrock_conversation_through_openai(line: dict[str, Any]) -> None:
    chat = convert(line, "bedrock-conversation", "openai-chat")
    assert line_errors(chat, "chat") == []
    assert convert(chat, "openai-chat", "bedrock-conversation") == line


@given(gemini_line())
def test_gemini_contents_through_openai(line: dict[str, Any]) -> None:
    chat = convert(line, "gemini-contents", "openai-chat")
    assert line_errors(chat, "chat") == []
    assert convert(chat, "openai-chat", "gemini-contents") == line


@given(claude_line())
def test_claude_messages_through_openai(line: dict[str, Any]) -> None:
    chat = convert(line, "claude-messages", "openai-chat")
    assert line_errors(chat, "chat") == []
    assert convert(chat, "openai-chat", "claude-messages") == line


@given(nova_dpo_line())
def test_nova_dpo_through_openai(line: dict[str, Any]) -> None:
    dpo = convert(line, "bedrock-nova-dpo", "openai-dpo")
    assert line_errors(dpo, "preference") == []
    assert convert(dpo, "openai-dpo", "bedrock-nova-dpo") == line


@given(gemini_preference_line())
def test_gemini_preference_through_openai(line: dict[str, Any]) -> None:
    dpo = convert(line, "gemini-preference", "openai-dpo")
    assert line_errors(dpo, "preference") == []
    assert convert(dpo, "openai-dpo", "gemini-preference") == line


# -- sources -> OpenAI ----------------------------------------------------------------------


@st.composite
def sharegpt_line(draw: st.DrawFn) -> dict[str, Any]:
    turns = []
    if draw(st.booleans()):
        turns.append({"from": "system", "value": draw(text)})
    for _ in range(draw(st.integers(1, 3))):
        turns.append({"from": draw(st.sampled_from(["human", "user"])), "value": draw(text)})
        turns.append({"from": draw(st.sampled_from(["gpt", "assistant"])), "value": draw(text)})
    return {"conversations": turns}


@st.composite
def alpaca_line(draw: st.DrawFn) -> dict[str, Any]:
    line = {"instruction": draw(text), "input": draw(st.one_of(st.just(""), text))}
    line["output"] = draw(text)
    return line


@st.composite
def trl_line(draw: st.DrawFn) -> dict[str, Any]:
    form = draw(st.sampled_from(["strings", "messages", "implicit"]))
    question, good, bad = draw(text), draw(text), draw(text)
    if form == "strings":
        return {"prompt": question, "chosen": good, "rejected": bad}
    user = [{"role": "user", "content": question}]
    if form == "messages":
        return {
            "prompt": user,
            "chosen": [{"role": "assistant", "content": good}],
            "rejected": [{"role": "assistant", "content": bad}],
        }
    return {
        "chosen": [*user, {"role": "assistant", "content": good}],
        "rejected": [*user, {"role": "assistant", "content": bad}],
    }


@given(sharegpt_line())
def test_sharegpt_to_openai(line: dict[str, Any]) -> None:
    chat = convert(line, "sharegpt", "openai-chat")
    assert line_errors(chat, "chat") == []
    assert [m["content"] for m in chat["messages"]] == [t["value"] for t in line["conversations"]]


@given(alpaca_line())
def test_alpaca_to_openai(line: dict[str, Any]) -> None:
    joins = bool(line["instruction"] and line["input"])  # a lossy choice: under the flag only
    refused = converter("alpaca", "openai-chat")(line, NONE)
    assert isinstance(refused, Rejected if joins else Converted)
    assert not joins or (isinstance(refused, Rejected) and refused.rule == "M003")
    result = converter("alpaca", "openai-chat")(line, ConvertOptions(merge_consecutive=True))
    assert isinstance(result, Converted)
    assert line_errors(result.obj, "chat") == []
    user, assistant = result.obj["messages"]
    assert user["content"].startswith(line["instruction"])
    assert user["content"].endswith(line["input"])
    assert assistant == {"role": "assistant", "content": line["output"]}
    assert [c.rule for c in result.changes] == ["M003"] * joins  # the join is logged


@given(trl_line())
def test_trl_to_openai(line: dict[str, Any]) -> None:
    dpo = convert(line, "trl-preference", "openai-dpo")
    assert line_errors(dpo, "preference") == []
    assert dpo["input"]["messages"][-1]["role"] == "user"
    assert dpo["preferred_output"][0]["role"] == "assistant"
