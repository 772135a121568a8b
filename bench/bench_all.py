"""Issue 4's benchmark in one command: ftlint against its baselines, serial and parallel.

Sections (``--sections``, default all), each on files generated once under bench/data/:

- ``chat100``: the 100 MB chat file. The floor (``for line in f``), the bare msgspec typed
  decode with ftlint's Structs (the yardstick: ratio 1.00), the floor and the decode again
  with ftlint's own way of reading (a 1 MiB buffer and ``readlines(1 MiB)``, ≈3x faster
  than the default 8 KiB buffer: the second ratio column), the baselines of
  ``baselines.py`` (msgspec typed + cross-field loop, msgspec untyped + dict checks,
  orjson + dict checks, stdlib json + dict checks, pydantic v2), ``ftlint.check_file``
  (the library, serial, in process), and the CLI with ``--jobs 1`` and ``--jobs 2``.
- ``dpo100`` and ``tools100``: a 100 MB DPO file and a 100 MB tool-call-heavy chat file:
  floor, msgspec typed (the format's root Struct), ``check_file``, CLI ``--jobs 1``/``2``.
- ``chat1g``: a 1 GB chat file: msgspec typed, CLI ``--jobs 1`` and ``--jobs 2``, and the
  same two with ``--ignore F006`` (duplicate detection keeps a digest per line: what it
  costs in time and memory).
- ``multi``: 20 chat files of 25 MB (seeds 1-20) on one command line: msgspec typed over
  all of them in one process, CLI ``--jobs 1`` and ``--jobs 2``.
- ``tools-own``, ``tools-drift``, ``invalid10``, ``tools-pool``, ``tools-pydantic``,
  ``drift-pydantic``, ``tools-rare``, ``tools-pytypes`` (issue 17, in ``cliffs.py``): chat
  files whose tool-using examples each define their own tools, the same with arguments
  that drifted from their schemas, one with 10% invalid lines of every kind, one whose
  examples draw their tools from a pool of 2,000, the first two with Pydantic-style
  schemas, and the first with the rarer keywords (tuples, constrained dicts, multipleOf)
  or with Python's type names (no schema valid). Whole processes, minimum of the
  repetitions, start-up taken off, against the yardstick in the same run (see cliffs.py).
- ``startup``: a 10-line chat file: ``python -c pass``, ``ftlint --version``, ``ftlint
  check FILE`` (the console script, default options) and ``python -m ftlint check FILE``;
  then ``python -X importtime`` of ``ftlint check FILE`` and its top imports.

How it measures:

- Every measurement is a fresh process; repetitions are interleaved within a section
  (repetition 1 of every row, then repetition 2, ...); the page cache is warm; medians
  are printed; 1 MB = 10**6 bytes.
- In-process rows (floor, msgspec, baselines, check_file) run in a worker process (this
  script with ``--worker``) that does its imports and set-up first, then times the work
  with ``time.perf_counter``. Peak RSS is the worker's ``VmHWM`` (interpreter and imports
  included).
- CLI rows: wall clock from spawning ``.venv/bin/ftlint check --jobs N PATH...`` to its
  exit (interpreter start, imports, the pool's start included; stdout to /dev/null).
  Memory: a thread polls the CLI process and its descendants (``/proc/PID/task/*/children``)
  every 20 ms and reads ``VmHWM`` (the kernel's exact peak RSS of each process, kept up to
  the last poll before the process exits) and the current ``Rss`` and ``Pss`` of
  ``/proc/PID/smaps_rollup``. Reported: the largest per-process peak (parent or worker),
  the sum of the per-process peaks (an upper bound of the tree's peak), and the largest
  sampled sum of RSS and of PSS over the tree (PSS divides pages shared between the forked
  workers and the parent, so its sum does not count them twice).
- Load: another user's processes can share the 2 CPUs. Each measurement records the CPU
  time the machine spent outside the measured process tree and this script (from
  ``/proc/stat`` minus ``getrusage``), as cores on average over the measurement ("foreign
  load"). Before each measurement the script waits (up to 5 minutes) until the foreign
  load, probed over 0.3 s, is at most ``--max-foreign`` cores (default 0.10); a
  measurement with more than that is repeated, up to ``--retries`` times; the one kept is
  marked ``*`` in the table when it stayed noisy. ``uptime``'s load average is printed
  before and after.

Usage::

    .venv/bin/python bench/bench_all.py                      # everything, 5 repetitions
    .venv/bin/python bench/bench_all.py --sections chat100,startup --repeat 3
    .venv/bin/python bench/bench_all.py --quick              # smoke run on small files
    .venv/bin/python bench/bench_all.py --json bench/data/all.json

Needs ``pip install orjson pydantic`` in the virtualenv for the baselines (not ftlint
dependencies); the rows whose package is missing are skipped. Disk: the files take
about 1.9 GB under bench/data/ (git-ignored); generating them all takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import DATA, MB, _ensure, _hwm_kb, _warm  # noqa: E402

FTLINT = str(Path(sys.executable).parent / "ftlint")
CLIFFS = ("tools-own", "tools-drift", "invalid10", "tools-pool", "tools-pydantic", "drift-pydantic",
          "tools-rare", "tools-pytypes")  # fmt: skip
CLK = os.sysconf("SC_CLK_TCK")

# Row keys: "floor", "msgspec", "b:<baseline>", "check_file", "cli1", "cli2".
LABELS = {
    "floor": "floor: `for line in f: pass` (binary)",
    "msgspec": "msgspec typed decode, ftlint's Structs (yardstick)",
    "floor_buf": "floor with ftlint's reading: 1 MiB buffer, `readlines(1 MiB)`",
    "msgspec_buf": "msgspec typed decode with ftlint's reading (1 MiB buffer)",
    "b:msgspec_typed": "msgspec typed + cross-field loop",
    "b:msgspec_untyped": "msgspec untyped + dict checks",
    "b:orjson": "orjson + dict checks",
    "b:stdlib_json": "stdlib json + dict checks",
    "b:pydantic": "pydantic v2 model_validate_json + loop",
    "check_file": "ftlint.check_file(path), library, serial",
    "cli1": "ftlint CLI `check --jobs 1` (wall)",
    "cli2": "ftlint CLI `check --jobs 2` (wall)",
    "cli1_nodup": "ftlint CLI `check --jobs 1 --ignore F006` (wall)",
    "cli2_nodup": "ftlint CLI `check --jobs 2 --ignore F006` (wall)",
}
CLI_ARGS = {
    "cli1": ["--jobs", "1"],
    "cli2": ["--jobs", "2"],
    # F006 (duplicate examples) keeps a digest per valid line: the rows without it show
    # what that costs in time and memory on a big file.
    "cli1_nodup": ["--jobs", "1", "--ignore", "F006"],
    "cli2_nodup": ["--jobs", "2", "--ignore", "F006"],
}
_BASELINE_NEEDS = {"b:orjson": "orjson", "b:pydantic": "pydantic"}


# -- the worker: one in-process measurement in its own process -----------------------


def _worker(kind: str, fmt: str, paths: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if kind == "floor":
        t0 = time.perf_counter()
        n = 0
        for path in paths:
            with open(path, "rb") as f:
                for _line in f:
                    n += 1
        dt = time.perf_counter() - t0
        out["lines"] = n
    elif kind == "floor_buf":
        t0 = time.perf_counter()
        n = 0
        for path in paths:
            with open(path, "rb", buffering=1 << 20) as f:
                while block := f.readlines(1 << 20):
                    for _line in block:
                        n += 1
        dt = time.perf_counter() - t0
        out["lines"] = n
    elif kind == "msgspec_buf":
        # Written out like the "msgspec" row below rather than shared: a helper that
        # yields lines would add a generator step per line to the yardstick.
        import msgspec

        from ftlint.schema import ROOTS

        dec = msgspec.json.Decoder(ROOTS[fmt])
        errors = (msgspec.DecodeError, UnicodeDecodeError)
        t0 = time.perf_counter()
        n = bad = 0
        for path in paths:
            with open(path, "rb", buffering=1 << 20) as f:
                while block := f.readlines(1 << 20):
                    for line in block:
                        n += 1
                        try:
                            dec.decode(line)
                        except errors:
                            bad += 1
        dt = time.perf_counter() - t0
        out.update(lines=n, failed=bad)
    elif kind == "msgspec":
        import msgspec

        from ftlint.schema import ROOTS

        dec = msgspec.json.Decoder(ROOTS[fmt])
        errors = (msgspec.DecodeError, UnicodeDecodeError)
        t0 = time.perf_counter()
        n = bad = 0
        for path in paths:
            with open(path, "rb") as f:
                for line in f:
                    n += 1
                    try:
                        dec.decode(line)
                    except errors:
                        bad += 1
        dt = time.perf_counter() - t0
        out.update(lines=n, failed=bad)
    elif kind.startswith("b:"):
        import baselines

        run = baselines.BASELINES[kind[2:]]()
        t0 = time.perf_counter()
        n = bad = 0
        for path in paths:
            lines, failed, _problems = run(path)
            n += lines
            bad += failed
        dt = time.perf_counter() - t0
        out.update(lines=n, failed=bad)
    elif kind == "check_file":
        import ftlint

        check_file = ftlint.check_file  # the lazy import of ftlint.engine, not timed
        t0 = time.perf_counter()
        reports = [check_file(path) for path in paths]
        dt = time.perf_counter() - t0
        out.update(
            lines=sum(r.stats.lines for r in reports),
            failed=sum(r.stats.invalid for r in reports),
            errors=sum(r.errors for r in reports),
            warnings=sum(r.warnings for r in reports),
            format=sorted({f.format for r in reports for f in r.files}),
        )
    else:
        raise SystemExit(f"unknown worker kind {kind!r}")
    out["seconds"] = dt
    out["rss_kb"] = _hwm_kb()
    return out


# -- process-tree memory sampling ------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return out


def _status_kb(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _rollup_kb(pid: int) -> tuple[int, int] | None:
    """(Rss, Pss) of a process in KiB, from smaps_rollup."""
    rss = pss = None
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        return None
    return None if rss is None or pss is None else (rss, pss)


class TreeSampler(threading.Thread):
    """Poll the memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.root = pid
        self.interval = interval
        self.done = threading.Event()
        self.hwm: dict[int, int] = {}
        self.max_rss_sum = 0
        self.max_pss_sum = 0
        self.samples = 0

    def sample(self) -> None:
        pids = [self.root]
        i = 0
        while i < len(pids):
            pids.extend(_children(pids[i]))
            i += 1
        rss_sum = pss_sum = 0
        for pid in pids:
            hwm = _status_kb(pid, "VmHWM:")
            rollup = _rollup_kb(pid)
            if hwm is None or rollup is None:  # gone, or a zombie
                continue
            self.hwm[pid] = max(self.hwm.get(pid, 0), hwm)
            rss_sum += rollup[0]
            pss_sum += rollup[1]
        self.max_rss_sum = max(self.max_rss_sum, rss_sum)
        self.max_pss_sum = max(self.max_pss_sum, pss_sum)
        self.samples += 1

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.interval)

    def result(self) -> dict[str, Any]:
        parent = self.hwm.get(self.root, 0)
        workers = [kb for pid, kb in self.hwm.items() if pid != self.root]
        return {
            "rss_kb": max([parent, *workers]),
            "parent_kb": parent,
            "workers_kb": sorted(workers),
            "sum_hwm_kb": parent + sum(workers),
            "max_rss_sum_kb": self.max_rss_sum,
            "max_pss_sum_kb": self.max_pss_sum,
            "samples": self.samples,
        }


