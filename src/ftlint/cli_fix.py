"""``ftlint fix``: the command line of :mod:`ftlint.fix`.

Exit codes: 0 when OUT has no line with an error (unfixable lines went to REJ, or there
were none), 1 when unfixable lines were kept in OUT (no --rejects), 2 for a usage error,
an input that cannot be read or is not UTF-8 text, or an output that may not be written
(one line on stderr; no output file is touched).
"""

from __future__ import annotations

import click

from .cli_settings import Failure as _Failure
from .cli_settings import target_settings
from .cli_targets import target_option
from .engine import FORMAT_CHOICES
from .fix import Change, FixError, FixOptions, FixRequest, FixSummary, fix
from .output import OutputError
from .selection import SelectionError

EXIT_OK, EXIT_KEPT, EXIT_FAILURE = 0, 1, 2


def _show_change(change: Change) -> None:
    where = f"line {change.line}"
    if change.end_line is not None and change.end_line != change.line:
        where = f"lines {change.line}-{change.end_line}"
    reason = f" ({change.reason})" if change.reason else ""
    click.echo(f"{where}: {change.code} {change.action}{reason}")


@click.command("fix")
@click.argument("path", metavar="IN")
@click.option("-o", "--output", metavar="OUT", help="The fixed file (required unless --dry-run).")
@click.option("--rejects", metavar="REJ", help="Where unfixable lines go, byte for byte.")
@click.option("--log", metavar="LOG", help="A JSON Lines record of every change and rejection.")
@click.option("--select", multiple=True, metavar="CODES", help="Fix only these rules (as check).")
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Rules to fix besides the selected ones (opt-in remedies such as L006).",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules not to check or fix.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="auto",
    show_default=True,
    help="The input's format, as for check.",
)
@click.option(
    "--drop-duplicates", is_flag=True, help="Drop exact copies of earlier examples (F006)."
)
@click.option(
    "--upgrade-functions",
    is_flag=True,
    help="Turn functions/function_call into tools/tool_calls, with ids from a hash of the"
    " example (T010).",
)
@target_option
@click.option("--dry-run", is_flag=True, help="Write nothing; print what would change.")
@click.option("--force", is_flag=True, help="Replace output files that exist.")
def fix_command(
    path: str,
    output: str | None,
    rejects: str | None,
    log: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    drop_duplicates: bool,
    upgrade_functions: bool,
    target: str,
    dry_run: bool,
    force: bool,
) -> None:
    """Fix what check finds, where a remedy is mechanical and safe, into a new file.

    Valid lines are copied byte for byte; every other line is fixed, rejected to REJ
    (byte for byte) or, without --rejects, kept unchanged; blank lines and duplicates
    dropped are logged. The input is never modified; outputs are written atomically;
    the same input gives the same bytes, and fixing OUT again changes nothing. Under
    --target, the target's rules and remedies apply, as check --target checks them.
    """
    if output is None and not dry_run:
        raise click.UsageError("give -o OUT (or --dry-run)")
    target = target_settings(click.get_current_context(), fmt)[0]  # or [tool.ftlint]'s
    flags = {"--drop-duplicates": drop_duplicates, "--upgrade-functions": upgrade_functions}
    options = FixOptions(
        format=fmt,
        select=select or None,
        extend_select=extend_select,
        ignore=ignore,
        flags=frozenset(name for name, given in flags.items() if given),
        target=target,
    )
    request = FixRequest(
        path=path,
        output=output,
        rejects=rejects,
        log=log,
        options=options,
        force=force,
        dry_run=dry_run,
    )
    try:
        summary = fix(request, on_change=_show_change if dry_run else None)
    except (FixError, OutputError, SelectionError) as exc:
        raise _Failure(str(exc)) from None
    except (OSError, EOFError) as exc:
        raise _Failure.of_io(exc) from None
    for line in render(summary, request):
        click.echo(line)
    click.get_current_context().exit(EXIT_KEPT if summary.kept else EXIT_OK)


def render(summary: FixSummary, request: FixRequest) -> list[str]:
    """The summary: where every line went, the remedies by code, the unfixable lines."""
    fmt = summary.format or "format unknown"
    if request.options.target != "openai":
        fmt += f", target {request.options.target}"
    width = len(str(summary.records))
    out = "(dry run: nothing written)" if request.dry_run else f"-> {request.output}"
    rej = f"-> {request.rejects}" if request.rejects else "(no --rejects: kept in OUT)"
    lines = [f"{summary.lines} lines read from {summary.name} ({fmt})"]
    if summary.reflowed:
        lines.append(
            f"  re-flowed  {summary.reflowed} lines of pretty-printed JSON into"
            f" {summary.records} objects"
        )
    lines += [
        f"  unchanged  {summary.unchanged + summary.declined:>{width}}  {out}",
        f"  fixed      {summary.fixed:>{width}}  (OUT has {summary.written} lines)",
        f"  unfixable  {summary.rejected + summary.kept:>{width}}  {rej}",
        f"  dropped    {summary.blank + summary.duplicates:>{width}}  ({summary.blank} blank,"
        f" {summary.duplicates} duplicates)",
    ]
    if summary.changes:
        lines.append("remedies by code:")
        for (code, action), count in sorted(summary.changes.items()):
            lines.append(f"  {code}  {count:>{width}}  {action}")
    if summary.reasons:
        lines.append("unfixable lines by first error:")
        for code, count in sorted(summary.reasons.items(), key=lambda i: (-i[1], i[0])):
            lines.append(f"  {code}  {count:>{width}}  (first: line {summary.first[code]})")
    if summary.declined:
        lines.append(
            f"note: {summary.declined} line{'s' if summary.declined != 1 else ''} left"
            " unchanged: the remedies would leave an error (see the log)"
        )
    if request.log and not request.dry_run:
        lines.append(f"log: {request.log}")
    return lines
