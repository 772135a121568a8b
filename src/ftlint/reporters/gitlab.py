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

import hashlib
from collections.abc import Iterator
from typing import Any

import msgspec

from ..findings import Severity
from ..results import Report
from .base import ReportOptions
from .common import describe, fingerprints, not_kept, repo_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def document(report: Report) -> list[dict[str, Any]]:
    """The report as a Code Quality array (before encoding)."""
    findings = list(report.findings)
    issues = [
        {
            "description": f"{finding.code}: {describe(finding)}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {
                "path": repo_path(finding.path),
                "lines": {"begin": finding.line if finding.line is not None else 1},
            },
        }
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
    ]
    for path, text in not_kept(report):
        # --max-findings cut this file's findings: one issue says so, where GitLab shows it.
        issues.append(
            {
                "description": f"ftlint: {text}",
                "check_name": "ftlint-max-findings",
                "fingerprint": hashlib.md5(f"max-findings\0{path}".encode()).hexdigest(),
                "severity": "info",
                "location": {"path": repo_path(path), "lines": {"begin": 1}},
            }
        )
    return issues


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as one pretty-printed JSON array."""
    del options
    raw = msgspec.json.encode(document(report))
    yield msgspec.json.format(raw, indent=2).decode() + "\n"
