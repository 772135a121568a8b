"""Nasty inputs: each gives an exact exit code and the right findings, never a traceback.

Empty files, blank lines, a 50 MB line, 10,000-deep nesting, huge numbers, lone
surrogates, mixed line endings, binary files, broken gzip and UTF-16. Big inputs are
generated in ``tmp_path``; nothing big is committed.

Tests marked ``xfail(strict=True, reason="BUG: ...")`` assert the correct behaviour of a
known bug; remove the mark with the fix.
"""

from __future__ import annotations

import gzip
import json
import random
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

import ftlint


def good(i: int) -> dict[str, Any]:
    """A valid chat example; each ``i`` gives a different one (no duplicate warnings)."""
    return {
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": f"question {i}"},
            {"role": "assistant", "content": f"answer {i}"},
        ]
    }


def good_lines(n: int, start: int = 0, newline: bytes = b"\n") -> bytes:
    return b"".join(json.dumps(good(i)).encode() + newline for i in range(start, start + n))


GOOD_LINE = good_lines(1)
TEN_GOOD = good_lines(10)


def check_json(run: Any, path: Path, *options: str) -> tuple[Any, dict[str, Any]]:
    """Run ``ftlint check -o json`` on ``path``; return the result and the parsed document."""
    result = run("check", "-o", "json", *options, str(path))
    assert "Traceback" not in result.output
    assert result.stderr == "", result.stderr
    return result, json.loads(result.stdout)


def codes(doc: dict[str, Any]) -> list[str]:
    return [f["code"] for f in doc["findings"]]


def errors(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["severity"] == "error"]


def only(doc: dict[str, Any], code: str) -> dict[str, Any]:
    found = [f for f in doc["findings"] if f["code"] == code]
    assert len(found) == 1, doc["findings"]
    return found[0]


# -- empty and blank ----------------------------------------------------------------------


