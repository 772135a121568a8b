"""What a rule's check sees besides the example: where it is, and how to report.

This is the seam between the engine and the rules. It lives with the rules, below the
engine, so that a rule module never imports the engine: the engine builds one context per
file and moves it from line to line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..jsonpos import Locator

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .dataset import Dataset

# (line, raw line, column shift, code, message, path, key, hint, locator): the engine's
# way to turn a rule's report into a finding with a column.
ReportAt = Callable[
    [int, bytes, int, str, str, "Path", "str | None", "str | None", "Locator | None"], None
]


class LineContext:
    """The current line of a file, the file's options, and the file-level state.

    One instance serves a whole file; the engine moves it from line to line, so checks
    must not keep it.
    """

    __slots__ = (
        "_enabled",
        "_locator",
        "_report_at",
        "dataset",
        "format",
        "line",
        "model",
        "raw",
        "shift",
    )

    def __init__(
        self,
        report_at: ReportAt,
        enabled: frozenset[str],
        model: str | None,
        dataset: Dataset,
    ) -> None:
        self._report_at = report_at
        self._enabled = enabled
        self.model = model
        self.dataset = dataset
        self.format = ""
        self.line = 0
        self.raw = b""
        self.shift = 0
        self._locator: Locator | None = None

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` is selected; checks skip costly work for disabled rules."""
        return code in self._enabled

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
        locator = self._locator
        if locator is None or locator.raw is not self.raw:
            # One locator per line: many findings on a line share its scan of the line.
            locator = self._locator = Locator(self.raw)
        self._report_at(self.line, self.raw, self.shift, code, message, path, key, hint, locator)
