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
  in batches of about :data:`BATCH_BYTES`.

``ExampleStats`` merges exactly, so the three give the same statistics (tests check it).
The workers are forked after this process has loaded the encoding, so they share it
instead of each parsing the encoding file again.
"""

from __future__ import annotations

import contextlib
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import msgspec
from xxhash import xxh3_64_intdigest

from . import base_models, parallel, schema, tokens
from .engine import FileCheck, Listener, Options, RangeResult
from .pool import Pool, Task
from .reader import Source
from .results import FileReport
from .stats import ExampleStats

# How many bytes of lines a worker gets at a time (line batches).
BATCH_BYTES = 1 << 20
# Byte ranges per worker: enough that workers finishing at different times still share
# the work evenly, few enough that each range's fixed costs stay small.
RANGES_PER_JOB = 4
MIN_RANGE_BYTES = 1 << 20

_ENCODE = msgspec.json.Encoder()


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


def _count_batch(
    fmt: str,
    model: str,
    files: tuple[str, ...],
    limit: int | None,
    batch: list[tuple[int, bytes]],
) -> ExampleStats:
    """Worker: decode and count a batch of (line number, raw line) of valid examples."""
    tokenizer = tokens.for_model(model, files)
    decode = schema.decoder(fmt).decode
    lenient = schema.LENIENT.get(fmt)
    part = ExampleStats()
    for line, raw in batch:
        try:
            example = decode(raw)
        except msgspec.ValidationError:
            if lenient is None:
                raise
            example = lenient.decode(raw)
        part.add(example, fmt, line, tokenizer, limit)
    return part


class Collector:
    """The observer of one file: statistics and tokens of each valid example.

    Call it as the engine's ``Observer`` (``(example, line, raw)``), then :meth:`finish`.

    Args:
        model: the model to count for; ``None`` for the format's default.
        tokenizer_files: ``.tiktoken`` files to take encodings from.
        pool: workers to send line batches to; ``None`` counts inline.
        see: one more observer of each valid example (``(example, line)``).
    """

    def __init__(
        self,
        model: str | None,
        tokenizer_files: tuple[str, ...] = (),
        pool: Pool | None = None,
        see: Callable[[Any, int], None] | None = None,
    ) -> None:
        self.given = model
        self.files = tokenizer_files
        self.pool = pool
        self.see = see
        self.stats = ExampleStats()
        self.fmt: str | None = None
        self.model: str | None = None
        self.limit: int | None = None
        self.tokenizer: tokens.Tokenizer | None = None
        self.origin: str | None = None
        self._batch: list[tuple[int, bytes]] = []
        self._batch_bytes = 0
        self._pending: deque[Task[ExampleStats]] = deque()

    def _start(self, fmt: str) -> None:
        self.fmt = fmt
        self.model = self.given or tokens.DEFAULT_MODELS[fmt]
        model = base_models.get(self.model)
        self.limit = model.max_tokens
        # Loaded here even for the workers: they are forked after, and share it.
        self.tokenizer = tokens.load(model.tokenizer, self.files)
        self.origin = self.tokenizer.origin

    def __call__(self, example: Any, line: int, raw: bytes) -> None:
        fmt = self.fmt
        if fmt is None:
            fmt = tokens.FORMAT_OF[type(example)]
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
        assert self.pool is not None and self.fmt is not None and self.model is not None
        self._pending.append(
            self.pool.submit(
                _count_batch, self.fmt, self.model, self.files, self.limit, self._batch
            )
        )
        self._batch, self._batch_bytes = [], 0
        # Keep at most two batches per worker in flight: memory stays bounded.
        while len(self._pending) > 2 * self.pool.jobs:
            self.stats.update(self._pending.popleft().result())

    def finish(self) -> ExampleStats:
        """Wait for the workers and return the file's statistics."""
        if self._batch:
            assert self.fmt is not None and self.model is not None
            # The last batch, or less than one in all (stdin of unknown size): counted
            # here, where the tokenizer is loaded, while the workers finish theirs.
            part = _count_batch(self.fmt, self.model, self.files, self.limit, self._batch)
            self._batch = []
            while self._pending:
                self.stats.update(self._pending.popleft().result())
            self.stats.update(part)
        while self._pending:
            self.stats.update(self._pending.popleft().result())
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
    origin: str | None
    keys: KeyLog | None


def _count_range(
    source: Source,
    options: Options,
    model: str | None,
    files: tuple[str, ...],
    fmt: str,
    fmt_line: int | None,
    start: int,
    end: int,
    keyed: bool,
) -> _RangeCount:
    """Worker: check the lines of ``[start, end)`` and count their valid examples."""
    keys = KeyLog() if keyed else None
    collector = Collector(model, files, see=keys)
    check = parallel.check_range(source, options, fmt, fmt_line, start, end, collector)
    return _RangeCount(
        check.range_result(), collector.finish(), collector.model, collector.origin, keys
    )


class Surveyed(NamedTuple):
    """A file checked and counted in byte ranges.

    Attributes:
        report: the check's report (its findings went to the listener).
        examples: the statistics of the valid examples.
        model: the model counted for, ``None`` when there was no valid example.
        origin: where its encoding came from.
        keys: the keys of the valid examples, when asked for.
    """

    report: FileReport
    examples: ExampleStats
    model: str | None
    origin: str | None
    keys: KeyLog | None


def survey_ranges(
    source: Source,
    options: Options,
    model: str | None,
    files: tuple[str, ...],
    pool: Pool,
    ranges: parallel.Ranges,
    *,
    keyed: bool = False,
    progress: Callable[[int], None] | None = None,
    on_finding: Listener | None = None,
) -> Surveyed:
    """Check and count a file cut by :func:`cut` on ``pool``; the findings go to
    ``on_finding`` in the order of a serial run. ``keyed``: gather the examples' keys.

    Raises:
        OSError: a range cannot be read.
        tokens.EncodingUnavailable: tokens cannot be counted.
    """
    _preload(model or tokens.DEFAULT_MODELS.get(ranges.fmt), files)
    tasks = [
        pool.submit(
            _count_range, source, options, model, files, ranges.fmt, ranges.fmt_line, *bounds, keyed
        )
        for bounds in ranges.bounds
    ]
    check = FileCheck(source.name, options, on_finding, size=source.size)
    examples = ExampleStats()
    keys = KeyLog() if keyed else None
    found: str | None = None
    origin: str | None = None
    base = 0
    try:
        for task in tasks:
            part = task.result()
            check.absorb(part.result, base)
            examples.update(part.examples, base)
            if keys is not None and part.keys is not None:
                keys.update(part.keys, base)
            found, origin = found or part.model, origin or part.origin
            base += part.result.counts.lines
            if progress is not None:
                progress(part.result.counts.bytes)
    finally:
        for task in tasks:
            task.cancel()
    return Surveyed(check.finish(source.identity), examples, found, origin, keys)


def _preload(model: str | None, files: Sequence[str]) -> None:
    """Load the encoding the workers will count with, so that they share it."""
    if model is None:
        return
    # A file without a valid example needs no encoding: a worker that needs one says so.
    with contextlib.suppress(tokens.EncodingUnavailable):
        tokens.for_model(model, files)


__all__ = [
    "BATCH_BYTES",
    "Collector",
    "KeyLog",
    "Surveyed",
    "cut",
    "example_key",
    "survey_ranges",
]
