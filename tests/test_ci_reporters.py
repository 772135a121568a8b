"""The CI reporters (github, sarif, gitlab, markdown, jsonl, junit), fed hand-built reports."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import msgspec
import pytest

import ftlint
from ftlint import FileReport, Finding, Report, Severity, Stats
from ftlint.reporters import MACHINE_FORMATS, REPORTERS, ReportOptions
from ftlint.reporters import github as github_report
from ftlint.reporters import gitlab as gitlab_report
from ftlint.reporters import jsonl as jsonl_report
from ftlint.reporters import junit as junit_report
from ftlint.reporters import markdown as markdown_report
from ftlint.reporters import sarif as sarif_report
from ftlint.reporters.common import fingerprints, relative_to_cwd, repo_path
from ftlint.rules import REGISTRY, ordered

# OASIS's SARIF 2.1.0 JSON schema (errata 01), kept here so that every clone validates SARIF.
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

from sample_reports import (  # noqa: E402
    J002,
    J003,
    J005,
    OTHER,
    OTHER_REPORT,
    S005,
    TRAIN,
    TRAIN_REPORT,
)  # fmt: skip

CLEAN_REPORT = FileReport(
    path="data/clean.jsonl",
    format="preference",
    format_source="option",
    stats=Stats(lines=12, bytes=900, examples=12, messages=12, min_messages=1, max_messages=1),
    findings=(),
    errors=0,
    warnings=0,
    infos=0,
)
TWO = Report(files=(TRAIN_REPORT, OTHER_REPORT))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty directory: the report's paths name no real file there."""
    monkeypatch.chdir(tmp_path)


def render(name: str, report: Report, **options: bool) -> str:
    return "".join(REPORTERS[name].render(report, ReportOptions(**options)))


def one_file(*findings: Finding, path: str = TRAIN) -> Report:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    infos = sum(f.severity is Severity.INFO for f in findings)
    stats = Stats(lines=40, bytes=4000, examples=40, invalid=errors)
    file = FileReport(
        path=path,
        format="chat",
        format_source="auto",
        stats=stats,
        findings=tuple(findings),
        errors=errors,
        warnings=warnings,
        infos=infos,
    )
    return Report(files=(file,))


def finding(code: str = "S005", line: int | None = 3, **changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "path": TRAIN,
        "line": line,
        "column": 5 if line is not None else None,
        "json_path": "$.messages[0].role",
        "code": code,
        "severity": Severity.ERROR,
        "message": "bad",
    }
    fields.update(changes)
    return Finding(**fields)


def expected_fingerprint(*parts: str) -> str:
    """The documented recipe, computed independently of ftlint."""
    return hashlib.sha256("\x00".join(["v1", *parts]).encode()).hexdigest()[:32]


# -- the registry -----------------------------------------------------------------------


def test_every_format_is_registered_and_machine_formats_are_the_documented_ones():
    assert set(REPORTERS) == {"text", "json", "jsonl", "github", "sarif", "gitlab", "junit",
                              "markdown"}  # fmt: skip
    assert {"json", "jsonl", "sarif", "gitlab", "junit", "github"} == MACHINE_FORMATS
    assert REPORTERS["jsonl"].finding is not None
    assert all(REPORTERS[n].finding is None for n in REPORTERS if n != "jsonl")


@pytest.mark.parametrize("name", ["github", "sarif", "gitlab", "junit", "markdown", "jsonl"])
def test_ci_formats_ignore_color(name):
    plain = render(name, TWO)
    assert render(name, TWO, color=True) == plain
    assert "\x1b" not in plain


# -- paths ------------------------------------------------------------------------------


def test_repo_path_is_relative_posix_below_cwd_and_absolute_outside(tmp_path):
    cwd = str(tmp_path)
    assert repo_path("data/train.jsonl", cwd) == "data/train.jsonl"
    assert repo_path("./data/../data/train.jsonl", cwd) == "data/train.jsonl"
    assert repo_path(str(tmp_path / "data" / "x.jsonl"), cwd) == "data/x.jsonl"
    outside = tmp_path.parent / "elsewhere.jsonl"
    assert relative_to_cwd(str(outside), cwd) == (outside.as_posix(), False)
    assert relative_to_cwd("../elsewhere.jsonl", cwd) == (outside.as_posix(), False)
    assert relative_to_cwd("-", cwd) == ("-", True)


def test_repo_path_sees_through_a_symlinked_cwd(tmp_path):
    real = tmp_path / "real"
    (real / "data").mkdir(parents=True)
    link = tmp_path / "link"
    link.symlink_to(real)
    assert repo_path(str(real / "data" / "t.jsonl"), str(link)) == "data/t.jsonl"


# -- fingerprints -----------------------------------------------------------------------


