"""One long line takes bounded memory (issue 18, item 4): --max-line-bytes and J011.

Peak memory is measured, not time: each check runs in a child of a small Python process,
which reports its children's peak resident size through ``resource``. Only that one
child has ended in it, so other tests' processes do not count.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

import ftlint
from ftlint.reader import LongLine, read_blocks

MB = 1 << 20
_HEAD = b'{"messages": [{"role": "user", "content": "'
_TAIL = b'"}, {"role": "assistant", "content": "ok"}]}\n'


def _chat(i: int) -> bytes:
    return (
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"q{i}"},
                    {"role": "assistant", "content": f"a{i}"},
                ]
            }
        ).encode()
        + b"\n"
    )


def _write_line_file(path: Path, content_mb: int, *, compressed: bool, line: int = 1) -> None:
    """Ten examples, with one of ``content_mb`` MB of text at ``line``, written in pieces."""
    piece = b"x" * MB
    with open(path, "wb") as raw:
        # Level 1: 100 MB of one byte still packs into under 0.5 MB, at a third of level 9's
        # CPU time.
        packer = zlib.compressobj(1, zlib.DEFLATED, 31) if compressed else None

        def write(data: bytes) -> None:
            raw.write(packer.compress(data) if packer is not None else data)

        for i in range(1, 11):
            if i != line:
                write(_chat(i))
                continue
            write(_HEAD)
            for _ in range(content_mb):
                write(piece)
            write(_TAIL)
        if packer is not None:
            raw.write(packer.flush())


def _peak_mb(*args: str) -> tuple[int, str]:
    """Run ``ftlint ARGS`` in a child; its exit status, and its peak RSS in MB, and stdout."""
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(done.returncode, peak)\n"
        "sys.stdout.write(done.stdout.decode())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "ftlint", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    head, _, rest = out.partition("\n")
    status, peak = head.split()
    return int(peak), f"{status}\n{rest}"


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory: pytest.TempPathFactory) -> int:
    path = tmp_path_factory.mktemp("base") / "small.jsonl"
    path.write_bytes(b"".join(_chat(i) for i in range(10)))
    return _peak_mb("check", "-j1", str(path))[0]


def test_a_decompression_bomb_is_skimmed_in_bounded_memory(tmp_path, baseline_mb):
    # 100 MB of one line from a gzip of about 450 KB; the limit is 1 MB here so that the
    # test is quick, but the bound is the same with the default: blocks, never the line.
    bomb = tmp_path / "bomb.jsonl.gz"
    _write_line_file(bomb, 100, compressed=True, line=3)
    assert bomb.stat().st_size < 1 * MB
    peak, out = _peak_mb("check", "-j1", "--max-line-bytes", str(MB), str(bomb))
    assert peak < baseline_mb + 40, f"peak {peak} MB, baseline {baseline_mb} MB"
    status, *lines = out.splitlines()
    assert status == "1", out
    length = len(_HEAD) + 100 * MB + len(_TAIL)
    assert lines[0] == (
        f"{bomb}:3:1: J011 [error] line is {length:,} bytes long, over the limit of {MB:,};"
        " it was skipped unread (hint: no training example is this long: is the file corrupt,"
        " or a decompression bomb? --max-line-bytes sets the limit)"
    )
    # The line counts as one invalid example; checking goes on after it.
    assert lines[1].endswith("10 examples (9 valid, 1 invalid), 1 error, 0 warnings, 0 info")


def test_a_plain_long_line_is_skimmed_in_bounded_memory(tmp_path, baseline_mb):
    path = tmp_path / "long.jsonl"
    _write_line_file(path, 150, compressed=False, line=1)
    peak, out = _peak_mb("check", "-j1", "--max-line-bytes", str(MB), str(path))
    assert peak < baseline_mb + 40, f"peak {peak} MB, baseline {baseline_mb} MB"
    assert ":1:1: J011 [error]" in out


@pytest.mark.parametrize("line", [1, 5], ids=["first line", "later line"])
def test_a_long_line_within_the_limit_is_held_about_once(tmp_path, baseline_mb, line):
    # 48 MB of text in one valid example: the raw line and its decoded text are the two
    # copies any check needs (readlines() and the slow path used to make four).
    path = tmp_path / "within.jsonl"
    _write_line_file(path, 48, compressed=False, line=line)
    peak, out = _peak_mb("check", "-j1", str(path))
    assert out.startswith("0\n") and "J011" not in out
    assert peak < baseline_mb + 48 * 2.5, f"peak {peak} MB, baseline {baseline_mb} MB"


def test_the_limit_counts_the_line_without_its_newline():
    at = b'{"a": "' + b"x" * 93 + b'"}\n'  # 102 bytes and the newline
    over = b'{"a": "' + b"x" * 94 + b'"}\n'
    for reader in _readers(at + over + b'{"b": 1}'):
        lines = [line for block in reader(limit=102) for line in block]
        assert lines[0] == at
        assert type(lines[1]) is LongLine and len(lines[1]) == len(over)
        assert over.startswith(lines[1].head) and len(lines[1].head) > 100 and lines[1] == b""
        assert lines[2] == b'{"b": 1}'


def _readers(data: bytes):
    """read_blocks over the same data as a plain stream (in small and large chunks) and gzip."""
    import io

    yield lambda limit: read_blocks(io.BytesIO(data), 7, max_line=limit)
    yield lambda limit: read_blocks(io.BytesIO(data), 1 << 20, max_line=limit)
    yield lambda limit: read_blocks(
        gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(data))), max_line=limit
    )


def test_jobs_agree_with_one_process_on_an_over_long_line(tmp_path):
    from ftlint.parallel import check_sources
    from ftlint.reader import discover

    path = tmp_path / "ranges.jsonl"
    lines = [_chat(i) for i in range(3000)]
    lines[1500] = _HEAD + b"y" * 300_000 + _TAIL
    path.write_bytes(b"".join(lines))
    options = ftlint.Options(max_line_bytes=100_000)
    sources, _ = discover([str(path)])
    serial = next(check_sources(sources, options, jobs=1))
    parallel = next(check_sources(sources, options, jobs=2, chunk_bytes=64 * 1024, min_bytes=0))
    assert serial == parallel
    assert isinstance(serial, ftlint.FileReport)
    [j011] = [f for f in serial.findings if f.code == "J011"]
    assert (j011.line, j011.offset) == (1501, sum(map(len, lines[:1500])))


def test_check_lines_and_the_options_take_the_limit():
    long = _HEAD + b"z" * 5000 + _TAIL
    report = ftlint.check_lines([*map(_chat, range(10)), long], max_line_bytes=4096)
    assert [(f.line, f.code) for f in report.findings if f.line] == [(11, "J011")]
    assert report.stats.invalid == 1
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="max_line_bytes"):
            ftlint.Options(max_line_bytes=bad)
