"""The JSON Lines reporter: one finding per line, streamed as the engine finds them.

Each line is one JSON object with the same keys as a finding of the ``json`` format
(``path``, ``line``, ``column``, ``json_path``, ``code``, ``severity``, ``message``,
``hint``, ``offset``). Nothing else is printed: no summary, so every line is a finding.
The CLI prints each finding as soon as its line has been checked (file-level findings
come last for each file), so memory stays flat on huge files and a consumer can start
before the check ends. With ``--max-findings`` a file's findings come once it is checked,
since errors are kept first; that they were cut is said on stderr, so every line of
stdout stays a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from ..findings import Finding
from ..results import Report
from .base import Afterword, ReportOptions
from .common import not_kept

_ENCODER = msgspec.json.Encoder()


def finding(item: Finding) -> str:
    """One finding as one JSON line, newline included."""
    return _ENCODER.encode(item).decode() + "\n"


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Nothing follows the streamed findings."""
    del report, options
    return iter(())


def after(report: Report, options: ReportOptions) -> Afterword:
    """Once the findings are printed: say on stderr which files --max-findings cut."""
    del options
    cut = [text for _, text in not_kept(report)]
    return Afterword(warning="; ".join(cut) if cut else None)
