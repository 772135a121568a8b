"""Time is linear in the input: no quadratic path over messages, tool calls or findings.

Each test checks an input of size n and of size 4n and compares the best of a few wall
times. Linear work gives a ratio near 4 and quadratic work near 16; the bound (10) is
loose so a busy CI machine does not fail it, and the sizes keep each test well under a
second when the code is linear.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

import ftlint

RATIO = 10.0


def _best(lines: list[bytes], fmt: str, repeat: int) -> tuple[float, ftlint.FileReport]:
    """Best CPU time of ``repeat`` runs (CPU time: another busy process does not count)."""
    best = float("inf")
    report = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            report = ftlint.check_lines(lines, format=fmt)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    assert report is not None
    return best, report


def _ratio(
    make: Callable[[int], list[bytes]],
    n: int,
    fmt: str = "auto",
    repeat: int = 2,
    factor: int = 4,
) -> tuple[float, ftlint.FileReport]:
    """Time(factor * n) / time(n), and the report of the larger size."""
    small, large = make(n), make(factor * n)
    _best(small, fmt, 1)  # warm caches (schema field tables, regexes)
    t_small, _ = _best(small, fmt, 3)
    t_large, report = _best(large, fmt, repeat)
    return t_large / max(t_small, 1e-3), report


def _line(obj: Any) -> list[bytes]:
    return [json.dumps(obj, ensure_ascii=False).encode() + b"\n"]


def _line_errors(report: ftlint.FileReport) -> list[ftlint.Finding]:
    """Error findings on lines (warnings, such as duplicates, are allowed)."""
    return [f for f in report.findings if f.line is not None and f.severity.value == "error"]


# -- valid data (the fast path) ---------------------------------------------------------


def many_messages(n: int) -> list[bytes]:
    msgs = [{"role": "user" if i % 2 else "assistant", "content": f"m{i}"} for i in range(n)]
    return _line({"messages": [*msgs, {"role": "assistant", "content": "end"}]})


def many_tool_calls(n: int) -> list[bytes]:
    calls = [
        {"id": f"c{i}", "type": "function", "function": {"name": "f", "arguments": "{}"}}
        for i in range(n)
    ]
    msgs: list[dict[str, Any]] = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": None, "tool_calls": calls},
    ]
    msgs += [{"role": "tool", "tool_call_id": f"c{i}", "content": "r"} for i in range(n)]
    msgs.append({"role": "assistant", "content": "done"})
    return _line(
        {
            "messages": msgs,
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
        }
    )


def many_duplicates(n: int) -> list[bytes]:
    return (
        _line(
            {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
        )
        * n
    )


def many_parts(n: int) -> list[bytes]:
    parts = [{"type": "text", "text": f"t{i}"} for i in range(n)]
    return _line(
        {"messages": [{"role": "user", "content": parts}, {"role": "assistant", "content": "a"}]}
    )


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (many_messages, 25_000),
        (many_tool_calls, 10_000),
        (many_duplicates, 25_000),
        (many_parts, 25_000),
    ],
    ids=["messages", "tool-calls", "duplicate-lines", "content-parts"],
)
def test_valid_input_is_linear(make: Callable[[int], list[bytes]], n: int) -> None:
    ratio, report = _ratio(make, n)
    assert _line_errors(report) == []
    assert ratio < RATIO


def test_100k_messages_in_one_example() -> None:
    lines = many_messages(100_000)
    start = time.perf_counter()
    report = ftlint.check_lines(lines * 10)
    assert time.perf_counter() - start < 10
    assert report.errors == 0, report.findings[:3]
    assert report.stats.max_messages == 100_001


# -- the error path ----------------------------------------------------------------------


def bad_roles(n: int, text: str = "x") -> list[bytes]:
    msgs = [{"role": "human", "content": text} for _ in range(n)]
    return _line({"messages": [*msgs, {"role": "assistant", "content": "a"}]})


def bad_keys(n: int, text: str = "x") -> list[bytes]:
    msgs = [{"role": "user", "content": text, "extra": 1} for _ in range(n)]
    return _line({"messages": [*msgs, {"role": "assistant", "content": "a"}]})


def bad_weights(n: int) -> list[bytes]:
    return _line({"messages": [{"role": "assistant", "content": "x", "weight": 2}] * n})


def bad_tool_calls(n: int) -> list[bytes]:
    calls = [{"type": "function", "function": {"name": "f", "arguments": "{}"}}] * n  # no id
    return _line(
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls": calls}]}
    )


def bad_top_level_keys(n: int) -> list[bytes]:
    obj: dict[str, Any] = {
        "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    }
    obj.update({f"key{i}": i for i in range(n)})
    return _line(obj)


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (bad_roles, 1_500),
        (bad_keys, 1_500),
        (bad_weights, 1_500),
        (bad_tool_calls, 1_500),
        (bad_top_level_keys, 1_500),
    ],
    ids=["roles", "message-keys", "weights", "tool-calls", "top-level-keys"],
)
def test_many_errors_on_one_line_ascii(make: Callable[[int], list[bytes]], n: int) -> None:
    """Schema errors (one per message, call or key) on one ASCII line: linear."""
    ratio, report = _ratio(make, n)
    assert len(_line_errors(report)) == 4 * n
    assert ratio < RATIO


@pytest.mark.parametrize(
    ("make", "code"), [(bad_roles, "S005"), (bad_keys, "S006")], ids=["roles", "message-keys"]
)
def test_many_errors_on_one_non_ascii_line(make: Callable[..., list[bytes]], code: str) -> None:
    """8,000 bad messages whose text is not ASCII: still linear.

    Sizes 1,000 and 8,000: linear work gives a ratio near 8, quadratic work near 64; the
    bound is 20.
    """
    ratio, report = _ratio(lambda n: make(n, "é" * 40), 1_000, repeat=1, factor=8)
    assert sum(f.code == code for f in report.findings) == 8_000
    assert ratio < 2 * RATIO


def consecutive_users(n: int) -> list[bytes]:
    msgs = [{"role": "user", "content": f"q{i}"} for i in range(n)]  # O001 for each
    return _line({"messages": [*msgs, {"role": "assistant", "content": "a"}]})


def empty_contents(n: int) -> list[bytes]:
    pair = [{"role": "user", "content": ""}, {"role": "assistant", "content": "a"}]  # C008
    return _line({"messages": pair * n})


def special_tokens(n: int) -> list[bytes]:
    pair = [{"role": "user", "content": "<|endoftext|>"}, {"role": "assistant", "content": "a"}]
    return _line({"messages": pair * n})  # X001 for each user message


def undefined_calls(n: int) -> list[bytes]:
    calls = [
        {"id": f"c{i}", "type": "function", "function": {"name": "nope", "arguments": "{}"}}
        for i in range(n)
    ]  # T009 for each
    msgs: list[dict[str, Any]] = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": None, "tool_calls": calls},
    ]
    msgs += [{"role": "tool", "tool_call_id": f"c{i}", "content": "r"} for i in range(n)]
    msgs.append({"role": "assistant", "content": "done"})
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    return _line({"messages": msgs, "tools": tools})


@pytest.mark.parametrize(
    "make",
    [consecutive_users, empty_contents, special_tokens, undefined_calls],
    ids=["O001", "C008", "X001", "T009"],
)
def test_many_rule_findings_on_one_line(make: Callable[[int], list[bytes]]) -> None:
    """Findings of the semantic rules (one per message or call) on one line: linear.

    Sizes 50 and 400: linear work gives a ratio near 8, quadratic work near 64.
    """
    ratio, report = _ratio(make, 50, repeat=1, factor=8)
    assert sum(f.line == 1 for f in report.findings) >= 399
    assert ratio < 2 * RATIO


def big_schema_calls(n: int) -> list[bytes]:
    """n calls to one function whose parameters schema has n properties."""
    params = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(n)}}
    calls = [
        {"id": f"c{i}", "type": "function", "function": {"name": "f", "arguments": '{"p0": "x"}'}}
        for i in range(n)
    ]
    msgs: list[dict[str, Any]] = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": None, "tool_calls": calls},
    ]
    msgs += [{"role": "tool", "tool_call_id": f"c{i}", "content": "r"} for i in range(n)]
    msgs.append({"role": "assistant", "content": "done"})
    tools = [{"type": "function", "function": {"name": "f", "parameters": params}}]
    return _line({"messages": msgs, "tools": tools})


def test_many_calls_to_a_function_with_a_big_schema() -> None:
    """Sizes 500 and 4,000 (calls and schema properties): linear near 8, quadratic near 64."""
    ratio, report = _ratio(big_schema_calls, 500, repeat=1, factor=8)
    assert _line_errors(report) == []
    assert ratio < 2 * RATIO


def test_many_bad_lines_are_linear() -> None:
    def bad_file(n: int) -> list[bytes]:
        return [b'{"messages": [{"role": "human", "content": "\xc3\xa9"}]}\n', b"{,\n", b"\n"] * n

    ratio, report = _ratio(bad_file, 1_500)
    assert report.stats.lines == 18_000
    assert ratio < RATIO


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
