"""ftlint.output: refused outputs, atomic replacement, and nothing left behind on failure."""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
from pathlib import Path

import pytest

from ftlint.output import AtomicOutput, OutputError, check_outputs, open_atomic


def _fingerprint(path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_ino


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": 2}\n')
    return path


def test_writes_the_data_and_leaves_no_temporary_file(tmp_path: Path, data: Path) -> None:
    out = tmp_path / "out.jsonl"
    with open_atomic(str(out), inputs=[str(data)]) as stream:
        stream.write(b"x\n")
        # Nothing is visible at the output's name until the block succeeds.
        assert not out.exists()
    assert out.read_bytes() == b"x\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_an_input_is_refused_as_output_even_with_force(
    tmp_path: Path, data: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _fingerprint(data)
    if spelling == "same":
        out = str(data)
    elif spelling == "dotted":
        out = "./sub/../in.jsonl"
        (tmp_path / "sub").mkdir()
    elif spelling == "symlink":
        (tmp_path / "link.jsonl").symlink_to(data)
        out = "link.jsonl"
    else:
        os.link(data, tmp_path / "hard.jsonl")
        out = "hard.jsonl"
    with (
        pytest.raises(OutputError, match="is an input"),
        open_atomic(out, inputs=["in.jsonl"], force=True) as stream,
    ):
        stream.write(b"clobbered\n")
    assert _fingerprint(data) == before
    assert _leftovers(tmp_path) == []


def test_an_existing_file_is_refused_without_force(tmp_path: Path, data: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"old\n")
    with pytest.raises(OutputError, match="exists; pass --force"):
        AtomicOutput(str(out), inputs=[str(data)])
    assert out.read_bytes() == b"old\n"
    with open_atomic(str(out), inputs=[str(data)], force=True) as stream:
        stream.write(b"new\n")
    assert out.read_bytes() == b"new\n"


def test_replacing_keeps_the_permissions_of_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"old\n")
    out.chmod(0o640)
    with open_atomic(str(out), force=True) as stream:
        stream.write(b"new\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions_not_the_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    old = os.umask(0o022)
    try:
        with open_atomic(str(out)) as stream:
            stream.write(b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_a_failure_leaves_the_output_as_it_was(tmp_path: Path, error: type[BaseException]) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"old\n")
    with pytest.raises(error), open_atomic(str(out), force=True) as stream:
        stream.write(b"half")
        raise error()
    assert out.read_bytes() == b"old\n"
    assert _leftovers(tmp_path) == []


def test_a_symlinked_output_writes_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with open_atomic(str(link), force=True) as stream:
        stream.write(b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [("-", "must be a file name"), ("", "must be a file name"), ("nodir/x.jsonl", "no such")],
)
def test_unusable_names_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match=message):
        AtomicOutput(name)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        AtomicOutput(str(tmp_path), force=True)


def test_two_outputs_that_are_one_file_are_refused(tmp_path: Path) -> None:
    a = str(tmp_path / "a.jsonl")
    with pytest.raises(OutputError, match="given twice"):
        check_outputs([a, str(tmp_path / "." / "a.jsonl")])


def test_gzip_output_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    blobs = []
    for name in ("one.jsonl.gz", "two.jsonl.gz"):
        with open_atomic(str(tmp_path / name)) as stream:
            stream.write(b'{"a": 1}\n')
        blobs.append((tmp_path / name).read_bytes())
    assert blobs[0] == blobs[1]
    assert gzip.decompress(blobs[0]) == b'{"a": 1}\n'


def test_discard_after_commit_keeps_the_output(tmp_path: Path) -> None:
    out = AtomicOutput(str(tmp_path / "o.jsonl"))
    out.stream.write(b"x\n")
    out.commit()
    out.discard()
    assert (tmp_path / "o.jsonl").read_bytes() == b"x\n"
    with pytest.raises(OutputError, match="already committed"):
        out.commit()
