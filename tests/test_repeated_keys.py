"""J010 (opt-in): a line's repeated keys, at any depth, with the object's path; a line that
repeats no key is parsed once, by a parser that stops at the first repeat, and its pairs
are never kept nor walked."""

from __future__ import annotations

import json

import ftlint
from ftlint.engine import explain

_CLEAN = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}


def _j010(lines: list[bytes]) -> list[tuple[int | None, str | None]]:
    report = ftlint.check_lines(lines, rules={"J010"})
    return [(f.line, f.json_path) for f in report.findings]


def test_a_repeat_at_any_depth_is_found_with_its_path() -> None:
    clean = json.dumps(_CLEAN).encode() + b"\n"
    inner = clean.replace(b'"content": "Yo"', b'"content": "Yo", "content": "Yo!"')
    outer = clean.replace(b'{"messages"', b'{"x": 1, "x": 2, "messages"')
    assert _j010([clean, inner, outer]) == [(2, "$.messages[1]"), (3, "$")]


def test_a_line_without_repeats_never_keeps_its_pairs() -> None:
    lines = [json.dumps({**_CLEAN, "n": i}).encode() + b"\n" for i in range(50)]
    before = explain._pairs.cache_info()
    assert _j010(lines) == []
    after = explain._pairs.cache_info()
    assert after.hits + after.misses == before.hits + before.misses  # never asked for
    assert _j010([lines[0].replace(b'"n"', b'"n": 0, "n"')]) == [(1, "$")]
    again = explain._pairs.cache_info()
    assert again.hits + again.misses == after.hits + after.misses + 1
