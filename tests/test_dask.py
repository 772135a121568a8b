"""--dask: shards as Dask tasks give the single run's output, byte for byte.

One LocalCluster of two worker processes (started by ``ftlint.dask_run.client_for``, as
``--dask local:2`` starts it) serves the command-line runs, through its address (the
tests that use it share one xdist worker, so the suite starts it once); the
synchronous scheduler runs the same plan without a cluster. No network beyond localhost.
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ftlint import dask_run, shards
from ftlint.cli import main
from test_parallel import _chat, _messy_file

# Skipped without Dask; imported by the tests that use it, so that collecting the suite
# (in every xdist worker) does not import it.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="needs dask[distributed]"
)
TARGETS = Path(__file__).resolve().parents[1] / "fixtures" / "targets"


def _children() -> set[int]:
    """The live child processes of this one (Linux), from /proc."""
    found = set()
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, ppid = text[text.rindex(")") + 2 :].split()[:2]
        if int(ppid) == me and state != "Z" and not _tracker(entry):
            found.add(int(entry))
    return found


def _tracker(pid: str) -> bool:
    """multiprocessing's resource tracker: one per process that spawns, by design."""
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("dask")
    return [
        str(_messy_file(root / "a.jsonl", 700, seed=5)),
        str(_messy_file(root / "b.jsonl", 300, seed=6)),
    ]


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """A local cluster of two worker processes; none of them is left after it."""
    before = _children()
    with dask_run.client_for("local:2") as client:
        assert len(client.nthreads()) == 2
        yield client.scheduler.address
    if os.path.isdir("/proc"):
        pause = threading.Event()
        for _ in range(300):  # a bounded wait for the workers to be reaped, not a measure
            if not _children() - before:
                break
            pause.wait(0.1)
        assert not _children() - before


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.xdist_group("dask")  # one worker: one cluster serves both
def test_local_cluster_gives_the_single_run(inputs, address) -> None:
    for command, fmt in (("check", "json"), ("check", "text"), ("stats", "json")):
        single = _cli(command, *inputs, "-o", fmt, "--jobs", "1")
        on_dask = _cli(command, *inputs, "-o", fmt, "--dask", address, "--shards", "3")
        assert on_dask == single, (command, fmt)


@pytest.mark.xdist_group("dask")  # one worker: one cluster serves both
def test_a_target_on_the_cluster_gives_the_single_run(address) -> None:
    """--target travels in the plan: the workers check and count for Bedrock, as one run."""
    nova = sorted(str(p) for p in (TARGETS / "bedrock-nova").glob("*/*.jsonl"))
    for command, fmt in (("check", "json"), ("check", "text"), ("stats", "json")):
        args = [command, *nova, "--target", "bedrock-nova", "-o", fmt]
        single = _cli(*args, "--jobs", "1")
        assert single[0] in (0, 1) and "bedrock-conversation" in single[1]
        assert _cli(*args, "--dask", address, "--shards", "4") == single, (command, fmt)


def test_synchronous_scheduler_gives_the_single_run(inputs) -> None:
    import ftlint
    from ftlint.engine import Options

    single = ftlint.check_paths(inputs, Options(max_findings=40))
    plan = shards.plan(inputs, 5, Options(max_findings=40))
    merged = shards.merge_partials(dask_run.compute_plan(plan, "synchronous"))
    assert merged.result == single
    claude = sorted(str(p) for p in (TARGETS / "bedrock-claude").glob("*/*.jsonl"))
    options = Options(target="bedrock-claude")
    plan = shards.plan(claude, 3, options)
    merged = shards.merge_partials(dask_run.compute_plan(plan, "synchronous"))
    assert merged.result == ftlint.check_paths(claude, options)


def test_a_shard_that_keeps_failing_is_named(inputs, monkeypatch) -> None:
    """Retried by Dask, then one clear error: the shard and its input."""
    import distributed

    from ftlint.shards import running

    tries: list[int] = []

    def broken(plan, item, piece):
        tries.append(piece.start)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(running, "_check_piece", broken)
    plan = shards.plan(inputs[:1], 1)
    # Threads, not processes: the patched function is this process's.
    in_process = {k: v for k, v in dask_run.LOCAL_CLUSTER.items() if k != "host"}
    with (
        distributed.LocalCluster(n_workers=1, processes=False, **in_process) as cluster,
        distributed.Client(cluster) as client,
        pytest.raises(dask_run.ShardFailed) as failed,
    ):
        dask_run.run_plan(plan, client, retries=2)
    message = str(failed.value)
    assert message.startswith(f"shard 1/1 ({plan.inputs[0].name}) failed 3 times: ShardError: ")
    assert "RuntimeError: disk on fire" in message
    assert len(tries) == 3


def test_dask_spec_errors() -> None:
    assert dask_run.local_workers("local:3") == 3
    assert dask_run.local_workers("tcp://host:8786") is None
    with pytest.raises(ValueError, match="local:N"):
        dask_run.local_workers("local:two")


def test_shards_fold_for_a_folding_report(tmp_path) -> None:
    """For text output (`fold_after`), a shard sends the findings that report only
    counts as counted lines, not one by one: 3,000 blank lines in 4 shards travel as at
    most 10 J003 findings a piece, and the merge is the single folded run."""
    import ftlint
    from ftlint.engine import Options

    blank = tmp_path / "blank.jsonl"
    valid = "".join(json.dumps(_chat(i)) + "\n" for i in range(10)).encode()
    blank.write_bytes(valid + b"\n" * 3000)
    options = Options(fold_after=10)
    plan = shards.plan([str(blank)], 4, options)
    partials = dask_run.compute_plan(plan, "synchronous")
    kept = [p.result.kept for part in partials for p in part.pieces if p.result is not None]
    assert len(kept) == 4 and max(map(len, kept)) <= 10, kept
    merged = shards.merge_partials(partials).result
    single = ftlint.check_paths([str(blank)], options)
    assert merged == single
    (file,) = merged.files
    assert file.warnings == 3000 and sum(r.count for r in file.folded) == 3000 - 10