def _findings_for(path: Path, bad: bytes, code: str = "S005") -> list[Finding]:
    """An S005 finding for every line of ``path`` equal to ``bad``, with real offsets."""
    found, offset = [], 0
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if raw.rstrip(b"\r\n") == bad:
                found.append(finding(code, lineno, path=str(path), offset=offset))
            offset += len(raw)
    return found


def test_fingerprint_ignores_the_line_number_but_not_the_line_content(tmp_path):
    data = tmp_path / "t.jsonl"
    data.write_bytes(b'{"a": 1}\n{"bad": 1}\n')
    before = fingerprints(_findings_for(data, b'{"bad": 1}'))
    data.write_bytes(b'{"new": 0}\n{"new": 0}\n{"a": 1}\n{"bad": 1}\n')
    after_insert = _findings_for(data, b'{"bad": 1}')
    assert after_insert[0].line == 4
    assert fingerprints(after_insert) == before
    data.write_bytes(b'{"a": 1}\n{"bad": 2}\n')
    assert fingerprints(_findings_for(data, b'{"bad": 2}')) != before


def test_fingerprint_follows_the_documented_recipe(tmp_path):
    data = tmp_path / "t.jsonl"
    data.write_bytes(b'{"a": 1}\r\n{"bad": 1}\r\n')
    (found,) = _findings_for(data, b'{"bad": 1}')
    line_hash = hashlib.sha1(b'{"bad": 1}').hexdigest()  # CRLF is not part of the content
    assert fingerprints([found]) == [
        expected_fingerprint("t.jsonl", "S005", "$.messages[0].role", "content", line_hash)
    ]


def test_fingerprints_of_identical_lines_are_unique(tmp_path):
    data = tmp_path / "t.jsonl"
    data.write_bytes(b'{"bad": 1}\n{"ok": 1}\n{"bad": 1}\n{"bad": 1}\n')
    found = _findings_for(data, b'{"bad": 1}')
    prints = fingerprints(found)
    assert len(found) == 3 and len(set(prints)) == 3
    # The first occurrence keeps the plain recipe; later ones mix in their number.
    assert prints[0] == fingerprints(found[:1])[0]


def test_fingerprint_without_readable_content_falls_back_to_line_and_message(tmp_path):
    data = tmp_path / "t.jsonl.gz"
    data.write_bytes(gzip.compress(b'{"bad": 1}\n'))
    for path in ("-", str(data), "data/missing.jsonl"):
        one = finding(path=path, offset=0)
        rel = repo_path(path)
        assert fingerprints([one]) == [
            expected_fingerprint(rel, "S005", "$.messages[0].role", "line", "3", "bad")
        ]
    # A finding without an offset falls back too.
    assert fingerprints([finding()]) == [
        expected_fingerprint(TRAIN, "S005", "$.messages[0].role", "line", "3", "bad")
    ]


def test_file_level_fingerprint_ignores_the_message(tmp_path):
    a = finding("F001", None, json_path=None, message="file has 3 examples")
    b = finding("F001", None, json_path=None, message="file has 4 examples")
    assert (
        fingerprints([a]) == fingerprints([b]) == [expected_fingerprint(TRAIN, "F001", "", "file")]
    )


def test_fingerprint_reads_lines_longer_than_a_chunk(tmp_path):
    data = tmp_path / "t.jsonl"
    long_line = b'{"x": "' + b"y" * 200_000 + b'\r"}'
    data.write_bytes(b"{}\n" + long_line + b"\r\n{}\n")
    found = finding(path=str(data), line=2, offset=3)
    line_hash = hashlib.sha1(long_line).hexdigest()
    assert fingerprints([found]) == [
        expected_fingerprint("t.jsonl", "S005", "$.messages[0].role", "content", line_hash)
    ]


def test_the_findings_of_one_line_read_it_once(tmp_path, monkeypatch):
    """Many findings on one long line hash it once, not once each (a 6 MB line with 183
    findings took SARIF two seconds), and each still gets its own fingerprint."""
    from ftlint.reporters import common

    data = tmp_path / "t.jsonl"
    data.write_bytes(b"{}\n" + b'{"x": "' + b"y" * 100_000 + b'"}\n{}\n')
    hashed = []
    real = common.LineReader._hash
    monkeypatch.setattr(common.LineReader, "_hash", lambda *a: hashed.append(a[1:]) or real(*a))
    at = [(1, 0), *[(2, 3)] * 50, (3, 100_013)]
    found = [
        finding(path=str(data), line=n, offset=o, json_path=f"$.k{i}")
        for i, (n, o) in enumerate(at)
    ]
    assert len(set(fingerprints(found))) == 52
    assert hashed == [(str(data), offset) for offset in (0, 3, 100_013)]


# -- github -----------------------------------------------------------------------------


def unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        .replace("%25", "%")
    )  # fmt: skip


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse a workflow command the way the runner does: ::cmd k=v,k=v::data."""
    assert line.startswith("::")
    head, sep, data = line[2:].partition("::")
    assert sep
    command, _, props = head.partition(" ")
    properties = {}
    for item in filter(None, props.split(",")):
        key, eq, value = item.partition("=")
        assert eq, item
        properties[key] = unescape(value)
    return command, properties, unescape(data)


def test_github_golden():
    out = render("github", Report(files=(TRAIN_REPORT,)))
    assert out.splitlines() == [
        # Errors first (in report order, one per rule), then warnings, then info.
        "::error file=data/train.jsonl,title=F001::data/train.jsonl: F001 [error]"
        " file has 9 examples; OpenAI needs at least 10 (hint: add examples)",
        "::error file=data/train.jsonl,line=3,col=22,title=S005::data/train.jsonl:3:22: S005"
        ' [error] invalid role "human" at $.messages[1].role (hint: OpenAI calls this role `user`)',
        "::warning file=data/train.jsonl,line=7,col=1,title=J003::data/train.jsonl:7:1: J003"
        " [warning] empty line: not an example",
        "::notice file=data/train.jsonl,line=2,title=J005::data/train.jsonl:2: J005 [info]"
        " 3 of 9 lines end with CRLF (Windows line endings)",
        "ftlint: 2 errors, 1 warning, 1 info in 1 file",
    ]


def test_github_two_files_with_omitted_findings():
    out = render("github", TWO).splitlines()
    assert [parse_command(line)[1].get("title") for line in out[:-2]] == [
        "F001", "S005", "J002", "J003", "J005",
    ]  # fmt: skip
    # The report says what --max-findings cut (issue 18, item 7).
    assert out[-2].startswith("::warning title=ftlint::data/other.jsonl: 3 more findings not kept")
    assert out[-1] == "ftlint: 6 errors, 1 warning, 1 info in 2 files; 3 not kept (--max-findings)"


def test_github_quiet_drops_the_count_line():
    out = render("github", TWO, quiet=True).splitlines()
    assert out[-2].startswith("::notice ") and out[-1].startswith("::warning title=ftlint::")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("data/a,b:c%d.jsonl", "100% sure: a, b\nsecond line\r\nthird"),
        ("we\nird\r.jsonl", "%0A is not a newline, %25 is not a percent"),
        ("C:\\data\\x.jsonl", "colons: in: the: message, commas, too"),
    ],
)
def test_github_escapes_paths_and_messages(path, message):
    item = finding(path=path, message=message, json_path=None)
    out = render("github", one_file(item, path=path))
    first = out.splitlines()[0]
    # Nothing the runner would split on survives unescaped.
    head, _, data = first[2:].partition("::")
    props = head.partition(" ")[2]
    assert all(ch not in props.replace("file=", "").replace("line=", "") for ch in "\r\n")
    assert "\n" not in data and "\r" not in data
    for item_text in props.split(","):
        assert ":" not in item_text
    command, properties, text = parse_command(first)
    assert command == "error"
    assert properties == {"file": repo_path(path), "line": "3", "col": "5", "title": "S005"}
    assert text == f"{path}:3:5: S005 [error] {message}"


def test_github_escaping_exact():
    assert github_report.escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert github_report.escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    # % first: an escape sequence in the input is not mistaken for one of ours.
    assert github_report.escape_property("%3A") == "%253A"


def test_github_stdin_has_no_file_property():
    line = render("github", one_file(finding(path="-"), path="-")).splitlines()[0]
    assert line.startswith("::error line=3,col=5,title=S005::-:3:5: S005")


def test_github_orders_by_usefulness_and_caps_annotations_per_level():
    findings = [finding("S005", n) for n in range(1, 26)]  # 25 errors of one rule
    findings += [finding("J001", 30 + n) for n in range(3)]  # 3 errors of another
    findings += [finding("J004", 40 + n, severity=Severity.INFO) for n in range(12)]
    findings += [finding("J003", 60 + n, severity=Severity.WARNING) for n in range(2)]
    findings.sort(key=Finding.sort_key)
    # --all-findings: without it, the repeats of a rule would be summed up (grouped).
    out = render("github", one_file(*findings), all_findings=True).splitlines()
    commands = [parse_command(line) for line in out if line.startswith("::")]
    annotations = [(c, p) for c, p, _ in commands if c in ("error", "warning", "notice")]
    errors = [(p["title"], int(p["line"])) for c, p in annotations if c == "error"]
    # Round-robin over rules: the first J001 comes second, not after 25 S005s.
    assert errors == [
        ("S005", 1), ("J001", 30), ("S005", 2), ("J001", 31), ("S005", 3), ("J001", 32),
        ("S005", 4), ("S005", 5), ("S005", 6), ("S005", 7),
    ]  # fmt: skip
    assert [c for c, _ in annotations[:10]] == ["error"] * 10
    assert [c for c, _ in annotations[10:12]] == ["warning"] * 2
    # 9 info notices, and the count line is the 10th notice, so GitHub shows it.
    notices = [p for c, p in annotations if c == "notice"]
    assert len(notices) == 10 and notices[-1] == {"title": "ftlint"}
    # Errors 11-28 and info 10-12 are in a collapsed group as plain text, in report order.
    start, end = (
        out.index("::group::ftlint: 21 more findings (not annotated)"),
        out.index("::endgroup::"),
    )
    rest = out[start + 1 : end]
    assert len(rest) == 21 and not any(line.startswith("::") for line in rest)
    assert rest[0].startswith(f"{TRAIN}:8:5: S005 [error]")
    assert rest == sorted(rest, key=lambda s: int(s.split(":")[1]))
    assert out[-1] == (
        "::notice title=ftlint::ftlint: 28 errors, 2 warnings, 12 info in 1 file; 21 not"
        " annotated (GitHub shows 10 per type): see the log group and the job summary"
    )


def test_github_clean_report():
    out = render("github", Report(files=(CLEAN_REPORT,)))
    assert out == "ftlint: 0 errors, 0 warnings, 0 info in 1 file\n"


# -- step summary -----------------------------------------------------------------------


def test_step_summary_appends_utf8(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step output\n", encoding="utf-8")
    report = one_file(finding(message="rôle «humain» 🤖"))
    assert github_report.write_step_summary(report, str(summary)) is None
    assert github_report.write_step_summary(report, str(summary)) is None
    text = summary.read_bytes().decode("utf-8")
    assert text.startswith("## Earlier step output\n\n## ❌ ftlint: 1 error")
    assert text.count("rôle «humain» 🤖") == 2
    assert text.count("## ❌ ftlint:") == 2


def test_step_summary_is_truncated_well_under_one_mib(tmp_path):
    summary = tmp_path / "summary.md"
    # 4,000 rules of 5 findings each: few enough per rule to be listed, not grouped.
    big = [finding(f"Q{n % 4000:04d}", n, message="x" * 300) for n in range(1, 20_001)]
    report = one_file(*big)
    assert github_report.write_step_summary(report, str(summary)) is None
    size = summary.stat().st_size
    assert size <= github_report.SUMMARY_BUDGET < 1024 * 1024
    text = summary.read_text(encoding="utf-8")
    assert "of 20,000 findings shown" in text
    assert text.rstrip().endswith("Run `ftlint check -o json` for all.")
    assert text.count("<details>") == text.count("</details>") == 1


def test_step_summary_leaves_room_for_what_is_already_there(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * 600_000)
    report = one_file(*[finding("S005", n, message="y" * 300) for n in range(1, 5001)])
    assert github_report.write_step_summary(report, str(summary)) is None
    size = summary.stat().st_size
    assert size <= github_report.SUMMARY_LIMIT - github_report.SUMMARY_MARGIN
    assert summary.read_bytes().startswith(b"x" * 600_000 + b"\n## ")


def test_step_summary_that_is_already_full_is_left_alone(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * (1024 * 1024 - 1000))
    problem = github_report.write_step_summary(one_file(finding()), str(summary))
    assert problem is not None and "1 MiB" in problem
    assert summary.stat().st_size == 1024 * 1024 - 1000


def test_step_summary_unwritable(tmp_path):
    problem = github_report.write_step_summary(one_file(finding()), str(tmp_path / "no" / "s.md"))
    assert problem is not None and problem.startswith(str(tmp_path / "no" / "s.md"))


# -- markdown ---------------------------------------------------------------------------


def test_markdown_golden():
    out = render("markdown", Report(files=(TRAIN_REPORT, OTHER_REPORT, CLEAN_REPORT)))
    assert out == (
        "## ❌ ftlint: 6 errors, 1 warning, 1 info in 3 files\n"
        "\n"
        "| File | Format | Lines | Examples | Valid | Invalid | Errors | Warnings | Info |\n"
        "|---|---|--:|--:|--:|--:|--:|--:|--:|\n"
        "| data/train.jsonl | chat | 10 | 9 | 8 | 1 | 2 | 1 | 1 |\n"
        "| data/other.jsonl | unknown | 2,345 | 2,345 | 2,341 | 4 | 4 | 0 | 0 |\n"
        "| data/clean.jsonl | preference (--format) | 12 | 12 | 12 | 0 | 0 | 0 | 0 |\n"
        "| **Total** | | 2,367 | 2,366 | 2,361 | 5 | 6 | 1 | 1 |\n"
        "\n"
        "2,367 lines (1 blank), 102,133 bytes; 4,714 messages in valid examples"
        " (1 to 7 per example).\n"
        "\n"
        "### Findings by rule\n"
        "\n"
        "| Code | Name | Severity | Findings |\n"
        "|---|---|---|--:|\n"
        "| F001 | too-few-examples | error | 1 |\n"
        "| J002 | not-an-object | error | 1 |\n"
        "| S005 | invalid-role | error | 1 |\n"
        "| J003 | blank-line | warning | 1 |\n"
        "| J005 | crlf-line-endings | info | 1 |\n"
        "\n"
        "### Findings\n"
        "\n"
        "| Location | Code | Severity | Message |\n"
        "|---|---|---|---|\n"
        "| data/train.jsonl | F001 | error | file has 9 examples; OpenAI needs at least 10"
        " (hint: add examples) |\n"
        "| data/train.jsonl:2 | J005 | info | 3 of 9 lines end with CRLF (Windows line endings) |\n"
        '| data/train.jsonl:3:22 | S005 | error | invalid role "human" at $.messages\\[1\\].role'
        " (hint: OpenAI calls this role \\`user\\`) |\n"
        "| data/train.jsonl:7:1 | J003 | warning | empty line: not an example |\n"
        "| data/other.jsonl:1:1 | J002 | error | line is an array of 2 items, not a JSON object"
        " (hint: every line must be one JSON object) |\n"
        "\n"
        "3 more findings not kept (--max-findings).\n"
    )


def test_markdown_clean_report():
    out = render("markdown", Report(files=(CLEAN_REPORT,)))
    assert out.startswith("## ✅ ftlint: 0 errors, 0 warnings, 0 info in 1 file\n")
    assert "### Findings" not in out
    assert "| **Total** |" not in out


def test_markdown_escapes_data_text():
    item = finding(path="a|b_c.jsonl", message="<script>x</script> | *bold* [l](u) `c`\nnext")
    out = render("markdown", one_file(item, path="a|b_c.jsonl"))
    row = out.splitlines()[-1]
    assert row == (
        "| a\\|b\\_c.jsonl:3:5 | S005 | error | \\<script\\>x\\</script\\> \\| \\*bold\\*"
        " \\[l\\](u) \\`c\\`<br>next at $.messages\\[0\\].role |"
    )
    # Unescaped, the row still has exactly 4 cells.
    assert row.replace("\\|", "").count("|") == 5


def test_markdown_folds_long_findings_tables():
    many = one_file(*[finding("S005", n) for n in range(1, 22)])
    out = render("markdown", many, all_findings=True)
    assert "<details><summary>21 findings</summary>" in out
    assert out.rstrip().endswith("</details>")
    few = one_file(*[finding("S005", n) for n in range(1, 21)])
    assert "<details>" not in render("markdown", few, all_findings=True)


@pytest.mark.parametrize("max_bytes", [3000, 10_000, 50_000])
def test_markdown_budget(max_bytes):
    report = one_file(*[finding("S005", n, message="m" * 100) for n in range(1, 1001)])
    out = markdown_report.document(report, max_bytes=max_bytes, group=False)
    assert len(out.encode()) <= max_bytes
    shown = out.count("| S005 | error |")
    assert 0 < shown < 1000
    assert f"{shown:,} of 1,000 findings shown" in out
    assert out.count("<details>") == out.count("</details>")


# -- sarif ------------------------------------------------------------------------------


def sarif_doc(report: Report) -> dict[str, Any]:
    return json.loads(render("sarif", report))


def validate_sarif(doc: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_validates_against_the_2_1_0_schema():
    validate_sarif(sarif_doc(TWO))
    validate_sarif(sarif_doc(Report(files=())))
    validate_sarif(sarif_doc(one_file(finding(path="/abs/out side.jsonl"), path="/x")))


def test_sarif_validator_catches_a_broken_log():
    """The schema check is not vacuous: a log without results' message fails it."""
    doc = sarif_doc(TWO)
    del doc["runs"][0]["results"][0]["message"]
    doc["runs"][0]["columnKind"] = "bytes"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert len(list(jsonschema.Draft4Validator(schema).iter_errors(doc))) == 2


