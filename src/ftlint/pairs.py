"""``ftlint check TRAIN... --validation FILE``: the rules that need both files.

Each file is checked on its own first: the training files as any file is, the validation
file with :func:`as_validation` options, so the file-level rules hold it to the target's
validation limits (F901, F902) and not to its training ones. Then :func:`check_pair`
applies the pair's rules (:mod:`ftlint.rules.pair`): the RFT test-file cap (F012), one
format for both (F013), the examples the validation file shares with a training file
(F014), and the target's cap on both files together (F903). Their findings belong to the
validation file and are added to its report.

The overlap needs a second, light pass: the validation file's valid examples are keyed
(the decoded example encoded again, hashed: whitespace, escapes and key order do not
matter, as ``ftlint stats --validation`` compares them), then the training files are read
line by line against those keys. Memory holds one key per validation example.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import msgspec

from . import schema, targets
from .engine import Listener, Options
from .findings import Finding, Severity
from .reader import Source, open_source
from .results import FileReport
from .rules import REGISTRY
from .rules import pair as rules
from .rules.validation import check_total
from .selection import default_rules

_ENCODE = msgspec.json.Encoder()
_BOM = b"\xef\xbb\xbf"
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError, RecursionError)


def _keys(source: Source, fmt: str) -> Iterator[tuple[int, int, int]]:
    """(line, byte offset, key) of each line of ``source`` that decodes as ``fmt``."""
    decode = schema.decoder(fmt).decode
    offset = 0
    with open_source(source) as stream:
        for line, raw in enumerate(stream, start=1):
            start, offset = offset, offset + len(raw)
            try:
                example = decode(raw.removeprefix(_BOM) if line == 1 else raw)
            except _ERRORS:
                continue  # the check of the file reports it
            yield line, start, hash(_ENCODE.encode(example))


# An example in both files: (validation line, its byte offset if known, training path,
# training line).
Shared = tuple[int, int | None, str, int]


def _overlap(
    train: Sequence[tuple[Source, FileReport]], validation: Source, fmt: str
) -> list[Shared]:
    """(validation line, offset, training path, training line) of each shared example."""
    wanted: dict[int, list[tuple[int, int]]] = {}
    for line, offset, key in _keys(validation, fmt):
        wanted.setdefault(key, []).append((line, offset))
    found: dict[tuple[int, int], tuple[str, int]] = {}
    for source, report in train:
        for line, _offset, key in _keys(source, fmt):
            for where in wanted.pop(key, ()):
                found[where] = (report.path, line)
    return sorted((line, offset, path, at) for (line, offset), (path, at) in found.items())


def check_pair(
    train: Sequence[tuple[Source, FileReport]],
    validation: tuple[Source, FileReport],
    options: Options,
    listener: Listener | None = None,
    *,
    shared: Sequence[Shared] | None = None,
) -> FileReport:
    """The validation file's report, with the findings of the pair's rules added.

    ``listener`` gets each new finding (for streamed output). ``shared``: the examples
    the two sides share, when the caller found them already (``ftlint stats`` keys every
    example as it counts); else the files are read again to find them.

    Raises:
        OSError: a file cannot be read again.
    """
    source, report = validation
    enabled = default_rules(options.target) if options.rules is None else options.rules
    target = targets.get(options.target)
    added: list[Finding] = []

    def emit(
        code: str,
        line: int | None,
        column: int | None,
        message: str,
        *,
        json_path: str | None = None,
        hint: str | None = None,
        late: bool = False,
        offset: int | None = None,
    ) -> None:
        if code not in enabled:
            return
        finding = Finding(
            path=report.path,
            line=line,
            column=column,
            json_path=json_path,
            code=code,
            severity=target.severity.get(code) or REGISTRY[code].severity,
            message=message,
            hint=hint,
            offset=offset,
        )
        added.append(finding)
        if listener is not None:
            listener(finding)

    formats = [(r.path, r.format) for _, r in train]
    agree = rules.check_formats(emit, report.format, report.stats.examples, formats)
    check_total(emit, target, report.stats.examples, [r.stats.examples for _, r in train])
    if agree and report.format is not None and "F014" in enabled:
        rules.overlap(emit, _overlap(train, source, report.format) if shared is None else shared)
    return _with(report, added)


def _with(report: FileReport, added: list[Finding]) -> FileReport:
    if not added:
        return report
    findings = tuple(sorted((*report.findings, *added), key=Finding.sort_key))
    count = {s: sum(f.severity is s for f in added) for s in Severity}
    return msgspec.structs.replace(
        report,
        findings=findings,
        errors=report.errors + count[Severity.ERROR],
        warnings=report.warnings + count[Severity.WARNING],
        infos=report.infos + count[Severity.INFO],
    )


def _key(source: Source) -> str:
    if source.path is None or source.remote:
        return source.name
    return os.path.normcase(os.path.realpath(source.path))


def as_validation(options: Options) -> Options:
    """The options of the validation file's own check: the target's validation limits."""
    return msgspec.structs.replace(options, validation=True)


def training(sources: Sequence[Source], validation: Source) -> list[Source]:
    """The training sources without the validation file (a directory may hold both, and a
    file compared with itself would overlap entirely)."""
    key = _key(validation)
    return [source for source in sources if _key(source) != key]


def apply(
    checked: Sequence[tuple[Source, FileReport]],
    validation: Source,
    options: Options,
    listener: Listener | None = None,
) -> list[FileReport]:
    """The reports of ``checked`` (the training files, then the validation file), with the
    pair's findings added to the validation file's; unchanged if it could not be checked.

    Raises:
        OSError: a file cannot be read again.
    """
    reports = [report for _, report in checked]
    if checked and checked[-1][0] is validation:
        reports[-1] = check_pair(checked[:-1], checked[-1], options, listener)
    return reports
