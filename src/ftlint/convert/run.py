"""``ftlint convert``'s driver: stream one input, convert each line, write three outputs.

Every input line is accounted for. A converted line goes to the output; a line the
target cannot express goes to the rejects file byte for byte (line ending included); a
blank line is dropped. The log (JSON Lines) has one record for each input line:
``converted``, ``rejected`` or ``blank``, and one more for each lossy change made under
an option (``merged``, ``dropped``, ``joined``), each with the line's SHA-256 before
(without its line ending) and after (the output line without ``\\n``). A rejection or a
change names its rule: ``rule`` is an ftlint rule code (``ftlint rule CODE`` documents
it), ``refs`` the provider reference's ids for that rule.

The outputs are written through :class:`~ftlint.output.AtomicOutput`: nothing is replaced
until the whole input is converted, the input is never an output, and an existing output
is refused without ``force``. Output lines are compact JSON with keys in a fixed order,
so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import msgspec

from ..output import AtomicOutput, check_outputs
from ..reader import Source, discover, open_source, read_blocks
from ..rules import get as rule_of
from . import FORMATS, Converted, Converter, ConvertError, Rejected, converter, resolve_target
from .common import ConvertOptions, repeated_key
from .detect import candidates, decide

DETECT_LINES = 100  # decodable lines looked at to tell the source format
DETECT_MAX_LINES = 10_000  # lines read ahead at most for that
_BOM = b"\xef\xbb\xbf"
_encode = msgspec.json.Encoder().encode


@dataclass
class Request:
    """What to convert, and where to."""

    path: str
    to: str
    output: str
    rejects: str | None = None
    log: str | None = None
    source: str | None = None
    options: ConvertOptions = field(default_factory=ConvertOptions)
    force: bool = False


@dataclass
class Summary:
    """Where every line went."""

    name: str = ""
    source: str = ""
    target: str = ""
    lines: int = 0
    converted: int = 0
    rejected: int = 0
    blank: int = 0
    changed: int = 0  # converted lines with at least one lossy change
    changes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (action, rule)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (rule, what)
    first: dict[tuple[str, str], int] = field(default_factory=dict)  # first line of each


def run(request: Request) -> Summary:
    """Convert ``request.path``; raises ConvertError or OutputError (one line), OSError."""
    source = _one_source(request.path)
    outputs = [p for p in (request.output, request.rejects, request.log) if p]
    inputs = [] if source.path is None or source.remote else [source.path]
    check_outputs(outputs, inputs=inputs, force=request.force)
    with open_source(source) as stream:
        lines = _lines(stream, source.compressed)
        head, name = _head(lines, request.source)
        target, variant = resolve_target(request.to, name)
        if variant != request.options.variant:
            request.options = ConvertOptions(
                request.options.merge_consecutive, request.options.drop_unsupported, variant
            )
        summary = Summary(source.name, name, target)
        convert = converter(name, target)
        _write_all(request, inputs, itertools.chain(head, lines), convert, summary)
    return summary


def _one_source(path: str) -> Source:
    sources, errors = discover([path])
    if errors:
        raise ConvertError("; ".join(str(e) for e in errors))
    if len(sources) != 1:
        raise ConvertError(f"{path}: holds {len(sources)} data files; convert one file at a time")
    return sources[0]


def _lines(stream: Any, compressed: bool) -> Iterator[bytes]:
    for block in read_blocks(stream, compressed=compressed):
        yield from block


def _head(lines: Iterator[bytes], given: str | None) -> tuple[list[bytes], str]:
    """The lines read ahead to tell the format, and the format (``given`` if set)."""
    if given is not None:
        if given not in FORMATS:
            raise ConvertError(f"--from {given}: unknown format; choose from {', '.join(FORMATS)}")
        return [], given
    head: list[bytes] = []
    found: list[tuple[int, frozenset[str]]] = []
    for number, raw in enumerate(lines, 1):
        head.append(raw)
        try:
            obj = msgspec.json.decode(_body(raw, number))
        except (msgspec.DecodeError, RecursionError):
            obj = None
        if isinstance(obj, dict):
            found.append((number, candidates(obj)))
        if len(found) >= DETECT_LINES or number >= DETECT_MAX_LINES:
            break
    name, why = decide(found)
    if name is None:
        raise ConvertError(why)
    return head, name


def _body(raw: bytes, number: int) -> bytes:
    """The line without its ending (and without a byte order mark on line 1)."""
    if number == 1 and raw.startswith(_BOM):
        raw = raw[3:]
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    return raw[:-1] if raw.endswith(b"\r") else raw


def _write_all(
    request: Request,
    inputs: list[str],
    lines: Iterator[bytes],
    convert: Converter,
    summary: Summary,
) -> None:
    paths = [request.output, request.rejects, request.log]
    outs: list[AtomicOutput | None] = []
    try:
        for path in paths:
            outs.append(AtomicOutput(path, inputs=inputs, force=request.force) if path else None)
        out, rejects, log = outs
        assert out is not None
        for number, raw in enumerate(lines, 1):
            records, data = _one_line(number, raw, convert, request.options, summary)
            if data is not None:
                out.stream.write(data)
            elif records[0]["action"] == "rejected" and rejects is not None:
                rejects.stream.write(raw)
            if log is not None:
                log.stream.write(b"".join(_encode(r) + b"\n" for r in records))
        for output in outs:
            if output is not None:
                output.commit()
    finally:
        for output in outs:
            if output is not None:
                output.discard()


def _one_line(
    number: int, raw: bytes, convert: Converter, options: ConvertOptions, summary: Summary
) -> tuple[list[dict[str, Any]], bytes | None]:
    """The log records of one line (the first says where it went), and its output line."""
    summary.lines += 1
    body = _body(raw, number)
    if not body.strip():
        summary.blank += 1
        return [_record(number, "blank", "a blank line: dropped", None, None, None)], None
    before = hashlib.sha256(body).hexdigest()
    result = _convert(body, convert, options)
    if isinstance(result, Rejected):
        summary.rejected += 1
        key = (result.rule, result.what)
        summary.reasons[key] += 1
        summary.first.setdefault(key, number)
        return [_record(number, "rejected", result.reason, result.rule, before, None)], None
    converted, data = result
    summary.converted += 1
    after = hashlib.sha256(data).hexdigest()
    at = summary.converted
    records = [_record(number, "converted", None, None, before, after, at)]
    for change in converted.changes:
        summary.changes[(change.action, change.rule)] += 1
        records.append(
            _record(number, change.action, change.reason, change.rule, before, after, at)
        )
    summary.changed += bool(converted.changes)
    return records, data + b"\n"


def _convert(
    body: bytes, convert: Converter, options: ConvertOptions
) -> Rejected | tuple[Converted, bytes]:
    try:
        obj = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        return Rejected(f"not valid JSON ({exc})", "J001", "not valid JSON")
    except RecursionError:
        return Rejected("nested too deeply to read", "J001", "nested too deeply")
    if not isinstance(obj, dict):
        return Rejected("not a JSON object", "J002", "not a JSON object")
    if repeated_key(body):
        what = "an object has the same key twice (only the last value would be kept)"
        return Rejected(what, "J010", what)
    result = convert(obj, options)
    if isinstance(result, Rejected):
        return result
    try:
        return result, _encode(result.obj)
    except (msgspec.EncodeError, UnicodeEncodeError, RecursionError) as exc:
        return Rejected(f"cannot be written as JSON ({exc})", "M010", "cannot be written")


def _record(
    line: int,
    action: str,
    reason: str | None,
    rule: str | None,
    before: str | None,
    after: str | None,
    output_line: int | None = None,
) -> dict[str, Any]:
    return {
        "line": line,
        "action": action,
        "reason": reason,
        "rule": rule,
        "refs": None if rule is None else list(rule_of(rule).refs),
        "output_line": output_line,
        "sha256_before": before,
        "sha256_after": after,
    }


__all__ = ["Request", "Summary", "run"]
