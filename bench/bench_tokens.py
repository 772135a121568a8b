"""Benchmark ``ftlint stats`` token counting against a plain tiktoken loop.

The baseline is the least any exact counter pays: ``len(enc.encode_ordinary(text))`` in a
Python loop over exactly the texts ftlint tokenizes (every content string, text and
refusal part, name, tool call name and arguments, and tool definition JSON of every
example), with the same o200k_base encoding, loaded before the clock starts. The texts
are extracted once with ftlint's own accounting walk and cached beside the data file.

Rows (each in a fresh process, repetitions interleaved, medians printed):

- ``tiktoken loop``: the baseline above; extraction and loading are not timed.
- ``survey jobs=1``: ``ftlint.stats_run.run_stats([file], StatsOptions(jobs=1))`` in process:
  the full check (every rule), the statistics and the tokens of every valid example. The
  encoding is loaded before the clock starts.
- ``survey jobs=N``: the same with N worker processes (N = the cores); starting the pool
  and loading the encoding in each worker are timed.
- ``check_file`` (validation only, for scale).
- ``worker start-up``: the CPU time of a fresh interpreter that imports what a stats worker
  imports and loads the encoding (what each worker pays once, before its first batch).
- ``tiktoken loop, distinct texts``: the baseline over each distinct text once (the least
  a counter that tokenizes a repeated system prompt or tool definition once can pay).
- CLI rows: ``python -m ftlint stats -o json -j1`` and ``-j0`` (one worker per core), wall
  clock including interpreter start, imports and loading the encoding.

Besides the wall clock, each row reports its CPU time (the process and its worker
processes) and, for the survey rows, the rate per core against the loop's: the loop's CPU
time over the row's, start-up apart (N times the worker start-up for ``jobs=N``). Issue
17's target is >= 0.90 for both survey rows. The CPU columns are what to read on a loaded
machine: wall-clock ratios there measure the other processes too.

The verdicts show the rows did the same work: ftlint's token total equals the loop's sum
plus the fixed overhead of the accounting (per message, names, reply priming, images),
and the parallel total equals the serial one.

Usage::

    .venv/bin/python bench/bench_tokens.py                # 100 MB, 3 repetitions
    .venv/bin/python bench/bench_tokens.py --quick        # 10 MB, 3 repetitions
    .venv/bin/python bench/bench_tokens.py --size-mb 30 --repeat 5 --json out.json

1 MB = 10**6 bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import _ensure, _hwm_kb  # noqa: E402

MB = 1_000_000


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# -- the texts, extracted once ----------------------------------------------------------


class _Recorder:
    """A measure for ftlint's accounting walk: records the texts, counts only overhead."""

    def __init__(self, roles: dict[str, int]) -> None:
        self.roles = roles
        self.texts: list[str] = []

    def count(self, text: str) -> int:
        self.texts.append(text)
        return 0

    # The loop tokenizes every text, repeated system prompts and definitions included.
    shared = count


def _texts_path(path: Path) -> Path:
    """The cache of the extracted texts, keyed by ftlint's accounting code."""
    import hashlib

    source = (HERE.parent / "src" / "ftlint" / "tokens.py").read_bytes()
    return path.with_suffix(f".texts-{hashlib.sha256(source).hexdigest()[:12]}.pkl")


def _extract(path: Path) -> tuple[list[str], int]:
    """Every text ftlint tokenizes in the file, and the accounting's fixed overhead."""
    cached = _texts_path(path)
    if cached.exists() and cached.stat().st_mtime >= path.stat().st_mtime:
        with open(cached, "rb") as f:
            texts, overhead = pickle.load(f)
        return texts, overhead
    from ftlint import schema, tokens

    roles = dict(tokens.load("o200k_base").roles)
    recorder = _Recorder(roles)
    decode = schema.decoder("chat").decode
    overhead = 0
    with open(path, "rb") as f:
        for line in f:
            try:
                example = decode(line)
            except Exception:  # invalid lines are not counted by ftlint either
                continue
            overhead += tokens.count_example(example, "chat", recorder).tokens
    with open(cached, "wb") as f:
        pickle.dump((recorder.texts, overhead), f, protocol=pickle.HIGHEST_PROTOCOL)
    return recorder.texts, overhead


# -- the worker: one measurement in its own process -------------------------------------


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


_STARTUP = (
    "from ftlint import schema, stats, tokens; from ftlint.stats_run import run_stats;"
    " tokens.load('o200k_base')"
)


