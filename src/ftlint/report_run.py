"""``ftlint report``: the ``stats`` run, with what a review page needs on the side.

The run is :func:`ftlint.stats_run.run_stats` itself, so every number that ``stats -o
json`` prints comes from the same :class:`~ftlint.stats_run.StatsResult`. Its ``watch``
hook adds, per file, a :class:`Watcher` that sees each valid example (conversation shape,
Unicode blocks, token counts under the other encodings, which the workers make when there
are workers) and each finding (a few per rule
code, kept with their raw lines, and the duplicate groups). Everything kept is bounded:
a fixed number of findings, and sums keyed by small sets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from . import base_models, counting, targets, tokens
from .findings import Finding
from .profile import Lengths, Shape
from .reader import Source, open_source
from .stats_count import ExtraSpec, format_of
from .stats_run import StatsOptions, StatsResult, run_stats

# The formats whose examples are a prompt with two replies.
_PAIRS = ("preference", "gemini-preference")
# Findings kept as examples per rule code, and in the "every finding" table.
EXAMPLES_PER_CODE = 5
FINDINGS_KEPT = 200
# Duplicate groups listed, and lines listed per group.
GROUPS_KEPT = 50
LINES_PER_GROUP = 10
# The most bytes of a raw line kept to show.
RAW_BYTES = 4096
_DUPLICATE = re.compile(r"duplicate of line (\d+)")


class CodeLog:
    """The findings of one rule code: their count and the first few."""

    __slots__ = ("count", "examples", "severity")

    def __init__(self, severity: str) -> None:
        self.count = 0
        self.severity = severity
        self.examples: list[Finding] = []


class FindingLog:
    """A bounded record of the findings of a run, over every file.

    Attributes:
        codes: per rule code, the count and the first :data:`EXAMPLES_PER_CODE` findings.
        first: the first :data:`FINDINGS_KEPT` findings, in the order found.
        total: findings seen.
        raw: the raw line of each example finding, by ``(path, offset)``.
    """

    def __init__(self) -> None:
        self.codes: dict[str, CodeLog] = {}
        self.first: list[Finding] = []
        self.total = 0
        self.raw: dict[tuple[str, int], bytes] = {}

    def __call__(self, finding: Finding) -> None:
        self.total += 1
        log = self.codes.get(finding.code)
        if log is None:
            log = self.codes[finding.code] = CodeLog(finding.severity.value)
        log.count += 1
        if len(log.examples) < EXAMPLES_PER_CODE:
            log.examples.append(finding)
        if len(self.first) < FINDINGS_KEPT:
            self.first.append(finding)


class Duplicates:
    """Groups of identical examples in one file, from its F006 findings.

    Attributes:
        groups: per first occurrence, the number of later copies.
        lines: per first occurrence (the first :data:`GROUPS_KEPT`), its first copies.
    """

    def __init__(self) -> None:
        self.groups: dict[int, int] = {}
        self.lines: dict[int, list[int]] = {}

    def __call__(self, finding: Finding) -> None:
        if finding.code != "F006" or finding.line is None:
            return
        found = _DUPLICATE.search(finding.message)
        if found is None:
            return
        first = int(found.group(1))
        self.groups[first] = self.groups.get(first, 0) + 1
        kept = self.lines.get(first)
        if kept is None and len(self.lines) < GROUPS_KEPT:
            kept = self.lines[first] = []
        if kept is not None and len(kept) < LINES_PER_GROUP:
            kept.append(finding.line)


class Watcher:
    """What ``ftlint report`` gathers of one file, besides its ``FileStats``.

    Attributes:
        source: the file.
        shape: role sequences, endings and Unicode blocks.
        lengths: token counts under each encoding or estimate (:func:`key`) that the
            main count does not give (the other models'; and the model's own for DPO,
            whose longest sequence differs from its tokens).
        duplicates: the duplicate groups.
    """

    def __init__(self, source: Source, options: StatsOptions, log: FindingLog) -> None:
        self.source = source
        self.options = options
        self.log = log
        self.shape = Shape()
        self.lengths: dict[str, Lengths] = {}
        self.duplicates = Duplicates()
        self._fmt: str | None = None
        self._counting: list[tuple[Lengths, tokens.Tokenizer | counting.Estimate]] = []
        # Each count's tiktoken encoding or estimate ratio, for the workers (ExtraSpec).
        self._specs: dict[str, tuple[str | None, float | None]] = {}
        self._pooled = False  # the workers make the counts and shapes (see ``pooled``)

    def _start(self, fmt: str) -> None:
        self._fmt = fmt
        target = self.options.target
        model = self.options.model or counting.default_model(target, fmt)
        main = count_key(None if model is None else counting.resolve(target, model))
        for found in comparable_models(fmt, target):
            name = key(found)
            # DPO's longest sequence is not its tokens: the main count does not give it.
            if name is None or name in self.lengths or (name == main and fmt not in _PAIRS):
                continue
            lengths = self.lengths[name] = Lengths(name)
            spec = self._specs[name] = (found.tokenizer, found.chars_per_token)
            measure = counting.measure_of(*spec, self.options.tokenizer_files)
            self._counting.append((lengths, measure))

    def see(self, example: Any, line: int) -> None:
        """The observer of each valid example."""
        if self._pooled:
            return  # the workers see it (see ``pooled``)
        fmt = self._fmt
        if fmt is None:
            fmt = format_of(example)
            self._start(fmt)
        self.shape.add(example, fmt)
        for lengths, tokenizer in self._counting:
            lengths.add(example, fmt, tokenizer)

    def pooled(self, fmt: str) -> list[ExtraSpec]:
        """The other models' counts, for the workers to make with the shapes (see
        ``ExtraCounts``): :meth:`see` makes neither from now on."""
        if self._fmt is None:
            self._start(fmt)
        self._pooled = True
        return [(name, *self._specs[name]) for name in self.lengths]

    def merge(self, parts: Sequence[Lengths], shape: Shape) -> None:
        """Add a batch's counts and shapes, made by a worker (see ``ExtraCounts``)."""
        for part in parts:
            self.lengths[part.encoding].update(part)
        self.shape.update(shape)

    def listen(self, finding: Finding) -> None:
        """The listener of each finding."""
        self.log(finding)
        self.duplicates(finding)


