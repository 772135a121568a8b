"""Reporters of ``ftlint rules``: the rule list as text, JSON or the README's Markdown table."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import msgspec

from .. import targets
from ..rules import Rule
from ..rules.registry import CONVERSION
from ..schema import OPENAI_FORMATS

# The fields of a rule in the JSON list, in order.
_JSON_FIELDS = ("code", "name", "severity", "refs", "treatment", "confidence", "source",
                "formats", "default", "doc", "bad", "good")  # fmt: skip


def render_text(rules: Sequence[Rule]) -> Iterator[str]:
    """One line per rule: code, severity, name, spec rules and summary."""
    for rule in rules:
        refs = ",".join(rule.refs)
        yield f"{rule.code}  {rule.severity.value:<7}  {rule.name:<28} {refs:<10} {rule.summary}\n"


def render_json(rules: Sequence[Rule]) -> Iterator[str]:
    """Every rule with its documentation and examples, as one pretty-printed JSON list."""
    entries = [
        {f: sorted(rule.formats) if f == "formats" else getattr(rule, f) for f in _JSON_FIELDS}
        for rule in rules
    ]
    yield msgspec.json.format(msgspec.json.encode(entries), indent=2).decode() + "\n"


def render_markdown(rules: Sequence[Rule]) -> Iterator[str]:
    """The rule table of the README."""
    yield "| Code | Name | Severity | Spec | Formats | What it reports |\n"
    yield "|---|---|---|---|---|---|\n"
    for rule in rules:
        formats = (
            "all" if rule.formats.issuperset(OPENAI_FORMATS) else ", ".join(sorted(rule.formats))
        )
        severity = rule.severity.value + ("" if rule.default else f" ({_opt_in(rule)})")
        yield (
            f"| {rule.code} | {rule.name} | {severity} | {', '.join(rule.refs)}"
            f" | {formats} | {rule.summary} |\n"
        )


def _opt_in(rule: Rule) -> str:
    """Why a rule is off by default: the targets that add it, the converter, or opt-in."""
    if CONVERSION in rule.formats:
        return "ftlint convert"
    owners = [t.name for t in targets.adding(rule.code)]
    if owners:
        return "--target " + ", ".join(owners)
    enabling = [t.name for t in targets.enabling(rule.code)]
    return "opt-in; default with --target " + ", ".join(enabling) if enabling else "opt-in"


# Feeds `ftlint rules -o`.
RULES_REPORTERS: Mapping[str, Callable[[Sequence[Rule]], Iterator[str]]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