# -- one measurement, with the foreign load ----------------------------------------------


def _busy_seconds() -> float:
    """CPU seconds the machine spent busy (all CPUs), from /proc/stat."""
    with open("/proc/stat") as f:
        vals = [int(v) for v in f.readline().split()[1:9]]
    return (sum(vals) - vals[3] - vals[4]) / CLK


def _own_seconds() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


def _run_cli(args: list[str]) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    dt = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[:500]}")
    return {"seconds": dt, "exit": proc.returncode, **sampler.result()}


def _run_worker(kind: str, fmt: str, paths: list[Path]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", kind, fmt, *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _timed(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    busy0, own0, t0 = _busy_seconds(), _own_seconds(), time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t0
    foreign = (_busy_seconds() - busy0) - (_own_seconds() - own0)
    out["foreign_cores"] = round(max(foreign, 0.0) / wall, 3)
    return out


def measure(
    key: str, fmt: str, paths: list[Path], max_foreign: float, retries: int
) -> dict[str, Any]:
    """One measurement of a row; repeated while another process loads the machine."""
    if key.startswith("cli"):
        args = [FTLINT, "check", *CLI_ARGS[key], *map(str, paths)]
        fn: Callable[[], dict[str, Any]] = lambda: _run_cli(args)  # noqa: E731
    else:
        fn = lambda: _run_worker(key, fmt, paths)  # noqa: E731
    attempts = 0
    waited = 0.0
    while True:
        waited += wait_quiet(max_foreign)
        out = _timed(fn)
        attempts += 1
        if out["foreign_cores"] <= max_foreign or attempts > retries:
            out.update(attempts=attempts, waited=round(waited, 1))
            out["noisy"] = out["foreign_cores"] > max_foreign
            return out


def wait_quiet(max_foreign: float, timeout: float = 300.0, probe: float = 0.3) -> float:
    """Wait until other processes use at most ``max_foreign`` cores; the seconds waited."""
    t0 = time.monotonic()
    while True:
        busy0, own0 = _busy_seconds(), _own_seconds()
        time.sleep(probe)
        load = ((_busy_seconds() - busy0) - (_own_seconds() - own0)) / probe
        waited = time.monotonic() - t0
        if load <= max_foreign or waited > timeout:
            return waited - probe


# -- sections --------------------------------------------------------------------------


class Section:
    def __init__(self, name: str, title: str, paths: list[Path], fmt: str, rows: list[str]) -> None:
        self.name, self.title, self.paths, self.fmt, self.rows = name, title, paths, fmt, rows
        self.results: dict[str, list[dict[str, Any]]] = {r: [] for r in rows}


def _have(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _sections(names: list[str], quick: bool, seed: int) -> list[Section]:
    big, size, multi_size, multi_n = (100.0, 10.0, 2.5, 20) if quick else (1000.0, 100.0, 25.0, 20)
    baseline_rows = [
        k for k in LABELS if k.startswith("b:") and _have(_BASELINE_NEEDS.get(k, "msgspec"))
    ]
    out = []
    for name in names:
        if name == "chat100":
            path = _ensure(size, seed, 0.0)
            rows = ["floor", "floor_buf", "msgspec", "msgspec_buf", *baseline_rows]
            rows += ["check_file", "cli1", "cli2"]
            out.append(Section(name, f"chat, {size:g} MB", [path], "chat", rows))
        elif name in ("dpo100", "tools100"):
            kind, fmt = ("dpo", "preference") if name == "dpo100" else ("tools", "chat")
            path = _ensure(size, seed, 0.0, kind)
            rows = ["floor", "msgspec", "msgspec_buf", "check_file", "cli1", "cli2"]
            out.append(Section(name, f"{kind}, {size:g} MB", [path], fmt, rows))
        elif name == "chat1g":
            path = _ensure(big, seed, 0.0)
            rows = ["msgspec", "msgspec_buf", "cli1", "cli2", "cli1_nodup", "cli2_nodup"]
            out.append(Section(name, f"chat, {big:g} MB", [path], "chat", rows))
        elif name == "multi":
            folder = DATA / "multi"
            paths = [_ensure(multi_size, s, 0.0, folder=folder) for s in range(1, multi_n + 1)]
            rows = ["msgspec", "cli1", "cli2"]
            title = f"{multi_n} chat files of {multi_size:g} MB"
            out.append(Section(name, title, paths, "chat", rows))
        elif name != "startup" and name not in CLIFFS:
            raise SystemExit(f"unknown section {name!r}")
    return out


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}" if kb else "–"  # 0: the process ended before a sample


def _print_section(sec: Section) -> None:
    nbytes = sum(p.stat().st_size for p in sec.paths)
    first = sec.results[sec.rows[0]][0]
    lines = first.get("lines")
    where = (
        str(sec.paths[0].relative_to(HERE.parent))
        if len(sec.paths) == 1
        else f"{sec.paths[0].parent.relative_to(HERE.parent)}/ ({len(sec.paths)} files)"
    )
    print(
        f"\n### {sec.title}: {where}, {nbytes / MB:,.1f} MB"
        + (f", {lines:,} lines, {nbytes / lines:,.0f} B/line" if lines else "")
    )
    print(
        "| row | median s | min–max s | MB/s | ratio vs msgspec typed | ratio vs msgspec"
        " typed, 1 MiB buffer | peak RSS MB (largest process) | CLI tree: Σ peaks / sampled"
        " Σ RSS / Σ PSS MB | foreign load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = base_buf = None
    if "msgspec" in sec.results:
        base = statistics.median(r["seconds"] for r in sec.results["msgspec"])
    if "msgspec_buf" in sec.results:
        base_buf = statistics.median(r["seconds"] for r in sec.results["msgspec_buf"])
    for key in sec.rows:
        runs = sec.results[key]
        secs = [r["seconds"] for r in runs]
        med = statistics.median(secs)
        rss = max(r["rss_kb"] for r in runs)
        tree = "–"
        if key.startswith("cli"):
            tree = (
                f"{_mb(max(r['sum_hwm_kb'] for r in runs))} / "
                f"{_mb(max(r['max_rss_sum_kb'] for r in runs))} / "
                f"{_mb(max(r['max_pss_sum_kb'] for r in runs))}"
                f" ({max(len(r['workers_kb']) for r in runs)} workers)"
            )
        foreign = statistics.median(r["foreign_cores"] for r in runs)
        noisy = sum(r["noisy"] for r in runs)
        retried = sum(r["attempts"] - 1 for r in runs)
        waited = sum(r.get("waited", 0) for r in runs)
        load = (
            f"{foreign:.2f}"
            + (f" ({retried} re-run)" if retried else "")
            + (f" (waited {waited:.0f} s)" if waited >= 1 else "")
            + (f" *{noisy} noisy" if noisy else "")
        )
        ratio = f"{base / med:.2f}" if base else "–"
        ratio_buf = f"{base_buf / med:.2f}" if base_buf else "–"
        print(
            f"| {LABELS[key]} | {med:.3f} | {min(secs):.3f}–{max(secs):.3f} |"
            f" {nbytes / MB / med:,.0f} | {ratio} | {ratio_buf} | {_mb(rss)} | {tree} | {load} |"
        )
    seen = []
    for key in sec.rows:
        r = sec.results[key][0]
        if "failed" in r:
            extra = f"/{r['errors']} errors/{r['warnings']} warnings" if "errors" in r else ""
            seen.append(f"{key}: {r['lines']} lines, {r['failed']} failed{extra}")
        elif "exit" in r:
            seen.append(f"{key}: exit {sorted({x['exit'] for x in sec.results[key]})}")
    print("\nverdicts: " + "; ".join(seen))


# -- start-up --------------------------------------------------------------------------


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _startup(repeat: int, max_foreign: float, retries: int) -> dict[str, Any]:
    small = DATA / "chat_10lines.jsonl"
    src = _ensure(10.0 if not (DATA / "chat_100mb_seed1.jsonl").exists() else 100.0, 1, 0.0)
    with open(src, "rb") as f:
        head = [next(f) for _ in range(10)]
    if not small.exists() or small.read_bytes() != b"".join(head):
        small.write_bytes(b"".join(head))
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "ftlint --version": [FTLINT, "--version"],
        "ftlint check FILE (10 lines)": [FTLINT, "check", str(small)],
        "python -m ftlint check FILE": [sys.executable, "-m", "ftlint", "check", str(small)],
    }
    results: dict[str, list[dict[str, Any]]] = {k: [] for k in rows}
    for _ in range(repeat):
        for label, args in rows.items():
            out = None
            for attempt in range(retries + 1):
                wait_quiet(max_foreign)
                out = _timed(lambda args=args: _run_cli(args))
                out["attempts"] = attempt + 1
                out["noisy"] = out["foreign_cores"] > max_foreign
                if not out["noisy"]:
                    break
                time.sleep(1.0)
            results[label].append(out)
    # -X importtime: median self and cumulative microseconds per module over the runs.
    self_us: dict[str, list[int]] = {}
    cum_us: dict[str, list[int]] = {}
    depth: dict[str, int] = {}
    for _ in range(max(repeat, 5)):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "ftlint", "check", str(small)],
            capture_output=True,
            text=True,
        )
        for line in proc.stderr.splitlines():
            m = _IMPORT_LINE.match(line)
            if m:
                name = m.group(4)
                self_us.setdefault(name, []).append(int(m.group(1)))
                cum_us.setdefault(name, []).append(int(m.group(2)))
                depth[name] = (len(m.group(3)) - 1) // 2
    med_self = {k: statistics.median(v) for k, v in self_us.items()}
    med_cum = {k: statistics.median(v) for k, v in cum_us.items()}
    return {"file": str(small), "results": results, "self_us": med_self, "cum_us": med_cum,
            "depth": depth}  # fmt: skip


