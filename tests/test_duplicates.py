"""F006: duplicates are found after the file is read, from a compact log of digests.

The log is written a block at a time (in C) when a block is clean, and line by line when
it holds invalid lines, CRLF endings, a last line without a newline, or lines the slow
path accepted (a BOM). These tests compare the findings with a plain reference on random
files cut into random blocks, and check the cap and the streaming order of late findings.
"""

from __future__ import annotations

import json
import random
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ftlint
from ftlint.digests import DigestLog, DigestStore
from ftlint.engine import FileCheck, FindingSink, Options, filecheck
from ftlint.findings import Finding, Severity


def _chat(text: str) -> bytes:
    user = {"role": "user", "content": text}
    return json.dumps(
        {"messages": [user, {"role": "assistant", "content": f"re: {text}"}]}
    ).encode()


# (body, is valid): the body gets a line ending when the file is made.
POOL = [
    (_chat("a"), True),
    (_chat("b"), True),
    (_chat("c"), True),
    (_chat("<|endoftext|>"), False),  # X001: an error, so never a duplicate
    (b'{"messages": [}', False),  # J001
    (json.dumps({"messages": [{"role": "bot", "content": "x"}]}).encode(), False),  # S005
]
ENDINGS = [b"\n", b"\r\n"]


def _reference(lines: list[bytes]) -> list[tuple[int, int]]:
    """(line, first line) of every duplicate, by the rule's definition."""
    first: dict[bytes, int] = {}
    found = []
    for number, raw in enumerate(lines, start=1):
        body = raw.rstrip(b"\r\n")
        if number == 1:
            body = body.removeprefix(b"\xef\xbb\xbf")
        if not body or not dict(POOL)[body]:
            continue
        earlier = first.setdefault(body, number)
        if earlier != number:
            found.append((number, earlier))
    return found


def _f006(report: ftlint.FileReport) -> list[tuple[int, int]]:
    return [
        (f.line or 0, int(f.message.rsplit(" ", 1)[1])) for f in report.findings if f.code == "F006"
    ]


@st.composite
def _files(draw: st.DrawFn) -> tuple[list[bytes], list[int]]:
    n = draw(st.integers(1, 40))
    picks = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=n, max_size=n))
    ends = draw(st.lists(st.sampled_from(ENDINGS), min_size=n, max_size=n))
    lines = [POOL[p][0] + e for p, e in zip(picks, ends, strict=True)]
    if draw(st.booleans()):
        lines[0] = b"\xef\xbb\xbf" + lines[0]  # J004: the slow path accepts the line
    if draw(st.booleans()):
        lines[-1] = lines[-1].rstrip(b"\r\n")  # a last line without a line ending
    cuts = sorted(set(draw(st.lists(st.integers(1, n), max_size=6))))
    return lines, cuts


@given(_files(), st.sampled_from([None, (2, 3, 2), (1, 1, 1)]))
def test_duplicates_match_the_reference_however_the_blocks_fall(case, small) -> None:
    """``small``: (lines per segment, entries in memory, entries per sort), so that tiny
    files go through the spill file and the sliced sort too."""
    lines, cuts = case
    blocks = [lines[a:b] for a, b in zip([0, *cuts], [*cuts, len(lines)], strict=True)]
    check = FileCheck("f.jsonl", Options(format="chat"))
    segment = filecheck.SEGMENT
    if small is not None:
        segment = small[0]
        check.digests = DigestStore(memory_entries=small[1], sort_entries=small[2])
    with mock.patch.object(filecheck, "SEGMENT", segment):
        check.run([b for b in blocks if b])
    report = check.finish()
    assert _f006(report) == _reference(lines)
    # The same lines through the public API, where lines may lack "\n" anywhere.
    api = ftlint.check_lines([raw.rstrip(b"\n") for raw in lines], format="chat")
    assert _f006(api) == _reference(lines)


def test_a_duplicate_names_the_first_copy_and_its_offset(tmp_path) -> None:
    a, b = _chat("a") + b"\n", _chat("b") + b"\n"
    path = tmp_path / "d.jsonl"
    path.write_bytes(a + b + a + a + b)
    [report] = ftlint.check_file(str(path)).files
    dups = [(f.line, f.message, f.offset) for f in report.findings if f.code == "F006"]
    assert dups == [
        (3, "example is a duplicate of line 1", len(a + b)),
        (4, "example is a duplicate of line 1", len(a + b + a)),
        (5, "example is a duplicate of line 2", len(a + b + a + a)),
    ]


