"""Every rule's documented examples: the failing one triggers it, the near miss does not.

The examples are the ones ``ftlint rule CODE`` prints, so the documentation cannot drift
from what the rule does.
"""

from __future__ import annotations

import pytest

import ftlint
from ftlint.rules import REGISTRY, Rule

WITH_EXAMPLES = [r for r in REGISTRY.values() if r.bad is not None or r.good is not None]


def _format(rule: Rule) -> str:
    return next(iter(rule.formats)) if len(rule.formats) == 1 else "auto"


ALL_RULES = ftlint.select_rules(["ALL"])


def _codes(text: str, fmt: str) -> set[str]:
    lines = [line.encode("utf-8") + b"\n" for line in text.split("\n")]
    return {f.code for f in ftlint.check_lines(lines, format=fmt, rules=ALL_RULES).findings}


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_bad_example_triggers_the_rule(rule: Rule) -> None:
    assert rule.bad is not None, f"{rule.code} has a passing example but no failing one"
    codes = _codes(rule.bad, _format(rule))
    assert rule.code in codes, f"{rule.code}: its failing example gives only {sorted(codes)}"


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_good_example_passes_the_rule(rule: Rule) -> None:
    assert rule.good is not None, f"{rule.code} has a failing example but no passing one"
    codes = _codes(rule.good, _format(rule))
    assert rule.code not in codes
    errors = {c for c in codes if REGISTRY[c].severity is ftlint.Severity.ERROR} - {"F001"}
    assert not errors, f"{rule.code}: its passing example has errors {sorted(errors)}"


def test_examples_come_in_pairs() -> None:
    """A rule documents both ways, or neither: a rule about a whole file (``bad is None``)
    has no one-line example, and tests/test_fixtures.py shows it fire instead."""
    one_sided = [r.code for r in REGISTRY.values() if (r.bad is None) != (r.good is None)]
    assert not one_sided, f"rules with only one example: {one_sided}"


def test_every_check_reports_registered_codes() -> None:
    from ftlint.rules import CHECKS

    for check in CHECKS:
        unknown = [c for c in check.codes if c not in REGISTRY]
        assert not unknown, f"{check.func.__name__} reports undefined codes {unknown}"
        assert check.formats <= {"chat", "completion", "preference", "reinforcement"}
