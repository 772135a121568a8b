"""What checking one byte range of a file found, as a worker sends it to the parent.

A worker makes one with :meth:`ftlint.engine.FileCheck.range_result`; the parent merges
the ranges in file order with :meth:`ftlint.engine.FileCheck.absorb`, which hands each
part to the piece that owns it: the findings to the sink (:meth:`FindingSink.merge`),
the counters to :meth:`FileCounts.merge`, the cross-line state to ``Dataset.merge``, the
duplicate digests to the store.
"""

from __future__ import annotations

import msgspec

from ..digests import DigestLog
from ..findings import Finding, LineRuns
from ..rules.dataset import Dataset
from .counts import FileCounts


class RangeResult(msgspec.Struct, kw_only=True):
    """The results of one byte range of a file; its lines are numbered from 1.

    Attributes:
        kept: the line findings the range's sink held (see ``FindingSink.held``).
        severities: how many errors, warnings and infos the range found.
        error_lines: lines with at least one error finding.
        counts: the range's counters; ``bytes`` is the range's length.
        fmt: the format the range found or was given, ``None`` if none.
        fmt_line: the line the format was detected on, ``None`` if it was given.
        digest_log: the digests of the range's valid lines, for duplicates (F006).
        dataset: the range's cross-line state.
        folded: the lines of the findings the range's sink only counted (``FindingSink.runs``).
    """

    kept: list[Finding]
    severities: tuple[int, int, int]
    error_lines: int
    counts: FileCounts
    fmt: str | None
    fmt_line: int | None
    digest_log: DigestLog | None
    dataset: Dataset
    folded: list[LineRuns] = msgspec.field(default_factory=list)
