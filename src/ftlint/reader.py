"""Find input files and read them as blocks of raw lines, in constant memory.

Lines are split on ``\\n`` only, as JSON Lines defines them; ``str.splitlines`` would
also split on U+2028 and friends, which are legal inside JSON strings, and shift every
line number after them. Lines stay ``bytes``: decoding is the decoder's job, and a line
with bad UTF-8 must still reach the checks.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import select
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import msgspec

STDIN = "-"
DATA_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
BLOCK_BYTES = 1 << 20
# The buffer of a file opened for reading. Python's default (8 KiB) refills with a system
# call every few lines of training data; a large buffer makes reading about 3x faster
# (45 -> 15 ms per 100 MB, measured on 2.8 KB lines).
READ_BUFFER = 1 << 20
# The longest line read whole (--max-line-bytes); a longer one is skimmed and reported
# (J011). No legitimate example comes near it: the largest are images inline as base64,
# and OpenAI takes at most 10 images of 10 MB per example, 134 MB once in base64.
MAX_LINE_BYTES = 256 * 1024 * 1024
# How long a wait on a pipe lasts before Python looks for a pending Ctrl-C.
_POLL_MS = 200


class Source(msgspec.Struct, frozen=True):
    """One input: a file path, a URL, or ``-`` for standard input.

    Attributes:
        name: the path as shown in findings (POSIX separators), or the URL as given.
        path: the filesystem path, the URL to open when ``remote``, or ``None`` for stdin.
        remote: whether ``path`` is a URL, opened through fsspec.
        listed_size: a remote file's size as its store listed it.
        identity: a remote file's URL and the version markers its store gave (ETag,
            version id, the Hub commit), so a report tells which bytes were checked.
    """

    name: str
    path: str | None
    remote: bool = False
    listed_size: int | None = None
    identity: dict[str, str] | None = None

    @property
    def size(self) -> int | None:
        """Bytes on disk (compressed size for .gz), or ``None`` for stdin."""
        if self.path is None:
            return None
        if self.remote:
            return self.listed_size
        try:
            return os.path.getsize(self.path)
        except OSError:
            return None

    @property
    def compressed(self) -> bool:
        """Whether the file is gzip-compressed, by its name."""
        return self.path is not None and self.path.endswith(".gz")


class InputError(Exception):
    """A path that cannot be read: missing, unreadable, or a directory without data files."""


# A scheme of two or more letters, so that a Windows drive (``C:/``) is never one.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(text: str) -> bool:
    """Whether ``text`` is a URL (``s3://…``, ``file://…``) rather than a local path."""
    return _URL.match(text) is not None


def _display(path: str) -> str:
    return path.replace(os.sep, "/")


def discover(paths: Sequence[str]) -> tuple[list[Source], list[InputError]]:
    """Expand the user's paths and URLs into sources, and the errors of those that cannot be used.

    A directory is walked for ``*.jsonl``, ``*.ndjson`` and their ``.gz`` forms, in sorted
    order, skipping hidden directories. A file named explicitly is read whatever its name.
    A URL is expanded the same way, and a glob in it matched (see :mod:`ftlint.remote`).
    A file named twice, in any spelling (``a.jsonl ./a.jsonl``, ``- -``), is read once,
    where it was first named.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    seen: set[str] = set()

    def add(source: Source, key: str) -> None:
        if key not in seen:
            seen.add(key)
            sources.append(source)

    for given in paths:
        if given == STDIN:
            add(Source(STDIN, None), STDIN)
        elif not given:  # Path("") is the current directory: never what an empty arg meant
            errors.append(InputError("empty path"))
        elif is_url(given):
            _discover_url(given, add, errors)
        else:
            _discover_path(given, add, errors)
    return sources, errors


def _discover_path(
    given: str, add: Callable[[Source, str], None], errors: list[InputError]
) -> None:
    p = Path(given)
    try:
        is_dir = p.is_dir()
        is_file = not is_dir and (p.is_file() or p.is_fifo())
    except OSError as exc:  # permission denied on a parent, a name too long, …
        errors.append(InputError(f"{given}: {exc.strerror or exc}"))
        return
    if is_dir:
        walk_errors: list[OSError] = []
        found = sorted(_walk(given, walk_errors.append), key=lambda s: s.split(os.sep))
        errors.extend(InputError(f"{e.filename or given}: {e.strerror or e}") for e in walk_errors)
        if not found and not walk_errors:
            errors.append(InputError(f"{given}: no {', '.join(DATA_SUFFIXES)} files found"))
        root = os.path.realpath(given)
        for f in found:
            add(Source(_display(f), f), _same(os.path.join(root, os.path.relpath(f, given))))
    elif is_file or given.startswith("/dev/fd/"):
        add(Source(_display(given), given), _same(os.path.realpath(given)))
    elif p.is_symlink():
        errors.append(InputError(f"{given}: broken symbolic link"))
    elif p.exists():
        errors.append(InputError(f"{given}: not a regular file"))
    else:
        errors.append(InputError(f"{given}: no such file or directory"))


def _same(path: str) -> str:
    """The key under which two spellings of one file are the same input."""
    return os.path.normcase(path)


def _discover_url(given: str, add: Callable[[Source, str], None], errors: list[InputError]) -> None:
    from . import remote  # imports fsspec: only when a URL is named

    try:
        found = remote.expand(given, DATA_SUFFIXES)
    except remote.RemoteError as exc:
        errors.append(InputError(str(exc)))
        return
    for f in found:
        if f.identity is None:  # a file:// URL: a local file, shown by its URL
            add(Source(f.name, f.target), _same(os.path.realpath(f.target)))
        else:
            add(Source(f.name, f.target, True, f.size, f.identity), f.target)


def _walk(root: str, onerror: Callable[[OSError], None]) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(DATA_SUFFIXES) and not name.startswith("."):
                yield os.path.join(dirpath, name)


@contextlib.contextmanager
def open_source(source: Source, stdin: BinaryIO | None = None) -> Iterator[BinaryIO]:
    """Open a source for binary reading; gzip data is decompressed on the fly.

    A file is gzip by its name (``.gz``); standard input by its first bytes, since a pipe
    has no name.
    """
    if source.path is None:
        if stdin is None:
            if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
                raise OSError(0, "standard input is closed")
            stdin = sys.stdin.buffer
        with _maybe_gunzip(stdin) as stream:
            yield stream
        return
    with open_range(source) as stream:
        yield stream


@contextlib.contextmanager
def open_range(source: Source, start: int = 0) -> Iterator[BinaryIO]:
    """Open a file or a URL at byte ``start``, buffered and seekable (not stdin).

    The reader of byte ranges (``--jobs``) opens each range with this, so local and
    remote files are split alike; a remote file is fetched in bounded ranges from
    ``start`` on. A ``.gz`` file is decompressed (then ``start`` counts compressed bytes,
    and only 0 makes sense).
    """
    path = source.path
    if path is None:
        raise ValueError("standard input has no byte ranges")
    if source.remote:
        from . import remote  # imports fsspec: only when a URL is read

        with remote.open_url(path, start, compressed=source.compressed) as stream:
            yield stream
        return
    if source.compressed:
        with gzip.open(path, "rb") as gz:
            yield gz  # type: ignore[misc]
        return
    with open(path, "rb", buffering=READ_BUFFER) as fh:
        if start:
            fh.seek(start)
        yield fh


_GZIP_MAGIC = b"\x1f\x8b"


@contextlib.contextmanager
def _maybe_gunzip(stream: BinaryIO) -> Iterator[BinaryIO]:
    """``stream``, decompressed if its first bytes are gzip's magic number."""
    peek = getattr(stream, "peek", None)
    if peek is None:  # BytesIO and friends: buffer it to look ahead without consuming
        buffered = io.BufferedReader(stream)  # type: ignore[type-var]
        stream, peek = buffered, buffered.peek
    if not peek(len(_GZIP_MAGIC)).startswith(_GZIP_MAGIC):
        yield stream
        return
    with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
        yield gz  # type: ignore[misc]


class LongLine(bytes):
    """A line longer than the reader's limit, skimmed to its end without being held.

    Its bytes are empty, so no decoder accepts it and the engine's slow path reports it;
    ``len()`` is the length the line had (its line ending included), so byte offsets and
    byte ranges after it stay right wherever lines are measured. ``head`` is its first
    bytes, for telling a text file from a binary one.
    """

    length: int
    head: bytes

    def __new__(cls, length: int, head: bytes) -> LongLine:
        line = super().__new__(cls)
        line.length = length
        line.head = head
        return line

    def __len__(self) -> int:
        return self.length

    def __repr__(self) -> str:
        return f"LongLine({self.length}, {self.head[:16]!r})"


# How much of an over-long line is kept (LongLine.head), and the reads that skim the rest.
_HEAD_BYTES = 1024
_SKIM_BYTES = 1 << 20


def read_blocks(
    stream: BinaryIO,
    block_bytes: int = BLOCK_BYTES,
    *,
    compressed: bool = False,
    max_line: int | None = None,
) -> Iterator[list[bytes]]:
    """Yield lists of raw lines (newline kept) of about ``block_bytes`` each.

    The stream is read in chunks of ``block_bytes`` and split on "\\n" in C, so memory is
    bounded by the block size, or by the longest line. With ``max_line``, by that too: a
    line whose bytes (without its "\\n") pass ``max_line`` is skimmed to its end, counting
    bytes, and handed out as a :class:`LongLine` in its place. Handing out blocks lets the
    caller batch per-block work such as progress updates.

    A compressed stream is read line by line instead: a truncated gzip raises in the
    middle of a large read and would take the whole unfinished block with it, while the
    lines before the damage must still be checked. So is a remote stream
    (``line_by_line``), whose connection may drop.

    A regular file is read to the size it had when reading began, plus the rest of the
    line that straddles that size: a file that keeps growing (a log being appended) is
    still finished, and a line being written is not cut in two.
    """
    if compressed or isinstance(stream, gzip.GzipFile) or getattr(stream, "line_by_line", False):
        yield from _careful_blocks(stream, 256, max_line)
        return
    size = _regular_size(stream)
    left = None if size is None else size - _position(stream)
    read = stream.read if size is not None else _pipe_reader(stream)
    yield from _chunked_blocks(read, block_bytes, max_line, left)


def _pipe_reader(stream: BinaryIO) -> Callable[[int], bytes]:
    """How to read a pipe, FIFO or terminal so that Ctrl-C always ends the wait.

    ``BufferedReader.read(n)`` loops over system calls until it has ``n`` bytes; a SIGINT
    that lands between two of them is only noted, and the next call waits for data that
    may never come: ftlint hung, the writer still open. Here each call makes at most one
    system call (``read1``), and once the buffer is drained ``poll`` waits in short slices,
    so Python runs the signal handler between them. A side effect users see: lines that
    arrive slowly (``tail -f``) are checked as they come, not a megabyte at a time.
    """
    fd = _waitable_fd(stream)
    read1 = getattr(stream, "read1", None)
    if fd is None or read1 is None:
        return stream.read
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    drained = False  # a short read1 empties the buffer: the next one would block

    def read(size: int) -> bytes:
        nonlocal drained
        if drained:
            while not poller.poll(_POLL_MS):
                pass
        chunk: bytes = read1(size)
        if len(chunk) == size or not chunk:
            drained = not chunk
            return chunk
        # A pipe gives at most its capacity (64 KiB) per call: take what is already
        # there, so that blocks stay large when the data flows fast.
        parts, total = [chunk], len(chunk)
        while total < size and poller.poll(0):
            more: bytes = read1(size - total)
            if not more:
                break  # the end: the next call returns b"" at once
            parts.append(more)
            total += len(more)
        drained = total < size
        return b"".join(parts)

    return read


def _waitable_fd(stream: BinaryIO) -> int | None:
    """The descriptor of a pipe, FIFO, socket or terminal read by the main thread."""
    if not hasattr(select, "poll") or threading.current_thread() is not threading.main_thread():
        return None  # only the main thread gets signals; Windows has no poll on pipes
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (AttributeError, OSError, ValueError):
        return None
    waitable = stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)
    return fd if waitable else None


