"""Find where a JSON path points inside one raw JSON line, for finding columns.

msgspec reports paths, not positions. A linter must still give a column, so that
editors and CI annotations land on the right spot. Only the containers on a finding's
path are looked at, and a line's findings share them. msgspec decodes each container one
level deep (members as `msgspec.Raw`, in C): a member's length then gives the offset of
the next, and Python only steps over the keys and separators. A container msgspec
cannot decode (the line is not valid JSON, nests too deep, repeats a key with another
value) is scanned byte by byte in Python instead, iteratively, so deep nesting cannot
exhaust the stack. All of it runs only when a finding is reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import msgspec

_WS = b" \t\r\n"
# Unrolled ("normal* (special normal*)*"): several times faster than an alternation
# per character on long strings.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_SPECIAL = re.compile(rb'["{}\[\]]')
_SCALAR_END = re.compile(rb"[,\]}\s]")
# One level of a container: its members' JSON text, as msgspec found it.
_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
# What may follow a value inside a container: a number that a byte of this set does not
# follow was cut short (a repeated key's other value, ``1`` of ``12``).
_AFTER_VALUE = frozenset(b" \t\r\n,]}")
_Members = list[tuple[str | int, int, int]]
# A key, its colon and the spaces around; the spaces and comma after a member.
_KEY = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")[ \t\r\n]*:[ \t\r\n]*', re.DOTALL)
_AFTER_MEMBER = re.compile(rb"[ \t\r\n]*,?[ \t\r\n]*")


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


def _members(raw: bytes, pos: int) -> _Members:
    """List ``(key or index, key offset, value offset)`` of the object or array at ``pos``."""
    out: _Members = []
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


def _decoded_members(raw: bytes, pos: int, text: Any, texts: dict[int, Any]) -> _Members:
    """`_members` of the container at ``pos``, whose JSON text ``text`` is (bytes or
    `msgspec.Raw`), from msgspec's decoding of it; the text of each member value goes to
    ``texts``, by offset. Raises if msgspec cannot decode it."""
    out: _Members = []
    after = _AFTER_MEMBER.match
    if raw[pos] == 0x5B:  # [
        pos = after(raw, pos + 1).end()  # type: ignore[union-attr]
        for index, item in enumerate(_ARRAY.decode(text)):
            out.append((index, pos, pos))
            texts[pos] = item
            pos = after(raw, pos + len(item)).end()  # type: ignore[union-attr]
        return out
    values = _OBJECT.decode(text)
    key_at = _KEY.match
    pos = after(raw, pos + 1).end()  # type: ignore[union-attr]
    for _ in range(len(values)):
        m = key_at(raw, pos)
        if m is None:  # a repeated key: more members than ``values``
            raise ValueError("no key")
        key = msgspec.json.decode(m.group(1), type=str)
        value_pos = m.end()
        out.append((key, pos, value_pos))
        value = values[key]
        end = value_pos + len(value)
        if not (raw.startswith(value, value_pos) and raw[end] in _AFTER_VALUE):
            raise ValueError("a repeated key")  # ``values`` holds only its last value
        texts[value_pos] = value
        pos = after(raw, end).end()  # type: ignore[union-attr]
    if raw[pos] != 0x7D:  # }
        raise ValueError("a repeated key")
    return out


class Locator:
    """Answers position queries for one raw line, caching each container it has scanned.

    The cache keeps many findings on one long line linear: each object or array is
    scanned once, however many findings point into it.
    """

    __slots__ = ("_ascii", "_cache", "_columns", "_texts", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._cache: dict[int, dict[str | int, tuple[int, int]]] = {}
        # Offset of a value -> its JSON text (``msgspec.Raw``), where a decoding found it.
        self._texts: dict[int, Any] = {}
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
            found = {}
            raw = self.raw
            members: _Members | None = None
            # The line itself, or a member whose text a decoding found.
            text = self._texts.get(pos, raw if pos == _skip_ws(raw, 0) else None)
            if text is not None and raw[pos : pos + 1] in (b"{", b"["):
                try:
                    members = _decoded_members(raw, pos, text, self._texts)
                except (ValueError, KeyError, IndexError, RecursionError):  # DecodeError too
                    members = None  # not valid JSON, or too deep: scan it
            if members is None:
                members = _members(raw, pos)
            for name, key_pos, value_pos in members:
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
