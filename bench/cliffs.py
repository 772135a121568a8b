"""Issue 17's rows: no performance cliffs on data that real function-calling sets hold.

Three files, each a chat file from generate.py (so 12% of lines use tools):

- ``tools-own``: ``--own-tools``: every example that uses tools defines its own functions
  (nearly every ``parameters`` schema is distinct); the arguments match their schemas;
- ``tools-drift``: ``--drift``: the same, but most calls' arguments ignore the declared
  types (T012 warns on most tool-using lines);
- ``invalid10``: ``--errors 0.10 --error-mix all``: 10% of lines invalid, of every kind;
- ``tools-pool``: ``--tool-pool 2000``: the tool-using examples draw their tools from one
  pool of 2,000 definitions (xLAM-style sets draw from 3,673 APIs): each schema comes
  back a few times, after many others, more than the validator cache holds;
- ``tools-pydantic`` and ``drift-pydantic``: ``tools-own`` and ``tools-drift`` with the
  schemas written as Pydantic writes them (``--pydantic``: ``anyOf`` for optional fields,
  ``$ref`` into ``$defs`` for nested objects, titles), outside the subset that
  ``argschema_subset`` compiles;
- ``tools-rare``: ``--rare-keywords``: ``tools-own`` with a quarter of the properties
  written with the keywords that tool schemas use now and then (a tuple's
  ``prefixItems``, ``propertyNames``, ``patternProperties``, ``minProperties``,
  ``multipleOf``), which the quick walk follows since the ninth session;
- ``tools-pytypes``: ``--python-types``: ``tools-own`` with Python's type names
  (``"str"``, ``"int"``), as naive conversions of xLAM-style sets write them: no schema is
  a valid JSON Schema, so no call can be checked against one (T012), and finding that out
  cost a jsonschema metaschema check per call until the tenth session.

How it measures, as the issue asks: whole processes only; each row is run ``repeat``
times, interleaved with the others, and its minimum is kept; each side's start-up (the
same command on the file's first 10 lines) is taken off its time; the ratio is the
throughput of a row against the yardstick's, both net of start-up. Rows:

- ``yardstick``: ``python bench/cliffs.py --decode chat FILE``: imports msgspec and
  ftlint's Structs, then a bare typed decode of every line (``for line in f``, failures
  caught and counted), nothing else;
- ``ftlint``: ``ftlint check --jobs 1 FILE``;
- ``no T012``: ``ftlint check --jobs 1 --ignore T012 FILE``; ``1 - no T012 / ftlint`` is
  the share of the run that T012 costs.

Run through ``bench_all.py --sections tools-own,tools-drift,invalid10,...`` (``--quick``:
10 MB files, 3 repetitions), or alone: ``python bench/cliffs.py [--quick] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import MB, _ensure, _warm  # noqa: E402

FTLINT = str(Path(sys.executable).parent / "ftlint")
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # name: (title, generate.py options)
    "tools-own": ("chat, every tool-using example with its own tools", ("--own-tools",)),
    "tools-drift": ("chat, own tools, arguments drifted from their schemas", ("--drift",)),
    "invalid10": ("chat, 10% invalid lines of every kind", ("--error-mix", "all")),
    "tools-pool": ("chat, tools drawn from a pool of 2,000", ("--tool-pool", "2000")),
    "tools-pydantic": ("chat, own tools as Pydantic writes them (anyOf, $ref)", ("--pydantic",)),
    "drift-pydantic": (
        "chat, own Pydantic-style tools, arguments drifted",
        ("--drift", "--pydantic"),
    ),
    "tools-rare": (
        "chat, own tools with tuples, constrained dicts, multipleOf",
        ("--rare-keywords",),
    ),
    "tools-pytypes": (
        "chat, own tools that name their types as Python does (str, int)",
        ("--python-types",),
    ),
}
ROWS = {
    "yardstick": "bare msgspec typed decode (yardstick)",
    "ftlint": "`ftlint check --jobs 1`",
    "no T012": "`ftlint check --jobs 1 --ignore T012`",
}


def _decode(fmt: str, path: str, target: str | None = None) -> None:
    """The yardstick process: a bare typed decode, as the issue measures it (with the
    Struct of ``target``'s dialect, if it has one: bench/targets.py)."""
    import msgspec

    from ftlint import schema

    dec = schema.decoder(fmt, target)
    errors = (msgspec.DecodeError, UnicodeDecodeError)
    n = bad = 0
    with open(path, "rb") as f:
        for line in f:
            n += 1
            try:
                dec.decode(line)
            except errors:
                bad += 1
    print(json.dumps({"lines": n, "failed": bad}))


def _command(row: str, path: Path) -> list[str]:
    if row == "yardstick":
        return [sys.executable, __file__, "--decode", "chat", str(path)]
    extra = ["--ignore", "T012"] if row == "no T012" else []
    return [FTLINT, "check", "--jobs", "1", *extra, str(path)]


def _run(cmd: list[str], max_foreign: float, cpu: bool = False) -> float:
    """The wall time of ``cmd``, once the machine is quiet; with ``cpu``, its CPU time
    (user + system), without waiting: a shared machine is never quiet."""
    if not cpu:
        from bench_all import wait_quiet  # bench_all imports this module lazily: no cycle

        wait_quiet(max_foreign)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if cpu:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        dt = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[:500]!r}")
    return dt


