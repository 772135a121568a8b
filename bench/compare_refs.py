"""Whole-process `ftlint check --jobs 1` of two source trees, against the bare msgspec
typed decode of the same file, interleaved, min of N runs each.

    .venv/bin/python bench/compare_refs.py OLD_SRC NEW_SRC FILE... [--repeat 5]

Each run is a fresh process. The yardstick decodes every line with the chat (or DPO)
root Struct of NEW_SRC, through a 1 MiB buffer as ftlint reads. Ratios are throughput
against the yardstick (1.00 = as fast); start-up is not taken off.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

YARDSTICK = """
import sys, msgspec
from ftlint import schema
dec = msgspec.json.Decoder(schema.ROOTS[sys.argv[2]])
with open(sys.argv[1], "rb", buffering=1 << 20) as f:
    for line in f:
        try:
            dec.decode(line)
        except msgspec.DecodeError:
            pass
"""


def _run(args: list[str], src: str) -> float:
    env = {**os.environ, "PYTHONPATH": src}
    start = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    print(
        f"{'file':<34}{'yardstick':>10}{'old':>8}{'new':>8}{'old x':>8}{'new x':>8}{'new/old':>9}"
    )
    for path in args.files:
        root = "preference" if "dpo" in os.path.basename(path) else "chat"
        rows: dict[str, list[float]] = {"yard": [], "old": [], "new": []}
        for _ in range(args.repeat):
            rows["yard"].append(_run([py, "-c", YARDSTICK, path, root], args.new))
            rows["old"].append(
                _run([py, "-m", "ftlint", "check", "-q", "--jobs", "1", path], args.old)
            )
            rows["new"].append(
                _run([py, "-m", "ftlint", "check", "-q", "--jobs", "1", path], args.new)
            )
        y, o, n = (min(rows[k]) for k in ("yard", "old", "new"))
        name = os.path.basename(path)
        print(f"{name:<34}{y:>10.3f}{o:>8.3f}{n:>8.3f}{y / o:>8.2f}{y / n:>8.2f}{n / o:>9.3f}")


if __name__ == "__main__":
    main()
