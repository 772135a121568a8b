"""What the checks of valid examples cost, without reading or decoding, in instructions.

    .venv/bin/python bench/walk_cost.py FILE [--select CODES] [--format chat] [--src SRC]

FILE's lines are decoded once (they must be valid examples of ``--format``); then the
checks that `FileCheck` runs on each example (the example hooks and the one walk,
`rules/walk.py`) run once over all of them. Under ``valgrind --tool=callgrind`` this
script runs twice, with and without that pass, so the difference is the checks alone:
printed per example. ``--select`` takes rule codes as ``ftlint check --select`` does
(default: the default rules). `layers.py` measures the same thing within whole runs;
this isolates it, to compare ways of writing the walk.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from check_instructions import _instructions

HERE = Path(__file__).resolve().parent


def _checks(path: str, fmt: str, select: str | None, passes: int) -> int:
    """Decode ``path``'s lines, then run the checks ``passes`` times; the examples."""
    from ftlint import schema
    from ftlint.engine.filecheck import FileCheck
    from ftlint.engine.options import Options

    options = Options() if select is None else Options(rules=frozenset(select.split(",")))
    check = FileCheck(path, options)
    check._set_format(fmt, None)
    decode = schema.decoder(fmt, check.target.name).decode
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    examples = [decode(line) for line in lines]
    ctx = check.ctx
    for _ in range(passes):
        for number, (example, raw) in enumerate(zip(examples, lines, strict=True), 1):
            ctx.line, ctx.raw = number, raw
            for run in check.checks:
                run(example, ctx)
    return len(examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--select", default=None)
    parser.add_argument("--format", default="chat")
    parser.add_argument("--src", default=str(HERE.parent / "src"))
    parser.add_argument("--passes", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.passes is not None:  # the measured child
        sys.path.insert(0, args.src)
        count = _checks(args.file, args.format, args.select, args.passes)
        print(count)
        return
    child = [sys.executable, __file__, args.file, "--format", args.format, "--src", args.src]
    if args.select:
        child += ["--select", args.select]
    examples = int(
        subprocess.run(
            [*child, "--passes", "0"],
            env={**os.environ, "PYTHONPATH": args.src},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    without = _instructions([*child, "--passes", "0"], args.src)
    with_checks = _instructions([*child, "--passes", "1"], args.src)
    per = (with_checks - without) / examples
    print(
        f"{os.path.basename(args.file)}: {examples:,} examples, the checks {per:,.0f}"
        f" instructions an example ({(with_checks - without) / 1e6:.1f} M in all)"
    )


if __name__ == "__main__":
    main()
