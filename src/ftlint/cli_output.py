"""The output of ``check``, ``stats`` and ``merge``: reporter, colour, progress, exit code.

``merge`` prints a merged report through exactly the code a single run prints through,
which is what makes their outputs the same byte for byte.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import click
from click.core import ParameterSource

from .engine import Listener
from .findings import Finding
from .reporters import REPORTERS, ReportOptions
from .reporters.github import write_step_summary
from .results import FileReport, Report
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


def short_stats(report: Report) -> None:
    """The short statistics line at the end of `ftlint check`'s text output."""
    from .reporters.text import format_stats

    line = format_stats(report)
    if line is not None:
        click.echo(line)


def github_step_summary(report: Report) -> None:
    """Append the Markdown report to ``$GITHUB_STEP_SUMMARY`` when GitHub sets it."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        problem = write_step_summary(report, path)
        if problem:
            click.echo(f"ftlint: warning: job summary: {problem}", err=True)


def show_progress(quiet: bool, output_format: str) -> bool:
    """A progress bar only for a person watching: never in CI, pre-commit or pipes."""
    if quiet or REPORTERS[output_format].machine:
        return False
    if os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return False
    return sys.stderr.isatty()


def report_check(
    ctx: click.Context,
    run: Callable[[Listener | None, bool], Iterable[FileReport | str]],
    errors: list[str],
    output_format: str,
    color: str,
    quiet: bool,
    strict: bool,
) -> NoReturn:
    """Print a check's report (and its errors), then exit with its status.

    ``run(listener, progress)`` checks the files: a report, or a one-line reason, each.
    """
    failed = bool(errors)
    for error in errors:
        click.echo(f"ftlint: error: {error}", err=True)
    output_format = pick_output_format(ctx, output_format)
    reporter = REPORTERS[output_format]
    use_color = not reporter.machine and resolve_color(color, sys.stdout)
    listener = None
    if reporter.finding is not None:
        line = reporter.finding

        def listener(finding: Finding) -> None:
            click.echo(line(finding), nl=False, color=use_color)

    files: list[FileReport] = []
    for file in run(listener, show_progress(quiet, output_format)):
        if isinstance(file, FileReport):
            files.append(file)
        else:
            failed = True
            click.echo(f"ftlint: error: {file}", err=True)
    report = Report(files=tuple(files))
    report_options = ReportOptions(color=use_color, quiet=quiet)
    if files or not failed:
        for chunk in reporter.render(report, report_options):
            click.echo(chunk, nl=False, color=use_color)
        if output_format == "text" and not quiet:
            short_stats(report)
        if output_format == "github":
            github_step_summary(report)
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
    from .reporters import stats as stats_report

    for error in errors:
        click.echo(f"ftlint: error: {error}", err=True)
    failed = failed or bool(errors)
    report_options = stats_report.Options(epochs=epochs, price_per_mtok=price_per_mtok)
    render = {
        "text": stats_report.render_text,
        "json": stats_report.render_json,
        "markdown": stats_report.render_markdown,
    }[output_format]
    if result.files or result.validation is not None or not failed:
        for chunk in render(result, report_options):
            click.echo(chunk, nl=False)
    ctx.exit(EXIT_FAILURE if failed else EXIT_OK)


__all__ = [
    "EXIT_ERRORS",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "github_step_summary",
    "pick_output_format",
    "report_check",
    "report_stats",
    "resolve_color",
    "short_stats",
    "show_progress",
]
