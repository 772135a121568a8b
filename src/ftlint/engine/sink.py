"""Where a file's findings go: counted exactly, kept or streamed up to a cap, in report order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import msgspec

from ..findings import Finding, LineRuns, Severity
from .options import Listener

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_K = TypeVar("_K", str, Severity)


class FindingSink:
    """Counts every finding exactly; keeps, or streams, at most ``limit`` line findings.

    The findings of one line are held until the line is done, then sorted (by column and
    code). Without a cap, they are kept, or go to the listener as soon as the line is
    done. Under a cap (--max-findings N) errors come first: the N kept are the first
    errors in report order, then (if fewer than N) the first warnings, then infos, shown
    in report order; so a capped report never hides an error behind warnings. That
    choice needs the whole file, so with a cap a listener gets its findings when the
    file is done. Findings made once the lines are read (:meth:`lines_done`) and that
    point back at a line, such as duplicates (F006) and J005, are *late*: streamed after
    the file's other line findings, or put in their place by :meth:`close`. Memory stays
    bounded however many findings a file has: under a cap, at most about ``2 * limit``
    findings of each severity are held.

    With ``fold_after`` (see :class:`~ftlint.engine.options.Options`), it also tells which
    findings a folding report will only count (:meth:`folded`), and keeps only their
    lines (:class:`~ftlint.findings.LineRuns`, :meth:`runs`): memory then stays flat
    without a cap too, even where a rule fires on every line.
    """

    __slots__ = (
        "_before_cap",
        "_by_rule",
        "_capped",
        "_late",
        "_pending",
        "_runs",
        "_tail",
        "counts",
        "error_lines",
        "fold_after",
        "kept",
        "last_error_line",
        "limit",
        "listener",
        "streamed",
    )

    def __init__(
        self, limit: int | None, listener: Listener | None = None, fold_after: int | None = None
    ) -> None:
        # Without a cap, the kept line findings; under one, the candidates, by severity.
        self.kept: list[Finding] = []
        self.counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
        self.limit = limit
        self.listener = listener
        self.streamed = 0  # findings given to the listener
        self.error_lines = 0
        self.last_error_line: int | None = None
        self._pending: list[Finding] = []
        self._tail: list[Finding] = []  # file-level findings
        self._late: list[Finding] = []  # late line findings, without a listener
        # Under a cap: the first findings of each severity in report order; and, by
        # severity, [those held on lines before the last, all held, the last line].
        self._capped: dict[Severity, list[Finding]] = {sev: [] for sev in _SEVERITIES}
        self._before_cap: dict[Severity, list[int]] = {}
        self.fold_after = fold_after
        # Rule code -> [its line findings on lines before the last, all of them, the last
        # line], while `fold_after` is set.
        self._by_rule: dict[str, list[int]] = {}
        # Rule code -> the lines of its findings past `fold_after`, which are not kept.
        self._runs: dict[str, LineRuns] = {}

    def add(self, finding: Finding, *, late: bool = False) -> None:
        """Count a finding, and keep or stream it unless the cap is reached or a folding
        report will only count it.

        A ``late`` finding is made after :meth:`lines_done` but points at a line.
        """
        if not self.tally(finding.code, finding.severity, finding.line):
            self.keep(finding, late=late)

    def tally(self, code: str, severity: Severity, line: int | None) -> bool:
        """Count a finding of rule ``code``; ``True`` if that is all the report needs of
        it, so it need not even be made: a folding report notes its line, and under a cap
        it comes after the ones kept (:meth:`capped`). Else it must be given to
        :meth:`keep`."""
        self.counts[severity] += 1
        if severity is Severity.ERROR and line is not None and line != self.last_error_line:
            self.error_lines += 1
            self.last_error_line = line
        if line is None:
            return False
        if self.fold_after is not None and self._folds(code, line):
            self._runs_of(code, severity).add(line)
            return True
        return self.limit is not None and self.capped(severity, line)

    def _folds(self, code: str, line: int) -> bool:
        """Note a finding of ``code`` on ``line``: whether it is past the first
        ``fold_after`` (see :meth:`folded`) and in line order, so only counted."""
        # This is `_note` and `_earlier` written out: it runs for every finding of a
        # folding report, millions on a file of blank lines.
        seen = self._by_rule.get(code)
        if seen is None:
            self._by_rule[code] = [0, 1, line]
            return False
        assert self.fold_after is not None
        last = seen[2]
        fold = line >= last and (seen[1] if line > last else seen[0]) >= self.fold_after
        if line > last:
            seen[0], seen[2] = seen[1], line
        elif line < last:  # before the last line (a late finding): before every line
            seen[0] += 1
        seen[1] += 1
        return fold and self.listener is None

    def _runs_of(self, code: str, severity: Severity) -> LineRuns:
        runs = self._runs.get(code)
        if runs is None:
            runs = self._runs[code] = LineRuns(code=code, severity=severity)
        return runs

    def runs(self) -> list[LineRuns]:
        """The lines of the findings only counted, by rule (see :meth:`tally`)."""
        return list(self._runs.values())

    def folded(self, code: str, line: int) -> bool:
        """Whether a report that folds will only count a finding of rule ``code`` on
        ``line``: at least ``fold_after`` of the rule's findings come before it in report
        order (on earlier lines), so the rule is folded and this one is not among the few
        it shows. Findings on one line are not ordered yet, so they do not count. Nothing
        folds while a listener takes every finding as it is made (see :meth:`_folds`)."""
        seen = self._by_rule.get(code)
        if self.fold_after is None or seen is None or self.listener is not None:
            return False
        return _earlier(seen, line) >= self.fold_after

    def capped(self, severity: Severity, line: int) -> bool:
        """Under a cap (--max-findings), whether a finding of ``severity`` on ``line``
        cannot be among those kept: ``limit`` findings of its severity are already held
        on earlier lines, and come before it in report order."""
        seen = self._before_cap.get(severity)
        if seen is None or self.limit is None or line < seen[2]:
            return False
        return _earlier(seen, line) >= self.limit

    def keep(self, finding: Finding, *, late: bool = False) -> None:
        """Keep or stream a finding that is already counted (unless the cap is reached)."""
        if finding.line is None:
            self._tail.append(finding)
        elif self.limit is not None:
            self._candidate(finding)
        elif late:
            if self.listener is not None:
                self._stream((finding,))
            else:
                self._late.append(finding)
        else:
            pending = self._pending
            if pending and pending[0].line != finding.line:
                self._flush()
            pending.append(finding)

    def _candidate(self, finding: Finding) -> None:
        """Under a cap: hold a finding if it may be among the first of its severity."""
        limit = self.limit
        assert limit is not None
        held = self._capped[finding.severity]
        held.append(finding)
        assert finding.line is not None
        _note(self._before_cap, finding.severity, finding.line)
        if len(held) >= 2 * limit + 1024:
            # Only the first `limit` of a severity in report order can be shown.
            held.sort(key=Finding.sort_key)
            del held[limit:]

    def lines_done(self) -> None:
        """Every line has been read: release the last line's findings."""
        self._flush()

    def _flush(self) -> None:
        pending = self._pending
        if len(pending) > 1:
            pending.sort(key=Finding.sort_key)
        if self.listener is not None:
            self._stream(pending)
        else:
            self.kept.extend(pending)
        pending.clear()

    def _stream(self, findings: Iterable[Finding]) -> None:
        listener = self.listener
        assert listener is not None
        for finding in findings:
            self.streamed += 1
            listener(finding)

    def severities(self) -> tuple[int, int, int]:
        """The counts of errors, warnings and infos so far."""
        counts = self.counts
        return counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]

    def held(self) -> list[Finding]:
        """The line findings held so far (for a byte range's result), in no set order."""
        if self.limit is None:
            return self.kept
        return [finding for sev in _SEVERITIES for finding in self._capped[sev]]

    def merge(
        self,
        kept: list[Finding],
        severities: tuple[int, int, int],
        error_lines: int,
        base: int,
        runs: Sequence[LineRuns] = (),
    ) -> None:
        """Take in another sink's results (a later byte range, lines numbered from ``base + 1``).

        ``kept`` are that sink's held findings, and ``runs`` the lines of those it only
        counted (:meth:`runs`), all already counted in ``severities`` and ``error_lines``.
        Those of its kept findings that this sink's folding report will only count are
        folded here too, so the whole file's findings are held as a serial run holds them.
        """
        for severity, n in zip(_SEVERITIES, severities, strict=True):
            self.counts[severity] += n
        self.error_lines += error_lines
        folding = self.fold_after is not None
        for finding in kept:
            line = (finding.line or 0) + base
            if folding and finding.line is not None and self._folds(finding.code, line):
                self._runs_of(finding.code, finding.severity).add(line)
            else:  # findings are frozen: the first range's are kept as they are
                self.keep(finding if base == 0 else msgspec.structs.replace(finding, line=line))
        for part in runs:
            self._runs_of(part.code, part.severity).extend(part, base)
            seen = self._by_rule.setdefault(part.code, [0, 0, 0])
            # Later findings come on later lines, which count every one before them.
            seen[1] += part.count
            seen[0], seen[2] = seen[1] - 1, part.last + base

    def _chosen(self) -> list[Finding]:
        """Under a cap: the findings shown, errors first, in report order."""
        left = self.limit
        assert left is not None
        chosen: list[Finding] = []
        for sev in _SEVERITIES:
            held = sorted(self._capped[sev], key=Finding.sort_key)[:left]
            chosen += held
            left -= len(held)
        return sorted(chosen, key=Finding.sort_key)

    def close(self) -> tuple[Finding, ...]:
        """Finish: the kept findings in report order (none when they were streamed)."""
        self._flush()
        tail = sorted(self._tail, key=Finding.sort_key)
        if self.limit is not None:
            by_line = self._chosen()
        else:
            by_line = self.kept
            if self._late:
                by_line = sorted(by_line + self._late, key=Finding.sort_key)
        if self.listener is not None:
            if self.limit is not None:
                self._stream(by_line)
            self._stream(tail)
            return ()
        return tuple(tail + by_line)


def _note(seen: dict[_K, list[int]], key: _K, line: int) -> None:
    """Note a finding of ``key`` on ``line`` in ``seen``, which holds for each key: [its
    findings on lines before the last, all of them, the last line]."""
    counts = seen.get(key)
    if counts is None:
        seen[key] = [0, 1, line]
        return
    if line > counts[2]:
        counts[0], counts[2] = counts[1], line
    elif line < counts[2]:  # before the last line (a late finding): before every line
        counts[0] += 1
    counts[1] += 1


def _earlier(counts: list[int], line: int) -> int:
    """How many of the noted findings (see :func:`_note`) are on lines before ``line``,
    for a ``line`` at or after the last."""
    return counts[1] if line > counts[2] else counts[0]
