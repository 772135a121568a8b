"""Rules of a training and validation pair (F): what only both files together show.

``ftlint check TRAIN... --validation FILE`` checks each file on its own, then these rules
on the pair (see :mod:`ftlint.pairs`, which reads the files). Their findings are the
validation file's, with its own path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .context import Emit
from .file import RFT_MAX_TEST_EXAMPLES
from .registry import define

TOO_MANY_TEST_EXAMPLES = define(
    "F012",
    "too-many-test-examples",
    ["R5", "R64"],
    """
    A reinforcement validation (test) file has more than 1,000 examples.

    Reinforcement fine-tuning takes at most 1,000 examples in the test file, besides its
    50,000 training examples (F008). A single file cannot tell which it is: this rule
    runs on the file given with `ftlint check TRAIN... --validation FILE`.
    """,
    treatment="REJECT?",
    confidence="H",
    source="G-RFT",
    formats=("reinforcement",),
)

VALIDATION_FORMAT = define(
    "F013",
    "validation-format-mismatch",
    ["R6", "R8"],
    """
    The validation file is in another format than the training files.

    A job trains one method, and both its files must be in that method's format: the
    validation file follows the same format rules, and its failures name
    `validation_file`. Checked with `--validation FILE`; the finding names both formats.
    The overlap of the two files (F014) is not looked for then.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507 validation_file, OBS-FMT",
)

VALIDATION_OVERLAP = define(
    "F014",
    "validation-overlap",
    ["R8", "R43"],
    """
    An example of the validation file is also in a training file.

    A validation example the model trained on measures memory, not generalization. The
    examples are compared as canonical JSON: the decoded example encoded again, so
    whitespace, escapes and key order do not matter (extra grader keys of RFT data are
    left out), as `ftlint stats --validation` compares them. Only valid lines of both
    files are compared. Checked with `--validation FILE`; each finding is on the
    validation line and names the training file and line.
    """,
    treatment="WARN",
    confidence="H",
    source="SPEC-2507",
)


def check_formats(
    emit: Emit, validation: str | None, examples: int, train: Sequence[tuple[str, str | None]]
) -> bool:
    """F012 and F013 for a validation file of format ``validation`` with ``examples``
    examples, beside the training files ``train`` (path, format); whether the formats
    agree (so that the overlap can be looked for)."""
    if validation == "reinforcement" and examples > RFT_MAX_TEST_EXAMPLES:
        emit(
            "F012",
            None,
            None,
            f"validation file has {examples:,} examples; reinforcement fine-tuning takes at"
            f" most {RFT_MAX_TEST_EXAMPLES:,} in the test file",
            hint="sample it down, or move the rest to the training file",
        )
    agree = validation is not None
    for path, fmt in train:
        if validation is not None and fmt is not None and fmt != validation:
            agree = False
            emit(
                "F013",
                None,
                None,
                f"validation file is {validation} data, but training file {path} is {fmt}",
                hint="a job trains one method: give both files in its format",
            )
    return agree


def overlap(emit: Emit, pairs: Iterable[tuple[int, int | None, str, int]]) -> None:
    """F014 for each (validation line, its byte offset, training path, training line)."""
    for line, offset, path, train_line in pairs:
        emit(
            "F014",
            line,
            1,
            f"example is also in the training data: {path} line {train_line}",
            hint="remove it from one of the files",
            late=True,
            offset=offset,
        )
