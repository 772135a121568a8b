"""Reporters: one module per output format, registered in :data:`REPORTERS`.

A reporter turns a finished :class:`~ftlint.results.Report` into text chunks. It writes
nothing itself, so the CLI owns the stream and tests can join the chunks. A streaming
reporter also formats each finding on its own (``finding``): the CLI then prints findings
as the engine makes them, and ``render`` adds only what comes after them. What only
``ftlint check`` does once the report is printed (the text format's statistics line,
GitHub's job summary file) is the reporter's ``after`` hook. The registry feeds the CLI's
``-o/--output-format`` choices, so adding a format is one module plus one entry here;
``ftlint stats`` and ``ftlint rules`` have their own registries (``STATS_REPORTERS`` in
:mod:`.stats`, ``RULES_REPORTERS`` in :mod:`.rules`).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import github, gitlab, json, jsonl, junit, markdown, sarif, text
from .base import Afterword, Reporter, ReportOptions

REPORTERS: Mapping[str, Reporter] = {
    "text": Reporter(text.render, after=text.after, folds=True),
    "json": Reporter(json.render, machine=True),
    "jsonl": Reporter(jsonl.render, finding=jsonl.finding, machine=True, after=jsonl.after),
    "github": Reporter(github.render, machine=True, after=github.after, folds=True),
    "sarif": Reporter(sarif.render, machine=True),
    "gitlab": Reporter(gitlab.render, machine=True),
    "junit": Reporter(junit.render, machine=True),
    "markdown": Reporter(markdown.render, folds=True),
}

MACHINE_FORMATS = frozenset(name for name, r in REPORTERS.items() if r.machine)

__all__ = ["MACHINE_FORMATS", "REPORTERS", "Afterword", "ReportOptions", "Reporter"]