def _many_duplicates(tmp_path, n: int = 3000):
    rng = random.Random(7)
    lines = [_chat(str(rng.randrange(200))) + b"\n" for _ in range(n)]
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(lines))
    return str(path)


@pytest.mark.parametrize("cap", [1, 10, 250])
def test_the_cap_keeps_the_first_findings_in_report_order(tmp_path, cap) -> None:
    path = _many_duplicates(tmp_path)
    [full] = ftlint.check_file(path).files
    [capped] = ftlint.check_file(path, max_findings=cap).files
    assert len([f for f in full.findings if f.code == "F006"]) == 3000 - 200
    assert capped.findings == full.findings[:cap]
    assert (capped.warnings, capped.errors) == (full.warnings, full.errors)


def test_streamed_duplicates_follow_the_line_findings_and_respect_the_cap(tmp_path) -> None:
    from ftlint.engine import check_source
    from ftlint.reader import Source

    path = _many_duplicates(tmp_path)
    [full] = ftlint.check_file(path).files
    for cap in (None, 5):
        streamed: list[Finding] = []
        check_source(Source(path, path), Options(max_findings=cap), on_finding=streamed.append)
        expected = list(full.findings) if cap is None else list(full.findings[:cap])
        assert streamed == expected


def test_late_findings_beyond_the_cap_are_dropped_as_they_come() -> None:
    sink = FindingSink(limit=3)
    for line in range(10_000, 0, -1):
        sink.add(
            Finding(path="f", line=line, column=1, json_path=None, code="F006",
                    severity=Severity.WARNING, message="m", hint=None),
            late=True,
        )  # fmt: skip
        assert len(sink._late) < 2 * 3 + 1024
    assert [f.line for f in sink.close()] == [1, 2, 3]
    assert sink.counts[Severity.WARNING] == 10_000


def test_the_store_spills_to_disk_and_slices_the_sort() -> None:
    rng = random.Random(3)
    store = DigestStore(memory_entries=1000, sort_entries=500)
    keys = [rng.getrandbits(64) for _ in range(4000)]
    copies = {5: 0, 3999: 17, 2500: 2499}  # line index -> index of the line it repeats
    for i, j in copies.items():
        keys[i] = keys[j]
    line = 0
    for start in range(0, 4000, 700):
        log = DigestLog()
        for key in keys[start : start + 700]:
            line += 1
            log.keys.append(key)
            log.lines.append(line - start)  # numbered within the segment, as a range is
            log.offsets.append(line * 10)
        if start % 1400:
            log.seal()  # some segments come sorted, as from a worker
        store.add(start, log)
    assert store.in_memory <= 1000 and store._spill is not None  # most went to disk
    found = list(store.duplicates())
    assert found == sorted((i + 1, j + 1, (i + 1) * 10) for i, j in copies.items())
    store.close()
    assert store._spill is None


# 12 lines in 4 logs of 3, whose digests repeat every 5 lines: (line, its first copy).
REPEATS = [(6, 1), (7, 2), (8, 3), (9, 4), (10, 5), (11, 1), (12, 2)]


def _fill_with_repeats(store: DigestStore) -> None:
    for start in range(0, 12, 3):
        log = DigestLog()
        for i in range(3):
            log.keys.append((start + i) % 5)
            log.lines.append(i + 1)  # numbered within the log, as a byte range's are
            log.offsets.append(0)
        store.add(start, log)


def test_without_a_temporary_directory_the_log_stays_in_memory(monkeypatch) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/tmp")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    store = DigestStore(memory_entries=2, sort_entries=2)
    _fill_with_repeats(store)
    assert store._spill is None and store.in_memory == 12
    assert [(line, first) for line, first, _ in store.duplicates()] == REPEATS


def test_a_full_disk_keeps_the_rest_of_the_log_in_memory() -> None:
    class Full:
        """A spill file on a disk that fills up after its first write."""

        def __init__(self) -> None:
            import io

            self.data = io.BytesIO()
            self.writes = 0

        def seek(self, *args: int) -> int:
            return self.data.seek(*args)

        def write(self, b: bytes) -> int:
            self.writes += 1
            if self.writes > 3:
                raise OSError(28, "No space left on device")
            return self.data.write(b)

        def read(self, n: int) -> bytes:
            return self.data.read(n)

        def close(self) -> None:
            pass

    store = DigestStore(memory_entries=3, sort_entries=4)
    store._spill = Full()  # type: ignore[assignment]
    _fill_with_repeats(store)
    assert [s.log is None for s in store.segments] == [False, True, False, False]
    assert [(line, first) for line, first, _ in store.duplicates()] == REPEATS