def _worker(kind: str, path: str, jobs: int) -> dict[str, object]:
    out: dict[str, object] = {}
    c0 = _cpu()
    if kind in ("tiktoken", "distinct"):
        from ftlint import tokens

        texts, overhead = _extract(Path(path))
        if kind == "distinct":
            texts = list(dict.fromkeys(texts))
        encode = tokens.load("o200k_base").encoding.encode_ordinary
        c0 = _cpu()
        t0 = time.perf_counter()
        total = 0
        for text in texts:
            total += len(encode(text))
        dt = time.perf_counter() - t0
        out.update(texts=len(texts), text_bytes=sum(map(len, texts)))
        if kind == "tiktoken":
            out.update(tokens=total + overhead)
    elif kind == "startup":
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", _STARTUP], check=True)
        dt = time.perf_counter() - t0
    elif kind in ("survey1", "surveyN"):
        from ftlint import tokens
        from ftlint.reader import Source
        from ftlint.stats_run import StatsOptions, run_stats

        tokens.load("o200k_base")
        n = 1 if kind == "survey1" else jobs
        c0 = _cpu()
        t0 = time.perf_counter()
        result = run_stats([Source(path, path)], StatsOptions(jobs=n))
        dt = time.perf_counter() - t0
        examples = result.files[0].examples
        out.update(tokens=sum(examples.tokens), examples=examples.examples)
    elif kind == "check":
        import ftlint

        t0 = time.perf_counter()
        report = ftlint.check_file(path)
        dt = time.perf_counter() - t0
        out.update(examples=report.stats.valid)
    else:
        raise SystemExit(f"unknown worker kind {kind!r}")
    out["seconds"] = dt
    out["cpu"] = _cpu() - c0
    out["rss_kb"] = _hwm_kb()
    return out


def _measure(kind: str, path: Path, jobs: int) -> dict[str, object]:
    if kind.startswith("cli"):
        j = "1" if kind == "cli1" else "0"
        cmd = [sys.executable, "-m", "ftlint", "stats", "-o", "json", "-j", j, str(path)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"CLI failed ({proc.returncode}): {proc.stderr[:500]}")
        doc = json.loads(proc.stdout)
        return {"seconds": dt, "tokens": doc["files"][0]["tokens"]["total"]}
    cmd = [sys.executable, __file__, "--worker", kind, str(path), "--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10 MB, 3 repetitions")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=_cores(), help="workers for the N rows")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.worker, args.path, args.jobs)))
        return
    if args.quick:
        args.size_mb, args.repeat = 10, 3
    path = _ensure(args.size_mb, args.seed, 0.0)
    texts, _overhead = _extract(path)
    size = path.stat().st_size
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / MB
    rows = [
        ("tiktoken", "tiktoken encode_ordinary loop (baseline)"),
        ("survey1", "ftlint survey, jobs=1 (check + stats + tokens)"),
        ("surveyN", f"ftlint survey, jobs={args.jobs}"),
        ("cli1", "CLI: ftlint stats -o json -j1 (wall clock)"),
        ("cliN", "CLI: ftlint stats -o json -j0 (wall clock)"),
        ("check", "ftlint.check_file (validation only, for scale)"),
        ("startup", "worker start-up (interpreter, imports, encoding)"),
        ("distinct", "tiktoken loop, distinct texts"),
    ]
    runs: dict[str, list[dict[str, object]]] = {key: [] for key, _ in rows}
    for rep in range(args.repeat):
        for key, _label in rows:
            runs[key].append(_measure(key, path, args.jobs))
        print(f"repetition {rep + 1}/{args.repeat} done", file=sys.stderr, flush=True)
    base = statistics.median(float(r["seconds"]) for r in runs["tiktoken"])  # type: ignore[arg-type]
    print(
        f"\n{path.name}: {size / MB:.1f} MB, {len(texts):,} texts ({text_mb:.1f} MB of text),"
        f" {args.repeat} repetitions, {_cores()} cores, Python {sys.version.split()[0]}\n"
    )
    cpu = {key: min(float(r.get("cpu", 0.0)) for r in runs[key]) for key, _ in rows}  # type: ignore[arg-type]
    # CPU spent on the work itself: the N workers' start-up apart.
    work = {"survey1": cpu["survey1"], "surveyN": cpu["surveyN"] - args.jobs * cpu["startup"]}
    print(
        "| row | median s | file MB/s | vs tiktoken loop | min CPU s | per core vs loop"
        " | peak RSS MB |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    results = {}
    for key, label in rows:
        secs = statistics.median(float(r["seconds"]) for r in runs[key])  # type: ignore[arg-type]
        rss = max(int(r.get("rss_kb", 0)) for r in runs[key]) / 1024  # type: ignore[call-overload]
        ratio = base / secs
        per_core = cpu["tiktoken"] / work[key] if key in work and work[key] > 0 else None
        results[key] = {
            "label": label,
            "median_s": secs,
            "ratio": ratio,
            "min_cpu_s": cpu[key],
            "per_core": per_core,
            "runs": runs[key],
        }
        rss_text = f"{rss:.0f}" if rss else "-"
        core_text = "-" if per_core is None else f"{per_core:.2f}"
        print(
            f"| {label} | {secs:.2f} | {size / MB / secs:.1f} | {ratio:.2f} | {cpu[key]:.2f}"
            f" | {core_text} | {rss_text} |"
        )
    totals = {
        key: runs[key][0].get("tokens")
        for key in ("tiktoken", "survey1", "surveyN", "cli1", "cliN")
    }
    same = len(set(totals.values())) == 1
    print(f"\nverdicts: token totals {'agree' if same else 'DIFFER'}: {totals}")
    if args.json is not None:
        args.json.write_text(json.dumps({"file": str(path), "rows": results}, indent=2))
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
