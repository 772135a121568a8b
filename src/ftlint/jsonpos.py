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
from itertools import accumulate
from typing import Any, Protocol

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
_SPACES = re.compile(rb"[ \t\r\n]*")
_ENCODE = msgspec.json.encode
# (between members, between a key and its value) as json.dumps writes them, and compact.
_LAYOUTS = ((b", ", b": "), (b",", b":"))


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


class _Index(Protocol):
    def get(self, key: str | int) -> tuple[int, int] | None:
        """``(key offset, value offset)`` of a member, or ``None``."""


def _scanned(raw: bytes, pos: int) -> dict[str | int, tuple[int, int]]:
    """Every member of the container at ``pos``, found by scanning its bytes."""
    found: dict[str | int, tuple[int, int]] = {}
    for name, key_pos, value_pos in _members(raw, pos):
        found.setdefault(name, (key_pos, value_pos))
    return found


class _Array:
    """The elements of an array that msgspec decoded and whose separators are all alike
    (as JSON encoders write them): an element's offset is a sum of lengths."""

    __slots__ = ("_ends", "_gap", "_items", "_start", "_texts")

    def __init__(self, items: list[Any], start: int, gap: int, texts: dict[int, Any]) -> None:
        self._items = items
        self._start = start  # the first element's offset
        self._gap = gap  # the separator's length
        self._ends = [0, *accumulate(map(len, items))]
        self._texts = texts

    def get(self, key: str | int) -> tuple[int, int] | None:
        items = self._items
        if not isinstance(key, int) or not 0 <= key < len(items):
            return None
        pos = self._start + self._ends[key] + key * self._gap
        self._texts[pos] = items[key]
        return pos, pos


class _Laid:
    """The members of an object that msgspec decoded and that is written as JSON encoders
    write it (the same separators throughout, keys escaped as msgspec escapes them): a
    member's offset is a sum of lengths."""

    __slots__ = ("_colon", "_ends", "_gap", "_keys", "_names", "_start", "_texts", "_values")

    def __init__(
        self,
        values: dict[str, Any],
        keys: list[bytes],
        members: list[bytes],
        layout: tuple[int, int],
        start: int,
        texts: dict[int, Any],
    ) -> None:
        self._names: dict[str | int, int] = dict(zip(values, range(len(keys)), strict=True))
        self._keys = keys  # each key's JSON text
        self._values = list(values.values())
        self._gap, self._colon = layout  # the lengths of the two separators
        self._start = start  # the first member's offset
        self._ends = [0, *accumulate(map(len, members))]
        self._texts = texts

    def get(self, key: str | int) -> tuple[int, int] | None:
        i = self._names.get(key)
        if i is None:
            return None
        pos = self._start + self._ends[i] + i * self._gap
        value_pos = pos + len(self._keys[i]) + self._colon
        self._texts[value_pos] = self._values[i]
        return pos, value_pos


class _Object:
    """The members of an object that msgspec decoded, found in order, only as far as a
    query needs. Raises (ValueError, KeyError) when a key repeats with another value."""

    __slots__ = ("_found", "_left", "_pos", "_raw", "_texts", "_values")

    def __init__(self, raw: bytes, pos: int, values: dict[str, Any], texts: dict[int, Any]):
        self._raw = raw
        self._values = values
        self._texts = texts
        self._found: dict[str | int, tuple[int, int]] = {}
        self._left = len(values)
        self._pos = _AFTER_MEMBER.match(raw, pos + 1).end()  # type: ignore[union-attr]

    def get(self, key: str | int) -> tuple[int, int] | None:
        found = self._found
        hit = found.get(key)
        while hit is None and self._left:
            self._left -= 1
            raw, pos = self._raw, self._pos
            m = _KEY.match(raw, pos)
            if m is None:
                raise ValueError("more members than keys: a repeated key")
            name = msgspec.json.decode(m.group(1), type=str)
            value = self._values[name]
            value_pos = m.end()
            end = value_pos + len(value)
            if not (raw.startswith(value, value_pos) and raw[end] in _AFTER_VALUE):
                raise ValueError("a repeated key")  # its value here is not its last one
            self._texts[value_pos] = value
            self._pos = _AFTER_MEMBER.match(raw, end).end()  # type: ignore[union-attr]
            if not self._left and raw[self._pos] != 0x7D:  # }
                raise ValueError("more members than keys: a repeated key")
            found.setdefault(name, (pos, value_pos))
            if name == key:
                hit = found[name]
        return hit


