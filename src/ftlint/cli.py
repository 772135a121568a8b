"""The command line: parse options, call the library, pick a reporter, set the exit code.

Exit codes: 0 when no error-severity finding, 1 when at least one, 2 for a usage error,
an unreadable path or an internal error (always one line on stderr, never a traceback).
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import click
import msgspec

from ._version import __version__
from .cli_output import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    Unread,
    pick_output_format,
    progress_bar,
    report_check,
    report_stats,
    show_progress,
)
from .cli_settings import Settings as CheckSettings
from .cli_settings import model_option, target_settings, token_options
from .cli_settings import settings as check_settings
from .cli_shards import distribute, merge_command, shard_options
from .cli_shards import fail as _fail
from .cli_targets import (
    TARGET_CHOICES,
    enabled_by,
    providers_of,
    rules_in_force,
    target_option,
    targets_command,
)
from .cpus import default_jobs
from .engine import FORMAT_CHOICES, Listener, Options
from .parallel import check_sources
from .pipe import guard_stdout
from .reader import MAX_LINE_BYTES, Source, discover
from .reporters import REPORTERS, STATS_REPORTERS
from .reporters.rules import RULES_REPORTERS
from .results import FileReport
from .rules import find
from .rules.registry import CONVERSION
from .rules.remedies import describe as describe_remedy
from .tokens import DEFAULT_MODELS, EncodingUnavailable

if TYPE_CHECKING:
    from . import shards


# The commands of other modules: each is imported when it runs or when ``ftlint --help``
# lists it, since start-up is part of every pre-commit run. Name: (module, attribute).
_LAZY_COMMANDS = {
    "convert": ("cli_convert", "convert_command"),
    "fix": ("cli_fix", "fix_command"),
    "report": ("cli_report", "report_command"),
    "split": ("cli_split", "split_command"),
}


class _Main(click.Group):
    """The ``ftlint`` group: turns any unexpected exception into one line and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            module, name = _LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(f".{module}", __package__), name))
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        if not os.environ.get("FTLINT_DEBUG"):
            # Python warnings are for a library's developers, such as re's "Possible nested
            # set" when jsonschema compiles a schema's pattern: the user reads findings.
            # Forked workers inherit the filter.
            warnings.simplefilter("ignore")
        try:
            with guard_stdout():  # a closed pipe leaves the exit code alone (ftlint.pipe)
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("ftlint: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # A closed pipe that ftlint.pipe could not catch (not standard output).
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
@model_option("The model to train, for the model rules (F009, F010, K001).")
@click.option(
    "--max-line-bytes",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="A longer line is skimmed without being held, and reported (J011). Default:"
    f" {MAX_LINE_BYTES:,} (256 MiB).",
)
@target_option
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
@shard_options
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
    max_line_bytes: int | None,
    target: str,
    jobs: int,
    config_path: Path | None,
    shard: tuple[int, int] | None,
    partial_path: str | None,
    dask: str | None,
    shard_count: int | None,
    validation: str | None,
) -> None:
    """Check JSONL files, directories (walked for *.jsonl and *.ndjson) or - for stdin.

    Exit status: 0 if no errors (or, with --strict, no errors and no warnings), 1 if
    there were, 2 if a path or the configuration could not be read, or ftlint failed.
    """
    ctx = click.get_current_context()
    # The options [tool.ftlint] can also set are read from ctx.params, with their sources.
    settings = check_settings(ctx, config_path)
    options = settings.options()
    if settings.validation is not None and (shard or partial_path or dask):
        _fail("--validation cannot be sharded: the pair's rules need both files at once")
    reporter = REPORTERS[pick_output_format(ctx, settings.output_format)]
    if reporter.folds and not all_findings and options.max_findings is None:
        # Findings the report will only count need no column nor details.
        from .reporters.common import FOLD_ABOVE

        options = msgspec.structs.replace(options, fold_after=FOLD_ABOVE)
    shard_args = (shard, partial_path, dask, shard_count)
    distributed = _distribute_check(paths, options, settings.strict, *shard_args)
    if distributed is not None:  # --dask: every shard ran; print their merge
        _report_merged(ctx, *distributed, settings, color)
    sources, input_errors = discover(list(paths))
    valid = _validation_source(ctx, settings.validation)
    report_check(
        ctx,
        lambda listener, progress: _check_files(sources, valid, options, progress, listener, jobs),
        [str(error) for error in input_errors],
        settings.output_format,
        color,
        settings.quiet,
        settings.strict,
        all_findings=all_findings,
        target=settings.target,
    )


