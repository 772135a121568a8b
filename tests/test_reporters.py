"""The text and JSON reporters, fed hand-built reports (no files, no engine)."""

from __future__ import annotations

import json
import re

import msgspec
import pytest

import ftlint
from conftest import FINDING_KEYS
from ftlint import FileReport, Report, Stats
from ftlint.reporters import ReportOptions, chunked
from ftlint.reporters import json as json_report
from ftlint.reporters import text as text_report
from sample_reports import (
    OTHER_REPORT,
    TRAIN_REPORT,
)  # fmt: skip


def render_text(report: Report, **options: bool) -> list[str]:
    out = "".join(text_report.render(report, ReportOptions(**options)))
    assert out.endswith("\n")
    return out.split("\n")[:-1]


def render_json(report: Report, **options: bool) -> dict:
    out = "".join(json_report.render(report, ReportOptions(**options)))
    return json.loads(out)


# -- text -------------------------------------------------------------------------------


def test_text_one_file_exact_lines():
    lines = render_text(Report(files=(TRAIN_REPORT,)))
    assert lines == [
        "data/train.jsonl: F001 [error] file has 9 examples; OpenAI needs at least 10"
        " (hint: add examples)",
        "data/train.jsonl:2: J005 [info] 3 of 9 lines end with CRLF (Windows line endings)",
        'data/train.jsonl:3:22: S005 [error] invalid role "human" at $.messages[1].role'
        " (hint: OpenAI calls this role `user`)",
        "data/train.jsonl:7:1: J003 [warning] empty line: not an example",
        "data/train.jsonl: chat (detected), 9 examples (8 valid, 1 invalid),"
        " 2 errors, 1 warning, 1 info",
    ]


def test_text_two_files_with_omitted_findings_and_total():
    lines = render_text(Report(files=(TRAIN_REPORT, OTHER_REPORT)))
    assert lines[4:] == [
        # A json_path of "$" (the whole line) is not repeated in the message.
        "data/other.jsonl:1:1: J002 [error] line is an array of 2 items, not a JSON object"
        " (hint: every line must be one JSON object)",
        "data/train.jsonl: chat (detected), 9 examples (8 valid, 1 invalid),"
        " 2 errors, 1 warning, 1 info",
        "data/other.jsonl: format unknown, 2,345 examples (2,341 valid, 4 invalid),"
        " 4 errors, 0 warnings, 0 info, 3 more findings not shown (--max-findings)",
        "2 files: 2,354 examples (2,349 valid, 5 invalid), 6 errors, 1 warning, 1 info",
    ]


def test_text_format_from_option():
    report = Report(
        files=(
            FileReport(
                path="x.jsonl",
                format="preference",
                format_source="option",
                stats=Stats(
                    lines=1, bytes=10, examples=1, messages=1, min_messages=1, max_messages=1
                ),
                findings=(),
                errors=0,
                warnings=0,
                infos=0,
            ),
        )
    )
    assert render_text(report) == [
        "x.jsonl: preference (from --format), 1 example (1 valid, 0 invalid),"
        " 0 errors, 0 warnings, 0 info"
    ]


def test_text_quiet_has_findings_only():
    lines = render_text(Report(files=(TRAIN_REPORT, OTHER_REPORT)), quiet=True)
    assert len(lines) == 5
    assert [line.split(" ")[1] for line in lines] == ["F001", "J005", "S005", "J003", "J002"]


def test_text_color_adds_ansi_around_the_same_text():
    plain = render_text(Report(files=(TRAIN_REPORT,)))
    colored = render_text(Report(files=(TRAIN_REPORT,)), color=True)
    assert all("\x1b[" in line for line in colored[:4])
    assert [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in colored] == plain


def test_text_empty_report():
    assert "".join(text_report.render(Report(files=()), ReportOptions())) == ""


# -- JSON -------------------------------------------------------------------------------


EXPECTED_FINDINGS = [
    {
        "path": "data/train.jsonl",
        "line": None,
        "column": None,
        "json_path": None,
        "code": "F001",
        "severity": "error",
        "message": "file has 9 examples; OpenAI needs at least 10",
        "hint": "add examples",
        "offset": None,
    },
    {
        "path": "data/train.jsonl",
        "line": 2,
        "column": None,
        "json_path": None,
        "code": "J005",
        "severity": "info",
        "message": "3 of 9 lines end with CRLF (Windows line endings)",
        "hint": None,
        "offset": None,
    },
    {
        "path": "data/train.jsonl",
        "line": 3,
        "column": 22,
        "json_path": "$.messages[1].role",
        "code": "S005",
        "severity": "error",
        "message": 'invalid role "human"',
        "hint": "OpenAI calls this role `user`",
        "offset": 412,
    },
    {
        "path": "data/train.jsonl",
        "line": 7,
        "column": 1,
        "json_path": None,
        "code": "J003",
        "severity": "warning",
        "message": "empty line: not an example",
        "hint": None,
        "offset": None,
    },
    {
        "path": "data/other.jsonl",
        "line": 1,
        "column": 1,
        "json_path": "$",
        "code": "J002",
        "severity": "error",
        "message": "line is an array of 2 items, not a JSON object",
        "hint": "every line must be one JSON object",
        "offset": None,
    },
]


