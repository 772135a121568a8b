"""The per-file counters of a check, in one place.

A new counter is a field of :class:`FileCounts`, plus a line in :meth:`FileCounts.merge`
and, if the report shows it, in :meth:`FileCounts.stats`: byte ranges, their merge and
the report all go through this type.
"""

from __future__ import annotations

import msgspec

from ..stats import Stats


class FileCounts(msgspec.Struct, kw_only=True):
    """What a check counts in one file, or in one byte range of it.

    The hot loop keeps its own counts in local variables and adds them once per run
    (:meth:`add_run`); the slow path counts here directly.

    Attributes:
        lines: lines read, blank ones included.
        bytes: the byte offset reached: bytes read, plus the offset the check began at.
        blank: blank or whitespace-only lines.
        examples: non-blank lines.
        valid: examples that decoded in the file's format with no error finding: the
            examples every other number describes (the rest are invalid).
        crlf: examples whose line ends with CRLF.
        first_crlf: (line, byte offset) of the first such line, or ``None``.
        messages: messages in valid examples; a preference example's are its input's
            messages and both outputs.
        min_messages: fewest messages in a valid example, ``None`` if there is none.
        max_messages: most messages in a valid example.
        complete: ``False`` when reading stopped early; the counts are then partial.
    """

    lines: int = 0
    bytes: int = 0
    blank: int = 0
    examples: int = 0
    valid: int = 0
    crlf: int = 0
    first_crlf: tuple[int, int] | None = None
    messages: int = 0
    min_messages: int | None = None
    max_messages: int = 0
    complete: bool = True

    def count_messages(self, total: int, lo: int | None, hi: int) -> None:
        """Add ``total`` messages, from examples with at least ``lo`` and at most ``hi``."""
        self.messages += total
        if lo is not None and (self.min_messages is None or lo < self.min_messages):
            self.min_messages = lo
        if hi > self.max_messages:
            self.max_messages = hi

    def add_run(
        self,
        lines: int,
        end: int,
        examples: int,
        valid: int,
        crlf: int,
        first_crlf: tuple[int, int] | None,
        messages: tuple[int, int | None, int],
    ) -> None:
        """Add what one run of the hot loop counted; it read up to byte offset ``end``.

        ``messages`` is (total, fewest, most), as :meth:`count_messages` takes them.
        """
        self.lines += lines
        self.bytes = end
        self.examples += examples
        self.valid += valid
        self.crlf += crlf
        # The slow path may have seen a later CRLF line first: keep the earliest.
        if first_crlf is not None and (
            self.first_crlf is None or first_crlf[0] < self.first_crlf[0]
        ):
            self.first_crlf = first_crlf
        self.count_messages(*messages)

    def merge(self, other: FileCounts, base: int) -> None:
        """Add the counts of the next byte range, whose lines are numbered from ``base + 1``."""
        self.lines += other.lines
        self.bytes += other.bytes
        self.blank += other.blank
        self.examples += other.examples
        self.valid += other.valid
        self.crlf += other.crlf
        if self.first_crlf is None and other.first_crlf is not None:
            self.first_crlf = (other.first_crlf[0] + base, other.first_crlf[1])
        self.count_messages(other.messages, other.min_messages, other.max_messages)
        self.complete = self.complete and other.complete

    def stats(self) -> Stats:
        """The report's statistics."""
        return Stats(
            lines=self.lines,
            bytes=self.bytes,
            blank=self.blank,
            examples=self.examples,
            invalid=self.examples - self.valid,
            messages=self.messages,
            min_messages=self.min_messages,
            max_messages=self.max_messages,
        )