def test_sarif_golden_run_and_results():
    doc = sarif_doc(TWO)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ftlint" and driver["version"] == ftlint.__version__
    assert run["columnKind"] == "unicodeCodePoints"
    index = {rule["id"]: i for i, rule in enumerate(driver["rules"])}
    loc = {"uri": "data/train.jsonl", "uriBaseId": "%SRCROOT%"}
    assert run["results"] == [
        {
            "ruleId": "F001",
            "ruleIndex": index["F001"],
            "level": "error",
            "message": {
                "text": "file has 9 examples; OpenAI needs at least 10 (hint: add examples)"
            },
            "locations": [
                {"physicalLocation": {"artifactLocation": loc, "region": {"startLine": 1}}}
            ],
            "partialFingerprints": {
                "ftlintFinding/v1": expected_fingerprint(TRAIN, "F001", "", "file")
            },
        },
        {
            "ruleId": "J005",
            "ruleIndex": index["J005"],
            "level": "note",
            "message": {"text": "3 of 9 lines end with CRLF (Windows line endings)"},
            "locations": [
                {"physicalLocation": {"artifactLocation": loc, "region": {"startLine": 2}}}
            ],
            "partialFingerprints": {
                "ftlintFinding/v1": expected_fingerprint(
                    TRAIN, "J005", "", "line", "2", J005.message
                )
            },
        },
        {
            "ruleId": "S005",
            "ruleIndex": index["S005"],
            "level": "error",
            "message": {
                "text": 'invalid role "human" at $.messages[1].role'
                " (hint: OpenAI calls this role `user`)"
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": loc,
                        "region": {"startLine": 3, "startColumn": 22},
                    }
                }
            ],
            "partialFingerprints": {
                # data/train.jsonl does not exist here: the line-number fallback.
                "ftlintFinding/v1": expected_fingerprint(
                    TRAIN, "S005", "$.messages[1].role", "line", "3", S005.message
                )
            },
            "properties": {"jsonPath": "$.messages[1].role"},
        },
        {
            "ruleId": "J003",
            "ruleIndex": index["J003"],
            "level": "warning",
            "message": {"text": "empty line: not an example"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": loc,
                        "region": {"startLine": 7, "startColumn": 1},
                    }
                }
            ],
            "partialFingerprints": {
                "ftlintFinding/v1": expected_fingerprint(
                    TRAIN, "J003", "", "line", "7", J003.message
                )
            },
        },
        {
            "ruleId": "J002",
            "ruleIndex": index["J002"],
            "level": "error",
            "message": {
                "text": "line is an array of 2 items, not a JSON object"
                " (hint: every line must be one JSON object)"
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "data/other.jsonl", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 1, "startColumn": 1},
                    }
                }
            ],
            "partialFingerprints": {
                "ftlintFinding/v1": expected_fingerprint(
                    OTHER, "J002", "$", "line", "1", J002.message
                )
            },
            "properties": {"jsonPath": "$"},
        },
    ]


