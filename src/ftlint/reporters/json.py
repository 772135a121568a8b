"""The JSON reporter: one versioned document with files, findings and a summary.

Schema (version 1)::

    {
      "version": 1,
      "tool": {"name": "ftlint", "version": "..."},
      "summary": {"files", "examples", "valid", "invalid", "errors", "warnings", "infos"},
      "files": [{"path", "format", "format_source", "examples", "valid", "invalid",
                 "errors", "warnings", "infos", "omitted", "stats", "identity"?}],
      "findings": [{"path", "line", "column", "json_path", "code", "severity", "message",
                    "hint", "offset"}]
    }

``line`` and ``column`` are 1-based; ``line`` is null for file-level findings. Columns
count Unicode code points. ``offset`` is the byte offset of the line's start. ``stats``
holds the file's mergeable statistics (:class:`ftlint.stats.Stats`). ``identity``, only
for a file read from a URL, holds the URL read and its version markers (``etag``,
``version_id``, ``generation``, ``commit``, ``sha256``, ``blob_id``, as the store gives them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._version import __version__
from ..results import FileReport, Report
from .base import ReportOptions
from .chunked import HOLE, batches, pretty

VERSION = 1


def _file(file: FileReport) -> dict[str, Any]:
    stats = file.stats
    shown: dict[str, Any] = {
        "path": file.path,
        "format": file.format,
        "format_source": file.format_source,
        "examples": stats.examples,
        "valid": stats.valid,
        "invalid": stats.invalid,
        "errors": file.errors,
        "warnings": file.warnings,
        "infos": file.infos,
        "omitted": file.omitted,
        "stats": stats,
    }
    if file.identity is not None:
        shown["identity"] = file.identity
    return shown


def document(report: Report) -> dict[str, Any]:
    """The report as the versioned JSON document (before encoding)."""
    stats = report.stats
    return {
        "version": VERSION,
        "tool": {"name": "ftlint", "version": __version__},
        "summary": {
            "files": len(report.files),
            "examples": stats.examples,
            "valid": stats.valid,
            "invalid": stats.invalid,
            "errors": report.errors,
            "warnings": report.warnings,
            "infos": report.infos,
        },
        "files": [_file(f) for f in report.files],
        "findings": list(report.findings),
    }


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as one pretty-printed JSON document, its findings a batch at a time
    (:mod:`.chunked`): a file with millions of them is not held as text all at once."""
    del options  # JSON is never coloured, and always complete.
    doc = document(report)
    findings = doc["findings"]
    doc["findings"] = HOLE
    return pretty(doc, batches(findings))
