"""Reporters: one module per output format, registered in :data:`REPORTERS`.

A reporter turns a finished :class:`~ftlint.results.Report` into text chunks. It writes
nothing itself, so the CLI owns the stream and tests can join the chunks. The registry
feeds the CLI's ``-o/--output-format`` choices, so adding a format is one module plus one
entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import msgspec

from ..results import Report
from . import json, text


class ReportOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to render: ``color`` adds ANSI styles, ``quiet`` drops the summary."""

    color: bool = False
    quiet: bool = False


Reporter = Callable[[Report, ReportOptions], Iterator[str]]

REPORTERS: Mapping[str, Reporter] = {
    "text": text.render,
    "json": json.render,
}

# Formats meant for machines: never coloured, and never mixed with a progress bar.
MACHINE_FORMATS = frozenset({"json"})

__all__ = ["MACHINE_FORMATS", "REPORTERS", "ReportOptions", "Reporter"]
