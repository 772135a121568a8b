"""The output of ``check``, ``stats`` and ``merge``: reporter, colour, progress, exit code.

``merge`` prints a merged report through exactly the code a single run prints through,
which is what makes their outputs the same byte for byte.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from . import targets
from .engine import Listener, Progress
from .findings import Finding
from .reporters import REPORTERS, STATS_REPORTERS, Reporter, ReportOptions
from .results import FileReport, Report

if TYPE_CHECKING:
    from .stats_run import StatsResult

EXIT_OK, EXIT_ERRORS, EXIT_FAILURE, EXIT_INTERRUPTED = 0, 1, 2, 130


def resolve_color(choice: str, stream: Any) -> bool:
    """Decide on ANSI colour: the flag, then NO_COLOR, FORCE_COLOR, TERM=dumb, then a TTY."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def pick_output_format(ctx: click.Context, output_format: str) -> str:
    """Inside GitHub Actions, the default text output becomes ``github``.

    Only when ``-o`` was not given (nor set by a config file): an explicit format,
    ``-o text`` included, is never switched. Nor under pre-commit, whose log is for people
    and whose parallel batches would each append a job summary.
    """
    source = ctx.get_parameter_source("output_format")
    explicit = source not in (None, ParameterSource.DEFAULT)
    if explicit or output_format != "text" or os.environ.get("PRE_COMMIT"):
        return output_format
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else output_format


class Unread:
    """The sources a run could not read: each said on stderr as it happens."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def __call__(self, source: Any, exc: OSError) -> None:
        self.reasons.append(f"{source.name}: {exc.strerror or exc}")
        click.echo(f"ftlint: error: {self.reasons[-1]}", err=True)


def show_progress(quiet: bool, machine: bool) -> bool:
    """A progress bar only for a person watching: never in CI, pre-commit or pipes."""
    if quiet or machine:
        return False
    if os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return False
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(show: bool, total: int | None = None) -> Iterator[Progress | None]:
    """A byte counter on stderr (``total``: bytes expected, if known) and its update."""
    if not show:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc="ftlint",
        leave=False,
        file=sys.stderr,
    )
    try:
        yield bar.update
    finally:
        bar.close()


def _listener(reporter: Reporter, color: bool) -> Listener | None:
    """For a streaming format: print each finding as soon as it is found."""
    line = reporter.finding
    if line is None:
        return None

    def listener(finding: Finding) -> None:
        click.echo(line(finding), nl=False, color=color)

    return listener


def _print_report(reporter: Reporter, report: Report, options: ReportOptions) -> None:
    for chunk in reporter.render(report, options):
        click.echo(chunk, nl=False, color=options.color)
    if reporter.after is not None:
        note = reporter.after(report, options)
        if note.line is not None:
            click.echo(note.line)
        if note.warning is not None:
            click.echo(f"ftlint: warning: {note.warning}", err=True)


def report_check(
    ctx: click.Context,
    run: Callable[[Listener | None, bool], Iterable[FileReport | str]],
    errors: list[str],
    output_format: str,
    color: str,
    quiet: bool,
    strict: bool,
    *,
    all_findings: bool = False,
    target: str = targets.DEFAULT,
) -> NoReturn:
    """Print a check's report (and its errors), then exit with its status.

    ``run(listener, progress)`` checks the files for ``target``: a report, or a one-line
    reason, each.
    """
    failed = bool(errors)
    for error in errors:
        click.echo(f"ftlint: error: {error}", err=True)
    reporter = REPORTERS[pick_output_format(ctx, output_format)]
    use_color = not reporter.machine and resolve_color(color, sys.stdout)
    files: list[FileReport] = []
    for file in run(_listener(reporter, use_color), show_progress(quiet, reporter.machine)):
        if isinstance(file, FileReport):
            files.append(file)
        else:
            failed = True
            click.echo(f"ftlint: error: {file}", err=True)
    report = Report(files=tuple(files))
    if files or not failed:
        shown = ReportOptions(
            color=use_color, quiet=quiet, all_findings=all_findings, target=target
        )
        _print_report(reporter, report, shown)
    if failed:
        ctx.exit(EXIT_FAILURE)
    ctx.exit(EXIT_ERRORS if report.errors or (strict and report.warnings) else EXIT_OK)


def report_stats(
    ctx: click.Context,
    result: StatsResult,
    errors: list[str],
    output_format: str,
    epochs: int | None,
    price_per_mtok: float | None,
    *,
    failed: bool = False,
) -> NoReturn:
    """Print the statistics (after the ``errors``, one line each), then exit."""
    from .reporters.stats import Options as StatsReportOptions  # a check never needs it

    for error in errors:
        click.echo(f"ftlint: error: {error}", err=True)
    failed = failed or bool(errors)
    report_options = StatsReportOptions(epochs=epochs, price_per_mtok=price_per_mtok)
    if result.files or result.validation is not None or not failed:
        for chunk in STATS_REPORTERS[output_format].render(result, report_options):
            click.echo(chunk, nl=False)
    ctx.exit(EXIT_FAILURE if failed else EXIT_OK)


__all__ = [
    "EXIT_ERRORS",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "pick_output_format",
    "progress_bar",
    "report_check",
    "report_stats",
    "resolve_color",
    "show_progress",
]
