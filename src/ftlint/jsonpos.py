"""Find where a JSON path points inside one raw JSON line, for finding columns.

msgspec reports paths, not positions. A linter must still give a column, so that
editors and CI annotations land on the right spot. This scanner walks the raw bytes of
one line that is already known to be valid JSON. It is iterative, so deep nesting cannot
exhaust the stack, and it runs only when a finding is reported.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Sequence

import msgspec

_WS = b" \t\r\n"
# Unrolled ("normal* (special normal*)*"): several times faster than an alternation
# per character on long strings.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_SPECIAL = re.compile(rb'["{}\[\]]')
_SCALAR_END = re.compile(rb"[,\]}\s]")


def _skip_ws(raw: bytes, pos: int) -> int:
    n = len(raw)
    while pos < n and raw[pos] in _WS:
        pos += 1
    return pos


def _skip_value(raw: bytes, pos: int) -> int:
    """Return the offset just past the JSON value that starts at ``pos``."""
    first = raw[pos : pos + 1]
    if first == b'"':
        m = _STRING.match(raw, pos)
        return m.end() if m else len(raw)
    if first in (b"{", b"["):
        depth = 0
        while True:
            m = _SPECIAL.search(raw, pos)
            if m is None:
                return len(raw)
            ch = m.group()
            if ch == b'"':
                s = _STRING.match(raw, m.start())
                pos = s.end() if s else len(raw)
                continue
            depth += 1 if ch in (b"{", b"[") else -1
            pos = m.end()
            if depth == 0:
                return pos
    m = _SCALAR_END.search(raw, pos)
    return m.start() if m else len(raw)


def _members(raw: bytes, pos: int) -> list[tuple[str | int, int, int]]:
    """List ``(key or index, key offset, value offset)`` of the object or array at ``pos``."""
    out: list[tuple[str | int, int, int]] = []
    opener = raw[pos : pos + 1]
    if opener not in (b"{", b"["):
        return out
    is_obj = opener == b"{"
    pos = _skip_ws(raw, pos + 1)
    index = 0
    while pos < len(raw) and raw[pos : pos + 1] not in (b"}", b"]"):
        key_pos = pos
        key: str | int = index
        if is_obj:
            m = _STRING.match(raw, pos)
            if m is None:
                return out
            key = msgspec.json.decode(m.group(), type=str)
            pos = _skip_ws(raw, m.end())
            pos = _skip_ws(raw, pos + 1)  # the colon
        out.append((key, key_pos, pos))
        pos = _skip_ws(raw, _skip_value(raw, pos))
        if raw[pos : pos + 1] == b",":
            pos = _skip_ws(raw, pos + 1)
        index += 1
    return out


class Locator:
    """Answers position queries for one raw line, caching each container it has scanned.

    The cache keeps many findings on one long line linear: each object or array is
    scanned once, however many findings point into it.
    """

    __slots__ = ("_ascii", "_cache", "_columns", "_ends", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._cache: dict[int, dict[str | int, tuple[int, int]]] = {}
        self._ends: dict[int, int] = {}  # where the values indexed so far end
        self._ascii = raw.isascii()
        self._columns: list[tuple[int, int]] = [(0, 1)]  # (byte offset, its column)

    def column(self, offset: int) -> int:
        """1-based code-point column of byte ``offset``: O(1) for ASCII lines, and
        incremental otherwise, so many findings on one long line stay linear."""
        if self._ascii:
            return offset + 1
        known = self._columns
        if offset >= known[-1][0]:
            base, col = known[-1]
        else:
            base, col = max((k for k in known if k[0] <= offset), default=(0, 1))
        col += len(self.raw[base:offset].decode("utf-8", "replace"))
        if offset > known[-1][0]:
            known.append((offset, col))
        return col

    def _index(self, pos: int) -> dict[str | int, tuple[int, int]]:
        found = self._cache.get(pos)
        if found is None:
            found = _index_by_length(self.raw, pos, self._ends)
            if found is None:
                found = {}
                for name, key_pos, value_pos in _members(self.raw, pos):
                    found.setdefault(name, (key_pos, value_pos))
            self._cache[pos] = found
        return found

    def locate(self, path: Sequence[str | int], key: str | None = None) -> int | None:
        """Byte offset of the value at ``path``, or of the member ``key`` of that value.

        Returns the deepest offset it could reach: if a segment is missing, the offset of
        its parent. Returns ``None`` only if the line does not start with a JSON value.
        """
        raw = self.raw
        pos = _skip_ws(raw, 0)
        if pos >= len(raw):
            return None
        for seg in path:
            hit = self._index(pos).get(seg)
            if hit is None:
                return pos
            pos = hit[1]
        if key is not None:
            hit = self._index(pos).get(key)
            if hit is not None:
                return hit[0]
        return pos


def char_column(raw: bytes, offset: int) -> int:
    """1-based column in code points of byte ``offset``; an invalid byte counts as one."""
    return len(raw[:offset].decode("utf-8", "replace")) + 1


_RAW_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_RAW_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
# A key with its colon, a colon, and what follows a value: each found by one regex call.
_KEY = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")[ \t\r\n]*:[ \t\r\n]*', re.DOTALL)
_COLON = re.compile(rb"[ \t\r\n]*:[ \t\r\n]*")
_AFTER = re.compile(rb"[ \t\r\n]*([,}\]])[ \t\r\n]*")

Members = dict[str | int, tuple[int, int]]


def _index_by_length(raw: bytes, pos: int, ends: dict[int, int]) -> Members | None:
    """The members of the container at ``pos`` as :meth:`Locator._index` keeps them, with
    the values' lengths taken from msgspec (``Raw`` values, found in C) instead of a scan in
    Python; the end of each value goes into ``ends``.

    ``None`` when this cannot tell: the container's end is not known, it is not valid
    JSON, or a repeated key's values differ (msgspec keeps the last, this reads the
    first); the caller then scans.
    """
    opener = raw[pos : pos + 1]
    if opener not in (b"{", b"["):
        return None
    if pos not in ends:
        if raw[:pos].strip(b" \t\r\n"):
            return None
        ends[pos] = len(raw)  # the line's own value: it runs to the end of the line
    end = ends[pos]
    view = raw if pos == 0 and end == len(raw) else memoryview(raw)[pos:end]
    try:
        if opener == b"[":
            return _items(raw, pos, _RAW_ARRAY.decode(view), ends)
        members = _RAW_OBJECT.decode(view)
    except (msgspec.DecodeError, RecursionError):
        return None
    return _rebuilt(raw, pos, members, ends) or _keys(raw, pos, members, ends)


def _rebuilt(
    raw: bytes, pos: int, members: dict[str, msgspec.Raw], ends: dict[int, int]
) -> Members | None:
    """The members of an object written with one separator after every key and one between
    members, and its keys as msgspec writes them: its text, rebuilt from the parts in C,
    then matches the line, and the lengths give every position. ``None`` otherwise.

    A repeated key makes the text differ, unless its values are the same bytes; the first
    of them is then where the rebuilt text says.
    """
    found: Members = {}
    at = _skip_ws(raw, pos + 1)
    if not members:
        return found
    keys = list(map(msgspec.json.encode, members))
    values = list(members.values())
    colon = _COLON.match(raw, at + len(keys[0]))
    if colon is None:
        return None
    sep_kv = colon.group()
    first_end = colon.end() + len(values[0])
    after = _AFTER.match(raw, first_end)
    sep = raw[first_end : after.end()] if after is not None and after.group(1) == b"," else b""
    text = sep.join(map(b"".join, zip(keys, itertools.repeat(sep_kv), values)))
    if not raw.startswith(text, at):
        return None
    for key, key_text, value in zip(members, keys, values, strict=True):
        start = at + len(key_text) + len(sep_kv)
        found[key] = (at, start)
        at = ends[start] = start + len(value)
        at += len(sep)
    return found


def _keys(
    raw: bytes, pos: int, members: dict[str, msgspec.Raw], ends: dict[int, int]
) -> Members | None:
    """The members of an object, key by key: each value's length is the one msgspec found."""
    found: Members = {}
    at = _skip_ws(raw, pos + 1)
    while (m := _KEY.match(raw, at)) is not None:
        key = msgspec.json.decode(m.group(1), type=str)
        start = m.end()
        value = members.get(key)
        text = b"" if value is None else bytes(value)
        stop = start + len(text)
        after = _AFTER.match(raw, stop)
        # A repeated key's first value must be the one msgspec kept, byte for byte, and
        # end where that one does (a longer number would go on: 12 after 1).
        if not text or after is None or not raw.startswith(text, start):
            return None
        if key not in found:
            found[key] = (at, start)
            ends[start] = stop
        if after.group(1) != b",":
            return found
        at = after.end()
    return found if raw[at : at + 1] == b"}" else None


def _items(raw: bytes, pos: int, values: list[msgspec.Raw], ends: dict[int, int]) -> Members:
    """The items of the array at ``pos``, whose texts are ``values``, by index."""
    found: Members = {}
    at = _skip_ws(raw, pos + 1)
    if not values:
        return found
    # Most arrays use one separator throughout: the items are then where the lengths
    # put them, which the text of the array, rebuilt, confirms (all in C).
    first_end = at + len(values[0])
    after = _AFTER.match(raw, first_end)
    sep = raw[first_end : after.end()] if after is not None else b""
    if raw.startswith(sep.join(values), at):
        steps = map(len(sep).__add__, map(len, values[:-1]))
        starts = list(itertools.accumulate(steps, initial=at))
        found.update(zip(range(len(values)), zip(starts, starts, strict=True), strict=True))
        ends.update(zip(starts, map(operator.add, starts, map(len, values)), strict=True))
        return found
    for index, value in enumerate(values):
        found[index] = (at, at)
        stop = ends[at] = at + len(value)
        at = _skip_ws(raw, _skip_ws(raw, stop) + 1)  # past the comma
    return found