def _print_startup(data: dict[str, Any]) -> None:
    print(f"\n### start-up: {Path(data['file']).relative_to(HERE.parent)} (10 lines)")
    print("| command | median ms | min–max ms | peak RSS MB | foreign load |")
    print("|---|---:|---:|---:|---:|")
    for label, runs in data["results"].items():
        ms = [r["seconds"] * 1000 for r in runs]
        foreign = statistics.median(r["foreign_cores"] for r in runs)
        noisy = sum(r["noisy"] for r in runs)
        print(
            f"| `{label}` | {statistics.median(ms):.0f} | {min(ms):.0f}–{max(ms):.0f} |"
            f" {_mb(max(r['rss_kb'] for r in runs))} | {foreign:.2f}"
            + (f" *{noisy} noisy" if noisy else "")
            + " |"
        )
    cum, own, depth = data["cum_us"], data["self_us"], data["depth"]
    total = sum(v for k, v in cum.items() if depth.get(k) == 0)
    print(
        f"\n`python -X importtime -m ftlint check FILE`: {total / 1000:.1f} ms of imports in all"
        " (median per module over the runs)."
    )
    print("Top-level imports by cumulative time (ms): " + ", ".join(
        f"{k} {v / 1000:.1f}" for k, v in sorted(cum.items(), key=lambda kv: -kv[1])
        if depth.get(k) == 0 and v >= 1000
    ))  # fmt: skip
    inside = [(k, v) for k, v in cum.items() if depth.get(k) == 1 and v >= 1000]
    print("Their direct imports by cumulative time (ms): " + ", ".join(
        f"{k} {v / 1000:.1f}" for k, v in sorted(inside, key=lambda kv: -kv[1])[:14]
    ))  # fmt: skip
    print("Top modules by their own time (ms): " + ", ".join(
        f"{k} {v / 1000:.1f}" for k, v in sorted(own.items(), key=lambda kv: -kv[1])[:14]
    ))  # fmt: skip


