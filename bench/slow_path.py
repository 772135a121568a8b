"""What an invalid line costs `ftlint check`, by kind, in instructions.

    .venv/bin/python bench/slow_path.py [FILE] [--lines 2000] [--per-kind 150] [--src SRC]

FILE (default: the 100 MB ``invalid10`` file of ``cliffs.py``, ``generate.py --errors 0.10
--error-mix all``) is checked once; its first ``--lines`` lines are split into the valid
ones and the invalid ones, grouped by the codes of their findings (a line with J006 and
S005 is its own kind). For each kind, a file is made of the valid lines with
``--per-kind`` lines of that kind spread evenly among them, and ``ftlint check -q --jobs
1`` runs on it under ``valgrind --tool=callgrind``. What a kind costs is its file's
instructions less those of the valid lines alone, per invalid line: the slow path
(`engine/explain.py`) and what it does to its neighbours, with the one-time costs of the
first such line (imports) spread over ``--per-kind`` lines. For comparison, the valid
lines' cost per line is printed too (start-up taken off with the first 10 of them).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from check_instructions import _instructions

HERE = Path(__file__).resolve().parent
DEFAULT = HERE / "data" / "chat_100mb_seed1_err0.1_error-mix_all.jsonl"


def kinds(lines: list[bytes]) -> dict[str, list[bytes]]:
    """The invalid lines by the codes of their findings; valid ones under ``""``."""
    from ftlint.engine.api import check_lines

    report = check_lines(lines)  # (the library keeps every finding)
    codes: dict[int, set[str]] = defaultdict(set)
    for finding in report.findings:
        if finding.line is not None:
            codes[finding.line].add(finding.code)
    found: dict[str, list[bytes]] = defaultdict(list)
    for number, line in enumerate(lines, 1):
        found["+".join(sorted(codes.get(number, ())))].append(line)
    return found


def spread(valid: list[bytes], bad: list[bytes], count: int) -> list[bytes]:
    """``valid`` with ``count`` lines of ``bad`` (cycled) spread evenly among them."""
    step = max(1, len(valid) // count)
    out: list[bytes] = []
    placed = 0
    for index, line in enumerate(valid, 1):
        out.append(line)
        if index % step == 0 and placed < count:
            out.append(bad[placed % len(bad)])
            placed += 1
    return out


def _write(path: str, lines: list[bytes]) -> str:
    with open(path, "wb") as f:
        f.writelines(line if line.endswith(b"\n") else line + b"\n" for line in lines)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--per-kind", type=int, default=150)
    parser.add_argument("--src", default=str(HERE.parent / "src"))
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    with open(args.file, "rb") as f:
        lines = [line for _, line in zip(range(args.lines), f, strict=False)]
    groups = kinds(lines)
    valid = groups.pop("")
    check = [sys.executable, "-m", "ftlint", "check", "-q", "--jobs", "1"]
    with tempfile.TemporaryDirectory() as tmp:
        base = _instructions([*check, _write(os.path.join(tmp, "v.jsonl"), valid)], args.src)
        head = _instructions([*check, _write(os.path.join(tmp, "h.jsonl"), valid[:10])], args.src)
        per_valid = (base - head) / (len(valid) - 10)
        print(f"{len(valid):,} valid lines of {len(lines):,}; {args.per_kind} invalid lines a kind")
        print("| kind (codes on the line) | lines in the sample | K instructions an invalid line |")
        print("|---|---:|---:|")
        print(f"| (a valid line) | {len(valid):,} | {per_valid / 1e3:.0f} |")
        for kind, bad in sorted(groups.items()):
            mixed = _write(os.path.join(tmp, "mixed.jsonl"), spread(valid, bad, args.per_kind))
            cost = (_instructions([*check, mixed], args.src) - base) / args.per_kind
            print(f"| {kind} | {len(bad)} | {cost / 1e3:.0f} |")


if __name__ == "__main__":
    main()
