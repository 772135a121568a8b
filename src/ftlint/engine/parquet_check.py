"""A Parquet file under a target that takes pre-tokenized data (Together AI, TG20).

The lines of a Parquet file are not JSON: instead of J008, its footer is read
(:mod:`ftlint.parquet`), its columns checked (S302, :mod:`ftlint.rules.together_parquet`)
and its rows counted as the file's examples, for the file rules (F001, F005, F904).
"""

from __future__ import annotations

from typing import BinaryIO

from .. import parquet
from ..reader import Source
from .filecheck import FileCheck

FORMAT = "parquet"


def takes_parquet(check: FileCheck) -> bool:
    """Whether the check's target takes Parquet, and no other format was asked for."""
    return FORMAT in check.target.formats and check.fmt in (None, FORMAT)


def seekable(source: Source) -> bool:
    """Whether the source's footer can be reached: a file or a URL, not standard input or
    a compressed file."""
    return source.path is not None and not source.compressed


def sniff(stream: BinaryIO) -> bool:
    """Whether a seekable ``stream`` starts with Parquet's magic (it is left at 0)."""
    head = stream.read(4)
    stream.seek(0)
    return parquet.is_parquet(head)


def check_parquet(check: FileCheck, stream: BinaryIO, seekable: bool) -> None:
    """Check the Parquet file open as ``stream`` with ``check``; a stream that is not
    ``seekable`` (standard input, a .gz) cannot be."""
    from ..rules.together_parquet import check_columns

    if check.fmt is None:
        check._set_format(FORMAT, None)
    counts = check.counts

    def report(message: str, hint: str | None) -> None:
        check.emit("S302", None, None, message, hint=hint)

    if not seekable:
        counts.complete = False
        report(
            "Parquet data is read from a file's footer, not from standard input or a .gz",
            "give the .parquet file itself",
        )
        return
    try:
        footer = parquet.read_footer(stream)
    except parquet.ParquetError as exc:
        counts.complete = False  # no row count: the count rules say nothing
        counts.bytes = stream.seek(0, 2)
        report(f"the Parquet file cannot be read: {exc}", "write it again with pyarrow")
        return
    counts.bytes = stream.seek(0, 2)
    counts.lines = counts.examples = footer.rows
    if check_columns(footer, report):
        counts.valid = footer.rows
