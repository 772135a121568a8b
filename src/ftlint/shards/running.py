"""Running one shard: check its pieces, each into a :class:`PieceResult`, in one process.

A piece of a file that the plan cut checks the lines that *start* in its bytes: it begins
at the first line start at or after its first byte (the file's start for the first
piece), and ends at the first line start at or after its last byte. Every shard finds the
same line starts, so the pieces tile the file's lines exactly, whoever runs them. A piece
after the first assumes the format that the file's first lines show, as a serial check
finds it; when those lines do not show it within the first piece, the first piece checks
the whole file and the others check nothing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from .. import tokens
from ..engine import FileCheck, Options
from ..findings import Finding
from ..parallel import line_start, range_format, read_range
from ..reader import Source, is_url, open_range, open_source, read_blocks
from ..stats_count import Collector
from ..stats_run import check_encodings, check_options
from .planning import CheckSettings, Piece, Plan, ShardInput, StatsSettings
from .wire import Partial, PieceResult, StatsPiece, decode, encode


class ShardError(Exception):
    """A piece that could not be checked for a reason other than reading its input."""


def run_shard(plan: Plan, shard: int) -> Partial:
    """Check shard ``shard`` (1 to N) of ``plan``.

    An input that cannot be read is recorded in the partial, as a serial run reports it.

    Raises:
        ShardError: a piece failed; the message names the input and its bytes.
        tokens.EncodingUnavailable: ``stats`` cannot count tokens.
        ValueError: no such shard.
    """
    settings = plan.settings
    if isinstance(settings, StatsSettings):
        check_encodings(settings.stats_options())  # before any work, as run_stats
    pieces = [_run_piece(plan, piece) for piece in plan.pieces(shard)]
    return Partial(plan=plan, shard=shard, pieces=pieces)


def _run_piece(plan: Plan, piece: Piece) -> PieceResult:
    item = plan.inputs[piece.input]
    try:
        return _check_piece(plan, item, piece)
    except OSError as exc:
        reason = f"{item.name}: {exc.strerror or exc}"
        return PieceResult(input=piece.input, start=piece.start, error=reason)
    except tokens.EncodingUnavailable:
        raise
    except Exception as exc:
        raise ShardError(
            f"{item.name} (bytes {piece.start}-{piece.end}): {type(exc).__name__}: {exc}"
        ) from exc


def _check_piece(plan: Plan, item: ShardInput, piece: Piece) -> PieceResult:
    # A URL's pieces are read by the worker itself: only the partial travels back.
    source = Source(item.name, item.path, remote=is_url(item.path))
    settings = plan.settings
    options = (
        settings.options()
        if isinstance(settings, CheckSettings)
        else check_options(settings.stats_options())
    )
    cuts = plan.cuts(piece.input)
    detected = None
    if len(cuts) > 2:  # a file cut in pieces
        with open_range(source) as fh:
            first_end = line_start(fh, cuts[1])
        detected = range_format(source, options, first_end)
        if detected is None and piece.start > 0:
            return PieceResult(input=piece.input, start=piece.start)  # the first checks all
    if detected is None:
        work = _Work(item, settings, options, 0, None)
        with open_source(source) as stream:
            work.check.run(read_blocks(stream, compressed=item.compressed))
        return work.result(piece)
    with open_range(source) as fh:
        start = line_start(fh, piece.start)
        end = item.size if piece.end >= item.size else line_start(fh, piece.end)
    work = _Work(item, settings, options, start, detected)
    with contextlib.closing(
        read_range(source, start, max(start, end), options.max_line_bytes)
    ) as blocks:
        work.check.run(blocks)
    return work.result(piece)


class _Work:
    """The check of one piece, with the statistics ``stats`` gathers on the side."""

    def __init__(
        self,
        item: ShardInput,
        settings: CheckSettings | StatsSettings,
        options: Options,
        start: int,
        detected: tuple[str, int | None] | None,
    ) -> None:
        self.collector: Collector | None = None
        self.findings: dict[str, int] = {}
        listener = None
        if isinstance(settings, StatsSettings):
            self.collector = Collector(settings.stats_options())
            listener = self._count
        first = start == 0
        self.check = FileCheck(
            item.name,
            options,
            listener,
            observer=self.collector,
            detected=None if first else detected,
            file_start=first,
            chunk=True,
            offset=start,
        )

    def _count(self, finding: Finding) -> None:
        self.findings[finding.code] = self.findings.get(finding.code, 0) + 1

    def result(self, piece: Piece) -> PieceResult:
        range_result = self.check.range_result()
        stats = None
        if self.collector is not None:
            stats = StatsPiece(
                examples=self.collector.finish(),
                findings=self.findings,
                model=self.collector.model,
                origin=self.collector.origin,
            )
        return PieceResult(input=piece.input, start=piece.start, result=range_result, stats=stats)


def write_partial(partial: Partial, path: str) -> None:
    """Write a partial to ``path`` whole or not at all (a temporary file, renamed)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=".ftlint-partial-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode(partial))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_partial(path: str) -> Partial:
    """Read a partial written by :func:`write_partial`.

    Raises:
        OSError: it cannot be read.
        PartialError: it is not a partial this ftlint can merge.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    return decode(data, path)


__all__ = ["ShardError", "read_partial", "run_shard", "write_partial"]
