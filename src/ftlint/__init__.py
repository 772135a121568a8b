"""ftlint: lint fine-tuning training data before you pay to train on it.

The Python API mirrors ``ftlint check``::

    import ftlint

    report = ftlint.check_file("train.jsonl")
    for finding in report.findings:
        print(finding.line, finding.code, finding.message)
    raise SystemExit(1 if report.errors else 0)

The names below are imported on first use, so that ``import ftlint`` (and the command
line's start-up) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .engine import (
        FORMAT_CHOICES,
        Options,
        check_file,
        check_lines,
        check_paths,
        check_stream,
    )
    from .findings import Finding, Severity
    from .results import FileReport, Report
    from .rules.context import LineContext
    from .selection import resolve as select_rules
    from .stats import Stats

_LAZY = {
    "FORMAT_CHOICES": "engine",
    "LineContext": "rules.context",
    "Options": "engine",
    "check_file": "engine",
    "check_lines": "engine",
    "check_paths": "engine",
    "check_stream": "engine",
    "Finding": "findings",
    "Severity": "findings",
    "FileReport": "results",
    "Report": "results",
    "Stats": "stats",
    "select_rules": "selection",
}


def __dir__() -> list[str]:
    # The lazy names are attributes too, before their first use.
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ftlint' has no attribute {name!r}")
    attribute = "resolve" if name == "select_rules" else name
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


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