def test_sarif_rules_come_from_the_registry():
    driver = sarif_doc(Report(files=()))["runs"][0]["tool"]["driver"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in ordered()]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor in rules:
        rule = REGISTRY[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert len(descriptor["fullDescription"]["text"]) <= 1000
        assert descriptor["help"]["text"] == rule.doc
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity.value]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 16 items, so that a few findings cross their edges."""
    from ftlint.reporters import chunked

    monkeypatch.setattr(chunked, "BATCH", 16)


def _findings_cut(n: int, cut: bool, last: str = "S005") -> Report:
    """``n`` findings (the last of rule ``last``); with ``cut``, 3 more errors counted but
    not kept, as --max-findings leaves them."""
    report = one_file(*(finding(last if i == n - 1 else "S005", line=i + 1) for i in range(n)))
    if cut:
        file = report.files[0]
        report = Report(files=(msgspec.structs.replace(file, errors=file.errors + 3),))
    return report


def _in_chunks(module: Any, report: Report) -> Any:
    """The format's chunked text, which must be its whole document formatted at once."""
    text = "".join(module.render(report, ReportOptions()))
    whole = msgspec.json.format(msgspec.json.encode(module.document(report)), indent=2)
    assert text == whole.decode() + "\n"
    return json.loads(text)


