"""Benchmark ``ftlint fix`` (and ``ftlint split``) against ``ftlint check`` on the same files.

Two generated chat files of the same size: a clean one, and one with 1% broken lines
(generate.py's ``--errors 0.01``: syntax errors, bad roles, wrong content types, missing
keys, blank lines; fix repairs the roles, the trailing commas and the blank lines, and
rejects the rest). Each row is a CLI subprocess (wall clock, interpreter start included),
N repetitions interleaved, with the minimum, the median, the peak RSS of the command's
own process, and the ratio of the row's minimum to that of ``check --jobs 1`` on the same
file (fix and split run in one process). The issue's goal: fix within 2x of check.

The data files are the ones bench_check.py generates (cached under bench/data/, shared).

Usage::

    .venv/bin/python bench/bench_fix.py                 # 100 MB, min of 3
    .venv/bin/python bench/bench_fix.py --quick         # 10 MB, min of 3
    .venv/bin/python bench/bench_fix.py --size-mb 300 --repeat 5
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
    ("fix", "fix -o OUT", ["fix", "{path}", "-o", "{out}/fixed.jsonl"]),
    (
        "fix_all",
        "fix -o OUT --rejects REJ --log LOG --drop-duplicates",
        [
            "fix",
            "{path}",
            "-o",
            "{out}/fixed.jsonl",
            "--rejects",
            "{out}/rej.jsonl",
            "--log",
            "{out}/log.jsonl",
            "--drop-duplicates",
        ],
    ),
    (
        "split",
        "split --validation-fraction 0.1",
        [
            "split",
            "{path}",
            "--validation-fraction",
            "0.1",
            "--train-out",
            "{out}/t.jsonl",
            "--validation-out",
            "{out}/v.jsonl",
        ],
    ),
)
BASELINE = "check1"
ERROR_RATES = (0.0, 0.01)


def _run(args: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (KB) of one CLI run; its outputs are replaced (--force)."""
    command = [sys.executable, "-m", "ftlint", *args]
    if args[0] in ("fix", "split"):
        command.append("--force")
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    error = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    # check exits 1 on errors, fix when unfixable lines stay in OUT; both are fine here.
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {proc.returncode}\n{error}")
    return seconds, usage.ru_maxrss


def _table(path: Path, repeat: int, out: str) -> list[str]:
    times: dict[str, list[float]] = {key: [] for key, _, _ in ROWS}
    peaks: dict[str, int] = dict.fromkeys(times, 0)
    for _ in range(repeat):
        for key, _, row in ROWS:
            seconds, peak = _run([a.format(path=path, out=out) for a in row])
            times[key].append(seconds)
            peaks[key] = max(peaks[key], peak)
    lines = [
        f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, min and median of {repeat}",
        "",
        "| Command | min s | median s | peak RSS MB | x check --jobs 1 |",
        "|---|---|---|---|---|",
    ]
    base = min(times[BASELINE])
    for key, label, _ in ROWS:
        best = min(times[key])
        lines.append(
            f"| `ftlint {label}` | {best:.2f} | {statistics.median(times[key]):.2f}"
            f" | {peaks[key] / 1024:.0f} | {best / base:.2f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10 MB")
    args = parser.parse_args(argv)
    size = 10.0 if args.quick else args.size_mb
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    paths = [_ensure(size, 1, rate) for rate in ERROR_RATES]
    with tempfile.TemporaryDirectory(dir=HERE / "data") as out:
        for path in paths:
            print()
            print("\n".join(_table(path, args.repeat, out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
