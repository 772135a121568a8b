"""Shards: one fixed plan, any number of machines, one merged report.

``ftlint check|stats PATHS --shard I/N --partial FILE`` checks shard I of N of a plan
that every machine computes alike from the inputs' sizes (:mod:`.planning`); it writes a
partial result (:mod:`.wire`). ``ftlint merge FILE...`` merges the partials of all N
shards into the report a single run prints (:mod:`.merging`). The Python API is the
same three steps::

    from ftlint import shards

    plan = shards.plan(["data/"], 8)                       # any machine, same plan
    partials = [shards.run_shard(plan, s) for s in range(1, 9)]  # anywhere
    merged = shards.merge_partials(partials)               # merged.result: a Report

Wire it into Dask, Ray or a job array by running :func:`run_shard` where the data is
and sending back the partials (:func:`encode` makes them bytes). See also
:mod:`ftlint.dask_run`.
"""

from __future__ import annotations

from .merging import Merged, MergeError, merge_check, merge_partials, merge_stats, validate
from .planning import CheckSettings, Piece, Plan, Settings, ShardInput, StatsSettings, plan
from .running import ShardError, read_partial, run_shard, write_partial
from .wire import FORMAT_VERSION, Partial, PartialError, PieceResult, decode, encode

__all__ = [
    "FORMAT_VERSION",
    "CheckSettings",
    "MergeError",
    "Merged",
    "Partial",
    "PartialError",
    "Piece",
    "PieceResult",
    "Plan",
    "Settings",
    "ShardError",
    "ShardInput",
    "StatsSettings",
    "decode",
    "encode",
    "merge_check",
    "merge_partials",
    "merge_stats",
    "plan",
    "read_partial",
    "run_shard",
    "validate",
    "write_partial",
]
