"""The footer of a Parquet file: its column names and its number of rows, read without
a Parquet library.

A Parquet file starts and ends with ``PAR1``; before the final magic, a 4-byte
little-endian length gives the size of the file's metadata, a Thrift struct in the
compact protocol (https://github.com/apache/parquet-format, ``FileMetaData``). This
module decodes that struct only as far as the schema (field 2) and the row count
(field 3); everything else is skipped. Pages are never read, so no value of a column is
seen (no decompression is needed, and no dependency: pyarrow alone is about 130 MB
installed). Bad input is a :class:`ParquetError` with a one-line reason, never a
traceback or a hang: every length is checked against the bytes left, and nesting is
bounded.
"""

from __future__ import annotations

from typing import BinaryIO, NamedTuple

MAGIC = b"PAR1"
# A footer larger than this is refused rather than read into memory (real footers, even
# of files with thousands of row groups, are a few megabytes).
MAX_FOOTER = 64 * 1024 * 1024
_MAX_DEPTH = 32

# Thrift compact protocol types.
_STOP, _TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE = 0, 1, 2, 3, 4, 5, 6, 7
_BINARY, _LIST, _SET, _MAP, _STRUCT = 8, 9, 10, 11, 12

# Parquet's physical types, by their number in the schema.
PHYSICAL = ("boolean", "int32", "int64", "int96", "float", "double", "binary", "fixed binary")


class ParquetError(Exception):
    """The file is not a Parquet file ftlint can read; the message is one line."""


class Column(NamedTuple):
    """A top-level column: its name, and its type in words (``list of int64``)."""

    name: str
    type: str


class Footer(NamedTuple):
    """What the footer says: the top-level columns, and the number of rows."""

    columns: tuple[Column, ...]
    rows: int


def is_parquet(head: bytes) -> bool:
    """Whether a file's first bytes are Parquet's magic number."""
    return head[:4] == MAGIC


def read_footer(stream: BinaryIO) -> Footer:
    """The footer of the seekable Parquet ``stream``.

    Raises:
        ParquetError: the file is truncated, or its metadata is not valid.
        OSError: the file cannot be read.
    """
    size = stream.seek(0, 2)
    if size < 12:
        raise ParquetError(f"{size} bytes: too short for a Parquet file")
    stream.seek(size - 8)
    tail = stream.read(8)
    if tail[4:] != MAGIC:
        raise ParquetError("no PAR1 at the end: the file is truncated or not Parquet")
    length = int.from_bytes(tail[:4], "little")
    if length > size - 12 or length > MAX_FOOTER:
        raise ParquetError(f"the footer claims {length:,} bytes; the file is truncated")
    stream.seek(size - 8 - length)
    data = stream.read(length)
    if len(data) != length:
        raise ParquetError("the file ended before its footer")
    return _Reader(data).file_metadata()


