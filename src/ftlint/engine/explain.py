"""The slow path: why a line failed the typed decode, told as findings.

Only lines the file's typed decoder rejects (and the lines before the format is known)
come here, so valid data never pays for it. In order: blank lines (J003), a byte-order
mark (J004), NUL bytes (J007), bad UTF-8 (J006), JSON syntax (J001), repeated keys (J010),
a value that is not an object (J002); then, once the format is known, a line of another
format (F002) or of no known format (F003), and the schema errors
(:func:`ftlint.rules.explain_schema.explain`). Also here: :func:`sniff_text`, which tells
from a file's first bytes that it is not UTF-8 text at all (J008).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from .. import schema
from ..findings import Severity
from ..jsonpos import Locator, char_column
from ..reader import LongLine
from ..rules import REGISTRY
from ..rules.context import Emit, ReportAt
from ..rules.explain_schema import describe, explain, short_key
from ..schema.collect import Path, collect, split_message
from .counts import FileCounts

if TYPE_CHECKING:
    import json

BOM = b"\xef\xbb\xbf"
# What a typed decode raises for a line that is not a valid example.
DECODE_ERRORS = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)
# How much of a file's start :func:`sniff_text` needs, and from how many lines of the
# first block it is taken.
SNIFF_BYTES = 512
SNIFF_LINES = 64
_UNTYPED = msgspec.json.Decoder()
_ENCODE = msgspec.json.Encoder()


class LineExplainer:
    """Explains the lines of one file that failed the typed decode.

    It reports through the check's ``emit`` and ``report_at``, and counts blank lines,
    examples and CRLF endings of the lines it sees in the check's ``counts``.
    """

    __slots__ = (
        "counted",
        "counts",
        "dup_keys",
        "emit",
        "file_start",
        "report_at",
        "severity",
        "target",
    )

    def __init__(
        self,
        emit: Emit,
        report_at: ReportAt,
        counts: FileCounts,
        *,
        dup_keys: bool,
        file_start: bool,
        target: str | None = None,
        severity: Callable[[str], Severity] | None = None,
        counted: Callable[[str, int], bool] | None = None,
    ) -> None:
        self.emit = emit
        # Whether a finding of a rule on a line is only counted (the check's
        # `only_counted`): then its message is not worth building.
        self.counted = counted or _never
        # The target whose Structs decode the lines (see ftlint.schema.dialects), and the
        # severity of a code under it.
        self.target = target
        self.severity = severity or _registry_severity
        self.report_at = report_at
        self.counts = counts
        # Whether J010 is on: repeated keys need a second parse of the line.
        self.dup_keys = dup_keys
        # False for a byte range that starts inside the file (see ftlint.parallel).
        self.file_start = file_start

    def not_text(self, block: list[bytes]) -> bool:
        """J008 when the file's first bytes show it is not UTF-8 text; reading then stops."""
        head = b""
        for line in block[:SNIFF_LINES]:  # slices: a long first line is not copied whole
            head += line.head if type(line) is LongLine else line[:SNIFF_BYTES]
            if len(head) >= SNIFF_BYTES:
                break
        problem = sniff_text(head[:SNIFF_BYTES])
        if problem is None:
            return False
        self.counts.complete = False
        self.emit(
            "J008",
            None,
            None,
            f"{problem}; not checked further",
            hint=_NOT_TEXT_HINTS.get(problem.split(",")[0], "re-save the data as UTF-8 JSON Lines"),
        )
        return True

    def parse(
        self, raw: bytes, lineno: int, offset: int, first: bool
    ) -> tuple[dict[str, Any], bytes, int] | None:
        """The line as an untyped JSON object, or ``None`` once its problems are reported.

        Returns (object, data, shift): ``data`` is the line as decoded (without a BOM or
        NUL bytes, bad UTF-8 replaced), and ``shift`` the columns its start moved by.
        ``offset`` is the line's byte offset; ``first`` whether it is the first line read.
        """
        counts = self.counts
        if not raw or raw.isspace():  # what strip() tells, without copying a long line
            counts.blank += 1
            what = "empty line" if raw in (b"\n", b"\r\n", b"") else "whitespace-only line"
            self.emit(
                "J003",
                lineno,
                1,
                f"{what}: not an example",
                hint="remove it; JSON Lines has one JSON object on every line",
            )
            return None
        counts.examples += 1
        if raw.endswith(b"\r\n"):
            counts.crlf += 1
            if counts.first_crlf is None:
                counts.first_crlf = (lineno, offset)
        data, shift = self._clean(raw, lineno, first)
        try:
            obj = _UNTYPED.decode(data)
        except (msgspec.DecodeError, RecursionError) as exc:
            parsed = self._rejected(data, shift, lineno, exc)
            if parsed is None:
                return None
            obj, data = parsed
        if self.dup_keys:
            self.repeated_keys(data, lineno, shift)
        if not isinstance(obj, dict):
            self._not_object(obj, lineno, shift)
            return None
        return obj, data, shift

    def _rejected(
        self, data: bytes, shift: int, lineno: int, exc: Exception
    ) -> tuple[Any, bytes] | None:
        """A line the untyped decode rejected: (value, data) once bad UTF-8 is replaced
        (J006), or ``None`` once its JSON error is reported (J001).

        msgspec checks the UTF-8 of every string (and other bytes are not JSON), so only a
        line it rejects can hold bad UTF-8: J006 is looked for only then, and reported
        before the syntax error, as the bytes come first.
        """
        fixed = self._utf8(data, lineno, shift)
        if fixed is not data:
            data = fixed
            try:
                return _UNTYPED.decode(data), data
            except (msgspec.DecodeError, RecursionError) as again:
                exc = again
        if isinstance(exc, RecursionError):
            self.emit("J001", lineno, 1, "invalid JSON: nested too deeply to decode")
        else:
            self._syntax_error(data, shift, lineno, str(exc))
        return None

    def _clean(self, raw: bytes, lineno: int, first: bool) -> tuple[bytes, int]:
        """J004 and J007: the line without its BOM or NULs."""
        data, shift = raw, 0
        if data.startswith(BOM):
            where = "file starts" if first and self.file_start else "line starts"
            self.emit(
                "J004",
                lineno,
                1,
                f"{where} with a UTF-8 byte-order mark",
                hint="save the file as UTF-8 without BOM"
                + ("" if where == "file starts" else " (were files concatenated?)"),
            )
            data, shift = data[3:], 1
        nul = data.find(b"\x00")
        if nul >= 0:
            count = data.count(b"\x00")
            self.emit(
                "J007",
                lineno,
                char_column(data, nul) + shift,
                f"line contains {count} NUL byte{'s' if count > 1 else ''}",
                hint="a raw NUL is never valid JSON; is the file binary or corrupt?",
            )
            data = data.replace(b"\x00", b"")
        return data, shift

    def _utf8(self, data: bytes, lineno: int, shift: int) -> bytes:
        """J006: the line as valid UTF-8 (``data`` itself if it is)."""
        try:
            if not data.isascii():  # ASCII is UTF-8: no copy of a long line to find out
                data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start : exc.start + 1].hex()
            self.emit(
                "J006",
                lineno,
                char_column(data, exc.start) + shift,
                f"invalid UTF-8 byte 0x{bad}",
                hint="re-save the file as UTF-8 (was it written as Latin-1 or cp1252?)",
            )
            data = data.decode("utf-8", "replace").encode()
        return data

    def same_family(
        self,
        obj: dict[str, Any],
        data: bytes,
        shift: int,
        lineno: int,
        fmt: str,
        fmt_line: int | None,
    ) -> bool:
        """Whether a parsed line is of the file's format family; F002 if it is not.

        ``fmt_line`` is the line the format was detected on, ``None`` if it was given.
        """
        fam = schema.family(obj)
        if fam is not None and fam != schema.family_of(fmt):
            self._mixed(fam, obj, lineno, shift, data, fmt, fmt_line)
            return False
        return True

    def decode(
        self,
        obj: dict[str, Any] | None,
        data: bytes,
        shift: int,
        lineno: int,
        fmt: str,
        failed: msgspec.ValidationError | None = None,
    ) -> Any | None:
        """The typed example of a parsed line of format ``fmt``, or ``None`` once reported.

        ``obj`` is the line parsed untyped, or ``None`` to parse it again only if the
        typed decode fails (a long line, not held twice). ``failed`` is the error of a
        typed decode of these very bytes, when the fast path already met it. A line whose
        only schema problems are warnings still gives an example.
        """
        if failed is None:
            try:
                return schema.decoder(fmt, self.target).decode(data)
            except msgspec.ValidationError as exc:
                failed = exc
            except DECODE_ERRORS as exc:
                self.emit("J001", lineno, 1, f"invalid JSON: {exc}")
                return None
        if obj is None:
            obj = _UNTYPED.decode(data)
        return self._schema_errors(obj, data, shift, lineno, fmt, split_message(str(failed))[1])

    def _only_counted(self, code: str, lineno: int) -> bool:
        """Count a finding of ``code`` on ``lineno`` that the report only counts, without
        working out its message; whether it was one."""
        if not self.counted(code, lineno):
            return False
        self.emit(code, lineno, None, "")  # counted, never made (as report_at does)
        return True

    def unknown_format(self, obj: dict[str, Any], lineno: int, shift: int, data: bytes) -> None:
        """F003: the format could not be told from this line, nor from any before it."""
        if self._only_counted("F003", lineno):  # (a file in another format: every line)
            return
        foreign = schema.foreign_format(obj)
        keys = ", ".join(f"`{short_key(k)}`" for k in list(obj)[:5]) or "no keys at all"
        hint = (
            f"this looks like {foreign}, which OpenAI fine-tuning does not accept"
            if foreign
            else "expected `messages` (chat or reinforcement), `input` with `preferred_output`"
            " and `non_preferred_output` (preference), or `prompt` and `completion`"
        )
        self.report_at(
            lineno,
            data,
            shift,
            "F003",
            f"cannot tell the format of this line (it has {keys})",
            (),
            None,
            hint,
            None,
        )

    def repeated_keys(self, data: bytes, lineno: int, shift: int) -> None:
        """J010: parse the line again with a parser that sees repeated keys."""
        text = data.decode("utf-8", "replace")
        try:
            # Most lines repeat no key: a parse that stops at the first repeat tells,
            # without keeping the pairs and walking them (a third of the cost).
            _unique().decode(text)
            return
        except _Repeated:
            pass
        except (ValueError, RecursionError):
            return  # not JSON: J001 says so
        tree = _pairs().decode(text)
        locator = None
        for path, key, count in _repeated_keys(tree):
            locator = locator or Locator(data)
            self.report_at(
                lineno,
                data,
                shift,
                "J010",
                f"key `{key}` appears {count} times in one object; only the last value counts",
                path,
                None,
                "remove the repeated key",
                locator,
            )

    def _syntax_error(self, data: bytes, shift: int, lineno: int, text: str) -> None:
        reason = text.removeprefix("JSON is malformed: ")
        head, sep, tail = reason.rpartition(" (byte ")
        at = int(tail.rstrip(")")) if sep else None
        hint = _syntax_hint(data, reason, at)
        special = _special_syntax(data, text)
        if special is not None:
            at, reason, hint = special
            column = char_column(data, at) + shift
        elif at is not None:
            reason = head
            if reason == "trailing characters":
                at -= 1  # msgspec counts one past the first trailing character
            column = char_column(data, at) + shift
        else:
            column = char_column(data, len(data.rstrip())) + shift
            reason = "the line ends before the JSON value does" if "truncated" in text else reason
        self.emit("J001", lineno, column, f"invalid JSON: {reason}", hint=hint)

    def _not_object(self, obj: Any, lineno: int, shift: int) -> None:
        hint = "every line must be one JSON object"
        if isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj):
            hint = "this is a JSON array of examples; write each example on its own line"
        self.emit(
            "J002",
            lineno,
            1 + shift,
            f"line is {describe(obj)}, not a JSON object",
            json_path="$",
            hint=hint,
        )

    def _mixed(
        self,
        fam: str,
        obj: dict[str, Any],
        lineno: int,
        shift: int,
        data: bytes,
        fmt: str,
        fmt_line: int | None,
    ) -> None:
        if self._only_counted("F002", lineno):
            return
        line_fmt = schema.detect(obj) or fam
        origin = f"detected from line {fmt_line}" if fmt_line is not None else "from --format"
        self.report_at(
            lineno,
            data,
            shift,
            "F002",
            f"line is in {schema.LABELS[line_fmt]} format, but the file is"
            f" {schema.LABELS[fmt]} ({origin})",
            (),
            None,
            "a file holds one format, matching the job's method; move this line to its own file",
            None,
        )

    def _schema_errors(
        self, obj: dict[str, Any], data: bytes, shift: int, lineno: int, fmt: str, failing: Path
    ) -> Any | None:
        """Report every schema issue; the example if they are all warnings, else ``None``.

        ``failing`` is the path of the error the typed decode met (see ``collect``).
        """
        locator = Locator(data)
        only_warnings = True
        root = schema.root(fmt, self.target)
        variant = None if root is schema.ROOTS[fmt] else root
        lenient = schema.LENIENT.get(fmt) if variant is None else None
        for issue in collect(obj, root, (), failing):
            explained = explain(fmt, issue, obj, variant)
            if explained is None:
                continue
            code, message, hint, path, key = explained
            if self.severity(code) is Severity.ERROR:
                only_warnings = False
            self.report_at(
                lineno,
                data,
                shift,
                code,
                message,
                path[:-1] if key is not None else path,
                key,
                hint,
                locator,
            )
        if not only_warnings:
            return None
        # Only warnings (extra legacy keys), or nothing the untyped view shows: a repeated
        # key whose first value is wrong, which the typed decode stopped at while JSON
        # keeps the last one. The example is checked and counted as the line reads.
        decoder = lenient if lenient is not None else schema.decoder(fmt, self.target)
        try:
            return decoder.decode(data if lenient is not None else _ENCODE.encode(obj))
        except msgspec.ValidationError as exc:
            self.emit("S100", lineno, 1, f"does not match the {fmt} schema: {exc}")
            return None


