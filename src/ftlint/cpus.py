"""How many processes to run: one place for the ``--jobs 0`` default of every command."""

from __future__ import annotations

import os


def default_jobs() -> int:
    """The CPUs this process may use: one worker process per core."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1
