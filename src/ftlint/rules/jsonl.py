"""JSONL syntax and encoding rules (J): what the reader and the JSON decoder find."""

from __future__ import annotations

from ..findings import Severity
from .context import Emit, FileEnd
from .file_rules import file_rule
from .registry import define

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
)
