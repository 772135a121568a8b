"""The limits of a job's validation file, per target (F901-F903, F905: rules several providers
share: the hundreds digit 9 of :mod:`ftlint.targets`).

A file is a validation file when it is given with ``check TRAIN... --validation FILE``
(:mod:`ftlint.pairs`); the engine then checks it with ``Options(validation=True)``, and the
file-level rules read the target's validation limits instead of its training ones. The
numbers and their sources are the targets' (``limits`` and ``sources`` in
:mod:`ftlint.targets`); each rule's documentation lists them, from that one table.

Where a vendor's checker differs, the documentation wins: AWS's Claude 3 Haiku checker
checks a validation file with the training limits (32 to 10,000 records), while its README
gives 1,000 at most (reference D-BC1), so a validation file of 1,001 records passes AWS's
checker and fails here (F901).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import schema, targets
from .context import Emit, FileEnd
from .file_rules import file_rule
from .registry import define

_ALL = schema.FORMAT_NAMES


def _size(n: int) -> str:
    for unit, name in ((1024**3, "GiB"), (1024**2, "MiB"), (1000**3, "GB"), (1000**2, "MB")):
        if n % unit == 0:
            return f"{n // unit:,} {name}"
    return f"{n:,} bytes"


def _bounds(target: targets.Target) -> str | None:
    low, high = target.limit("validation_min_examples"), target.limit("validation_max_examples")
    if low is None and high is None:
        return None
    if low is not None and high is not None:
        return f"{low:,} to {high:,}"
    return f"at least {low:,}" if low is not None else f"at most {high:,}"


def _no_validation() -> str:
    """One line per model that takes no validation file, with why, for F905's documentation."""
    rows = [
        f"- `{model.name}` (`{target.name}`): {model.no_validation}."
        for target in map(targets.get, targets.names())
        for model in target.models
        if model.no_validation is not None
    ]
    return "\n    ".join(rows)


def _listed(limit: str, show: Callable[[targets.Target], str | None]) -> str:
    """One line per target that has ``limit``: its value (as ``show`` gives it) and its
    source, indented for a rule's documentation, which is made from the targets' table."""
    rows = []
    for target in map(targets.get, targets.names()):
        value = show(target)
        if value is not None:
            source = target.sources.get(limit, "no source recorded")
            rows.append(f"- `{target.name}` ({target.label}): {value}; source: {source}.")
    return "\n    ".join(rows)


def _bytes_value(target: targets.Target) -> str | None:
    size = target.limit("validation_bytes")
    return None if size is None else f"at most {_size(size)}"


def _total_value(target: targets.Target) -> str | None:
    total = target.limit("total_max_examples")
    return None if total is None else f"at most {total:,} examples in both"


VALIDATION_COUNT = define(
    "F901",
    "validation-example-count",
    ["BL3", "BC5", "GV9"],
    f"""
    The validation file has more (or fewer) examples than the target takes in one.

    A provider caps the validation file on its own, apart from the training file: a file
    given with `--validation FILE` is held to these bounds, and the training file's count
    rules (B030, B031, B105) do not apply to it:

    {_listed("validation_max_examples", _bounds)}

    AWS's Claude 3 Haiku checker applies the training limits (32 to 10,000) to the
    validation file, a bug: its README gives at most 1,000. ftlint follows the README.
    Reported once, on the validation file.
    """,
    treatment="REJECT",
    confidence="M",
    source="BL-VAL; BC-VAL README; GV-ABOUT",
    formats=_ALL,
    default=False,
)

VALIDATION_SIZE = define(
    "F902",
    "validation-file-size",
    ["MI12", "BT2", "BC7"],
    f"""
    The validation file is larger than the target takes.

    Some providers cap the validation file's size well below the training file's:

    {_listed("validation_bytes", _bytes_value)}

    Checked on the file given with `--validation FILE`, by its size on disk, as the upload
    size rules (F004, F005) measure it.
    """,
    treatment="REJECT",
    confidence="M",
    source="MI-DOC; BT-REQ; BC-VAL",
    formats=_ALL,
    default=False,
)

TOTAL_COUNT = define(
    "F903",
    "train-validation-total",
    ["BN11", "BC5"],
    f"""
    The training and validation files together have more examples than the target takes.

    The sample bounds of these targets count both files of a job:

    {_listed("total_max_examples", _total_value)}

    Checked with `--validation FILE`, on the validation file, with the training files'
    examples summed. A Nova validation file is not held to Nova's minimum (B030): that one
    is the training set's.
    """,
    treatment="REJECT",
    confidence="M",
    source="BN-VAL; BC-VAL README",
    formats=_ALL,
    default=False,
)


@file_rule("F901", "F902")
def _validation_limits(state: None, emit: Emit, end: FileEnd) -> None:
    if not end.validation or not end.complete:
        return
    target = end.target
    low, high = target.limit("validation_min_examples"), target.limit("validation_max_examples")
    if (low is not None and end.examples < low) or (high is not None and end.examples > high):
        emit(
            "F901",
            None,
            None,
            f"validation file has {end.examples:,} examples; {target.label} takes"
            f" {_bounds(target)} in a validation file",
            hint="move examples between the files, or sample the validation file",
        )
    size = target.limit("validation_bytes")
    if size is not None and end.size > size:
        emit(
            "F902",
            None,
            None,
            f"validation file is {end.size:,} bytes; {target.label} takes at most"
            f" {_size(size)} of validation data",
            hint="sample the validation file down",
        )


NOT_TAKEN = define(
    "F905",
    "validation-not-taken",
    ["BN12"],
    f"""
    A validation file is given for a model whose fine-tuning jobs take none.

    {_no_validation()}

    Checked on the file given with `--validation FILE` when `--model` names such a model.
    Reported once, on the validation file.
    """,
    treatment="REJECT",
    confidence="M",
    source="BN2-DOC; BN-VAL",
    formats=_ALL,
    default=False,
)


@file_rule("F905")
def _validation_not_taken(state: None, emit: Emit, end: FileEnd) -> None:
    model = end.target.model(end.model) if end.validation and end.model else None
    if model is not None and model.no_validation is not None:
        emit(
            "F905",
            None,
            None,
            f"{model.name} takes no validation file: {model.no_validation}",
            hint="train without --validation, or choose a model that takes one",
        )


def check_total(emit: Emit, target: targets.Target, validation: int, train: Sequence[int]) -> None:
    """F903: the validation file's ``validation`` examples plus the training files'."""
    total = target.limit("total_max_examples")
    together = validation + sum(train)
    if total is not None and together > total:
        emit(
            "F903",
            None,
            None,
            f"training and validation files have {together:,} examples together;"
            f" {target.label} takes at most {total:,}",
            hint="sample the training or the validation file down",
        )
