"""Where a file's findings go: counted exactly, kept or streamed up to a cap, in report order."""

from __future__ import annotations

import msgspec

from ..findings import Finding, Severity
from .options import Listener

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class FindingSink:
    """Counts every finding exactly; keeps, or streams, at most ``limit`` line findings.

    The findings of one line are held until the line is done, then sorted (by column and
    code) before the cap applies, so --max-findings N keeps the first N findings a reader
    of the full report would see. Without a listener the kept findings are returned by
    :meth:`close`; with one, each line's findings go to the listener as soon as the line is
    done. Findings made once the lines are read (:meth:`lines_done`) and that point back
    at a line, such as duplicates (F006) and J005, are *late*: streamed after the
    file's other line findings, or put in their place by :meth:`close`. Memory stays
    bounded however many findings a file has: with a cap, late findings beyond it are
    dropped as they come.
    """

    __slots__ = (
        "_late",
        "_pending",
        "_tail",
        "counts",
        "error_lines",
        "kept",
        "last_error_line",
        "limit",
        "line_kept",
        "listener",
    )

    def __init__(self, limit: int | None, listener: Listener | None = None) -> None:
        self.kept: list[Finding] = []
        self.counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
        self.limit = limit
        self.listener = listener
        self.line_kept = 0
        self.error_lines = 0
        self.last_error_line: int | None = None
        self._pending: list[Finding] = []
        self._tail: list[Finding] = []  # file-level findings
        self._late: list[Finding] = []  # late line findings, without a listener

    def add(self, finding: Finding, *, late: bool = False) -> None:
        """Count a finding, and keep or stream it unless the cap is reached.

        A ``late`` finding is made after :meth:`lines_done` but points at a line.
        """
        self.counts[finding.severity] += 1
        line = finding.line
        if finding.severity is Severity.ERROR and line is not None and line != self.last_error_line:
            self.error_lines += 1
            self.last_error_line = line
        self.keep(finding, late=late)

    def keep(self, finding: Finding, *, late: bool = False) -> None:
        """Keep or stream a finding that is already counted (unless the cap is reached)."""
        if finding.line is None:
            self._tail.append(finding)
        elif late:
            self._keep_late(finding)
        else:
            pending = self._pending
            if pending and pending[0].line != finding.line:
                self._flush()
            pending.append(finding)

    def _keep_late(self, finding: Finding) -> None:
        limit = self.limit
        if self.listener is not None:
            if limit is None or self.line_kept < limit:
                self.line_kept += 1
                self.listener(finding)
            return
        late = self._late
        late.append(finding)
        if limit is not None and len(late) >= 2 * limit + 1024:
            # Only the first `limit` findings in report order can survive the cap.
            late.sort(key=Finding.sort_key)
            del late[limit:]

    def lines_done(self) -> None:
        """Every line has been read: release the last line's findings."""
        self._flush()

    def _flush(self) -> None:
        pending = self._pending
        if len(pending) > 1:
            pending.sort(key=Finding.sort_key)
        for finding in pending:
            if self.limit is not None and self.line_kept >= self.limit:
                break
            self.line_kept += 1
            if self.listener is not None:
                self.listener(finding)
            else:
                self.kept.append(finding)
        pending.clear()

    def severities(self) -> tuple[int, int, int]:
        """The counts of errors, warnings and infos so far."""
        counts = self.counts
        return counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]

    def merge(
        self, kept: list[Finding], severities: tuple[int, int, int], error_lines: int, base: int
    ) -> None:
        """Take in another sink's results (a later byte range, lines numbered from ``base + 1``).

        ``kept`` are that sink's kept findings, already counted in ``severities`` and
        ``error_lines``.
        """
        for severity, n in zip(_SEVERITIES, severities, strict=True):
            self.counts[severity] += n
        self.error_lines += error_lines
        for finding in kept:
            self.keep(msgspec.structs.replace(finding, line=(finding.line or 0) + base))

    def close(self) -> tuple[Finding, ...]:
        """Finish: the kept findings in report order (none when they were streamed)."""
        self._flush()
        tail = sorted(self._tail, key=Finding.sort_key)
        if self.listener is not None:
            for finding in tail:
                self.listener(finding)
            return ()
        by_line = self.kept
        if self._late:
            by_line = sorted(by_line + self._late, key=Finding.sort_key)
        if self.limit is not None:
            by_line = by_line[: self.limit]
        return tuple(tail + by_line)
