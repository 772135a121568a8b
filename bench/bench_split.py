"""Benchmark ``ftlint split`` against ``ftlint check`` on the same generated chat file.

Times each command as a CLI subprocess (wall clock, interpreter start included), N
repetitions interleaved (repetition 1 of every row, then repetition 2, ...), and prints
the minimum, the median, the peak RSS of the command's own process, and the ratio of
each row's minimum to that of ``check --jobs 1`` (split runs in one process).

The peak RSS is the ``ru_maxrss`` that ``os.wait4`` returns for that one child. On Linux
a child inherits its parent's peak at the fork; this script imports only the standard
library (about 10 MB), so a figure above that is the command's own.

The data file is the one bench_check.py generates (cached under bench/data/, shared).

Usage::

    .venv/bin/python bench/bench_split.py                 # 100 MB, min of 3
    .venv/bin/python bench/bench_split.py --quick         # 10 MB, min of 3
    .venv/bin/python bench/bench_split.py --size-mb 300 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import _ensure  # noqa: E402

# (key, label, arguments after `python -m ftlint`); {path} and {out} are filled in.
ROWS = (
    ("check1", "check -q --jobs 1 (baseline)", ["check", "-q", "--jobs", "1", "{path}"]),
    ("check", "check -q (every core)", ["check", "-q", "{path}"]),
    (
        "split_fraction",
        "split --validation-fraction 0.1 (group by context)",
        ["split", "{path}", "--validation-fraction", "0.1"],
    ),
    (
        "split_size",
        "split --validation-size 1000 (group by context)",
        ["split", "{path}", "--validation-size", "1000"],
    ),
    (
        "split_line",
        "split --validation-fraction 0.1 --group-by line",
        ["split", "{path}", "--validation-fraction", "0.1", "--group-by", "line"],
    ),
)
BASELINE = "check1"


def _run(args: list[str], out: str) -> tuple[float, int]:
    """Seconds and peak RSS (KB) of one CLI run; split writes under ``out``, replaced."""
    command = [sys.executable, "-m", "ftlint", *args]
    if args[0] == "split":
        command += ["--train-out", f"{out}/t.jsonl", "--validation-out", f"{out}/v.jsonl"]
        command.append("--force")
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    error = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    # check exits 1 when it finds errors (the clean file has none); split warns on stderr.
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {proc.returncode}\n{error}")
    return seconds, usage.ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10 MB")
    args = parser.parse_args(argv)
    size = 10.0 if args.quick else args.size_mb
    path = _ensure(size, 1, 0.0)
    times: dict[str, list[float]] = {key: [] for key, _, _ in ROWS}
    peaks: dict[str, int] = dict.fromkeys(times, 0)
    with tempfile.TemporaryDirectory(dir=HERE / "data") as out:
        for _ in range(args.repeat):
            for key, _, row in ROWS:
                seconds, peak = _run([a.format(path=path) for a in row], out)
                times[key].append(seconds)
                peaks[key] = max(peaks[key], peak)
    print(
        f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, min and median of {args.repeat},"
        f" {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print()
    print("| Command | min s | median s | peak RSS MB | x check --jobs 1 |")
    print("|---|---|---|---|---|")
    base = min(times[BASELINE])
    for key, label, _ in ROWS:
        best = min(times[key])
        print(
            f"| `ftlint {label}` | {best:.2f} | {statistics.median(times[key]):.2f}"
            f" | {peaks[key] / 1024:.0f} | {best / base:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
