"""``--dask``: the shards of a plan as Dask tasks; the partials merge in the client.

Each task runs one shard of the plan (:func:`ftlint.shards.run_shard`) where a worker is,
and reads its inputs itself: only the plan goes out and only partials (bytes) come back,
never data. The client merges the partials, so the output is the single run's, byte for
byte. A failed task is retried by Dask (``retries``); a shard that keeps failing is a
:class:`ShardFailed` naming the shard and its inputs.

``--dask local[:N]`` starts a ``distributed.LocalCluster`` of N worker processes (one
thread each) for the run; ``--dask tcp://host:8786`` uses a running scheduler, whose
workers must see the same paths. Needs ``pip install 'ftlint[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import msgspec

from .cpus import default_jobs
from .pool import Terminated, die_with_parent, terminate_on_sigterm
from .shards import Partial, Plan, decode, encode, run_shard

DEFAULT_RETRIES = 2
# Shards per worker thread by default: a slow shard then holds up less of the run.
SHARDS_PER_THREAD = 2


# A local cluster listens on localhost only, with no dashboard; its scheduler's small HTTP
# server takes a free port (the default, 8787, may be another cluster's).
LOCAL_CLUSTER: dict[str, Any] = {
    "threads_per_worker": 1,
    "host": "127.0.0.1",
    "dashboard_address": None,
    "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
    # Closing a cluster on Ctrl-C logs cancelled tasks as errors: not ours to show.
    "silence_logs": logging.CRITICAL,
}


class DaskUnavailable(Exception):
    """``--dask`` without Dask installed."""


class ShardFailed(Exception):
    """A shard failed on every try."""


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable(
            "--dask needs Dask: pip install 'ftlint[dask]' (dask and distributed)"
        ) from None
    return distributed


def local_workers(spec: str) -> int | None:
    """N of ``local:N`` (every core for ``local``); ``None`` for a scheduler address.

    Raises:
        ValueError: ``local:`` with something other than a positive count.
    """
    if spec == "local":
        return default_jobs()
    if not spec.startswith("local:"):
        return None
    count = spec.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"--dask {spec}: expected local or local:N with N >= 1")
    return int(count)


@contextlib.contextmanager
def client_for(spec: str) -> Iterator[Any]:
    """A ``distributed.Client``: of a LocalCluster started for the run, or connected.

    SIGTERM unwinds through here, so that a local cluster is closed, not left behind.
    """
    distributed = _import_distributed()
    workers = local_workers(spec)
    with terminate_on_sigterm(), contextlib.ExitStack() as stack:
        if workers is None:
            client = stack.enter_context(distributed.Client(spec, timeout="30s"))
        else:
            cluster = stack.enter_context(
                distributed.LocalCluster(n_workers=workers, processes=True, **LOCAL_CLUSTER)
            )
            client = stack.enter_context(distributed.Client(cluster))
            pids = list(client.run(_local_worker).values())
            stack.push(_stop_on_interrupt(pids))
        yield client


def _local_worker() -> int:
    """Run in each worker process of a local cluster (in its main thread, where its
    event loop runs); its pid. A Ctrl-C reaches the whole process group: the workers leave
    it to this process, which closes the cluster. And they are this process's children:
    they end with it, however it ends (a SIGKILL leaves no time to close the cluster)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    return os.getpid()


def _stop_on_interrupt(pids: list[int]) -> Callable[..., bool]:
    """An exit callback that, on a Ctrl-C or SIGTERM, ends the local workers before the
    cluster is closed. A graceful close waits for their tasks, and a task blocked on a
    read held it for 4 s; a worker's work is worth nothing once the run is stopped."""

    def stop(kind: type[BaseException] | None, *_: Any) -> bool:
        if kind is not None and issubclass(kind, (KeyboardInterrupt, Terminated)):
            # Live children only: a pid of a worker that ended may be another process's.
            for child in multiprocessing.active_children():
                if child.pid in pids:
                    child.kill()
        return False  # the exception goes on

    return stop


def default_shards(client: Any) -> int:
    """Shards for a run on ``client``'s workers: two per worker thread."""
    threads = sum(client.nthreads().values()) or 1
    return SHARDS_PER_THREAD * threads


def _shard_task(plan: bytes, shard: int) -> bytes:
    """A Dask task: run one shard of the encoded plan; the encoded partial comes back."""
    return encode(run_shard(msgspec.msgpack.decode(plan, type=Plan), shard))


def run_plan(plan: Plan, client: Any, *, retries: int = DEFAULT_RETRIES) -> list[Partial]:
    """Run every shard of ``plan`` as a task on ``client``; the partials, in shard order.

    Raises:
        ShardFailed: a shard failed ``retries + 1`` times.
    """
    data = msgspec.msgpack.encode(plan)
    run = uuid.uuid4().hex[:8]  # a new key each run: never a cached, stale result
    futures = [
        client.submit(_shard_task, data, shard, key=f"ftlint-{run}-shard-{shard}", retries=retries)
        for shard in range(1, plan.shards + 1)
    ]
    partials = []
    try:
        for shard, future in enumerate(futures, start=1):
            try:
                partials.append(decode(future.result(), f"shard {shard}/{plan.shards}"))
            except Exception as exc:
                raise _failed(plan, shard, retries, exc) from None
    finally:
        client.cancel(futures)
    return partials


def _failed(plan: Plan, shard: int, retries: int, exc: BaseException) -> ShardFailed:
    names = sorted({plan.inputs[p.input].name for p in plan.pieces(shard)})
    inputs = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    tries = f"{retries + 1} times" if retries else "once"
    return ShardFailed(
        f"shard {shard}/{plan.shards} ({inputs or 'no input'}) failed {tries}:"
        f" {type(exc).__name__}: {exc}"
    )


def delayed_shards(plan: Plan) -> list[Any]:
    """The shards of ``plan`` as ``dask.delayed`` values, each an encoded partial.

    For a Dask graph of your own, or ``dask.compute(*tasks, scheduler="synchronous")``;
    decode the results with :func:`ftlint.shards.decode`.
    """
    from dask.delayed import delayed

    data = msgspec.msgpack.encode(plan)
    task = delayed(_shard_task, pure=True)
    return [task(data, shard) for shard in range(1, plan.shards + 1)]


def compute_plan(plan: Plan, scheduler: str = "synchronous") -> list[Partial]:
    """Run the shards with a Dask scheduler that needs no cluster (``synchronous``,
    ``threads`` or ``processes``); the partials, in shard order."""
    from dask.base import compute

    results: Sequence[bytes] = compute(*delayed_shards(plan), scheduler=scheduler)  # type: ignore[no-untyped-call]
    return [decode(data, f"shard {s}") for s, data in enumerate(results, start=1)]


__all__ = [
    "LOCAL_CLUSTER",
    "DaskUnavailable",
    "ShardFailed",
    "client_for",
    "compute_plan",
    "default_shards",
    "delayed_shards",
    "local_workers",
    "run_plan",
]