def test_json_document():
    doc = render_json(Report(files=(TRAIN_REPORT, OTHER_REPORT)))
    findings = doc.pop("findings")
    assert doc == {
        "version": 1,
        "tool": {"name": "ftlint", "version": ftlint.__version__},
        "summary": {
            "files": 2,
            "examples": 2354,
            "valid": 2349,
            "invalid": 5,
            "errors": 6,
            "warnings": 1,
            "infos": 1,
        },
        "files": [
            {
                "path": "data/train.jsonl",
                "format": "chat",
                "format_source": "auto",
                "examples": 9,
                "valid": 8,
                "invalid": 1,
                "errors": 2,
                "warnings": 1,
                "infos": 1,
                "omitted": 0,
                "stats": {
                    "lines": 10,
                    "bytes": 1234,
                    "blank": 1,
                    "examples": 9,
                    "invalid": 1,
                    "messages": 20,
                    "min_messages": 2,
                    "max_messages": 3,
                },
            },
            {
                "path": "data/other.jsonl",
                "format": None,
                "format_source": "option",
                "examples": 2345,
                "valid": 2341,
                "invalid": 4,
                "errors": 4,
                "warnings": 0,
                "infos": 0,
                "omitted": 3,
                "stats": {
                    "lines": 2345,
                    "bytes": 99999,
                    "blank": 0,
                    "examples": 2345,
                    "invalid": 4,
                    "messages": 4682,
                    "min_messages": 1,
                    "max_messages": 7,
                },
            },
        ],
    }
    assert [{k: f.get(k) for k in FINDING_KEYS} for f in findings] == EXPECTED_FINDINGS


def test_json_finding_keys_are_exactly_the_documented_ones():
    doc = render_json(Report(files=(TRAIN_REPORT,)))
    for finding in doc["findings"]:
        assert set(finding) == FINDING_KEYS


def test_json_is_one_document_ending_in_newline():
    chunks = list(json_report.render(Report(files=(TRAIN_REPORT,)), ReportOptions()))
    out = "".join(chunks)
    assert out.endswith("}\n")
    # Exactly one JSON value: decoding the whole output consumes it all.
    value, end = json.JSONDecoder().raw_decode(out)
    assert out[end:].strip() == ""
    assert isinstance(value, dict)


@pytest.mark.parametrize("quiet", [False, True])
def test_json_ignores_color_and_quiet(quiet):
    report = Report(files=(TRAIN_REPORT, OTHER_REPORT))
    plain = "".join(json_report.render(report, ReportOptions()))
    other = "".join(json_report.render(report, ReportOptions(color=True, quiet=quiet)))
    assert "\x1b" not in other
    assert other == plain


@pytest.mark.parametrize("n", [0, 1, 16, 17, 40])
def test_json_in_chunks_is_the_document_pretty_printed(n, monkeypatch):
    """The findings go out a batch at a time (memory), yet the text is the whole document
    formatted at once, byte for byte, whatever the number of findings."""
    base = TRAIN_REPORT.findings[-1]
    findings = tuple(
        msgspec.structs.replace(base, line=i + 1, message=f'm{i} "quoted"\n') for i in range(n)
    )
    file = msgspec.structs.replace(TRAIN_REPORT, findings=findings, errors=n, warnings=0, infos=0)
    report = Report(files=(file,))
    monkeypatch.setattr(chunked, "BATCH", 16)  # so that a few findings cross its edges
    chunks = list(json_report.render(report, ReportOptions()))
    whole = msgspec.json.format(msgspec.json.encode(json_report.document(report)), indent=2)
    assert "".join(chunks) == whole.decode() + "\n"
    assert len(chunks) == 1 + -(-n // 16)  # a chunk per batch, then the end


def test_json_empty_report():
    doc = render_json(Report(files=()))
    assert doc["files"] == [] and doc["findings"] == []
    assert doc["summary"]["files"] == 0
    assert doc["summary"]["errors"] == 0


def test_findings_keep_the_issue_contract() -> None:
    """The JSON outputs encode every Finding field; the issue's eight must stay among them."""
    contract = {"path", "line", "column", "json_path", "code", "severity", "message", "hint"}
    assert contract <= FINDING_KEYS
