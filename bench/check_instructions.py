"""Instruction counts (callgrind) of `ftlint check --jobs 1` against the yardstick, for a
machine that others share: counts do not move with the load, wall time does.

    .venv/bin/python bench/check_instructions.py FILE... [--src SRC]

For each FILE, four processes run under ``valgrind --tool=callgrind``: the yardstick (the
bare msgspec typed decode of every line, as in compare_refs.py) and ftlint, each on FILE
and on its first 10 lines. Start-up is taken off by the difference, so the ratio is
throughput: yardstick instructions per ftlint instruction (1.00 = as cheap). Instructions
are not seconds (the mix of work differs), so quote wall-time ratios from a quiet machine
where there is one; these are for comparing trees and files on a busy one.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile

from compare_refs import YARDSTICK

_TOTAL = re.compile(rb"Collected : (\d+)")


def _instructions(args: list[str], src: str) -> int:
    env = {**os.environ, "PYTHONPATH": src}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    found = _TOTAL.search(done.stderr)
    if found is None:
        sys.exit(f"callgrind gave no count: {done.stderr[-500:]!r}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--src", default=os.path.join(os.path.dirname(__file__), "..", "src"))
    args = parser.parse_args()
    py = sys.executable
    print(f"{'file':<28}{'yardstick Mi':>14}{'ftlint Mi':>12}{'ratio':>8}")
    for path in args.files:
        root = "preference" if "dpo" in os.path.basename(path) else "chat"
        with open(path, "rb") as data, tempfile.NamedTemporaryFile(suffix=".jsonl") as head:
            head.write(b"".join(line for _, line in zip(range(10), data, strict=False)))
            head.flush()
            counts = {}
            for name, target in (("full", path), ("head", head.name)):
                counts["yard", name] = _instructions([py, "-c", YARDSTICK, target, root], args.src)
                counts["ftlint", name] = _instructions(
                    [py, "-m", "ftlint", "check", "-q", "--jobs", "1", target], args.src
                )
        yard = counts["yard", "full"] - counts["yard", "head"]
        ftlint = counts["ftlint", "full"] - counts["ftlint", "head"]
        name = os.path.basename(path)
        print(f"{name:<28}{yard / 1e6:>14.1f}{ftlint / 1e6:>12.1f}{yard / ftlint:>8.2f}")


if __name__ == "__main__":
    main()
