"""Find input files and read them as blocks of raw lines, in constant memory.

Lines are split on ``\\n`` only, as JSON Lines defines them; ``str.splitlines`` would
also split on U+2028 and friends, which are legal inside JSON strings, and shift every
line number after them. Lines stay ``bytes``: decoding is the decoder's job, and a line
with bad UTF-8 must still reach the checks.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import stat
import sys
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


class Source(msgspec.Struct, frozen=True):
    """One input: a file path, or ``-`` for standard input.

    Attributes:
        name: the path as shown in findings (POSIX separators).
        path: the filesystem path, or ``None`` for stdin.
    """

    name: str
    path: str | None

    @property
    def size(self) -> int | None:
        """Bytes on disk (compressed size for .gz), or ``None`` for stdin."""
        if self.path is None:
            return None
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


def _display(path: str) -> str:
    return path.replace(os.sep, "/")


def discover(paths: Sequence[str]) -> tuple[list[Source], list[InputError]]:
    """Expand the user's paths into sources, and the errors of paths that cannot be used.

    A directory is walked for ``*.jsonl``, ``*.ndjson`` and their ``.gz`` forms, in sorted
    order, skipping hidden directories. A file named explicitly is read whatever its name.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    for given in paths:
        if given == STDIN:
            sources.append(Source(STDIN, None))
            continue
        if not given:  # Path("") is the current directory: never what an empty arg meant
            errors.append(InputError("empty path"))
            continue
        p = Path(given)
        try:
            is_dir = p.is_dir()
            is_file = not is_dir and (p.is_file() or p.is_fifo())
        except OSError as exc:  # permission denied on a parent, a name too long, …
            errors.append(InputError(f"{given}: {exc.strerror or exc}"))
            continue
        if is_dir:
            walk_errors: list[OSError] = []
            found = sorted(_walk(given, walk_errors.append), key=lambda s: s.split(os.sep))
            errors.extend(
                InputError(f"{e.filename or given}: {e.strerror or e}") for e in walk_errors
            )
            if not found and not walk_errors:
                errors.append(InputError(f"{given}: no {', '.join(DATA_SUFFIXES)} files found"))
            sources.extend(Source(_display(f), f) for f in found)
        elif is_file or given.startswith("/dev/fd/"):
            sources.append(Source(_display(given), given))
        elif p.is_symlink():
            errors.append(InputError(f"{given}: broken symbolic link"))
        elif p.exists():
            errors.append(InputError(f"{given}: not a regular file"))
        else:
            errors.append(InputError(f"{given}: no such file or directory"))
    return sources, errors


def _walk(root: str, onerror: Callable[[OSError], None]) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(DATA_SUFFIXES) and not name.startswith("."):
                yield os.path.join(dirpath, name)


@contextlib.contextmanager
def open_source(source: Source, stdin: BinaryIO | None = None) -> Iterator[BinaryIO]:
    """Open a source for binary reading; gzip files are decompressed on the fly."""
    if source.path is None:
        if stdin is None:
            if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
                raise OSError(0, "standard input is closed")
            stdin = sys.stdin.buffer
        yield stdin
        return
    if source.compressed:
        with gzip.open(source.path, "rb") as gz:
            yield gz  # type: ignore[misc]
        return
    with open(source.path, "rb", buffering=READ_BUFFER) as fh:
        yield fh


def read_blocks(
    stream: BinaryIO, block_bytes: int = BLOCK_BYTES, *, compressed: bool = False
) -> Iterator[list[bytes]]:
    """Yield lists of raw lines (newline kept) of about ``block_bytes`` each.

    ``readlines`` with a size hint splits in C and keeps memory bounded by the block size
    (or by the longest line). Handing out blocks lets the caller batch per-block work
    such as progress updates. A compressed stream is read line by line instead: a
    truncated gzip raises in the middle of ``readlines`` and would take the whole
    unfinished block with it, while the lines before the damage must still be checked.

    A regular file is read to the size it had when reading began, plus the rest of the
    line that straddles that size: a file that keeps growing (a log being appended) is
    still finished, and a line being written is not cut in two.
    """
    if compressed:
        yield from _careful_blocks(stream, 256)
        return
    size = _regular_size(stream)
    if size is None:
        while True:
            block = stream.readlines(block_bytes)
            if not block:
                return
            yield block
    left = size - _position(stream)
    while left > 0:
        block = stream.readlines(min(block_bytes, left))
        if not block:
            return
        total = sum(map(len, block))
        if total > left:  # grown meanwhile: stop at the line that holds the snapshot's end
            kept, used = [], 0
            for line in block:
                kept.append(line)
                used += len(line)
                if used >= left:
                    break
            block, total = kept, used
        left -= total
        if left <= 0 and not block[-1].endswith(b"\n"):
            block[-1] += stream.readline()  # the line being written, to its end
        yield block


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


def _careful_blocks(stream: BinaryIO, size: int) -> Iterator[list[bytes]]:
    """Blocks of ``size`` lines; on a read error, hand out the lines read so far first."""
    block: list[bytes] = []
    try:
        for line in stream:
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


def batched(lines: Iterable[bytes], size: int = 4096) -> Iterator[list[bytes]]:
    """Group an iterable of raw lines into blocks for the engine."""
    block: list[bytes] = []
    for line in lines:
        block.append(line)
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block
