"""The rule registry: every code ftlint can report, with its documentation.

A rule is registered in one of two ways:

- :func:`define` for problems that the reader, the schema layer or the file-level pass
  reports (a JSON syntax error, an unknown key, too few examples). The engine emits them.
- :func:`example_rule` for semantic checks on a decoded example. The decorated function
  is the check, and its docstring is the rule's documentation.

Adding a rule is one change in one module of this package, plus its fixtures.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from ..findings import Severity

if TYPE_CHECKING:
    from ..engine import LineContext

# Rule areas, by the letter that starts their codes, in the order the docs list them.
AREAS = {
    "J": "JSONL and encoding",
    "F": "File",
    "S": "Example and message structure",
    "D": "Preference (DPO)",
    "G": "Reinforcement (RFT)",
    "L": "Legacy prompt/completion",
}
ALL_FORMATS = frozenset({"chat", "completion", "preference", "reinforcement"})
CODE_PATTERN = re.compile(r"^[A-Z][0-9]{3}$")

ExampleCheck = Callable[[Any, "LineContext"], None]
F = TypeVar("F", bound=Callable[..., None])


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """A registered rule.

    Attributes:
        code: stable code, a letter for the area and three digits (``S005``).
        name: a short kebab-case name (``invalid-role``).
        severity: the default severity.
        refs: the spec's rule numbers this rule implements (``("R13",)``).
        formats: the formats the rule applies to.
        doc: the user documentation; its first line is the summary.
        check: the semantic check, or ``None`` when the engine emits the rule itself.
    """

    code: str
    name: str
    severity: Severity
    refs: tuple[str, ...]
    formats: frozenset[str]
    doc: str
    check: ExampleCheck | None = None

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation, on one line."""
        return " ".join(self.doc.strip().split("\n\n")[0].split())


REGISTRY: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if not CODE_PATTERN.match(rule.code) or rule.code[0] not in AREAS:
        raise ValueError(f"bad rule code {rule.code!r}")
    if rule.code in REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    if not rule.refs or not all(re.fullmatch(r"R[0-9]+", r) for r in rule.refs):
        raise ValueError(f"rule {rule.code} must cite spec rule numbers such as R13")
    REGISTRY[rule.code] = rule
    return rule


def define(
    code: str,
    name: str,
    severity: Severity,
    refs: Iterable[str],
    doc: str,
    *,
    formats: Iterable[str] = ALL_FORMATS,
) -> Rule:
    """Register a rule that the engine reports itself (reader, schema or file level)."""
    return _register(
        Rule(
            code=code,
            name=name,
            severity=severity,
            refs=tuple(refs),
            formats=frozenset(formats),
            doc=inspect.cleandoc(doc),
        )
    )


def example_rule(
    code: str,
    name: str,
    severity: Severity,
    refs: Iterable[str],
    *,
    formats: Iterable[str],
) -> Callable[[F], F]:
    """Register the decorated function as the semantic check of a new rule.

    The function receives each schema-valid example of the given formats and a
    :class:`~ftlint.engine.LineContext`, and reports through ``ctx.report(...)``.
    Its docstring is the rule's documentation.
    """

    def decorate(func: F) -> F:
        if not func.__doc__:
            raise ValueError(f"rule {code} needs a docstring: it is the user documentation")
        rule = define(code, name, severity, refs, func.__doc__, formats=formats)
        REGISTRY[code] = msgspec.structs.replace(rule, check=func)
        return func

    return decorate


def get(code: str) -> Rule:
    """Return the rule for ``code`` (case-insensitive); raise ``KeyError`` if unknown."""
    return REGISTRY[code.upper()]


def ordered() -> list[Rule]:
    """Every rule, grouped by area in :data:`AREAS` order, then by code."""
    area = list(AREAS)
    return sorted(REGISTRY.values(), key=lambda r: (area.index(r.code[0]), r.code))


def checks_for(fmt: str) -> tuple[tuple[str, ExampleCheck], ...]:
    """The semantic checks that apply to ``fmt``, in code order, with their codes."""
    return tuple(
        (rule.code, rule.check)
        for rule in sorted(REGISTRY.values(), key=lambda r: r.code)
        if rule.check is not None and fmt in rule.formats
    )
