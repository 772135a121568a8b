"""What each layer of `ftlint check` costs against the yardstick, in instructions.

    .venv/bin/python bench/layers.py FILE... [--mb 5] [--src SRC]

Issue 17 asks for ratios against a bare typed decode of every line (the yardstick). This
tells how high each ratio can go: it runs the check with ever more of it enabled, under
``valgrind --tool=callgrind`` (instructions do not move with the machine's load), each on
FILE's first 2N MB and on its first N MB: the difference is the cost of N MB of lines in
the midst of a file, without start-up and without the one-time costs of a file's first
tool call or first invalid line (imports, a decoder built). Layers:

- ``decode``: the yardstick (``compare_refs.YARDSTICK``);
- ``read+decode``: ``ftlint check --select J001``: ftlint's reader, the typed decode and
  the per-line loop, with no rule's per-line work;
- ``+walk``: ``--select J001,O001``: the one walk over each example's messages, whose
  events O001-O003 are cheap and rarely fire;
- ``+rules``: ``--ignore T012``: every other default rule's hooks;
- ``+T012``: the default check (arguments against their schemas).

For each layer: its instructions per line, what it adds to the layer before, and the
*ceiling*, the yardstick's instructions per the layer's: the ratio the check would reach if
everything above that layer cost nothing. Instructions are not seconds (the mix of work
differs), so the wall-time ratios of ``cliffs.py`` differ from these; they order the
layers and say where a target lies beyond reach.

``--mb N`` (default 5): FILE must hold at least 2N MB.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from check_instructions import _instructions
from compare_refs import YARDSTICK

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("read+decode", ("--select", "J001")),
    ("+walk", ("--select", "J001,O001")),
    ("+rules", ("--ignore", "T012")),
    ("+T012", ()),
)


def _cut(path: str, size: int, out: str) -> int:
    """Write ``path``'s first ``size`` bytes of whole lines to ``out``; the number of
    lines. Exits if the file holds much less."""
    lines = 0
    written = 0
    with open(path, "rb") as src, open(out, "wb") as dst:
        for line in src:
            if written + len(line) > size:
                break
            dst.write(line)
            written += len(line)
            lines += 1
    if written < 0.9 * size:
        sys.exit(f"{path} holds {written:,} bytes of lines, less than the {size:,} needed")
    return lines


def measure(path: str, mb: float, src: str) -> None:
    py = sys.executable
    root = "preference" if "dpo" in os.path.basename(path) else "chat"
    check = [py, "-m", "ftlint", "check", "-q", "--jobs", "1"]
    commands = [("decode", [py, "-c", YARDSTICK])]
    commands += [(name, [*check, *extra]) for name, extra in LAYERS]
    with tempfile.TemporaryDirectory() as tmp:
        small, large = os.path.join(tmp, "small.jsonl"), os.path.join(tmp, "large.jsonl")
        size = int(mb * 1e6)
        lines = _cut(path, 2 * size, large) - _cut(path, size, small)
        rows = []
        for name, args in commands:
            tail = [root] if name == "decode" else []
            count = _instructions([*args, large, *tail], src)
            count -= _instructions([*args, small, *tail], src)
            rows.append((name, count))
    yard = rows[0][1]
    print(f"\n{os.path.basename(path)}: its second {mb:g} MB ({lines:,} lines)")
    print("| layer | K instructions a line | added | ceiling (yardstick / layer) |")
    print("|---|---:|---:|---:|")
    before = None
    for name, count in rows:
        added = "" if before is None else f"{(count - before) / lines / 1e3:+.1f}"
        print(f"| {name} | {count / lines / 1e3:.1f} | {added} | {yard / count:.2f} |")
        before = count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--src", default=os.path.join(os.path.dirname(__file__), "..", "src"))
    args = parser.parse_args()
    for path in args.files:
        measure(path, args.mb, args.src)


if __name__ == "__main__":
    main()
