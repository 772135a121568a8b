"""``ftlint check -o github|sarif|gitlab|markdown|jsonl|junit`` through the CLI."""

from __future__ import annotations

import io
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import Result

import ftlint.cli
import ftlint.cli_output
import ftlint.parallel
from conftest import FINDING_KEYS
from ftlint import engine
from ftlint.reporters import MACHINE_FORMATS, REPORTERS
from test_ci_reporters import validate_sarif

ANSI = "\x1b["
BAD_ROLE = json.dumps(
    {"messages": [{"role": "human", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
)
# The same problem on a line with other content (so no duplicate-example rule fires).
BAD_ROLE_2 = json.dumps(
    {"messages": [{"role": "human", "content": "hey"}, {"role": "assistant", "content": "yo"}]}
)


def chat_line(i: int) -> str:
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": f"new {i}"},
                {"role": "assistant", "content": "a"},
            ]
        }
    )


# Every CLI test here says explicitly whether GitHub's summary file exists.
NO_SUMMARY = {"GITHUB_STEP_SUMMARY": None, "GITHUB_WORKFLOW": None}


def show(result: Result) -> str:
    return (
        f"exit code {result.exit_code}\n--- stdout ---\n{result.stdout}"
        f"--- stderr ---\n{result.stderr}"
    )


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_jsonl, valid_chat) -> Path:
    """A repository-like CWD holding data/bad.jsonl (two S005) and data/good.jsonl."""
    monkeypatch.chdir(tmp_path)
    write_jsonl("data/good.jsonl", valid_chat(10))
    return write_jsonl("data/bad.jsonl", [*valid_chat(10), BAD_ROLE, "", BAD_ROLE_2])


# -- GitHub -----------------------------------------------------------------------------


def test_github_output(run, data):
    result = run("check", "-o", "github", "data/bad.jsonl", env=NO_SUMMARY)
    assert result.exit_code == 1, show(result)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=data/bad.jsonl,line=11,col=24,title=S005::data/bad.jsonl:11:24: S005"
        ' [error] invalid role "human" at $.messages[0].role (hint: OpenAI calls this role `user`)'
    )
    assert lines[1].startswith("::error file=data/bad.jsonl,line=13,col=24,title=S005::")
    assert lines[2].startswith("::warning file=data/bad.jsonl,line=12,col=1,title=J003::")
    assert lines[-1] == "ftlint: 2 errors, 1 warning, 0 info in 1 file"


def test_github_is_the_default_inside_github_actions(run, data):
    result = run("check", "data/bad.jsonl", env={"GITHUB_ACTIONS": "true", **NO_SUMMARY})
    assert result.exit_code == 1, show(result)
    assert result.stdout.startswith("::error file=data/bad.jsonl,line=11,")


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_explicit_format_is_never_switched_inside_github_actions(run, data, fmt):
    result = run("check", "-o", fmt, "data/bad.jsonl", env={"GITHUB_ACTIONS": "true", **NO_SUMMARY})
    assert result.exit_code == 1, show(result)
    assert "::error" not in result.stdout
    if fmt != "text":
        json.loads(result.stdout)
    else:
        assert result.stdout.startswith("data/bad.jsonl:11:24: S005 [error]")


def test_no_switch_outside_github_actions_or_under_pre_commit(run, data):
    for env in ({"GITHUB_ACTIONS": "false"}, {"GITHUB_ACTIONS": "true", "PRE_COMMIT": "1"}):
        result = run("check", "data/bad.jsonl", env={**env, **NO_SUMMARY})
        assert result.stdout.startswith("data/bad.jsonl:11:24: S005 [error]"), show(result)


def test_github_appends_the_step_summary(run, data, tmp_path):
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run("check", "data/bad.jsonl", "data/good.jsonl", env=env)
    assert result.exit_code == 1, show(result)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier\n\n## ❌ ftlint: 2 errors, 1 warning, 0 info in 2 files\n")
    assert "| data/bad.jsonl:11:24 | S005 | error | invalid role" in text
    assert "| data/good.jsonl | chat | 10 | 10 | 10 | 0 | 0 | 0 | 0 |" in text
    # The summary is not printed to the log.
    assert "## " not in result.stdout


