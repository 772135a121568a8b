"""The rule registry: every code ftlint can report, with its documentation.

A rule is registered in one of two ways:

- :func:`define` for problems that the reader, the schema layer, the conversation walk or
  the file-level pass reports (a JSON syntax error, an unknown key, too few examples).
- :func:`example_rule` for a semantic check on a decoded example. The decorated function
  is the check, and its docstring is the rule's documentation.

Every rule cites the spec's rule numbers, says how OpenAI treats a violation and how sure
the spec is, and carries a failing and a passing example line. The default severity
follows from the treatment and the confidence (see :func:`severity_for`).

Adding a rule is one change in one module of this package, plus its fixtures.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

import msgspec

from ..findings import Severity
from ..schema import FORMAT_NAMES

if TYPE_CHECKING:
    from .context import LineContext

# Rule areas, by the letter that starts their codes, in the order the docs list them.
AREAS = {
    "J": "JSONL and encoding",
    "F": "File and dataset",
    "S": "Example and message structure",
    "C": "Message content",
    "T": "Tools and functions",
    "O": "Message order and training weights",
    "X": "Special tokens",
    "K": "Token limits",
    "V": "Vision",
    "D": "Preference (DPO)",
    "G": "Reinforcement (RFT)",
    "L": "Legacy prompt/completion",
}
ALL_FORMATS = frozenset(FORMAT_NAMES)
CODE_PATTERN = re.compile(r"^[A-Z][0-9]{3}$")

Treatment = Literal["REJECT", "REJECT?", "SKIP", "WARN", "INFO"]
Confidence = Literal["H", "M", "L"]
ExampleCheck = Callable[[Any, "LineContext"], None]
F = TypeVar("F", bound=Callable[..., None])


def severity_for(treatment: Treatment, confidence: Confidence) -> Severity:
    """The default severity of a rule, from how OpenAI treats a violation.

    - REJECT or REJECT? with confidence H or M: error (the upload or job fails);
    - REJECT or REJECT? with confidence L: warning (likely, but never observed);
    - SKIP (the item is dropped or truncated) and WARN (OpenAI tooling flags it): warning;
    - INFO (advice or a statistic): info.
    """
    if treatment in ("REJECT", "REJECT?"):
        return Severity.ERROR if confidence in ("H", "M") else Severity.WARNING
    if treatment in ("SKIP", "WARN"):
        return Severity.WARNING
    return Severity.INFO


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """A registered rule.

    Attributes:
        code: stable code, a letter for the area and three digits (``S005``).
        name: a short kebab-case name (``invalid-role``).
        severity: the default severity.
        refs: the spec's rule numbers this rule implements (``("R13",)``).
        treatment: how OpenAI treats a violation (REJECT, REJECT?, SKIP, WARN, INFO).
        confidence: how sure the spec is of that (H, M, L).
        source: where the rule comes from, in the spec's source tags.
        formats: the formats the rule applies to.
        doc: the user documentation; its first paragraph is the summary.
        bad: an example line that breaks the rule, or ``None`` for file-level rules.
        good: a near miss that passes, or ``None``.
        default: whether the rule is on without being selected (opt-in rules are costly).
        check: the semantic check, or ``None`` when the engine emits the rule itself.
    """

    code: str
    name: str
    severity: Severity
    refs: tuple[str, ...]
    treatment: str
    confidence: str
    source: str
    formats: frozenset[str]
    doc: str
    bad: str | None = None
    good: str | None = None
    default: bool = True
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
    refs: Iterable[str],
    doc: str,
    *,
    treatment: Treatment,
    confidence: Confidence,
    source: str,
    formats: Iterable[str] = ALL_FORMATS,
    severity: Severity | None = None,
    bad: str | None = None,
    good: str | None = None,
    default: bool = True,
) -> Rule:
    """Register a rule that the engine reports itself.

    ``severity`` overrides the mapping of :func:`severity_for`; the rule's doc must say why.
    """
    return _register(
        Rule(
            code=code,
            name=name,
            severity=severity or severity_for(treatment, confidence),
            refs=tuple(refs),
            treatment=treatment,
            confidence=confidence,
            source=source,
            formats=frozenset(formats),
            doc=inspect.cleandoc(doc),
            bad=bad,
            good=good,
            default=default,
        )
    )


def example_rule(
    code: str,
    name: str,
    refs: Iterable[str],
    *,
    treatment: Treatment,
    confidence: Confidence,
    source: str,
    formats: Iterable[str],
    severity: Severity | None = None,
    bad: str | None = None,
    good: str | None = None,
) -> Callable[[F], F]:
    """Register the decorated function as the semantic check of a new rule.

    The function receives each schema-valid example of the given formats and a
    :class:`~ftlint.rules.context.LineContext`, and reports through ``ctx.report(...)``.
    Its docstring is the rule's documentation.
    """

    def decorate(func: F) -> F:
        if not func.__doc__:
            raise ValueError(f"rule {code} needs a docstring: it is the user documentation")
        rule = define(
            code,
            name,
            refs,
            func.__doc__,
            treatment=treatment,
            confidence=confidence,
            source=source,
            formats=formats,
            severity=severity,
            bad=bad,
            good=good,
        )
        REGISTRY[code] = msgspec.structs.replace(rule, check=func)
        return func

    return decorate


class Check(NamedTuple):
    """A semantic check that can report several rules in one walk over an example."""

    formats: frozenset[str]
    codes: tuple[str, ...]
    func: ExampleCheck


CHECKS: list[Check] = []


def example_check(*, formats: Iterable[str], codes: Iterable[str]) -> Callable[[F], F]:
    """Register the decorated function as a check that reports the (defined) ``codes``.

    Checks that share one walk over the messages are cheaper than one walk per rule, which
    matters on the per-line hot path.
    """

    def decorate(func: F) -> F:
        # The codes may be defined in modules imported later; a test checks them all.
        CHECKS.append(Check(frozenset(formats), tuple(codes), func))
        return func

    return decorate


def get(code: str) -> Rule:
    """Return the rule for ``code`` (case-insensitive); raise ``KeyError`` if unknown."""
    return REGISTRY[code.upper()]


def ordered() -> list[Rule]:
    """Every rule, grouped by area in :data:`AREAS` order, then by code."""
    area = list(AREAS)
    return sorted(REGISTRY.values(), key=lambda r: (area.index(r.code[0]), r.code))


def checks_for(
    fmt: str, enabled: Callable[[str], bool] = lambda code: True
) -> tuple[ExampleCheck, ...]:
    """The semantic checks for ``fmt`` that report at least one enabled rule, in order."""
    single = [
        (rule.code, rule.check)
        for rule in sorted(REGISTRY.values(), key=lambda r: r.code)
        if rule.check is not None and fmt in rule.formats and enabled(rule.code)
    ]
    multi = [
        (check.codes[0], check.func)
        for check in CHECKS
        if fmt in check.formats and any(enabled(code) for code in check.codes)
    ]
    return tuple(func for _code, func in sorted(single + multi, key=lambda pair: pair[0]))
