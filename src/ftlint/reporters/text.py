"""The text reporter: ``path:line:col: CODE [severity] message``, then a summary per file.

The ``path:line:col:`` prefix is the one editors, grep and CI problem matchers parse. A
rule that repeats in a file shows its first few findings, then one ``path: CODE
[severity] N more findings of this rule, on lines ...`` line (``--all-findings`` shows
them all).
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from .. import targets
from ..findings import Finding, Severity
from ..results import FileReport, Report
from ..stats import target_epochs
from .base import Afterword, ReportOptions
from .common import Folded, at_path, grouped, hint_suffix, location, plural

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def format_finding(finding: Finding, *, color: bool = False) -> str:
    """One finding as one line, without a newline."""
    loc, code, sev = location(finding), finding.code, f"[{finding.severity.value}]"
    message, hint = at_path(finding), hint_suffix(finding)
    if color:
        loc = click.style(loc, bold=True)
        code = click.style(code, fg=_COLORS[finding.severity], bold=True)
        sev = click.style(sev, fg=_COLORS[finding.severity])
        hint = click.style(hint, dim=True)
    return f"{loc}: {code} {sev} {message}{hint}"


def format_folded(fold: Folded, *, color: bool = False) -> str:
    """The line that stands for a rule's repeated findings in a file (no newline)."""
    loc, code, sev = fold.path, fold.code, f"[{fold.severity.value}]"
    if color:
        loc = click.style(loc, bold=True)
        code = click.style(code, fg=_COLORS[fold.severity], bold=True)
        sev = click.style(sev, fg=_COLORS[fold.severity])
    return f"{loc}: {code} {sev} {fold.message()}"


def format_item(item: Finding | Folded, *, color: bool = False) -> str:
    """A finding, or a line of folded findings, as one line without a newline."""
    if isinstance(item, Folded):
        return format_folded(item, color=color)
    return format_finding(item, color=color)


def format_summary(file: FileReport) -> str:
    """The one-line summary of a file."""
    stats = file.stats
    if file.format is None:
        fmt = "format unknown"
    else:
        how = "detected" if file.format_source == "auto" else "from --format"
        fmt = f"{file.format} ({how})"
    parts = [
        f"{file.path}: {fmt}",
        f"{plural(stats.examples, 'example')} ({stats.valid:,} valid, {stats.invalid:,} invalid)",
        f"{plural(file.errors, 'error')}, {plural(file.warnings, 'warning')}, {file.infos:,} info",
    ]
    if file.omitted:
        parts.append(f"{file.omitted:,} more findings not shown (--max-findings)")
    return ", ".join(parts)


def format_stats(report: Report, target: str = targets.DEFAULT) -> str | None:
    """One line of dataset statistics for the end of ``ftlint check``'s text, or ``None``.

    Only what checking already counted (no tokens): valid examples, messages per example
    and, for one file, the default epochs where ``target``'s default is the cookbook's
    (:func:`ftlint.stats.target_epochs`). ``ftlint stats`` has the rest.
    """
    stats = report.stats
    if stats.valid <= 0:
        return None
    parts = [plural(stats.valid, "valid example")]
    if stats.min_messages is not None:
        mean = stats.messages / stats.valid
        lo, hi = stats.min_messages, stats.max_messages
        span = f"{lo:,}" if lo == hi else f"{lo:,} to {hi:,}"
        parts.append(f"{span} messages each (mean {mean:.1f})")
    epochs = target_epochs(target, stats.valid)
    if len(report.files) == 1 and epochs is not None:
        parts.append(f"{epochs} epochs by default")
    return "stats: " + ", ".join(parts) + "; tokens, limits and cost: ftlint stats"


def after(report: Report, options: ReportOptions) -> Afterword:
    """What ``ftlint check`` prints after the report: the short statistics line."""
    return Afterword(line=None if options.quiet else format_stats(report, options.target))


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as text lines."""
    items = report.findings if options.all_findings else grouped(report.files)
    for item in items:
        yield format_item(item, color=options.color) + "\n"
    if options.quiet:
        return
    for file in report.files:
        yield format_summary(file) + "\n"
    if len(report.files) > 1:
        stats = report.stats
        yield (
            f"{plural(len(report.files), 'file')}: {plural(stats.examples, 'example')}"
            f" ({stats.valid:,} valid, {stats.invalid:,} invalid),"
            f" {plural(report.errors, 'error')}, {plural(report.warnings, 'warning')},"
            f" {report.infos:,} info\n"
        )
