"""Benchmark ftlint's check against a bare msgspec typed decode, in one run.

Generates (or reuses, cached under bench/data/) a chat JSONL file and the same file with
1% injected errors, then times every row on both files, N repetitions each, interleaved
(repetition 1 of every row, then repetition 2, ...), and prints medians.

Every measurement runs in a fresh subprocess (this script with ``--worker``), so each
gets its own peak RSS:

- in-process rows (floor, msgspec, check_file): the worker times the work itself with
  ``time.perf_counter`` after its imports, and reports its own peak RSS as ``VmHWM`` of
  ``/proc/self/status`` (interpreter + imports + the work). Not ``ru_maxrss``: on Linux a
  process started by (v)fork + exec inherits the ru_maxrss of its parent at the time of
  the fork, so a child of a 200 MB parent reports >= 200 MB whatever it uses itself;
  VmHWM belongs to the new address space and starts from zero at exec.
- CLI rows: the worker times ``subprocess.run([sys.executable, "-m", "ftlint", "check",
  "-q", path])`` wall clock (interpreter start and imports included) and reports
  ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` of the worker, i.e. of the CLI
  process, its only child. By the inheritance above this reads max(CLI peak, worker's
  RSS at spawn); the worker imports only the standard library and its own VmHWM is
  recorded too (a stdlib-only ``-c`` script, ~11 MB), and the table marks the value
  "<=" if the CLI did not exceed it.

Usage::

    .venv/bin/python bench/bench_check.py                 # 100 MB, 5 repetitions
    .venv/bin/python bench/bench_check.py --quick         # 10 MB, 3 repetitions
    .venv/bin/python bench/bench_check.py --size-mb 300 --repeat 7

Needs nothing beyond ftlint's own dependencies. 1 MB = 10**6 bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
MB = 1_000_000
ERROR_RATE = 0.01

# (key, label, in the ratio?) in table order
ROWS = (
    ("floor", "floor: `for line in f: pass` (binary)", False),
    ("msgspec", "msgspec typed decode, ROOTS['chat'] (baseline)", False),
    ("check_auto", "ftlint.check_file(path)  [auto format]", True),
    ("check_chat", "ftlint.check_file(path, format='chat')", True),
    ("cli", "CLI: python -m ftlint check -q path", True),
)
STARTUP = ("cli_startup", "CLI startup only: python -m ftlint --version")


# -- the worker: one measurement in its own process -------------------------------------


def _hwm_kb() -> int:
    """Peak RSS of this process in KiB: VmHWM on Linux, else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _worker(kind: str, path: str) -> dict[str, object]:
    out: dict[str, object] = {}
    if kind == "floor":
        t0 = time.perf_counter()
        n = 0
        with open(path, "rb") as f:
            for _line in f:
                n += 1
        dt = time.perf_counter() - t0
        out["lines"] = n
    elif kind == "msgspec":
        import msgspec

        from ftlint.schema import ROOTS

        dec = msgspec.json.Decoder(ROOTS["chat"])
        bad_errors = (msgspec.DecodeError, UnicodeDecodeError)
        t0 = time.perf_counter()
        n = bad = 0
        with open(path, "rb") as f:
            for line in f:
                n += 1
                try:
                    dec.decode(line)
                except bad_errors:  # only the 1%-errors file gets here
                    bad += 1
        dt = time.perf_counter() - t0
        out["lines"] = n
        out["failed_decodes"] = bad
    elif kind in ("check_auto", "check_chat"):
        import ftlint

        fmt = "chat" if kind == "check_chat" else "auto"
        # ftlint imports its engine lazily, on first use: resolve it before the clock.
        check_file = ftlint.check_file
        t0 = time.perf_counter()
        report = check_file(path, format=fmt)
        dt = time.perf_counter() - t0
        stats = report.stats
        out.update(
            lines=stats.lines,
            examples=stats.examples,
            invalid=stats.invalid,
            errors=report.errors,
            warnings=report.warnings,
        )
    else:
        raise SystemExit(f"unknown worker kind {kind!r}")
    out["seconds"] = dt
    out.setdefault("rss_kb", _hwm_kb())
    return out


