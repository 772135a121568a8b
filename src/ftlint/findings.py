"""Findings: what ftlint reports, one problem each."""

from __future__ import annotations

import enum

import msgspec


class Severity(str, enum.Enum):
    """How serious a finding is. Only ``error`` makes ``ftlint check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: lower is more serious."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Finding(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One problem in one file.

    Attributes:
        path: the file as the user named it (``-`` for stdin).
        line: 1-based line number, or ``None`` for a file-level finding.
        column: 1-based column in Unicode code points, or ``None``.
        json_path: where in the line's JSON value, such as ``$.messages[2].role``.
        code: the stable rule code, such as ``S005``.
        severity: error, warning or info.
        message: what is wrong, in plain words.
        hint: how to fix it, when ftlint can tell.
        offset: byte offset of the line's start in the (decompressed) file, or ``None``
            for a file-level finding; lets tools seek straight to the line.
    """

    path: str
    line: int | None
    column: int | None
    json_path: str | None
    code: str
    severity: Severity
    message: str
    hint: str | None = None
    offset: int | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order findings by file, line, column and code; file-level findings first."""
        return (self.path, self.line or 0, self.column or 0, self.code)


# Runs of lines a summary of folded findings names before it says "and more".
RUNS_KEPT = 8


class LineRuns(msgspec.Struct, kw_only=True, gc=False):
    """The line findings of one rule in one file that a folding report only counts.

    A report that shows the first few findings of a rule and one summary line for the rest
    (text, Markdown, GitHub) needs no more of the rest than this: how many, on how many
    lines, and the first :data:`RUNS_KEPT` runs of lines. Keeping that instead of the
    findings holds memory flat on a file where a rule fires on every line. Lines must come
    in order (:meth:`add` and :meth:`extend`).

    Attributes:
        code: the rule.
        severity: its severity in this file.
        count: the findings.
        lines: the distinct lines they are on.
        runs: the first runs of consecutive lines, as ``[first, last]``.
        more: lines beyond ``runs`` were counted but not kept.
        last: the last line counted (0 before any).
    """

    code: str
    severity: Severity
    count: int = 0
    lines: int = 0
    runs: list[list[int]] = msgspec.field(default_factory=list)
    more: bool = False
    last: int = 0

    def add(self, line: int) -> None:
        """Count one finding on ``line`` (not before the last line counted).

        This is :meth:`_run` for one line written out, as a rule that fires on every line
        of a file counts millions: the line is after the last run's end (``line`` is past
        ``last``, which that end never passes), so it extends that run or starts one.
        """
        self.count += 1
        if line == self.last:
            return
        self.lines += 1
        self.last = line
        if self.more:
            return  # a run was dropped: the next ones cannot join the kept ones
        runs = self.runs
        if runs and runs[-1][1] == line - 1:
            runs[-1][1] = line
        elif len(runs) < RUNS_KEPT:
            runs.append([line, line])
        else:
            self.more = True

    def extend(self, other: LineRuns, base: int = 0) -> None:
        """Count ``other``'s findings, on lines after this one's, moved down by ``base``."""
        self.count += other.count
        self.lines += other.lines
        for first, last in other.runs:
            self._run(first + base, last + base)
        if other.more:
            self.more = True
            self.last = other.last + base

    def _run(self, first: int, last: int) -> None:
        runs = self.runs
        self.last = last
        if self.more:
            return  # a run was dropped: the next ones cannot join the kept ones
        if runs and runs[-1][1] >= first - 1:
            runs[-1][1] = max(runs[-1][1], last)
        elif len(runs) < RUNS_KEPT:
            runs.append([first, last])
        else:
            self.more = True

    def text(self) -> str:
        """``4-600`` or ``4-10, 12, 15-20 and more``."""
        text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.runs)
        return text + (" and more" if self.more else "")
