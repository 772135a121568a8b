"""Findings: what ftlint reports, one problem each."""

from __future__ import annotations

import enum

import msgspec


class Severity(str, enum.Enum):
    """How serious a finding is. Only ``error`` makes ``ftlint check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: lower is more serious."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Finding(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One problem in one file.

    Attributes:
        path: the file as the user named it (``-`` for stdin).
        line: 1-based line number, or ``None`` for a file-level finding.
        column: 1-based column in Unicode code points, or ``None``.
        json_path: where in the line's JSON value, such as ``$.messages[2].role``.
        code: the stable rule code, such as ``S005``.
        severity: error, warning or info.
        message: what is wrong, in plain words.
        hint: how to fix it, when ftlint can tell.
        offset: byte offset of the line's start in the (decompressed) file, or ``None``
            for a file-level finding; lets tools seek straight to the line.
    """

    path: str
    line: int | None
    column: int | None
    json_path: str | None
    code: str
    severity: Severity
    message: str
    hint: str | None = None
    offset: int | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order findings by file, line, column and code; file-level findings first."""
        return (self.path, self.line or 0, self.column or 0, self.code)
