"""What a rule's check sees besides the example: where it is, and how to report.

This is the seam between the engine and the rules. It lives with the rules, below the
engine, so that a rule module never imports the engine: the engine builds one context per
file and moves it from line to line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

from .. import targets
from ..jsonpos import Locator
from ..targets import Target

if TYPE_CHECKING:
    from ..schema.collect import Path

# (line, raw line, column shift, code, message, path, key, hint, locator): the engine's
# way to turn a rule's report into a finding with a column.
ReportAt = Callable[
    [int, bytes, int, str, str, "Path", "str | None", "str | None", "Locator | None"], None
]


class FileHooks(Protocol):
    """What the checks record for the file-level rules: :class:`ftlint.rules.dataset.Dataset`.

    A protocol, so that this module does not import the rule modules that hold the states.
    """

    output: Callable[[Any, int], None]  # (output of a valid example, line): F007
    completion: Callable[[str, str, int], None]  # (prompt, completion, line): L004-L006
    image_examples: int  # examples with an image: V007, F010

    def state(self, cls: type[Any]) -> Any:
        """The state of a file-level rule, by its class (native formats' hooks fill them)."""

    @property
    def same_outputs(self) -> bool:
        """Whether every output so far is the same (when not, ``output`` may be skipped)."""


class LineContext:
    """The current line of a file, the file's options, and the file-level state.

    One instance serves a whole file; the engine moves it from line to line, so checks
    must not keep it.
    """

    __slots__ = (
        "_enabled",
        "_folded",
        "_locator",
        "_report_at",
        "dataset",
        "format",
        "line",
        "model",
        "raw",
        "shift",
        "target",
    )

    def __init__(
        self,
        report_at: ReportAt,
        enabled: frozenset[str],
        model: str | None,
        dataset: FileHooks,
        target: Target | None = None,
        folded: Callable[[str, int], bool] | None = None,
    ) -> None:
        self._report_at = report_at
        self._enabled = enabled
        self._folded = folded
        self.model = model
        # The provider whose limits the rules read (``ctx.target.limit("...")``).
        self.target = target or targets.get(targets.DEFAULT)
        self.dataset = dataset
        self.format = ""
        self.line = 0
        self.raw = b""
        self.shift = 0
        self._locator: Locator | None = None

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` is selected; checks skip costly work for disabled rules."""
        return code in self._enabled

    def folded(self, code: str) -> bool:
        """Whether a finding of rule ``code`` on this line will only be counted: the report
        folds the rule's findings past its first few, and this one is past them (see
        ``Options.fold_after``), or ``--max-findings`` keeps earlier ones. Its message may
        then leave out costly details."""
        return self._folded is not None and self._folded(code, self.line)

    def report(
        self,
        code: str,
        message: str,
        path: Path = (),
        *,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        """Report a finding of rule ``code`` at JSON ``path`` of the current line.

        ``key`` names a member of the object at ``path`` when the finding is about the
        key itself (an unknown key), so the column points at the key.
        """
        if code not in self._enabled:
            return  # a rule that shares an enabled rule's hook: no position to work out
        locator = self._locator
        if self.folded(code):
            locator = None  # only counted: it gets no position
        elif locator is None or locator.raw is not self.raw:
            # One locator per line: many findings on a line share its scan of the line.
            locator = self._locator = Locator(self.raw)
        self._report_at(self.line, self.raw, self.shift, code, message, path, key, hint, locator)


class Emit(Protocol):
    """How a file-level rule reports: the engine's finding factory for one file.

    ``line`` and ``column`` are ``None`` for a finding about the whole file. A finding made
    once every line is read that still points at a line is ``late`` (see the engine's
    sink); ``offset`` is then the byte offset of that line.
    """

    def __call__(
        self,
        code: str,
        line: int | None,
        column: int | None,
        message: str,
        *,
        json_path: str | None = None,
        hint: str | None = None,
        late: bool = False,
        offset: int | None = None,
    ) -> None: ...


class FileEnd(msgspec.Struct, frozen=True, kw_only=True):
    """What the file-level rules learn of a file once all of its lines are read.

    Attributes:
        format: the file's format, ``None`` when it could not be told.
        model: the ``--model``, or ``None``.
        examples: non-blank lines.
        size: the file's size in bytes (what an upload would send).
        complete: ``False`` when reading stopped early, so counts are partial.
        crlf: lines that end with CRLF.
        first_crlf: (line, byte offset) of the first such line, or ``None``.
        target: the provider whose limits apply.
        validation: the file is a job's validation file: the target's validation limits
            apply to it, and its training limits do not.
        name: the file's name as given (``-`` for standard input), or ``None``.
    """

    format: str | None
    model: str | None
    examples: int
    size: int
    complete: bool
    crlf: int = 0
    first_crlf: tuple[int, int] | None = None
    target: Target = msgspec.field(default_factory=lambda: targets.get(targets.DEFAULT))
    validation: bool = False
    name: str | None = None