def _decoded(raw: bytes, pos: int, text: Any, texts: dict[int, Any]) -> _Index:
    """The index of the container at ``pos`` whose JSON text (bytes or `msgspec.Raw`) is
    ``text``. Raises if msgspec cannot decode it."""
    if raw[pos] == 0x7B:  # {
        values = _OBJECT.decode(text)
        keys = list(map(_ENCODE, values))
        for sep, colon in _LAYOUTS:
            members = list(map(colon.join, zip(keys, values.values(), strict=True)))
            if raw.startswith(b"{" + sep.join(members) + b"}", pos):
                return _Laid(values, keys, members, (len(sep), len(colon)), pos + 1, texts)
        return _Object(raw, pos, values, texts)
    items = _ARRAY.decode(text)
    for sep in (b", ", b","):
        if raw.startswith(b"[" + sep.join(items) + b"]", pos):
            return _Array(items, pos + 1, len(sep), texts)
    found: dict[str | int, tuple[int, int]] = {}
    after = _AFTER_MEMBER.match
    pos = after(raw, pos + 1).end()  # type: ignore[union-attr]
    for index, item in enumerate(items):
        found[index] = (pos, pos)
        texts[pos] = item
        pos = after(raw, pos + len(item)).end()  # type: ignore[union-attr]
    return found


class Locator:
    """Answers position queries for one raw line, caching each container it has indexed.

    The cache keeps many findings on one long line linear: each object or array is
    indexed once, however many findings point into it.
    """

    __slots__ = ("_ascii", "_cache", "_columns", "_root", "_texts", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        # Set up on the first query (see _prepare): a line's locator is made for all its
        # findings, and when a report only counts them, none of them asks.
        self._root = -1

    def _prepare(self) -> None:
        raw = self.raw
        self._root = _SPACES.match(raw).end()  # type: ignore[union-attr]
        self._cache: dict[int, _Index] = {}
        # Offset of a value -> its JSON text (``msgspec.Raw``), where a decoding found it.
        self._texts: dict[int, Any] = {}
        self._ascii = raw.isascii()
        self._columns: list[tuple[int, int]] = [(0, 1)]  # (byte offset, its column)

    def column(self, offset: int) -> int:
        """1-based code-point column of byte ``offset``: O(1) for ASCII lines, and
        incremental otherwise, so many findings on one long line stay linear."""
        if self._root < 0:
            self._prepare()
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

    def _member(self, pos: int, key: str | int) -> tuple[int, int] | None:
        """``(key offset, value offset)`` of member ``key`` of the container at ``pos``."""
        index = self._cache.get(pos)
        if index is None:
            index = self._cache[pos] = self._index(pos)
        try:
            return index.get(key)
        except (ValueError, KeyError, IndexError):  # a repeated key: scan the bytes
            index = self._cache[pos] = _scanned(self.raw, pos)
            return index.get(key)

    def _index(self, pos: int) -> _Index:
        raw = self.raw
        # The line itself, or a member whose text a decoding found.
        text = self._texts.get(pos, raw if pos == self._root else None)
        if text is not None and raw[pos : pos + 1] in (b"{", b"["):
            try:
                return _decoded(raw, pos, text, self._texts)
            except (ValueError, RecursionError):  # DecodeError too
                pass  # not valid JSON, or too deep
        return _scanned(raw, pos)

    def locate(self, path: Sequence[str | int], key: str | None = None) -> int | None:
        """Byte offset of the value at ``path``, or of the member ``key`` of that value.

        Returns the deepest offset it could reach: if a segment is missing, the offset of
        its parent. Returns ``None`` only if the line does not start with a JSON value.
        """
        if self._root < 0:
            self._prepare()
        pos = self._root
        if pos >= len(self.raw):
            return None
        for seg in path:
            hit = self._member(pos, seg)
            if hit is None:
                return pos
            pos = hit[1]
        if key is not None:
            hit = self._member(pos, key)
            if hit is not None:
                return hit[0]
        return pos


def char_column(raw: bytes, offset: int) -> int:
    """1-based column in code points of byte ``offset``; an invalid byte counts as one."""
    head = raw[:offset]
    return (len(head) if head.isascii() else len(head.decode("utf-8", "replace"))) + 1
