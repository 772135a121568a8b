"""Finding positions: `jsonpos.Locator` gives the offset of every value and key of a line.

Lines are rendered here with random spacing while the offset of each value and key is
recorded, so the expected offsets do not come from the code under test.
"""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.jsonpos import Locator

Path = tuple[str | int, ...]


def _render(
    value: Any, rng: random.Random, out: list[str], at: dict[Path, int], keys: dict[Path, int]
) -> None:
    """Append ``value``'s JSON to ``out``; record each value's offset (``at``) and each
    key's (``keys``), by path, first occurrence of a repeated key only."""

    # As json.dumps writes (", " and ": "), compact, or any spacing anywhere.
    anywhere = ("", "", " ", "  ", "\t", "\r\n ")
    after, inside = rng.choice([((" ",), ("",)), (("",), ("",)), (anywhere, anywhere)])
    ascii = rng.random() < 0.5  # non-ASCII escaped as json.dumps does, or as it is

    def offset() -> int:
        return len("".join(out).encode())

    def comma() -> str:
        return rng.choice(inside) + "," + rng.choice(after)

    def walk(v: Any, path: Path) -> None:
        at.setdefault(path, offset())
        if isinstance(v, list):
            out.append("[" + rng.choice(inside))
            for i, item in enumerate(v):
                out.append(comma() if i else "")
                walk(item, (*path, i))
            out.append(rng.choice(inside) + "]")
        elif isinstance(v, tuple):  # an object as pairs, so keys may repeat
            out.append("{" + rng.choice(inside))
            for i, (k, item) in enumerate(v):
                out.append(comma() if i else "")
                first = (*path, k) not in keys
                if first:
                    keys[(*path, k)] = offset()
                out.append(json.dumps(k, ensure_ascii=ascii) + rng.choice(inside) + ":")
                out.append(rng.choice(after))
                if first:
                    walk(item, (*path, k))
                else:
                    # A repeated key's value is not where the path leads.
                    walk(item, (*path, k, "repeated"))
            out.append(rng.choice(inside) + "}")
        else:
            out.append(json.dumps(v, ensure_ascii=ascii))

    walk(value, ())


def _values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-20, 2000),
        st.sampled_from([1.5, -0.25, 1e21]),
        st.text(alphabet='ab"\\\n é€😀{}[],:', max_size=6),
    )
    names = st.sampled_from(["a", "b", "role", 'q"x', "é", "\\"])
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(st.tuples(names, inner), max_size=4).map(tuple),
        ),
        max_leaves=20,
    )


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_values(), st.integers(0, 2**16))
def test_every_value_and_key_is_found_where_it_was_written(value: Any, seed: int) -> None:
    rng = random.Random(seed)
    out: list[str] = [rng.choice(["", " "])]
    at: dict[Path, int] = {}
    keys: dict[Path, int] = {}
    _render(value, rng, out, at, keys)
    raw = ("".join(out) + rng.choice(["", "\n", "\r\n"])).encode()
    locator = Locator(raw)
    paths = [p for p in at if "repeated" not in p]
    rng.shuffle(paths)  # any order of queries: containers are indexed on first need
    for path in paths:
        assert locator.locate(path) == at[path], (raw, path)
    for path, offset in keys.items():
        if "repeated" in path:
            continue
        assert locator.locate(path[:-1], key=str(path[-1])) == offset, (raw, path)
    if paths:
        deepest = max(paths, key=len)
        assert locator.locate((*deepest, "missing")) == at[deepest]


def test_lines_that_are_not_valid_json_are_still_located() -> None:
    """Truncated, trailing data, too deep for msgspec: the scan in Python decides."""
    assert Locator(b'{"a": [1, {"b": 2}], "c": [3').locate(("a", 1, "b")) == 16
    assert Locator(b'{"a": [1, {"b": 2}], "c": 3} x').locate(("c",)) == 26
    deep = b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b', "b": 1}'
    assert Locator(deep).locate(("b",)) == len(deep) - 2
    assert Locator(deep).locate(("a", 0, 0)) == 8


def test_columns_count_code_points() -> None:
    raw = '{"é": "😀", "b": 1}'.encode()
    locator = Locator(raw)
    assert locator.column(locator.locate(("b",))) == len('{"é": "😀", "b": ') + 1
