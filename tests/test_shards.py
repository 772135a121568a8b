"""Shards: --shard I/N --partial FILE, then `ftlint merge`, equals one run byte for byte.

The inputs have errors on the shard edges (a file of three bad lines in four: most cuts
land on a bad line), duplicates across shards, a gzip file (never cut), a
file whose format shows only late (checked whole by its first piece), and an empty file.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner

import ftlint
from ftlint import shards
from ftlint.cli import main
from ftlint.engine import Options
from ftlint.parallel import check_sources
from ftlint.reader import discover
from test_parallel import _chat, _messy_file

TARGETS = Path(__file__).resolve().parents[1] / "fixtures" / "targets"
_BAD = b'{"messages": [{"role": "human", "content": "q"}, {"role": "assistant", "content": "a"}]}'


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("shards")
    messy = _messy_file(root / "a_messy.jsonl", 400, seed=11)
    alternating = root / "b_edges.jsonl"
    alternating.write_bytes(
        b"".join((_BAD if i % 4 else json.dumps(_chat(i % 7)).encode()) + b"\n" for i in range(240))
    )
    late = root / "c_late.jsonl"  # 40 lines of no known format, then chat
    late.write_bytes(
        b'{"x": 1}\n' * 40 + b"".join(json.dumps(_chat(i)).encode() + b"\n" for i in range(60))
    )
    packed = root / "d_packed.jsonl.gz"
    packed.write_bytes(gzip.compress(_messy_file(root / "tmp.jsonl", 100, seed=2).read_bytes()))
    (root / "tmp.jsonl").unlink()
    empty = root / "e_empty.jsonl"
    empty.write_bytes(b"")
    return [str(messy), str(alternating), str(late), str(packed), str(empty)]


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _shards(tmp: Path, command: list[str], n: int) -> list[str]:
    """Run every shard of ``n`` (in reverse order: any order will do); the partials."""
    parts = []
    for shard in range(n, 0, -1):
        part = tmp / f"part-{shard}-of-{n}.ftp"
        code, stdout, stderr = _cli(*command, "--shard", f"{shard}/{n}", "--partial", str(part))
        assert (code, stdout, stderr) == (0, "", ""), stderr
        parts.append(str(part))
    return parts


def _sharded(tmp: Path, command: list[str], n: int, out: list[str]) -> tuple[int, str, str]:
    return _cli("merge", *_shards(tmp, command, n), *out)


@pytest.fixture(scope="module")
def single() -> Callable[..., tuple[int, str, str]]:
    """``single(*args)``: the one-process run of a command, run once per module."""
    runs: dict[tuple[str, ...], tuple[int, str, str]] = {}

    def _single(*args: str) -> tuple[int, str, str]:
        if args not in runs:
            runs[args] = _cli(*args, "--jobs", "1")
        return runs[args]

    return _single


@pytest.mark.xdist_group("shards")  # one worker: `single` runs once
@pytest.mark.parametrize("n", [1, 2, 3, 7])
@pytest.mark.parametrize(
    "options", [[], ["--max-findings", "7"], ["--select", "ALL", "--strict"]], ids=str
)
def test_merge_equals_one_run(inputs, single, tmp_path, n, options) -> None:
    command = ["check", *inputs, *options]
    parts = _shards(tmp_path, command, n)
    for fmt in ("json", "text", "sarif"):
        expected = single(*command, "-o", fmt)
        assert expected[0] == 1
        assert _cli("merge", *parts, "-o", fmt) == expected, fmt


@pytest.mark.xdist_group("shards")  # one worker: `single` runs once
@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_stats_merge_equals_one_run(inputs, single, tmp_path, n) -> None:
    command = ["stats", *inputs, "--epochs", "2", "--price-per-mtok", "1.5"]
    parts = _shards(tmp_path, command, n)
    for fmt in ("json", "text"):
        expected = single(*command, "-o", fmt)
        assert expected[0] == 0
        assert _cli("merge", *parts, "-o", fmt) == expected, fmt


def test_the_inputs_test_what_they_claim(inputs) -> None:
    """Cuts fall on error lines, and duplicates span pieces of different shards."""
    report = ftlint.check_paths(inputs)
    error_offsets = {
        (f.path, f.offset) for f in report.findings() if f.severity is ftlint.Severity.ERROR
    }
    on_edges = spanning = 0
    for n in range(2, 10):
        plan = shards.plan(inputs, n)
        for index, item in enumerate(plan.inputs):
            data = Path(item.path).read_bytes()
            for cut in plan.cuts(index)[1:-1]:
                start = data.rfind(b"\n", 0, cut) + 1  # the line the cut falls in
                on_edges += (item.name, start) in error_offsets
        for f in report.findings():
            if f.code == "F006" and f.path.endswith("a_messy.jsonl"):
                earlier = int(f.message.rsplit(" ", 1)[1])
                spanning += _piece_of(plan, f.path, earlier) != _piece_of(plan, f.path, f.line)
    assert on_edges >= 5
    assert spanning >= 5


def _piece_of(plan: shards.Plan, path: str, line: int) -> int:
    index = next(i for i, item in enumerate(plan.inputs) if item.name == path)
    data = Path(plan.inputs[index].path).read_bytes()
    offset = sum(len(x) + 1 for x in data.split(b"\n")[: line - 1])
    return sum(1 for cut in plan.cuts(index)[1:-1] if cut <= offset)


def test_api_plan_run_merge(inputs) -> None:
    options = Options(max_findings=50)
    single = ftlint.check_paths(inputs, options)
    plan = shards.plan(inputs, 4, options)
    partials = [shards.decode(shards.encode(shards.run_shard(plan, s))) for s in (3, 1, 4, 2)]
    merged = shards.merge_partials(partials)
    assert merged.errors == ()
    assert msgspec.json.encode(merged.result) == msgspec.json.encode(single)


def test_plan_tiles_every_byte_once() -> None:
    for sizes in ([10, 0, 7, 3], [1], [0], [5, 5], [100, 1, 1, 1]):
        for n in (1, 2, 3, 7, 20):
            items = tuple(
                shards.ShardInput(f"f{i}", f"f{i}", s, False) for i, s in enumerate(sizes)
            )
            plan = shards.Plan(shards=n, inputs=items, settings=shards.CheckSettings())
            placed = [piece for s in range(1, n + 1) for piece in plan.pieces(s)]
            for index, size in enumerate(sizes):
                mine = sorted(p for p in placed if p.input == index)
                assert mine[0].start == 0 and mine[-1].end == size
                assert all(a.end == b.start for a, b in itertools.pairwise(mine))


def test_plan_is_the_same_in_every_process(inputs) -> None:
    """Even a set of rules, whose order changes with the hash seed, plans alike."""
    code = (
        "import sys, ftlint; from ftlint import shards; from ftlint.engine import Options\n"
        "opts = Options(rules=ftlint.select_rules(['ALL']))\n"
        "print(shards.plan(sys.argv[1:], 5, opts).fingerprint)"
    )
    prints = {
        subprocess.run(
            [sys.executable, "-c", code, *inputs],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(prints) == 1


def _partials(tmp: Path, inputs: list[str], n: int, *extra: str) -> list[str]:
    paths = []
    for shard in range(1, n + 1):
        part = tmp / f"{shard}-of-{n}{''.join(extra)}.ftp"
        assert (
            _cli("check", *inputs, *extra, "--shard", f"{shard}/{n}", "--partial", str(part))[0]
            == 0
        )
        paths.append(str(part))
    return paths


def test_merge_refuses_what_does_not_make_a_whole(inputs, tmp_path) -> None:
    three = _partials(tmp_path, inputs, 3)
    code, out, err = _cli("merge", three[0], three[2])
    assert (code, out, err) == (2, "", "ftlint: error: missing shard 2/3\n")
    code, _, err = _cli("merge", *three, three[1])
    assert code == 2 and "both shard 2/3" in err
    two = _partials(tmp_path, inputs, 2)
    code, _, err = _cli("merge", three[0], three[1], two[1])
    assert code == 2 and "different plans: 3 shards / 2 shards" in err
    capped = _partials(tmp_path, inputs, 3, "--max-findings=4")
    code, _, err = _cli("merge", three[0], three[1], capped[2])
    assert code == 2 and "other options: max_findings None / 4" in err
    stats_part = tmp_path / "stats.ftp"
    _cli("stats", *inputs, "--shard", "1/3", "--partial", str(stats_part))
    code, _, err = _cli("merge", three[0], str(stats_part))
    assert code == 2 and "ftlint check / ftlint stats" in err


def test_merge_refuses_other_versions_and_damage(inputs, tmp_path) -> None:
    (part,) = _partials(tmp_path, inputs, 1)
    partial = shards.read_partial(part)
    older = tmp_path / "older.ftp"
    plan = msgspec.structs.replace(partial.plan, version="0.0.1")
    shards.write_partial(msgspec.structs.replace(partial, plan=plan), str(older))
    code, _, err = _cli("merge", str(older))
    assert code == 2 and "written by ftlint 0.0.1; this is ftlint" in err
    code, _, err = _cli("merge", part, str(older))
    assert code == 2 and "written by ftlint 0.0.1" in err
    newer = tmp_path / "newer.ftp"
    newer.write_bytes(shards.encode(msgspec.structs.replace(partial, format_version=99)))
    code, _, err = _cli("merge", str(newer))
    assert code == 2
    assert err.startswith(
        f"ftlint: error: {newer}: partial format 99; this ftlint reads format"
        f" {shards.FORMAT_VERSION}"
    )
    for junk in (b"", b"\x00\x01", Path(part).read_bytes()[:-20]):
        bad = tmp_path / "bad.ftp"
        bad.write_bytes(junk)
        code, out, err = _cli("merge", str(bad))
        assert code == 2 and out == "" and len(err.splitlines()) == 1, err


def test_shard_usage_errors(inputs, tmp_path) -> None:
    part = str(tmp_path / "p.ftp")
    for args, message in [
        (["--shard", "1/3"], "--shard and --partial go together"),
        (["--partial", part], "--shard and --partial go together"),
        (["--shard", "4/3", "--partial", part], "is not I/N"),
        (["--shard", "0/3", "--partial", part], "is not I/N"),
        (["--shards", "3"], "--shards needs --dask"),
        (["--dask", "local:0"], "expected local or local:N"),
    ]:
        code, _, err = _cli("check", *inputs, *args)
        assert code == 2 and message in err, (args, err)
    code, _, err = _cli("check", "-", "--shard", "1/2", "--partial", part)
    assert code == 2 and "standard input (-) cannot be sharded" in err
    code, _, err = _cli(
        "stats", *inputs, "--validation", inputs[0], "--shard", "1/2", "--partial", part
    )
    assert code == 2 and "--validation cannot be sharded" in err
    assert not os.path.exists(part)


def test_missing_and_unreadable_inputs_merge_like_one_run(inputs, tmp_path) -> None:
    command = ["check", inputs[0], str(tmp_path / "nope.jsonl"), inputs[1]]
    single = _cli(*command, "-o", "json", "--jobs", "1")
    assert single[0] == 2 and "nope.jsonl" in single[2]
    assert _sharded(tmp_path, command, 3, ["-o", "json"]) == single


def test_jobs_and_shards_agree_when_the_format_shows_late(inputs) -> None:
    """--jobs checks a file whole when the format shows past its first range."""
    late = inputs[2]
    sources, _ = discover([late])
    serial = list(check_sources(sources, Options(), jobs=1))
    parallel = list(check_sources(sources, Options(), jobs=2, chunk_bytes=64, min_bytes=0))
    assert msgspec.json.encode(parallel) == msgspec.json.encode(serial)


# Every fixture of a target, valid and invalid: native formats detected among the target's,
# its own rules and file rules (too few examples), and for Claude a 192 kB record that the
# cuts fall inside. Tokens are counted exactly (Azure), estimated (Claude) or not (Nova).
@pytest.mark.parametrize(
    ("target", "model", "counted"),
    [
        ("azure", "gpt-4.1-nano", "exact"),  # no vision, no RFT: F009 and F010 on some files
        ("bedrock-nova", None, "none"),
        ("bedrock-claude", None, "estimate"),
    ],
)
@pytest.mark.parametrize("n", [2, 5])
def test_a_target_shards_as_one_run(
    tmp_path: Path, target: str, model: str | None, counted: str, n: int
) -> None:
    inputs = sorted(str(p) for p in (TARGETS / target).glob("*/*.jsonl"))
    plan = shards.plan(inputs, n, Options(target=target))
    assert any(len(plan.cuts(i)) > 2 for i in range(len(inputs)))  # a file is cut
    picked = ["--model", model] if model else []
    outputs = {}
    for command, formats in (
        (["check", *inputs, "--target", target, *picked], ("json", "text")),
        (["check", *inputs, "--target", target, "--select", "ALL"], ("json",)),
        (["stats", *inputs, "--target", target, *picked], ("json", "text")),
        (["stats", *inputs, "--target", target, "--epochs", "2"], ("json",)),
    ):
        parts = _shards(tmp_path, command, n)
        for fmt in formats:
            single = _cli(*command, "-o", fmt, "--jobs", "1")
            assert single[0] in (0, 1), single
            assert _cli("merge", *parts, "-o", fmt) == single, (command, fmt)
            outputs.setdefault((command[0], fmt), single[1])  # the first: with --model
    files = json.loads(outputs["stats", "json"])["files"]
    assert {f["tokens_counted"] for f in files if f["valid"]} == {counted}
    # The model's file rules (F009, F010) run in the merge: why it cannot train a file.
    assert any(f["cannot_train"] for f in files) == bool(model)


def test_partials_of_other_targets_do_not_merge(tmp_path: Path) -> None:
    inputs = [str(TARGETS / "bedrock-nova" / "valid")]
    nova = _shards(tmp_path, ["check", *inputs, "--target", "bedrock-nova"], 2)
    (tmp_path / "openai").mkdir()
    openai = _shards(tmp_path / "openai", ["check", *inputs], 2)
    code, out, err = _cli("merge", nova[0], openai[1])
    assert (code, out) == (2, "")
    assert err == (
        f"ftlint: error: {openai[1]} and {nova[0]} belong to different plans:"
        " --target bedrock-nova / --target openai\n"
    )


def test_a_partial_keeps_every_finding_whatever_the_output(tmp_path) -> None:
    """A partial may be merged into any report, JSON among them: a shard written with the
    text output (which folds in one run) still holds each finding, and its merge as JSON
    is the single JSON run."""
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(json.dumps(_chat(1)).encode() + b"\n" + b"\n" * 50)
    part = tmp_path / "1-of-1.ftp"
    assert _cli("check", str(blank), "-o", "text", "--shard", "1/1", "--partial", str(part))[0] == 0
    partial = shards.read_partial(str(part))
    assert partial.plan.settings.fold_after is None
    (piece,) = partial.pieces
    assert piece.result is not None and len(piece.result.kept) == 50 and not piece.result.folded
    assert _cli("merge", str(part), "-o", "json") == _cli("check", str(blank), "-o", "json")
