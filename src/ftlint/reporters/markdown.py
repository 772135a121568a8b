"""The Markdown reporter: a verdict, the statistics, findings by rule and the findings table.

The findings table shows the first few findings of each rule per file, and one row that
sums up the rest (``--all-findings`` lists them all); the table of findings by rule counts
every one.

GitHub-flavoured Markdown for pull-request comments and GitHub's job summary (the
``github`` format appends this document to ``$GITHUB_STEP_SUMMARY``). :func:`document`
can stop adding rows before a byte budget is reached; the document then ends with a note
that says how many findings were left out.

Text that comes from the data (paths, messages, hints) is escaped: Markdown punctuation
gets a backslash, so a message cannot open a link, a code span or an HTML tag, and line
breaks become ``<br>`` so a table row stays one line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..findings import Finding
from ..results import Report
from .base import ReportOptions
from .common import (
    SEVERITY_ORDER,
    Folded,
    counts,
    describe,
    grouped,
    location,
    plural,
    rule_for,
)

# Findings tables longer than this are folded into a <details> block.
FOLD_AFTER = 20
# Bytes kept free for what closes a truncated document (</details>, the note).
_RESERVE = 1024
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def escape(text: str) -> str:
    """Escape text for a Markdown table cell (or a line of prose)."""
    return _NEWLINE.sub("<br>", _SPECIAL.sub(r"\\\1", text))


class _Out:
    """Collects the document; refuses a part that would pass the byte limit."""

    def __init__(self, limit: int | None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.full = False

    def add(self, text: str) -> bool:
        if self.full:
            return False
        n = len(text.encode("utf-8", "surrogatepass"))
        if self.limit is not None and self.size + n > self.limit:
            self.full = True
            return False
        self.parts.append(text)
        self.size += n
        return True


def _verdict(report: Report) -> str:
    files = plural(len(report.files), "file")
    mark = "❌" if report.errors else "✅"
    return f"## {mark} ftlint: {counts(report.errors, report.warnings, report.infos)} in {files}\n"


def _files_table(report: Report, out: _Out) -> None:
    out.add(
        "\n| File | Format | Lines | Examples | Valid | Invalid | Errors | Warnings | Info |\n"
        "|---|---|--:|--:|--:|--:|--:|--:|--:|\n"
    )
    for file in report.files:
        fmt = file.format or "unknown"
        if file.format is not None and file.format_source == "option":
            fmt += " (--format)"
        s = file.stats
        row = (
            f"| {escape(file.path)} | {fmt} | {s.lines:,} | {s.examples:,} | {s.valid:,}"
            f" | {s.invalid:,} | {file.errors:,} | {file.warnings:,} | {file.infos:,} |\n"
        )
        if not out.add(row):
            return
    if len(report.files) > 1:
        s = report.stats
        out.add(
            f"| **Total** | | {s.lines:,} | {s.examples:,} | {s.valid:,} | {s.invalid:,}"
            f" | {report.errors:,} | {report.warnings:,} | {report.infos:,} |\n"
        )


def _stats_line(report: Report) -> str:
    s = report.stats
    text = f"\n{plural(s.lines, 'line')} ({s.blank:,} blank), {plural(s.bytes, 'byte')}"
    if s.min_messages is not None:
        text += (
            f"; {plural(s.messages, 'message')} in valid examples"
            f" ({s.min_messages:,} to {s.max_messages:,} per example)"
        )
    return text + ".\n"


def _rules_table(report: Report, out: _Out) -> None:
    by_code = Counter(f.code for f in report.findings)
    severity = {f.code: f.severity for f in report.findings}
    for file in report.files:
        for runs in file.folded:  # the findings the check only counted
            by_code[runs.code] += runs.count
            severity.setdefault(runs.code, runs.severity)
    out.add("\n### Findings by rule\n\n| Code | Name | Severity | Findings |\n|---|---|---|--:|\n")
    rank = {sev: i for i, sev in enumerate(SEVERITY_ORDER)}
    for code, n in sorted(by_code.items(), key=lambda kv: (rank[severity[kv[0]]], -kv[1], kv[0])):
        rule = rule_for(code)
        name = escape(rule.name) if rule is not None else ""
        if not out.add(f"| {code} | {name} | {severity[code].value} | {n:,} |\n"):
            return


def _row(item: Finding | Folded) -> str:
    """A row of the findings table: a finding, or the repeats of a rule in a file."""
    if isinstance(item, Folded):
        where, text = item.path, item.message()
    else:
        where, text = location(item), describe(item)
    return f"| {escape(where)} | {item.code} | {item.severity.value} | {escape(text)} |\n"


def document(report: Report, max_bytes: int | None = None, *, group: bool = True) -> str:
    """The report as one Markdown document, at most ``max_bytes`` UTF-8 bytes if given.

    With ``group``, the findings table shows the first few findings of each rule per file
    and one row for the rest (see :func:`~ftlint.reporters.common.grouped`).
    """
    limit = None if max_bytes is None else max(0, max_bytes - _RESERVE)
    out = _Out(limit)
    findings = list(report.findings)
    items: list[Finding | Folded] = list(grouped(report.files)) if group else [*findings]
    total = len(findings) + sum(file.counted for file in report.files)
    out.add(_verdict(report))
    if report.files:
        _files_table(report, out)
        out.add(_stats_line(report))
    if findings:
        _rules_table(report, out)
    shown = 0
    opened = False
    if findings and out.add("\n### Findings\n\n"):
        if len(items) > FOLD_AFTER:
            summary = f"<details><summary>{plural(total, 'finding')}</summary>\n\n"
            opened = out.add(summary)
        out.add("| Location | Code | Severity | Message |\n|---|---|---|---|\n")
        for item in items:
            if not out.add(_row(item)):
                break
            shown += item.count if isinstance(item, Folded) else 1
    omitted = sum(f.omitted for f in report.files)
    tail: list[str] = []
    if opened:
        tail.append("\n</details>\n")
    if omitted:
        tail.append(f"\n{plural(omitted, 'more finding')} not kept (--max-findings).\n")
    if out.full:
        tail.append(
            f"\n> **Note:** truncated to stay within the size limit: {shown:,} of"
            f" {plural(total, 'finding')} shown. Run `ftlint check -o json` for all.\n"
        )
    return "".join(out.parts) + "".join(tail)


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as a Markdown document (never coloured)."""
    yield document(report, group=not options.all_findings)
