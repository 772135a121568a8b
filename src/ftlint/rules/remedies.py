"""The remedy registry: what ``ftlint fix`` may do about a rule's findings.

A remedy is registered with :func:`remedy` in the module that defines its rule, beside the
rule's check, so a rule's definition, docs, check and remedy live together. Remedies are
mechanical and safe: each either changes what its rule reports and nothing else, or
returns ``None`` (no change) and leaves the line to the next step. The driver
(:mod:`ftlint.fix`) decides when to call them and checks every result again.

Kinds, in the order the driver applies them to a line:

- ``line``: ``func(raw) -> bytes | list[bytes] | None`` on the raw line with its ending
  (a byte-order mark, CRLF, a blank line: ``[]`` drops it). Tried on every line that
  reaches the slow path.
- ``body``: ``func(text) -> list[str] | None`` on a line (without its ending) that is not
  one JSON object: the JSON objects it holds, as slices of it, or ``None``. Called when
  the line has a finding of the remedy's code.
- ``object``: ``func(obj, fmt) -> bool`` changes the decoded example in place and says
  whether it did. Called when the line has a finding of the code, or, for remedies whose
  rule reports no finding per line, when ``trigger(raw)`` is true.
- ``file``: ``func(data) -> list[tuple[bytes, int, int]] | None`` re-flows a whole file
  (a pretty-printed array or stream of objects) into lines, with each line's first and
  last input line. Called before any line is read, when the file's first line shows that
  shape.
- ``dataset``: ``func(line) -> int``, a key across lines (F006's digest).

Opt-in remedies change or drop data beyond their rule's finding; they run only when
named: by their ``flag``, or by their exact code in ``--select`` or ``--extend-select``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, NamedTuple, TypeVar

from .registry import ALL_FORMATS, AREAS

Kind = Literal["line", "body", "object", "file", "dataset"]
F = TypeVar("F", bound=Callable[..., Any])
# The order in which the kinds reach a line.
KIND_ORDER: tuple[Kind, ...] = ("file", "line", "body", "object", "dataset")


class Remedy(NamedTuple):
    """A registered remedy.

    Attributes:
        code: the rule it remedies.
        action: what it does, as the log and ``ftlint rule`` say it.
        kind: see the module docstring.
        func: the remedy.
        opt_in: runs only when named (it drops or rewrites more than the finding).
        flag: the command-line flag that turns an opt-in remedy on, if any.
        formats: the formats it applies to.
        trigger: for an object remedy whose rule reports no finding per line, a cheap test
            of the raw line that says it may apply.
    """

    code: str
    action: str
    kind: Kind
    func: Callable[..., Any]
    opt_in: bool = False
    flag: str | None = None
    formats: frozenset[str] = ALL_FORMATS
    trigger: Callable[[bytes], bool] | None = None


REMEDIES: list[Remedy] = []


def remedy(
    code: str,
    action: str,
    *,
    kind: Kind,
    opt_in: bool = False,
    flag: str | None = None,
    formats: Iterable[str] = ALL_FORMATS,
    trigger: Callable[[bytes], bool] | None = None,
) -> Callable[[F], F]:
    """Register the decorated function as a remedy of rule ``code`` (see :class:`Remedy`)."""
    if flag is not None and not opt_in:
        raise ValueError(f"remedy of {code}: only opt-in remedies take a flag")

    def decorate(func: F) -> F:
        REMEDIES.append(Remedy(code, action, kind, func, opt_in, flag, frozenset(formats), trigger))
        return func

    return decorate


def remedies_for(code: str) -> list[Remedy]:
    """The remedies of rule ``code``, in registration order."""
    return [r for r in REMEDIES if r.code == code.upper()]


def remediable() -> frozenset[str]:
    """The codes that have a remedy."""
    return frozenset(r.code for r in REMEDIES)


def describe(code: str) -> str | None:
    """One line on the remedies of ``code`` for ``ftlint rule``, or ``None``."""
    found = remedies_for(code)
    if not found:
        return None
    parts = []
    for r in found:
        how = ""
        if r.opt_in:
            how = (
                f" (opt-in: {r.flag} or --select {r.code})"
                if r.flag
                else f" (opt-in: --select {r.code})"
            )
        parts.append(r.action + how)
    return "; ".join(dict.fromkeys(parts))


def chosen(enabled: frozenset[str], named: frozenset[str], flags: frozenset[str]) -> list[Remedy]:
    """The remedies to run, in kind order then registration order.

    ``enabled`` are the codes the selection enables, ``named`` the exact codes given to
    ``--select`` or ``--extend-select``, ``flags`` the opt-in flags given.
    """
    picked = [
        r
        for r in REMEDIES
        if r.code in enabled and (not r.opt_in or r.code in named or r.flag in flags)
    ]
    # Kind, then area and code, so the order does not hang on the order of imports; a
    # code's remedies keep the order of their module (the sort is stable).
    area = list(AREAS)
    return sorted(picked, key=lambda r: (KIND_ORDER.index(r.kind), area.index(r.code[0]), r.code))
