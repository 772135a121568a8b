"""What every reporter of ``ftlint check`` is: its options and its entry in the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

import msgspec

from .. import targets
from ..findings import Finding
from ..results import Report


class ReportOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to render: ``color`` adds ANSI styles, ``quiet`` drops the summary.

    ``all_findings`` prints every finding in the formats for people (text, Markdown,
    GitHub), which otherwise show the first few of each rule per file and sum up the
    rest in one line (see :func:`ftlint.reporters.common.grouped`). ``target`` is the
    provider the report was checked for (the text summary's default epochs are OpenAI's
    and Azure's only).
    """

    color: bool = False
    quiet: bool = False
    all_findings: bool = False
    target: str = targets.DEFAULT


class Afterword(NamedTuple):
    """What ``ftlint check`` adds once the report is printed.

    Attributes:
        line: one more line for stdout, or ``None``.
        warning: a problem to report on stderr (the report itself stands), or ``None``.
    """

    line: str | None = None
    warning: str | None = None


class Reporter(NamedTuple):
    """An output format.

    Attributes:
        render: the report (or, for a streaming format, what follows the findings).
        finding: for streaming formats, one finding as a chunk, printed as it is found.
        machine: a format for programs: never coloured, never mixed with a progress bar.
        after: what ``ftlint check`` does once the report is printed (a last line of
            statistics, a job summary file), beyond what the library's render gives.
        folds: unless ``all_findings``, a rule's findings in a file past
            :data:`~ftlint.reporters.common.FOLD_ABOVE` are only counted (and their lines
            named), so the check need not work out their columns and details.
    """

    render: Callable[[Report, ReportOptions], Iterator[str]]
    finding: Callable[[Finding], str] | None = None
    machine: bool = False
    after: Callable[[Report, ReportOptions], Afterword] | None = None
    folds: bool = False