def _chunked_blocks(
    read: Callable[[int], bytes], block_bytes: int, max_line: int | None, left: int | None
) -> Iterator[list[bytes]]:
    """The lines ``read`` gives, ``block_bytes`` at a time; ``left``: bytes to read."""
    # Lines within one chunk are at most block_bytes long: only a lower limit needs a look
    # at each of them.
    small = max_line if max_line is not None and max_line < block_bytes else None
    line = _Partial(max_line)  # the line that straddles chunks
    while left is None or left > 0 or line.open:
        chunk = read(block_bytes if left is None or left <= 0 else min(block_bytes, left))
        if not chunk:
            break
        finishing = left is not None and left <= 0  # past the snapshot: end this line only
        if left is not None:
            left -= len(chunk)
        lines = io.BytesIO(chunk).readlines()
        first = 0
        block: list[bytes] = []
        if line.open:
            done = line.add(lines[0])
            if done is None:
                continue
            block.append(done)
            first = 1
        if finishing:
            if block:
                yield block
            return
        if not lines[-1].endswith(b"\n"):
            line.add(lines.pop())
        if first < len(lines):
            if small is not None and max(map(len, lines)) > small + 1:
                lines = [_bounded(raw, small) for raw in lines]
            block.extend(lines[first:] if first else lines)
        if block:
            yield block
    if line.open:
        yield [line.close()]


