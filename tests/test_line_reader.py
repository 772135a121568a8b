"""LineReader: the line a fingerprint hashes, read back from its file by byte offset."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from ftlint.reporters import common

# Line bodies of a few bytes but a newline, \r often among them (and so at their end).
BODIES = st.lists(
    st.lists(st.sampled_from([b"a", b"\r", b"\xe9", b" ", b"{}"]), max_size=30).map(b"".join),
    max_size=12,
)


def _layout(bodies: list[bytes], crlf: list[bool], last_newline: bool) -> tuple[bytes, list[int]]:
    """The file's bytes and each line's offset."""
    data, offsets = b"", []
    for i, body in enumerate(bodies):
        offsets.append(len(data))
        end = b"\r\n" if crlf[i % len(crlf)] else b"\n"
        data += body + (end if i < len(bodies) - 1 or last_newline else b"")
    return data, offsets


def _expected(data: bytes, offset: int) -> str:
    """The hash of the line at ``offset``: up to its newline, less one \r before it."""
    end = data.find(b"\n", offset)
    if end < 0:
        return hashlib.sha1(data[offset:]).hexdigest()  # the last line, with no newline
    return hashlib.sha1(data[offset:end].removesuffix(b"\r")).hexdigest()


@given(
    bodies=BODIES,
    crlf=st.lists(st.booleans(), min_size=1, max_size=4),
    last_newline=st.booleans(),
    window=st.integers(1, 64),
    order=st.randoms(use_true_random=False),
)
def test_every_line_hashes_as_read_alone(
    tmp_path_factory: Any,
    bodies: list[bytes],
    crlf: list[bool],
    last_newline: bool,
    window: int,
    order: Any,
) -> None:
    """Whatever the window's size and the order asked in, a line hashes as its bytes
    without the line ending: lines across a window's edge, longer than the window, at
    the end of a file without a newline."""
    data, offsets = _layout(bodies, crlf, last_newline)
    path = tmp_path_factory.mktemp("lines") / "t.jsonl"
    path.write_bytes(data)
    asked = list(range(len(bodies))) * 2
    order.shuffle(asked)
    reader = common.LineReader()
    with mock.patch.object(common, "_WINDOW", window):
        got = {i: reader.line_hash(str(path), offsets[i]) for i in asked}
    reader.close()
    assert got == {i: _expected(data, offsets[i]) for i in range(len(bodies))}


class _CountingFile(io.FileIO):
    reads = 0

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        type(self).reads += 1
        return super().read(size)


def test_short_lines_are_read_a_window_at_a_time(tmp_path: Path) -> None:
    """Findings come in line order: 20,000 short lines cost a read per window, not a
    seek and a read each (SARIF took 54 s for 2.2M blank-line findings)."""
    path = tmp_path / "t.jsonl"
    lines = [b'{"n": %d}' % i for i in range(20_000)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    reader = common.LineReader()
    _CountingFile.reads = 0
    handle = _CountingFile(str(path), "rb")
    reader._files[str(path)] = handle  # type: ignore[assignment]
    offset = 0
    for line in lines:
        assert reader.line_hash(str(path), offset) == hashlib.sha1(line).hexdigest()
        offset += len(line) + 1
    reader.close()
    windows = -(-offset // common._WINDOW)
    assert _CountingFile.reads <= windows + 1


def test_alike_findings_in_a_row_hash_their_key_once(tmp_path: Path, monkeypatch: Any) -> None:
    """Blank lines give findings with one key: it is hashed once, then each finding only
    mixes in its occurrence number; the fingerprints stay those of the recipe."""
    from ftlint import Finding, Severity

    monkeypatch.chdir(tmp_path)
    Path("t.jsonl").write_bytes(b"\n" * 100)
    found = [
        Finding(path="t.jsonl", line=n + 1, column=1, json_path=None, code="J003",
                severity=Severity.WARNING, message="empty line", offset=n)
        for n in range(100)
    ]  # fmt: skip
    calls: list[list[str]] = []
    real = common._digest
    counted = lambda parts: calls.append(list(parts)) or real(parts)  # noqa: E731
    with mock.patch.object(common, "_digest", counted):
        prints = common.fingerprints(found)
    key = ["v1", "t.jsonl", "J003", "", "content", hashlib.sha1(b"").hexdigest()]
    base = hashlib.sha256("\x00".join(key).encode()).hexdigest()[:32]
    assert prints[0] == base
    assert prints[5] == hashlib.sha256(f"{base}\x005".encode()).hexdigest()[:32]
    assert len(set(prints)) == 100
    assert len(calls) == 1 + 99