def test_step_summary_only_with_the_github_format(run, data, tmp_path):
    summary = tmp_path / "step_summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run("check", "-o", "sarif", "data/bad.jsonl", env=env)
    assert result.exit_code == 1, show(result)
    assert not summary.exists()


def test_step_summary_problem_is_a_warning_not_a_failure(run, data, tmp_path):
    env = {"GITHUB_STEP_SUMMARY": str(tmp_path / "missing-dir" / "summary.md")}
    result = run("check", "-o", "github", "data/good.jsonl", env=env)
    assert result.exit_code == 0, show(result)
    assert result.stderr.startswith("ftlint: warning: job summary: ")
    assert result.stderr.count("\n") == 1


def test_github_escapes_a_nasty_file_name(run, tmp_path, monkeypatch, write_jsonl, valid_chat):
    monkeypatch.chdir(tmp_path)
    write_jsonl("d/a,b:c%.jsonl", [*valid_chat(10), BAD_ROLE])
    result = run("check", "-o", "github", "d/a,b:c%.jsonl", env=NO_SUMMARY)
    assert result.stdout.startswith(
        "::error file=d/a%2Cb%3Ac%25.jsonl,line=11,col=24,title=S005::d/a,b:c%25.jsonl:11:24:"
    ), show(result)


# -- SARIF, GitLab, JUnit, Markdown -------------------------------------------------------


def test_sarif_output_validates_and_has_repo_relative_uris(run, data):
    result = run("check", "-o", "sarif", str(data.resolve()), "data/good.jsonl", env=NO_SUMMARY)
    assert result.exit_code == 1, show(result)
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["S005", "J003", "S005"]
    for r in results:
        location = r["locations"][0]["physicalLocation"]
        # The absolute path given on the command line is relative to the CWD here.
        assert location["artifactLocation"] == {"uri": "data/bad.jsonl", "uriBaseId": "%SRCROOT%"}
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 11,
        "startColumn": 24,
    }
    prints = [r["partialFingerprints"]["ftlintFinding/v1"] for r in results]
    assert len(set(prints)) == 3


def test_sarif_and_gitlab_fingerprints_unique_on_identical_lines(run, data, valid_chat):
    data.write_text("\n".join([*valid_chat(10), BAD_ROLE, BAD_ROLE]) + "\n", encoding="utf-8")
    sarif = json.loads(run("check", "-o", "sarif", "data/bad.jsonl", env=NO_SUMMARY).stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "S005"]
    assert len(results) == 2
    assert len({r["partialFingerprints"]["ftlintFinding/v1"] for r in results}) == 2
    gitlab = json.loads(run("check", "-o", "gitlab", "data/bad.jsonl", env=NO_SUMMARY).stdout)
    issues = [i for i in gitlab if i["check_name"] == "S005"]
    assert [i["fingerprint"] for i in issues] == [
        r["partialFingerprints"]["ftlintFinding/v1"] for r in results
    ]


def test_sarif_fingerprint_survives_inserting_lines(run, data):
    def fingerprints() -> list[tuple[str, int, str]]:
        doc = json.loads(run("check", "-o", "sarif", "data/bad.jsonl", env=NO_SUMMARY).stdout)
        return [
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["ftlintFinding/v1"],
            )
            for r in doc["runs"][0]["results"]
            if r["ruleId"] in ("S005", "J003")
        ]

    before = fingerprints()
    new = [chat_line(i) for i in range(3)]
    data.write_bytes(("\n".join([*new, data.read_text()])).encode())
    after = fingerprints()
    assert [line for _, line, _ in after] == [line + 3 for _, line, _ in before]
    assert [(code, fp) for code, _, fp in after] == [(code, fp) for code, _, fp in before]


def test_gitlab_output(run, data):
    result = run("check", "-o", "gitlab", "data/bad.jsonl", "data/good.jsonl", env=NO_SUMMARY)
    assert result.exit_code == 1, show(result)
    assert result.stdout_bytes.startswith(b"[\n")  # no BOM
    issues = json.loads(result.stdout)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("S005", "major", {"path": "data/bad.jsonl", "lines": {"begin": 11}}),
        ("J003", "minor", {"path": "data/bad.jsonl", "lines": {"begin": 12}}),
        ("S005", "major", {"path": "data/bad.jsonl", "lines": {"begin": 13}}),
    ]
    assert len({i["fingerprint"] for i in issues}) == 3