# -- the run ---------------------------------------------------------------------------


def _versions() -> str:
    import msgspec

    import ftlint

    parts = [
        f"nproc {os.cpu_count()}",
        f"Python {platform.python_version()}",
        f"msgspec {msgspec.__version__}",
    ]
    for mod in ("orjson", "pydantic"):
        if _have(mod):
            parts.append(f"{mod} {__import__(mod).__version__}")
    parts.append(f"ftlint {ftlint.__version__}")
    try:
        head = subprocess.run(
            ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        parts.append(f"git {head}")
    except OSError:
        pass
    return ", ".join(parts)


def _uptime() -> str:
    with open("/proc/loadavg") as f:
        return "load average " + " ".join(f.read().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sections",
        default="chat100,dpo100,tools100,chat1g,multi,tools-own,tools-drift,invalid10,"
        "tools-pool,tools-pydantic,drift-pydantic,startup",
        help="comma-separated: chat100, dpo100, tools100, chat1g, multi, tools-own,"
        " tools-drift, invalid10, tools-pool, tools-pydantic, drift-pydantic, startup",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--startup-repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="small files, 3 repetitions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-foreign", type=float, default=0.10, metavar="CORES")
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--json", metavar="PATH", help="also write the raw results here")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, fmt, *paths = args.worker
        print(json.dumps(_worker(kind, fmt, paths)))
        return 0

    repeat = 3 if args.quick and args.repeat == 5 else args.repeat
    names = [n.strip() for n in args.sections.split(",") if n.strip()]
    sections = _sections(names, args.quick, args.seed)
    print(f"# ftlint benchmark: {_versions()}")
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {_uptime()} at the start")
    print(
        f"median of {repeat} runs (start-up: {args.startup_repeat}); fresh process each;"
        " warm page cache; 1 MB = 10**6 B; ratio = throughput / msgspec typed decode of the"
        " same file(s)"
    )
    raw: dict[str, Any] = {"versions": _versions(), "repeat": repeat, "sections": {}}
    for sec in sections:
        for path in sec.paths:
            _warm(path)
        print(f"\n[{sec.name}: {_uptime()}]", file=sys.stderr, flush=True)
        for rep in range(repeat):
            print(f"  {sec.name} repetition {rep + 1}/{repeat}", file=sys.stderr, flush=True)
            for key in sec.rows:
                out = measure(key, sec.fmt, sec.paths, args.max_foreign, args.retries)
                sec.results[key].append(out)
        _print_section(sec)
        sys.stdout.flush()
        raw["sections"][sec.name] = {
            "paths": [str(p) for p in sec.paths],
            "results": sec.results,
        }
    cliffs = [n for n in names if n in CLIFFS]
    if cliffs:
        import cliffs as cliff_rows  # imports this module's wait_quiet: loaded lazily

        raw["sections"].update(
            cliff_rows.run(cliffs, args.quick, repeat, args.seed, args.max_foreign)
        )
        sys.stdout.flush()
    if "startup" in names:
        data = _startup(args.startup_repeat, args.max_foreign, args.retries)
        _print_startup(data)
        raw["sections"]["startup"] = data
    print(f"\n{_uptime()} at the end")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
