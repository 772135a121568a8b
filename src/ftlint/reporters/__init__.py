"""Reporters: one module per output format, registered in :data:`REPORTERS`.

A reporter turns a finished :class:`~ftlint.results.Report` into text chunks. It writes
nothing itself, so the CLI owns the stream and tests can join the chunks. A streaming
reporter also formats each finding on its own (``finding``): the CLI then prints findings
as the engine makes them, and ``render`` adds only what comes after them. What only
``ftlint check`` does once the report is printed (the text format's statistics line,
GitHub's job summary file) is the reporter's ``after`` hook. The registry feeds the CLI's
``-o/--output-format`` choices, so adding a format is one module plus one entry here (the
module is imported only by a run that prints its format). ``ftlint stats`` and ``ftlint
rules`` have their own registries (``STATS_REPORTERS`` in :mod:`.stats`,
``RULES_REPORTERS`` in :mod:`.rules`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from .base import Afterword, Reporter, ReportOptions


class _Format(NamedTuple):
    """An output format's entry: ``machine`` as :class:`Reporter` has it; ``finding`` and
    ``after``: its module has those functions (beside ``render``)."""

    machine: bool = False
    finding: bool = False
    after: bool = False


# Each format's module has its name. The one a run prints is imported when its reporter is
# first asked for: start-up is part of every pre-commit run.
_FORMATS = {
    "text": _Format(after=True),
    "json": _Format(machine=True),
    "jsonl": _Format(machine=True, finding=True, after=True),
    "github": _Format(machine=True, after=True),
    "sarif": _Format(machine=True),
    "gitlab": _Format(machine=True),
    "junit": _Format(machine=True),
    "markdown": _Format(),
}


class _Reporters(Mapping[str, Reporter]):
    """The reporters by format name, each made from its module on first use."""

    def __init__(self) -> None:
        self._made: dict[str, Reporter] = {}

    def __getitem__(self, name: str) -> Reporter:
        reporter = self._made.get(name)
        if reporter is None:
            entry = _FORMATS[name]
            module = importlib.import_module(f".{name}", __name__)
            reporter = self._made[name] = Reporter(
                module.render,
                module.finding if entry.finding else None,
                entry.machine,
                module.after if entry.after else None,
            )
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_FORMATS)

    def __len__(self) -> int:
        return len(_FORMATS)


REPORTERS: Mapping[str, Reporter] = _Reporters()

MACHINE_FORMATS = frozenset(name for name, entry in _FORMATS.items() if entry.machine)

__all__ = ["MACHINE_FORMATS", "REPORTERS", "Afterword", "ReportOptions", "Reporter"]
