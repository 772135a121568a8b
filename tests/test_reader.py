"""Input discovery and line splitting: ``ftlint.reader`` and how the engine uses it."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest

import ftlint
from ftlint.reader import STDIN, Source, discover, open_source, read_blocks

BAD_ROLE = json.dumps(
    {"messages": [{"role": "human", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
)
# Characters that str.splitlines() treats as line breaks but that JSON allows raw inside a
# string (JSON only forbids U+0000..U+001F unescaped).
JSON_SAFE_BREAKS = ["\u2028", "\u2029", "\u0085"]


def _flatten(blocks):
    return [line for block in blocks for line in block]


# -- discover ---------------------------------------------------------------------------


def test_discover_keeps_argument_order_and_sorts_directories(tmp_path, write_jsonl, valid_chat):
    lines = valid_chat(10)
    z = write_jsonl("z.jsonl", lines)
    write_jsonl("dir/b.ndjson", lines)
    write_jsonl("dir/a.jsonl", lines)
    write_jsonl("dir/sub/c.jsonl.gz", [])  # name match is enough for discovery
    write_jsonl("dir/sub/d.ndjson.gz", [])
    write_jsonl("dir/.hidden/e.jsonl", lines)
    write_jsonl("dir/readme.md", ["# not data"])
    write_jsonl("dir/data.json", ["{}"])
    write_jsonl("dir/data.jsonl.bak", lines)
    d = tmp_path / "dir"

    sources, errors = discover([str(z), str(d), STDIN])
    assert errors == []
    assert [s.name for s in sources] == [
        str(z),
        f"{d}/a.jsonl",
        f"{d}/b.ndjson",
        f"{d}/sub/c.jsonl.gz",
        f"{d}/sub/d.ndjson.gz",
        "-",
    ]
    assert sources[-1].path is None
    assert all(s.path is not None for s in sources[:-1])
    assert [s.compressed for s in sources] == [False, False, False, True, True, False]


def test_discover_explicit_file_is_read_whatever_its_name(write_jsonl, valid_chat):
    odd = write_jsonl("train.txt", valid_chat(10))
    sources, errors = discover([str(odd)])
    assert errors == []
    assert [s.path for s in sources] == [str(odd)]


def test_discover_missing_path(tmp_path):
    missing = tmp_path / "missing.jsonl"
    sources, errors = discover([str(missing)])
    assert sources == []
    assert len(errors) == 1
    assert str(missing) in str(errors[0])


def test_discover_broken_symlink(tmp_path):
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "target-that-does-not-exist.jsonl")
    sources, errors = discover([str(link)])
    assert sources == []
    assert len(errors) == 1
    assert str(link) in str(errors[0])
    assert "symbolic link" in str(errors[0]) or "symlink" in str(errors[0])


def test_discover_working_symlink_is_a_file(tmp_path, write_jsonl, valid_chat):
    target = write_jsonl("real.jsonl", valid_chat(10))
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    sources, errors = discover([str(link)])
    assert errors == []
    assert [s.name for s in sources] == [str(link)]


@pytest.mark.parametrize("contents", [[], ["notes.txt", "x.json", ".hidden.jsonl"]])
def test_discover_directory_without_data_files(tmp_path, contents):
    d = tmp_path / "d"
    d.mkdir()
    for name in contents:
        (d / name).write_text("{}\n")
    sources, errors = discover([str(d)])
    assert sources == []
    assert len(errors) == 1
    assert str(d) in str(errors[0])


def test_discover_reports_every_bad_path_and_keeps_the_good_ones(tmp_path, write_jsonl, valid_chat):
    good = write_jsonl("good.jsonl", valid_chat(10))
    sources, errors = discover([str(tmp_path / "a.jsonl"), str(good), str(tmp_path / "b.jsonl")])
    assert [s.name for s in sources] == [str(good)]
    assert len(errors) == 2
    assert "a.jsonl" in str(errors[0]) and "b.jsonl" in str(errors[1])


# -- read_blocks ------------------------------------------------------------------------


def test_read_blocks_splits_on_newline_only():
    lines = [
        '{"a": "x\u2028y"}\n'.encode(),
        '{"a": "x\u2029y"}\n'.encode(),
        '{"a": "x\u0085y"}\n'.encode(),
        b'{"a": "x\x1cy\x1dz\x1e"}\n',
        b'{"a": "x\x0by\x0cz"}\n',
        b'{"a": "lone\rcarriage"}\n',
        b'{"a": "crlf"}\r\n',
        b"\n",
        b'{"last": "no newline"}',
    ]
    data = b"".join(lines)
    assert len(data.decode().splitlines()) > len(lines)  # the trap this guards against
    got = _flatten(read_blocks(io.BytesIO(data)))
    assert got == lines


@pytest.mark.parametrize("block_bytes", [1, 7, 64, 1 << 20])
def test_read_blocks_never_splits_a_line_across_blocks(block_bytes):
    lines = [f'{{"i": {i}, "pad": "{"x" * (i * 7 % 50)}"}}\n'.encode() for i in range(40)]
    lines.append(b'{"tail": true}')
    blocks = list(read_blocks(io.BytesIO(b"".join(lines)), block_bytes))
    assert all(blocks), "no empty blocks"
    assert _flatten(blocks) == lines
    if block_bytes < 64:
        assert len(blocks) > 1


def test_read_blocks_empty_stream():
    assert list(read_blocks(io.BytesIO(b""))) == []


def test_open_source_decompresses_gzip(tmp_path):
    payload = b'{"a": 1}\n{"b": 2}\n'
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(gzip.compress(payload))
    source = Source(str(path), str(path))
    with open_source(source) as stream:
        assert _flatten(read_blocks(stream)) == [b'{"a": 1}\n', b'{"b": 2}\n']


def test_open_source_stdin_uses_given_stream():
    stream = io.BytesIO(b'{"a": 1}\n')
    with open_source(Source(STDIN, None), stdin=stream) as got:
        assert got.read() == b'{"a": 1}\n'


# -- line numbers through the engine ---------------------------------------------------


@pytest.mark.parametrize("sep", JSON_SAFE_BREAKS, ids=["U+2028", "U+2029", "U+0085"])
def test_unicode_line_separator_does_not_split_a_line(write_jsonl, valid_chat, sep):
    lines = valid_chat(10)
    first = json.dumps(
        {
            "messages": [
                {"role": "user", "content": f"one{sep}two{sep}three"},
                {"role": "assistant", "content": f"four{sep}five"},
            ]
        },
        ensure_ascii=False,
    )
    assert sep in first
    path = write_jsonl("sep.jsonl", [first, *lines, BAD_ROLE])
    [file] = ftlint.check_file(str(path)).files
    assert file.stats.lines == 12
    assert file.stats.examples == 12
    assert [(f.line, f.code) for f in file.findings] == [(12, "S005")]
    assert file.findings[0].column == BAD_ROLE.index('"human"') + 1


def test_last_line_without_newline_is_checked(write_jsonl, valid_chat):
    path = write_jsonl("tail.jsonl", [*valid_chat(10), BAD_ROLE], final_newline=False)
    assert not path.read_bytes().endswith(b"\n")
    [file] = ftlint.check_file(str(path)).files
    assert file.stats.lines == 11
    assert file.stats.examples == 11
    assert [(f.line, f.code) for f in file.findings] == [(11, "S005")]


def test_final_newline_is_not_a_blank_line(write_jsonl, valid_chat):
    path = write_jsonl("good.jsonl", valid_chat(10))
    [file] = ftlint.check_file(str(path)).files
    assert file.findings == ()
    assert file.stats.lines == 10
    assert file.stats.blank == 0


def test_crlf_reported_once_with_count(write_jsonl, valid_chat):
    lines = valid_chat(12)
    crlf_lines = {2, 5, 9}
    data = b"".join(
        line.encode() + (b"\r\n" if n in crlf_lines else b"\n")
        for n, line in enumerate(lines, start=1)
    )
    path = write_jsonl("crlf.jsonl", [data], newline=b"", final_newline=False)
    [file] = ftlint.check_file(str(path)).files
    j005 = [f for f in file.findings if f.code == "J005"]
    assert len(j005) == 1
    assert j005[0].line == min(crlf_lines)
    assert j005[0].severity is ftlint.Severity.INFO
    assert f"{len(crlf_lines)} of {len(lines)}" in j005[0].message
    assert file.errors == 0
    assert file.stats.examples == 12


def test_crlf_on_every_line_counts_every_line(write_jsonl, valid_chat):
    # Line 1 goes through format detection and line 11 fails the schema: both still count.
    lines = [*valid_chat(10), BAD_ROLE, *valid_chat(12)[10:]]
    path = write_jsonl("win.jsonl", lines, newline=b"\r\n")
    [file] = ftlint.check_file(str(path)).files
    j005 = [f for f in file.findings if f.code == "J005"]
    assert len(j005) == 1
    assert j005[0].line == 1
    assert f"{len(lines)} of {len(lines)}" in j005[0].message
    assert [(f.line, f.code) for f in file.findings if f.code != "J005"] == [(11, "S005")]


def test_no_crlf_no_j005(write_jsonl, valid_chat):
    path = write_jsonl("unix.jsonl", valid_chat(10))
    [file] = ftlint.check_file(str(path)).files
    assert "J005" not in {f.code for f in file.findings}


def test_bytes_stat_matches_file_size(write_jsonl, valid_chat):
    path = write_jsonl("size.jsonl", [*valid_chat(10), "", BAD_ROLE], final_newline=False)
    [file] = ftlint.check_file(str(path)).files
    assert file.stats.bytes == os.path.getsize(path)
    assert file.stats.lines == 12
    assert file.stats.blank == 1


def test_empty_path_is_an_error_not_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    sources, errors = discover([""])
    assert sources == [] and [str(e) for e in errors] == ["empty path"]


@pytest.mark.skipif(not hasattr(os, "pipe") or os.name != "posix", reason="POSIX pipes")
def test_a_pipe_hands_out_lines_as_they_arrive_and_waits_in_slices():
    """A pipe whose writer stays open: the lines written so far come out at once.

    ``BufferedReader.read(n)`` would wait for a full block, in a system call that a Ctrl-C
    arriving between two reads does not end (ftlint hung under load). The pipe reader makes
    one system call per read and waits in ``poll`` slices, so the first block comes back
    while the writer is still open. The watchdog closes the writer only if that fails, so
    a regression shows as the wrong blocks instead of a hung suite.
    """
    import threading

    read_fd, write_fd = os.pipe()
    watchdog = threading.Timer(30, os.close, (write_fd,))
    try:
        with open(read_fd, "rb") as stream:
            os.write(write_fd, b"a\nb\nc")
            watchdog.start()
            blocks = read_blocks(stream)
            first = next(blocks)
            fired = not watchdog.is_alive()
            watchdog.cancel()
            os.write(write_fd, b"\nd\n")
            os.close(write_fd)
            rest = [line for block in blocks for line in block]
    finally:
        watchdog.cancel()
    assert not fired
    assert first == [b"a\n", b"b\n"]
    assert rest == [b"c\n", b"d\n"]