def key(model: targets.TargetModel) -> str | None:
    """What a model's counts are kept under: its tiktoken encoding, or ``≈R`` for an
    estimate at R characters per token; ``None`` for a model not counted."""
    if model.tokenizer is not None:
        return model.tokenizer
    return None if model.chars_per_token is None else f"≈{model.chars_per_token:g}"


def count_key(how: counting.Counting | None) -> str | None:
    """:func:`key` of the model a file is counted for."""
    if how is None or how.encoding is not None:
        return None if how is None else how.encoding
    return None if how.ratio is None else f"≈{how.ratio:g}"


def comparable_models(fmt: str, target: str = targets.DEFAULT) -> list[targets.TargetModel]:
    """The models of ``target`` that train data of format ``fmt`` and count its tokens,
    exactly (with a tiktoken encoding) or as the provider's estimate, in the target's
    table's order; none for a format with no count (:func:`ftlint.counting.countable`)."""
    spec = targets.get(target)
    method = spec.methods.get(fmt) or base_models.METHOD_OF_FORMAT.get(fmt)
    if not counting.countable(fmt):
        return []
    return [m for m in spec.models if method in m.methods and key(m) is not None]


class Input(NamedTuple):
    """An input file for the provenance table: its size and SHA-256 (``None`` for stdin)."""

    path: str
    size: int | None
    sha256: str | None


class ReportResult(NamedTuple):
    """What ``ftlint report`` found.

    Attributes:
        stats: the ``stats`` run (the numbers of ``stats -o json``).
        watchers: one per training file read, in order.
        validation: the validation file's watcher, if it was read.
        log: the findings kept, over every file.
        inputs: every input, for provenance.
    """

    stats: StatsResult
    watchers: tuple[Watcher, ...]
    validation: Watcher | None
    log: FindingLog
    inputs: tuple[Input, ...]


def run_report(
    sources: Sequence[Source],
    options: StatsOptions,
    *,
    validation: Source | None = None,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[Source, OSError], None] | None = None,
) -> ReportResult:
    """Check and profile the sources, as ``run_stats`` (same errors), keeping the extras."""
    log = FindingLog()
    calls: list[Watcher] = []
    failed: set[int] = set()

    def watch(
        source: Source,
    ) -> tuple[Callable[[Any, int], None], Callable[[Finding], None], Watcher]:
        calls.append(Watcher(source, options, log))
        return calls[-1].see, calls[-1].listen, calls[-1]

    def error(source: Source, exc: OSError) -> None:
        # The failing source is the one last watched: run_stats asks just before reading.
        failed.add(len(calls) - 1)
        if on_error is not None:
            on_error(source, exc)

    result = run_stats(
        sources,
        options,
        validation=validation,
        progress=progress,
        on_error=error if on_error is not None else None,
        watch=watch,
    )
    read = [w for i, w in enumerate(calls) if i not in failed]
    checked = read.pop() if result.validation is not None else None
    everything = [*sources, *([validation] if validation is not None else [])]
    _fetch_raw(log, everything)
    return ReportResult(
        stats=result,
        watchers=tuple(read),
        validation=checked,
        log=log,
        inputs=tuple(_describe(source) for source in everything),
    )


def _fetch_raw(log: FindingLog, sources: Sequence[Source]) -> None:
    """Read the raw lines of the example findings again, by their offsets."""
    wanted: dict[str, set[int]] = {}
    for code_log in log.codes.values():
        for finding in code_log.examples:
            if finding.offset is not None:
                wanted.setdefault(finding.path, set()).add(finding.offset)
    for source in sources:
        offsets = wanted.pop(source.name, None)
        if not offsets or source.path is None:  # stdin cannot be read twice
            continue
        try:
            with open_source(source) as stream:
                for offset in sorted(offsets):
                    stream.seek(offset)
                    log.raw[(source.name, offset)] = stream.readline(RAW_BYTES + 1)
        except (OSError, EOFError, ValueError):
            continue


def _describe(source: Source) -> Input:
    if source.path is None:
        return Input(source.name, None, None)
    digest = hashlib.sha256()
    try:
        with open(source.path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    except OSError:
        return Input(source.name, None, None)
    return Input(source.name, source.size, digest.hexdigest())