class _Partial:
    """A line read in pieces: kept until it ends, or counted only, once over the limit."""

    __slots__ = ("head", "length", "limit", "open", "pieces", "skimming")

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.pieces: list[bytes] = []
        self.length = 0
        self.head = b""
        self.open = False
        self.skimming = False

    def add(self, piece: bytes) -> bytes | None:
        """Add the line's next piece; the whole line once ``piece`` ends it, else ``None``."""
        self.open = True
        self.length += len(piece)
        if len(self.head) < _HEAD_BYTES:
            self.head += piece[: _HEAD_BYTES - len(self.head)]
        if not self.skimming:
            self.pieces.append(piece)
            limit = self.limit
            if limit is not None and self.length - piece.endswith(b"\n") > limit:
                self.pieces, self.skimming = [], True  # from here on only counted
        return self.close() if piece.endswith(b"\n") else None

    def close(self) -> bytes:
        """The line so far, as it ends (at a newline, or at the end of the data)."""
        if self.skimming:
            line: bytes = LongLine(self.length, self.head)
        else:
            line = self.pieces[0] if len(self.pieces) == 1 else b"".join(self.pieces)
        self.pieces, self.length, self.head = [], 0, b""
        self.open = self.skimming = False
        return line


def _bounded(raw: bytes, limit: int) -> bytes:
    """``raw``, or a :class:`LongLine` in its place when it is over ``limit``."""
    if len(raw) - raw.endswith(b"\n") > limit:
        return LongLine(len(raw), raw[:_HEAD_BYTES])
    return raw


