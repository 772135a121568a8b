"""Operating-system behaviour: paths that cannot be read, pipes, signals, growing files.

Every path that cannot be used gives exit 2 and exactly one line on stderr. A closed pipe
(``ftlint check big.jsonl | head -1``) ends quietly, Ctrl-C exits 130 with one line, a
file that grows while it is read is read to a consistent end, and ftlint never writes to
its inputs.

Unreadable files: chmod does not stop root, and these tests often run as root (in
containers). As root they drop the *effective* uid to ``nobody`` (65534) for the one
call, inside a world-traversable temporary directory, and restore it at once; as another
user a plain ``chmod 000`` does. Where neither is possible, the test is skipped.

Tests marked ``xfail(strict=True, reason="BUG: ...")`` assert the correct behaviour of a
known bug; remove the mark with the fix.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ftlint
from conftest import ctrl_c_reaches_children
from ftlint.reader import DATA_SUFFIXES

POSIX = os.name == "posix"
GOOD = {
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "question"},
        {"role": "assistant", "content": "answer"},
    ]
}
GOOD_LINE = json.dumps(GOOD).encode() + b"\n"
BAD_LINE = (
    json.dumps(
        {"messages": [{"role": "human", "content": "q"}, {"role": "assistant", "content": "a"}]}
    ).encode()
    + b"\n"
)
_ENV_DROP = (
    "CI",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "FTLINT_DEBUG",
    "NO_COLOR",
    "FORCE_COLOR",
    "PRE_COMMIT",
    "TQDM_DISABLE",
)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _ENV_DROP}


def _ftlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "ftlint", *args]


def show(result: Any) -> str:
    return (
        f"exit {result.exit_code}\n--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )


def one_error_line(result: Any) -> str:
    """The single stderr line of an exit-2 result (and no traceback anywhere)."""
    assert result.exit_code == 2, show(result)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, show(result)
    return lines[0]


# -- paths that are not data files ----------------------------------------------------------


def test_missing_path(run, tmp_path):
    path = tmp_path / "nope.jsonl"
    result = run("check", str(path))
    assert one_error_line(result) == f"ftlint: error: {path}: no such file or directory"
    assert result.stdout == ""


def test_missing_path_next_to_a_good_file(run, tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_bytes(GOOD_LINE * 10)
    missing = tmp_path / "nope.jsonl"
    result = run("check", str(good), str(missing))
    assert one_error_line(result) == f"ftlint: error: {missing}: no such file or directory"
    assert f"{good}: chat (detected), 10 examples" in result.stdout


@pytest.mark.skipif(not POSIX, reason="symbolic links")
def test_broken_symlink(run, tmp_path):
    link = tmp_path / "data.jsonl"
    link.symlink_to(tmp_path / "gone.jsonl")
    result = run("check", str(link))
    assert one_error_line(result) == f"ftlint: error: {link}: broken symbolic link"


@pytest.mark.skipif(not POSIX, reason="symbolic links")
def test_symlink_loop(run, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.symlink_to(b)
    b.symlink_to(a)
    result = run("check", str(a))
    line = one_error_line(result)
    assert line.startswith(f"ftlint: error: {a}: ")


def test_directory_is_walked_even_if_named_like_a_file(run, tmp_path):
    root = tmp_path / "train.jsonl"
    (root / "part").mkdir(parents=True)
    (root / "part" / "a.jsonl").write_bytes(GOOD_LINE * 10)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "b.jsonl").write_bytes(b"not json\n")
    result = run("check", str(root))
    assert result.exit_code == 0, show(result)
    assert f"{root}/part/a.jsonl: chat (detected), 10 examples" in result.stdout
    assert ".hidden" not in result.stdout


def test_directory_without_data_files(run, tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "notes.txt").write_text("hello\n")
    (root / "data.json").write_text("{}\n")
    result = run("check", str(root))
    assert one_error_line(result) == (
        f"ftlint: error: {root}: no .jsonl, .ndjson, .jsonl.gz, .ndjson.gz files found"
    )
    assert result.stdout == ""


@pytest.mark.skipif(not POSIX or not hasattr(os, "mkfifo"), reason="named pipes")
def test_named_pipe_is_read_like_a_file(run, tmp_path):
    """Process substitution (`ftlint check <(zcat x.gz)`) hands ftlint a pipe."""
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(GOOD_LINE * 12)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = run("check", str(fifo))
    writer.join(10)
    assert result.exit_code == 0, show(result)
    assert f"{fifo}: chat (detected), 12 examples" in result.stdout


# -- unreadable paths ------------------------------------------------------------------------


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A temporary directory that user ``nobody`` can traverse (pytest's tmp_path is 0700)."""
    path = Path(tempfile.mkdtemp(prefix="ftlint-hostile-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for sub in path.rglob("*"):
            with contextlib.suppress(OSError):
                if not sub.is_symlink():
                    sub.chmod(0o755 if sub.is_dir() else 0o644)
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Run the body so that file permissions apply: as ``nobody`` when we are root."""
    if not POSIX:
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        yield
        return
    try:
        os.setegid(65534)
        os.seteuid(65534)
    except OSError as exc:  # no CAP_SETUID (a restricted container)
        with contextlib.suppress(OSError):
            os.setegid(0)
        pytest.skip(f"cannot drop privileges: {exc}")
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_file(run, open_dir):
    path = open_dir / "locked.jsonl"
    path.write_bytes(GOOD_LINE * 10)
    path.chmod(0o000)
    with unprivileged():
        result = run("check", str(path))
    assert one_error_line(result) == f"ftlint: error: {path}: Permission denied"
    assert result.stdout == ""


def test_unreadable_file_in_a_walked_directory(run, open_dir):
    (open_dir / "a.jsonl").write_bytes(GOOD_LINE * 10)
    locked = open_dir / "b.jsonl"
    locked.write_bytes(BAD_LINE * 10)
    locked.chmod(0o000)
    with unprivileged():
        result = run("check", str(open_dir))
    assert one_error_line(result) == f"ftlint: error: {locked}: Permission denied"
    assert f"{open_dir}/a.jsonl: chat (detected), 10 examples" in result.stdout


@pytest.mark.parametrize("case", ["untraversable-parent", "name-too-long"])
def test_path_that_cannot_be_examined(run, open_dir, case):
    good = open_dir / "good.jsonl"
    good.write_bytes(GOOD_LINE * 10)
    if case == "untraversable-parent":
        locked = open_dir / "locked"
        locked.mkdir()
        bad = locked / "in.jsonl"
        bad.write_bytes(GOOD_LINE * 10)
        locked.chmod(0o000)
        reason = "Permission denied"
    else:
        bad = open_dir / ("x" * 5000 + ".jsonl")
        reason = "File name too long"
    with unprivileged():
        result = run("check", str(good), str(bad))
    line = one_error_line(result)
    assert line.startswith(f"ftlint: error: {bad}: ")
    assert reason in line
    assert "internal error" not in line
    assert f"{good}: chat (detected), 10 examples" in result.stdout


@pytest.mark.parametrize("where", ["given", "inside"])
def test_unreadable_directory(run, open_dir, where):
    (open_dir / "a.jsonl").write_bytes(GOOD_LINE * 10)
    locked = open_dir / "locked"
    locked.mkdir()
    (locked / "b.jsonl").write_bytes(BAD_LINE * 10)
    locked.chmod(0o000)
    with unprivileged():
        result = run("check", str(locked if where == "given" else open_dir))
    line = one_error_line(result)
    assert line == f"ftlint: error: {locked}: Permission denied"
    if where == "inside":
        assert f"{open_dir}/a.jsonl: chat (detected), 10 examples" in result.stdout


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="Linux /proc")
def test_file_that_fails_on_the_first_read(run):
    """/proc/self/mem opens (as root) but read() at offset 0 fails: a J009 read error."""
    if POSIX and os.geteuid() != 0:
        pytest.skip("only root can open /proc/self/mem for reading")
    result = run("check", "-o", "json", "/proc/self/mem")
    assert result.exit_code == 1, show(result)
    doc = json.loads(result.stdout)
    assert [f["code"] for f in doc["findings"]] == ["J009"]
    assert doc["findings"][0]["message"].startswith("could not read past line 0: ")


# -- standard streams ------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="closing fd 0")
def test_closed_stdin():
    proc = subprocess.run(
        _ftlint("check", "-"),
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ftlint: error: -: "), proc.stderr
    assert "internal error" not in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(BAD_LINE * 2000)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            _ftlint("check", str(path)), stdout=full, stderr=subprocess.PIPE, env=_env(), timeout=60
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1 and "No space left on device" in err, err


_SIGPIPE_FORMATS = ["text", "json", "jsonl"]


@pytest.mark.skipif(not POSIX, reason="SIGPIPE")
@pytest.mark.parametrize("output", _SIGPIPE_FORMATS)
def test_closed_pipe_ends_quietly(tmp_path, output):
    """`ftlint check big.jsonl | head -1`: no traceback, nothing on stderr."""
    path = tmp_path / "big.jsonl"
    # 200-300 KB of findings in JSON and JSON Lines: more than a pipe holds (64 KiB on
    # Linux) plus what is read.
    path.write_bytes(BAD_LINE * 1_000)
    proc = subprocess.Popen(
        _ftlint("check", "-o", output, str(path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read()
    proc.stderr.close()
    proc.wait(timeout=60)
    assert first
    assert err == b"", err.decode(errors="replace")[-2000:]
    # The run goes on with its output silenced (ftlint.pipe): the exit code is the
    # verdict, 1 (the file has errors), whenever the reader went; never a traceback, 2,
    # or a death by signal (-13).
    assert proc.returncode == 1


def test_listener_write_error_is_not_a_read_error(tmp_path):
    from ftlint.engine import check_source
    from ftlint.reader import Source

    path = tmp_path / "bad.jsonl"
    path.write_bytes(BAD_LINE * 50)
    seen: list[ftlint.Finding] = []

    def listener(finding: ftlint.Finding) -> None:
        seen.append(finding)
        raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(BrokenPipeError):
        check_source(Source(str(path), str(path)), on_finding=listener)
    assert len(seen) == 1, [(f.line, f.code) for f in seen]
    assert all(f.code != "J009" for f in seen)


# -- Ctrl-C ----------------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX or not hasattr(os, "mkfifo"), reason="SIGINT and named pipes")
def test_ctrl_c_exits_130_with_one_line(tmp_path):
    """SIGINT while ftlint waits for input: exit 130, one line, no traceback.

    A named pipe makes this deterministic: opening its write end returns only once ftlint
    has opened the read end, i.e. it is past start-up and inside the check.
    """
    fifo = tmp_path / "slow.jsonl"
    os.mkfifo(fifo)
    with ctrl_c_reaches_children():
        proc = subprocess.Popen(
            _ftlint("check", str(fifo)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
        )
    try:
        with open(_writer_once_read(fifo, proc), "wb") as writer:
            writer.write(GOOD_LINE * 3)
            writer.flush()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert err.decode() == "ftlint: interrupted\n"
    assert proc.returncode == 130
    assert b"Traceback" not in out


def _writer_once_read(fifo: Path, proc: subprocess.Popen[bytes]) -> int:
    """The write end of ``fifo``, once ``proc`` has opened it for reading (a bounded wait:
    a plain blocking open would wait forever for an ftlint that ended before opening it)."""
    pause = threading.Event()
    for _ in range(60 * 20):
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            assert proc.poll() is None, proc.communicate()
            pause.wait(0.05)
        else:
            os.set_blocking(fd, True)
            return fd
    raise AssertionError("ftlint never opened the named pipe")


_INTERRUPT_DURING_IMPORT = textwrap.dedent(
    """
    import sys
    from importlib.metadata import entry_points

    class Interrupt:
        # Ctrl-C while ftlint's modules are still being imported.
        def find_spec(self, name, path=None, target=None):
            if name == "msgspec" or name.startswith("msgspec."):
                raise KeyboardInterrupt
            return None

    (entry,) = [e for e in entry_points(group="console_scripts") if e.name == "ftlint"]
    sys.meta_path.insert(0, Interrupt())
    sys.argv = ["ftlint", "check", sys.argv[1]]
    sys.exit(entry.load()())
    """
)


def test_ctrl_c_during_start_up(tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_bytes(GOOD_LINE * 10)
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_DURING_IMPORT, str(path)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert proc.stderr == "ftlint: interrupted\n"
    assert proc.returncode == 130


# -- a file that grows while it is read ---------------------------------------------------------


class GrowingFile:
    """A real file opened for reading, to which ``grow()`` appends before every read call.

    ``schedule(k)`` returns the bytes to append before the k-th read call (k from 1), or
    b"" for none. Appends go through a second handle on the same file, as another process
    would write them; ``fileno()`` is the real descriptor, so ``os.fstat`` sees the growth.
    """

    def __init__(self, path: Path, schedule: Callable[[int], bytes], limit: int = 10_000) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 (closed by close())
        self._out = open(path, "ab")  # noqa: SIM115
        self._schedule = schedule
        self._limit = limit
        self.calls = 0

    def _grow(self) -> None:
        self.calls += 1
        if self.calls > self._limit:
            raise AssertionError(f"still reading a growing file after {self._limit} reads")
        data = self._schedule(self.calls)
        if data:
            self._out.write(data)
            self._out.flush()

    def read(self, size: int = -1) -> bytes:
        self._grow()
        return self._fh.read(size)

    def read1(self, size: int = -1) -> bytes:
        self._grow()
        return self._fh.read1(size)

    def readinto(self, buffer: Any) -> int:
        self._grow()
        return self._fh.readinto(buffer)

    def readline(self, size: int = -1) -> bytes:
        self._grow()
        return self._fh.readline(size)

    def readlines(self, hint: int = -1) -> list[bytes]:
        self._grow()
        return self._fh.readlines(hint)

    def __iter__(self) -> GrowingFile:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def close(self) -> None:
        self._fh.close()
        self._out.close()


def _check_growing(tmp_path: Path, schedule: Callable[[int], bytes]) -> ftlint.FileReport:
    path = tmp_path / "growing.jsonl"
    path.write_bytes(GOOD_LINE * 20)
    stream = GrowingFile(path, schedule)
    try:
        return ftlint.check_stream(stream, path=str(path))  # type: ignore[arg-type]
    finally:
        stream.close()


def test_file_growing_by_whole_lines_is_read_consistently(tmp_path):
    report = _check_growing(tmp_path, lambda k: GOOD_LINE * 5 if k <= 3 else b"")
    stats = report.stats
    assert report.errors == 0, report.findings
    assert 20 <= stats.lines <= 35
    assert stats.examples == stats.lines and stats.invalid == 0


def test_file_that_keeps_growing_is_read_to_an_end(tmp_path):
    report = _check_growing(tmp_path, lambda k: GOOD_LINE)
    assert report.errors == 0, report.findings[:3]
    assert report.stats.lines >= 20
    assert report.stats.examples == report.stats.lines


def test_line_being_written_is_not_split(tmp_path):
    half = len(GOOD_LINE) // 2
    schedule = {2: GOOD_LINE[:half], 3: GOOD_LINE[half:]}
    report = _check_growing(tmp_path, lambda k: schedule.get(k, b""))
    assert "J001" not in {f.code for f in report.findings}, report.findings
    assert report.stats.invalid == 0
    assert report.stats.examples == report.stats.lines in (20, 21)


# -- ftlint never writes to its inputs ------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    return {
        str(p.relative_to(root)): (
            p.stat().st_size,
            p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _nasty_files(root: Path) -> None:
    root.mkdir()
    (root / "utf16.jsonl").write_bytes((GOOD_LINE.decode() * 12).encode("utf-16"))
    (root / "crlf.jsonl").write_bytes(GOOD_LINE.replace(b"\n", b"\r\n") * 12)
    (root / "empty.jsonl").write_bytes(b"")
    (root / "nul.jsonl").write_bytes(GOOD_LINE * 10 + b"\x00" * 100 + b"\n")
    (root / "deep.jsonl").write_bytes(b"[" * 10_000 + b"\n")
    (root / "binary.jsonl").write_bytes(bytes(range(256)) * 40)
    import gzip

    blob = gzip.compress(GOOD_LINE * 100, mtime=0)
    (root / "cut.jsonl.gz").write_bytes(blob[: len(blob) // 2])
    (root / "good.jsonl.gz").write_bytes(blob)


def test_inputs_are_never_modified(run, tmp_path):
    """Every input is read at least once, and each way of naming inputs (a walked folder,
    paths, standard input) and both kinds of output are used: the fixtures are walked once
    (a few are slow to check), the nasty files walked and named, with what a walk skips."""
    nasty = tmp_path / "nasty"
    _nasty_files(nasty)
    roots = [FIXTURES, nasty]
    before = [_snapshot(root) for root in roots]
    files = [p for root in roots for p in sorted(root.rglob("*")) if p.is_file()]
    data_files = [p for p in files if p.suffix != ".expected"]
    named = [str(p) for p in data_files if nasty in p.parents or not p.name.endswith(DATA_SUFFIXES)]
    assert len(named) > len(list(nasty.iterdir()))  # files the walk skips are named
    walked = run("check", "-o", "json", "--max-findings", "1", str(FIXTURES))
    assert walked.exit_code == 1, show(walked)
    for args in (["check", str(nasty)], ["check", *named]):
        result = run(*args)
        assert result.exit_code in (0, 1), show(result)
    for fixture in data_files[:5]:
        result = run("check", "-", input=fixture.read_bytes())
        assert result.exit_code in (0, 1), show(result)
    assert [_snapshot(root) for root in roots] == before


def test_stream_position_of_a_given_stream_is_only_read(tmp_path):
    """check_stream reads the caller's stream and neither closes nor writes it."""
    buffer = io.BytesIO(GOOD_LINE * 10)
    report = ftlint.check_stream(buffer, path="mem.jsonl")
    assert report.errors == 0
    assert not buffer.closed
    assert buffer.getvalue() == GOOD_LINE * 10
