"""``ftlint split``: the command line of :mod:`ftlint.split`.

Exit codes: 0 when the split is written (warnings about provider limits included), 1 if
the check of the written files finds an example on both sides (a bug, or an input that
changed meanwhile), 2 for a usage error, an input that cannot be read or an output that
may not be written (one line on stderr; no output file is touched).
"""

from __future__ import annotations

import click

from .cli_settings import Failure as _Failure
from .output import OutputError
from .reader import discover
from .split import GROUP_MODES, SplitError, SplitOptions, SplitResult, key_function, split

EXIT_OK, EXIT_OVERLAP, EXIT_FAILURE = 0, 1, 2


@click.command("split")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--validation-fraction",
    "fraction",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=None,
    metavar="F",
    help="Put each group in validation when its hash is below F (0 < F < 1): stable when"
    " lines are appended.",
)
@click.option(
    "--validation-size",
    "size",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Put the groups with the smallest hashes in validation until they hold N lines.",
)
@click.option("--train-out", required=True, metavar="FILE", help="The training file to write.")
@click.option(
    "--validation-out", required=True, metavar="FILE", help="The validation file to write."
)
@click.option(
    "--group-by",
    default="context",
    show_default=True,
    metavar="MODE",
    help="What keeps lines together: context (the conversation before the last assistant"
    " turn), line (the whole example), first-user (the first user message), or a top-level"
    " KEY (key:NAME for a key named like a mode).",
)
@click.option("--salt", default="", metavar="S", help="Another salt gives another split.")
@click.option("--force", is_flag=True, help="Replace output files that exist.")
def split_command(
    paths: tuple[str, ...],
    fraction: float | None,
    size: int | None,
    train_out: str,
    validation_out: str,
    group_by: str,
    salt: str,
    force: bool,
) -> None:
    """Split JSONL files into training and validation files by a salted hash of a group key.

    Lines that share a group (by default the same conversation context) stay on one side;
    the same input gives the same files, and reordering it moves nothing. Blank lines are
    dropped and counted. The inputs are never modified; outputs are written atomically.
    """
    ctx = click.get_current_context()
    if (fraction is None) == (size is None):
        raise click.UsageError("give one of --validation-fraction or --validation-size")
    sources, errors = discover(list(paths))
    if errors:
        raise _Failure("; ".join(str(e) for e in errors))
    options = SplitOptions(fraction=fraction, size=size, group_by=group_by, salt=salt)
    try:
        key_function(group_by)
        result = split(sources, options, train_out, validation_out, force=force)
    except (SplitError, OutputError) as exc:
        raise _Failure(str(exc)) from None
    except (OSError, EOFError) as exc:
        raise _Failure.of_io(exc) from None
    for line in render(result, options, train_out, validation_out):
        click.echo(line)
    for warning in result.warnings:
        click.echo(f"ftlint: warning: {warning}", err=True)
    ctx.exit(EXIT_OVERLAP if result.overlap else EXIT_OK)


def _describe(options: SplitOptions) -> str:
    how = options.group_by if options.group_by in GROUP_MODES else f"key {options.group_by}"
    salt = f"salt {options.salt!r}" if options.salt else "no salt"
    return f"grouped by {how}, {salt}"


def render(
    result: SplitResult, options: SplitOptions, train_out: str, validation_out: str
) -> list[str]:
    """The summary: where every line went, the groups, and the overlap check."""
    read = sum(f.lines for f in result.files)
    blank = sum(f.blank for f in result.files)
    inputs = result.files[0].name if len(result.files) == 1 else f"{len(result.files)} files"
    share = result.validation / max(1, result.train + result.validation)
    asked = (
        f"asked {options.fraction * 100:.4g}%"
        if options.fraction is not None
        else f"asked {options.size} lines"
    )
    width = len(str(read))
    groups = (result.groups - result.validation_groups, result.validation_groups)
    gwidth = len(str(max(groups)))
    lines = [
        f"{read} lines read from {inputs} ({_describe(options)})",
        f"  train       {result.train:>{width}} lines in {groups[0]:>{gwidth}} groups"
        f"  -> {train_out}",
        f"  validation  {result.validation:>{width}} lines in {groups[1]:>{gwidth}} groups"
        f"  -> {validation_out}  ({share:.1%}; {asked})",
        f"  blank       {blank:>{width}} lines dropped",
    ]
    if len(result.files) > 1:
        for f in result.files:
            quota = "" if f.quota is None else f" (its share of the size: {f.quota})"
            lines.append(f"  {f.name}: {f.train} train, {f.validation} validation{quota}")
    lines.extend(f"note: {note}" for note in result.notes)
    lines.append(
        f"overlap: {result.overlap} validation examples also in train"
        " (both files read back, examples compared as canonical JSON)"
    )
    return lines
