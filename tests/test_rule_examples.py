"""Every rule's documented examples: the failing one triggers it, the near miss does not.

The examples are the ones ``ftlint rule CODE`` prints, so the documentation cannot drift
from what the rule does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ftlint
from ftlint.rules import HOOKS, REGISTRY, Rule, checks_for
from ftlint.schema import OPENAI_FORMATS
from ftlint.targets import TARGETS

WITH_EXAMPLES = [r for r in REGISTRY.values() if r.bad is not None or r.good is not None]


def _format(rule: Rule) -> str:
    # A native format is never auto-detected: a rule of several takes its first (issue #14).
    if len(rule.formats) == 1 or rule.formats.isdisjoint(OPENAI_FORMATS):
        return min(rule.formats)
    return "auto"


def _target(rule: Rule) -> str:
    """The first target that adds a provider-only rule; OpenAI for the others."""
    return next((t.name for t in TARGETS.values() if rule.code in t.add), "openai")


def _codes(text: str, fmt: str, target: str = "openai") -> set[str]:
    lines = [line.encode("utf-8") + b"\n" for line in text.split("\n")]
    rules = ftlint.select_rules(["ALL"], target=target)
    report = ftlint.check_lines(lines, format=fmt, rules=rules, target=target)
    return {f.code for f in report.findings}


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_bad_example_triggers_the_rule(rule: Rule) -> None:
    assert rule.bad is not None, f"{rule.code} has a passing example but no failing one"
    codes = _codes(rule.bad, _format(rule), _target(rule))
    assert rule.code in codes, f"{rule.code}: its failing example gives only {sorted(codes)}"


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_good_example_passes_the_rule(rule: Rule) -> None:
    assert rule.good is not None, f"{rule.code} has a failing example but no passing one"
    target = _target(rule)
    codes = _codes(rule.good, _format(rule), target)
    assert rule.code not in codes
    severity = TARGETS[target].severity
    # One line is too few examples for OpenAI (F001), Nova (B030) and Claude 3 Haiku (B105).
    errors = {
        c for c in codes if (severity.get(c) or REGISTRY[c].severity) is ftlint.Severity.ERROR
    } - {"F001", "B030", "B105"}
    assert not errors, f"{rule.code}: its passing example has errors {sorted(errors)}"


def test_examples_come_in_pairs() -> None:
    """A rule documents both ways, or neither: a rule about a whole file (``bad is None``)
    has no one-line example, and tests/test_fixtures.py shows it fire instead."""
    one_sided = [r.code for r in REGISTRY.values() if (r.bad is None) != (r.good is None)]
    assert not one_sided, f"rules with only one example: {one_sided}"


ALONE = [r for r in WITH_EXAMPLES if r.bad is not None]
# Rules that need --model to run (the engine drops them without one), with a model to use.
MODELS = {"K001": "gpt-3.5-turbo-0613", "F009": "gpt-4o-mini", "F010": "gpt-4o-mini"}


@pytest.mark.parametrize("rule", ALONE, ids=lambda r: r.code)
def test_bad_example_triggers_the_rule_selected_alone(rule: Rule) -> None:
    # `--select CODE` must run whatever check reports CODE, with no other rule enabled.
    assert rule.bad is not None
    lines = [line.encode("utf-8") + b"\n" for line in rule.bad.split("\n")]
    report = ftlint.check_lines(
        lines,
        format=_format(rule),
        rules={rule.code},
        model=MODELS.get(rule.code),
        target=_target(rule),
    )
    codes = {f.code for f in report.findings}
    assert codes == {rule.code}, f"--select {rule.code} on its failing example gives {codes}"


RULES = Path(ftlint.__file__).parent / "rules"
# The one module that reports codes defined elsewhere: the schema explanation of the S rules,
# whose branches depend on each other (see its docstring).
SHARED_EMITTERS = {"explain_schema"}


def _reported(tree: ast.AST) -> list[tuple[int, str]]:
    """The literal codes of the `….report("X001", …)` and `emit("X001", …)` calls in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = node.args[0]
        if name in ("report", "emit") and isinstance(first, ast.Constant):
            found.append((node.lineno, str(first.value)))
    return found


def test_rule_modules_report_only_their_own_codes() -> None:
    checked = 0
    for path in sorted(RULES.glob("*.py")):
        module = f"ftlint.rules.{path.stem}"
        for lineno, code in _reported(ast.parse(path.read_text(encoding="utf-8"))):
            checked += 1
            assert code in REGISTRY, f"{path.name}:{lineno} reports undefined code {code!r}"
            if path.stem not in SHARED_EMITTERS:
                owner = REGISTRY[code].module
                assert owner == module, f"{path.name}:{lineno} reports {code}, defined in {owner}"
    assert checked > 40  # the scan sees the checks


def test_every_hook_reports_rules_of_its_module_and_formats() -> None:
    for hook in HOOKS:
        rules = [r for r in REGISTRY.values() if r.module == hook.module]
        assert rules, f"{hook.func.__qualname__} is in {hook.module}, which defines no rule"
        formats = set().union(*(r.formats for r in rules))
        assert hook.formats <= formats, f"{hook.func.__qualname__}: no rule for {hook.formats}"


def test_a_hook_runs_only_when_a_rule_of_its_module_is_enabled() -> None:
    from ftlint.rules import tools

    on = checks_for("chat", {"T003"}.__contains__)
    off = checks_for("chat", {"C001"}.__contains__)
    assert on and off and checks_for("chat", set().__contains__) == ()
    line = b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "tool_calls":'
    line += b' [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},'
    line += b' {"role": "user", "content": "Hi"}]}\n'
    assert [f.code for f in ftlint.check_lines([line], rules={"T003"}).findings] == ["T003"]
    assert not ftlint.check_lines([line], rules={"C001"}).findings
    assert tools._KNOWN_FUNCTION_NAMES  # the T hooks ran


def test_k001_documents_every_model_limit() -> None:
    from ftlint import base_models

    doc = " ".join(REGISTRY["K001"].doc.split())
    for model in base_models.MODELS.values():
        if model.max_tokens is not None:
            assert f"{model.max_tokens:,}" in doc, f"K001's doc lacks the limit of {model.name}"
