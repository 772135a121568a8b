"""How ``ftlint stats`` counts the valid examples of one file, on one core or on several.

Each valid example goes to :meth:`ExampleStats.add <ftlint.stats.ExampleStats.add>`,
tokens and all, in one of three ways:

- **inline** (:class:`Collector` without a pool): the engine's observer hook hands each
  example over as the check finds it;
- **byte ranges** (:func:`survey_ranges`), for a plain file whose size is known: the file
  is cut at line starts (:func:`ftlint.parallel.cut`) and each worker reads its own
  bytes, checks them with the same engine and counts their examples inline. Only results
  travel back (the range's ``RangeResult``, its ``ExampleStats``, the overlap keys), and
  the parent merges them in file order, as ``check --jobs`` does: every line is read and
  decoded once, by one process, and nothing of the data goes through a pipe;
- **line batches** (:class:`Collector` with a pool), for what cannot be read by offset
  (stdin, gzip) or must be seen in this process (``ftlint report``'s per-example
  watchers): the check runs here and the raw lines of valid examples go to the workers
  in batches of about :data:`BATCH_BYTES`; the workers also make what a report adds
  per example (:class:`ExtraCounts`: counts under other models, the conversation shapes),
  the costliest part of a report.

``ExampleStats`` merges exactly, so the three give the same statistics (tests check it).
The workers are forked after this process has loaded the encoding, so they share it
instead of each parsing the encoding file again.
"""

from __future__ import annotations

import contextlib
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import msgspec
from xxhash import xxh3_64_intdigest

from . import counting, parallel, schema, targets, tokens
from .counting import Counting
from .engine import FileCheck, Listener, Options, RangeResult
from .pool import Pool, Task
from .reader import Source
from .results import FileReport
from .stats import ExampleStats

if TYPE_CHECKING:  # a report's extras: `stats` alone never imports them
    from .profile import Lengths, Shape

# How many bytes of lines a worker gets at a time (line batches).
BATCH_BYTES = 1 << 20
# Byte ranges per worker: enough that workers finishing at different times still share
# the work evenly, few enough that each range's fixed costs stay small.
RANGES_PER_JOB = 4
MIN_RANGE_BYTES = 1 << 20

_ENCODE = msgspec.json.Encoder()
# The format of a decoded example: the root Structs, native formats' included.
_FORMAT_OF = {**{root: name for name, root in schema.ROOTS.items()}, **tokens.FORMAT_OF}


class StatsOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to gather statistics (here, where the workers count; also
    :mod:`ftlint.stats_run`'s).

    Attributes:
        format: ``"auto"`` or a format name, as for ``check``.
        model: the model to count for, a name the target's ``--model`` takes; ``None``
            for each format's default (:func:`ftlint.counting.default_model`).
        tokenizer_files: ``.tiktoken`` files to take encodings from (see ``tokens.locate``).
        jobs: worker processes for token counting; 1 counts inline.
        target: the provider whose formats, rules, models and token counts apply.
    """

    format: str = "auto"
    model: str | None = None
    tokenizer_files: tuple[str, ...] = ()
    jobs: int = 1
    target: str = targets.DEFAULT


def format_of(example: Any) -> str:
    """The format name of a decoded example (a native format's, or a target dialect's)."""
    cls = type(example)
    found = _FORMAT_OF.get(cls)
    if found is None:  # a target's own root Struct: its dialect is loaded by now
        from .schema.dialects import DIALECTS

        named = {root: fmt for d in DIALECTS.values() for fmt, root in d.roots.items()}
        found = _FORMAT_OF[cls] = named[cls]
    return found


def resolve(options: StatsOptions, fmt: str) -> tuple[str | None, Counting | None]:
    """The model counted for in a file of format ``fmt`` (``--model``, else the target's
    default for the format) and how it counts (``None``: the target does not train it)."""
    target = options.target
    model = options.model or counting.default_model(target, fmt)
    return model, None if model is None else counting.resolve(target, model)


def example_key(example: Any) -> int:
    """A 64-bit key of an example's canonical JSON (the decoded example encoded again:
    whitespace, escapes and key order do not matter), the same in every process."""
    return xxh3_64_intdigest(_ENCODE.encode(example))


class KeyLog:
    """The keys (:func:`example_key`) of a file's valid examples and their lines, in order."""

    __slots__ = ("keys", "lines")

    def __init__(self) -> None:
        self.keys = array("Q")
        self.lines = array("I")

    def __call__(self, example: Any, line: int) -> None:
        self.keys.append(example_key(example))
        self.lines.append(line)

    def update(self, other: KeyLog, base: int) -> None:
        """Append a later byte range's keys, its lines numbered from ``base + 1``."""
        self.keys.extend(other.keys)
        self.lines.extend(line + base for line in other.lines)


# A batch's statistics; and, for a report, its counts under other models (one per
# ExtraSpec) and its shapes.
_Counted = tuple[ExampleStats, tuple["Lengths", ...], "Shape | None"]


