"""The results of a check: one :class:`FileReport` per file, gathered in a :class:`Report`."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import msgspec

from .findings import Finding, LineRuns
from .stats import Stats


class FileReport(msgspec.Struct, frozen=True, kw_only=True):
    """What checking one file found.

    Attributes:
        path: the file as the user named it.
        format: the file's format, or ``None`` if it could not be told.
        format_source: ``"option"`` when --format named it, ``"auto"`` when detected.
        stats: the file's statistics.
        findings: the findings kept, sorted; at most ``max_findings`` line findings.
        errors: error findings, including those not kept.
        warnings: warning findings, including those not kept.
        infos: info findings, including those not kept.
        streamed: findings handed to a listener as they were found (``on_finding``), and
            so not kept here.
        folded: the line findings a folding report only counts, by rule (see
            ``Options.fold_after``): counted in ``errors``, ``warnings`` and ``infos`` but
            not kept in ``findings``; empty unless ``fold_after`` was set.
        identity: for a file read from a URL, the URL and the version markers its store
            gave (``etag``, ``version_id``, ``generation``, the Hub ``commit``…): which
            bytes were checked. ``None`` for a local file or stdin.
    """

    path: str
    format: str | None
    format_source: str
    stats: Stats
    findings: tuple[Finding, ...]
    errors: int
    warnings: int
    infos: int
    identity: dict[str, str] | None = None
    streamed: int = 0
    folded: tuple[LineRuns, ...] = ()

    @property
    def counted(self) -> int:
        """Findings only counted, with their lines (``folded``), not kept in ``findings``."""
        return sum(runs.count for runs in self.folded)

    @property
    def omitted(self) -> int:
        """Findings counted but neither kept nor streamed, because of ``max_findings``."""
        held = len(self.findings) + self.streamed + self.counted
        return self.errors + self.warnings + self.infos - held


class Findings(tuple[Finding, ...]):
    """A tuple of findings. Calling it gives an iterator over it, as ``Report.findings()``
    did when it was a method, so code written for that keeps working."""

    __slots__ = ()

    def __call__(self) -> Iterator[Finding]:
        return iter(self)


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """The result of checking one or more files."""

    files: tuple[FileReport, ...]

    @property
    def errors(self) -> int:
        """Error findings over all files."""
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        """Warning findings over all files."""
        return sum(f.warnings for f in self.files)

    @property
    def infos(self) -> int:
        """Info findings over all files."""
        return sum(f.infos for f in self.files)

    @property
    def stats(self) -> Stats:
        """The statistics of all files merged."""
        return functools.reduce(Stats.merge, (f.stats for f in self.files), Stats())

    @property
    def findings(self) -> Findings:
        """Every kept finding, file by file, in order: a tuple, as ``FileReport.findings``."""
        return Findings(finding for file in self.files for finding in file.findings)
