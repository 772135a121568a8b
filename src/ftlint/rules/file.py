"""File-level rules (F): properties of the file as a whole."""

from __future__ import annotations

from ..findings import Severity
from .registry import define

MIN_EXAMPLES = 10

TOO_FEW_EXAMPLES = define(
    "F001",
    "too-few-examples",
    Severity.ERROR,
    ["R4"],
    """
    The file has fewer than 10 examples.

    OpenAI fails the job with "Training file has N example(s), but must have at least 10
    examples". Every non-blank line counts as an example, valid or not. OpenAI recommends
    starting with 50 to 100 well-made examples.
    """,
)

MIXED_FORMATS = define(
    "F002",
    "mixed-formats",
    Severity.ERROR,
    ["R6"],
    """
    A line is in a different format from the file.

    All lines of a file share one format, and it must match the job's method (supervised
    chat, dpo, reinforcement, or legacy prompt/completion); OpenAI fails a mismatched job.
    The file's format comes from --format, or else from its first decodable line. The
    finding names both formats. Chat and reinforcement lines share the `messages` key, so a
    difference between those two is reported by the schema rules instead.
    """,
)

UNKNOWN_FORMAT = define(
    "F003",
    "unknown-format",
    Severity.ERROR,
    ["R6"],
    """
    A line matches none of the four formats, so its format cannot be told.

    With --format auto, ftlint reads the format from the keys of the first object:
    `messages` (chat or reinforcement), `input`/`preferred_output`/`non_preferred_output`
    (preference) or `prompt`/`completion` (legacy completion). A line with none of these
    is reported here, with a hint when its keys belong to a format OpenAI does not accept
    (ShareGPT `conversations`, Alpaca `instruction`, plain `text`, TRL `chosen`/`rejected`).
    """,
)
