"""The Locator places members from msgspec's value lengths: the same offsets as a scan.

`jsonpos.Locator` reads a container's members with msgspec (Raw values, their lengths)
and falls back to scanning the line in Python where that cannot tell (a repeated key
whose values differ, irregular separators). Either way the offsets must be those of the
scan, which these tests replay with `jsonpos._members` alone.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ftlint import jsonpos

LINES = [
    b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n',
    b'{"messages":[{"role":"user","content":[{"type":"text","text":"a,b"}]}],"tools":[]}',
    b'{ "a" :[1 ,2,  3 ] , "b":{"c" : "x,y"}}\r\n',
    b'{"a": 1, "a": 2}',  # repeated key, values differ: the first one counts
    b'{"a": 12, "b": {"a": 1}, "a": 1}',  # a shorter repeat: 1 is a prefix of 12
    b'{"a": {"x": 1}, "b": 2, "a": {"x": 1}}',  # repeated key, same value
    b'{"a": "b", "c": 1, "a": "bcdef"}',
    b'{"\\u0061": 1, "b": [ ], "\\"q\\"": {}}',  # escaped keys
    b'  [1, [2, 3], {"a": [4]}, "x"]  ',
    b'{"k": [1,2 , 3,4], "e": {}, "n": null, "f": -1.5e3, "t": true}',
    '{"é": "ü", "k": ["日本", {"€": 1}]}'.encode(),
    b'{"deep": [[[[[[{"a": [1]}]]]]]]}',
]


class _Pairs(list):  # type: ignore[type-arg]
    pass


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(node, _Pairs):
        for key, value in node:
            found += _paths(value, (*prefix, key))
        found.append((*prefix, "missing"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
        found.append((*prefix, len(node)))
    return found


def _scanned(raw: bytes, path: tuple[str | int, ...], key: str | None) -> int | None:
    """Locator.locate, with every container read by the Python scan."""
    pos = jsonpos._skip_ws(raw, 0)
    if pos >= len(raw):
        return None

    def index(at: int) -> dict[str | int, tuple[int, int]]:
        found: dict[str | int, tuple[int, int]] = {}
        for name, key_pos, value_pos in jsonpos._members(raw, at):
            found.setdefault(name, (key_pos, value_pos))
        return found

    for seg in path:
        hit = index(pos).get(seg)
        if hit is None:
            return pos
        pos = hit[1]
    if key is not None:
        hit = index(pos).get(key)
        if hit is not None:
            return hit[0]
    return pos


@pytest.mark.parametrize("raw", LINES)
def test_offsets_are_those_of_the_scan(raw: bytes) -> None:
    tree = json.loads(raw.decode(), object_pairs_hook=_Pairs)
    locator = jsonpos.Locator(raw)
    for path in _paths(tree):
        for key in (None, "a", "role", "missing"):
            offset = locator.locate(path, key)
            assert offset == _scanned(raw, path, key), (path, key)
            if offset is not None:
                assert locator.column(offset) >= 1


def test_a_line_that_is_not_json_is_scanned() -> None:
    raw = b'{"a": [1, 2}, "b": 3'
    assert jsonpos.Locator(raw).locate(("b",)) == _scanned(raw, ("b",), None)
