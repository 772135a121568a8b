"""The GitLab reporter: a Code Quality report (a JSON array of Code Climate issues).

Each finding becomes::

    {"description": "S005: invalid role ...", "check_name": "S005",
     "fingerprint": "<32 hex digits>", "severity": "major",
     "location": {"path": "data/train.jsonl", "lines": {"begin": 3}}}

``severity`` maps error → ``major``, warning → ``minor``, info → ``info``. ``path`` is
relative to the current directory (run ftlint from the repository root), in POSIX form. A
file-level finding points at line 1. ``fingerprint`` is unique within the report and stable
across commits (see :mod:`ftlint.reporters.common`): GitLab collapses identical fingerprints
into one entry and uses them to tell new problems from fixed ones. The output is UTF-8
without a byte-order mark, as GitLab requires. When ``--max-findings`` cut a file's
findings (errors are kept first), one more ``info`` issue, ``ftlint-max-findings``, says
how many were not kept.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

from ..findings import Finding, Severity
from ..results import Report
from .base import ReportOptions
from .chunked import HOLE, batches, pretty
from .common import describe, iter_fingerprints, not_kept, repo_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def document(report: Report) -> list[dict[str, Any]]:
    """The report as a Code Quality array (before encoding)."""
    return [issue for batch in _batches(report) for issue in batch]


def _batches(report: Report) -> Iterator[list[dict[str, Any]]]:
    """The issues, made a batch of findings at a time, then those of cut findings."""
    findings = list(report.findings)
    prints = iter_fingerprints(findings)
    where = functools.cache(repo_path)  # the same few files, again and again
    for batch in batches(findings):
        yield _issues(batch, prints, where)
    yield _cut(report)


def _issues(
    findings: list[Finding], prints: Iterator[str], where: Callable[[str], str]
) -> list[dict[str, Any]]:
    return [
        {
            "description": f"{finding.code}: {describe(finding)}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {
                "path": where(finding.path),
                "lines": {"begin": finding.line if finding.line is not None else 1},
            },
        }
        for finding, fingerprint in zip(findings, prints, strict=False)
    ]


def _cut(report: Report) -> list[dict[str, Any]]:
    """An issue for each file whose findings --max-findings cut, where GitLab shows it."""
    return [
        {
            "description": f"ftlint: {text}",
            "check_name": "ftlint-max-findings",
            "fingerprint": hashlib.md5(f"max-findings\0{path}".encode()).hexdigest(),
            "severity": "info",
            "location": {"path": repo_path(path), "lines": {"begin": 1}},
        }
        for path, text in not_kept(report)
    ]


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as one pretty-printed JSON array, its issues made and encoded a
    batch at a time (:mod:`.chunked`)."""
    del options
    return pretty(HOLE, _batches(report))
