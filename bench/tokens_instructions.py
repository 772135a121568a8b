"""Instruction counts (valgrind callgrind) of ``ftlint stats`` against the tiktoken loop.

The CPU time of ``bench_tokens.py`` is noisy on a shared machine; instruction counts are
not (they do not see caches or other processes). Each row runs in a fresh process under
``valgrind --tool=callgrind --trace-children=yes``, and the instructions of the process
and of every worker it started are added up (a forked worker's from the fork on:
callgrind would otherwise count its parent's instructions again in it). Set-up is
measured apart and taken off:

- ``loop``: the tiktoken ``encode_ordinary`` loop of ``bench_tokens.py`` over every text
  ftlint tokenizes, less a run that only loads the texts and the encoding;
- ``jobs=1`` / ``jobs=N``: ``run_stats`` on the file, less a run that only imports ftlint
  and loads the encoding; for ``jobs=N``, the workers' start-up (a run on a file of a few
  lines cut or batched for N workers, less the same with ``jobs=1``) is taken off too.
  Files under ``PARALLEL_MIN_BYTES`` are given to the workers anyway.

The ratio is the loop's instructions over the row's: above 1, fewer instructions than
the plain loop (a repeated system prompt is tokenized once). ``PYTHONPATH=OTHER/src``
measures another source tree.

Usage::

    .venv/bin/python bench/tokens_instructions.py              # 4 MB, N = 2
    .venv/bin/python bench/tokens_instructions.py --size-mb 2 --jobs 2

Slow: valgrind runs Python about 50 times slower (about 10 minutes for 4 MB).
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import _ensure  # noqa: E402
from bench_tokens import _extract, _run_stats, _tiny  # noqa: E402


def _work(path: str, mode: str, jobs: int) -> None:
    """The measured process: set-up, then the work of ``mode``."""
    if mode.startswith("loop"):
        from ftlint import tokens

        texts, _ = _extract(Path(path))
        encode = tokens.load("o200k_base").encoding.encode_ordinary
        if mode == "loop":
            for text in texts:
                len(encode(text))
        return
    if mode == "setup":
        from ftlint import stats_run, tokens  # noqa: F401 - what the runs import

        tokens.load("o200k_base")
        return
    if mode.startswith("tiny"):
        _run_stats(_tiny(path, jobs), 1 if mode == "tiny1" else jobs)
        return
    import ftlint.stats_run

    ftlint.stats_run.PARALLEL_MIN_BYTES = 0  # type: ignore[misc]
    _run_stats(path, 1 if mode == "jobs1" else jobs)


def _instructions(path: Path, mode: str, jobs: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "cg.%p")
        run = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--trace-children=yes",
                # A forked worker starts with its parent's counts: zero them in the child.
                "--zero-before=PyOS_AfterFork_Child",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--worker",
                mode,
                str(path),
                "--jobs",
                str(jobs),
            ],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise SystemExit(f"{mode} failed ({run.returncode}):\n{run.stderr[-3000:]}")
        total = 0
        for name in glob.glob(os.path.join(folder, "cg.*")):
            with open(name) as fh:
                for line in fh:
                    if line.startswith("totals:"):
                        total += int(line.split()[1])
                        break
        return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _work(args.path, args.worker, args.jobs)
        return
    path = _ensure(args.size_mb, args.seed, 0.0)
    _extract(path)  # cached before the runs
    modes = ("loopsetup", "loop", "setup", "jobs1", "jobsN", "tiny1", "tinyN")
    g = {mode: _instructions(path, mode, args.jobs) / 1e9 for mode in modes}
    loop = g["loop"] - g["loopsetup"]
    one = g["jobs1"] - g["setup"]
    many = g["jobsN"] - g["setup"] - (g["tinyN"] - g["tiny1"])
    print(f"{path.name}, N = {args.jobs}, G instructions (set-up apart)\n")
    print("| row | G instructions | loop / row |")
    print("|---|--:|--:|")
    print(f"| tiktoken encode_ordinary loop | {loop:.3f} | 1.00 |")
    print(f"| ftlint stats, jobs=1 | {one:.3f} | {loop / one:.2f} |")
    print(f"| ftlint stats, jobs={args.jobs}, start-up apart | {many:.3f} | {loop / many:.2f} |")
    print(f"\nraw: {g}")


if __name__ == "__main__":
    main()
