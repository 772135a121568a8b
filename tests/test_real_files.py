"""The shapes of real JSONL files that the other fixtures lack (issue #12).

Each test fails on the code before the issue was fixed: tool-calling outputs (F007),
classification data (L005), user-only RFT files (format detection, F011), floods of one
finding (grouped output), the validation file's pair rules and the server's token count.
"""

from __future__ import annotations

import json
from typing import Any

import ftlint

_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
        },
    }
]


def _lines(examples: list[dict[str, Any]]) -> list[bytes]:
    return [json.dumps(e).encode() + b"\n" for e in examples]


def _codes(report: ftlint.FileReport) -> list[str]:
    return [f.code for f in report.findings]


def _tool_call(i: int, arguments: str) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "user", "content": f"question {i}"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{i}",
                        "type": "function",
                        "function": {"name": "lookup", "arguments": arguments},
                    }
                ],
            },
        ],
        "tools": _TOOLS,
    }


def test_tool_calls_with_other_arguments_are_other_outputs() -> None:
    lines = _lines([_tool_call(i, json.dumps({"q": f"q{i}"})) for i in range(12)])
    assert "F007" not in _codes(ftlint.check_lines(lines))


def test_the_same_tool_call_in_every_example_is_one_output() -> None:
    # Only the call ids differ: the model is trained to produce the same call every time.
    lines = _lines([_tool_call(i, '{"q": "same"}') for i in range(12)])
    assert _codes(ftlint.check_lines(lines)) == ["F007"]
