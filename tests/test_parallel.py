"""--jobs: byte ranges and whole files in worker processes give exactly the serial results."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

import ftlint
from ftlint.engine import Options
from ftlint.parallel import check_sources
from ftlint.reader import discover
from ftlint.reporters import REPORTERS, ReportOptions


def _chat(i: int, *, answer: str | None = None) -> dict:
    return {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": f"question {i}: what is {i} + {i}?"},
            {"role": "assistant", "content": answer or f"It is {2 * i}."},
        ]
    }


def _messy_file(path: Path, n: int = 1500, seed: int = 3) -> Path:
    """Valid chat data with every kind of problem spread through the file."""
    rng = random.Random(seed)
    lines: list[bytes] = []
    for i in range(n):
        r = rng.random()
        ending = b"\r\n" if rng.random() < 0.05 else b"\n"
        if r < 0.04:
            line = b'{"messages": [{"role": "user", "content": "broken'  # invalid JSON
        elif r < 0.07:
            line = b""  # blank line
        elif r < 0.10:
            bad = _chat(i)
            bad["messages"][1]["role"] = "human"
            line = json.dumps(bad).encode()
        elif r < 0.13 and i > 10:
            line = json.dumps(_chat(rng.randrange(i))).encode()  # a duplicate, near or far
        elif r < 0.15:
            line = b"\xef\xbb\xbf" + json.dumps(_chat(i)).encode()  # a BOM mid-file
        elif r < 0.17:
            line = json.dumps({"prompt": "p", "completion": f" {i}"}).encode()  # mixed format
        elif r < 0.19:
            line = json.dumps(_chat(i, answer="<|endoftext|>")).encode()
        else:
            line = json.dumps(_chat(i)).encode()
        lines.append(line + ending)
    path.write_bytes(b"".join(lines))
    return path


def _run(paths: list[str], jobs: int, **options: object) -> tuple[str, list[ftlint.Finding]]:
    sources, errors = discover(paths)
    assert not errors
    streamed: list[ftlint.Finding] = []
    files = [
        f
        for f in check_sources(
            sources, Options(**options), jobs=jobs, chunk_bytes=4096, min_bytes=0
        )
    ]
    report = ftlint.Report(files=tuple(f for f in files if isinstance(f, ftlint.FileReport)))
    text = "".join(REPORTERS["json"].render(report, ReportOptions()))
    # And once more, streaming, as -o jsonl does.
    list(check_sources(sources, Options(**options), jobs=jobs, chunk_bytes=4096, min_bytes=0,
                       on_finding=streamed.append))  # fmt: skip
    return text, streamed


@pytest.mark.parametrize(
    "options",
    [{}, {"format": "chat"}, {"max_findings": 25}, {"rules": ftlint.select_rules(["ALL"])}],
    ids=["auto", "chat", "capped", "all-rules"],
)
def test_ranges_give_the_serial_result_byte_for_byte(tmp_path, options) -> None:
    path = str(_messy_file(tmp_path / "messy.jsonl"))
    serial, serial_stream = _run([path], 1, **options)
    parallel, parallel_stream = _run([path], 2, **options)
    assert parallel == serial
    assert parallel_stream == serial_stream
    doc = json.loads(serial)
    codes = {f["code"] for f in doc["findings"]}
    # The file really exercises the merge: findings of many kinds, in many ranges.
    assert {"J001", "J003", "S005", "F006", "J004", "F002", "X001"} <= codes or options
    assert doc["files"][0]["stats"]["lines"] == 1500


def test_files_are_cut_into_many_ranges(tmp_path) -> None:
    from ftlint.parallel import cut

    path = _messy_file(tmp_path / "messy.jsonl")
    [source], _ = discover([str(path)])
    plan = cut(source, path.stat().st_size, Options(), 4096)
    assert plan is not None and len(plan.bounds) > 20
    data = path.read_bytes()
    for start, end in plan.bounds:
        assert start == 0 or data[start - 1 : start] == b"\n"  # cut at line starts
        assert end > start
    assert plan.bounds[-1][1] == len(data)


def test_several_files_in_workers_keep_their_order(tmp_path) -> None:
    paths = []
    for k in range(5):
        p = _messy_file(tmp_path / f"f{k}.jsonl", n=60 + 40 * k, seed=k)
        paths.append(str(p))
    gz = tmp_path / "z.jsonl.gz"
    gz.write_bytes(gzip.compress(Path(paths[0]).read_bytes()))
    paths.append(str(gz))
    serial, serial_stream = _run(paths, 1)
    parallel, parallel_stream = _run(paths, 2)
    assert parallel == serial and parallel_stream == serial_stream
    assert [f["path"] for f in json.loads(serial)["files"]] == [p.replace("\\", "/") for p in paths]


def test_small_files_go_to_workers_in_groups(tmp_path, monkeypatch) -> None:
    """Many small files: a task checks several (passing the options and the results costs
    more than checking one), in order, with the serial results and streamed findings; a
    file that is gone by then gives its reason, and the others of its group still come."""
    import ftlint.pool

    paths = [str(_messy_file(tmp_path / f"f{k:02d}.jsonl", n=20, seed=k)) for k in range(40)]
    sources, _ = discover(paths)
    Path(paths[7]).unlink()  # listed, then gone
    tasks = []
    submit = ftlint.pool.Pool.submit
    monkeypatch.setattr(
        ftlint.pool.Pool, "submit", lambda pool, *a: tasks.append(a[0]) or submit(pool, *a)
    )
    for listen in (False, True):
        runs = {}
        for jobs in (1, 2):
            streamed: list[ftlint.Finding] = []
            runs[jobs] = (
                list(check_sources(sources, Options(), jobs=jobs, min_bytes=0,
                                   on_finding=streamed.append if listen else None)),
                streamed,
            )  # fmt: skip
        assert runs[2] == runs[1]
        reports = runs[2][0]
        assert isinstance(reports[7], str) and "f07.jsonl" in reports[7]
        assert [r.path for r in reports if not isinstance(r, str)] == paths[:7] + paths[8:]
    assert 0 < len(tasks) <= 2  # a group of all 40 files, once per listening mode


def test_small_input_stays_in_process(tmp_path, monkeypatch) -> None:
    import ftlint.pool

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started for a small input")

    monkeypatch.setattr(ftlint.pool, "Pool", no_pool)  # parallel imports it when it starts one
    path = _messy_file(tmp_path / "small.jsonl", n=50)
    [source], _ = discover([str(path)])
    [report] = list(check_sources([source], Options(), jobs=2))  # default minimum size
    assert isinstance(report, ftlint.FileReport) and report.stats.lines == 50


def test_cli_jobs_option(tmp_path, run) -> None:
    path = str(_messy_file(tmp_path / "messy.jsonl", n=300))
    one = run("check", "-o", "json", "--jobs", "1", path)
    two = run("check", "-o", "json", "--jobs", "2", path)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout


def test_only_files_big_against_the_whole_input_are_cut(tmp_path) -> None:
    from ftlint.parallel import _plan

    small = [_messy_file(tmp_path / f"s{k}.jsonl", n=100, seed=k) for k in range(8)]
    big = _messy_file(tmp_path / "big.jsonl", n=1500)
    sources, _ = discover([str(p) for p in [*small, big]])
    sizes = [s.size for s in sources]
    chunk = 4096
    assert all(size > chunk for size in sizes)  # each is bigger than a range
    plans = dict(((s.name, r) for s, r in _plan(sources, sizes, Options(), chunk, jobs=2)))
    # The small files keep a worker busy whole; the big one is worth cutting.
    assert all(plans[str(p)] is None for p in small)
    cut = plans[str(big)]
    assert cut is not None and len(cut.bounds) > 20
    # Many files alike: none is cut, however big against a range.
    sources, _ = discover([str(p) for p in small])
    plans = dict(
        (
            (s.name, r)
            for s, r in _plan(sources, [s.size for s in sources], Options(), chunk, jobs=2)
        )
    )
    assert all(r is None for r in plans.values())
