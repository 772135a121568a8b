"""ftlint: lint fine-tuning training data before you pay to train on it.

The Python API mirrors ``ftlint check``::

    import ftlint

    report = ftlint.check_file("train.jsonl")
    for finding in report.findings():
        print(finding.line, finding.code, finding.message)
    raise SystemExit(1 if report.errors else 0)
"""

from __future__ import annotations

from ._version import __version__
from .engine import (
    FORMAT_CHOICES,
    LineContext,
    Options,
    check_file,
    check_lines,
    check_paths,
    check_stream,
)
from .findings import Finding, Severity
from .results import FileReport, Report
from .selection import resolve as select_rules
from .stats import Stats

__all__ = [
    "FORMAT_CHOICES",
    "FileReport",
    "Finding",
    "LineContext",
    "Options",
    "Report",
    "Severity",
    "Stats",
    "__version__",
    "check_file",
    "check_lines",
    "check_paths",
    "check_stream",
    "select_rules",
]