@pytest.mark.parametrize("n", [0, 1, 16, 17, 40])
@pytest.mark.parametrize("cut", [False, True])
def test_sarif_in_chunks_is_the_log_pretty_printed(n, cut, small_batches):
    """Results are made and encoded a batch at a time (memory), yet the text is the whole
    log formatted at once, byte for byte: with the invocations that follow the results
    when --max-findings cut some (``cut``), and an unknown code's rule among the driver's."""
    (run,) = _in_chunks(sarif_report, _findings_cut(n, cut, last="Z999"))["runs"]
    assert len(run["results"]) == n and ("invocations" in run) == cut
    assert ("Z999" in [rule["id"] for rule in run["tool"]["driver"]["rules"]]) == (n > 0)


@pytest.mark.parametrize("n", [0, 1, 16, 17, 40])
@pytest.mark.parametrize("cut", [False, True])
def test_gitlab_in_chunks_is_the_array_pretty_printed(n, cut, small_batches):
    """Issues are made and encoded a batch at a time, yet the text is the whole array
    formatted at once, byte for byte, with the --max-findings issue last (``cut``)."""
    issues = _in_chunks(gitlab_report, _findings_cut(n, cut))
    assert [issue["check_name"] for issue in issues[n:]] == ["ftlint-max-findings"] * cut


