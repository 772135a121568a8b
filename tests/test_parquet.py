"""Together's pre-tokenized Parquet files (TG20): the footer reader on files pyarrow wrote
(fixtures/targets/together/, by make_parquet.py there), on damaged bytes, and the ways a
Parquet file reaches the check. The findings of each fixture are in its .expected file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ftlint
from ftlint.engine import Options, check_source
from ftlint.parquet import Column, ParquetError, read_footer
from ftlint.reader import Source

TOGETHER = Path(__file__).resolve().parents[1] / "fixtures" / "targets" / "together"
VALID = (TOGETHER / "valid" / "parquet.parquet").read_bytes()
_LIST = "list of int64"


def test_the_footer_of_a_file_pyarrow_wrote() -> None:
    footer = read_footer(io.BytesIO(VALID))
    names = ("input_ids", "attention_mask", "labels", "position_ids")
    assert footer.columns == tuple(Column(name, _LIST) for name in names)
    assert footer.rows == 3


@given(
    cut=st.integers(0, len(VALID) - 1),
    flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=4),
)
def test_damaged_bytes_are_one_error_never_a_traceback(
    cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(VALID)
    for at, value in flips:
        data[at] = value
    for blob in (bytes(data), bytes(data[:cut]), bytes(data[cut:])):
        try:
            read_footer(io.BytesIO(blob))
        except ParquetError as exc:
            assert "\n" not in str(exc)


def _codes(path: Path, fmt: str = "auto") -> list[str]:
    report = ftlint.check_file(str(path), target="together", format=fmt)
    return [f.code for f in report.findings]


def test_a_big_parquet_file_is_read_whole_with_jobs(tmp_path: Path) -> None:
    """--jobs cuts big files at line starts; a Parquet file is not cut (its footer is at
    its end), so the result is the serial one."""
    from ftlint.parallel import cut

    path = tmp_path / "big.parquet"
    path.write_bytes(VALID)
    source = Source(str(path), str(path))
    assert cut(source, len(VALID), Options(target="together"), chunk_bytes=64) is None


def test_parquet_needs_a_file(tmp_path: Path) -> None:
    """--format parquet on JSON Lines is one S302 (and F904: the name says .jsonl), as is
    Parquet data on standard input; JSON lines checked as Parquet are each S302."""
    jsonl = TOGETHER / "valid" / "weights.jsonl"
    assert _codes(jsonl, "parquet") == ["F904", "S302"]
    stdin = tmp_path / "stdin.parquet"
    stdin.write_bytes(VALID)
    with stdin.open("rb") as stream:
        report = check_source(
            Source("-", None), Options(target="together", format="parquet"), stdin=stream
        )
    assert [f.code for f in report.findings] == ["S302"]
    lines = [b'{"input_ids": [1, 2]}\n', b'{"tokens": [1]}\n']
    report = ftlint.check_lines(lines, target="together", format="parquet")
    # The second line is also wrong as Parquet's row: two problems, each a finding.
    assert [(f.line, f.code) for f in report.findings] == [(1, "S302"), (2, "S302"), (2, "S302")]


@pytest.mark.parametrize("target", ["openai", "mistral"])
def test_other_targets_do_not_read_parquet(target: str) -> None:
    report = ftlint.check_file(str(TOGETHER / "valid" / "parquet.parquet"), target=target)
    assert next(f.code for f in report.findings if f.severity is ftlint.Severity.ERROR) == "J008"