def _never(code: str, line: int) -> bool:
    return False


def _registry_severity(code: str) -> Severity:
    return REGISTRY[code].severity


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object as its list of (key, value) pairs, repeats kept."""


@functools.cache
def _pairs() -> json.JSONDecoder:
    """A decoder that keeps repeated keys; made on first use (J010 is opt-in)."""
    import json

    return json.JSONDecoder(object_pairs_hook=_Pairs)


class _Repeated(Exception):
    """An object of the line repeats a key (raised by `_unique`'s decoder)."""


def _no_repeat(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Repeated
    return found


@functools.cache
def _unique() -> json.JSONDecoder:
    """A decoder that raises `_Repeated` at the first object that repeats a key."""
    import json

    return json.JSONDecoder(object_pairs_hook=_no_repeat)


def _repeated_keys(tree: Any) -> list[tuple[Path, str, int]]:
    """Every repeated key of every object in a decoded tree, with the object's path."""
    found: list[tuple[Path, str, int]] = []
    stack: list[tuple[Path, Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _Pairs):
            counts: dict[str, int] = {}
            for key, value in node:
                counts[key] = counts.get(key, 0) + 1
                stack.append(((*path, key), value))
            found.extend((path, key, n) for key, n in counts.items() if n > 1)
        elif isinstance(node, list):
            stack.extend(((*path, i), item) for i, item in enumerate(node))
    return sorted(found, key=lambda item: (len(item[0]), item[0].__repr__()))


_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an .xlsx/.docx document)"),
    (b"%PDF-", "a PDF document"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
)
_WIDE = "file is UTF-16 or UTF-32 encoded, not UTF-8"
_NOT_TEXT_HINTS = {
    _WIDE: "re-save the file as UTF-8",
    "file is binary, not text: gzip-compressed data": "name it .jsonl.gz, and ftlint"
    " decompresses it",
}


def sniff_text(head: bytes) -> str | None:
    """Why the first bytes of a file show it is not UTF-8 text, or ``None``.

    UTF-16 and UTF-32 show by their byte-order mark, or by ASCII text with NUL bytes at
    every other (or three in four) positions; binary formats by their magic numbers. A file
    of NUL bytes alone is neither: its lines get J007.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return _WIDE
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"file is binary, not text: {what}"
    if len(head) >= 8:
        for width in (2, 4):
            for phase in range(width):
                text = head[phase::width]
                zeros = b"".join(head[i::width] for i in range(width) if i != phase)
                if text.count(0) * 10 < len(text) and zeros.count(0) * 10 >= len(zeros) * 9:
                    return _WIDE
    return None


@functools.cache
def _tokens() -> re.Pattern[bytes]:
    """JSON strings and numbers (compiled on first use, as the ones below)."""
    return re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|(-?[0-9][0-9.eE+-]*)', re.DOTALL)


@functools.cache
def _lone_high() -> re.Pattern[bytes]:
    """A high surrogate escape without its low half."""
    return re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")


def _special_syntax(data: bytes, text: str) -> tuple[int, str, str] | None:
    """(offset, reason, hint) for errors msgspec reports without a useful position."""
    if "out of range" in text:
        for match in _tokens().finditer(data):
            number = match.group(1)
            if number is None:
                continue
            try:
                _UNTYPED.decode(number)
            except msgspec.DecodeError:
                return (
                    match.start(1),
                    "number out of range",
                    "JSON numbers here must fit a 64-bit float (about ±1.8e308); write huge"
                    " values as strings",
                )
    if "truncated" in text:
        lone = _lone_high().search(data)
        if lone is not None:
            return (
                lone.start(),
                f"lone surrogate escape {lone.group().decode()} (no low surrogate follows)",
                "a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one;"
                " a lone surrogate is not valid Unicode text",
            )
    return None


def _syntax_hint(data: bytes, reason: str, at: int | None) -> str | None:
    """A hint for a line that is not JSON, from its shape and from msgspec's ``reason``
    and byte offset ``at`` (``None`` if it gave none): what the error is about, not what
    the line holds elsewhere (an escaped emoji, "NaN" in a text)."""
    stripped = data.strip()
    if stripped in (b"{", b"[", b"}", b"]", b"},", b"],") or (
        stripped.startswith(b'"') and b'":' in stripped and not stripped.startswith(b"{")
    ):
        return "this looks like pretty-printed JSON; JSONL needs each example on one line"
    if stripped.endswith(b","):
        return "remove the trailing comma: JSONL has no separators between lines"
    if stripped.startswith(b"{'"):
        return "JSON strings and keys need double quotes; this looks like a Python dict"
    if "surrogate" in reason:
        return (
            "a \\uD800-\\uDFFF escape must be half of a surrogate pair; a lone surrogate is"
            " not valid Unicode text"
        )
    if at is not None and data.startswith((b"NaN", b"Infinity"), at):
        return "NaN and Infinity are not valid JSON"
    return None
