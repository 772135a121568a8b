"""Where ``ftlint.check_file`` spends its time on the 100 MB chat file.

Two profilers, because each has its bias:

- cProfile (deterministic, in process): exact call counts, but it adds a cost to every
  Python call, so call-heavy code looks more expensive than it is. The unprofiled time of
  the same call is printed beside it.
- py-spy (sampling, ``--py-spy``; ``pip install py-spy``): no per-call cost. It samples a
  separate process running ``check_file`` at 1000 Hz and attributes each sample to the
  innermost Python line; C code such as ``Decoder.decode`` or ``readlines`` shows as the
  Python line that called it.

Usage::

    .venv/bin/python bench/profile_check.py                # cProfile, top 25
    .venv/bin/python bench/profile_check.py --py-spy       # both
    .venv/bin/python bench/profile_check.py --path FILE --top 40

Imports are done before the profile starts.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import linecache
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import _ensure, _warm  # noqa: E402


def _short(filename: str) -> str:
    for marker in ("/src/ftlint/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _fresh_caches() -> None:
    """Empty the caches that fill with the file's data, as in a new CLI process: a second
    call on the same file would otherwise find every tool schema compiled."""
    from ftlint.rules import argschema

    for name in dir(argschema):
        cache = getattr(argschema, name)
        if hasattr(cache, "cache_clear"):
            cache.cache_clear()
        elif name.startswith(("_BY_", "_SEEN")) and isinstance(cache, (dict, set)):
            cache.clear()


def cprofile(path: str, top: int) -> None:
    import ftlint

    check_file = ftlint.check_file
    check_file(path)  # warm: lazy imports
    _fresh_caches()
    t0 = time.perf_counter()
    check_file(path)
    plain = time.perf_counter() - t0
    _fresh_caches()
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    check_file(path)
    prof.disable()
    profiled = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in entries.values())
    print(
        f"cProfile: check_file({path}) {profiled:.3f} s profiled, {plain:.3f} s without"
        f" the profiler; {total:.3f} s of own time in all functions"
    )
    print("\nTop functions by own time (tottime):")
    print("| function | calls | own s | share | cumulative s |")
    print("|---|---:|---:|---:|---:|")
    rows = sorted(entries.items(), key=lambda kv: -kv[1][2])[:top]
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in rows:
        where = f"{_short(filename)}:{line}({name})" if line else name
        print(f"| `{where}` | {nc:,} | {tt:.3f} | {tt / total:.0%} | {ct:.3f} |")
    by_module: collections.Counter[str] = collections.Counter()
    for (filename, _line, name), (_cc, _nc, tt, _ct, _callers) in entries.items():
        key = _short(filename) if filename != "~" else "C builtins: " + name.split(" of ")[0]
        by_module[key] += tt
    print("\nOwn time by file (C functions by name):")
    for key, tt in by_module.most_common(12):
        print(f"  {tt:.3f} s  {tt / total:4.0%}  {key}")


_PY_SPY_SCRIPT = """
import sys, time, ftlint
sys.path.insert(0, sys.argv[3])
from profile_check import _fresh_caches
check_file = ftlint.check_file
check_file(sys.argv[1])
time.sleep(0.2)
for _ in range(int(sys.argv[2])):
    _fresh_caches()
    check_file(sys.argv[1])
"""


def py_spy(path: str, top: int, loops: int) -> None:
    exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not os.path.exists(exe):
        print("py-spy not found: pip install py-spy", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "raw.txt"
        cmd = [exe, "record", "-r", "1000", "-f", "raw", "-o", str(out), "--"]
        cmd += [sys.executable, "-c", _PY_SPY_SCRIPT, path, str(loops), str(HERE)]
        subprocess.run(cmd, check=True, capture_output=True)
        text = out.read_text()
    leaf: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    code: dict[str, str] = {}
    total = 0
    frame_re = re.compile(r"^(.*) \((.*?):(\d+)\)$")
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not any("check_file" in f for f in frames):
            continue  # start-up, imports, the warm-up sleep
        n = int(count)
        total += n
        parsed = []
        for f in frames:
            m = frame_re.match(f)
            parsed.append((m.group(1), _short(m.group(2)), m.group(3)) if m else (f, "", ""))
        name, file, lineno = parsed[-1]
        key = f"{file}:{lineno} ({name})"
        leaf[key] += n
        if key not in code and lineno:
            full = next((f for f in frames if f.endswith(f"{file}:{lineno})")), "")
            source = frame_re.match(full)
            code[key] = linecache.getline(source.group(2), int(lineno)).strip() if source else ""
        for fn in {(n_, f_) for n_, f_, _ in parsed}:
            inclusive[f"{fn[1]} ({fn[0]})"] += n
    print(f"\npy-spy: {total:,} samples at 1000 Hz inside check_file ({loops} calls)")
    print("\nInnermost Python line (C calls show as the line that made them):")
    print("| line | share | code |")
    print("|---|---:|---|")
    for key, n in leaf.most_common(top):
        print(f"| `{key}` | {n / total:.1%} | `{code.get(key, '')}` |")
    print("\nInclusive share by function:")
    for key, n in inclusive.most_common(top):
        print(f"  {n / total:6.1%}  {key}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", help="file to check (default: the 100 MB chat file)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--py-spy", action="store_true", help="also sample with py-spy")
    parser.add_argument("--loops", type=int, default=5, help="check_file calls under py-spy")
    args = parser.parse_args()
    path = args.path or str(_ensure(100.0, 1, 0.0))
    _warm(Path(path))
    cprofile(path, args.top)
    if args.py_spy:
        py_spy(path, args.top, args.loops)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
