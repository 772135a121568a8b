"""A function's `parameters` is kept as raw JSON: it must still be a JSON object (R32)."""

from __future__ import annotations

import json

import ftlint


def _example(i: int, parameters: object, key: str = "tools") -> bytes:
    function = {"name": "lookup", "parameters": parameters}
    defs = [{"type": "function", "function": function}] if key == "tools" else [function]
    line = {
        "messages": [
            {"role": "user", "content": f"find {i}"},
            {"role": "assistant", "content": f"found {i}"},
        ],
        key: defs,
    }
    return json.dumps(line).encode() + b"\n"


def test_parameters_must_be_an_object() -> None:
    good = [_example(i, {"type": "object"}) for i in range(10)]
    assert ftlint.check_lines(good).findings == ()
    for bad, code in ((["x"], "T005"), (5, "T005"), ("schema", "T005")):
        report = ftlint.check_lines([*good, _example(99, bad)])
        [finding] = report.findings
        assert (finding.line, finding.code) == (11, code)
        assert finding.json_path == "$.tools[0].function.parameters"
    report = ftlint.check_lines([*good, _example(99, [], key="functions")])
    assert [(f.line, f.code) for f in report.findings] == [(11, "T006")]


def test_a_schema_error_elsewhere_is_still_reported_with_raw_parameters() -> None:
    line = json.loads(_example(1, {"type": "object"}))
    line["tools"][0]["function"]["strict"] = "yes"
    report = ftlint.check_lines([json.dumps(line).encode()])
    assert [f.code for f in report.findings if f.line] == ["T005"]
    assert "boolean" in report.findings[-1].message or "bool" in report.findings[-1].message
