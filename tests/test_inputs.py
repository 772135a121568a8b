"""Inputs named twice are read once; gzip data on stdin is decompressed (issue #18, 11-12)."""

from __future__ import annotations

import gzip
import io
import json
import os
from typing import Any

import pytest

from conftest import valid_chat_lines
from ftlint.engine import check_source
from ftlint.reader import Source, discover


def _jsonl(n: int = 10, *, broken: bool = False) -> bytes:
    lines = valid_chat_lines(n)
    if broken:
        lines[4] = '{"messages": [{"role": "user"'
    return ("\n".join(lines) + "\n").encode()


def _doc(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)


# -- #18.11: the same input named twice --------------------------------------------------


def test_a_file_named_twice_in_two_spellings_is_checked_once(run, tmp_path, monkeypatch) -> None:
    (tmp_path / "a.jsonl").write_bytes(_jsonl(broken=True))
    monkeypatch.chdir(tmp_path)
    doc = _doc(run("check", "a.jsonl", "./a.jsonl", str(tmp_path / "a.jsonl"), "-o", "json"))
    assert doc["summary"]["files"] == 1
    assert [f["path"] for f in doc["files"]] == ["a.jsonl"]  # as first named
    assert [f["code"] for f in doc["findings"]] == ["J001"]  # not twice


def test_a_file_inside_a_directory_also_named_is_checked_once(run, tmp_path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.jsonl").write_bytes(_jsonl())
    (tmp_path / "d" / "b.jsonl").write_bytes(_jsonl())
    d = str(tmp_path / "d")
    doc = _doc(run("check", os.path.join(d, "b.jsonl"), d, "-o", "json"))
    assert [os.path.basename(f["path"]) for f in doc["files"]] == ["b.jsonl", "a.jsonl"]


def test_a_symbolic_link_and_its_target_are_one_file(tmp_path) -> None:
    target = tmp_path / "a.jsonl"
    target.write_bytes(_jsonl())
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    sources, errors = discover([str(target), str(link)])
    assert not errors
    assert [s.path for s in sources] == [str(target)]


def test_two_files_with_the_same_name_in_two_folders_stay_two(tmp_path) -> None:
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.jsonl").write_bytes(_jsonl())
    sources, _ = discover([str(tmp_path / "x" / "a.jsonl"), str(tmp_path / "y" / "a.jsonl")])
    assert len(sources) == 2


def test_stdin_named_twice_is_read_once(run) -> None:
    result = run("check", "-", "-", "-o", "json", input=_jsonl())
    assert result.exit_code == 0, result.output
    doc = _doc(result)
    assert doc["summary"]["files"] == 1
    assert doc["summary"]["examples"] == 10
    assert doc["findings"] == []  # no "file has 0 examples" from a second, empty read


# -- #18.12: gzip on stdin ---------------------------------------------------------------


def test_gzip_on_stdin_is_decompressed(run) -> None:
    result = run("check", "-", "-o", "json", input=gzip.compress(_jsonl()))
    assert result.exit_code == 0, result.output
    doc = _doc(result)
    assert doc["summary"]["examples"] == 10
    assert doc["findings"] == []


def test_gzip_on_stdin_gives_the_findings_of_the_gz_file(run, tmp_path) -> None:
    data = gzip.compress(_jsonl(30, broken=True))
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data)
    piped = _doc(run("check", "-", "-o", "json", input=data))
    named = _doc(run("check", str(path), "-o", "json"))

    def strip(doc: dict[str, Any]) -> list[dict[str, Any]]:
        return [{k: v for k, v in f.items() if k != "path"} for f in doc["findings"]]

    assert strip(piped) and strip(piped) == strip(named)
    assert piped["files"][0]["stats"] == named["files"][0]["stats"]


def test_truncated_gzip_on_stdin_is_checked_up_to_the_damage(run, tmp_path) -> None:
    data = gzip.compress(_jsonl(400))
    cut = data[: len(data) * 2 // 3]
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(cut)
    piped = run("check", "-", "-o", "json", input=cut)
    named = run("check", str(path), "-o", "json")
    assert piped.exit_code == named.exit_code
    strip = [{k: v for k, v in f.items() if k != "path"} for f in _doc(piped)["findings"]]
    assert strip == [{k: v for k, v in f.items() if k != "path"} for f in _doc(named)["findings"]]
    assert _doc(piped)["summary"]["examples"] == _doc(named)["summary"]["examples"] > 0


@pytest.mark.parametrize("wrap", [io.BytesIO, lambda b: io.BufferedReader(io.BytesIO(b))])
def test_check_source_decompresses_a_gzip_stream(wrap) -> None:
    report = check_source(Source("-", None), stdin=wrap(gzip.compress(_jsonl())))
    assert report.stats.examples == 10
    assert report.findings == ()


def test_plain_stdin_starting_with_one_magic_byte_is_not_gzip(run) -> None:
    # 0x1f alone is not gzip's magic number: the line is checked as text.
    result = run("check", "-", "-o", "json", input=b"\x1f" + _jsonl())
    assert result.exit_code == 1
    assert _doc(result)["findings"][0]["line"] == 1
