"""The one worker pool of ftlint: ``check --jobs`` and ``stats --jobs`` both run on it.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: its workers share one queue whose
lock a dying worker can take with it (Ctrl-C hung ``stats`` that way), it adds a manager
thread, and its workers outlive a parent that is killed. This pool is small enough to
reason about:

- the parent has no threads: it sends each task down a pipe to an idle worker, and a
  task's :meth:`Task.result` reads the answers of any worker until its own has come;
- workers never see Ctrl-C: SIGINT and SIGTERM are blocked while a worker starts (so
  neither can land before its handlers are set, even in a spawned interpreter), then it
  ignores SIGINT and takes the default action for SIGTERM. The parent alone handles
  Ctrl-C, and ends the workers;
- workers die with the parent, whatever ends it: on Linux the kernel sends SIGKILL to a
  worker whose parent ends (``PR_SET_PDEATHSIG``); elsewhere a thread in the worker
  watches ``os.getppid()``;
- while a pool is open, SIGTERM makes the parent raise :class:`Terminated` (a
  ``SystemExit`` with code 143), so the pool's ``with`` block ends the workers and
  removes temporary files before the process exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any, Generic, TypeVar

T = TypeVar("T")

EXIT_TERMINATED = 128 + signal.SIGTERM
_PR_SET_PDEATHSIG = 1
_BLOCKED = {signal.SIGINT, signal.SIGTERM}


class Terminated(SystemExit):
    """SIGTERM reached the parent: unwind (closing pools and files), then exit 143."""

    def __init__(self) -> None:
        super().__init__(EXIT_TERMINATED)


class WorkerError(RuntimeError):
    """A worker process ended without answering (killed, or out of memory)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """While open, SIGTERM raises :class:`Terminated` in the main thread.

    Elsewhere (a thread, or a handler someone else installed) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield  # the embedding program has its own plan for SIGTERM
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def blocked_signals() -> Iterator[None]:
    """While open, SIGINT and SIGTERM wait in this thread; threads and processes started
    meanwhile are born with them blocked. A signal that came meanwhile arrives after."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def die_with_parent(parent: int | None = None) -> None:
    """Make this process end when its parent does (``parent``: its pid, by default now).

    On Linux the kernel sends SIGKILL; elsewhere a daemon thread polls ``os.getppid()``.
    """
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                # The parent may have died before prctl: then nobody will send the signal.
                if os.getppid() != parent:
                    os._exit(1)
                return
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:  # pragma: no cover - not Linux
    while True:
        if os.getppid() != parent:
            os._exit(1)
        threading.Event().wait(0.5)


def _worker(conn: Connection, parent: int) -> None:
    """A worker's life: answer tasks until the pipe closes or says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _BLOCKED)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args = message
        try:
            answer: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:
            answer = (False, exc)
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return
        except Exception as exc:  # the answer cannot be pickled
            conn.send((False, WorkerError(f"{type(exc).__name__}: {exc}")))


class Task(Generic[T]):
    """The future result of a task; :meth:`result` waits for it."""

    __slots__ = ("_pool", "cancelled", "done", "ok", "value")

    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self.done = False
        self.cancelled = False
        self.ok = False
        self.value: Any = None

    def result(self) -> T:
        """The task's return value; its exception is raised here."""
        while not self.done:
            self._pool._step()
        if not self.ok:
            raise self.value
        return self.value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Drop the task if no worker has it yet."""
        self.cancelled = True


class _Slot:
    """One worker process and its end of the pipe."""

    __slots__ = ("conn", "process", "task")

    def __init__(self, conn: Connection, process: Any) -> None:
        self.conn = conn
        self.process = process
        self.task: Task[Any] | None = None


class Pool:
    """Up to ``jobs`` worker processes, started as tasks need them.

    Use it as a context manager (or call :meth:`close`): leaving ends every worker, at
    once when leaving on an exception.

    Args:
        jobs: the most worker processes.
        start: ``"fork"`` (fast to start, everything already imported) or ``"spawn"``
            (a fresh interpreter). ``fork`` falls back to ``spawn`` where it is missing.
    """

    def __init__(self, jobs: int, start: str = "fork") -> None:
        if start not in multiprocessing.get_all_start_methods():
            start = "spawn"
        self.jobs = max(1, jobs)
        self._context: Any = multiprocessing.get_context(start)
        self._slots: list[_Slot] = []
        self._queue: deque[tuple[Task[Any], Callable[..., Any], tuple[Any, ...]]] = deque()
        self._sigterm: contextlib.ExitStack | None = None
        self._closed = False

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(abort=kind is not None)

    def submit(self, fn: Callable[..., T], *args: Any) -> Task[T]:
        """Queue ``fn(*args)`` for a worker; ``fn`` must be a module-level function."""
        if self._closed:
            raise RuntimeError("the pool is closed")
        task: Task[T] = Task(self)
        self._queue.append((task, fn, args))
        self._dispatch()
        return task

    def _dispatch(self) -> None:
        """Hand queued tasks to idle workers, starting workers up to ``jobs``."""
        queue = self._queue
        while queue:
            slot = next((s for s in self._slots if s.task is None), None)
            if slot is None:
                if len(self._slots) >= self.jobs:
                    return
                slot = self._start_worker()
            task, fn, args = queue.popleft()
            if task.cancelled:
                task.done = True
                continue
            slot.task = task
            slot.conn.send((fn, args))

    def _start_worker(self) -> _Slot:
        if self._sigterm is None:
            self._sigterm = contextlib.ExitStack()
            self._sigterm.enter_context(terminate_on_sigterm())
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker, args=(theirs, os.getpid()), daemon=True, name="ftlint-worker"
        )
        # Blocked signals stay blocked in the child (across exec too) until its handlers
        # are set: a Ctrl-C while it starts can then neither kill it nor print a traceback.
        with blocked_signals():
            process.start()
        theirs.close()
        slot = _Slot(ours, process)
        self._slots.append(slot)
        return slot

    def _step(self) -> None:
        """Wait for at least one answer, record it, and give the worker its next task."""
        busy = {s.conn: s for s in self._slots if s.task is not None}
        if not busy:
            raise RuntimeError("waiting on a task that no worker has")
        for ready in wait(list(busy)):
            slot = busy[ready]  # type: ignore[index]
            task, conn = slot.task, slot.conn
            assert task is not None
            try:
                task.ok, task.value = conn.recv()
            except (EOFError, OSError):
                slot.process.join(1)
                code = slot.process.exitcode
                task.ok, task.value = (
                    False,
                    WorkerError(f"a worker process ended unexpectedly (exit code {code})"),
                )
                self._slots.remove(slot)
                conn.close()
            task.done = True
            slot.task = None
        self._dispatch()

    def close(self, *, abort: bool = False) -> None:
        """End the workers: after their current task, or at once with ``abort``."""
        if self._closed:
            return
        self._closed = True
        self._queue.clear()
        slots, self._slots = self._slots, []
        try:
            for slot in slots:
                if abort or slot.task is not None:
                    slot.process.kill()
                else:
                    with contextlib.suppress(OSError, ValueError):
                        slot.conn.send(None)
            for slot in slots:
                slot.process.join(5)
                if slot.process.exitcode is None:
                    slot.process.kill()
                    slot.process.join()
                slot.conn.close()
        finally:
            if self._sigterm is not None:
                self._sigterm.close()


__all__ = [
    "EXIT_TERMINATED",
    "Pool",
    "Task",
    "Terminated",
    "WorkerError",
    "blocked_signals",
    "die_with_parent",
    "terminate_on_sigterm",
]