def test_empty_file(run, tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert codes(doc) == ["F001"]
    assert only(doc, "F001")["line"] is None
    assert "file has 0 examples" in only(doc, "F001")["message"]
    stats = doc["files"][0]["stats"]
    assert (stats["lines"], stats["examples"], stats["blank"]) == (0, 0, 0)
    text = run("check", str(path))
    assert text.exit_code == 1
    assert f"{path}: F001 [error] file has 0 examples" in text.stdout


def test_only_newlines(run, tmp_path):
    path = tmp_path / "newlines.jsonl"
    path.write_bytes(b"\n" * 5)
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert sorted(codes(doc)) == ["F001", "J003", "J003", "J003", "J003", "J003"]
    assert [f["line"] for f in doc["findings"] if f["code"] == "J003"] == [1, 2, 3, 4, 5]
    assert all(
        f["message"] == "empty line: not an example" for f in doc["findings"] if f["code"] == "J003"
    )
    assert "file has 0 examples" in only(doc, "F001")["message"]
    stats = doc["files"][0]["stats"]
    assert (stats["lines"], stats["examples"], stats["blank"]) == (5, 0, 5)


def test_whitespace_only_lines_between_examples(run, tmp_path):
    path = tmp_path / "ws.jsonl"
    path.write_bytes(good_lines(5) + b"   \n\t\r\n\r\n" + good_lines(5, 5))
    result, doc = check_json(run, path)
    assert result.exit_code == 0
    blanks = [(f["line"], f["message"]) for f in doc["findings"] if f["code"] == "J003"]
    assert blanks == [
        (6, "whitespace-only line: not an example"),
        (7, "whitespace-only line: not an example"),
        (8, "empty line: not an example"),
    ]
    assert doc["files"][0]["stats"]["examples"] == 10


# -- a 50 MB line ---------------------------------------------------------------------------

BIG = 50 * 1024 * 1024


def test_hostile_50mb_single_line(tmp_path):
    """One 50 MB line (ten normal lines first), with a bad role at its very end.

    The test never holds the 50 MB itself (it writes the file in 1 MB chunks). How much
    memory the check takes is measured by bench/linearity.py, not asserted here.
    """
    path = tmp_path / "big.jsonl"
    head = b'{"messages": [{"role": "user", "content": "'
    tail = b'"}, {"role": "bot", "content": "hi"}]}\n'
    chunk = b"a" * (1024 * 1024)
    with path.open("wb") as fh:
        fh.write(TEN_GOOD)
        fh.write(head)
        for _ in range(BIG // len(chunk)):
            fh.write(chunk)
        fh.write(tail)
    (report,) = ftlint.check_file(str(path)).files
    [s005] = [f for f in report.findings if f.code == "S005"]
    assert s005.line == 11
    # The bad role value: after the head, 50 MB of content, and `"}, {"role": ` (13 chars).
    assert s005.column == len(head) + BIG + 13 + 1
    assert s005.message == 'invalid role "bot"'
    assert report.stats.examples == 11


# -- deep nesting ---------------------------------------------------------------------------

DEPTH = 10_000


@pytest.mark.parametrize(
    "line",
    [
        b"[" * DEPTH + b"]" * DEPTH,
        b'{"messages": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
        b'{"messages": [{"role": "user", "content": ' + b'{"a": ' * DEPTH + b"1" + b"}" * DEPTH,
        b'{"prompt": "p", "completion": "c", "x": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
        b"[" * DEPTH,  # deep and unterminated
        b'{"a":' * DEPTH,
    ],
    ids=["array", "messages", "content-object", "extra-key", "unterminated", "open-objects"],
)
def test_deep_nesting(run, tmp_path, line):
    path = tmp_path / "deep.jsonl"
    path.write_bytes(TEN_GOOD + line + b"\n")
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert [f["code"] for f in errors(doc)] == ["J001"]
    finding = only(doc, "J001")
    assert (finding["line"], finding["column"]) == (11, 1)
    assert finding["message"] == "invalid JSON: nested too deeply to decode"


@pytest.mark.parametrize("fmt", ["auto", "chat", "completion", "preference", "reinforcement"])
def test_deep_nesting_api_every_format(fmt):
    lines = [b'{"messages": [{"role": "user", "content": ' + b"[" * DEPTH + b"\n"] * 3
    report = ftlint.check_lines(lines, format=fmt)
    assert [(f.line, f.code) for f in report.findings if f.line] == [
        (1, "J001"),
        (2, "J001"),
        (3, "J001"),
    ]


# -- huge numbers ---------------------------------------------------------------------------


def test_big_integer_weight_is_an_invalid_weight(run, tmp_path):
    big = "1" + "0" * 39
    answer = {"role": "assistant", "content": "a", "weight": "BIG"}
    line = json.dumps({"messages": [{"role": "user", "content": "q"}, answer]})
    line = line.replace('"BIG"', big)
    path = tmp_path / "bigint.jsonl"
    path.write_bytes(TEN_GOOD + line.encode() + b"\n")
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    finding = only(doc, "S009")
    assert finding["line"] == 11
    assert finding["column"] == line.index(big) + 1
    assert finding["message"].startswith("`weight` must be the integer 0 or 1, got 1000000")


@pytest.mark.parametrize(
    "number",
    ["1e400", "-1e400", "1" * 400 + ".5", "9" * 5000],
    ids=["1e400", "-1e400", "400-digit-float", "5000-digit-int"],
)
def test_out_of_range_numbers(run, tmp_path, number):
    line = '{"prompt": ' + number + ', "completion": " c"}'
    path = tmp_path / "huge.jsonl"
    path.write_bytes(b'{"prompt": "p", "completion": " c"}\n' * 10 + line.encode() + b"\n")
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    finding = only(doc, "J001")
    assert finding["line"] == 11
    assert "out of range" in finding["message"]
    assert doc["files"][0]["stats"]["examples"] == 11


@pytest.mark.parametrize("number", ["1e400", "9" * 5000])
def test_out_of_range_number_column_points_at_the_number(number):
    line = '{"prompt": ' + number + ', "completion": " c"}\n'
    report = ftlint.check_lines([line.encode()])
    (finding,) = [f for f in report.findings if f.code == "J001"]
    assert "out of range" in finding.message
    assert "$[" not in finding.message
    assert finding.column == line.index(number) + 1


# -- lone surrogates -------------------------------------------------------------------------


def _chat_with_content(content: str) -> bytes:
    return (
        b'{"messages": [{"role": "user", "content": "'
        + content.encode()
        + b'"}, {"role": "assistant", "content": "a"}]}\n'
    )


@pytest.mark.parametrize(
    ("escape", "words"),
    [
        ("\\ud800 and more", "surrogate"),  # lone high surrogate
        ("\\udc00", "surrogate"),  # lone low surrogate
        ("\\ud800\\u0041", "surrogate"),  # high surrogate, then not a low one
    ],
)
def test_lone_surrogate_escape(run, tmp_path, escape, words):
    line = _chat_with_content(escape)
    path = tmp_path / "surrogate.jsonl"
    path.write_bytes(TEN_GOOD + line)
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    finding = only(doc, "J001")
    assert finding["line"] == 11
    assert words in finding["message"]
    assert "surrogate" in finding["hint"]
    start = line.index(b"\\ud") if b"\\ud" in line else line.index(b"\\udc")
    # The column points into the escape sequence (or just past it), not elsewhere.
    assert start + 1 <= finding["column"] <= start + 1 + len(escape) + 1


@pytest.mark.parametrize(
    "line",
    [
        b'{"prompt": "p", "completion": "\\ud800"}\n',
        b'{"messages": [{"role": "developer", "content": "d"}], "ref": "\\ud800"}\n',
    ],
)
def test_lone_surrogate_at_the_end_of_a_line(line):
    report = ftlint.check_lines([line])
    (finding,) = [f for f in report.findings if f.code == "J001"]
    assert "surrogate" in finding.message
    assert "ends before" not in finding.message
    assert finding.column == line.index(b"\\ud800") + 1


def test_surrogate_pair_is_fine(run, tmp_path):
    path = tmp_path / "pair.jsonl"
    path.write_bytes(TEN_GOOD + _chat_with_content("\\ud83d\\ude00"))
    result, doc = check_json(run, path)
    assert result.exit_code == 0
    assert errors(doc) == []


def test_surrogate_encoded_as_raw_bytes_is_invalid_utf8(run, tmp_path):
    """CESU-8 / WTF-8 bytes for U+D800 are not UTF-8: J006 at the first bad byte."""
    line = _chat_with_content("x").replace(b'"x"', b'"x\xed\xa0\x80"')
    path = tmp_path / "cesu.jsonl"
    path.write_bytes(TEN_GOOD + line)
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    finding = only(doc, "J006")
    assert (finding["line"], finding["column"]) == (11, line.index(b"\xed") + 1)
    assert finding["message"] == "invalid UTF-8 byte 0xed"


@pytest.mark.parametrize("fmt", ["chat", "preference"])
@pytest.mark.parametrize("model", [None, "gpt-4o-mini-2024-07-18"])
def test_invalid_utf8_inside_tool_parameters(fmt, model):
    """`parameters` is kept undecoded (msgspec.Raw), so msgspec does not check its UTF-8:
    the engine does, and reports J006 instead of crashing when K001 or T012 reads it."""
    schema = b'{"type": "object", "description": "caf\xe9 \xff", "properties": {}}'
    tools = b'[{"type": "function", "function": {"name": "f", "parameters": ' + schema + b"}}]"
    user = b'{"role": "user", "content": "hi \xc3\xa9"}'
    if fmt == "chat":
        line = b'{"messages": [' + user + b', {"role": "assistant", "content": "ok"}], "tools": '
        line += tools + b"}\n"
    else:
        line = b'{"input": {"messages": [' + user + b'], "tools": ' + tools + b"}, "
        line += b'"preferred_output": [{"role": "assistant", "content": "a"}], '
        line += b'"non_preferred_output": [{"role": "assistant", "content": "b"}]}\n'
    report = ftlint.check_lines([line], format=fmt, model=model)
    found = [(f.code, f.column, f.message) for f in report.findings if f.code[0] != "F"]
    column = len(line[: line.index(b"\xe9")].decode()) + 1  # in code points: "é" comes first
    assert found == [("J006", column, "invalid UTF-8 byte 0xe9")], found
    assert report.stats.examples == 1


# -- line endings --------------------------------------------------------------------------


def test_mixed_crlf_and_lf(run, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        good_lines(2) + good_lines(3, 2, b"\r\n") + good_lines(3, 5) + good_lines(4, 8, b"\r\n")
    )
    result, doc = check_json(run, path)
    assert result.exit_code == 0
    finding = only(doc, "J005")
    assert finding["line"] == 3
    assert finding["message"] == "7 of 12 lines end with CRLF (Windows line endings)"
    assert doc["files"][0]["stats"]["examples"] == 12
    assert errors(doc) == []


def test_crlf_blank_line_is_a_blank_line(run, tmp_path):
    path = tmp_path / "crlf_blank.jsonl"
    path.write_bytes(good_lines(5, 0, b"\r\n") + b"\r\n" + good_lines(5, 5, b"\r\n"))
    result, doc = check_json(run, path)
    assert result.exit_code == 0
    blank = only(doc, "J003")
    assert (blank["line"], blank["message"]) == (6, "empty line: not an example")
    assert only(doc, "J005")["message"] == "10 of 10 lines end with CRLF (Windows line endings)"


def test_cr_only_line_endings_are_one_line(run, tmp_path):
    """Classic-Mac CR endings are not JSONL line breaks: one line, trailing characters."""
    path = tmp_path / "cr.jsonl"
    path.write_bytes(good_lines(2, 0, b"\r"))
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    finding = only(doc, "J001")
    # CR is JSON whitespace: the second object, after it, is the trailing character.
    assert (finding["line"], finding["column"]) == (1, len(GOOD_LINE) + 1)  # same length
    assert finding["message"] == "invalid JSON: trailing characters"
    assert doc["files"][0]["stats"]["lines"] == 1


# -- binary files --------------------------------------------------------------------------


def _png(seed: int = 0, size: int = 64) -> bytes:
    """A real PNG (size x size RGB noise): a signature with CRLF, chunks, zlib data."""
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + rng.randbytes(size * 3) for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _gzip_named_jsonl() -> bytes:
    """A gzipped JSONL file saved without its .gz suffix (random text: many lines of it)."""
    rng = random.Random(1)
    text = b"".join(
        json.dumps({"prompt": rng.randbytes(60).hex(), "completion": " c"}).encode() + b"\n"
        for _ in range(300)
    )
    return gzip.compress(text, mtime=0)


BINARIES = {"png": _png, "gzip": _gzip_named_jsonl}


@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_file_gives_findings_not_a_crash(run, tmp_path, kind):
    data = BINARIES[kind]()
    path = tmp_path / "binary.jsonl"
    path.write_bytes(data)
    n_lines = data.count(b"\n") + (not data.endswith(b"\n"))
    assert n_lines > 10
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert errors(doc)
    assert all(f["line"] is None or 1 <= f["line"] <= n_lines for f in doc["findings"])
    stats = doc["files"][0]["stats"]
    assert stats["lines"] <= n_lines
    assert stats["examples"] + stats["blank"] <= stats["lines"]
    # The first byte of both (0x89, 0x1f 0x8b) is already not JSON, nor UTF-8 for PNG:
    # the first error is on line 1 or about the whole file.
    assert errors(doc)[0]["line"] in (None, 1)


@pytest.mark.parametrize(("kind", "word"), [("png", "binary"), ("gzip", "gzip")])
def test_binary_file_is_reported_once(run, tmp_path, kind, word):
    path = tmp_path / "binary.jsonl"
    path.write_bytes(BINARIES[kind]())
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert len(errors(doc)) == 1, [(f["line"], f["code"]) for f in doc["findings"]][:10]
    finding = errors(doc)[0]
    assert word in (finding["message"] + " " + (finding["hint"] or "")).lower()
    assert "J005" not in codes(doc)


def test_file_of_nul_bytes_is_not_called_utf16(run, tmp_path):
    path = tmp_path / "zeros.jsonl"
    path.write_bytes(b"\x00" * 100_000)
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert "J008" not in codes(doc)
    nul = only(doc, "J007")
    assert (nul["line"], nul["column"]) == (1, 1)
    assert nul["message"] == "line contains 100000 NUL bytes"


# -- gzip ----------------------------------------------------------------------------------


def test_truncated_gzip(run, tmp_path):
    blob = gzip.compress(
        b"".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": f"q{i}" * 30},
                        {"role": "assistant", "content": "a"},
                    ]
                }
            ).encode()
            + b"\n"
            for i in range(300)
        ),
        mtime=0,
    )
    cut = blob[: len(blob) // 2]
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(cut)
    recoverable = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    assert 10 < recoverable < 300
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    finding = only(doc, "J009")
    assert finding["line"] is None
    assert finding["message"].startswith(f"could not read past line {recoverable}: ")
    assert "end-of-stream" in finding["message"]
    assert doc["files"][0]["stats"]["examples"] == recoverable
    assert "F001" not in codes(doc)  # the count is incomplete: no "too few" verdict


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", None),
        (gzip.compress(b"x", mtime=0)[:10], "end-of-stream"),
        (b'{"prompt": "p", "completion": "c"}\n', "Not a gzipped file"),
        (gzip.compress(good_lines(12), mtime=0) + b"garbage", "Not a gzipped file"),
    ],
    ids=["empty", "header-only", "plain-text", "trailing-garbage"],
)
def test_broken_gzip_variants(run, tmp_path, data, words):
    path = tmp_path / "data.jsonl.gz"
    path.write_bytes(data)
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    if words is None:
        assert codes(doc) == ["F001"]
        return
    finding = only(doc, "J009")
    assert finding["message"].startswith("could not read past line ")
    assert words in finding["message"]


# -- UTF-16 and UTF-32 ---------------------------------------------------------------------

_TEXT = good_lines(1000).decode()


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_utf16_file_is_one_finding(run, tmp_path, encoding):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(_TEXT.encode(encoding))
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert codes(doc) == ["J008"]
    finding = only(doc, "J008")
    assert finding["line"] is None
    assert "UTF-16 or UTF-32" in finding["message"]
    assert doc["files"][0]["stats"]["examples"] == 0
    text = run("check", str(path))
    assert text.exit_code == 1
    assert len([ln for ln in text.stdout.splitlines() if " J008 " in ln]) == 1


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_file_starting_with_a_blank_line(run, tmp_path, encoding):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(("\n" + _TEXT).encode(encoding))
    result, doc = check_json(run, path)
    assert result.exit_code == 1
    assert [f["code"] for f in errors(doc)] == ["J008"]
