"""The findings of the HTML report: grouped by rule code, with their lines shown.

Each group has the rule's documentation, its count and the first few findings as
``file:line``, each with its raw JSON line, clipped around the spot and with the value
at the finding's JSON path marked. All values here are plain strings: the template
escapes them (Jinja2 autoescaping), so nothing from the data reaches the page raw.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .. import targets
from ..findings import Finding
from ..report_run import FindingLog
from ..rules import find

# Characters of a raw line shown before the marked value, and at most in all.
BEFORE, SHOWN = 160, 480
# The most characters of a message, hint, path or place shown (data can make them long).
TEXT_CHARS = 240
# The most bytes, once escaped, of what the data puts in the findings' part of the page
# (messages, paths, raw lines): whatever the data holds, the page stays under 1.5 MB.
BUDGET = 800_000
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_DECODER = json.JSONDecoder()


def clip(text: str, most: int = TEXT_CHARS) -> str:
    """``text``, cut to ``most`` characters with an ellipsis."""
    return text if len(text) <= most else text[: most - 1] + "…"


def where(finding: Finding) -> str:
    """``file:line:column``, ``file:line`` or ``file`` for a file-level finding."""
    place = finding.path
    if finding.line is not None:
        place += f":{finding.line}"
        if finding.column is not None:
            place += f":{finding.column}"
    return place


def _value_end(text: str, start: int) -> int:
    """Where the JSON value starting at ``start`` ends, within ``text`` (already clipped
    to what is shown): the end of ``text`` if the value runs past it."""
    try:
        return _DECODER.raw_decode(text, start)[1]
    except (ValueError, IndexError, RecursionError):
        # Cut short by the clipping, or not JSON at all (a syntax error's column).
        return len(text) if text[start : start + 1] in ("{", "[", '"') else start + 1


def excerpt(raw: bytes | None, column: int | None) -> dict[str, Any] | None:
    """The raw line around ``column``: ``before``, the marked ``hit``, ``after``, and
    whether text was clipped on the left (``head``) or the right (``tail``)."""
    if raw is None:
        return None
    text = raw.decode("utf-8", "replace").rstrip("\r\n")
    start = 0 if column is None else min(max(column - 1, 0), len(text))
    left = max(0, start - BEFORE)
    right = min(len(text), left + SHOWN)
    end = start if column is None else left + _value_end(text[left:right], start - left)
    end = min(end, right)
    return {
        "before": text[left:start],
        "hit": text[start:end],
        "after": text[end:right],
        "head": left > 0,
        "tail": right < len(text),
    }


def _doc(code: str) -> dict[str, Any]:
    rule = find(code)
    if rule is None:
        return {"name": "", "summary": "", "paragraphs": [], "treatment": "", "provider": ""}
    paragraphs = [" ".join(p.split()) for p in rule.doc.strip().split("\n\n")]
    return {
        "name": rule.name,
        "summary": rule.summary,
        "paragraphs": paragraphs[1:],
        "treatment": rule.treatment,
        # Whose treatment it is: the providers that add the rule, else OpenAI's.
        "provider": ", ".join(t.label for t in targets.adding(code)) or "OpenAI",
    }


class Budget:
    """What is left of :data:`BUDGET`; :meth:`take` pays for a row if it can."""

    def __init__(self, total: int = BUDGET) -> None:
        self.left = total

    def take(self, row: dict[str, Any]) -> bool:
        cost = sum(len(escape(v).encode()) for v in _strings(row))
        if cost > self.left:
            self.left = 0
            return False
        self.left -= cost
        return True


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def finding_row(finding: Finding) -> dict[str, Any]:
    """One finding, as the tables show it."""
    return {
        "where": clip(where(finding)),
        "code": finding.code,
        "severity": finding.severity.value,
        "json_path": clip(finding.json_path or ""),
        "message": clip(finding.message),
        "hint": clip(finding.hint or ""),
    }


def groups(log: FindingLog, budget: Budget) -> list[dict[str, Any]]:
    """The findings by rule code: errors first, then warnings and infos; by code within."""
    out = []
    for code, entry in sorted(
        log.codes.items(), key=lambda item: (_SEVERITY_RANK[item[1].severity], item[0])
    ):
        examples = []
        for finding in entry.examples:
            raw = None if finding.offset is None else log.raw.get((finding.path, finding.offset))
            row = {**finding_row(finding), "raw": excerpt(raw, finding.column)}
            if budget.take(row):
                examples.append(row)
        out.append(
            {
                "code": code,
                "severity": entry.severity,
                "count": entry.count,
                "examples": examples,
                "more": entry.count - len(examples),
                **_doc(code),
            }
        )
    return out


def every(log: FindingLog, budget: Budget) -> dict[str, Any]:
    """The bounded table of findings: the first ones, and how many are not listed."""
    rows = []
    for finding in log.first:
        row = finding_row(finding)
        if not budget.take(row):
            break
        rows.append(row)
    return {"rows": rows, "total": log.total, "more": log.total - len(rows)}