def test_paths_are_resolved_once_per_file_not_per_finding(monkeypatch):
    """A SARIF or GitLab report asks each finding's path, for its location and its
    fingerprint; resolving one costs a dozen system calls, so it is done once a file."""
    from ftlint.reporters import common

    calls = []
    real = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p: calls.append(p) or real(p))
    common._relative.cache_clear()
    report = one_file(*(finding(line=i + 1) for i in range(300)))
    for name in ("sarif", "gitlab"):
        render(name, report)
    assert 0 < len(calls) <= 4  # the file and the directory, at most twice


def test_sarif_unknown_code_gets_a_rule_entry():
    doc = sarif_doc(one_file(finding("Z999")))
    run = doc["runs"][0]
    (result,) = run["results"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "Z999"
    validate_sarif(doc)


def test_sarif_uris(tmp_path):
    inside = finding(path=str(tmp_path / "my data" / "50%.jsonl"))
    outside = finding(path=str(tmp_path.parent / "x y.jsonl"))
    doc = sarif_doc(one_file(inside, outside))
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]
    ]
    assert locations[0] == {"uri": "my%20data/50%25.jsonl", "uriBaseId": "%SRCROOT%"}
    assert locations[1] == {"uri": (tmp_path.parent / "x y.jsonl").as_uri()}
    assert locations[1]["uri"].startswith("file:///") and "x%20y.jsonl" in locations[1]["uri"]


