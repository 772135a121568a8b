"""The GitHub Actions reporter: workflow-command annotations, and the job summary.

Each finding becomes ``::error file=PATH,line=L,col=C,title=CODE::MESSAGE`` (``warning``
for warnings, ``notice`` for info), whose message repeats the text format's line so the
raw log stays readable. Property values and the message are escaped as actions/toolkit
does: ``%``, CR and LF in both, and ``:`` and ``,`` in property values too.

GitHub shows at most 10 annotations of each type per step, so the most useful come first
(errors, then warnings, then info; within one severity, the first finding of every rule
before the second of any, so ten annotations show as many different problems as they
can), and only :data:`ANNOTATIONS_PER_LEVEL` per type are written as annotations. The rest
follow as plain text lines in a collapsed log group, and a last ``::notice`` says how many
findings were not annotated, so nothing is lost. Without such a cut the output ends with a
plain count line instead. A file whose findings ``--max-findings`` cut (errors are kept
first) gets a ``::warning`` that says how many. A rule that repeats in a file is annotated
for its first few findings; one plain line sums up the rest (``--all-findings`` annotates
and lists all).

:func:`write_step_summary` appends the Markdown report to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from ..findings import Finding, Severity
from ..results import Report
from . import markdown
from .base import Afterword, ReportOptions
from .common import Folded, counts, grouped, not_kept, plural, repo_path
from .text import format_finding, format_folded

# GitHub displays at most this many annotations per type (error, warning, notice) per step.
ANNOTATIONS_PER_LEVEL = 10
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

# GitHub's limit for one step's summary, and how much of it ftlint uses at most.
SUMMARY_LIMIT = 1024 * 1024
SUMMARY_BUDGET = 768 * 1024
# Left free under SUMMARY_LIMIT when other tools of the step wrote to the summary first.
SUMMARY_MARGIN = 64 * 1024
_SUMMARY_MIN = 2048


def escape_data(text: str) -> str:
    """Escape a workflow command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One finding as a workflow command (without a newline)."""
    props = []
    if finding.path != "-":
        props.append(f"file={escape_property(repo_path(finding.path))}")
    if finding.line is not None:
        props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
    props.append(f"title={escape_property(finding.code)}")
    command = COMMANDS[finding.severity]
    return f"::{command} {','.join(props)}::{escape_data(format_finding(finding))}"


def by_usefulness(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by severity; within one, round-robin over rule codes, in report order."""
    seen: dict[str, int] = {}
    keyed = []
    for index, finding in enumerate(findings):
        nth = seen.get(finding.code, 0)
        seen[finding.code] = nth + 1
        keyed.append(((finding.severity.rank, nth, index), finding))
    keyed.sort(key=lambda item: item[0])
    return [finding for _, finding in keyed]


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as annotations, then the findings beyond the cap, then a count."""
    annotated = {sev: 0 for sev in COMMANDS}
    # Keep one notice free for the count line at the end.
    caps = {sev: ANNOTATIONS_PER_LEVEL for sev in COMMANDS}
    caps[Severity.INFO] -= 1
    items = report.findings() if options.all_findings else grouped(report.files)
    folded: list[Folded] = []
    visible: list[Finding] = []
    for item in items:
        if isinstance(item, Folded):
            folded.append(item)
        else:
            visible.append(item)
    rest: list[Finding] = []
    for finding in by_usefulness(visible):
        if annotated[finding.severity] < caps[finding.severity]:
            annotated[finding.severity] += 1
            yield annotation(finding) + "\n"
        else:
            rest.append(finding)
    if rest:
        title = f"ftlint: {plural(len(rest), 'more finding')} (not annotated)"
        yield f"::group::{escape_data(title)}\n"
        for finding in sorted(rest, key=Finding.sort_key):
            yield format_finding(finding) + "\n"
        yield "::endgroup::\n"
    for _, text in not_kept(report):
        yield f"::warning title=ftlint::{escape_data(text)}\n"
    for fold in folded:  # the repeats of a rule in a file: one plain line each
        yield format_folded(fold) + "\n"
    total = counts(report.errors, report.warnings, report.infos)
    line = f"ftlint: {total} in {plural(len(report.files), 'file')}"
    omitted = sum(f.omitted for f in report.files)
    if omitted:
        line += f"; {omitted:,} not kept (--max-findings)"
    if rest:
        line += (
            f"; {len(rest):,} not annotated (GitHub shows {ANNOTATIONS_PER_LEVEL} per type):"
            " see the log group and the job summary"
        )
        yield f"::notice title=ftlint::{escape_data(line)}\n"
    elif not options.quiet:
        yield line + "\n"


def after(report: Report, options: ReportOptions) -> Afterword:
    """Once the annotations are printed: the job summary, when GitHub names its file."""
    del options
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    problem = write_step_summary(report, path) if path else None
    return Afterword(warning=f"job summary: {problem}" if problem else None)


def write_step_summary(report: Report, path: str) -> str | None:
    """Append the Markdown report to the job summary file; return a problem, or ``None``.

    The file is opened for appending (other steps' tools write to it too) and written as
    UTF-8. ftlint uses at most :data:`SUMMARY_BUDGET` bytes, and less when the file is
    already large, so the step stays under GitHub's 1 MiB; a shortened summary says so.
    """
    try:
        used = os.path.getsize(path)
    except OSError:
        used = 0
    budget = min(SUMMARY_BUDGET, SUMMARY_LIMIT - SUMMARY_MARGIN - used)
    if budget < _SUMMARY_MIN:
        return f"{path}: the job summary is near GitHub's 1 MiB limit; nothing added"
    text = markdown.document(report, max_bytes=budget)  # grouped: it is for people
    try:
        with open(path, "a", encoding="utf-8", newline="\n", errors="backslashreplace") as f:
            f.write(text if used == 0 else "\n" + text)
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None
