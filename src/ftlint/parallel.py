"""Check files on every core: big files as byte ranges, small files whole, results in order.

A large plain file is cut at newline boundaries into byte ranges of about
:data:`CHUNK_BYTES`; each range is checked in a worker process, and the parent merges the
ranges in file order (:meth:`ftlint.engine.FileCheck.absorb`): line numbers are shifted,
counts and statistics added, duplicates found across ranges from the digests the ranges
logged, and the file-level rules run once at the end. Small files are checked whole in a
worker. Either way the output is identical to a serial run, byte for byte.

Work that would not repay the cost of starting processes stays in this process: one job,
or less than :data:`PARALLEL_MIN_BYTES` of input in total. Compressed files and stdin are
read whole, by one worker or in process, since they cannot be split by offset.
"""

from __future__ import annotations

import itertools
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .engine import (
    SNIFF_BYTES,
    FileCheck,
    Listener,
    Options,
    Progress,
    RangeResult,
    check_source,
    detect_format,
    sniff_text,
)
from .findings import Finding
from .reader import Source, open_range, open_source, read_blocks
from .results import FileReport
from .schema import evidence

CHUNK_BYTES = 16 * 1024 * 1024
PARALLEL_MIN_BYTES = 24 * 1024 * 1024
_DETECT_LINES = 10_000


def check_sources(
    sources: list[Source],
    options: Options,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    on_finding: Listener | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    min_bytes: int = PARALLEL_MIN_BYTES,
) -> Iterator[FileReport | str]:
    """Check sources in order; yield each report, or a one-line reason it could not be read.

    With ``jobs`` > 1 and enough input, files are checked in worker processes.
    """
    sizes = [s.size if s.path is not None and not s.compressed else None for s in sources]
    total = sum(size or 0 for size in sizes)
    if jobs <= 1 or total < min_bytes:
        for source in sources:
            yield _serial(source, options, progress, on_finding)
        return
    # fork: workers start at once with everything imported.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_quiet)
    try:
        window = jobs * 2  # files in flight: enough to keep workers busy, bounded memory
        queue: deque[tuple[Source, Any]] = deque()
        plans = iter(_plan(sources, sizes, options, chunk_bytes, jobs))
        for source, plan in plans:
            queue.append((source, _submit(pool, source, options, plan, on_finding)))
            if len(queue) >= window:
                break
        while queue:
            source, submitted = queue.popleft()
            yield _collect(source, options, submitted, progress, on_finding)
            for nxt in plans:
                queue.append((nxt[0], _submit(pool, nxt[0], options, nxt[1], on_finding)))
                break
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _quiet() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and exits 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serial(
    source: Source, options: Options, progress: Progress | None, on_finding: Listener | None
) -> FileReport | str:
    try:
        return check_source(source, options, progress=progress, on_finding=on_finding)
    except BrokenPipeError:
        raise  # the output closed (`| head`): not a problem of this file
    except OSError as exc:
        return f"{source.name}: {exc.strerror or exc}"


# -- planning ------------------------------------------------------------------------


class _Ranges:
    """A file cut into byte ranges, with the format its ranges after the first assume."""

    def __init__(self, bounds: list[tuple[int, int]], fmt: str, fmt_line: int | None) -> None:
        self.bounds = bounds
        self.fmt = fmt
        self.fmt_line = fmt_line


