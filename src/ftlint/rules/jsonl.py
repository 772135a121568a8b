"""JSONL syntax and encoding rules (J): what the reader and the JSON decoder find."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from ..findings import Severity
from .context import Emit, FileEnd
from .file_rules import file_rule
from .registry import EVERY_FORMAT, define
from .remedies import remedy

if TYPE_CHECKING:
    import json

_CHAT = (
    '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}'
)

INVALID_JSON = define(
    "J001",
    "invalid-json",
    ["R1"],
    """
    A line is not valid JSON.

    OpenAI rejects the whole file when one line fails to parse ("Example 1273 cannot be
    parsed"). The finding gives the column where the decoder stopped, and a hint for the
    usual causes: pretty-printed JSON spread over several lines, a trailing comma between
    lines, single quotes (a Python dict), NaN or Infinity, a lone surrogate escape.
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-JSON, OBS-UPL, G-SFT",
    formats=EVERY_FORMAT,
    bad='{"messages": [{"role": "user", "content": "Hi"}],}',
    good=_CHAT,
)

NOT_AN_OBJECT = define(
    "J002",
    "not-an-object",
    ["R1"],
    """
    A line is valid JSON but not a JSON object.

    Every line must be one JSON object ("Line 1 is not a dictionary"). A JSON array of
    examples on one line is a common mistake: write one example per line instead.
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-UPL; cookbook `data_type`",
    formats=EVERY_FORMAT,
    bad=f"[{_CHAT}]",
    good=_CHAT,
)

BLANK_LINE = define(
    "J003",
    "blank-line",
    ["R2"],
    """
    A blank or whitespace-only line.

    JSON Lines has no empty values, and OpenAI documents none. The line is not counted as
    an example. A single newline at the end of the file is normal and is not a blank line.
    """,
    treatment="WARN",
    confidence="L",
    source="jsonlines.org; third-party advice",
    formats=EVERY_FORMAT,
    bad=f"{_CHAT}\n   ",
    good=_CHAT,
)

BYTE_ORDER_MARK = define(
    "J004",
    "byte-order-mark",
    ["R2"],
    """
    A line starts with a UTF-8 byte-order mark (BOM).

    Azure accepted files with a BOM, and ftlint checks the line after it, so this is
    information only (the spec's §7: a BOM must never be an error). Many JSON tools
    reject a BOM, so saving without one is safer. A BOM in the middle of a file usually
    means files were concatenated.
    """,
    treatment="WARN",
    confidence="L",
    source="§7 observed uploads (akshata29/finetuning); jsonlines.org",
    formats=EVERY_FORMAT,
    severity=Severity.INFO,
    bad="\ufeff" + _CHAT,
    good=_CHAT,
)

CRLF = define(
    "J005",
    "crlf-line-endings",
    ["R2"],
    """
    Lines end with CRLF (Windows line endings).

    OpenAI accepted a file with CRLF on every line, so this is information only (the
    spec's §7). It is reported once per file, at the first such line, with the number of
    CRLF lines.
    """,
    treatment="WARN",
    confidence="L",
    source="§7 observed uploads (kanha95/OpenAI_Finetuning)",
    formats=EVERY_FORMAT,
    severity=Severity.INFO,
    bad=_CHAT + "\r",
    good=_CHAT,
)

INVALID_UTF8 = define(
    "J006",
    "invalid-utf8",
    ["R1", "R2"],
    """
    A line contains bytes that are not valid UTF-8.

    Training files must be UTF-8 JSON. The column points at the first bad byte. ftlint
    replaces the bad bytes and still checks the rest of the line, so one bad byte does not
    hide other problems. Re-save the file as UTF-8 (it was often written as Latin-1 or
    Windows-1252).
    """,
    treatment="REJECT",
    confidence="H",
    source="G-SFT (UTF-8 JSONL); RFC 8259",
    formats=EVERY_FORMAT,
)

NUL_BYTE = define(
    "J007",
    "nul-byte",
    ["R1", "R2"],
    """
    A line contains a raw NUL byte (0x00).

    A raw NUL is never valid in JSON text; it usually means a corrupt or binary file. The
    column points at the first one. ftlint drops the NUL bytes and still checks the rest of
    the line. Inside a JSON string, write it as the escape \\u0000 if you really need it.
    """,
    treatment="REJECT",
    confidence="H",
    source="RFC 8259",
    formats=EVERY_FORMAT,
    bad=_CHAT.replace("Hi", "H\x00i"),
    good=_CHAT,
)

WRONG_ENCODING = define(
    "J008",
    "not-utf8-file",
    ["R1", "R2"],
    """
    The file is not UTF-8 text: it is UTF-16 or UTF-32, or a binary format.

    ftlint recognises UTF-16 and UTF-32 by their byte-order mark, or by the NUL bytes that
    ASCII text has in them, and binary files (gzip, PNG, JPEG, ZIP, PDF, Parquet, SQLite,
    …) by their magic numbers, in the first bytes of the file. It reports the file once
    instead of one error per line, and checks nothing else in it. Re-save the data as
    UTF-8 JSON Lines (a gzip file named `.jsonl.gz` is decompressed).
    """,
    treatment="REJECT",
    confidence="H",
    source="G-SFT (UTF-8 JSONL)",
    formats=EVERY_FORMAT,
)

READ_ERROR = define(
    "J009",
    "read-error",
    ["R1"],
    """
    The file could not be read to its end.

    For example, a truncated or corrupt .gz file. The lines read before the error are still
    checked; the finding says where reading stopped.
    """,
    treatment="REJECT",
    confidence="H",
    source="G-SFT",
    formats=EVERY_FORMAT,
)

DUPLICATE_KEY = define(
    "J010",
    "duplicate-key",
    ["R1"],
    """
    A JSON object has the same key twice. Opt-in: `--extend-select J010`.

    JSON parsers disagree on what that means; msgspec, Python's json module and most
    others silently keep the last value, so the first one is lost without a word. The
    finding names the key and points at the object that repeats it.

    This rule is off unless selected, because finding duplicates means parsing every line
    a second time with a parser that sees them (Python's json module): about 8 µs per
    2.8 KB line, which triples the time of a check. Lines that fail the schema are parsed
    again anyway, so with the rule on their duplicates cost nothing extra.
    """,
    treatment="REJECT?",
    confidence="L",
    source="RFC 8259 §4 (names SHOULD be unique); pre-commit-hooks check-json",
    formats=EVERY_FORMAT,
    default=False,
    bad='{"messages": [{"role": "user", "content": "Hi", "content": "Bye"},'
    ' {"role": "assistant", "content": "Hello!"}]}',
    good=_CHAT,
)


# -- file-level check: J005 ------------------------------------------------------------


@file_rule("J005")
def _crlf(state: None, emit: Emit, end: FileEnd) -> None:
    # The reader counts CRLF endings; the finding waits for the count, at the first one.
    if end.first_crlf is not None:
        line, offset = end.first_crlf
        emit(
            "J005",
            line,
            None,
            f"{end.crlf} of {end.examples} lines end with CRLF (Windows line endings)",
            hint="harmless for OpenAI; convert to LF for other tools",
            late=True,
            offset=offset,
        )


# -- J011: a line too long to read ----------------------------------------------------

LINE_TOO_LONG = define(
    "J011",
    "line-too-long",
    ["R1", "R50"],
    """
    A line is longer than `--max-line-bytes` (default 256 MiB), so it was not read.

    No training example comes near that size. The largest legitimate lines hold images
    inline as base64: OpenAI takes at most 10 images of 10 MB each per example, which is
    134 MB once encoded. A longer line is a corrupt file, or a decompression bomb (a small
    `.jsonl.gz` that expands to one huge line). ftlint never holds such a line in memory:
    it skims it to its end counting bytes, reports its length here, counts it as an
    invalid example, and goes on with the next line. Raise the limit with
    `--max-line-bytes` (or `max-line-bytes` in `[tool.ftlint]`) if you must.
    """,
    treatment="REJECT?",
    confidence="M",
    source="G-VIS (10 images of 10 MB per example); derived",
    formats=EVERY_FORMAT,
)


# -- remedies (ftlint fix): J001-J005 ----------------------------------------------------
# Line remedies see the raw line with its ending; body remedies see a line (decoded as
# UTF-8, without its ending) that is not one JSON object, and return the JSON objects it
# holds as slices of it, so the objects keep their bytes. The file remedy re-flows a whole
# file that is one pretty-printed array, or a stream of pretty-printed objects.

_BOM = b"\xef\xbb\xbf"


# The remedies' patterns, compiled on first use: a check never needs them.
@functools.cache
def _ws() -> re.Pattern[str]:
    return re.compile(r"[ \t\r\n]*")


@functools.cache
def _tokens() -> re.Pattern[str]:
    """A JSON string, or a run of whitespace (outside strings, since strings match first)."""
    return re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[ \t\r\n]+', re.DOTALL)


@functools.cache
def _comma() -> re.Pattern[str]:
    """A comma before a closing brace or bracket, outside strings. The string is
    unrolled ("normal* (escape normal*)*"): an alternation per character was 130 µs on
    a 1 KB line."""
    return re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|,([ \t\r\n]*[}\]])', re.DOTALL)


@functools.cache
def _any_comma() -> re.Pattern[str]:
    """A comma before a closing brace or bracket, in a string or not: most broken lines
    have none, and need no walk over their strings."""
    return re.compile(r",[ \t\r\n]*[}\]]")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@functools.cache
def _py_json() -> json.JSONDecoder:
    """Python's decoder, for raw_decode (the end of a value); NaN and Infinity are refused,
    as msgspec refuses them. Made on first use: only lines that fail the typed decode and
    ``ftlint fix`` need it."""
    import json

    return json.JSONDecoder(parse_constant=_no_constant)


def _object_at(text: str, pos: int) -> int | None:
    """The end of the JSON object that starts at ``pos``, or ``None``."""
    if not text.startswith("{", pos):
        return None
    try:
        return _py_json().raw_decode(text, pos)[1]
    except (ValueError, RecursionError):
        return None


def _skip(text: str, pos: int) -> int:
    match = _ws().match(text, pos)
    return pos if match is None else match.end()


def object_stream(text: str) -> list[str] | None:
    """The JSON objects of ``text`` written one after another, separated by whitespace or
    one comma (a comma after the last is allowed): their slices, or ``None``."""
    found: list[str] = []
    pos = _skip(text, 0)
    while pos < len(text):
        end = _object_at(text, pos)
        if end is None:
            return None
        found.append(text[pos:end])
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
    return found or None


def object_array(text: str) -> list[str] | None:
    """The slices of the objects of ``text`` when it is one non-empty JSON array of
    objects (a comma after the last allowed), else ``None``."""
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        return None
    found: list[str] = []
    pos = _skip(text, pos + 1)
    while not text.startswith("]", pos):
        end = _object_at(text, pos)
        if end is None:
            return None
        found.append(text[pos:end])
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("]", pos):
            return None
    return found if found and _skip(text, pos + 1) == len(text) else None


def minify(text: str) -> str:
    """JSON text without the whitespace outside its strings (one line, same tokens)."""
    return _tokens().sub(lambda m: m[0] if m[0][0] == '"' else "", text)


@remedy("J004", "removed the byte-order mark", kind="line")
def _remove_bom(raw: bytes) -> bytes | None:
    return raw[3:] if raw.startswith(_BOM) else None


@remedy("J005", "changed the CRLF line ending to LF", kind="line")
def _crlf_to_lf(raw: bytes) -> bytes | None:
    return raw[:-2] + b"\n" if raw.endswith(b"\r\n") else None


@remedy("J003", "dropped a blank line", kind="line")
def _drop_blank(raw: bytes) -> list[bytes] | None:
    return [] if not raw.strip() else None


@remedy("J001", "split the JSON objects on one line (or dropped a comma after one)", kind="body")
def _split_objects(text: str) -> list[str] | None:
    return object_stream(text)


@remedy("J001", "removed trailing commas before a closing brace or bracket", kind="body")
def _trailing_commas(text: str) -> list[str] | None:
    if _any_comma().search(text) is None:
        return None
    fixed = _comma().sub(lambda m: m[0] if m[1] is None else m[1], text)
    if fixed == text:
        return None
    return object_stream(fixed) or object_array(fixed)


@remedy("J002", "split a JSON array of objects into one object per line", kind="body")
def _split_array(text: str) -> list[str] | None:
    return object_array(text)


@remedy("J002", "decoded a line that is a JSON string holding an object", kind="body")
def _unwrap_string(text: str) -> list[str] | None:
    try:
        value = _py_json().decode(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, str):
        return None
    inner = object_stream(value)
    if inner is None or len(inner) != 1:
        return None
    return [minify(inner[0]) if "\n" in inner[0] else inner[0]]


def _pretty_start(first: bytes) -> bool:
    """Whether a file whose first non-blank line is ``first`` may be pretty-printed JSON:
    the line starts an object or array that it does not end (the decoder runs out of
    text; a line broken elsewhere, such as by a trailing comma, is a line's problem)."""
    try:
        text = first.removeprefix(_BOM).decode().strip()
    except UnicodeDecodeError:
        return False
    if text[:1] not in ("{", "["):
        return False
    import json

    try:
        _py_json().decode(text)
    except json.JSONDecodeError as exc:
        return exc.pos >= len(text)
    except (ValueError, RecursionError):
        return False
    return False


@remedy(
    "J001",
    "re-flowed a pretty-printed JSON array or stream of objects into one object per line",
    kind="file",
    trigger=_pretty_start,
)
def _reflow(data: bytes) -> list[tuple[bytes, int, int]] | None:
    """Each object of a file that is one JSON array of objects, or objects one after
    another, as one line; with the first and last input lines it takes.

    Only whole-file shapes are re-flowed: if any part of the file is not such an object,
    ``None``. The lines' spans cover the file: the lines between two objects (commas,
    brackets, blank lines) belong to the next one, the file's tail to the last one.
    """
    try:
        text = data.removeprefix(_BOM).decode()
    except UnicodeDecodeError:
        return None
    slices = _object_slices(text)
    if slices is None:
        return None
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    lines: list[tuple[bytes, int, int]] = []
    line, pos, last = 1, 0, 0
    for start, end in slices:
        line += text.count("\n", pos, start)
        first = min(last + 1, line)
        line += text.count("\n", start, end)
        pos, last = end, line
        lines.append(((minify(text[start:end]) + "\n").encode(), first, last))
    lines[-1] = (lines[-1][0], lines[-1][1], max(total, last))
    return lines


def _object_slices(text: str) -> list[tuple[int, int]] | None:
    """Where each object of an array of objects, or of a stream of them, is in ``text``."""
    pos = _skip(text, 0)
    array = text.startswith("[", pos)
    if array:
        pos = _skip(text, pos + 1)
    found: list[tuple[int, int]] = []
    while pos < len(text) and not (array and text.startswith("]", pos)):
        end = _object_at(text, pos)
        if end is None:
            return None
        found.append((pos, end))
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
    if array:
        if not text.startswith("]", pos):
            return None
        pos = _skip(text, pos + 1)
    return found if found and pos == len(text) else None
