"""JSONL syntax and encoding rules (J): what the reader and the JSON decoder find."""

from __future__ import annotations

from ..findings import Severity
from .registry import define

INVALID_JSON = define(
    "J001",
    "invalid-json",
    Severity.ERROR,
    ["R1"],
    """
    A line is not valid JSON.

    OpenAI rejects the whole file when one line fails to parse ("Example 1273 cannot be
    parsed"). The finding gives the column where the decoder stopped, and a hint for the
    usual causes: pretty-printed JSON spread over several lines, a trailing comma between
    lines, single quotes (a Python dict), NaN or Infinity.
    """,
)

NOT_AN_OBJECT = define(
    "J002",
    "not-an-object",
    Severity.ERROR,
    ["R1"],
    """
    A line is valid JSON but not a JSON object.

    Every line must be one JSON object ("Line 1 is not a dictionary"). A JSON array of
    examples on one line is a common mistake: write one example per line instead.
    """,
)

BLANK_LINE = define(
    "J003",
    "blank-line",
    Severity.WARNING,
    ["R2"],
    """
    A blank or whitespace-only line.

    JSON Lines has no empty values, and OpenAI documents none. The line is not counted as
    an example. A single newline at the end of the file is normal and is not a blank line.
    """,
)

BYTE_ORDER_MARK = define(
    "J004",
    "byte-order-mark",
    Severity.INFO,
    ["R2"],
    """
    A line starts with a UTF-8 byte-order mark (BOM).

    Azure accepted files with a BOM, and ftlint checks the line after it, so this is
    information only. Many JSON tools reject a BOM, so saving without one is safer. A BOM
    in the middle of a file usually means files were concatenated.
    """,
)

CRLF = define(
    "J005",
    "crlf-line-endings",
    Severity.INFO,
    ["R2"],
    """
    Lines end with CRLF (Windows line endings).

    OpenAI accepted a file with CRLF on every line, so this is information only. It is
    reported once per file, at the first such line, with the number of CRLF lines.
    """,
)

INVALID_UTF8 = define(
    "J006",
    "invalid-utf8",
    Severity.ERROR,
    ["R1", "R2"],
    """
    A line contains bytes that are not valid UTF-8.

    Training files must be UTF-8. The column points at the first bad byte. ftlint
    replaces the bad bytes and still checks the rest of the line, so one bad byte does not
    hide other problems. Re-save the file as UTF-8 (it was often written as Latin-1 or
    Windows-1252).
    """,
)

NUL_BYTE = define(
    "J007",
    "nul-byte",
    Severity.ERROR,
    ["R1", "R2"],
    """
    A line contains a raw NUL byte (0x00).

    A raw NUL is never valid in JSON text; it usually means a corrupt or binary file. The
    column points at the first one. ftlint drops the NUL bytes and still checks the rest of
    the line. Inside a JSON string, write it as the escape \\u0000 if you really need it.
    """,
)

WRONG_ENCODING = define(
    "J008",
    "not-utf8-file",
    Severity.ERROR,
    ["R1", "R2"],
    """
    The file is encoded in UTF-16 or UTF-32, not UTF-8.

    ftlint recognises these encodings by their byte-order mark, or by the NUL bytes that
    ASCII text has in them, and reports the file once instead of one JSON error per line.
    Re-save the file as UTF-8.
    """,
)

READ_ERROR = define(
    "J009",
    "read-error",
    Severity.ERROR,
    ["R1"],
    """
    The file could not be read to its end.

    For example, a truncated or corrupt .gz file. The lines read before the error are still
    checked; the finding says where reading stopped.
    """,
)