def _count_batch(
    fmt: str,
    how: Counting,
    files: tuple[str, ...],
    limit: int | None,
    batch: list[tuple[int, bytes]],
    extra: Sequence[ExtraSpec] | None = None,
) -> _Counted:
    """Worker: decode and count a batch of (line number, raw line) of valid examples,
    under the main model; with ``extra``, under each of those too, and their shapes."""
    tokenizer = how.measure(files)
    decode = schema.decoder(fmt).decode
    lenient = schema.LENIENT.get(fmt)
    part = ExampleStats()
    more: list[tuple[Lengths, tokens.Tokenizer | counting.Estimate]] = []
    shape: Shape | None = None
    if extra is not None:
        from .profile import Lengths, Shape  # a report's: `stats` alone never imports them

        more = [
            (Lengths(key), counting.measure_of(name, ratio, files)) for key, name, ratio in extra
        ]
        shape = Shape()
    for line, raw in batch:
        try:
            example = decode(raw)
        except msgspec.ValidationError:
            if lenient is None:
                raise
            example = lenient.decode(raw)
        part.add(example, fmt, line, tokenizer, limit)
        for lengths, measure in more:
            lengths.add(example, fmt, measure)
        if shape is not None:
            shape.add(example, fmt)
    return part, tuple(lengths for lengths, _ in more), shape


# One more count of each example, under a model other than the main one: its key
# (``report_run.key``), and its tiktoken encoding or else its estimate's characters per
# token. Plain values, so that workers can make the count themselves.
ExtraSpec = tuple[str, str | None, float | None]


class ExtraCounts(Protocol):
    """What ``ftlint report`` adds per valid example (token counts under other models, and
    the conversation's shape), which the workers make beside the main count when there
    are workers."""

    def pooled(self, fmt: str) -> list[ExtraSpec]:
        """The counts the workers make from now on, besides the shapes: the caller stops
        making either."""
        ...

    def merge(self, parts: Sequence[Lengths], shape: Shape) -> None:
        """Take a batch's counts (one :class:`Lengths` per spec, in the specs' order) and
        its shapes."""
        ...


class Collector:
    """The observer of one file: statistics and tokens of each valid example.

    Call it as the engine's ``Observer`` (``(example, line, raw)``), then :meth:`finish`.

    Args:
        options: the target, the model (``None``: the format's default) and the
            ``.tiktoken`` files to take encodings from.
        pool: workers to send line batches to; ``None`` counts inline.
        see: one more observer of each valid example (``(example, line)``).
        extra: more counts of each example, made by the workers with the main one (with
            a pool); else ``see`` makes them.
    """

    def __init__(
        self,
        options: StatsOptions,
        pool: Pool | None = None,
        see: Callable[[Any, int], None] | None = None,
        extra: ExtraCounts | None = None,
    ) -> None:
        self.options = options
        self.files = options.tokenizer_files
        self.pool = pool
        self.see = see
        self.extra = extra
        self._extra_specs: list[ExtraSpec] | None = None  # None: no extras to make
        self.stats = ExampleStats()
        self.fmt: str | None = None
        self.model: str | None = None
        self.counting: Counting | None = None
        self.limit: int | None = None
        self.tokenizer: tokens.Tokenizer | counting.Estimate | None = None
        self.origin: str | None = None
        self._batch: list[tuple[int, bytes]] = []
        self._batch_bytes = 0
        self._pending: deque[Task[_Counted]] = deque()

    @property
    def encoding(self) -> str | None:
        """The encoding of the model counted for (``None``: estimated, or not counted)."""
        return None if self.counting is None else self.counting.encoding

    def _start(self, fmt: str) -> None:
        self.fmt = fmt
        self.model, how = resolve(self.options, fmt)
        self.counting = how
        if how is None:
            return
        self.limit = how.limit
        if how.how == "none" or not counting.countable(fmt):
            self.pool = None  # nothing to count: the examples' shapes are counted inline
            return
        # Loaded here even for the workers: they are forked after, and share it.
        self.tokenizer = how.measure(self.files)
        self.origin = getattr(self.tokenizer, "origin", None)
        if self.extra is not None and self.pool is not None:
            self._extra_specs = self.extra.pooled(fmt)

    def __call__(self, example: Any, line: int, raw: bytes) -> None:
        fmt = self.fmt
        if fmt is None:
            fmt = format_of(example)
            self._start(fmt)
        if self.pool is None:
            self.stats.add(example, fmt, line, self.tokenizer, self.limit)
        else:
            self._batch.append((line, raw))
            self._batch_bytes += len(raw)
            if self._batch_bytes >= BATCH_BYTES:
                self._submit()
        if self.see is not None:
            self.see(example, line)

    def _submit(self) -> None:
        assert self.pool is not None and self.fmt is not None and self.counting is not None
        self._pending.append(
            self.pool.submit(
                _count_batch,
                self.fmt,
                self.counting,
                self.files,
                self.limit,
                self._batch,
                self._extra_specs,
            )
        )
        self._batch, self._batch_bytes = [], 0
        # Keep at most two batches per worker in flight: memory stays bounded.
        while len(self._pending) > 2 * self.pool.jobs:
            self._take(self._pending.popleft().result())

    def _take(self, counted: _Counted) -> None:
        part, lengths, shape = counted
        self.stats.update(part)
        if shape is not None:
            assert self.extra is not None
            self.extra.merge(lengths, shape)

    def finish(self) -> ExampleStats:
        """Wait for the workers and return the file's statistics."""
        if self._batch:
            assert self.fmt is not None and self.counting is not None
            # The last batch, or less than one in all (stdin of unknown size): counted
            # here, where the tokenizer is loaded, while the workers finish theirs.
            part = _count_batch(
                self.fmt, self.counting, self.files, self.limit, self._batch, self._extra_specs
            )
            self._batch = []
            while self._pending:
                self._take(self._pending.popleft().result())
            self._take(part)
        while self._pending:
            self._take(self._pending.popleft().result())
        return self.stats

    def cancel(self) -> None:
        """Drop the batches no worker has taken yet (after a failure)."""
        for task in self._pending:
            task.cancel()


