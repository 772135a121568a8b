"""Shards and Dask against --jobs (issue #15): 8 shards of 100 MB, on this machine's cores.

The data: 8 chat files of 100 MB (``generate.py``, 1% errors, seeds 1-8), 800 MB in all,
under ``bench/data/``. Each row is the wall clock of CLI commands, interpreter start-up
included, best of ``--repeat`` runs:

- ``--jobs 2``: one ``ftlint check --jobs 2 -q -o json`` over the 8 files;
- ``--dask local:2``: the same command with ``--dask local:2 --shards 8`` instead of
  ``--jobs`` (cluster start and stop included);
- shard + merge: the 8 ``--shard I/8 --partial`` commands, two at a time, then
  ``ftlint merge``; the merge alone is also shown, and the bytes of the partials.

Every row's JSON output is compared with the ``--jobs 2`` row's, so they did the same work.

Usage::

    .venv/bin/pip install -e '.[dask]'
    .venv/bin/python bench/bench_shards.py              # ~1.6 GB of data the first time
    .venv/bin/python bench/bench_shards.py --repeat 5 --size-mb 100 --shards 8
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def _data(size_mb: float, count: int) -> list[Path]:
    folder = HERE / "data"
    folder.mkdir(exist_ok=True)
    paths = []
    for seed in range(1, count + 1):
        path = folder / f"chat_{size_mb:g}mb_seed{seed}_err0.01.jsonl"
        if not path.exists():
            with open(path.with_suffix(".tmp"), "wb") as fh:
                for line in generate(size_mb, seed=seed, errors=0.01):
                    fh.write(line)
            path.with_suffix(".tmp").rename(path)
        paths.append(path)
    return paths


def _ftlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "ftlint", *args]


def _run(args: list[str], out: Path | None = None) -> None:
    with open(out or os.devnull, "wb") as fh:
        code = subprocess.run(args, stdout=fh, stderr=subprocess.PIPE, check=False)
    if code.returncode not in (0, 1):
        raise SystemExit(f"failed ({code.returncode}): {' '.join(args)}\n{code.stderr.decode()}")


def _best(repeat: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _shards(files: list[str], n: int, folder: Path, parallel: int) -> list[str]:
    """Run the n shards, ``parallel`` at a time, as a job array would."""
    parts = [str(folder / f"part-{s}.ftp") for s in range(1, n + 1)]
    pending = list(range(1, n + 1))
    running: list[subprocess.Popen[bytes]] = []
    while pending or running:
        while pending and len(running) < parallel:
            s = pending.pop(0)
            command = _ftlint("check", *files, "--shard", f"{s}/{n}", "--partial", parts[s - 1])
            running.append(subprocess.Popen(command))
        running.pop(0).wait()
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    files = [str(p) for p in _data(args.size_mb, args.shards)]
    common = ["check", *files, "-q", "-o", "json"]
    n, w = args.shards, args.workers
    with tempfile.TemporaryDirectory(prefix="ftlint-bench-") as tmp:
        folder = Path(tmp)
        outputs = {name: folder / f"{name}.json" for name in ("jobs", "dask", "merge")}
        rows = {
            f"--jobs {w}": _best(
                args.repeat, lambda: _run(_ftlint(*common, "--jobs", str(w)), outputs["jobs"])
            ),
            f"--dask local:{w} --shards {n}": _best(
                args.repeat,
                lambda: _run(
                    _ftlint(*common, "--dask", f"local:{w}", "--shards", str(n)), outputs["dask"]
                ),
            ),
        }
        parts: list[str] = []

        def shard_and_merge() -> None:
            parts[:] = _shards(files, n, folder, w)
            _run(_ftlint("merge", *parts, "-o", "json"), outputs["merge"])

        rows[f"{n} x --shard, {w} at a time, + merge"] = _best(args.repeat, shard_and_merge)
        rows["  of which merge"] = _best(
            args.repeat, lambda: _run(_ftlint("merge", *parts, "-o", "json"), outputs["merge"])
        )
        size = sum(os.path.getsize(p) for p in parts)
        same = {
            name: out.read_bytes() == outputs["jobs"].read_bytes() for name, out in outputs.items()
        }
    total_mb = sum(os.path.getsize(f) for f in files) / 1e6
    base = rows[f"--jobs {w}"]
    print(f"{len(files)} files, {total_mb:.0f} MB; {os.cpu_count()} CPUs; best of {args.repeat}")
    print(f"| run | seconds | MB/s | vs --jobs {w} |")
    print("|---|---|---|---|")
    for name, seconds in rows.items():
        rate = "" if name.startswith("  ") else f"{total_mb / seconds:.0f}"
        print(f"| {name} | {seconds:.2f} | {rate} | {seconds / base:.2f}x |")
    print(f"partials: {size / 1e6:.1f} MB in all; outputs identical to --jobs: {same}")
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