def test_sarif_fingerprints_are_unique_and_stable_across_line_moves(tmp_path):
    data = tmp_path / "t.jsonl"
    data.write_bytes(b'{"bad": 1}\n{"bad": 1}\n')
    first = sarif_doc(one_file(*_findings_for(data, b'{"bad": 1}')))
    prints = [r["partialFingerprints"]["ftlintFinding/v1"] for r in first["runs"][0]["results"]]
    assert len(set(prints)) == 2
    data.write_bytes(b'{"ok": 1}\n{"bad": 1}\n{"bad": 1}\n')
    moved = sarif_doc(one_file(*_findings_for(data, b'{"bad": 1}')))
    results = moved["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [2, 3]
    assert [r["partialFingerprints"]["ftlintFinding/v1"] for r in results] == prints


# -- gitlab -----------------------------------------------------------------------------


def test_gitlab_golden():
    out = render("gitlab", Report(files=(TRAIN_REPORT,)))
    assert out.endswith("]\n")
    assert json.loads(out) == [
        {
            "description": "F001: file has 9 examples; OpenAI needs at least 10"
            " (hint: add examples)",
            "check_name": "F001",
            "fingerprint": expected_fingerprint(TRAIN, "F001", "", "file"),
            "severity": "major",
            "location": {"path": "data/train.jsonl", "lines": {"begin": 1}},
        },
        {
            "description": "J005: 3 of 9 lines end with CRLF (Windows line endings)",
            "check_name": "J005",
            "fingerprint": expected_fingerprint(TRAIN, "J005", "", "line", "2", J005.message),
            "severity": "info",
            "location": {"path": "data/train.jsonl", "lines": {"begin": 2}},
        },
        {
            "description": 'S005: invalid role "human" at $.messages[1].role'
            " (hint: OpenAI calls this role `user`)",
            "check_name": "S005",
            "fingerprint": expected_fingerprint(
                TRAIN, "S005", "$.messages[1].role", "line", "3", S005.message
            ),
            "severity": "major",
            "location": {"path": "data/train.jsonl", "lines": {"begin": 3}},
        },
        {
            "description": "J003: empty line: not an example",
            "check_name": "J003",
            "fingerprint": expected_fingerprint(TRAIN, "J003", "", "line", "7", J003.message),
            "severity": "minor",
            "location": {"path": "data/train.jsonl", "lines": {"begin": 7}},
        },
    ]


def test_gitlab_fingerprints_unique_for_identical_findings():
    same = [finding("S005", 3)] * 3 + [finding("S005", 3, path="./" + TRAIN)]
    doc = json.loads(render("gitlab", one_file(*same)))
    assert len({issue["fingerprint"] for issue in doc}) == 4
    assert {issue["location"]["path"] for issue in doc} == {TRAIN}


def test_gitlab_empty_report_is_an_empty_array_without_bom():
    out = render("gitlab", Report(files=()))
    assert out == "[]\n"
    assert not out.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_gitlab_absolute_path_below_cwd_becomes_relative(tmp_path):
    doc = json.loads(render("gitlab", one_file(finding(path=str(tmp_path / "d" / "t.jsonl")))))
    assert doc[0]["location"]["path"] == "d/t.jsonl"


# -- jsonl ------------------------------------------------------------------------------


def test_jsonl_one_finding_per_line_with_the_json_keys():
    reporter = REPORTERS["jsonl"]
    assert reporter.finding is not None
    lines = [reporter.finding(f) for f in TWO.findings()]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    json_doc = json.loads(render("json", TWO))
    assert [json.loads(line) for line in lines] == json_doc["findings"]
    assert lines[2] == (
        '{"path":"data/train.jsonl","line":3,"column":22,"json_path":"$.messages[1].role",'
        '"code":"S005","severity":"error","message":"invalid role \\"human\\"",'
        '"hint":"OpenAI calls this role `user`","offset":412}\n'
    )
    # Nothing follows the streamed findings.
    assert render("jsonl", TWO) == ""


def test_jsonl_message_with_newline_stays_on_one_line():
    line = jsonl_report.finding(finding(message="a\nb\u2028c"))
    assert line.count("\n") == 1
    assert json.loads(line)["message"] == "a\nb\u2028c"


# -- junit ------------------------------------------------------------------------------


def test_junit_golden():
    out = render("junit", Report(files=(TRAIN_REPORT, OTHER_REPORT, CLEAN_REPORT)))
    assert out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="ftlint" tests="3" failures="2" errors="0">\n'
        '  <testsuite name="ftlint" tests="3" failures="2" errors="0" skipped="0">\n'
        '    <testcase name="data/train.jsonl" classname="ftlint" file="data/train.jsonl">\n'
        '      <failure message="F001 file has 9 examples; OpenAI needs at least 10"'
        ' type="F001">data/train.jsonl: F001 [error] file has 9 examples; OpenAI needs at'
        " least 10 (hint: add examples)</failure>\n"
        '      <failure message="S005 invalid role &quot;human&quot;" type="S005">'
        'data/train.jsonl:3:22: S005 [error] invalid role "human" at'
        " $.messages[1].role (hint: OpenAI calls this role `user`)</failure>\n"
        "      <system-out>2 errors, 1 warning, 1 info\n"
        "data/train.jsonl:2: J005 [info] 3 of 9 lines end with CRLF (Windows line endings)\n"
        "data/train.jsonl:7:1: J003 [warning] empty line: not an example</system-out>\n"
        "    </testcase>\n"
        '    <testcase name="data/other.jsonl" classname="ftlint" file="data/other.jsonl">\n'
        '      <failure message="J002 line is an array of 2 items, not a JSON object"'
        ' type="J002">data/other.jsonl:1:1: J002 [error] line is an array of 2 items, not a'
        " JSON object (hint: every line must be one JSON object)</failure>\n"
        '      <failure message="3 more errors not kept (--max-findings)" type="ftlint" />\n'
        "      <system-out>4 errors, 0 warnings, 0 info\n"
        "3 more findings not kept (--max-findings)</system-out>\n"
        "    </testcase>\n"
        '    <testcase name="data/clean.jsonl" classname="ftlint" file="data/clean.jsonl" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junit_warnings_only_pass_with_system_out():
    warn = finding("J003", 7, severity=Severity.WARNING, message="empty line")
    root = ET.fromstring(render("junit", one_file(warn)).encode())
    assert root.get("failures") == "0"
    case = root.find("testsuite/testcase")
    assert case is not None and case.find("failure") is None
    text = case.findtext("system-out")
    assert text == f"{TRAIN}:7:5: J003 [warning] empty line at $.messages[0].role"


def test_junit_is_valid_xml_with_control_characters_and_markup():
    nasty = "ctl \x00\x01\x08\x0b\x0c\x1b\ud800\ufffe end <tag> & ]]> \"q\" 'a'"
    path = "d/<x>&\x07.jsonl"
    out = render("junit", one_file(finding(path=path, message=nasty), path=path))
    root = ET.fromstring(out.encode("utf-8"))  # expat rejects anything XML 1.0 forbids
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == "d/<x>&\\x07.jsonl"
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    expected = "ctl \\x00\\x01\\x08\\x0b\\x0c\\x1b\\ud800\\ufffe end <tag> & ]]> \"q\" 'a'"
    assert expected in failure.text
    assert expected in (failure.get("message") or "")


def test_junit_empty_report():
    root = ET.fromstring(render("junit", Report(files=())).encode())
    assert root.get("tests") == "0" and root.get("failures") == "0"


def test_reporters_do_not_touch_unrelated_files(tmp_path):
    render("sarif", TWO)
    render("gitlab", TWO)
    assert os.listdir(tmp_path) == []


def test_module_reporters_are_the_registered_ones():
    assert REPORTERS["github"].render is github_report.render
    assert REPORTERS["sarif"].render is sarif_report.render
    assert REPORTERS["gitlab"].render is gitlab_report.render
    assert REPORTERS["junit"].render is junit_report.render
    assert REPORTERS["markdown"].render is markdown_report.render
    assert REPORTERS["jsonl"].finding is jsonl_report.finding