# -- byte ranges ----------------------------------------------------------------------


def cut(source: Source, options: Options, jobs: int) -> parallel.Ranges | None:
    """The byte ranges for ``jobs`` workers to count, or ``None`` when the source cannot
    be read by offset (stdin, gzip) or is not worth cutting."""
    size = source.size
    if source.path is None or source.compressed or size is None:
        return None
    chunk = max(MIN_RANGE_BYTES, min(parallel.CHUNK_BYTES, size // (RANGES_PER_JOB * jobs)))
    return parallel.cut(source, size, options, chunk)


class _RangeCount(NamedTuple):
    """What a worker found in one byte range (lines numbered from 1)."""

    result: RangeResult
    examples: ExampleStats
    model: str | None
    counting: Counting | None
    origin: str | None
    keys: KeyLog | None


def _count_range(
    source: Source,
    options: Options,
    stats: StatsOptions,
    fmt: str,
    fmt_line: int | None,
    start: int,
    end: int,
    keyed: bool,
) -> _RangeCount:
    """Worker: check the lines of ``[start, end)`` (as ``options`` say) and count their
    valid examples (as ``stats`` say: the model and its counting resolve as inline)."""
    keys = KeyLog() if keyed else None
    collector = Collector(stats, see=keys)
    check = parallel.check_range(source, options, fmt, fmt_line, start, end, collector)
    examples = collector.finish()
    return _RangeCount(
        check.range_result(), examples, collector.model, collector.counting, collector.origin, keys
    )


class Surveyed(NamedTuple):
    """A file checked and counted in byte ranges.

    Attributes:
        report: the check's report (its findings went to the listener).
        examples: the statistics of the valid examples.
        model: the model counted for, ``None`` when there was no valid example.
        counting: how the model counts, ``None`` when no model was counted for.
        origin: where its encoding came from.
        keys: the keys of the valid examples, when asked for.
    """

    report: FileReport
    examples: ExampleStats
    model: str | None
    counting: Counting | None
    origin: str | None
    keys: KeyLog | None


def survey_ranges(
    source: Source,
    options: Options,
    stats: StatsOptions,
    pool: Pool,
    ranges: parallel.Ranges,
    *,
    keyed: bool = False,
    progress: Callable[[int], None] | None = None,
    on_finding: Listener | None = None,
) -> Surveyed:
    """Check (as ``options`` say) and count (as ``stats`` say) a file cut by :func:`cut`
    on ``pool``; the findings go to ``on_finding`` in the order of a serial run.
    ``keyed``: gather the examples' keys.

    Raises:
        OSError: a range cannot be read.
        tokens.EncodingUnavailable: tokens cannot be counted.
    """
    _preload(stats, ranges.fmt)
    tasks = [
        pool.submit(
            _count_range, source, options, stats, ranges.fmt, ranges.fmt_line, *bounds, keyed
        )
        for bounds in ranges.bounds
    ]
    check = FileCheck(source.name, options, on_finding, size=source.size)
    examples = ExampleStats()
    keys = KeyLog() if keyed else None
    found: str | None = None
    how: Counting | None = None
    origin: str | None = None
    base = 0
    try:
        for task in tasks:
            part = task.result()
            check.absorb(part.result, base)
            examples.update(part.examples, base)
            if keys is not None and part.keys is not None:
                keys.update(part.keys, base)
            found, how = found or part.model, how or part.counting
            origin = origin or part.origin
            base += part.result.counts.lines
            if progress is not None:
                progress(part.result.counts.bytes)
    finally:
        for task in tasks:
            task.cancel()
    return Surveyed(check.finish(source.identity), examples, found, how, origin, keys)


def _preload(stats: StatsOptions, fmt: str) -> None:
    """Load the encoding the workers will count with, so that they share it."""
    how = resolve(stats, fmt)[1]
    if how is None or how.encoding is None:
        return
    # A file without a valid example needs no encoding: a worker that needs one says so.
    with contextlib.suppress(tokens.EncodingUnavailable):
        tokens.load(how.encoding, stats.tokenizer_files)


__all__ = [
    "BATCH_BYTES",
    "Collector",
    "KeyLog",
    "StatsOptions",
    "Surveyed",
    "cut",
    "example_key",
    "format_of",
    "survey_ranges",
]
