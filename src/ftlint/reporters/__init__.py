"""Reporters: one module per output format, registered in :data:`REPORTERS`.

A reporter turns a finished :class:`~ftlint.results.Report` into text chunks. It writes
nothing itself, so the CLI owns the stream and tests can join the chunks. A streaming
reporter also formats each finding on its own (``finding``): the CLI then prints findings
as the engine makes them, and ``render`` adds only what comes after them. What only
``ftlint check`` does once the report is printed (the text format's statistics line,
GitHub's job summary file) is the reporter's ``after`` hook. The registry feeds the CLI's
``-o/--output-format`` choices, so adding a format is one module plus one entry here (the
module is imported only by a run that prints its format). ``ftlint stats`` and ``ftlint
rules`` have their own registries (``STATS_REPORTERS`` here, of the renders of
:mod:`.stats`, and ``RULES_REPORTERS`` in :mod:`.rules`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .base import Afterword, Reporter, ReportOptions

if TYPE_CHECKING:
    from .stats import StatsReporter

R = TypeVar("R")


class _Format(NamedTuple):
    """An output format's entry: ``machine`` as :class:`Reporter` has it; ``finding`` and
    ``after``: its module has those functions (beside ``render``); ``folds`` as
    :class:`Reporter` has it."""

    machine: bool = False
    finding: bool = False
    after: bool = False
    folds: bool = False


# Each format's module has its name. The one a run prints is imported when its reporter is
# first asked for: start-up is part of every pre-commit run.
_FORMATS = {
    "text": _Format(after=True, folds=True),
    "json": _Format(machine=True),
    "jsonl": _Format(machine=True, finding=True, after=True),
    "github": _Format(machine=True, after=True, folds=True),
    "sarif": _Format(machine=True),
    "gitlab": _Format(machine=True),
    "junit": _Format(machine=True),
    "markdown": _Format(folds=True),
}
# `ftlint stats -o`: whether each format is for programs; it renders with the function
# `render_NAME` of `.stats`, which is imported when `ftlint stats` prints.
_STATS_FORMATS = {"text": False, "json": True, "markdown": False}


class _Registry(Mapping[str, R]):
    """Reporters by format name, each made (and its module imported) on first use."""

    def __init__(self, names: Iterable[str], make: Callable[[str], R]) -> None:
        self._names = tuple(names)
        self._make = make
        self._made: dict[str, R] = {}

    def __getitem__(self, name: str) -> R:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            self._made[name] = self._make(name)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _reporter(name: str) -> Reporter:
    entry = _FORMATS[name]
    module = importlib.import_module(f".{name}", __name__)
    return Reporter(
        module.render,
        module.finding if entry.finding else None,
        entry.machine,
        module.after if entry.after else None,
        entry.folds,
    )


def _stats_reporter(name: str) -> StatsReporter:
    from . import stats

    return stats.StatsReporter(getattr(stats, f"render_{name}"), _STATS_FORMATS[name])


REPORTERS: Mapping[str, Reporter] = _Registry(_FORMATS, _reporter)
STATS_REPORTERS: Mapping[str, StatsReporter] = _Registry(_STATS_FORMATS, _stats_reporter)

MACHINE_FORMATS = frozenset(name for name, entry in _FORMATS.items() if entry.machine)

__all__ = [
    "MACHINE_FORMATS",
    "REPORTERS",
    "STATS_REPORTERS",
    "Afterword",
    "ReportOptions",
    "Reporter",
]
