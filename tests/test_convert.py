"""The converters line by line: what each target rejects, and what the options change.

Each rejection names the ftlint rule that forbids the line (a check rule of the target,
or a conversion rule M001-M199); each lossy change happens
only under its option and is recorded. Values that mean the same as their absence are
dropped without a record.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ftlint.convert import (
    FORMATS,
    Converted,
    ConvertError,
    ConvertOptions,
    Rejected,
    converter,
    resolve_target,
)
from ftlint.convert.detect import candidates, decide
from ftlint.rules import REGISTRY

NONE = ConvertOptions()
MERGE = ConvertOptions(merge_consecutive=True)
DROP = ConvertOptions(drop_unsupported=True)
LLAMA = ConvertOptions(variant="llama")


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


def assistant(content: Any, **more: Any) -> dict[str, Any]:
    """An assistant message; ``None`` leaves ``content`` out, as the canonical form does."""
    message = (
        {"role": "assistant"} if content is None else {"role": "assistant", "content": content}
    )
    return {**message, **more}


def chat(*messages: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"messages": list(messages), **more}


def call(call_id: str, name: str = "get_weather", arguments: str = '{"city":"Oslo"}') -> Any:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def tool(name: str = "get_weather", description: str | None = "Weather") -> dict[str, Any]:
    function: dict[str, Any] = {"name": name}
    if description is not None:
        function["description"] = description
    return {"type": "function", "function": function}


def rejected(obj: dict[str, Any], source: str, target: str, options: Any = NONE) -> Rejected:
    result = converter(source, target)(obj, options)
    assert isinstance(result, Rejected), result
    assert result.rule in REGISTRY
    return result


def converted(obj: dict[str, Any], source: str, target: str, options: Any = NONE) -> Converted:
    result = converter(source, target)(obj, options)
    assert isinstance(result, Converted), result
    return result


SIMPLE = chat(user("Hi"), assistant("Hello"))
TWO_USERS = chat(user("Hi"), user("Are you there?"), assistant("Yes."))


@pytest.mark.parametrize(
    ("target", "rule"),
    [("bedrock-conversation", "B003"), ("gemini-contents", "Q005"), ("claude-messages", "B102")],
)
def test_consecutive_turns_are_rejected_or_merged_under_the_flag(target: str, rule: str) -> None:
    refused = rejected(TWO_USERS, "openai-chat", target)
    assert refused.rule == rule
    assert "--merge-consecutive" in refused.reason
    done = converted(TWO_USERS, "openai-chat", target, MERGE)
    assert done.changes[0].action == "merged"
    assert done.changes[0].rule == rule
    back = converted(done.obj, target, "openai-chat").obj
    assert [m["role"] for m in back["messages"]] == ["user", "assistant"]
    assert "Hi" in json.dumps(back) and "Are you there?" in json.dumps(back)


def test_nova_rejects_what_it_cannot_express() -> None:
    image = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    cases = {
        "B011": chat(user([{"type": "text", "text": "What is it?"}, image]), assistant("A cat")),
        "M101": chat(user("a"), assistant("b", weight=0), user("c"), assistant("d")),
        "B005": chat(user("User: hello"), assistant("Hi")),
        "B014": chat(
            user("Oslo?"), assistant(None, tool_calls=[call("c1")]), tools=[tool(description=None)]
        ),
    }
    for rule, line in cases.items():
        assert rejected(line, "openai-chat", "bedrock-conversation").rule == rule
    starts = rejected(
        chat(assistant("Hi"), user("Hey"), assistant("Yo")), "openai-chat", "bedrock-conversation"
    )
    assert (starts.rule, starts.what) == ("B003", "the conversation must start with a user turn")
    ends = rejected(
        chat(user("Hi"), assistant("Yo"), user("?")), "openai-chat", "bedrock-conversation"
    )
    assert ends.rule == "B003"


def test_nova_tool_calls_and_results() -> None:
    line = chat(
        user("Weather in Oslo?"),
        assistant("Checking.", tool_calls=[call("c1")]),
        {"role": "tool", "tool_call_id": "c1", "content": '{"temp":3}'},
        {"role": "user", "content": "And tomorrow?"},
        assistant("Colder."),
        tools=[tool()],
    )
    out = converted(line, "openai-chat", "bedrock-conversation").obj
    assert out["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"] == {
        "json": {"type": "object", "properties": {}}
    }
    assert out["messages"][1]["content"] == [
        {"text": "Checking."},
        {"toolUse": {"toolUseId": "c1", "name": "get_weather", "input": {"city": "Oslo"}}},
    ]
    # The tool result and the user's next words share one user turn, and split again.
    assert out["messages"][2]["content"] == [
        {"toolResult": {"toolUseId": "c1", "content": [{"json": {"temp": 3}}]}},
        {"text": "And tomorrow?"},
    ]
    back = converted(out, "bedrock-conversation", "openai-chat").obj
    assert back["messages"] == line["messages"]


def test_llama_takes_one_system_block_and_no_tools() -> None:
    two = chat(
        {"role": "system", "content": "A"},
        {"role": "system", "content": "B"},
        user("u"),
        assistant("a"),
    )
    assert rejected(two, "openai-chat", "bedrock-conversation", LLAMA).rule == "B018"
    done = converted(
        two, "openai-chat", "bedrock-conversation", ConvertOptions(True, False, "llama")
    )
    assert done.obj["system"] == [{"text": "A\n\nB"}]
    assert converted(two, "openai-chat", "bedrock-conversation").obj["system"] == [
        {"text": "A"},
        {"text": "B"},
    ]
    tools = chat(user("u"), assistant(None, tool_calls=[call("c1")]), tools=[tool()])
    assert rejected(tools, "openai-chat", "bedrock-conversation", LLAMA).rule == "B019"
    # Llama has no reserved keywords (B005 is Nova's).
    assert converted(
        chat(user("User: hi"), assistant("a")), "openai-chat", "bedrock-conversation", LLAMA
    )


def test_gemini_ids_pairing_and_wrapping() -> None:
    line = chat(
        user("Oslo and Bergen?"),
        assistant(None, tool_calls=[call("call_1"), call("call_2", arguments='{"city":"Bergen"}')]),
        {"role": "tool", "tool_call_id": "call_1", "content": "3 C"},
        {"role": "tool", "tool_call_id": "call_2", "content": '{"temp":5}'},
        assistant("Oslo 3 C, Bergen 5 C."),
        tools=[tool()],
    )
    out = converted(line, "openai-chat", "gemini-contents").obj
    responses = [p["functionResponse"]["response"] for p in out["contents"][2]["parts"]]
    assert responses == [{"content": "3 C"}, {"temp": 5}]
    assert converted(out, "gemini-contents", "openai-chat").obj == line
    # Results in another order than the calls would pair with the wrong call on the way back.
    swapped = json.loads(json.dumps(line))
    swapped["messages"][2:4] = swapped["messages"][3:1:-1]
    assert rejected(swapped, "openai-chat", "gemini-contents").rule == "M107"
    # Ids that are not call_1, call_2…: Gemini has none, so only --drop-unsupported drops them.
    other = json.loads(json.dumps(line).replace("call_1", "abc").replace("call_2", "def"))
    refused = rejected(other, "openai-chat", "gemini-contents")
    assert (refused.rule, "--drop-unsupported" in refused.reason) == ("M107", True)
    done = converted(other, "openai-chat", "gemini-contents", DROP)
    assert [c.action for c in done.changes] == ["dropped", "dropped"]
    assert done.obj == out


def test_gemini_images_and_texts() -> None:
    def image(url: str) -> dict[str, Any]:
        return chat(user([{"type": "image_url", "image_url": {"url": url}}]), assistant("A cat"))

    inline = converted(image("data:image/png;base64,iVBORw0K"), "openai-chat", "gemini-contents")
    assert inline.obj["contents"][0]["parts"] == [
        {"inlineData": {"mimeType": "image/png", "data": "iVBORw0K"}}
    ]
    file = converted(image("https://example.com/cat.JPG?v=2"), "openai-chat", "gemini-contents")
    part = file.obj["contents"][0]["parts"][0]
    assert part == {
        "fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/cat.JPG?v=2"}
    }
    assert (
        rejected(image("https://example.com/cat"), "openai-chat", "gemini-contents").rule == "Q007"
    )
    assert rejected(chat(user(""), assistant("a")), "openai-chat", "gemini-contents").rule == "Q004"
    gs = {
        "contents": [
            {
                "role": "user",
                "parts": [{"fileData": {"mimeType": "image/png", "fileUri": "gs://b/a.png"}}],
            },
            {"role": "model", "parts": [{"text": "a"}]},
        ]
    }
    assert rejected(gs, "gemini-contents", "openai-chat").rule == "V003"
    video = {
        "contents": [
            {
                "role": "user",
                "parts": [
                    {"fileData": {"mimeType": "video/mp4", "fileUri": "https://e.com/a.mp4"}}
                ],
            },
            {"role": "model", "parts": [{"text": "a"}]},
        ]
    }
    assert rejected(video, "gemini-contents", "openai-chat").rule == "M111"


def test_gemini_system_spellings() -> None:
    body = {
        "contents": [
            {"role": "user", "parts": [{"text": "u"}]},
            {"role": "model", "parts": [{"text": "m"}]},
        ]
    }
    for key in ("systemInstruction", "system_instruction"):
        line = {key: {"role": "system", "parts": [{"text": "Be brief."}]}, **body}
        out = converted(line, "gemini-contents", "openai-chat")
        assert out.obj["messages"][0] == {"role": "system", "content": "Be brief."}
        assert out.changes == []  # the role of a system instruction is ignored by Gemini
    both = {
        "systemInstruction": {"parts": [{"text": "a"}]},
        "system_instruction": {"parts": [{"text": "b"}]},
        **body,
    }
    assert rejected(both, "gemini-contents", "openai-chat").rule == "M111"


def test_claude_takes_strings_only() -> None:
    parts = chat(
        user([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]), assistant("c")
    )
    assert rejected(parts, "openai-chat", "claude-messages").rule == "B100"
    assert (
        converted(parts, "openai-chat", "claude-messages", MERGE).obj["messages"][0]["content"]
        == "a\n\nb"
    )
    tools = chat(user("u"), assistant(None, tool_calls=[call("c1")]), tools=[tool()])
    assert rejected(tools, "openai-chat", "claude-messages").rule == "B101"
    assert (
        rejected(chat(user("x\nHuman: y"), assistant("z")), "openai-chat", "claude-messages").rule
        == "B103"
    )
    long = chat(user("x" * 96_003), assistant("z"))
    assert rejected(long, "openai-chat", "claude-messages").rule == "B104"
    assert rejected(chat(user("only")), "openai-chat", "claude-messages").rule == "B102"
    assert (
        rejected({"messages": SIMPLE["messages"], "id": 7}, "claude-messages", "openai-chat").rule
        == "B101"
    )


def test_defaults_are_dropped_without_a_record_and_the_rest_needs_the_flag() -> None:
    line = chat(
        user(
            [{"type": "image_url", "image_url": {"url": "https://e.com/a.png", "detail": "auto"}}]
        ),
        assistant("Hi", weight=1, refusal=None),
        parallel_tool_calls=True,
        tools=[
            {"type": "function", "function": {"name": "f", "description": "d", "strict": False}}
        ],
    )
    done = converted(line, "openai-chat", "gemini-contents")
    assert done.changes == []
    back = converted(done.obj, "gemini-contents", "openai-chat").obj
    assert back["messages"][1] == {"role": "assistant", "content": "Hi"}
    for extra in ({"name": "bob"}, {"refusal": "no"}):
        named = chat(user("u"), assistant("a", **extra))
        refused = rejected(named, "openai-chat", "bedrock-conversation")
        assert refused.rule == "M102" and "--drop-unsupported" in refused.reason
        done = converted(named, "openai-chat", "bedrock-conversation", DROP)
        assert [(c.action, c.rule) for c in done.changes] == [("dropped", "M102")]
    detail = chat(
        user([{"type": "image_url", "image_url": {"url": "https://e.com/a.png", "detail": "low"}}]),
        assistant("a"),
    )
    assert rejected(detail, "openai-chat", "gemini-contents").reason.startswith(
        "messages[0].content[0]"
    )
    assert (
        rejected({**SIMPLE, "parallel_tool_calls": False}, "openai-chat", "claude-messages").rule
        == "M102"
    )


def test_openai_lines_that_no_target_takes() -> None:
    cases = {
        "M103": chat(user("u"), assistant("a"), functions=[{"name": "f"}]),
        "S005": chat({"role": "developer", "content": "x"}, user("u"), assistant("a")),
        "T002": chat(
            user("u"), {"role": "tool", "tool_call_id": "nope", "content": "x"}, assistant("a")
        ),
        "M104": chat(user("u"), assistant(None, tool_calls=[call("c1", arguments="[1, 2]")])),
        "C002": chat(
            user([{"type": "input_audio", "input_audio": {"data": "", "format": "wav"}}]),
            assistant("a"),
        ),
        "S009": chat(user("u"), assistant("a", weight=2)),
    }
    for rule, line in cases.items():
        assert rejected(line, "openai-chat", "gemini-contents").rule == rule
    late = chat(user("u"), {"role": "system", "content": "late"}, assistant("a"))
    assert rejected(late, "openai-chat", "gemini-contents").rule == "O002"
    bad_args = rejected(
        chat(user("u"), assistant(None, tool_calls=[call("c1", arguments="{oops")])),
        "openai-chat",
        "gemini-contents",
    )
    assert bad_args.what == "arguments are not valid JSON"
    twice = rejected(
        chat(user("u"), assistant(None, tool_calls=[call("c1", arguments='{"a":1,"a":2}')])),
        "openai-chat",
        "gemini-contents",
    )
    assert "a key appears twice" in twice.reason


def test_preference_conversions() -> None:
    dpo = {
        "input": {"messages": [{"role": "system", "content": "S"}, user("Q")]},
        "preferred_output": [assistant("good")],
        "non_preferred_output": [assistant("bad")],
    }
    nova = converted(dpo, "openai-dpo", "bedrock-nova-dpo").obj
    assert nova["messages"][-1]["candidates"][1] == {
        "content": [{"text": "bad"}],
        "preferenceLabel": "non-preferred",
    }
    three = json.loads(json.dumps(nova))
    three["messages"][-1]["candidates"].append(three["messages"][-1]["candidates"][0])
    assert rejected(three, "bedrock-nova-dpo", "openai-dpo").rule == "M112"
    gemini = converted(dpo, "openai-dpo", "gemini-preference").obj
    assert gemini["system_instruction"] == {"parts": [{"text": "S"}]}
    floats = json.loads(
        json.dumps(gemini)
        .replace('"score": 1', '"score": 1.0')
        .replace('"score": 0', '"score": 0.0')
    )
    assert converted(floats, "gemini-preference", "openai-dpo").obj == dpo
    half = json.loads(json.dumps(gemini).replace('"score": 0', '"score": 0.5'))
    assert rejected(half, "gemini-preference", "openai-dpo").rule == "Q051"
    ends_assistant = {**dpo, "input": {"messages": [user("Q"), assistant("A")]}}
    assert rejected(ends_assistant, "openai-dpo", "gemini-preference").rule == "Q050"
    tool_output = {**dpo, "preferred_output": [assistant(None, tool_calls=[call("c1")])]}
    assert rejected(tool_output, "openai-dpo", "bedrock-nova-dpo").rule == "B021"


def test_sources() -> None:
    share = {
        "conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Yo"}],
        "id": "x1",
    }
    assert rejected(share, "sharegpt", "openai-chat").rule == "M001"
    done = converted(share, "sharegpt", "openai-chat", DROP)
    assert done.obj == SIMPLE | {"messages": [user("Hi"), assistant("Yo")]}
    assert [c.reason for c in done.changes] == ["top level: key 'id': dropped"]
    odd = {"conversations": [{"from": "observation", "value": "{}"}]}
    assert rejected(odd, "sharegpt", "openai-chat").rule == "M001"
    alpaca = {
        "instruction": "Translate",
        "input": "chat",
        "output": "cat",
        "system": "S",
        "history": [["a", "b"]],
    }
    # Alpaca does not say how instruction and input make one prompt: joining them is a
    # lossy choice, made only under --merge-consecutive.
    refused = rejected(alpaca, "alpaca", "bedrock-conversation")
    assert (refused.rule, "--merge-consecutive" in refused.reason) == ("M003", True)
    out = converted(alpaca, "alpaca", "bedrock-conversation", MERGE)
    assert out.obj["messages"][2]["content"] == [{"text": "Translate\n\nchat"}]
    assert [(c.action, c.rule) for c in out.changes] == [("joined", "M003")]
    for plain in ({**alpaca, "input": ""}, {k: v for k, v in alpaca.items() if k != "input"}):
        alone = converted(plain, "alpaca", "bedrock-conversation")
        assert (alone.obj["messages"][2]["content"], alone.changes) == ([{"text": "Translate"}], [])
    implicit = {
        "chosen": [user("Q"), assistant("good")],
        "rejected": [user("Other Q"), assistant("bad")],
    }
    assert rejected(implicit, "trl-preference", "openai-dpo").rule == "M005"
    composed = converted(
        {"prompt": "Q", "chosen": "good", "rejected": "bad"}, "trl-preference", "gemini-preference"
    )
    assert composed.obj["completions"][0]["completion"]["parts"] == [{"text": "good"}]


def test_no_assistant_turn_is_not_an_openai_example() -> None:
    share = {"conversations": [{"from": "human", "value": "Hi"}]}
    assert rejected(share, "sharegpt", "openai-chat").rule == "S008"


def test_shapes_never_raise() -> None:
    for source in FORMATS:
        for value in (
            {},
            {"messages": 3},
            {"contents": [None]},
            {"messages": [{"role": "user", "content": {"x": 1}}]},
        ):
            for target in ("openai-chat", "openai-dpo"):
                if FORMATS[source].kind == FORMATS[target].kind and source != target:
                    assert isinstance(converter(source, target)(value, NONE), Rejected)


def test_resolve_target() -> None:
    assert resolve_target("bedrock-nova", "openai-chat") == ("bedrock-conversation", "nova")
    assert resolve_target("bedrock-nova", "trl-preference") == ("bedrock-nova-dpo", "nova")
    assert resolve_target("bedrock-llama", "sharegpt") == ("bedrock-conversation", "llama")
    assert resolve_target("vertex-gemini", "openai-dpo") == ("gemini-preference", "nova")
    assert resolve_target("together", "gemini-preference") == ("openai-dpo", "nova")
    for to, source, message in [
        ("bedrock-claude", "openai-dpo", "takes no preference data"),
        ("sharegpt", "openai-chat", "a source format only"),
        ("openai-chat", "openai-chat", "already in that format"),
        ("gemini-preference", "openai-chat", "but openai-chat is chat data"),
        ("nope", "openai-chat", "unknown format"),
    ]:
        with pytest.raises(ConvertError, match=message):
            resolve_target(to, source)


def test_detection() -> None:
    assert candidates(SIMPLE) == {"openai-chat", "claude-messages"}
    assert candidates({"system": "S", **SIMPLE}) == {"claude-messages"}
    assert candidates({"messages": [{"role": "user", "content": [{"text": "x"}]}]}) == {
        "bedrock-conversation"
    }
    assert candidates({"contents": [], "completions": []}) == {"gemini-preference"}
    assert candidates({"foo": 1}) == frozenset()
    assert decide([(1, candidates(SIMPLE)), (2, candidates({"system": "S", **SIMPLE}))]) == (
        "claude-messages",
        "",
    )
    assert decide([(1, candidates(SIMPLE))]) == ("openai-chat", "")
    name, why = decide(
        [(1, candidates(SIMPLE)), (3, frozenset()), (4, candidates({"conversations": []}))]
    )
    assert name is None
    assert why.startswith(
        "mixed file: line 4 looks like sharegpt, but earlier lines do not (line 1:"
    )
    assert decide([(1, frozenset())])[0] is None


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "role",
                    "content",
                    "text",
                    "type",
                    "messages",
                    "parts",
                    "contents",
                    "from",
                    "value",
                    "tool_calls",
                    "toolUse",
                    "functionCall",
                    "id",
                    "name",
                    "args",
                    "input",
                    "candidates",
                    "preferenceLabel",
                    "completions",
                    "score",
                    "completion",
                    "system",
                    "image_url",
                    "url",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=25,
)
_LINES = st.dictionaries(
    st.sampled_from(
        [
            "messages",
            "contents",
            "conversations",
            "instruction",
            "output",
            "input",
            "prompt",
            "chosen",
            "rejected",
            "system",
            "systemInstruction",
            "tools",
            "toolConfig",
            "preferred_output",
            "non_preferred_output",
            "completions",
            "schemaVersion",
        ]
    ),
    _JSON,
    max_size=4,
)


@given(_LINES)
def test_any_json_object_converts_or_is_rejected_never_raises(obj: dict[str, Any]) -> None:
    for source, fmt in FORMATS.items():
        target = "openai-chat" if fmt.kind == "chat" else "openai-dpo"
        if source == target:
            target = "gemini-contents" if fmt.kind == "chat" else "gemini-preference"
        result = converter(source, target)(obj, DROP if len(obj) % 2 else MERGE)
        assert isinstance(result, (Converted, Rejected))
        if isinstance(result, Rejected):
            assert result.rule in REGISTRY and result.reason


def test_tool_blocks_in_the_wrong_turn_are_rejected() -> None:
    use = {"toolUse": {"toolUseId": "t1", "name": "f", "input": {}}}
    nova = {
        "messages": [
            {"role": "user", "content": [use]},
            {"role": "assistant", "content": [{"text": "a"}]},
        ]
    }
    assert rejected(nova, "bedrock-conversation", "openai-chat").reason == (
        "messages[0]: a toolUse block in a user turn"
    )
    response = {"functionResponse": {"name": "f", "response": {}}}
    gemini = {
        "contents": [
            {"role": "user", "parts": [{"text": "u"}]},
            {"role": "model", "parts": [response]},
        ]
    }
    assert rejected(gemini, "gemini-contents", "openai-chat").rule == "Q008"
