"""``stats --jobs``: byte ranges and line batches in worker processes give exactly the
serial statistics, findings, overlap and watched examples."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ftlint.stats_count as count_module
import ftlint.stats_run as run_module
from ftlint.engine import check_source
from ftlint.findings import Finding
from ftlint.parallel import Ranges
from ftlint.pool import Pool
from ftlint.reader import Source, discover
from ftlint.stats_count import Collector, cut
from ftlint.stats_run import StatsOptions, StatsResult, run_stats


def _lines() -> list[Any]:
    rng = random.Random(3)
    prompts = ["Be brief.", "Answer in French.", "Réponds en une ligne."]
    lines: list[Any] = [
        {
            "messages": [
                {"role": "system", "content": rng.choice(prompts)},
                {"role": "user", "content": "q" + " w" * rng.randint(0, 400)},
                {"role": "assistant", "content": "a" + " é" * rng.randint(0, 300)},
            ]
        }
        for _ in range(300)
    ]
    lines[17]["messages"][2]["content"] = " a" * 5000  # over the model's limit
    lines[250] = lines[5]  # a duplicate, ranges apart (F006 found in the merge)
    image = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    lines[60]["messages"][1]["content"] = [{"type": "text", "text": "what?"}, image]
    lines[40] = b'{"messages": [{"role": "user", "content": "cut'  # invalid JSON
    lines[41] = {"messages": [{"role": "robot", "content": "x"}]}  # invalid role
    return lines


def _validation() -> list[Any]:
    lines = _lines()
    # Two training examples (one written differently), and one of its own.
    own = {"messages": [{"role": "user", "content": "new"}, {"role": "assistant", "content": "!"}]}
    return [lines[10], json.dumps(lines[299], indent=None, separators=(", ", ": ")), own]


def _run(paths: list[str], validation: str, jobs: int) -> tuple[StatsResult, int]:
    """The result, and how many times progress was told of bytes read."""
    reads: list[int] = []
    result = run_stats(
        discover(paths)[0],
        StatsOptions(model="gpt-3.5-turbo-0613", jobs=jobs),
        validation=validation,
        progress=reads.append,
    )
    return result, len(reads)


@pytest.fixture
def many_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(count_module, "MIN_RANGE_BYTES", 1)  # 8 ranges for 2 workers
    monkeypatch.setattr(count_module, "BATCH_BYTES", 20_000)  # about 25 batches


@pytest.mark.usefixtures("many_ranges")
@pytest.mark.parametrize("compressed", [False, True], ids=["ranges", "gzip-batches"])
def test_workers_give_exactly_the_serial_result(
    write_jsonl: Callable[..., Path], compressed: bool
) -> None:
    path = write_jsonl("train.jsonl", _lines())
    if compressed:
        zipped = path.with_suffix(".jsonl.gz")
        zipped.write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()
        path = zipped
    validation = str(write_jsonl("valid.jsonl", _validation()))
    serial, _ = _run([str(path)], validation, jobs=1)
    parallel, reads = _run([str(path)], validation, jobs=2)
    assert parallel == serial
    if not compressed:  # progress is told once per byte range, of each file
        options = run_module.check_options(StatsOptions())
        cuts = [cut(source, options, 2) for source in discover([str(path), validation])[0]]
        assert reads == sum(len(ranges.bounds) for ranges in cuts if ranges is not None) > 8
    (file,) = serial.files
    assert file.examples.over_limit() == [(18, file.examples.over_limit()[0][1])]
    assert file.duplicates == 1 and file.report.stats.invalid == 2
    assert file.cannot_train  # F010, from the file rules of the merge
    assert [(o.train_line, o.validation_line) for o in serial.overlap] == [(11, 1), (300, 2)]


@pytest.mark.usefixtures("many_ranges")
def test_a_plain_file_is_cut_and_its_ranges_tile_it(write_jsonl: Callable[..., Path]) -> None:
    path = write_jsonl("train.jsonl", _lines())
    (source,) = discover([str(path)])[0]
    ranges = cut(source, run_module.check_options(StatsOptions()), 2)
    assert isinstance(ranges, Ranges) and len(ranges.bounds) == 8
    assert ranges.bounds[0][0] == 0 and ranges.bounds[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges.bounds, ranges.bounds[1:], strict=False))
    data = path.read_bytes()
    assert all(data[start - 1 : start] == b"\n" for start, _ in ranges.bounds[1:])
    # What cannot be read by offset is not cut.
    assert cut(Source("-", None), run_module.check_options(StatsOptions()), 2) is None


@pytest.mark.usefixtures("many_ranges")
def test_watched_examples_are_seen_here_in_order(write_jsonl: Callable[..., Path]) -> None:
    """``ftlint report``'s watchers see every valid example in this process, in line order,
    and every finding in report order, with or without workers."""
    path = write_jsonl("train.jsonl", _lines())

    def watched(jobs: int) -> tuple[StatsResult, list[int], list[str]]:
        lines: list[int] = []
        codes: list[str] = []

        def watch(
            source: Source,
        ) -> tuple[Callable[[Any, int], None], Callable[[Finding], None], None]:
            see = lambda example, line: lines.append(line)  # noqa: E731
            return see, (lambda f: codes.append(f.code)), None

        options = StatsOptions(jobs=jobs)
        return run_stats(discover([str(path)])[0], options, watch=watch), lines, codes

    assert watched(2) == watched(1)
    assert len(watched(1)[1]) == 298


def test_less_than_a_batch_is_counted_in_this_process(write_jsonl: Callable[..., Path]) -> None:
    path = write_jsonl("train.jsonl", _lines())
    (source,) = discover([str(path)])[0]
    serial = run_stats([source], StatsOptions()).files[0].examples
    with Pool(2) as pool:
        collector = Collector(StatsOptions(), pool)
        check_source(source, run_module.check_options(StatsOptions()), observer=collector)
        assert collector.finish() == serial
        assert not pool._slots  # no worker was started


@pytest.mark.usefixtures("many_ranges")
def test_the_reports_other_models_are_counted_by_the_workers(
    write_jsonl: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ftlint report`` counts each example under the other models' encodings too, and
    its shape; with workers, they make those beside the main count, to the same numbers."""
    from ftlint.report_run import Watcher, run_report

    merged: list[int] = []
    real = Watcher.merge

    def merge(self: Watcher, parts: Any, shape: Any) -> None:
        merged.append(len(parts))
        real(self, parts, shape)

    monkeypatch.setattr(Watcher, "merge", merge)
    path = write_jsonl("train.jsonl", _lines())

    def lengths(jobs: int) -> tuple[dict[str, tuple[list[int], list[int]]], dict[str, Any]]:
        (watcher,) = run_report(discover([str(path)])[0], StatsOptions(jobs=jobs)).watchers
        counts = {k: (list(v.tokens), list(v.longest)) for k, v in watcher.lengths.items()}
        return counts, watcher.shape.state()

    alone = lengths(1)
    assert merged == [] and alone[0] and all(len(t) == 298 for t, _ in alone[0].values())
    assert alone[1]["examples"] == 298
    assert lengths(2) == alone
    assert len(merged) > 2 and set(merged) == {len(alone[0])}  # every batch brought them all
