"""Check files on every core: big files as byte ranges, small files whole, results in order.

A large plain file is cut at newline boundaries into byte ranges of about
:data:`CHUNK_BYTES`; each range is checked in a worker process, and the parent merges the
ranges in file order (:meth:`ftlint.engine.FileCheck.absorb`): line numbers are shifted,
counts and statistics added, duplicates found across ranges from the digests the ranges
logged, and the file-level rules run once at the end. Small files are checked whole in a
worker, up to :data:`GROUP_FILES` of them to a task. Either way the output is identical to
a serial run, byte for byte.

Work that would not repay the cost of starting processes stays in this process: one job,
or less than :data:`PARALLEL_MIN_BYTES` of input in total. Compressed files and stdin are
read whole, by one worker or in process, since they cannot be split by offset.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from .engine import (
    SNIFF_BYTES,
    FileCheck,
    Listener,
    Observer,
    Options,
    Progress,
    RangeResult,
    check_source,
    detect_format,
    sniff_text,
)
from .findings import Finding
from .parquet import is_parquet
from .reader import Source, open_range, open_source, read_blocks, skip_line
from .results import FileReport
from .schema import evidence

if TYPE_CHECKING:
    from .pool import Pool

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
    from .pool import Pool  # only here: a run that starts no worker never needs it

    # fork: workers start fast, with everything imported.
    with Pool(jobs, "fork") as pool:
        window = jobs * 2  # tasks in flight: enough to keep workers busy, bounded memory
        queue: deque[tuple[list[tuple[Source, Ranges | None]], Any]] = deque()
        groups = _grouped(_plan(sources, sizes, options, chunk_bytes, jobs))
        for group in groups:
            queue.append((group, _submit_group(pool, group, options, on_finding)))
            if len(queue) >= window:
                break
        while queue:
            group, submitted = queue.popleft()
            if len(group) == 1:
                yield _collect(group[0][0], options, submitted, progress, on_finding)
            else:
                yield from _collect_group(submitted, progress, on_finding)
            for nxt in groups:
                queue.append((nxt, _submit_group(pool, nxt, options, on_finding)))
                break


def _serial(
    source: Source, options: Options, progress: Progress | None, on_finding: Listener | None
) -> FileReport | str:
    try:
        return check_source(source, options, progress=progress, on_finding=on_finding)
    except BrokenPipeError:
        raise  # the output closed (`| head`): not a problem of this file
    except OSError as exc:
        return _reason(source, exc)


def _reason(source: Source, exc: OSError) -> str:
    """Why a file could not be checked, in one line."""
    return f"{source.name}: {exc.strerror or exc}"


# -- planning ------------------------------------------------------------------------


class Ranges:
    """A file cut into byte ranges, with the format its ranges after the first assume."""

    def __init__(self, bounds: list[tuple[int, int]], fmt: str, fmt_line: int | None) -> None:
        self.bounds = bounds
        self.fmt = fmt
        self.fmt_line = fmt_line


def _plan(
    sources: list[Source], sizes: list[int | None], options: Options, chunk_bytes: int, jobs: int
) -> Iterator[tuple[Source, Ranges | None]]:
    # Cutting a file costs the parent work (finding the format and the cuts, merging
    # the ranges), so only files big against the whole input are cut: many files of a
    # few tens of MB keep every worker busy whole, with less left for the parent.
    whole_below = max(chunk_bytes, sum(size or 0 for size in sizes) // (2 * jobs))
    for source, size in zip(sources, sizes, strict=True):
        ranges = None
        if size is not None and size > whole_below:
            ranges = cut(source, size, options, chunk_bytes)
        yield source, ranges


def cut(source: Source, size: int, options: Options, chunk_bytes: int) -> Ranges | None:
    """Cut a file of ``size`` bytes at line starts, into ranges of about ``chunk_bytes``;
    ``None`` when it must be read whole."""
    assert source.path is not None
    try:
        cuts = [0]
        with open_range(source) as fh:
            if is_parquet(fh.read(4)):
                return None  # binary: read whole (its footer, or J008 at its start)
            target = chunk_bytes
            while target < size:
                cut = line_start(fh, target)
                if cut >= size:
                    break
                if cut > cuts[-1]:
                    cuts.append(cut)
                target = cut + chunk_bytes
        if len(cuts) < 2:
            return None
        detected = range_format(source, options, cuts[1])
    except OSError:
        return None  # let the whole-file path report it
    if detected is None:
        return None
    cuts.append(size)
    return Ranges(list(itertools.pairwise(cuts)), *detected)


def line_start(fh: BinaryIO, offset: int) -> int:
    """The offset of the first line that starts at or after ``offset`` (a file's size
    when none does)."""
    if offset <= 0:
        return 0
    fh.seek(offset - 1)
    skip_line(fh)  # the rest of the line that holds byte offset - 1, never held whole
    return fh.tell()


def range_format(source: Source, options: Options, first_end: int) -> tuple[str, int | None] | None:
    """The format the ranges after the first must assume, as a serial run would find it.

    With --format, that format. Otherwise the lines are read from the start, exactly as
    the serial check reads them, until one shows the format; that line must lie in the
    first range (which ends at ``first_end``), or the later ranges could not know where
    the serial check starts to use it. ``None`` (check the file whole) then, when that
    takes too long, or when the file turns out not to be UTF-8 JSONL at all.
    """
    if options.format != "auto":
        return options.format, None
    with open_source(source) as stream:
        if sniff_text(stream.read(SNIFF_BYTES)) is not None:
            return None  # J008: the serial path reports it and stops
        stream.seek(0)
        ends: list[int] = []
        blocks = read_blocks(stream, max_line=options.max_line_bytes)
        lines = _ends(itertools.islice(itertools.chain.from_iterable(blocks), _DETECT_LINES), ends)
        try:
            detected = detect_format(source.name, options, lines)
        except Exception:
            return None
    if detected is None or detected[1] is None or ends[detected[1] - 1] > first_end:
        return None
    return detected


def _ends(lines: Iterable[bytes], ends: list[int]) -> Iterator[bytes]:
    """The lines, with the offset where each ends appended to ``ends``."""
    end = 0
    for line in lines:
        end += len(line)
        ends.append(end)
        yield line


def read_range(
    source: Source, start: int, end: int, max_line: int | None = None
) -> Generator[list[bytes], None, None]:
    """The blocks of lines of the bytes ``[start, end)`` of a file or URL (ends at a line
    end); a line over ``max_line`` bytes is skimmed (see :func:`ftlint.reader.read_blocks`)."""
    with open_range(source, start) as fh:
        yield from _limited(read_blocks(fh, max_line=max_line), end - start)


# -- workers -------------------------------------------------------------------------


def _submit(
    pool: Pool,
    source: Source,
    options: Options,
    plan: Ranges | None,
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


# Small files go to a worker several at a time: one task per file of a few kilobytes cost
# more in passing the options and results than checking it in this process.
GROUP_BYTES = 4 * 1024 * 1024
GROUP_FILES = 64


def _grouped(
    plans: Iterable[tuple[Source, Ranges | None]],
) -> Iterator[list[tuple[Source, Ranges | None]]]:
    """The plans, with runs of small files checked whole grouped into one task."""
    group: list[tuple[Source, Ranges | None]] = []
    held = 0
    for source, plan in plans:
        small = plan is None and source.path is not None and not source.compressed
        if small and (source.size or 0) < GROUP_BYTES:
            group.append((source, plan))
            held += source.size or 0
            if held >= GROUP_BYTES or len(group) >= GROUP_FILES:
                yield group
                group, held = [], 0
            continue
        if group:
            yield group
            group, held = [], 0
        yield [(source, plan)]
    if group:
        yield group


def _submit_group(
    pool: Pool, group: list[tuple[Source, Ranges | None]], options: Options, on_finding: Any
) -> Any:
    if len(group) == 1:
        return _submit(pool, group[0][0], options, group[0][1], on_finding)
    return pool.submit(_wholes, [source for source, _ in group], options, on_finding is not None)


def _wholes(
    sources: list[Source], options: Options, stream: bool
) -> list[tuple[FileReport, list[Finding]] | str]:
    """A worker checks several small files whole, each as :func:`_whole`; a file it cannot
    read gives its one-line reason instead, and the others are still checked."""
    done: list[tuple[FileReport, list[Finding]] | str] = []
    for source in sources:
        try:
            done.append(_whole(source, options, stream))
        except OSError as exc:
            done.append(_reason(source, exc))
    return done


def _collect_group(
    submitted: Any, progress: Progress | None, on_finding: Listener | None
) -> Iterator[FileReport | str]:
    """Each file of a group in turn, as :func:`_collect` gives one checked whole."""
    for done in submitted.result():
        if isinstance(done, str):
            yield done
            continue
        report, streamed = done
        yield _delivered(report, streamed, progress, on_finding)


def _delivered(
    report: FileReport,
    streamed: list[Finding],
    progress: Progress | None,
    on_finding: Listener | None,
    compressed: bool = False,
) -> FileReport:
    """A file a worker checked whole: its streamed findings go out, in their serial order,
    and its bytes to the progress bar (those read, unless it was compressed)."""
    if on_finding is not None:
        for finding in streamed:
            on_finding(finding)
    if progress is not None:
        progress(report.stats.bytes if not compressed else 0)
    return report


def _whole(source: Source, options: Options, stream: bool) -> tuple[FileReport, list[Finding]]:
    """A worker checks a whole file; streamed findings come back in their serial order."""
    streamed: list[Finding] = []
    report = check_source(source, options, on_finding=streamed.append if stream else None)
    return report, streamed


def _range(
    source: Source, options: Options, fmt: str, fmt_line: int | None, start: int, end: int
) -> RangeResult:
    """A worker checks the lines of ``[start, end)``, numbered from 1."""
    return check_range(source, options, fmt, fmt_line, start, end).range_result()


def check_range(
    source: Source,
    options: Options,
    fmt: str,
    fmt_line: int | None,
    start: int,
    end: int,
    observer: Observer | None = None,
) -> FileCheck:
    """Check the lines of ``[start, end)`` of a cut file (:func:`cut`), numbered from 1;
    ``observer`` sees each valid example. Its :meth:`FileCheck.range_result` is for the
    parent's :meth:`FileCheck.absorb`.

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
        observer=observer,
        detected=None if first else (fmt, fmt_line),
        file_start=first,
        chunk=True,
        offset=start,
        head=head,
    )
    check.run(read_range(source, start, end, options.max_line_bytes))
    return check


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
        if not isinstance(submitted, list):  # one Task: the file checked whole
            report, streamed = submitted.result()
            return _delivered(report, streamed, progress, on_finding, source.compressed)
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
        return _reason(source, exc)


__all__ = [
    "CHUNK_BYTES",
    "PARALLEL_MIN_BYTES",
    "Ranges",
    "check_range",
    "check_sources",
    "cut",
    "line_start",
    "range_format",
    "read_range",
]