class _Reader:
    """A Thrift compact-protocol reader over the bytes of one footer."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def _byte(self) -> int:
        if self.pos >= len(self.data):
            raise ParquetError("the footer ends inside a value")
        self.pos += 1
        return self.data[self.pos - 1]

    def _varint(self) -> int:
        result = shift = 0
        while True:
            byte = self._byte()
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
            if shift > 63:
                raise ParquetError("a number in the footer is too long")

    def _int(self) -> int:
        n = self._varint()
        return (n >> 1) ^ -(n & 1)  # zigzag

    def _bytes(self) -> bytes:
        n = self._varint()
        if n > len(self.data) - self.pos:
            raise ParquetError("a string in the footer runs past its end")
        self.pos += n
        return self.data[self.pos - n : self.pos]

    def _list_header(self) -> tuple[int, int]:
        header = self._byte()
        size = header >> 4
        if size == 15:
            size = self._varint()
        if size > len(self.data) - self.pos:  # every element takes at least a byte
            raise ParquetError("a list in the footer is longer than the footer")
        return size, header & 0x0F

    def skip(self, kind: int, depth: int = 0) -> None:
        """Skip one value of compact type ``kind``."""
        if depth > _MAX_DEPTH:
            raise ParquetError("the footer nests too deeply")
        if kind in (_TRUE, _FALSE):
            return
        if kind == _BYTE:
            self._byte()
        elif kind in (_I16, _I32, _I64):
            self._varint()
        elif kind == _DOUBLE:
            for _ in range(8):
                self._byte()
        elif kind == _BINARY:
            self._bytes()
        elif kind in (_LIST, _SET):
            size, element = self._list_header()
            for _ in range(size):
                self.skip(_BYTE if element in (_TRUE, _FALSE) else element, depth + 1)
        elif kind == _MAP:
            self._map(depth)
        elif kind == _STRUCT:
            self._struct(depth)
        else:
            raise ParquetError(f"unknown Thrift type {kind} in the footer")

    def _map(self, depth: int) -> None:
        size = self._varint()
        if size > len(self.data) - self.pos:
            raise ParquetError("a map in the footer is longer than the footer")
        if size:
            types = self._byte()
            for _ in range(size):
                self.skip(types >> 4, depth + 1)
                self.skip(types & 0x0F, depth + 1)

    def _struct(self, depth: int) -> None:
        last = 0
        while (field := self._field(last)) is not None:
            last = field[0]
            self.skip(field[1], depth + 1)

    def _field(self, last: int) -> tuple[int, int] | None:
        header = self._byte()
        kind = header & 0x0F
        if kind == _STOP:
            return None
        delta = header >> 4
        return (last + delta if delta else self._int()), kind

    def file_metadata(self) -> Footer:
        """``FileMetaData``: field 2 is the schema, field 3 the number of rows."""
        elements: list[dict[int, int | str]] = []
        rows: int | None = None
        last = 0
        while (field := self._field(last)) is not None:
            last, kind = field
            if last == 2 and kind == _LIST:
                size, element = self._list_header()
                if element != _STRUCT:
                    raise ParquetError("the footer's schema is not a list of elements")
                elements = [self._schema_element() for _ in range(size)]
            elif last == 3 and kind == _I64:
                rows = self._int()
            else:
                self.skip(kind)
        if not elements or rows is None:
            raise ParquetError("the footer has no schema or no row count")
        return Footer(_columns(elements), rows)

    def _schema_element(self) -> dict[int, int | str]:
        """The fields of one ``SchemaElement`` that say its shape: 1 type, 3 repetition,
        4 name, 5 number of children, 6 converted type; a logical type (10) of LIST is
        kept as converted type 3, the same fact."""
        found: dict[int, int | str] = {}
        last = 0
        while (field := self._field(last)) is not None:
            last, kind = field
            if last == 4 and kind == _BINARY:
                found[4] = self._bytes().decode("utf-8", "replace")
            elif last in (1, 3, 5, 6) and kind == _I32:
                found[last] = self._int()
            elif last == 10 and kind == _STRUCT:
                inner = self._field(0)
                if inner is not None:
                    if inner[0] == 3:  # LogicalType.LIST
                        found[6] = 3
                    self.skip(inner[1], 1)
                    if self._field(inner[0]) is not None:
                        raise ParquetError("a logical type in the footer has two members")
            else:
                self.skip(kind)
        return found


def _columns(elements: list[dict[int, int | str]]) -> tuple[Column, ...]:
    """The root's children, each with its type: a leaf's physical type, or ``list of``
    the type of a LIST group's leaf."""
    columns: list[Column] = []
    children = _count(elements[0])
    i = 1
    for _ in range(children):
        if i >= len(elements):
            raise ParquetError("the footer's schema has fewer elements than it says")
        element = elements[i]
        end = _subtree_end(elements, i)
        leaves = [e for e in elements[i + 1 : end] if not _count(e)]
        kind = _leaf_type(element) if end == i + 1 else _group_type(element, leaves)
        columns.append(Column(str(element.get(4, "")), kind))
        i = end
    return tuple(columns)


def _count(element: dict[int, int | str]) -> int:
    n = element.get(5, 0)
    return n if isinstance(n, int) and n > 0 else 0


def _subtree_end(elements: list[dict[int, int | str]], start: int) -> int:
    """The index after the subtree of ``elements[start]`` (the schema is depth first)."""
    pending = 1
    i = start
    while pending:
        if i >= len(elements):
            raise ParquetError("the footer's schema has fewer elements than it says")
        pending += _count(elements[i]) - 1
        i += 1
    return i


def _leaf_type(element: dict[int, int | str]) -> str:
    physical = element.get(1)
    name = PHYSICAL[physical] if isinstance(physical, int) and 0 <= physical < 8 else "?"
    return f"repeated {name}" if element.get(3) == 2 else name


def _group_type(element: dict[int, int | str], leaves: list[dict[int, int | str]]) -> str:
    if element.get(6) == 3 and len(leaves) == 1:
        return "list of " + _leaf_type(leaves[0]).removeprefix("repeated ")
    return "group"