def skip_line(stream: BinaryIO) -> int:
    """Read to the end of the current line without holding it; the bytes read."""
    total = 0
    while True:
        piece = stream.readline(_SKIM_BYTES)
        total += len(piece)
        if not piece or piece.endswith(b"\n"):
            return total


def _regular_size(stream: BinaryIO) -> int | None:
    """The size of the regular file behind ``stream`` now, or ``None`` (pipe, wrapper)."""
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    # Files in /proc and friends say 0 bytes whatever they hold: read those to the end.
    return info.st_size if stat.S_ISREG(info.st_mode) and info.st_size > 0 else None


def _position(stream: BinaryIO) -> int:
    try:
        return stream.tell()
    except (AttributeError, OSError, ValueError):
        return 0


def _careful_blocks(stream: BinaryIO, size: int, max_line: int | None) -> Iterator[list[bytes]]:
    """Blocks of ``size`` lines; on a read error, hand out the lines read so far first.

    A line is read with one bounded ``readline``: past ``max_line`` the rest is skimmed.
    """
    block: list[bytes] = []
    most = -1 if max_line is None else max_line + 1
    try:
        while True:
            line = stream.readline(most)
            if not line:
                break
            if most > 0 and len(line) == most and not line.endswith(b"\n"):
                line = LongLine(len(line) + skip_line(stream), line[:_HEAD_BYTES])
            block.append(line)
            if len(block) >= size:
                yield block
                block = []
    except (OSError, EOFError):
        if block:
            yield block
        raise
    if block:
        yield block


def batched(
    lines: Iterable[bytes], size: int = 4096, max_line: int | None = None
) -> Iterator[list[bytes]]:
    """Group an iterable of raw lines into blocks for the engine.

    With ``max_line``, a line over it becomes a :class:`LongLine`, as :func:`read_blocks`
    hands it out.
    """
    block: list[bytes] = []
    for line in lines:
        if max_line is not None:
            line = _bounded(line, max_line)
        block.append(line)
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block
