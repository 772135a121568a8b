"""``ftlint stats``: one checking pass per file, with statistics and token counts on the side.

Each file is checked exactly as ``ftlint check`` checks it (same engine, same rules), and
the engine hands every valid example to a :class:`~ftlint.stats_count.Collector` through
its observer hook: there is no second pass over the data. The collector gathers an
:class:`~ftlint.stats.ExampleStats` inline, or, with ``--jobs``, the workers do
(:mod:`ftlint.stats_count`): a big plain file is cut into byte ranges that each worker
reads, checks and counts itself, and the parts merge exactly, in file order, into the
serial result (tests check it).

Findings are counted by code through a listener and never kept, so memory stays bounded.
Duplicates are the engine's F006 findings (within a file). Train/validation overlap
compares a 64-bit hash of each example's canonical JSON (the decoded example encoded
again: whitespace, escapes and key order do not matter; extra grader keys of RFT data
are left out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from . import counting, targets, tokens
from .counting import Counting
from .engine import Options, check_source
from .findings import Finding
from .pool import Pool
from .reader import Source, discover
from .results import FileReport
from .selection import default_rules
from .stats import ExampleStats
from .stats_count import (
    Collector,
    ExtraCounts,
    KeyLog,
    StatsOptions,
    cut,
    example_key,
    survey_ranges,
)

# Inputs smaller than this are counted inline: starting workers costs more than it saves.
PARALLEL_MIN_BYTES = 8_000_000


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
            messages of F009 and F010, as ``check --model`` reports them), if it cannot;
            for the validation file, also why the pair cannot run (F012, F013, F903).
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
    [Source],
    tuple[Callable[[Any, int], None] | None, Callable[[Finding], None] | None, ExtraCounts | None],
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


class _Keys:
    """64-bit keys of the training examples, for the overlap with the validation file."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.pairs: list[tuple[int, int, int]] = []

    def train(self, key: int, file_index: int, line: int) -> None:
        self.seen.setdefault(key, (file_index << 32) | line)

    def validate(self, key: int, line: int) -> None:
        found = self.seen.get(key)
        if found is not None:
            self.pairs.append((found >> 32, found & 0xFFFFFFFF, line))

    def feed(self, log: KeyLog, index: int | None) -> None:
        """Take in a file's keys, in line order (``index``: as for :meth:`observer`)."""
        if index is None:
            for key, line in zip(log.keys, log.lines, strict=True):
                self.validate(key, line)
        else:
            for key, line in zip(log.keys, log.lines, strict=True):
                self.train(key, index, line)

    def observer(self, index: int | None) -> Callable[[Any, int], None]:
        """The observer of a training file's (``index``) or the validation file's
        (``None``) valid examples."""
        if index is None:
            return lambda example, line: self.validate(example_key(example), line)
        return lambda example, line: self.train(example_key(example), index, line)


# The findings that say the given model cannot train the file at all.
CANNOT_TRAIN = frozenset({"F009", "F010"})


