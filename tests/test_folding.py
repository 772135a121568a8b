"""Findings a folding report only counts are made without their column and details.

`ftlint check`'s text, Markdown and GitHub output show the first few findings of each rule
in a file and count the rest (``reporters.common.grouped``); the CLI then asks the engine
for ``fold_after``, and the output must stay what it would be with every finding in full.
"""

from __future__ import annotations

import json

import pytest

import ftlint
from ftlint.reporters import REPORTERS, ReportOptions
from ftlint.reporters.common import FOLD_ABOVE

SCHEMA = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}


def _line(i: int, calls_on_line: int = 0) -> str:
    """Tool calls whose arguments miss their schema (T012), one or two on a line, some on
    lines with other findings (a bad role: S005), so several rules fold."""
    arguments = ['{"n": "x"}', "{}"][: 1 + i % 2] if not calls_on_line else ["{}"] * calls_on_line
    calls = [
        {"id": f"c{i}_{j}", "type": "function", "function": {"name": "f", "arguments": args}}
        for j, args in enumerate(arguments)
    ]
    messages = [
        {"role": "user" if i % 3 else "human", "content": f"q{i}"},
        {"role": "assistant", "content": None, "tool_calls": calls},
        *({"role": "tool", "tool_call_id": c["id"], "content": "r"} for c in calls),
        {"role": "assistant", "content": "a"},
    ]
    tools = [{"type": "function", "function": {"name": "f", "parameters": SCHEMA}}]
    return json.dumps({"messages": messages, "tools": tools})


@pytest.fixture
def data(write_jsonl):
    # First, more findings of a rule on one line than the report shows: none is folded.
    return write_jsonl("data.jsonl", [_line(1, FOLD_ABOVE + 3), *(_line(i) for i in range(60))])


@pytest.mark.parametrize("name", [name for name, r in REPORTERS.items() if r.folds])
def test_a_folding_report_is_the_same_with_and_without_the_details(data, name):
    full = ftlint.check_file(str(data))
    folded = ftlint.check_file(str(data), fold_after=FOLD_ABOVE)
    options = ReportOptions()
    assert "".join(REPORTERS[name].render(folded, options)) == "".join(
        REPORTERS[name].render(full, options)
    )
    # The same findings, counted and on the same lines; those past the first ones have
    # no column, and T012 left out its details.
    assert [(f.line, f.code) for f in folded.findings] == [(f.line, f.code) for f in full.findings]
    bare = [f for f in folded.findings if f.line is not None and f.column is None]
    assert {f.code for f in bare} == {"T012", "S005"}
    assert all("(details left out)" in f.message for f in bare if f.code == "T012")
    for code in ("T012", "S005"):
        kept = [f for f in folded.findings if f.code == code and f.column is not None]
        assert len(kept) >= FOLD_ABOVE


def test_the_cli_folds_only_when_its_report_does(run, data):
    text = run("check", str(data)).stdout
    assert "more findings of this rule" in text
    assert "(details left out)" not in text
    every = run("check", "--all-findings", str(data)).stdout
    t012 = sum(f.code == "T012" for f in ftlint.check_file(str(data)).findings)
    assert "(details left out)" not in every and every.count(" T012 ") == t012 > FOLD_ABOVE
    as_json = json.loads(run("check", "-o", "json", str(data)).stdout)
    assert all(f["column"] is not None for f in as_json["findings"] if f["line"] is not None)
