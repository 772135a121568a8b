"""Dataset statistics that merge, so per-file and per-worker results combine exactly."""

from __future__ import annotations

import msgspec


class Stats(msgspec.Struct, kw_only=True):
    """Counts over the lines of one or more files.

    Every field is a sum, a minimum or a maximum, so :meth:`merge` is exact and
    associative: checking parts of a file (or several files) and merging the results gives
    the same numbers as one pass over everything.

    Attributes:
        lines: lines read, blank ones included.
        bytes: bytes read.
        blank: blank or whitespace-only lines.
        examples: non-blank lines; each is meant as one training example.
        invalid: examples with at least one error finding.
        messages: messages in valid examples (``input.messages`` for preference data).
        min_messages: fewest messages in a valid example, ``None`` if there is none.
        max_messages: most messages in a valid example.
    """

    lines: int = 0
    bytes: int = 0
    blank: int = 0
    examples: int = 0
    invalid: int = 0
    messages: int = 0
    min_messages: int | None = None
    max_messages: int = 0

    @property
    def valid(self) -> int:
        """Examples without any error finding."""
        return self.examples - self.invalid

    def merge(self, other: Stats) -> Stats:
        """Return the statistics of both parts together."""
        mins = [m for m in (self.min_messages, other.min_messages) if m is not None]
        return Stats(
            lines=self.lines + other.lines,
            bytes=self.bytes + other.bytes,
            blank=self.blank + other.blank,
            examples=self.examples + other.examples,
            invalid=self.invalid + other.invalid,
            messages=self.messages + other.messages,
            min_messages=min(mins) if mins else None,
            max_messages=max(self.max_messages, other.max_messages),
        )
