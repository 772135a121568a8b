"""The rules' hooks are looked up once per format, rule set and dialect, for every file.

The walk made from them is new for each file, since it holds the file's state (which
output hooks are done with it): one file never changes what the next one is told.
"""

from __future__ import annotations

import json

import ftlint
from ftlint.rules import walk


def _chat(answers: list[str]) -> list[str]:
    return [
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                 {"role": "assistant", "content": a}]})
        for i, a in enumerate(answers)
    ]  # fmt: skip


def test_one_table_of_hooks_serves_files_that_each_keep_their_own_state(write_jsonl) -> None:
    """F007 (every output the same) stops looking at a file once two outputs differ: a
    file that stopped it first must not stop it for the next, nor the reverse."""
    varied = write_jsonl("varied.jsonl", _chat([f"a{i}" for i in range(12)]))
    same = write_jsonl("same.jsonl", _chat(["a"] * 12))
    same2 = write_jsonl("same2.jsonl", _chat(["b"] * 12))
    varied2 = write_jsonl("varied2.jsonl", _chat([f"b{i}" for i in range(12)]))
    walk._planned.cache_clear()
    for order in ((varied, same), (same, varied), (same, same2), (varied, varied2)):
        report = ftlint.check_paths([str(p) for p in order])
        f007 = [any(f.code == "F007" for f in file.findings) for file in report.files]
        assert f007 == [path in (same, same2) for path in order]
    info = walk._planned.cache_info()
    assert info.misses == 1 and info.hits == 7  # one table for the eight files
