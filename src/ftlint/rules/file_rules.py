"""The registry of file-level rules: what a rule remembers across lines, and its end check.

A file-level rule is registered in the module that defines its code, with
:func:`file_rule`. It names a *state* class, whose instance collects what the rule needs
while the lines go by, and its decorated *end check* runs once the file is read::

    @file_rule("F007", state=Outputs)
    def _identical_outputs(state: Outputs, emit: Emit, end: FileEnd) -> None: ...

    @file_rule("F001")  # no state: the end check reads only the FileEnd
    def _too_few(state: None, emit: Emit, end: FileEnd) -> None: ...

A state class takes no arguments and has ``merge(other, base)``, which adds the state of
the next byte range of the file (whose lines are numbered from ``base + 1``), so that
``--jobs`` gives exactly the result of one pass. Rules that name the same state class share
one instance (V007 and F010 both count the examples with images). States travel between
processes, so they must pickle. :class:`ftlint.rules.dataset.Dataset` holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Protocol, TypeVar, overload

from .context import Emit, FileEnd


class FileState(Protocol):
    """What a file-level rule remembers; one instance per file or byte range."""

    def merge(self, other: Any, base: int) -> None:
        """Add the state of the next byte range, whose lines are numbered from base + 1."""


S = TypeVar("S", bound=FileState)
EndCheck = Callable[[Any, Emit, FileEnd], None]


class FileRule(NamedTuple):
    """A registered file-level rule: the codes its end check reports, its state, the check."""

    codes: tuple[str, ...]
    state: type[FileState] | None
    finish: EndCheck


FILE_RULES: list[FileRule] = []


@overload
def file_rule(
    *codes: str, state: type[S]
) -> Callable[[Callable[[S, Emit, FileEnd], None]], Callable[[S, Emit, FileEnd], None]]: ...


@overload
def file_rule(
    *codes: str, state: None = None
) -> Callable[[Callable[[None, Emit, FileEnd], None]], Callable[[None, Emit, FileEnd], None]]: ...


def file_rule(*codes: str, state: type[Any] | None = None) -> Callable[[EndCheck], EndCheck]:
    """Register the decorated ``finish(state, emit, end)`` as the end check of ``codes``.

    ``state`` is the class of the rule's state, or ``None`` (the check is then passed
    ``None``). The codes must be :func:`~ftlint.rules.registry.define`\\ d; a test checks it.
    """

    def decorate(func: EndCheck) -> EndCheck:
        if not codes:
            raise ValueError("a file-level rule reports at least one code")
        FILE_RULES.append(FileRule(codes, state, func))
        return func

    return decorate


def ordered_file_rules() -> list[FileRule]:
    """The file-level rules in code order: the order their findings are emitted in.

    Late findings (J005, L006) reach a streaming listener in that order, so it must not
    depend on the order the rule modules happen to be imported in.
    """
    return sorted(FILE_RULES, key=lambda rule: rule.codes[0])