def test_junit_output(run, data):
    result = run("check", "-o", "junit", "data/bad.jsonl", "data/good.jsonl", env=NO_SUMMARY)
    assert result.exit_code == 1, show(result)
    root = ET.fromstring(result.stdout_bytes)
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["data/bad.jsonl", "data/good.jsonl"]
    failures = cases[0].findall("failure")
    assert len(failures) == 2  # one per error finding
    assert all(f.get("type") == (f.get("message") or "")[:4] for f in failures)
    assert (cases[0].findtext("system-out") or "").startswith("2 errors, 1 warning, 0 info")
    assert cases[1].find("failure") is None
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_markdown_output(run, data):
    result = run("check", "-o", "markdown", "data/bad.jsonl", env=NO_SUMMARY)
    assert result.exit_code == 1, show(result)
    assert result.stdout.startswith("## ❌ ftlint: 2 errors, 1 warning, 0 info in 1 file\n")
    assert "| data/bad.jsonl:13:24 | S005 | error | invalid role" in result.stdout


# -- JSON Lines -------------------------------------------------------------------------


def test_jsonl_output(run, data):
    result = run("check", "-o", "jsonl", "data/bad.jsonl", "data/good.jsonl", env=NO_SUMMARY)
    assert result.exit_code == 1, show(result)
    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [(o["line"], o["code"]) for o in objects] == [(11, "S005"), (12, "J003"), (13, "S005")]
    assert all(set(o) == FINDING_KEYS for o in objects)
    # The same findings as the JSON document.
    doc = json.loads(run("check", "-o", "json", "data/bad.jsonl", env=NO_SUMMARY).stdout)
    assert objects == doc["findings"]


def test_jsonl_respects_max_findings(run, data):
    result = run("check", "-o", "jsonl", "--max-findings", "1", "data/bad.jsonl", env=NO_SUMMARY)
    assert [json.loads(line)["line"] for line in result.stdout.splitlines()] == [11]


def test_jsonl_streams_findings_before_the_check_ends(run, data, monkeypatch):
    """A failure in the second file comes after the first file's findings were printed."""
    real = engine.check_source
    calls = []

    def check_then_interrupt(source, *args, **kwargs):
        calls.append(source)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ftlint.parallel, "check_source", check_then_interrupt)
    for fmt, streamed in (("jsonl", 3), ("json", 0)):
        calls.clear()
        result = run("check", "-o", fmt, "data/bad.jsonl", "data/good.jsonl", env=NO_SUMMARY)
        assert result.exit_code == 130, show(result)
        assert len(result.stdout.splitlines()) == streamed, show(result)


# -- all machine formats ----------------------------------------------------------------


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt", sorted(MACHINE_FORMATS))
def test_machine_formats_have_no_colour_and_no_progress(run, data, fmt, monkeypatch):
    result = run(
        "check", "--color", "always", "-o", fmt, "data/bad.jsonl",
        env={"FORCE_COLOR": "1", **NO_SUMMARY},
    )  # fmt: skip
    assert result.exit_code == 1, show(result)
    assert ANSI not in result.stdout
    assert result.stderr == ""
    # Not even on a terminal: machine formats never get a progress bar.
    monkeypatch.setattr(sys, "stderr", _TTY())
    for name in ("CI", "PRE_COMMIT"):  # set where CI runs this test
        monkeypatch.delenv(name, raising=False)
    assert ftlint.cli_output.show_progress(False, REPORTERS["text"].machine)
    assert not ftlint.cli_output.show_progress(False, REPORTERS[fmt].machine)


def test_help_lists_every_format(run):
    result = run("check", "--help")
    for fmt in ("github", "gitlab", "json", "jsonl", "junit", "markdown", "sarif", "text"):
        assert fmt in result.stdout
    assert "GITHUB_ACTIONS" in result.stdout