def _plan(
    sources: list[Source], sizes: list[int | None], options: Options, chunk_bytes: int, jobs: int
) -> Iterator[tuple[Source, _Ranges | None]]:
    # Cutting a file costs the parent work (finding the format and the cuts, merging
    # the ranges), so only files big against the whole input are cut: many files of a
    # few tens of MB keep every worker busy whole, with less left for the parent.
    whole_below = max(chunk_bytes, sum(size or 0 for size in sizes) // (2 * jobs))
    for source, size in zip(sources, sizes, strict=True):
        ranges = None
        if size is not None and size > whole_below:
            ranges = _ranges(source, size, options, chunk_bytes)
        yield source, ranges


def _ranges(source: Source, size: int, options: Options, chunk_bytes: int) -> _Ranges | None:
    """Cut a file at line starts; ``None`` when it must be read whole."""
    assert source.path is not None
    try:
        detected = _detect(source, options)
        if detected is None:
            return None
        cuts = [0]
        with open_range(source) as fh:
            target = chunk_bytes
            while target < size:
                fh.seek(target - 1)
                fh.readline()  # the rest of the line that holds byte target - 1
                cut = fh.tell()
                if cut >= size:
                    break
                if cut > cuts[-1]:
                    cuts.append(cut)
                target = cut + chunk_bytes
    except OSError:
        return None  # let the whole-file path report it
    cuts.append(size)
    bounds = list(itertools.pairwise(cuts))
    return _Ranges(bounds, *detected) if len(bounds) > 1 else None


def _detect(source: Source, options: Options) -> tuple[str, int | None] | None:
    """The format the ranges after the first must assume, as a serial run would find it.

    With --format, that format. Otherwise the lines are read from the start, exactly as
    the serial check reads them, until one shows the format. ``None`` (check the file
    whole) when that takes too long, or the file turns out not to be UTF-8 JSONL at all.
    """
    if options.format != "auto":
        return options.format, None
    with open_source(source) as stream:
        if sniff_text(stream.read(SNIFF_BYTES)) is not None:
            return None  # J008: the serial path reports it and stops
        stream.seek(0)
        try:
            return detect_format(source.name, options, itertools.islice(stream, _DETECT_LINES))
        except Exception:
            return None


# -- workers -------------------------------------------------------------------------


def _submit(
    pool: ProcessPoolExecutor,
    source: Source,
    options: Options,
    plan: _Ranges | None,
    on_finding: Listener | None,
) -> Any:
    if source.path is None:
        return None  # stdin: read in this process, in its turn
    if plan is None:
        return pool.submit(_whole, source, options, on_finding is not None)
    return [
        pool.submit(_range, source, options, plan.fmt, plan.fmt_line, start, end)
        for start, end in plan.bounds
    ]


def _whole(source: Source, options: Options, stream: bool) -> tuple[FileReport, list[Finding]]:
    """A worker checks a whole file; streamed findings come back in their serial order."""
    streamed: list[Finding] = []
    report = check_source(source, options, on_finding=streamed.append if stream else None)
    return report, streamed


def _range(
    source: Source, options: Options, fmt: str, fmt_line: int | None, start: int, end: int
) -> RangeResult:
    """A worker checks the lines of ``[start, end)``, numbered from 1.

    A range after the first assumes the format the file's first lines showed; its byte
    offsets stay those of the whole file.
    """
    assert source.path is not None
    first = start == 0
    head = None
    if first and options.format == "auto":
        # Detection weighs the file's first lines, which may run past this range.
        with open_range(source) as fh:
            head = evidence.head(fh)
    check = FileCheck(
        source.name,
        options,
        detected=None if first else (fmt, fmt_line),
        file_start=first,
        chunk=True,
        offset=start,
        head=head,
    )
    with open_range(source, start) as fh:
        check.run(_limited(read_blocks(fh), end - start))
    return check.range_result()


def _limited(blocks: Iterator[list[bytes]], size: int) -> Iterator[list[bytes]]:
    """The blocks of lines that make up exactly ``size`` bytes (a range ends at a line end)."""
    left = size
    for block in blocks:
        if left <= 0:
            return
        total = sum(map(len, block))
        if total <= left:
            left -= total
            yield block
            continue
        cut = []
        for line in block:
            if left <= 0:
                break
            cut.append(line)
            left -= len(line)
        yield cut
        return


# -- merging -------------------------------------------------------------------------


def _collect(
    source: Source,
    options: Options,
    submitted: Any,
    progress: Progress | None,
    on_finding: Listener | None,
) -> FileReport | str:
    """Wait for a file's results and merge them; stream its findings in serial order."""
    if submitted is None:
        return _serial(source, options, progress, on_finding)
    try:
        if isinstance(submitted, Future):
            report: FileReport
            streamed: list[Finding]
            report, streamed = submitted.result()
            if on_finding is not None:
                for finding in streamed:
                    on_finding(finding)
            if progress is not None:
                progress(report.stats.bytes if not source.compressed else 0)
            return report
        check = FileCheck(source.name, options, on_finding, size=source.size)
        base = 0
        for future in submitted:
            part: RangeResult = future.result()
            check.absorb(part, base)
            base += part.counts.lines
            if progress is not None:
                progress(part.counts.bytes)
        return check.finish(source.identity)
    except BrokenPipeError:
        raise
    except OSError as exc:
        return f"{source.name}: {exc.strerror or exc}"


__all__ = ["CHUNK_BYTES", "PARALLEL_MIN_BYTES", "check_sources"]