# The CLI rows' worker: as small as possible (standard library only, ~11 MB), because the
# CLI process inherits the worker's ru_maxrss at spawn (see the module docstring).
_CLI_WORKER = """
import json, resource, subprocess, sys, time
def hwm():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmHWM:")).split()[1])
args = sys.argv[1:]
worker = hwm()
t0 = time.perf_counter()
proc = subprocess.run([sys.executable, "-m", "ftlint", *args],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
dt = time.perf_counter() - t0
if proc.returncode not in (0, 1):
    sys.exit(f"CLI failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
print(json.dumps({"seconds": dt, "exit": proc.returncode, "worker_rss_kb": worker,
                  "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _measure(kind: str, path: Path) -> dict[str, object]:
    if kind in ("cli", "cli_startup"):
        args = ["check", "-q", str(path)] if kind == "cli" else ["--version"]
        cmd = [sys.executable, "-c", _CLI_WORKER, *args]
    else:
        cmd = [sys.executable, __file__, "--worker", kind, str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- data -------------------------------------------------------------------------------


def _ensure(
    size_mb: float,
    seed: int,
    errors: float,
    kind: str = "chat",
    folder: Path = DATA,
    options: tuple[str, ...] = (),
) -> Path:
    """Generate the file once; reuse it while the generator and its options are unchanged.

    ``kind`` is generate.py's ``--kind``; ``folder`` is where the file goes (under
    bench/data/); ``options`` are more of generate.py's flags (such as ``--own-tools``).
    bench_all.py uses this too, so the two scripts share their files.
    """
    gen = HERE / "generate.py"
    tag = f"{kind}_{size_mb:g}mb_seed{seed}" + (f"_err{errors:g}" if errors else "")
    tag += "".join("_" + o.strip("-").replace(" ", "") for o in options)
    path = folder / f"{tag}.jsonl"
    meta_path = folder / f"{tag}.meta.json"
    meta: dict[str, object] = {
        "generator_sha256": hashlib.sha256(gen.read_bytes()).hexdigest(),
        "size_mb": size_mb,
        "seed": seed,
        "errors": errors,
        "python": platform.python_version(),
    }
    if kind != "chat":
        meta["kind"] = kind
    if options:
        meta["options"] = list(options)
        meta["variants_sha256"] = hashlib.sha256((HERE / "variants.py").read_bytes()).hexdigest()
    if path.exists() and meta_path.exists():
        try:
            if json.loads(meta_path.read_text()) == meta:
                return path
        except ValueError:
            pass
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    print(f"generating {path.relative_to(HERE.parent)} ...", file=sys.stderr, flush=True)
    subprocess.run(
        [
            sys.executable,
            str(gen),
            "--kind",
            kind,
            "--size-mb",
            str(size_mb),
            "--seed",
            str(seed),
            "--errors",
            str(errors),
            *options,
            "--out",
            str(tmp),
        ],
        check=True,
    )
    tmp.replace(path)
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return path


def _warm(path: Path) -> None:
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


# -- the run ----------------------------------------------------------------------------


def _versions() -> str:
    import msgspec

    import ftlint

    return (
        f"python {platform.python_version()}, msgspec {msgspec.__version__}, "
        f"ftlint {ftlint.__version__}, nproc {os.cpu_count()}, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=None, help="file size (default 100)")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions (default 5)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 MB, 3 repetitions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="PATH", help="also write the raw results here")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(_worker(*args.worker)))
        return 0

    size = args.size_mb if args.size_mb is not None else (10.0 if args.quick else 100.0)
    repeat = args.repeat if args.repeat is not None else (3 if args.quick else 5)
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    files = {
        "clean": _ensure(size, args.seed, 0.0),
        "1% errors": _ensure(size, args.seed, ERROR_RATE),
    }
    for path in files.values():
        _warm(path)

    plan = [(name, key) for name in files for key, _, _ in ROWS] + [("clean", STARTUP[0])]
    results: dict[tuple[str, str], list[dict[str, object]]] = {p: [] for p in plan}
    for rep in range(repeat):
        print(f"repetition {rep + 1}/{repeat}", file=sys.stderr, flush=True)
        for name, key in plan:
            results[(name, key)].append(_measure(key, files[name]))

    print(f"\nftlint check benchmark: {_versions()}")
    print(f"median of {repeat} runs; each run a fresh process; warm page cache; 1 MB = 10**6 B")
    print(
        "ratio = throughput of the row / throughput of the msgspec typed decode on the same"
        " file (1.00 = as fast; 0.50 = half as fast)"
    )
    for name, path in files.items():
        nbytes = path.stat().st_size
        lines = results[(name, "floor")][0]["lines"]
        print(
            f"\n{name}: {path.relative_to(HERE.parent)}, {nbytes / MB:.1f} MB, {lines:,} lines,"
            f" {nbytes / int(lines):,.0f} B/line"
        )  # type: ignore[call-overload]
        print("| row | median s | min–max s | MB/s | µs/line | ratio vs msgspec | peak RSS MB |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        base = statistics.median(float(r["seconds"]) for r in results[(name, "msgspec")])  # type: ignore[arg-type]
        rows = list(ROWS) + ([(*STARTUP, False)] if name == "clean" else [])
        for key, label, _ in rows:
            runs = results[(name, key)]
            secs = [float(r["seconds"]) for r in runs]  # type: ignore[arg-type]
            med = statistics.median(secs)
            rss_kb = max(int(r["rss_kb"]) for r in runs)  # type: ignore[call-overload]
            bound = any(int(r.get("worker_rss_kb", 0)) >= int(r["rss_kb"]) for r in runs)  # type: ignore[call-overload]
            rss = ("<=" if bound else "") + f"{rss_kb / 1024:.0f}"
            if key == "cli_startup":
                print(
                    f"| {label} | {med:.3f} | {min(secs):.3f}–{max(secs):.3f} | – | – | – | {rss} |"
                )
                continue
            print(
                f"| {label} | {med:.3f} | {min(secs):.3f}–{max(secs):.3f} |"
                f" {nbytes / MB / med:,.0f} | {med / int(lines) * 1e6:.2f} |"  # type: ignore[call-overload]
                f" {base / med:.2f} | {rss} |"
            )
        # What each row saw, so the rows are known to do the same work.
        chk = results[(name, "check_auto")][0]
        ms = results[(name, "msgspec")][0]
        exits = sorted({int(r["exit"]) for r in results[(name, "cli")]})  # type: ignore[call-overload]
        print(
            f"\nverdicts: msgspec failed decodes {ms['failed_decodes']}; check_file: lines"
            f" {chk['lines']}, examples {chk['examples']}, invalid {chk['invalid']}, errors"
            f" {chk['errors']}, warnings {chk['warnings']}; CLI exit {exits}"
        )
        for key in ("check_auto", "check_chat"):
            seen = {(r["errors"], r["warnings"], r["invalid"]) for r in results[(name, key)]}
            if len(seen) != 1:
                print(f"WARNING: {key} gave different results between runs: {seen}")
    print(
        "\npeak RSS (max over runs): in-process rows: VmHWM of the worker process"
        " (interpreter + imports included); CLI rows: getrusage(RUSAGE_CHILDREN).ru_maxrss"
        " of the worker, whose only child is the CLI process"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "versions": _versions(),
                    "size_mb": size,
                    "repeat": repeat,
                    "files": {k: str(v) for k, v in files.items()},
                    "results": [{"file": f, "row": k, "runs": v} for (f, k), v in results.items()],
                },
                indent=1,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