def _distribute_check(
    paths: tuple[str, ...],
    options: Options,
    strict: bool,
    shard: tuple[int, int] | None,
    partial_path: str | None,
    dask: str | None,
    shard_count: int | None,
) -> tuple[shards.Plan, list[shards.Partial]] | None:
    """The shard or Dask run the options ask for (see :func:`cli_shards.distribute`).

    A Dask run is merged here, for this report: its shards fold as it does. A partial
    written for a later merge keeps every finding, as any report may be asked of it.
    """
    if (shard, partial_path, dask, shard_count) == (None, None, None, None):
        return None
    from . import shards  # only then: start-up is part of every pre-commit run

    if dask is None:
        options = msgspec.structs.replace(options, fold_after=None)
    return distribute(
        paths,
        shards.CheckSettings.of(options, strict=strict),
        shard=shard,
        partial_path=partial_path,
        dask=dask,
        shard_count=shard_count,
    )


def _report_merged(
    ctx: click.Context,
    plan: shards.Plan,
    partials: list[shards.Partial],
    settings: CheckSettings,
    color: str,
) -> NoReturn:
    """Print the merge of every shard's partial, as one run would print it, and exit."""
    from . import shards

    report_check(
        ctx,
        lambda listener, progress: shards.merge_check(plan, partials, listener),
        list(plan.errors),
        settings.output_format,
        color,
        settings.quiet,
        settings.strict,
        target=settings.target,
    )


