"""File and dataset rules (F): properties of the file as a whole, and of its examples together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..findings import Severity
from .registry import define, on_output

if TYPE_CHECKING:
    from .context import LineContext

MIN_EXAMPLES = 10
UPLOAD_LIMIT = 512 * 1000**2  # Files API
MULTIPART_LIMIT = 8 * 1000**3  # Uploads API
RFT_MAX_EXAMPLES = 50_000

TOO_FEW_EXAMPLES = define(
    "F001",
    "too-few-examples",
    ["R4"],
    """
    The file has fewer than 10 examples.

    OpenAI fails the job with "Training file has N example(s), but must have at least 10
    examples". Every non-blank line counts as an example, valid or not. OpenAI recommends
    starting with 50 to 100 well-made examples. Not reported when the file could not be
    read to its end (J008, J009), since the count is then unknown.
    """,
    treatment="REJECT",
    confidence="H",
    source="G-SFT, G-FT24, OBS-NEX",
)

MIXED_FORMATS = define(
    "F002",
    "mixed-formats",
    ["R6"],
    """
    A line is in a different format from the file.

    All lines of a file share one format, and it must match the job's method (supervised
    chat, dpo, reinforcement, or legacy prompt/completion); OpenAI fails a mismatched job.
    The file's format comes from --format, or else from its first decodable line. The
    finding names both formats. Chat and reinforcement lines share the `messages` key, so a
    difference between those two is reported by the schema rules instead.
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-FMT, OBS-MISC",
    bad='{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content":'
    ' "Hello!"}]}\n{"prompt": "Hi", "completion": " Hello!"}',
    good='{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content":'
    ' "Hello!"}]}',
)

UNKNOWN_FORMAT = define(
    "F003",
    "unknown-format",
    ["R6"],
    """
    A line matches none of the four formats, so its format cannot be told.

    With --format auto, ftlint reads the format from the keys of the first object:
    `messages` (chat or reinforcement), `input`/`preferred_output`/`non_preferred_output`
    (preference) or `prompt`/`completion` (legacy completion). A line with none of these
    is reported here, with a hint when its keys belong to a format OpenAI does not accept
    (ShareGPT `conversations`, Alpaca `instruction`, plain `text`, TRL `chosen`/`rejected`).
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-MISC ('Unexpected file format')",
    bad='{"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Yo"}]}',
    good='{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content":'
    ' "Yo"}]}',
)

LARGE_FILE = define(
    "F004",
    "over-upload-limit",
    ["R7"],
    """
    The file is larger than 512 MB, the Files API limit.

    Such a file must be sent through the multipart Uploads API, which takes up to 8 GB.
    This is a warning, not an error, because that route exists; over 8 GB is F005.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507 /files, G-FT24",
    severity=Severity.WARNING,
)

TOO_LARGE_FILE = define(
    "F005",
    "file-too-large",
    ["R7"],
    """
    The file is larger than 8 GB, the limit of the Uploads API.

    Split the data, or sample it: OpenAI rejects larger uploads.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507, G-FT24",
)

DUPLICATE_EXAMPLE = define(
    "F006",
    "duplicate-example",
    ["R41"],
    """
    An example is an exact copy of an earlier one.

    Duplicates weigh those examples more in training and waste tokens; the legacy
    `prepare_data` tool offers to drop them. Lines are compared byte for byte, ignoring the
    line ending. The finding names the line of the first occurrence. Memory stays small:
    ftlint keeps a 64-bit digest (xxHash3) per valid example, not the example, and finds
    the repeats once the file is read. Streamed output (`-o jsonl`) therefore lists a
    file's duplicates after its other line findings.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL duplicated_rows_validator",
)

IDENTICAL_OUTPUTS = define(
    "F007",
    "identical-outputs",
    ["R44"],
    """
    Every example has the same output.

    The output is the last assistant message (chat and reinforcement), the preferred
    output (preference) or the completion (legacy). A model trained on one answer learns
    to give it whatever the input; the legacy tool treats identical completions as fatal.
    Reported once per file, for files of at least two valid examples.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL common_completion_suffix_validator",
)

TOO_MANY_EXAMPLES = define(
    "F008",
    "too-many-examples",
    ["R5", "R64"],
    """
    A reinforcement file has more than 50,000 examples.

    Reinforcement fine-tuning takes at most 50,000 training examples (and 1,000 in the test
    file). Text supervised and DPO files have no documented count limit; only their size
    (F004, F005) is limited. Images have their own cap (V007).
    """,
    treatment="REJECT?",
    confidence="H",
    source="G-RFT",
    formats=("reinforcement",),
)

MODEL_MISMATCH = define(
    "F009",
    "model-method-mismatch",
    ["R6", "R60", "R64", "R72"],
    """
    The model given with --model cannot be trained with this file's method.

    Prompt/completion files train only babbage-002 and davinci-002 (R72). Reinforcement
    files train only o4-mini-2025-04-16, which trains nothing else (R64). DPO runs on the
    gpt-4.1 family and gpt-4o-2024-08-06 (R60). Without --model nothing is assumed, and
    this rule stays silent.
    """,
    treatment="REJECT",
    confidence="M",
    source="G-RFT, G-DPO, G-FT24, OBS-MISC",
)

MODEL_WITHOUT_VISION = define(
    "F010",
    "model-without-vision",
    ["R52"],
    """
    The file has images, but the model given with --model is not a vision model.

    Vision fine-tuning runs on gpt-4o-2024-08-06 (and gpt-4.1-2025-04-14 per Azure).
    What other base models do with images is not documented. Silent without --model.
    """,
    treatment="REJECT?",
    confidence="M",
    source="G-VIS, AZ-MODELS",
)


# -- what F007 records of each valid example ---------------------------------------------


@on_output("chat", "preference", "completion")
def _output(ctx: LineContext, output: Any) -> bool:
    """Record the example's output while every output so far is the same."""
    dataset = ctx.dataset
    dataset.output(output, ctx.line)
    return dataset.same_outputs  # once two differ, F007 cannot fire: no need for more
