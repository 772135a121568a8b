"""Hand-built reports shared by the reporter tests: no files, no CLI, exact values."""

from __future__ import annotations

from ftlint import FileReport, Finding, Severity, Stats

TRAIN = "data/train.jsonl"
OTHER = "data/other.jsonl"

F001 = Finding(
    path=TRAIN,
    line=None,
    column=None,
    json_path=None,
    code="F001",
    severity=Severity.ERROR,
    message="file has 9 examples; OpenAI needs at least 10",
    hint="add examples",
)
J005 = Finding(
    path=TRAIN,
    line=2,
    column=None,
    json_path=None,
    code="J005",
    severity=Severity.INFO,
    message="3 of 9 lines end with CRLF (Windows line endings)",
)
S005 = Finding(
    path=TRAIN,
    line=3,
    column=22,
    json_path="$.messages[1].role",
    code="S005",
    severity=Severity.ERROR,
    message='invalid role "human"',
    hint="OpenAI calls this role `user`",
    offset=412,
)
J003 = Finding(
    path=TRAIN,
    line=7,
    column=1,
    json_path=None,
    code="J003",
    severity=Severity.WARNING,
    message="empty line: not an example",
)
J002 = Finding(
    path=OTHER,
    line=1,
    column=1,
    json_path="$",
    code="J002",
    severity=Severity.ERROR,
    message="line is an array of 2 items, not a JSON object",
    hint="every line must be one JSON object",
)

TRAIN_STATS = Stats(
    lines=10,
    bytes=1234,
    blank=1,
    examples=9,
    invalid=1,
    messages=20,
    min_messages=2,
    max_messages=3,
)
OTHER_STATS = Stats(
    lines=2345,
    bytes=99999,
    blank=0,
    examples=2345,
    invalid=4,
    messages=4682,
    min_messages=1,
    max_messages=7,
)

TRAIN_REPORT = FileReport(
    path=TRAIN,
    format="chat",
    format_source="auto",
    stats=TRAIN_STATS,
    findings=(F001, J005, S005, J003),
    errors=2,
    warnings=1,
    infos=1,
)
# Three of its four errors were not kept (as with --max-findings 1).
OTHER_REPORT = FileReport(
    path=OTHER,
    format=None,
    format_source="option",
    stats=OTHER_STATS,
    findings=(J002,),
    errors=4,
    warnings=0,
    infos=0,
)
