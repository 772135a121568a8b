"""``ftlint stats``: one checking pass per file, with statistics and token counts on the side.

Each file is checked exactly as ``ftlint check`` checks it (same engine, same rules), and
the engine hands every valid example to a :class:`Collector` through its observer hook:
there is no second pass over the data. The collector gathers an
:class:`~ftlint.stats.ExampleStats`:

- inline, counting tokens as the examples go by (small inputs, or ``jobs=1``);
- or in worker processes: the raw lines of valid examples are sent in batches of about
  1 MB to a process pool, each worker decodes and counts its batch into a partial
  ``ExampleStats``, and the parts are merged in order. ``ExampleStats.merge`` is exact, so
  the result is the same as inline (a test checks it). Validation stays in this process,
  and only tokenizing (≈95% of the time) is spread over the cores.

Findings are counted by code through a listener and never kept, so memory stays bounded.
Duplicates are the engine's F006 findings (within a file). Train/validation overlap
compares a 64-bit hash of each example's canonical JSON (the decoded example encoded
again: whitespace, escapes and key order do not matter; extra grader keys of RFT data
are left out).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import msgspec

from . import counting, schema, targets, tokens
from .counting import Counting
from .engine import Options, check_source
from .findings import Finding
from .pool import Pool, Task
from .reader import Source, discover
from .results import FileReport
from .selection import default_rules
from .stats import ExampleStats

# Inputs smaller than this are counted inline: starting workers costs more than it saves.
PARALLEL_MIN_BYTES = 8_000_000
# How many bytes of lines a worker gets at a time.
BATCH_BYTES = 1 << 20

_ENCODE = msgspec.json.Encoder()
# The format of a decoded example: the root Structs, native formats' included.
_FORMAT_OF = {**{root: name for name, root in schema.ROOTS.items()}, **tokens.FORMAT_OF}


def format_of(example: Any) -> str:
    """The format name of a decoded example (a native format's, or a target dialect's)."""
    cls = type(example)
    found = _FORMAT_OF.get(cls)
    if found is None:  # a target's own root Struct: its dialect is loaded by now
        from .schema.dialects import DIALECTS

        named = {root: fmt for d in DIALECTS.values() for fmt, root in d.roots.items()}
        found = _FORMAT_OF[cls] = named[cls]
    return found


class StatsOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to gather statistics.

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


class FileStats(NamedTuple):
    """The statistics of one file.

    Attributes:
        report: the check's report of the file (counts; its findings are not kept).
        model: the model counted for, ``None`` when the file had no valid example.
        model_source: ``"option"`` (``--model``) or ``"default"`` (the format's default).
        encoding: the model's encoding.
        origin: where the encoding's file came from (see ``tokens.locate``).
        limit: the model's per-example token limit, ``None`` if it has none.
        examples: the statistics of the valid examples.
        findings: findings by rule code.
        cannot_train: why the model given with ``--model`` cannot train this file (the
            messages of F009 and F010, as ``check --model`` reports them), if it cannot.
        counting: how the model counts tokens (exact, an estimate, none), with its
            target; ``None`` when no model was counted for.
    """

    report: FileReport
    model: str | None
    model_source: str
    encoding: str | None
    origin: str | None
    limit: int | None
    examples: ExampleStats
    findings: dict[str, int]
    cannot_train: tuple[str, ...] = ()
    counting: Counting | None = None

    @property
    def duplicates(self) -> int:
        """Examples that repeat an earlier one of the same file (F006)."""
        return self.findings.get("F006", 0)


class Overlap(NamedTuple):
    """An example found in both a training file and the validation file."""

    train_path: str
    train_line: int
    validation_line: int


# For a source: one more observer of its valid examples, and one more of its findings.
Watch = Callable[
    [Source], tuple[Callable[[Any, int], None] | None, Callable[[Finding], None] | None]
]


class StatsResult(NamedTuple):
    """What ``ftlint stats`` found.

    Attributes:
        files: the training files, in order.
        validation: the validation file, if one was given.
        overlap: examples of the validation file that are also in a training file.
        origins: where each encoding used came from (``tokens.locate``).
        target: the provider the files were checked and counted for.
    """

    files: tuple[FileStats, ...]
    validation: FileStats | None
    overlap: tuple[Overlap, ...]
    origins: dict[str, str]
    target: str = targets.DEFAULT


def _count_batch(
    fmt: str,
    how: Counting,
    files: tuple[str, ...],
    limit: int | None,
    batch: list[tuple[int, bytes]],
) -> ExampleStats:
    """Worker: decode and count a batch of (line number, raw line) of valid examples."""
    tokenizer = how.measure(files)
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


class _Keys:
    """64-bit keys of the training examples, for the overlap with the validation file."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.pairs: list[tuple[int, int, int]] = []

    @staticmethod
    def key(example: Any) -> int:
        return hash(_ENCODE.encode(example))

    def train(self, example: Any, file_index: int, line: int) -> None:
        self.seen.setdefault(self.key(example), (file_index << 32) | line)

    def validate(self, example: Any, line: int) -> None:
        found = self.seen.get(self.key(example))
        if found is not None:
            self.pairs.append((found >> 32, found & 0xFFFFFFFF, line))


class Collector:
    """The observer of one file: statistics and tokens of each valid example.

    Call it as the engine's ``Observer`` (``(example, line, raw)``), then :meth:`finish`.
    """

    def __init__(
        self,
        options: StatsOptions,
        pool: Pool | None = None,
        see: Callable[[Any, int], None] | None = None,
    ) -> None:
        self.options = options
        self.pool = pool
        self.see = see
        self.stats = ExampleStats()
        self.fmt: str | None = None
        self.model: str | None = None
        self.counting: Counting | None = None
        self.limit: int | None = None
        self.tokenizer: tokens.Tokenizer | counting.Estimate | None = None
        self.origin: str | None = None
        self._batch: list[tuple[int, bytes]] = []
        self._batch_bytes = 0
        self._pending: deque[Task[ExampleStats]] = deque()
        self._submitted = False

    @property
    def encoding(self) -> str | None:
        """The encoding of the model counted for (``None``: estimated, or not counted)."""
        return None if self.counting is None else self.counting.encoding

    def _start(self, fmt: str) -> None:
        self.fmt = fmt
        target = self.options.target
        self.model = self.options.model or counting.default_model(target, fmt)
        how = None if self.model is None else counting.resolve(target, self.model)
        self.counting = how
        if how is None:
            return
        self.limit = how.limit
        if how.how == "none" or not counting.countable(fmt):
            self.pool = None  # nothing to count: the examples' shapes are counted inline
            return
        files = self.options.tokenizer_files
        if self.pool is None:
            self.tokenizer = how.measure(files)
            self.origin = getattr(self.tokenizer, "origin", None)
        elif how.encoding is not None:
            # Fail here, with the one-line message, rather than in a worker.
            self.origin = tokens.locate(how.encoding, files)[1]

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
                self.options.tokenizer_files,
                self.limit,
                self._batch,
            )
        )
        self._batch, self._batch_bytes = [], 0
        self._submitted = True
        # Keep at most two batches per worker in flight: memory stays bounded.
        while len(self._pending) > 2 * self.pool.jobs:
            self.stats.update(self._pending.popleft().result())

    def finish(self) -> ExampleStats:
        """Wait for the workers and return the file's statistics."""
        if self._batch and not self._submitted and self.fmt is not None:
            # Less than one batch in all (stdin of unknown size): no worker is worth it.
            assert self.counting is not None
            files = self.options.tokenizer_files
            part = _count_batch(self.fmt, self.counting, files, self.limit, self._batch)
            self.stats.update(part)
            self._batch = []
        if self._batch:
            self._submit()
        while self._pending:
            self.stats.update(self._pending.popleft().result())
        return self.stats


