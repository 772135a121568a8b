"""Duplicate examples (F006) in bounded memory: a digest per line, the repeats found last.

Each valid line leaves a 64-bit digest (xxHash3 of the line) with its line number and byte
offset: 20 bytes, in compact arrays filled a block of lines at a time in C
(:class:`DigestLog`). Logs are kept in line order as segments by a :class:`DigestStore`,
which moves them to an unnamed temporary file once they pass a memory budget. When the
file has been read, :meth:`DigestStore.duplicates` sorts the digests, a slice of the
digest range at a time so the sort's temporary list stays bounded too, to find those that
repeat; one more pass in line order then names each copy and its first occurrence.

A table of every digest would cost ≈160 bytes a line in CPython (a dict entry and two int
objects): 56 MB more at 1 GB of chat data. Here memory stays under about 10 MB of logs and
13 MB of sort, whatever the size.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from array import array
from collections.abc import Iterable, Iterator
from typing import IO

from xxhash import xxh3_64_intdigest

# Lines per segment of the log of a whole file.
SEGMENT = 1 << 16
# Log entries kept in memory (20 bytes each); later segments go to a temporary file.
MEMORY_ENTRIES = 1 << 19
# At most this many digests are sorted at once (≈48 bytes each while sorted).
SORT_ENTRIES = 1 << 18


def digest(raw: bytes) -> int:
    """The duplicate-detection key of a line: a 64-bit xxHash3 of it, with its line
    ending made "\\n" (so a CRLF line, or a last line without one, matches its copies)."""
    if raw[-1:] == b"\n" and raw[-2:-1] != b"\r":
        return xxh3_64_intdigest(raw)
    return xxh3_64_intdigest(raw.rstrip(b"\r\n") + b"\n")


class DigestLog:
    """The (digest, line, offset) of each valid line of a file or byte range, in line
    order, as compact arrays: 20 bytes a line, and cheap to send from a worker."""

    __slots__ = ("keys", "lines", "offsets", "ordered")

    def __init__(self) -> None:
        self.keys = array("Q")
        self.lines = array("I")
        self.offsets = array("Q")
        # The keys sorted, made by a worker (see seal()).
        self.ordered: array[int] | None = None

    def add_block(self, block: list[bytes], line: int, offset: int) -> None:
        """Log every line of a block of valid, "\\n"-terminated lines (in C, no loop)."""
        self.keys.extend(map(xxh3_64_intdigest, block))
        self.lines.extend(range(line, line + len(block)))
        self.offsets.extend(itertools.accumulate(map(len, block[:-1]), initial=offset))

    def add_runs(
        self,
        block: list[bytes],
        line: int,
        offset: int,
        skip: list[int],
        accepted: dict[int, int],
    ) -> None:
        """Log a block of "\\n"-terminated lines whose valid ones have no odd endings: the
        runs of valid lines between those in ``skip`` (ascending) a run at a time, in C, and
        a skipped line only if the slow path ``accepted`` it (with its digest)."""
        starts = list(itertools.accumulate(map(len, block), initial=offset))
        done = 0
        for number in skip:
            index = number - line
            if index > done:
                self.add_block(block[done:index], line + done, starts[done])
            key = accepted.pop(number, None)
            if key is not None:
                self.keys.append(key)
                self.lines.append(number)
                self.offsets.append(starts[index])
            done = index + 1
        if done < len(block):
            self.add_block(block[done:], line + done, starts[done])

    def add_lines(
        self,
        block: list[bytes],
        line: int,
        offset: int,
        skip: list[int],
        accepted: dict[int, int],
    ) -> None:
        """Log the lines of a block one by one: those in ``skip`` only if the slow path
        ``accepted`` them (with its digest), and odd line endings with :func:`digest`."""
        keys, lines, offsets = self.keys, self.lines, self.offsets
        skipped = set(skip)
        for raw in block:
            key = accepted.pop(line, None) if line in skipped else digest(raw)
            if key is not None:
                keys.append(key)
                lines.append(line)
                offsets.append(offset)
            line += 1
            offset += len(raw)

    def seal(self) -> None:
        """Sort a copy of the keys: done in a worker, in parallel, it leaves the parent a
        merge of sorted runs (≈3x faster to sort) and slices by binary search."""
        self.ordered = array("Q", sorted(self.keys))

    def __getstate__(self) -> tuple[array[int], array[int], array[int], array[int] | None]:
        return self.keys, self.lines, self.offsets, self.ordered

    def __setstate__(
        self, state: tuple[array[int], array[int], array[int], array[int] | None]
    ) -> None:
        self.keys, self.lines, self.offsets, self.ordered = state


class _Segment:
    """A log in the store: in memory, or at ``position`` in the spill file."""

    __slots__ = ("base", "log", "n", "position", "sorted")

    def __init__(self, base: int, n: int, log: DigestLog | None, position: int, ordered: bool):
        self.base = base  # added to its line numbers (a byte range's first line - 1)
        self.n = n
        self.log = log
        self.position = position
        self.sorted = ordered


class DigestStore:
    """The digest logs of one file, in line order; finds the repeated digests at the end."""

    def __init__(self, memory_entries: int | None = None, sort_entries: int | None = None) -> None:
        self.segments: list[_Segment] = []
        self.in_memory = 0
        self.memory_entries = MEMORY_ENTRIES if memory_entries is None else memory_entries
        self.sort_entries = SORT_ENTRIES if sort_entries is None else sort_entries
        self._spill: IO[bytes] | None = None

    def add(self, base: int, log: DigestLog) -> None:
        """Append the next log; its line numbers are shifted by ``base``."""
        n = len(log.keys)
        if not n:
            return
        ordered = log.ordered is not None
        spill = None
        if self.in_memory + n > self.memory_entries:
            spill = self._spill_file()
        if spill is None:
            self.in_memory += n
            self.segments.append(_Segment(base, n, log, -1, ordered))
            return
        try:
            position = spill.seek(0, 2)
            for part in (log.keys, log.lines, log.offsets):
                part.tofile(spill)
            if log.ordered is not None:
                log.ordered.tofile(spill)
        except OSError:  # the disk is full: keep this log, and the next ones, in memory
            self.memory_entries = -1
            self.in_memory += n
            self.segments.append(_Segment(base, n, log, -1, ordered))
            return
        self.segments.append(_Segment(base, n, None, position, ordered))

    def _spill_file(self) -> IO[bytes] | None:
        """The spill file, or ``None`` (keep the log in memory) if none can be made."""
        if self.memory_entries < 0:
            return None
        if self._spill is None:
            import tempfile  # here: a small file never spills, and start-up counts

            try:
                # Open until close(): segments are appended, then read back at the end.
                self._spill = tempfile.TemporaryFile(prefix="ftlint-digests-")  # noqa: SIM115
            except OSError:
                # No writable temporary directory: the check matters more than the
                # memory budget, so the log stays in memory.
                self.memory_entries = -1
        return self._spill

    def close(self) -> None:
        """Delete the spill file, if any."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        self.segments.clear()

    def _load(self, segment: _Segment, *, keys_only: bool = False) -> DigestLog:
        if segment.log is not None:
            return segment.log
        assert self._spill is not None
        n = segment.n
        log = DigestLog()
        spill = self._spill
        spill.seek(segment.position)
        log.keys.fromfile(spill, n)
        if keys_only and not segment.sorted:
            return log
        log.lines.fromfile(spill, n)
        log.offsets.fromfile(spill, n)
        if segment.sorted:
            log.ordered = array("Q")
            log.ordered.fromfile(spill, n)
        return log

    def _repeated(self) -> set[int]:
        """The digests that occur more than once.

        Sorting finds them without a table of every digest. The digest range is cut into
        2**bits equal slices so that each sort holds at most about ``sort_entries``
        digests; digests are uniform, so the slices are even.
        """
        total = sum(segment.n for segment in self.segments)
        bits = ((total - 1) // self.sort_entries).bit_length() if total else 0
        shift = 64 - bits
        repeated: set[int] = set()
        for part in range(1 << bits):
            pieces: list[Iterable[int]] = []
            for segment in self.segments:
                log = self._load(segment, keys_only=True)
                if bits == 0:
                    pieces.append(log.keys if log.ordered is None else log.ordered)
                elif log.ordered is not None:  # sorted: the slice is a binary search away
                    low = bisect.bisect_left(log.ordered, part << shift)
                    high = bisect.bisect_left(log.ordered, (part + 1) << shift)
                    pieces.append(log.ordered[low:high])
                else:
                    keys = log.keys
                    top = map(operator.rshift, keys, itertools.repeat(shift))
                    pieces.append(
                        itertools.compress(keys, map(operator.eq, top, itertools.repeat(part)))
                    )
            if bits == 0 and len(set(itertools.chain.from_iterable(pieces))) == total:
                # No digest repeats, the common case: a set tells it 3x faster than a sort,
                # for a few MB more while it lasts (at most 2**18 digests come here).
                return repeated
            ordered = sorted(itertools.chain.from_iterable(pieces))
            following = itertools.islice(ordered, 1, None)
            repeated.update(itertools.compress(ordered, map(operator.eq, ordered, following)))
            del ordered, pieces
        return repeated

    def duplicates(self) -> Iterator[tuple[int, int, int]]:
        """(line, line of the first copy, byte offset) of every repeat, in line order."""
        repeated = self._repeated()
        if not repeated:
            return
        first: dict[int, int] = {}
        for segment in self.segments:
            log = self._load(segment)
            keys, lines, offsets, base = log.keys, log.lines, log.offsets, segment.base
            for i in itertools.compress(itertools.count(), map(repeated.__contains__, keys)):
                line = lines[i] + base
                earlier = first.setdefault(keys[i], line)
                if earlier != line:
                    yield line, earlier, offsets[i]


__all__ = ["SEGMENT", "DigestLog", "DigestStore", "digest"]
