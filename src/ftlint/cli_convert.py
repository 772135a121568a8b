"""``ftlint convert``: the command line of :mod:`ftlint.convert`.

Exit codes: 0 when every line is converted (blank lines are dropped and logged), 1 when
some lines are rejected, 2 for a usage error, an input that cannot be read, a file whose
format cannot be told, or an output that may not be written (one line on stderr; no
output file is touched).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .cli_settings import Failure as _Failure

if TYPE_CHECKING:
    from .convert.run import Request, Summary
from .output import OutputError

EXIT_OK, EXIT_REJECTED, EXIT_FAILURE = 0, 1, 2
_SHOWN_REASONS = 10


class _Formats(click.Choice):  # type: ignore[type-arg]
    """The formats ``--from`` takes, read from the converters when the option is used: the
    converters are not imported at start-up, which every ``ftlint`` command pays."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from .convert import FORMATS

        return tuple(FORMATS)

    @choices.setter
    def choices(self, value: Any) -> None:
        del value  # fixed: the converters' names


@click.command("convert")
@click.argument("path", metavar="IN")
@click.option(
    "--to",
    "to",
    required=True,
    metavar="T",
    help="The format to write: openai-chat, openai-dpo, bedrock-conversation,"
    " bedrock-nova-dpo, claude-messages, gemini-contents, gemini-preference, or a target"
    " name (bedrock-nova, bedrock-llama, bedrock-claude, vertex-gemini, openai, azure,"
    " together, fireworks, mistral), resolved by the input's kind (chat or preference).",
)
@click.option(
    "--from",
    "source",
    type=_Formats(),
    default=None,
    metavar="S",
    help="The input's format (openai-chat, openai-dpo, bedrock-conversation, sharegpt, alpaca,"
    " ... : the README's table lists them); by default told from the keys of its first lines.",
)
@click.option("-o", "--output", required=True, metavar="OUT", help="The converted lines.")
@click.option("--rejects", metavar="REJ", help="Where rejected lines go, byte for byte.")
@click.option(
    "--log", metavar="LOG", help="A JSON Lines record for every line and every lossy change."
)
@click.option(
    "--merge-consecutive",
    is_flag=True,
    help="Merge consecutive turns of one role (and several system messages or text parts"
    " where the target holds one string, and an Alpaca instruction with its input) instead"
    " of rejecting the line; logged.",
)
@click.option(
    "--drop-unsupported",
    is_flag=True,
    help="Drop fields the target has no place for (message name, image detail,"
    " parallel_tool_calls false, unknown keys, Gemini call ids, Nova reasoning) instead"
    " of rejecting the line; logged.",
)
@click.option("--force", is_flag=True, help="Replace output files that exist.")
def convert_command(
    path: str,
    to: str,
    source: str | None,
    output: str,
    rejects: str | None,
    log: str | None,
    merge_consecutive: bool,
    drop_unsupported: bool,
    force: bool,
) -> None:
    """Convert a JSONL file between the OpenAI formats and the native ones.

    Nothing is lost silently: a line the target cannot express goes to REJ unchanged
    and LOG says why (with the ftlint rule code); lossy but safe changes happen only
    under --merge-consecutive or --drop-unsupported, and are logged. The input is never
    modified; outputs are written atomically; the same input gives the same bytes.
    """
    from .convert import ConvertError, ConvertOptions
    from .convert.run import Request, run

    options = ConvertOptions(merge_consecutive, drop_unsupported)
    request = Request(path, to, output, rejects, log, source, options, force)
    try:
        summary = run(request)
    except (ConvertError, OutputError) as exc:
        raise _Failure(str(exc)) from None
    except (OSError, EOFError) as exc:
        raise _Failure.of_io(exc) from None
    for line in render(summary, request):
        click.echo(line)
    click.get_current_context().exit(EXIT_REJECTED if summary.rejected else EXIT_OK)


def render(summary: Summary, request: Request) -> list[str]:
    """The summary: where every line went, the lossy changes, the reasons for rejects."""
    width = len(str(summary.lines))
    rejects = f"  -> {request.rejects}" if request.rejects else "  (no --rejects file)"
    lines = [
        f"{summary.lines} lines read from {summary.name} ({summary.source} -> {summary.target})",
        f"  converted  {summary.converted:>{width}}  -> {request.output}",
        f"  rejected   {summary.rejected:>{width}}{rejects}",
        f"  blank      {summary.blank:>{width}}  dropped",
    ]
    if summary.changes:
        lines.append(f"lossy changes in {summary.changed} converted lines:")
        for (action, rule), count in sorted(summary.changes.items()):
            lines.append(f"  {action:<8} {count:>{width}}  ({rule})")
    if summary.reasons:
        lines.append("rejected lines by reason:")
        ranked = sorted(summary.reasons.items(), key=lambda item: (-item[1], item[0]))
        for (rule, what), count in ranked[:_SHOWN_REASONS]:
            first = summary.first[(rule, what)]
            lines.append(f"  {rule:<6} {count:>{width}}  {what} (first: line {first})")
        if len(ranked) > _SHOWN_REASONS:
            lines.append(f"  … and {len(ranked) - _SHOWN_REASONS} more reasons (see the log)")
    if request.log:
        lines.append(f"log: {request.log}")
    return lines