# The findings that say the given model cannot train the file at all.
CANNOT_TRAIN = frozenset({"F009", "F010"})


class _FindingCounter:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.cannot_train: list[str] = []

    def __call__(self, finding: Finding) -> None:
        self.counts[finding.code] = self.counts.get(finding.code, 0) + 1
        if finding.code in CANNOT_TRAIN:
            self.cannot_train.append(finding.message)


def _parallel(source: Source, jobs: int) -> bool:
    if jobs <= 1:
        return False
    size = source.size
    if size is None:
        return True
    return size * (4 if source.compressed else 1) >= PARALLEL_MIN_BYTES


def survey_source(
    source: Source,
    options: StatsOptions,
    *,
    pool: Pool | None = None,
    see: Callable[[Any, int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    on_finding: Callable[[Finding], None] | None = None,
    validation: bool = False,
) -> FileStats:
    """Check one source and gather its statistics; ``on_finding`` also sees each finding.

    ``validation``: the source is a job's validation file, checked as ``check
    --validation`` checks it (the target's validation limits).

    Raises:
        OSError: the source cannot be opened.
        tokens.EncodingUnavailable: tokens cannot be counted.
    """
    use_pool = pool if pool is not None and _parallel(source, pool.jobs) else None
    collector = Collector(options, use_pool, see)
    counter = _FindingCounter()
    try:
        report = check_source(
            source,
            check_options(options, validation=validation),
            progress=progress,
            on_finding=counter if on_finding is None else _tee(counter, on_finding),
            observer=collector,
        )
        examples = collector.finish()
    finally:
        for future in collector._pending:
            future.cancel()
    return FileStats(
        report=report,
        model=collector.model,
        model_source="option" if options.model else "default",
        encoding=collector.encoding,
        origin=collector.origin,
        limit=collector.limit,
        examples=examples,
        findings=counter.counts,
        cannot_train=tuple(counter.cannot_train),
        counting=collector.counting,
    )


def check_options(options: StatsOptions, *, validation: bool = False) -> Options:
    """How ``stats`` checks: as ``check`` (for its target; a ``validation`` file as ``check
    --validation`` checks it), and with ``--model`` whether the model can train the file
    (F009, F010); K001 is left out, since ``stats`` counts every token anyway."""
    target = options.target
    checked = Options(format=options.format, target=target)
    if options.model is not None:
        rules = default_rules(target) - {"K001"}
        checked = Options(format=options.format, model=options.model, rules=rules, target=target)
    if not validation:
        return checked
    from .pairs import as_validation  # only then: start-up is part of every stats run

    return as_validation(checked)


def _survey_one(
    source: Source,
    index: int | None,
    options: StatsOptions,
    pool: Pool | None,
    keys: _Keys | None,
    watch: Watch | None,
    progress: Callable[[int], None] | None,
    on_error: Callable[[Source, OSError], None] | None,
) -> FileStats | None:
    """The statistics of one source (``index``: of a training file, ``None`` for the
    validation file), or ``None`` when it cannot be read and ``on_error`` says so."""
    see, listener = watch(source) if watch is not None else (None, None)
    if keys is not None:
        see = _both(keys.validate if index is None else _trainer(keys, index), see)
    try:
        return survey_source(
            source,
            options,
            pool=pool,
            see=see,
            progress=progress,
            on_finding=listener,
            validation=index is None,
        )
    except OSError as exc:
        if on_error is None:
            raise
        on_error(source, exc)
        return None


def run_stats(
    sources: Sequence[Source | str],
    options: StatsOptions | None = None,
    *,
    validation: Source | str | None = None,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[Source, OSError], None] | None = None,
    watch: Watch | None = None,
) -> StatsResult:
    """StatsResult training files and, optionally, a validation file.

    A source that cannot be opened is passed to ``on_error`` (or raises without it).
    ``watch`` (for ``ftlint report``) is asked, per source, for more observers.

    ``sources`` and ``validation`` may be paths or URLs, as ``ftlint stats`` takes them
    (a directory is walked); ``options`` defaults to ``StatsOptions()``.

    Raises:
        FileNotFoundError: a path or URL names no readable file.
        ValueError: ``validation`` names a directory of several files.
        tokens.EncodingUnavailable: tokens cannot be counted.
    """
    options = options or StatsOptions()
    sources = _sources(sources)
    validation = _validation(validation)
    check_encodings(options)
    # spawn: a worker loads its own tokenizer in a fresh interpreter.
    pool = Pool(options.jobs, "spawn") if options.jobs > 1 else None
    keys = _Keys() if validation is not None else None

    def one(source: Source, index: int | None) -> FileStats | None:
        return _survey_one(source, index, options, pool, keys, watch, progress, on_error)

    try:
        found = [one(source, index) for index, source in enumerate(sources)]
        checked = None if validation is None else one(validation, None)
    except BaseException:
        if pool is not None:
            pool.close(abort=True)
        raise
    finally:
        if pool is not None:
            pool.close()
    files = [file for file in found if file is not None]
    origins: dict[str, str] = {}
    for entry in [*files, checked]:
        if entry is not None and entry.encoding is not None and entry.origin is not None:
            origins.setdefault(entry.encoding, entry.origin)
    overlap = tuple(
        Overlap(train_path=sources[i].name, train_line=line, validation_line=vline)
        for i, line, vline in (keys.pairs if keys is not None else ())
    )
    return StatsResult(tuple(files), checked, overlap, origins, options.target)


def check_encodings(options: StatsOptions) -> None:
    """Fail before any work when the model's encoding, or a tokenizer file, cannot be had."""
    how = None if options.model is None else counting.resolve(options.target, options.model)
    if how is not None and how.encoding is not None:
        tokens.locate(how.encoding, options.tokenizer_files)
    for path in options.tokenizer_files:
        tokens.identify(path)


def _sources(given: Sequence[Source | str]) -> list[Source]:
    """Sources as given, with each path or URL discovered as the command line does."""
    found: list[Source] = []
    for item in given:
        if isinstance(item, Source):
            found.append(item)
            continue
        discovered, errors = discover([item])
        if errors:
            raise FileNotFoundError(str(errors[0]))
        found.extend(discovered)
    return found


def _validation(given: Source | str | None) -> Source | None:
    if not isinstance(given, str):
        return given
    found = _sources([given])
    if len(found) != 1:
        raise ValueError(f"{given}: the validation data must be one file")
    return found[0]


def _both(
    first: Callable[[Any, int], None], then: Callable[[Any, int], None] | None
) -> Callable[[Any, int], None]:
    if then is None:
        return first

    def see(example: Any, line: int) -> None:
        first(example, line)
        then(example, line)

    return see


def _tee(
    first: Callable[[Finding], None], then: Callable[[Finding], None]
) -> Callable[[Finding], None]:
    def listen(finding: Finding) -> None:
        first(finding)
        then(finding)

    return listen


def _trainer(keys: _Keys, index: int) -> Callable[[Any, int], None]:
    def see(example: Any, line: int) -> None:
        keys.train(example, index, line)

    return see


__all__ = [
    "Collector",
    "FileStats",
    "Overlap",
    "StatsOptions",
    "StatsResult",
    "run_stats",
    "survey_source",
]
