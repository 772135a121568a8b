"""The plan: which bytes of which inputs each of N shards checks. The same on every machine.

The inputs, in the order ftlint reads them (paths as given, directories walked in sorted
order), are laid end to end as one stream of ``T`` bytes, and shard ``s`` of ``N`` takes
the bytes ``[(s-1)·T//N, s·T//N)`` of it: fixed byte boundaries, computed from the sizes
alone, so every machine that runs ``--shard s/N`` over the same inputs computes the same
plan without talking to the others. A plain file that a boundary falls in is cut there;
each piece then checks the lines that *start* in its bytes (see ``running``). A gzip file
or an empty file cannot be cut: the shard its first byte falls in checks it whole.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

import msgspec
from xxhash import xxh3_128_hexdigest

from .. import targets
from .._version import __version__
from ..engine import Options
from ..reader import Source, discover
from ..stats_run import StatsOptions


class ShardInput(msgspec.Struct, frozen=True, array_like=True):
    """One input file of a plan: its name in findings, its path, its size when planned."""

    name: str
    path: str
    size: int
    compressed: bool


class CheckSettings(msgspec.Struct, frozen=True, kw_only=True, tag="check"):
    """The options of ``ftlint check`` that change its result (the output format does not).

    ``rules`` is sorted: a set's order varies between processes, and the plan must not.
    ``target`` is the provider every shard checks for, as a single run would.
    ``fold_after`` is set only for a run merged at once for a report that folds
    (``--dask`` with text output): the shards then send the findings that report only
    counts as counted lines (see ``Options.fold_after``).
    """

    format: str = "auto"
    max_findings: int | None = None
    rules: tuple[str, ...] | None = None
    model: str | None = None
    strict: bool = False
    target: str = targets.DEFAULT
    fold_after: int | None = None

    @classmethod
    def of(cls, options: Options, *, strict: bool = False) -> CheckSettings:
        """The settings of a check with ``options``."""
        rules = None if options.rules is None else tuple(sorted(options.rules))
        return cls(
            format=options.format,
            max_findings=options.max_findings,
            rules=rules,
            model=options.model,
            strict=strict,
            target=options.target,
            fold_after=options.fold_after,
        )

    def options(self) -> Options:
        """The engine's options."""
        rules = None if self.rules is None else frozenset(self.rules)
        return Options(
            format=self.format,
            max_findings=self.max_findings,
            rules=rules,
            model=self.model,
            target=self.target,
            fold_after=self.fold_after,
        )


class StatsSettings(msgspec.Struct, frozen=True, kw_only=True, tag="stats"):
    """The options of ``ftlint stats`` that change its result (``--validation`` cannot be
    sharded: the overlap needs every training example at once)."""

    format: str = "auto"
    model: str | None = None
    tokenizer_files: tuple[str, ...] = ()
    epochs: int | None = None
    price_per_mtok: float | None = None
    target: str = targets.DEFAULT

    def stats_options(self) -> StatsOptions:
        """How each piece is checked and counted: as ``run_stats`` does in one process."""
        return StatsOptions(
            format=self.format,
            model=self.model,
            tokenizer_files=self.tokenizer_files,
            target=self.target,
        )


Settings = CheckSettings | StatsSettings


class Piece(NamedTuple):
    """The bytes ``[start, end)`` of input ``input`` (an index), as the plan cut them."""

    input: int
    start: int
    end: int


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    """A fixed cut of the inputs into ``shards`` shards.

    Attributes:
        shards: how many shards (N).
        inputs: the input files, in report order.
        settings: the command (``check`` or ``stats``) and its options.
        errors: the paths that could not be used, as one-line messages.
        version: the ftlint version that made the plan; partials of other versions are
            refused, since another version may find other things.
    """

    shards: int
    inputs: tuple[ShardInput, ...]
    settings: CheckSettings | StatsSettings
    errors: tuple[str, ...] = ()
    version: str = __version__

    def __post_init__(self) -> None:
        if self.shards < 1:
            raise ValueError(f"a plan needs at least one shard, not {self.shards}")

    @property
    def command(self) -> str:
        """``check`` or ``stats``."""
        return "check" if isinstance(self.settings, CheckSettings) else "stats"

    @property
    def fingerprint(self) -> str:
        """A digest of the whole plan: partials merge only when theirs are equal."""
        return xxh3_128_hexdigest(msgspec.msgpack.encode(self))

    def layout(self) -> list[tuple[int, Piece]]:
        """Every piece of every input, in report order, with the shard (1 to N) that
        checks it: the one its first byte falls in (the last one for an empty input)."""
        total = sum(i.size for i in self.inputs)
        bounds = [s * total // self.shards for s in range(self.shards + 1)]
        placed: list[tuple[int, Piece]] = []
        offset = 0
        for index, item in enumerate(self.inputs):
            if item.compressed or item.size == 0:
                owner = min(bisect.bisect_right(bounds, offset), self.shards)
                placed.append((owner, Piece(index, 0, item.size)))
            else:
                end = offset + item.size
                for s in range(bisect.bisect_right(bounds, offset), self.shards + 1):
                    lo, hi = max(bounds[s - 1], offset), min(bounds[s], end)
                    if lo >= end:
                        break
                    if lo < hi:
                        placed.append((s, Piece(index, lo - offset, hi - offset)))
            offset += item.size
        return placed

    def cuts(self, index: int) -> list[int]:
        """Where input ``index``'s pieces start, and its size at the end."""
        starts = [p.start for _, p in self.layout() if p.input == index]
        return [*starts, self.inputs[index].size]

    def pieces(self, shard: int) -> list[Piece]:
        """The pieces shard ``shard`` (1 to N) checks, in report order."""
        if not 1 <= shard <= self.shards:
            raise ValueError(f"no shard {shard} in a plan of {self.shards}")
        return [piece for owner, piece in self.layout() if owner == shard]


def plan(
    paths: Sequence[str],
    shards: int,
    settings: Settings | Options | None = None,
) -> Plan:
    """The plan of ``shards`` shards over files and directories.

    Args:
        paths: files and directories, as for ``ftlint check``; not ``-`` (stdin).
        shards: how many shards.
        settings: :class:`CheckSettings` or :class:`StatsSettings`; an ``Options`` means
            a check with those options; ``None`` a check with the default options.

    Raises:
        ValueError: ``-`` among the paths, or fewer than one shard.
    """
    if settings is None or isinstance(settings, Options):
        settings = CheckSettings.of(settings or Options())
    sources, errors = discover(list(paths))
    inputs = []
    for source in sources:
        inputs.append(_input(source))
    return Plan(
        shards=shards,
        inputs=tuple(inputs),
        settings=settings,
        errors=tuple(str(e) for e in errors),
    )


def _input(source: Source) -> ShardInput:
    if source.path is None:
        raise ValueError("standard input (-) cannot be sharded: name the files")
    size = source.size
    # A file whose size cannot be read is checked whole; its check reports why.
    return ShardInput(source.name, source.path, size or 0, source.compressed or size is None)


__all__ = ["CheckSettings", "Piece", "Plan", "Settings", "ShardInput", "StatsSettings", "plan"]
