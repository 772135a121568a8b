"""The command line of shards and Dask: ``--shard I/N --partial FILE``, ``--dask``, ``merge``.

``check`` and ``stats`` take :func:`shard_options`; :func:`distribute` runs what they ask
for: one shard into a partial file (then the command ends), or every shard on Dask (the
command then prints the merge as its own result). ``ftlint merge`` reads partials and
prints the report of the whole through the same output code as ``check`` and ``stats``,
:mod:`ftlint.cli_output`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from .cli_output import EXIT_FAILURE, report_check, report_stats
from .reporters import REPORTERS

if TYPE_CHECKING:
    from . import shards

F = TypeVar("F", bound=Callable[..., Any])
STATS_FORMATS = ("text", "json", "markdown")


class ShardSpec(click.ParamType):  # type: ignore[type-arg]
    """``I/N``: shard I (1 to N) of N."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: Any) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        index, _, count = str(value).partition("/")
        if index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
            return int(index), int(count)
        self.fail(f"{value!r} is not I/N with 1 <= I <= N (such as 2/8)", param, ctx)


def shard_options(command: F) -> F:
    """The options of a distributed run, for ``check`` and ``stats``."""
    options = [
        click.option(
            "--shard",
            type=ShardSpec(),
            default=None,
            help="Check only shard I of N of a fixed plan of the inputs (the same on every"
            " machine), into --partial; `ftlint merge` joins the partials.",
        ),
        click.option(
            "--partial",
            "partial_path",
            default=None,
            metavar="FILE",
            help="With --shard: the file to write the shard's partial result to.",
        ),
        click.option(
            "--dask",
            default=None,
            metavar="local[:N]|ADDRESS",
            help="Run the shards as Dask tasks: on a local cluster of N worker processes, or"
            " on the scheduler at ADDRESS (tcp://host:8786). Needs ftlint[dask].",
        ),
        click.option(
            "--shards",
            "shard_count",
            type=click.IntRange(min=1),
            default=None,
            metavar="N",
            help="With --dask: the number of shards (default: two per worker thread).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def fail(message: str) -> NoReturn:
    """One line on stderr, exit 2."""
    click.echo(f"ftlint: error: {message}", err=True)
    raise click.exceptions.Exit(EXIT_FAILURE)


def distribute(
    paths: Sequence[str],
    settings: shards.Settings,
    *,
    shard: tuple[int, int] | None,
    partial_path: str | None,
    dask: str | None,
    shard_count: int | None,
) -> tuple[shards.Plan, list[shards.Partial]] | None:
    """Run the distributed form the options ask for, if any.

    ``--shard``: write the partial and end the command (exit 0). ``--dask``: the plan and
    every shard's partial, for the caller to merge and print. Otherwise ``None``.
    """

    if shard is None and partial_path is None and dask is None:
        if shard_count is not None:
            fail("--shards needs --dask")
        return None
    if dask is not None and (shard is not None or partial_path is not None):
        fail("--dask runs every shard itself: it takes no --shard or --partial")
    if (shard is None) != (partial_path is None):
        fail("--shard and --partial go together")
    if shard is not None:
        if shard_count is not None:
            fail("--shards is for --dask; --shard I/N names the count")
        index, count = shard
        plan = _plan(paths, count, settings)
        _write_shard(plan, index, partial_path or "")
    assert dask is not None
    return _run_dask(paths, settings, dask, shard_count)


def _plan(paths: Sequence[str], count: int, settings: shards.Settings) -> shards.Plan:
    from . import shards  # lazy: start-up pays only when a shard is asked for

    try:
        return shards.plan(paths, count, settings)
    except ValueError as exc:
        fail(str(exc))


def _write_shard(plan: shards.Plan, index: int, path: str) -> NoReturn:
    from . import shards  # lazy: start-up pays only when a shard is asked for

    try:
        partial = shards.run_shard(plan, index)
    except shards.ShardError as exc:
        fail(f"shard {index}/{plan.shards}: {exc}")
    try:
        shards.write_partial(partial, path)
    except OSError as exc:
        fail(f"cannot write the partial result {path}: {exc.strerror or exc}")
    raise click.exceptions.Exit(0)


def _run_dask(
    paths: Sequence[str], settings: shards.Settings, spec: str, shard_count: int | None
) -> tuple[shards.Plan, list[shards.Partial]]:
    from . import dask_run

    try:
        dask_run.local_workers(spec)
        with dask_run.client_for(spec) as client:
            plan = _plan(paths, shard_count or dask_run.default_shards(client), settings)
            return plan, dask_run.run_plan(plan, client)
    except (ValueError, dask_run.DaskUnavailable, dask_run.ShardFailed) as exc:
        fail(str(exc))
    except OSError as exc:  # the scheduler cannot be reached
        fail(f"--dask {spec}: {exc.strerror or exc}")


def _load(paths: Sequence[str]) -> tuple[shards.Plan, list[shards.Partial]]:
    from . import shards  # lazy: start-up pays only when a shard is asked for

    named = []
    for path in paths:
        try:
            named.append((path, shards.read_partial(path)))
        except OSError as exc:
            fail(f"{path}: {exc.strerror or exc}")
        except shards.PartialError as exc:
            fail(str(exc))
    try:
        plan = shards.validate(named)
    except shards.MergeError as exc:
        fail(str(exc))
    return plan, [partial for _, partial in named]


@click.command("merge")
@click.argument("partials", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output-format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="How to print the report, as for `check` (for `stats` partials: text, json or markdown).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary (check partials).")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output.",
)
def merge_command(partials: tuple[str, ...], output_format: str, quiet: bool, color: str) -> None:
    """Merge the partial results of every shard (--shard I/N --partial FILE) into the
    report of the whole: the same, byte for byte, as one run over the inputs.

    Refuses partials of different plans, options or ftlint versions, and names any
    missing shard. Exit status: that of the run over the whole.
    """
    from . import shards  # lazy: start-up pays only when a shard is asked for

    ctx = click.get_current_context()
    plan, found = _load(partials)
    settings = plan.settings
    if isinstance(settings, shards.CheckSettings):
        report_check(
            ctx,
            lambda listener, progress: shards.merge_check(plan, found, listener),
            list(plan.errors),
            output_format,
            color,
            quiet,
            settings.strict,
            target=settings.target,
        )
    if output_format not in STATS_FORMATS:
        fail(f"stats partials print as {', '.join(STATS_FORMATS)}, not {output_format}")
    result, errors = shards.merge_stats(plan, found)
    report_stats(
        ctx,
        result,
        [*plan.errors, *errors],
        output_format,
        settings.epochs,
        settings.price_per_mtok,
    )


__all__ = ["ShardSpec", "distribute", "fail", "merge_command", "shard_options"]
