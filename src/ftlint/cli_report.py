"""``ftlint report``: the check and the statistics of JSONL files, as one HTML page.

Registered on the ``ftlint`` group by ``cli.py``. This module does not import ``cli``
(which imports it), and imports Jinja2 and the run only when the command runs, so
``ftlint --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from typing import Any, NoReturn

import click

from .cli_output import Unread
from .cli_settings import model_option, target_settings, token_options
from .cli_targets import target_option
from .engine import FORMAT_CHOICES
from .reader import Source, discover
from .tokens import DEFAULT_MODELS, EncodingUnavailable

EXIT_OK, EXIT_ERRORS, EXIT_FAILURE = 0, 1, 2


def _write(path: str, page: str) -> int:
    """Write the page; return its size in bytes."""
    data = page.encode("utf-8")
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        with open(path, "wb") as out:
            out.write(data)
    return len(data)


def _step_summary(path: str, accepted: bool, errors: int) -> None:
    """In GitHub Actions, one line in the job summary that points at the page."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary or path == "-":
        return
    verdict = "accepted" if accepted else f"rejected, {errors:,} errors"
    name = os.path.basename(path).replace("|", "\\|").replace("`", "'")
    try:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(
                f"\n**ftlint report**: upload {verdict}. The full report is `{name}`"
                " (upload it with actions/upload-artifact to read it here).\n"
            )
    except OSError:
        pass


def _validation_source(path: str | None) -> Source | None:
    if path is None:
        return None
    found, problems = discover([path])
    for error in problems:
        click.echo(f"ftlint: error: {error}", err=True)
    if problems or len(found) != 1:
        if not problems:
            click.echo(f"ftlint: error: {path}: not one file", err=True)
        click.get_current_context().exit(EXIT_FAILURE)
    return found[0]


@click.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="REPORT.html",
    help="Where to write the page; - writes it to standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="auto",
    show_default=True,
    help="The data format; auto detects it per file.",
)
@model_option(
    "The model: tokenizer and per-example limit. Default: "
    + ", ".join(f"{m} for {f}" for f, m in DEFAULT_MODELS.items())
    + "."
)
@click.option(
    "--validation",
    "validation_path",
    default=None,
    metavar="FILE",
    help="A validation file: its statistics and its overlap with the training files.",
)
@token_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Processes that count tokens; 0 means one per core.",
)
@target_option
@click.option("--timestamp", is_flag=True,
              help="Print the time of the run on the page (off: the same input gives the"
              " same bytes).")  # fmt: skip
def report_command(
    paths: tuple[str, ...],
    output: str,
    fmt: str,
    model: str | None,
    validation_path: str | None,
    epochs: int | None,
    price_per_mtok: float | None,
    tokenizer_files: tuple[str, ...],
    jobs: int,
    target: str,
    timestamp: bool,
) -> None:
    """Check JSONL files and write one self-contained HTML report of what ftlint sees.

    The verdict and the findings (as `check`), tokens against the model's limit, cost and
    epochs, the conversation shape, duplicates and leakage, scripts, and provenance (as
    `stats`). Under --target (or [tool.ftlint] target), for that provider, as `stats
    --target` counts. The page needs no network and prints. Exit status: 0, 1 if any
    error finding, or 2 if a path cannot be read or the page cannot be written.
    """
    from .cpus import default_jobs
    from .report_run import run_report
    from .reporters import html
    from .reporters import stats as stats_report
    from .stats_run import StatsOptions

    ctx = click.get_current_context()
    target, model = target_settings(ctx, fmt, model)  # --target, else [tool.ftlint]'s
    sources, input_errors = discover(list(paths))
    failed = bool(input_errors)
    for error in input_errors:
        click.echo(f"ftlint: error: {error}", err=True)
    validation = _validation_source(validation_path)
    options = StatsOptions(
        format=fmt,
        model=model,
        tokenizer_files=tokenizer_files,
        jobs=jobs or default_jobs(),
        target=target,
    )

    on_error = Unread()
    try:
        result = run_report(sources, options, validation=validation, on_error=on_error)
    except EncodingUnavailable as exc:
        click.echo(f"ftlint: error: {exc}", err=True)
        ctx.exit(EXIT_FAILURE)
    failed = failed or bool(on_error.reasons)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if timestamp else None
    page = html.PageOptions(fmt, model, validation_path, tokenizer_files, when)
    billing = stats_report.Options(epochs=epochs, price_per_mtok=price_per_mtok)
    _publish(ctx, output, html.page(result, page, billing), failed)


def _publish(ctx: click.Context, output: str, model: dict[str, Any], failed: bool) -> NoReturn:
    """Write the page of ``model`` to ``output``, say so, and exit with the run's status."""
    from .reporters import html

    try:
        size = _write(output, html.render(model))
    except OSError as exc:
        click.echo(f"ftlint: error: {output}: {exc.strerror or exc}", err=True)
        ctx.exit(EXIT_FAILURE)
    verdict = model["verdict"]
    if output != "-":
        click.echo(f"ftlint: wrote {output} ({size:,} bytes)", err=True)
    _step_summary(output, verdict["accepted"], verdict["errors"])
    if failed:
        ctx.exit(EXIT_FAILURE)
    ctx.exit(EXIT_OK if verdict["errors"] == 0 else EXIT_ERRORS)
