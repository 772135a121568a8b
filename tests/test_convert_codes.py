"""The rule codes ``ftlint convert`` names agree with the registry and with ``check``.

Every code the converters can name is a literal of ``src/ftlint/convert`` (checked on the
source), and every one of them is in the registry. The table below produces each of them
from a line; where a check rule covers the situation, ``ftlint check --target T`` reports
the same code on an equivalent line: the rejected line itself when it breaks its own
format's rules, or a hand-made line of the target's format that does what the
conversion would have had to do. The conversion rules (M) are the situations no line of
the target can show, so for them the test asserts that they are conversion rules.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import ftlint
from ftlint.convert import ConvertOptions, Rejected, converter
from ftlint.rules import REGISTRY
from ftlint.rules.registry import CONVERSION, REF_PATTERN

CONVERT = Path(ftlint.__file__).parent / "convert"
NONE = ConvertOptions()
LLAMA = ConvertOptions(variant="llama")

# The functions that take a rule code, and the position of that argument.
RULE_ARGUMENT = {
    "Reject": 0,
    "Rejected": 1,
    "drop": 0,
    "merge": 0,
    "need_dict": 1,
    "need_list": 1,
    "need_str": 1,
    "check_keys": 3,
}


def _codes_in(node: ast.expr) -> list[str] | None:
    """The codes an argument can hold: a literal, or a choice between literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _codes_in(node.body), _codes_in(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _forwarded(node: ast.expr) -> bool:
    """Whether an argument passes on a code given to the function (``rule``, ``if_empty``,
    ``exc.rule``), which the scan finds where that call is made."""
    if isinstance(node, ast.BoolOp):
        return all(_forwarded(value) for value in node.values)
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return name in ("rule", "if_empty")


def _named_codes() -> dict[str, str]:
    """Every code a converter can name, with where: each rule argument is a literal (or
    passes on a ``rule`` given by another of these calls), so this is all of them."""
    found: dict[str, str] = {}
    for path in sorted(CONVERT.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in RULE_ARGUMENT:
                continue
            where = f"{path.name}:{node.lineno}"
            args = [*node.args, *(k.value for k in node.keywords if k.arg in ("rule", "if_empty"))]
            position = RULE_ARGUMENT[name]
            chosen = [args[position], *args[len(node.args) :]]
            for arg in chosen:
                if _forwarded(arg):
                    continue
                codes = _codes_in(arg)
                assert codes is not None, f"{where}: the rule is not a literal"
                for code in codes:
                    found.setdefault(code, where)
    return found


NAMED = _named_codes()


def test_every_code_a_converter_names_is_a_registered_rule() -> None:
    assert len(NAMED) > 50  # the scan sees the converters
    unknown = {code: where for code, where in NAMED.items() if code not in REGISTRY}
    assert not unknown, f"codes that are not rules: {unknown}"
    # The reference's ids are the rules' refs, never a converter's rule.
    for path in CONVERT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not REF_PATTERN.fullmatch(node.value), (path.name, node.value)


# -- lines that produce each code -----------------------------------------------------------


def user(content: Any, **more: Any) -> dict[str, Any]:
    return {"role": "user", "content": content, **more}


def assistant(content: Any = "Hello", **more: Any) -> dict[str, Any]:
    message = (
        {"role": "assistant"} if content is None else {"role": "assistant", "content": content}
    )
    return {**message, **more}


def chat(*messages: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"messages": list(messages) or [user("Hi"), assistant()], **more}


def call(call_id: str = "c1", arguments: str = '{"city": "Oslo"}') -> dict[str, Any]:
    function = {"name": "weather", "arguments": arguments}
    return {"id": call_id, "type": "function", "function": function}


def answer(call_id: str = "c1", content: Any = "Sunny") -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def image(url: str, **more: Any) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": url, **more}}


def dpo(*messages: dict[str, Any], good: Any = None, **more: Any) -> dict[str, Any]:
    return {
        "input": {"messages": list(messages) or [user("Hi")]},
        "preferred_output": good or [assistant("Good")],
        "non_preferred_output": [assistant("Bad")],
        **more,
    }


def text(value: str) -> dict[str, Any]:
    return {"text": value}


def bedrock(*messages: dict[str, Any], **head: Any) -> dict[str, Any]:
    body = list(messages) or [turn("user", text("Hi")), turn("assistant", text("Hello"))]
    return {"schemaVersion": "bedrock-conversation-2024", **head, "messages": body}


def turn(role: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    return {"role": role, "content": list(blocks)}


USE = {"toolUse": {"toolUseId": "t1", "name": "weather", "input": {"city": "Oslo"}}}
RESULT = {"toolResult": {"toolUseId": "t1", "content": [text("Sunny")]}}
SPEC = {"toolSpec": {"name": "weather", "inputSchema": {"json": {"type": "object"}}}}
DESCRIBED = {"toolSpec": {**SPEC["toolSpec"], "description": "Weather of a city"}}


def nova_dpo(*candidates: dict[str, Any]) -> dict[str, Any]:
    last = {"role": "assistant", "candidates": list(candidates)}
    return bedrock(turn("user", text("Hi")), last)


def candidate(label: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    return {"content": list(blocks) or [text(label)], "preferenceLabel": label}


def gemini(*contents: dict[str, Any], **more: Any) -> dict[str, Any]:
    body = list(contents) or [part_turn("user", text("Hi")), part_turn("model", text("Hello"))]
    return {"contents": body, **more}


def part_turn(role: str, *parts: dict[str, Any]) -> dict[str, Any]:
    return {"role": role, "parts": list(parts)}


def claude(*messages: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {**more, "messages": list(messages) or [user("Hi"), assistant()]}


def _deep(depth: int) -> dict[str, Any]:
    """An object nested ``depth`` deep: past the interpreter's recursion limit."""
    top: dict[str, Any] = {}
    node = top
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return top


DEEP = _deep(5_000)


class Case(NamedTuple):
    """A line of ``source`` that converting to ``target`` rejects with ``code``; and the
    line ``check --target check_target --format check_format`` reports ``code`` on
    (``None``: the rejected line itself)."""

    code: str
    source: str
    target: str
    line: dict[str, Any]
    check_target: str | None = None  # None: a conversion rule, no check
    check_format: str = "chat"
    equivalent: dict[str, Any] | None = None
    options: ConvertOptions = NONE


OA, OC, BC, GC, CM = (
    "openai",
    "openai-chat",
    "bedrock-conversation",
    "gemini-contents",
    "claude-messages",
)
NOVA, CLAUDE, VERTEX = "bedrock-nova", "bedrock-claude", "vertex-gemini"
TWO_USERS = chat(user("Hi"), user("There?"), assistant())

CASES = [
    # The source line breaks its own format's rules: check reports it on the line itself.
    Case("S001", OC, GC, {"parallel_tool_calls": True}, OA),
    Case("S002", OC, GC, {"messages": []}, OA),
    Case("S003", OC, GC, chat(id=7), OA),
    Case("S004", OC, GC, {"messages": [user("Hi"), 7, assistant()]}, OA),
    Case(
        "S005",
        OC,
        GC,
        chat({"role": "developer", "content": "Be brief."}, user("Hi"), assistant()),
        OA,
    ),
    Case("S006", OC, GC, chat(user("Hi", x=1), assistant()), OA),
    Case(
        "S007",
        OC,
        GC,
        chat(
            user("Hi"),
            assistant(None, tool_calls=[call()]),
            {"role": "tool", "content": "Sunny"},
            assistant(),
        ),
        OA,
    ),
    Case("S009", OC, GC, chat(user("Hi"), assistant("Hello", weight=2)), OA),
    Case("S011", OC, GC, chat(user([7]), assistant()), OA),
    Case("S100", OC, GC, chat(user([{"type": "text", "text": "Hi", "x": 1}]), assistant()), OA),
    Case(
        "C001",
        OC,
        GC,
        chat(
            {
                "role": "system",
                "content": [{"type": "input_audio", "input_audio": {"data": "", "format": "wav"}}],
            },
            user("Hi"),
            assistant(),
        ),
        OA,
    ),
    Case(
        "C002",
        OC,
        GC,
        chat(
            user([{"type": "input_audio", "input_audio": {"data": "", "format": "wav"}}]),
            assistant(),
        ),
        OA,
    ),
    Case("C003", OC, GC, chat(user("Hi"), assistant(None)), OA),
    Case("C005", OC, GC, chat(user("Hi"), assistant("Hello", audio={"id": "a1"})), OA),
    Case(
        "C007",
        OC,
        GC,
        chat(
            user("Hi"),
            assistant(None, tool_calls=[call()]),
            answer(content=[{"type": "text", "text": "Sunny"}]),
            assistant(),
        ),
        OA,
    ),
    Case("O002", OC, GC, chat(user("Hi"), {"role": "system", "content": "Late."}, assistant()), OA),
    Case(
        "T001",
        OC,
        GC,
        chat(
            user("Hi"),
            assistant(
                None,
                tool_calls=[
                    {"type": "function", "function": {"name": "weather", "arguments": "{}"}}
                ],
            ),
        ),
        OA,
    ),
    Case("T002", OC, GC, chat(user("Hi"), answer("nope"), assistant()), OA),
    Case("T004", OC, GC, chat(user("Hi"), assistant(None, tool_calls=[call(), call()])), OA),
    Case("T005", OC, GC, chat(tools=[{"type": "code_interpreter"}]), OA),
    Case(
        "T011", OC, GC, chat(user("Hi"), assistant(None, tool_calls=[call(arguments="{oops")])), OA
    ),
    Case("V001", OC, GC, chat(user("Hi"), assistant([image("https://e.com/a.png")])), OA),
    Case(
        "V002", OC, GC, chat(user([image("https://e.com/a.png", detail="medium")]), assistant()), OA
    ),
    Case("D001", "openai-dpo", "gemini-preference", {**dpo(), "input": 7}, OA, "preference"),
    Case(
        "D002",
        "openai-dpo",
        "gemini-preference",
        dpo(good=[assistant("A"), assistant("B")]),
        OA,
        "preference",
    ),
    Case("D003", "openai-dpo", "gemini-preference", dpo(id=7), OA, "preference"),
    Case(
        "D006",
        "openai-dpo",
        "gemini-preference",
        dpo(good=[assistant("A", weight=1)]),
        OA,
        "preference",
    ),
    Case("B001", BC, OC, bedrock(system="Be brief."), NOVA, BC),
    Case(
        "B002",
        BC,
        OC,
        bedrock(
            turn("system", text("Be brief.")),
            turn("user", text("Hi")),
            turn("assistant", text("Yo")),
        ),
        NOVA,
        BC,
    ),
    Case("B003", BC, OC, {"messages": []}, NOVA, BC),
    Case(
        "B004", BC, OC, bedrock(turn("user", text("Hi")), turn("assistant", {"bogus": 1})), NOVA, BC
    ),
    Case(
        "B012",
        BC,
        OC,
        bedrock(
            turn("user", USE), turn("assistant", text("Yo")), toolConfig={"tools": [DESCRIBED]}
        ),
        NOVA,
        BC,
    ),
    Case(
        "B013",
        BC,
        OC,
        bedrock(
            turn("user", text("Hi")),
            turn("assistant", text("Yo")),
            turn("user", RESULT),
            turn("assistant", text("Yo")),
        ),
        NOVA,
        BC,
    ),
    Case("B016", BC, OC, bedrock(schemaVersion="tooluse-dataset-2024"), NOVA, BC),
    Case(
        "B020",
        "bedrock-nova-dpo",
        "openai-dpo",
        bedrock(turn("user", text("Hi")), turn("assistant", text("Yo"))),
        NOVA,
        "bedrock-nova-dpo",
    ),
    Case("B100", CM, OC, claude(system=["Be brief."]), CLAUDE, CM),
    Case("B101", CM, OC, claude(id=7), CLAUDE, CM),
    Case("Q001", GC, OC, {"contents": 7}, VERTEX, GC),
    Case(
        "Q002",
        GC,
        OC,
        gemini(part_turn("user", text("Hi")), part_turn("assistant", text("Yo"))),
        VERTEX,
        GC,
    ),
    Case("Q003", GC, OC, gemini(part_turn("user"), part_turn("model", text("Yo"))), VERTEX, GC),
    Case(
        "Q004",
        GC,
        OC,
        gemini(
            part_turn("user", text("Hi")), part_turn("model", {"executableCode": {"code": "1"}})
        ),
        VERTEX,
        GC,
    ),
    Case(
        "Q007",
        GC,
        OC,
        gemini(
            part_turn("user", {"fileData": {"fileUri": "https://e.com/a.png"}}),
            part_turn("model", text("Yo")),
        ),
        VERTEX,
        GC,
    ),
    Case(
        "Q008",
        GC,
        OC,
        gemini(
            part_turn("user", text("Hi")),
            part_turn("model", text("Yo")),
            part_turn("user", {"functionResponse": {"name": "f", "response": {}}}),
            part_turn("model", text("Yo")),
        ),
        VERTEX,
        GC,
    ),
    Case(
        "Q051",
        "gemini-preference",
        "openai-dpo",
        {
            "contents": [part_turn("user", text("Hi"))],
            "completions": [
                {"score": 1, "completion": part_turn("model", text("A"))},
                {"score": 0.5, "completion": part_turn("model", text("B"))},
            ],
        },
        VERTEX,
        "gemini-preference",
    ),
    # The target cannot hold what the line holds: check reports a hand-made target line.
    Case(
        "S008",
        "sharegpt",
        OC,
        {"conversations": [{"from": "human", "value": "Hi"}]},
        OA,
        "chat",
        chat(user("Hi")),
    ),
    Case(
        "S010",
        "sharegpt",
        OC,
        {
            "conversations": [
                {"from": "human", "value": "Hi", "weight": 1},
                {"from": "gpt", "value": "Yo"},
            ]
        },
        OA,
        "chat",
        chat(user("Hi", weight=1), assistant("Yo")),
    ),
    Case(
        "T003",
        BC,
        OC,
        bedrock(
            turn("user", text("Hi")),
            turn("assistant", USE),
            turn("user", text("Well?"), RESULT),
            turn("assistant", text("Sunny")),
            toolConfig={"tools": [DESCRIBED]},
        ),
        OA,
        "chat",
        chat(
            user("Hi"),
            assistant(None, tool_calls=[call("t1")]),
            user("Well?"),
            answer("t1"),
            assistant("Sunny"),
        ),
    ),
    Case(
        "V003",
        GC,
        OC,
        gemini(
            part_turn("user", {"fileData": {"mimeType": "image/png", "fileUri": "gs://b/a.png"}}),
            part_turn("model", text("A cat")),
        ),
        OA,
        "chat",
        chat(user([image("gs://b/a.png")]), assistant("A cat")),
    ),
    Case(
        "B003",
        OC,
        BC,
        TWO_USERS,
        NOVA,
        BC,
        bedrock(
            turn("user", text("Hi")), turn("user", text("There?")), turn("assistant", text("Hello"))
        ),
    ),
    Case(
        "B004",
        OC,
        BC,
        chat(user("Hi"), assistant("")),
        NOVA,
        BC,
        bedrock(turn("user", text("Hi")), turn("assistant", text(""))),
    ),
    Case(
        "B005",
        OC,
        BC,
        chat(user("User: hi"), assistant()),
        NOVA,
        BC,
        bedrock(turn("user", text("User: hi")), turn("assistant", text("Hello"))),
    ),
    Case(
        "B011",
        OC,
        BC,
        chat(user([image("https://e.com/a.png")]), assistant()),
        NOVA,
        BC,
        bedrock(
            turn(
                "user",
                {
                    "image": {
                        "format": "png",
                        "source": {"s3Location": {"uri": "https://e.com/a.png"}},
                    }
                },
            ),
            turn("assistant", text("Hello")),
        ),
    ),
    Case(
        "B014",
        OC,
        BC,
        chat(
            user("Hi"),
            assistant(None, tool_calls=[call()]),
            answer(),
            assistant("Sunny"),
            tools=[{"type": "function", "function": {"name": "weather"}}],
        ),
        NOVA,
        BC,
        bedrock(
            turn("user", text("Hi")),
            turn("assistant", USE),
            turn("user", RESULT),
            turn("assistant", text("Sunny")),
            toolConfig={"tools": [SPEC]},
        ),
    ),
    Case(
        "B018",
        OC,
        BC,
        chat(
            {"role": "system", "content": "A"},
            {"role": "system", "content": "B"},
            user("Hi"),
            assistant(),
        ),
        "bedrock-llama",
        BC,
        bedrock(system=[text("A"), text("B")]),
        LLAMA,
    ),
    Case(
        "B019",
        OC,
        BC,
        chat(
            tools=[{"type": "function", "function": {"name": "weather", "description": "Weather"}}]
        ),
        "bedrock-llama",
        BC,
        bedrock(toolConfig={"tools": [DESCRIBED]}),
        LLAMA,
    ),
    Case(
        "B021",
        "openai-dpo",
        "bedrock-nova-dpo",
        dpo(good=[assistant(None, tool_calls=[call()])]),
        NOVA,
        "bedrock-nova-dpo",
        nova_dpo(candidate("preferred", USE), candidate("non-preferred")),
    ),
    Case(
        "B100",
        OC,
        CM,
        chat(user([image("https://e.com/a.png")]), assistant()),
        CLAUDE,
        CM,
        claude(user([image("https://e.com/a.png")]), assistant()),
    ),
    Case(
        "B101",
        OC,
        CM,
        chat(user("Hi"), assistant("Hello", weight=0), user("Again"), assistant()),
        CLAUDE,
        CM,
        claude(user("Hi"), assistant("Hello", weight=0), user("Again"), assistant()),
    ),
    Case(
        "B102",
        OC,
        CM,
        chat(assistant(), user("Hi"), assistant()),
        CLAUDE,
        CM,
        claude(assistant(), user("Hi"), assistant()),
    ),
    Case(
        "B103",
        OC,
        CM,
        chat(user("x\nHuman: y"), assistant()),
        CLAUDE,
        CM,
        claude(user("x\nHuman: y"), assistant()),
    ),
    Case(
        "B104",
        OC,
        CM,
        chat(user("x" * 96_003), assistant()),
        CLAUDE,
        CM,
        claude(user("x" * 96_003), assistant()),
    ),
    Case(
        "Q004",
        OC,
        GC,
        chat(user(""), assistant()),
        VERTEX,
        GC,
        gemini(part_turn("user", text("")), part_turn("model", text("Hello"))),
    ),
    Case(
        "Q005",
        OC,
        GC,
        TWO_USERS,
        VERTEX,
        GC,
        gemini(
            part_turn("user", text("Hi")),
            part_turn("user", text("There?")),
            part_turn("model", text("Hello")),
        ),
    ),
    Case(
        "Q007",
        OC,
        GC,
        chat(user([image("https://e.com/cat")]), assistant()),
        VERTEX,
        GC,
        gemini(
            part_turn("user", {"fileData": {"fileUri": "https://e.com/cat"}}),
            part_turn("model", text("Hello")),
        ),
    ),
    Case(
        "Q050",
        "openai-dpo",
        "gemini-preference",
        dpo(user("Hi"), assistant("Yo")),
        VERTEX,
        "gemini-preference",
        {
            "contents": [part_turn("user", text("Hi")), part_turn("model", text("Yo"))],
            "completions": [
                {"score": 1, "completion": part_turn("model", text("A"))},
                {"score": 0, "completion": part_turn("model", text("B"))},
            ],
        },
    ),
    # Conversion rules: no line of the target can show these.
    Case("M001", "sharegpt", OC, {"conversations": [{"from": "observation", "value": "{}"}]}),
    Case("M002", "alpaca", OC, {"instruction": "i", "output": "o", "history": [["only one"]]}),
    Case("M003", "alpaca", OC, {"instruction": "Translate", "input": "cat", "output": "chat"}),
    Case("M004", "trl-preference", "openai-dpo", {"prompt": 7, "chosen": "a", "rejected": "b"}),
    Case(
        "M005",
        "trl-preference",
        "openai-dpo",
        {"chosen": [user("Q"), assistant("A")], "rejected": [user("Other"), assistant("B")]},
    ),
    Case(
        "M101", OC, BC, chat(user("Hi"), assistant("Hello", weight=0), user("Again"), assistant())
    ),
    Case("M102", OC, BC, chat(user("Hi", name="bob"), assistant())),
    Case("M103", OC, BC, chat(functions=[{"name": "weather"}])),
    Case("M104", OC, BC, chat(user("Hi"), assistant(None, tool_calls=[call(arguments="[1]")]))),
    Case(
        "M105",
        OC,
        BC,
        chat(
            {
                "role": "system",
                "content": [{"type": "text", "text": "A"}, {"type": "text", "text": "B"}],
            },
            user("Hi"),
            assistant(),
        ),
    ),
    Case(
        "M106",
        BC,
        OC,
        bedrock(
            turn("user", text("Hi")),
            turn("assistant", USE, text("Let me look.")),
            turn("user", RESULT),
            turn("assistant", text("Sunny")),
            toolConfig={"tools": [DESCRIBED]},
        ),
    ),
    Case(
        "M107",
        OC,
        GC,
        chat(
            user("Hi"), assistant(None, tool_calls=[call("abc")]), answer("abc"), assistant("Sunny")
        ),
    ),
    Case(
        "M110",
        BC,
        OC,
        bedrock(
            turn("user", text("Hi")),
            turn("assistant", {"reasoningContent": {"reasoningText": {"text": "Hm."}}}, text("Yo")),
        ),
    ),
    Case(
        "M111",
        BC,
        OC,
        bedrock(
            turn(
                "user",
                text("Hi"),
                {"video": {"format": "mp4", "source": {"s3Location": {"uri": "s3://b/a.mp4"}}}},
            ),
            turn("assistant", text("Yo")),
        ),
    ),
    Case(
        "M112",
        "bedrock-nova-dpo",
        "openai-dpo",
        nova_dpo(candidate("preferred"), candidate("non-preferred"), candidate("non-preferred")),
    ),
    Case("M113", OC, GC, chat(user([image("data:image/png,abc")]), assistant())),
    Case("M010", GC, OC, gemini(part_turn("model", {"functionCall": {"name": "f", "args": DEEP}}))),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.source}-{c.target}")
def test_the_line_is_rejected_with_the_code(case: Case) -> None:
    result = converter(case.source, case.target)(case.line, case.options)
    assert isinstance(result, Rejected), result
    assert result.rule == case.code, result


def _check(line: dict[str, Any], target: str, fmt: str) -> set[str]:
    rules = ftlint.select_rules(["ALL"], target=target)
    report = ftlint.check_lines(
        [json.dumps(line).encode() + b"\n"], format=fmt, rules=rules, target=target
    )
    return {finding.code for finding in report.findings}


CHECKED = [case for case in CASES if case.check_target is not None]


@pytest.mark.parametrize("case", CHECKED, ids=lambda c: f"{c.code}-{c.source}-{c.target}")
def test_check_reports_the_same_code_on_the_equivalent_line(case: Case) -> None:
    assert case.check_target is not None
    line = case.line if case.equivalent is None else case.equivalent
    assert case.code in _check(line, case.check_target, case.check_format)
    assert CONVERSION not in REGISTRY[case.code].formats


def test_conversion_rules_are_the_cases_no_check_can_show() -> None:
    for case in CASES:
        conversion = CONVERSION in REGISTRY[case.code].formats
        assert conversion == (case.check_target is None), case.code


def test_every_code_a_converter_names_has_a_case() -> None:
    covered = {case.code for case in CASES} | {"J001", "J002", "J010"}  # J: run.py, below
    assert sorted(set(NAMED) - covered) == []
    assert sorted(covered - set(NAMED)) == []


@pytest.mark.parametrize(
    ("raw", "code"), [(b"{oops", "J001"), (b"[1]", "J002"), (b'{"a": 1, "a": 2}', "J010")]
)
def test_lines_that_are_not_json_objects_name_the_jsonl_rules(raw: bytes, code: str) -> None:
    from ftlint.convert.run import _convert

    result = _convert(raw, converter(OC, GC), NONE)
    assert isinstance(result, Rejected) and result.rule == code
    assert code in _check_raw(raw)


def _check_raw(raw: bytes) -> set[str]:
    rules = ftlint.select_rules(["ALL"])
    report = ftlint.check_lines([raw + b"\n"], format="chat", rules=rules)
    return {finding.code for finding in report.findings}