class _FindingCounter:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.cannot_train: list[str] = []
        self.refusals: list[str] = []

    def __call__(self, finding: Finding) -> None:
        self.counts[finding.code] = self.counts.get(finding.code, 0) + 1
        if finding.code in CANNOT_TRAIN:
            self.cannot_train.append(finding.message)
        elif finding.code in PAIR_REFUSALS:
            self.refusals.append(finding.message)


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

    With a ``pool``, an input of :data:`PARALLEL_MIN_BYTES` or more is counted by the
    workers: a plain file in byte ranges that they read themselves (unless ``see`` must
    see its examples here), anything else in batches of its valid lines (see
    :mod:`ftlint.stats_count`).

    Raises:
        OSError: the source cannot be opened.
        tokens.EncodingUnavailable: tokens cannot be counted.
    """
    return _survey(source, options, pool, see, progress, on_finding, None, validation, None)


# Where a file's overlap keys go: the keys, and the training file's index (None for the
# validation file).
_Keyed = tuple[_Keys, int | None]


def _survey(
    source: Source,
    options: StatsOptions,
    pool: Pool | None,
    see: Callable[[Any, int], None] | None,
    progress: Callable[[int], None] | None,
    on_finding: Callable[[Finding], None] | None,
    keyed: _Keyed | None,
    validation: bool,
    extra: ExtraCounts | None,
) -> FileStats:
    counter = _FindingCounter()
    listen = counter if on_finding is None else _tee(counter, on_finding)
    checked = check_options(options, validation=validation)
    if pool is not None and not _parallel(source, pool.jobs):
        pool = None
    ranges = None if pool is None or see is not None else cut(source, checked, pool.jobs)
    if pool is not None and ranges is not None:
        done = survey_ranges(
            source,
            checked,
            options,
            pool,
            ranges,
            keyed=keyed is not None,
            progress=progress,
            on_finding=listen,
        )
        if keyed is not None and done.keys is not None:
            keyed[0].feed(done.keys, keyed[1])
        report, examples, model, origin = done.report, done.examples, done.model, done.origin
        how = done.counting
    else:
        if keyed is not None:
            see = _both(keyed[0].observer(keyed[1]), see)
        collector = Collector(options, pool, see, extra)
        try:
            report = check_source(
                source, checked, progress=progress, on_finding=listen, observer=collector
            )
            examples = collector.finish()
        except BaseException:
            collector.cancel()
            raise
        model, origin, how = collector.model, collector.origin, collector.counting
    return FileStats(
        report=report,
        model=model,
        model_source="option" if options.model else "default",
        encoding=None if how is None else how.encoding,
        origin=origin,
        limit=None if how is None else how.limit,
        examples=examples,
        findings=counter.counts,
        cannot_train=tuple(counter.cannot_train),
        counting=how,
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
    see, listener, extra = watch(source) if watch is not None else (None, None, None)
    keyed = None if keys is None else (keys, index)
    try:
        return _survey(source, options, pool, see, progress, listener, keyed, index is None, extra)
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
    # fork: the workers share the encoding this process loads before it starts them.
    pool = Pool(options.jobs, "fork") if options.jobs > 1 else None
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
    if checked is not None and validation is not None:
        read = [(s, f) for s, f in zip(sources, found, strict=True) if f is not None]
        checked = _with_pair_rules(read, (validation, checked), options, overlap)
    return StatsResult(tuple(files), checked, overlap, origins, options.target)


# The pair's findings that say the job cannot run (F013: the formats differ; F012, F903:
# too many examples), shown as the validation file's like F009 and F010.
PAIR_REFUSALS = frozenset({"F012", "F013", "F903"})


def _with_pair_rules(
    train: Sequence[tuple[Source, FileStats]],
    validation: tuple[Source, FileStats],
    options: StatsOptions,
    overlap: Sequence[Overlap],
) -> FileStats:
    """The validation file's statistics with the findings of the pair's rules (F012-F014,
    F903) that ``check --validation`` gives; the overlap is the one the keys found."""
    from .pairs import check_pair  # only with --validation

    source, checked = validation
    added = _FindingCounter()
    shared = [(o.validation_line, None, o.train_path, o.train_line) for o in overlap]
    report = check_pair(
        [(s, f.report) for s, f in train],
        (source, checked.report),
        check_options(options, validation=True),
        added,
        shared=shared,
    )
    findings = dict(checked.findings)
    for code, n in added.counts.items():
        findings[code] = findings.get(code, 0) + n
    refusals = tuple(added.refusals)
    return checked._replace(
        report=report, findings=findings, cannot_train=checked.cannot_train + refusals
    )


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


__all__ = [
    "Collector",
    "FileStats",
    "Overlap",
    "StatsOptions",
    "StatsResult",
    "run_stats",
    "survey_source",
]
