"""The SARIF reporter: one SARIF 2.1.0 log, for GitHub code scanning and SARIF viewers.

One run, whose driver lists every registered rule (id, name, short and full description,
help text and Markdown, default level). Each result has its rule, level, message, exactly
one location with a repo-relative URI (``uriBaseId: %SRCROOT%``; a file outside the
current directory gets an absolute ``file://`` URI instead, and a URL input its URL), a
1-based region, and a stable fingerprint under
``partialFingerprints["ftlintFinding/v1"]`` (see :mod:`ftlint.reporters.common`). The
run says ``columnKind: unicodeCodePoints``, because ftlint's columns count code points.

A file-level finding (F001, say) has no line; GitHub code scanning needs a
``startLine``, so its region is line 1 of the file. The JSON path of a finding, if any,
is in the result's ``properties.jsonPath``.

When ``--max-findings`` cut a file's results (errors are kept first), the run has an
``invocations[0].toolExecutionNotifications`` entry per such file that says how many were
not kept.

Levels: error → ``error``, warning → ``warning``, info → ``note``. The log is built from
plain dicts, so constant keys (``version``, ``$schema``) are never dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import __version__
from ..clip import clip
from ..findings import Finding, Severity
from ..reader import is_url
from ..results import Report
from ..rules import AREAS, Rule, ordered
from .base import ReportOptions
from .chunked import HOLE, batches, pretty
from .common import describe, iter_fingerprints, not_kept, relative_to_cwd

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "ftlintFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub's problem.severity property: error, warning or recommendation.
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
# GitHub truncates fullDescription at 1,000 characters.
_FULL_DESCRIPTION_MAX = 1000


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A registered rule as a SARIF ``reportingDescriptor``."""
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {
            "text": clip(" ".join(rule.doc.split()), _FULL_DESCRIPTION_MAX, trim=True)
        },
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["ftlint", AREAS.get(rule.code[0], "other")],
            "precision": "very-high",
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
            "spec": list(rule.refs),
        },
    }


def _unknown_descriptor(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.code,
        "shortDescription": {"text": finding.code},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def artifact_location(path: str) -> dict[str, str]:
    """The SARIF ``artifactLocation`` of a file as the user named it."""
    if is_url(path):  # s3://…, hf://…: already a URI; escape only what a URI cannot hold
        return {"uri": quote(path, safe=":/?#[]@!$&'()*+,;=%~")}
    posix, inside = relative_to_cwd(path)
    if inside:
        return {"uri": quote(posix, safe="/"), "uriBaseId": "%SRCROOT%"}
    return {"uri": Path(posix).as_uri()}


def _region(finding: Finding) -> dict[str, int]:
    if finding.line is None:
        return {"startLine": 1}
    region = {"startLine": finding.line}
    if finding.column is not None:
        region["startColumn"] = finding.column
    return region


def document(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (before encoding)."""
    rules, results = _parts(report)
    return _log(report, rules, [result for batch in results for result in batch])


def _parts(report: Report) -> tuple[list[dict[str, Any]], Iterator[list[dict[str, Any]]]]:
    """The driver's rules, and the results made a batch of findings at a time."""
    findings = list(report.findings)
    rules, index = _rules(findings)
    prints = iter_fingerprints(findings)
    where = functools.cache(artifact_location)  # the same few files, again and again

    def results() -> Iterator[list[dict[str, Any]]]:
        for batch in batches(findings):
            yield [_result(f, fp, index, where) for f, fp in zip(batch, prints, strict=False)]

    return rules, results()


def _rules(findings: list[Finding]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The driver's rules: every registered one, then any other code the findings have;
    and each rule's index."""
    rules = [rule_descriptor(rule) for rule in ordered()]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_unknown_descriptor(finding))
    return rules, index


def _result(
    finding: Finding, fingerprint: str, index: dict[str, int], where: Callable[[str], Any]
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": describe(finding)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": where(finding.path),
                    "region": _region(finding),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.json_path:
        result["properties"] = {"jsonPath": finding.json_path}
    return result


def _log(report: Report, rules: list[dict[str, Any]], results: Any) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ftlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                **_invocations(report),
            }
        ],
    }


def _invocations(report: Report) -> dict[str, Any]:
    """A run's invocation, when --max-findings cut results: a notification per file."""
    cut = not_kept(report)
    if not cut:
        return {}
    notices = [
        {
            "level": "warning",
            "message": {"text": text},
            "descriptor": {"id": "max-findings"},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
        }
        for path, text in cut
    ]
    return {"invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notices}]}


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as one pretty-printed SARIF log, its results made and encoded a
    batch at a time (:mod:`.chunked`)."""
    del options
    rules, results = _parts(report)
    return pretty(_log(report, rules, HOLE), results)
