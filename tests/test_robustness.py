"""Bad input of any kind gives findings, never an exception.

Seeded mutations of valid examples of every format: byte-level damage (deletions,
insertions of structural characters, NUL, invalid UTF-8, a BOM, CR) and value-level
damage (a value swapped for a value of another JSON type, a key dropped or added).
The property-based suite of the robustness issue goes further; this is the floor.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

import ftlint

BASE = [
    {
        "messages": [
            {"role": "system", "content": "s"},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "hi"},
                    {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "low"}},
                ],
            },
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "r"},
            {"role": "assistant", "content": "done", "weight": 0},
        ],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
    },
    {
        "input": {"messages": [{"role": "user", "content": "q"}]},
        "preferred_output": [{"role": "assistant", "content": "a"}],
        "non_preferred_output": [{"role": "assistant", "content": "b"}],
    },
    {
        "messages": [{"role": "developer", "content": "d"}, {"role": "user", "content": "u"}],
        "ref": "x",
    },
    {"prompt": "p", "completion": " c"},
]
VALUES: list[Any] = [
    None,
    True,
    0,
    2,
    1.0,
    "",
    "x",
    "assistant",
    "developer",
    [],
    {},
    [{}],
    {"role": "user"},
    {"type": "text"},
    10**30,
    1e308,
    "\ud800",
]
FORMATS = ["auto", "chat", "completion", "preference", "reinforcement"]


def _paths(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    )
    for key, value in items:
        yield from _paths(value, (*path, key))


def _mutate_value(rng: random.Random) -> bytes:
    obj = copy.deepcopy(rng.choice(BASE))
    for _ in range(rng.randint(1, 3)):
        paths = list(_paths(obj))
        if not paths:
            break
        path = rng.choice(paths)
        parent = obj
        for seg in path[:-1]:
            parent = parent[seg]
        if rng.random() < 0.7:
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
        else:
            del parent[path[-1]]
    return json.dumps(obj).encode("utf-8", "surrogatepass")


def _mutate_bytes(rng: random.Random) -> bytes:
    data = bytearray(json.dumps(rng.choice(BASE)).encode())
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(data))
        op = rng.random()
        if op < 0.3:
            del data[i : i + rng.randint(1, 8)]
        elif op < 0.6:
            data.insert(i, rng.choice(b'{}[]",:0\x00\xff\r '))
        else:
            data[i:i] = rng.choice([b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\n", b"\r\n", b"null"])
    return bytes(data)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_input_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(500):
        lines = [
            (_mutate_value if rng.random() < 0.5 else _mutate_bytes)(rng) + b"\n"
            for _ in range(rng.randint(1, 5))
        ]
        data = b"".join(lines)
        fmt = rng.choice(FORMATS)
        # Split on b"\n" only, as JSONL does (bytes.splitlines would also split on b"\r").
        raw_lines = [part + b"\n" for part in data.split(b"\n")[:-1]]
        report = ftlint.check_lines(raw_lines, format=fmt)
        n_lines = len(raw_lines)
        assert report.stats.lines == n_lines
        for finding in report.findings:
            assert finding.line is None or 1 <= finding.line <= n_lines, finding
            assert finding.code in ftlint.rules.REGISTRY
        # Every non-blank line is an example; examples and blank lines add up to the lines.
        assert report.stats.examples + report.stats.blank == report.stats.lines
