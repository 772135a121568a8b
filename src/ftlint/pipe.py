"""A closed output pipe (``ftlint check big.jsonl | head -1``) changes nothing but the output.

Whether a write meets the closed pipe at all is a race: a small report may fit in the pipe
before the reader goes, a large one does not. So that the exit code does not depend on
that race, the first ``EPIPE`` on standard output points it at ``/dev/null`` and the run
goes on to its end: the exit code is the one the run would have had with its whole output
read. (Under ``set -o pipefail`` a pipeline then fails only when ftlint found errors.)
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any


class PipeState:
    """Whether standard output's reader went away during the run."""

    closed = False


def _silence(fd: int) -> None:
    """Point ``fd`` at ``/dev/null``: later writes, and the flush at exit, succeed."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


class _Guarded:
    """A stream whose first ``BrokenPipeError`` silences standard output instead."""

    def __init__(self, stream: Any, state: PipeState) -> None:
        self._stream = stream
        self._state = state

    def _closed(self) -> None:
        self._state.closed = True
        try:
            _silence(self._stream.fileno())
        except (AttributeError, OSError, ValueError):
            # No descriptor (a test's buffer): drop what follows instead.
            mode = "w" if hasattr(self._stream, "encoding") else "wb"
            self._stream = open(os.devnull, mode)  # noqa: SIM115 - lives as long as the run

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except BrokenPipeError:
            self._closed()
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._closed()
            with contextlib.suppress(BrokenPipeError, OSError, ValueError):
                self._stream.flush()  # the buffered rest now goes to /dev/null

    @property
    def buffer(self) -> Any:
        buffer = getattr(self._stream, "buffer", None)
        return None if buffer is None else _Guarded(buffer, self._state)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def guard_stdout() -> Iterator[PipeState]:
    """While open, a closed pipe on ``sys.stdout`` silences it instead of raising."""
    state = PipeState()
    real = sys.stdout
    if real is None:
        yield state
        return
    sys.stdout = _Guarded(real, state)
    try:
        yield state
    finally:
        sys.stdout = real


__all__ = ["PipeState", "guard_stdout"]
