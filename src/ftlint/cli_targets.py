"""The command line's view of ``--target``: the shared option, the models ``--model``
takes, and the rules a target lists.

``--target`` goes on every command that checks data (check, stats, fix), through
:data:`target_option`, so each takes the same choices and help.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click
import msgspec

from . import targets
from .base_models import METHOD_OF_FORMAT
from .rules import Rule, ordered
from .rules.registry import CONVERSION
from .selection import universe

F = TypeVar("F", bound=Callable[..., Any])

TARGET_CHOICES = tuple(targets.names())
# Every name --model takes under some target; Options checks it against the target.
MODEL_CHOICES = tuple(
    sorted({name for target in targets.TARGETS.values() for name in target.model_names()})
)


def target_option(func: F) -> F:
    """``--target T``: the provider whose formats, rules and limits apply."""
    return click.option(
        "--target",
        type=click.Choice(TARGET_CHOICES),
        default=targets.DEFAULT,
        show_default=True,
        help="The provider to check for: its formats, rules, limits and models.",
    )(func)


def rules_in_force(target: str | None) -> list[Rule]:
    """Every rule (``None``), or the rules of ``target`` with its severities."""
    if target is None:
        return ordered()
    spec = targets.get(target)
    chosen = universe(target)
    return [
        msgspec.structs.replace(rule, severity=spec.severity[rule.code])
        if rule.code in spec.severity
        else rule
        for rule in ordered()
        if rule.code in chosen
    ]


def providers_of(rule: Rule, *, names: bool = False) -> str | None:
    """The labels (or ``names``) of the targets that add a provider-only rule, or
    ``None`` for the rules of OpenAI's set. A conversion rule is the converter's: no
    target checks it."""
    if CONVERSION in rule.formats:
        return "none; ftlint convert reports it" if names else "ftlint convert"
    found = [t.name if names else t.label for t in targets.adding(rule.code)]
    return ", ".join(found) or None


def enabled_by(rule: Rule) -> str:
    """Where an opt-in rule of OpenAI's set is checked by default: the targets that
    enable it, as a clause (empty for none)."""
    names = [t.name for t in targets.enabling(rule.code)]
    return f" (checked by default with --target {', '.join(names)})" if names else ""


def _methods(target: targets.Target) -> list[str]:
    methods = [target.methods.get(f) or METHOD_OF_FORMAT.get(f, f) for f in target.formats]
    return list(dict.fromkeys(methods))


def targets_table() -> Iterator[str]:
    """The README's table of targets x formats x methods, from the registry."""
    yield "| Target | Provider | Formats (`--format`) | Methods | Rules | Own rules | Minimum |\n"
    yield "|---|---|---|---|---|---|---|\n"
    for target in map(targets.get, targets.names()):
        own = ", ".join(sorted(target.add)) or "—"
        base = {None: "its own", "openai": "OpenAI's"}.get(target.base) or str(target.base)
        if target.name == "openai":
            base = "OpenAI (the default)"
        if target.enable:  # opt-in rules of the base that this target checks by default
            base += " (+ " + ", ".join(sorted(target.enable)) + ")"
        minimum = target.limit("min_examples")
        yield (
            f"| `{target.name}` | {target.label} | {', '.join(target.formats)}"
            f" | {', '.join(_methods(target))} | {base} | {own}"
            f" | {'—' if minimum is None else f'{minimum:,}'} |\n"
        )


@click.command("targets")
@click.option(
    "-o",
    "--output-format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown prints the README's table.",
)
def targets_command(output_format: str) -> None:
    """List the providers --target takes: formats, methods, own rules and minimum."""
    if output_format == "markdown":
        for chunk in targets_table():
            click.echo(chunk, nl=False)
        return
    rows = [targets.get(name) for name in targets.names()]
    wide = max(len(target.label) for target in rows) + 2
    for target in rows:
        click.echo(f"{target.name:<16}{target.label:<{wide}}{', '.join(_methods(target))}")
        click.echo(f"{'':<16}{'formats: ' + ', '.join(target.formats)}")
