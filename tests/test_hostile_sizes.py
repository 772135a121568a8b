"""Many messages, tool calls, parts or findings on one line: every one is found, no crash.

The workloads are defined once, in bench/linearity.py, which also measures that time
grows linearly with them. Tests read no clock: here each workload runs at a small size
and its findings are checked exactly.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import ftlint


def _load_workloads() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "bench" / "linearity.py"
    spec = importlib.util.spec_from_file_location("linearity", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


W = _load_workloads()


def _line_errors(report: ftlint.FileReport) -> list[ftlint.Finding]:
    """Error findings on lines (warnings, such as duplicates, are allowed)."""
    return [f for f in report.findings if f.line is not None and f.severity.value == "error"]


@pytest.mark.parametrize(
    "make",
    [W.many_messages, W.many_tool_calls, W.many_duplicates, W.many_parts, W.big_schema_calls],
    ids=["messages", "tool-calls", "duplicate-lines", "content-parts", "big-schema-calls"],
)
def test_many_valid_items_give_no_error(make: Callable[[int], list[bytes]]) -> None:
    assert _line_errors(ftlint.check_lines(make(300))) == []


def test_many_messages_in_one_example() -> None:
    report = ftlint.check_lines(W.many_messages(5_000) * 10)
    assert report.errors == 0, report.findings[:3]
    assert report.stats.max_messages == 5_001


@pytest.mark.parametrize(
    "make",
    [W.bad_roles, W.bad_keys, W.bad_weights, W.bad_tool_calls, W.bad_top_level_keys],
    ids=["roles", "message-keys", "weights", "tool-calls", "top-level-keys"],
)
def test_one_schema_error_per_bad_item(make: Callable[[int], list[bytes]]) -> None:
    report = ftlint.check_lines(make(300))
    assert len(_line_errors(report)) == 300


@pytest.mark.parametrize(
    ("make", "code"),
    [(W.non_ascii_roles, "S005"), (W.non_ascii_keys, "S006")],
    ids=["roles", "message-keys"],
)
def test_one_schema_error_per_bad_item_on_a_non_ascii_line(
    make: Callable[[int], list[bytes]], code: str
) -> None:
    report = ftlint.check_lines(make(300))
    assert sum(f.code == code for f in report.findings) == 300


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (W.consecutive_users, "O001"),
        (W.empty_contents, "C008"),
        (W.special_tokens, "X001"),
        (W.undefined_calls, "T009"),
    ],
    ids=["O001", "C008", "X001", "T009"],
)
def test_one_rule_finding_per_item(make: Callable[[int], list[bytes]], code: str) -> None:
    report = ftlint.check_lines(make(100))
    # O001 is reported for each user message after the first.
    assert sum(f.code == code and f.line == 1 for f in report.findings) >= 99


def test_many_bad_lines() -> None:
    report = ftlint.check_lines(W.bad_lines(200))
    assert report.stats.lines == 600
    assert report.stats.blank == 200


def test_a_line_of_many_nul_and_bad_bytes_gives_one_finding_per_kind() -> None:
    """The line comes after ten good ones: a damaged line of a text file, not a binary file."""
    good = [b'{"prompt": "p%d", "completion": " c"}\n' % i for i in range(10)]
    line = b'{"prompt": "' + b"\x00\xff" * 50_000 + b'", "completion": " c"}\n'
    report = ftlint.check_lines([*good, line])
    found = [(f.line, f.code) for f in report.findings if f.line and f.severity.value == "error"]
    assert found == [(11, "J006"), (11, "J007")]


@pytest.mark.parametrize(
    "make",
    [
        lambda key: {"messages": [{"role": "assistant", "content": "a"}], key: 1},
        lambda key: {"messages": [{"role": "assistant", "content": "a", key: 1}]},
        lambda key: {key: 1},
    ],
    ids=["S003", "S006", "F003"],
)
def test_huge_unknown_key_is_cheap_and_shortened(make: Callable[[str], Any]) -> None:
    import tracemalloc

    key = "k" * 300_000
    line = json.dumps(make(key)).encode() + b"\n"
    tracemalloc.start()
    try:
        report = ftlint.check_lines([line])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    messages = [f.message for f in report.findings if f.line is not None]
    assert messages
    assert all(len(m) < 500 for m in messages), [len(m) for m in messages]
    assert peak < 12 * len(line), f"peak {peak // 1_000_000} MB for a 1 MB line"
