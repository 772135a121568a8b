"""Worker processes and signals (issue #18, items 1-3), with real processes and signals.

Each run is held at a known point by a named pipe among its inputs: opening the pipe's
write end (non-blocking) succeeds only once ftlint has opened it for reading, so the
workers have started and the run is waiting. No test reads a clock: waits are bounded
by generous timeouts, and the assertions are about exit codes, output and processes.

- Ctrl-C (SIGINT to the whole process group, as a terminal sends it): one line, exit 130,
  no worker traceback, no worker left.
- SIGTERM to the parent: exit 143, and its workers end too. SIGKILL: the workers end too.
- A closed output pipe: the exit code is the one the run has with its output read.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ctrl_c_reaches_children

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(os, "mkfifo"),
    reason="/proc, process groups and named pipes",
)

_LINE = json.dumps(
    {
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "question"},
            {"role": "assistant", "content": "answer"},
        ]
    }
).encode()
# 100 KB a line, nearly all of it spaces: fast to decode, check and tokenize, so a big
# input costs little time while it still passes the sizes that start the workers.
_PADDED = _LINE + b" " * (100_000 - len(_LINE) - 1) + b"\n"
_BAD = b'{"messages": [{"role": "human", "content": "q"}]}\n'
_ENV_DROP = ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FTLINT_DEBUG", "PRE_COMMIT")
_WAIT = 120  # seconds: a bound for a loaded machine, never a measurement


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _ENV_DROP}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """26 MB: past both `check`'s (24 MiB) and `stats`' (8 MB) thresholds for workers."""
    path = tmp_path_factory.mktemp("lifecycle") / "big.jsonl"
    path.write_bytes(_PADDED * 260)
    return path


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[1] == pid and stat[0] != "Z":
                found.add(int(entry))
    return found


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, ``None`` when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has ended


def _wait_gone(pids: set[int]) -> set[int]:
    """The ``pids`` still alive after a bounded wait for them to end."""
    done = threading.Event()
    for _ in range(_WAIT * 10):
        left = {pid for pid in pids if _alive(pid)}
        if not left:
            return left
        done.wait(0.1)
    return {pid for pid in pids if _alive(pid)}


@contextlib.contextmanager
def _held(fifo: Path, proc: subprocess.Popen[bytes]) -> Iterator[None]:
    """Wait until ``proc`` has opened ``fifo`` for reading; keep it waiting on it."""
    pause = threading.Event()
    fd = -1
    for _ in range(_WAIT * 20):
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:  # ENXIO: no reader yet
            assert proc.poll() is None, proc.communicate()
            pause.wait(0.05)
    assert fd >= 0, "ftlint never opened the named pipe"
    try:
        yield
    finally:
        os.close(fd)


def _start(args: list[str], fifo: Path) -> subprocess.Popen[bytes]:
    os.mkfifo(fifo)
    # stderr to a file: a worker that outlives the parent must not hold up reading it.
    with open(fifo.with_suffix(".err"), "wb") as err, ctrl_c_reaches_children():
        return subprocess.Popen(
            [sys.executable, "-m", "ftlint", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=_env(),
            start_new_session=True,  # its own process group, as a shell job has
        )


def _finish(proc: subprocess.Popen[bytes], fifo: Path) -> bytes:
    """Wait for the parent to end; what it wrote on stderr."""
    try:
        proc.wait(timeout=_WAIT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return fifo.with_suffix(".err").read_bytes()


@contextlib.contextmanager
def _cleanup(workers: set[int]) -> Iterator[None]:
    """Whatever the test found, no worker of it outlives it."""
    try:
        yield
    finally:
        for pid in workers:
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


_COMMANDS = {"check": ["check", "--jobs", "2"], "stats": ["stats", "--jobs", "2"]}


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_ctrl_c_is_one_line_and_130(command: str, big: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "hold.jsonl"
    proc = _start([*_COMMANDS[command], str(big), str(fifo)], fifo)
    workers: set[int] = set()
    with _cleanup(workers), _held(fifo, proc):
        workers |= _children(proc.pid)
        assert len(workers) >= 2, workers
        os.killpg(proc.pid, signal.SIGINT)  # the terminal's Ctrl-C reaches every process
        err = _finish(proc, fifo)
        assert err.decode() == "ftlint: interrupted\n"
        assert proc.returncode == 130
        assert not _wait_gone(workers)


@pytest.mark.parametrize("command", sorted(_COMMANDS))
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_workers_end_with_the_parent(
    command: str, signum: signal.Signals, big: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "hold.jsonl"
    proc = _start([*_COMMANDS[command], str(big), str(fifo)], fifo)
    workers: set[int] = set()
    with _cleanup(workers), _held(fifo, proc):
        workers |= _children(proc.pid)
        assert len(workers) >= 2, workers
        proc.send_signal(signum)  # the parent alone
        err = _finish(proc, fifo)
        # Checked while the pipe is still held: a worker blocked on it must end anyway.
        left = _wait_gone(workers)
        assert not left, f"workers outlived the parent: {sorted(left)}"
        if signum == signal.SIGTERM:
            assert proc.returncode == 143, err.decode()
            assert err == b""


def _closed_pipe(args: list[str]) -> tuple[int, bytes]:
    """Run with standard output a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ftlint", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env=_env(),
            timeout=_WAIT,
        )
    finally:
        os.close(write)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-o", "text"],
        ["check", "-o", "json"],
        ["check", "-o", "jsonl", "--jobs", "2"],
        ["check", "--ignore", "S"],
        ["stats"],
        ["stats", "-o", "json"],
    ],
    ids=["check-text", "check-json", "check-jsonl-jobs", "check-clean", "stats", "stats-json"],
)
def test_closed_pipe_keeps_the_exit_code(args: list[str], tmp_path: Path, run) -> None:
    data = tmp_path / "data.jsonl"
    data.write_bytes((_LINE + b"\n" + _BAD) * 200)
    expected = run(*args, str(data)).exit_code  # with its output read, in this process
    assert expected in (0, 1)
    code, err = _closed_pipe([*args, str(data)])
    assert err == b"", err.decode(errors="replace")
    assert code == expected


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        children = _children(todo.pop())
        found |= children
        todo.extend(children)
    return found


def test_ctrl_c_with_dask_is_one_line_and_130(tmp_path: Path) -> None:
    """--dask local:2: a Ctrl-C reaches the cluster's workers too; they leave it to ftlint."""
    pytest.importorskip("distributed")
    data = tmp_path / "data.jsonl"
    data.write_bytes(_LINE + b"\n")
    fifo = tmp_path / "hold.jsonl"
    proc = _start(["check", "--dask", "local:2", "--shards", "2", str(data), str(fifo)], fifo)
    workers: set[int] = set()
    with _cleanup(workers), _held(fifo, proc):  # a worker's task reads the named pipe
        workers |= _descendants(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        err = _finish(proc, fifo)
        assert err.decode() == "ftlint: interrupted\n"
        assert proc.returncode == 130
        assert not _wait_gone(workers)


def test_children_take_ctrl_c_even_where_the_suite_ignores_it() -> None:
    """A suite started in the background by a script ignores SIGINT, and so would the
    ftlint it starts: the tests above then waited for an exit that could not come."""
    show = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as `python -m pytest &` starts
    try:
        with ctrl_c_reaches_children():
            child = subprocess.run(
                [sys.executable, "-c", show], capture_output=True, text=True, timeout=_WAIT
            )
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # this process: as it was
    finally:
        signal.signal(signal.SIGINT, previous)
    assert child.stdout == "True\n", child.stderr