def _check_files(
    sources: list[Source],
    valid: Source | None,
    options: Options,
    progress: bool,
    listener: Listener | None,
    jobs: int,
) -> Iterator[FileReport | str]:
    """The reports of the sources (then of ``valid``, with the pair's rules), or a one-line
    reason for each source that could not be read."""
    jobs = jobs or default_jobs()
    if valid is None:
        yield from _check_all(sources, options, progress, listener, jobs)
        return
    from . import pairs

    every = [*pairs.training(sources, valid), valid]
    validation = _check_all([valid], pairs.as_validation(options), progress, listener, jobs)
    results = chain(_check_all(every[:-1], options, progress, listener, jobs), validation)
    checked: list[tuple[Source, FileReport]] = []
    for source, file in zip(every, results, strict=True):
        if isinstance(file, FileReport):
            checked.append((source, file))
        else:
            yield file
    try:
        yield from pairs.apply(checked, valid, options, listener)
    except OSError as exc:
        yield from (file for _, file in checked)
        yield f"{valid.name}: {exc.strerror or exc}"


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
    with progress_bar(progress, total) as update:
        yield from check_sources(sources, options, jobs=jobs, progress=update, on_finding=listener)


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of rule CODE (such as S005), with examples."""
    rule = find(code)
    if rule is None:
        raise click.BadParameter(
            f"no rule {code!r}; `ftlint rules` lists them all", param_hint="CODE"
        )
    click.echo(f"{rule.code} {rule.name} [{rule.severity.value}]")
    click.echo(f"spec: {', '.join(rule.refs) or '-'}; formats: {', '.join(sorted(rule.formats))}")
    click.echo(
        f"{providers_of(rule) or 'OpenAI'}: {rule.treatment} (confidence {rule.confidence});"
        f" source: {rule.source}"
        + (
            "; reported by ftlint convert only, never by check"
            if CONVERSION in rule.formats
            else ""
            if rule.default
            else f"; in force with --target {providers_of(rule, names=True)}"
            if providers_of(rule)
            else "; opt-in: select it with --extend-select" + enabled_by(rule)
        )
    )
    remedy = describe_remedy(rule.code)
    if remedy is not None:
        click.echo(f"ftlint fix: {remedy}")
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
@click.option(
    "--target",
    type=click.Choice(TARGET_CHOICES),
    default=None,
    help="List only the rules in force for this provider, with its severities.",
)
def rules_command(output_format: str, markdown: bool, target: str | None) -> None:
    """List every rule: code, default severity, name, spec rules and summary."""
    render = RULES_REPORTERS["markdown" if markdown else output_format]
    for chunk in render(rules_in_force(target)):
        click.echo(chunk, nl=False)


_DEFAULT_MODELS_HELP = ", ".join(f"{model} for {fmt}" for fmt, model in DEFAULT_MODELS.items())


@main.command("stats")
@click.argument("paths", nargs=-1, required=True)
@_format_option
@model_option(
    f"The model: its tokenizer and per-example token limit. Default: {_DEFAULT_MODELS_HELP}."
)
@click.option(
    "--validation",
    "validation_path",
    default=None,
    metavar="FILE",
    help="A validation file: its statistics, the examples it shares with the training"
    " files (R43), and the rules of the pair (F012-F014, F903), as check --validation.",
)
@token_options
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
@target_option
@shard_options
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
    target: str,
    shard: tuple[int, int] | None,
    partial_path: str | None,
    dask: str | None,
    shard_count: int | None,
) -> None:
    """Dataset statistics, exact token counts and the training cost of JSONL files.

    Counts examples, messages, roles, tools, images and weights; counts tokens with the
    model's tokenizer, offline (under --target, as the provider's estimate where it
    publishes no tokenizer); lists the examples over the model's per-example limit; and
    estimates the epochs and the billed tokens as OpenAI's cookbook does. Exit status: 0,
    or 2 if a path cannot be read or no tokenizer is available.
    """
    ctx = click.get_current_context()
    from . import shards
    from .stats_run import StatsOptions, run_stats

    target, model = target_settings(ctx, fmt, model)  # --target, else [tool.ftlint]'s
    settings = shards.StatsSettings(
        format=fmt, model=model, tokenizer_files=tokenizer_files, target=target
    )
    settings = msgspec.structs.replace(settings, epochs=epochs, price_per_mtok=price_per_mtok)
    if validation_path is not None and (shard or partial_path or dask):
        _fail("--validation cannot be sharded: the overlap needs every example at once")
    distributed = distribute(
        paths, settings, shard=shard, partial_path=partial_path, dask=dask, shard_count=shard_count
    )
    if distributed is not None:  # --dask: every shard ran; print their merge
        result, errors = shards.merge_stats(*distributed)
        report_stats(
            ctx, result, [*distributed[0].errors, *errors], output_format, epochs, price_per_mtok
        )
    sources, input_errors = discover(list(paths))
    failed = bool(input_errors)
    for error in input_errors:
        click.echo(f"ftlint: error: {error}", err=True)
    validation = _validation_source(ctx, validation_path)
    options = StatsOptions(format=fmt, model=model, tokenizer_files=tokenizer_files)
    options = msgspec.structs.replace(options, jobs=jobs or default_jobs(), target=target)
    on_error = Unread()
    # No token count without an encoding: cli._Main turns EncodingUnavailable into exit 2.
    with progress_bar(show_progress(False, STATS_REPORTERS[output_format].machine)) as progress:
        result = run_stats(
            sources, options, validation=validation, progress=progress, on_error=on_error
        )
    failed = failed or bool(on_error.reasons)
    report_stats(ctx, result, [], output_format, epochs, price_per_mtok, failed=failed)


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


main.add_command(targets_command)
main.add_command(merge_command)