def _head(path: Path, n: int = 10) -> Path:
    small = path.with_name(path.stem + "_10lines.jsonl")
    with open(path, "rb") as f:
        head = b"".join(next(f) for _ in range(n))
    if not small.exists() or small.read_bytes() != head:
        small.write_bytes(head)
    return small


def files(quick: bool, seed: int, names: list[str]) -> dict[str, Path]:
    out = {}
    for name in names:
        _title, options = SECTIONS[name]
        size = 10.0 if quick else (30.0 if "drift" in name else 100.0)
        errors = 0.10 if name == "invalid10" else 0.0
        out[name] = _ensure(size, seed, errors, options=options)
    return out


def run(
    names: list[str], quick: bool, repeat: int, seed: int, max_foreign: float, cpu: bool = False
) -> dict[str, Any]:
    """Measure the sections ``names``; print their tables; return the raw times."""
    paths = files(quick, seed, names)
    raw: dict[str, Any] = {}
    for name, path in paths.items():
        _warm(path)
        small = _head(path)
        times: dict[str, dict[str, list[float]]] = {r: {"file": [], "start": []} for r in ROWS}
        for rep in range(repeat):
            print(f"  {name} repetition {rep + 1}/{repeat}", file=sys.stderr, flush=True)
            for row in ROWS:
                times[row]["file"].append(_run(_command(row, path), max_foreign, cpu))
                times[row]["start"].append(_run(_command(row, small), max_foreign, cpu))
        raw[name] = {"path": str(path), "bytes": path.stat().st_size, "times": times}
        _print(name, path, times)
    return raw


def _print(name: str, path: Path, times: dict[str, dict[str, list[float]]]) -> None:
    nbytes = path.stat().st_size
    net = {r: min(t["file"]) - min(t["start"]) for r, t in times.items()}
    print(f"\n### {name}: {SECTIONS[name][0]}: {path.name}, {nbytes / MB:,.1f} MB")
    print("| row | min s | start-up s | net s | MB/s net | ratio vs yardstick |")
    print("|---|---:|---:|---:|---:|---:|")
    for row, t in times.items():
        print(
            f"| {ROWS[row]} | {min(t['file']):.3f} | {min(t['start']):.3f} | {net[row]:.3f} |"
            f" {nbytes / MB / net[row]:,.0f} | {net['yardstick'] / net[row]:.2f} |"
        )
    print(f"\nT012's share of the run: {1 - net['no T012'] / net['ftlint']:.0%} (net times)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default=",".join(SECTIONS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10 MB files, 3 repetitions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-foreign", type=float, default=0.10, metavar="CORES")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time each process by its CPU (user + system), not wall time, and do not wait"
        " for a quiet machine: for a machine that others share (CPU time moves less with"
        " the load than wall time, but it still moves: quote it as such)",
    )
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--decode", nargs=2, metavar=("FORMAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.decode:
        _decode(*args.decode)
        return 0
    repeat = 3 if args.quick and args.repeat == 5 else args.repeat
    names = [n.strip() for n in args.sections.split(",") if n.strip()]
    raw = run(names, args.quick, repeat, args.seed, args.max_foreign, args.cpu)
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
