"""Merging partials into the result of the whole, exactly as one run over the inputs.

The pieces of each file are merged in file order by the engine's own range merge
(:meth:`ftlint.engine.FileCheck.absorb`), the one ``--jobs`` uses: line numbers shift,
counts and cross-line state add up, the digests of every piece are stored together so that
duplicates (F006) are found across pieces, whichever shards they came from, and the
file-level rules run once. Duplicates are found within each file, as in a single run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from .. import counting
from .._version import __version__
from ..engine import FileCheck, Listener
from ..findings import Finding
from ..results import FileReport, Report
from ..stats import ExampleStats
from ..stats_run import CANNOT_TRAIN, FileStats, StatsResult, check_options
from .planning import CheckSettings, Plan, StatsSettings
from .wire import Partial, PieceResult


class MergeError(Exception):
    """Partials that do not make one whole, with a one-line reason."""


def validate(partials: Sequence[tuple[str, Partial]]) -> Plan:
    """The plan that all ``(name, partial)`` share; every shard must be there once.

    Raises:
        MergeError: none given, different plans, a shard twice or missing.
    """
    if not partials:
        raise MergeError("no partial results to merge")
    first_name, first = partials[0]
    plan = first.plan
    fingerprint = plan.fingerprint
    seen: dict[int, str] = {}
    for name, partial in partials:
        other = partial.plan
        if other.version != plan.version:
            raise MergeError(
                f"{name} was written by ftlint {other.version}, {first_name} by"
                f" ftlint {plan.version}: run every shard with the same version"
            )
        if other.fingerprint != fingerprint:
            raise MergeError(
                f"{name} and {first_name} belong to different plans: {_diff(plan, other)}"
            )
        if partial.shard in seen:
            raise MergeError(
                f"{name} and {seen[partial.shard]} are both shard {partial.shard}/{plan.shards}"
            )
        seen[partial.shard] = name
    if plan.version != __version__:
        raise MergeError(
            f"{first_name} was written by ftlint {plan.version}; this is ftlint {__version__}:"
            " merge with the version that ran the shards"
        )
    missing = [s for s in range(1, plan.shards + 1) if s not in seen]
    if missing:
        which = ", ".join(f"{s}/{plan.shards}" for s in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        raise MergeError(f"missing shard{'s' if len(missing) > 1 else ''} {which}{more}")
    return plan


def _diff(a: Plan, b: Plan) -> str:
    """What differs between two plans, in words."""
    if a.command != b.command:
        return f"ftlint {a.command} / ftlint {b.command}"
    if a.settings.target != b.settings.target:
        return f"--target {a.settings.target} / --target {b.settings.target}"
    if a.settings != b.settings:
        fields = a.settings.__struct_fields__
        changed = [f for f in fields if getattr(a.settings, f) != getattr(b.settings, f)]
        return "other options: " + ", ".join(
            f"{f} {_short(getattr(a.settings, f))} / {_short(getattr(b.settings, f))}"
            for f in changed
        )
    if a.shards != b.shards:
        return f"{a.shards} shards / {b.shards} shards"
    if [i.name for i in a.inputs] != [i.name for i in b.inputs]:
        return "other inputs"
    return "inputs of other sizes (a file changed between the shards)"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _by_input(plan: Plan, partials: Sequence[Partial]) -> list[list[PieceResult]]:
    pieces: list[list[PieceResult]] = [[] for _ in plan.inputs]
    for partial in partials:
        for piece in partial.pieces:
            pieces[piece.input].append(piece)
    for parts in pieces:
        parts.sort(key=lambda p: p.start)
    return pieces


def merge_check(
    plan: Plan, partials: Sequence[Partial], listener: Listener | None = None
) -> Iterator[FileReport | str]:
    """The report of each input in order, or the one-line reason it could not be read.

    With ``listener``, each file's findings are streamed to it in report order instead
    of kept, as a single run streams them.
    """
    settings = plan.settings
    assert isinstance(settings, CheckSettings)
    options = settings.options()
    for item, parts in zip(plan.inputs, _by_input(plan, partials), strict=True):
        error = next((p.error for p in parts if p.error is not None), None)
        if error is not None:
            yield error
            continue
        check = FileCheck(item.name, options, listener, size=item.size)
        _absorb(check, parts)
        yield check.finish()


def _absorb(check: FileCheck, parts: list[PieceResult]) -> list[int]:
    """Merge the pieces of a file into ``check``; the line number before each piece."""
    bases = []
    base = 0
    for part in parts:
        bases.append(base)
        if part.result is not None:
            check.absorb(part.result, base)
            base += part.result.counts.lines
    return bases


class Merged(NamedTuple):
    """The merge of a plan's partials.

    Attributes:
        result: a :class:`~ftlint.Report` for ``check``, a ``StatsResult`` for ``stats``.
        errors: one line for each path or input that could not be read, in order.
        plan: the plan.
    """

    result: Report | StatsResult
    errors: tuple[str, ...]
    plan: Plan


def merge_stats(plan: Plan, partials: Sequence[Partial]) -> tuple[StatsResult, list[str]]:
    """The statistics of the whole, and the inputs that could not be read."""
    settings = plan.settings
    assert isinstance(settings, StatsSettings)
    files: list[FileStats] = []
    errors: list[str] = []
    for item, parts in zip(plan.inputs, _by_input(plan, partials), strict=True):
        error = next((p.error for p in parts if p.error is not None), None)
        if error is not None:
            errors.append(error)
            continue
        files.append(_file_stats(item.name, item.size, settings, parts))
    origins: dict[str, str] = {}
    for file in files:
        if file.encoding is not None and file.origin is not None:
            origins.setdefault(file.encoding, file.origin)
    result = StatsResult(
        files=tuple(files), validation=None, overlap=(), origins=origins, target=settings.target
    )
    return result, errors


def _file_stats(
    name: str, size: int, settings: StatsSettings, parts: list[PieceResult]
) -> FileStats:
    findings: dict[str, int] = {}
    # Found in the merge, after the lines: duplicates and the file-level rules, among them
    # the model's (F009, F010), whose messages say why it cannot train the file.
    late: dict[str, int] = {}
    cannot_train: list[str] = []

    def count(finding: Finding) -> None:
        late[finding.code] = late.get(finding.code, 0) + 1
        if finding.code in CANNOT_TRAIN:
            cannot_train.append(finding.message)

    check = FileCheck(name, check_options(settings.stats_options()), count, size=size)
    bases = _absorb(check, parts)
    examples = ExampleStats()
    model = origin = None
    for base, part in zip(bases, parts, strict=True):
        if part.stats is None:
            continue
        for code, n in part.stats.findings.items():
            findings[code] = findings.get(code, 0) + n
        examples.update(part.stats.examples, base)
        model = model or part.stats.model
        origin = origin or part.stats.origin
    report = check.finish()
    for code, n in late.items():
        findings[code] = findings.get(code, 0) + n
    how = None if model is None else counting.resolve(settings.target, model)
    return FileStats(
        report=report,
        model=model,
        model_source="option" if settings.model else "default",
        encoding=None if how is None else how.encoding,
        origin=origin,
        limit=None if how is None else how.limit,
        examples=examples,
        findings=findings,
        cannot_train=tuple(cannot_train),
        counting=how,
    )


def merge_partials(partials: Sequence[Partial | tuple[str, Partial]]) -> Merged:
    """Merge the partials of every shard of one plan (in any order).

    Items may be ``(name, partial)`` pairs, for the messages.

    Raises:
        MergeError: they do not make one whole (see :func:`validate`).
    """
    named = [
        item if isinstance(item, tuple) else (f"shard {item.shard}", item) for item in partials
    ]
    plan = validate(named)
    found = [partial for _, partial in named]
    if isinstance(plan.settings, CheckSettings):
        files: list[FileReport] = []
        errors = list(plan.errors)
        for file in merge_check(plan, found):
            if isinstance(file, FileReport):
                files.append(file)
            else:
                errors.append(file)
        return Merged(Report(files=tuple(files)), tuple(errors), plan)
    result, failed = merge_stats(plan, found)
    return Merged(result, (*plan.errors, *failed), plan)


__all__ = ["MergeError", "Merged", "merge_check", "merge_partials", "merge_stats", "validate"]
