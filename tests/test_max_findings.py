"""--max-findings keeps errors first, and every format says when it cut (issue 18, item 7).

The machine formats take the cap too (it keeps a CI artifact small: GitHub code scanning
takes at most 25,000 results a run), but a capped report never hides an error behind
warnings, and says inside itself how many findings it left out.
"""

from __future__ import annotations

import json

import pytest

# Eight lines with two warnings each (O001 and C008), then four with an error (S005).
WARN = json.dumps({"messages": [{"role": "user", "content": " "}, {"role": "user", "content": "b"},
                                {"role": "assistant", "content": "c"}]})  # fmt: skip
ERROR = json.dumps({"messages": [{"role": "human", "content": "a"},
                                 {"role": "assistant", "content": "b"}]})  # fmt: skip


@pytest.fixture
def data(write_jsonl):
    lines = [WARN.replace('"b"', f'"b{i}"').replace('"c"', f'"c{i}"') for i in range(8)]
    lines += [ERROR.replace('"a"', f'"a{i}"').replace('"b"', f'"d{i}"') for i in range(4)]
    return write_jsonl("data.jsonl", lines)


def test_github_annotates_the_errors_and_says_what_was_cut(run, data):
    result = run("check", "-o", "github", "--max-findings", "4", str(data))
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 4 and all("title=S005" in line for line in errors)
    assert "::warning title=ftlint::" in result.stdout
    assert "16 more findings not kept (--max-findings)" in result.stdout


def test_sarif_keeps_errors_and_notifies(run, data):
    result = run("check", "-o", "sarif", "--max-findings", "3", str(data))
    log = json.loads(result.stdout)
    [run_] = log["runs"]
    assert [r["ruleId"] for r in run_["results"]] == ["S005"] * 3
    [invocation] = run_["invocations"]
    assert invocation["executionSuccessful"] is True
    [notice] = invocation["toolExecutionNotifications"]
    assert notice["level"] == "warning"
    assert "17 more findings not kept (--max-findings)" in notice["message"]["text"]
    uncapped = json.loads(run("check", "-o", "sarif", str(data)).stdout)
    assert "invocations" not in uncapped["runs"][0]


def test_gitlab_keeps_errors_and_adds_one_issue_that_says_so(run, data):
    issues = json.loads(run("check", "-o", "gitlab", "--max-findings", "2", str(data)).stdout)
    assert [i["check_name"] for i in issues] == ["S005", "S005", "ftlint-max-findings"]
    assert issues[-1]["severity"] == "info"
    assert "18 more findings not kept" in issues[-1]["description"]
    assert len({i["fingerprint"] for i in issues}) == 3


@pytest.mark.parametrize("fmt", ["json", "jsonl", "junit", "text", "markdown"])
def test_every_format_keeps_errors_first_and_says_so(run, data, fmt):
    result = run("check", "-o", fmt, "--max-findings", "4", str(data))
    assert result.exit_code == 1
    text = result.stdout + result.stderr
    assert text.count("S005") >= 4 and "O001" not in text and "C008" not in text.split("S005")[0]
    assert "not kept" in text or "not shown" in text or '"omitted": 16' in text
    if fmt == "jsonl":
        codes = [json.loads(line)["code"] for line in result.stdout.splitlines()]
        assert codes == ["S005"] * 4
        assert "ftlint: warning:" in result.stderr


def test_findings_past_the_cap_get_no_position(tmp_path, monkeypatch):
    """Under --max-findings N, a finding that N earlier ones of its severity keep out of
    the report is only counted: its line is not scanned for its column (a Bedrock file
    checked as OpenAI data, three findings a line, took 1.4 s for 10,000 lines)."""
    import ftlint
    from ftlint import jsonpos

    data = tmp_path / "bad.jsonl"
    data.write_text("".join(ERROR.replace('"a"', f'"a{i}"') + "\n" for i in range(500)))
    located = []
    real = jsonpos.Locator.locate
    monkeypatch.setattr(
        jsonpos.Locator, "locate", lambda self, *a: located.append(a) or real(self, *a)
    )
    (file,) = ftlint.check_file(str(data), max_findings=5).files
    assert len(file.findings) == 5 and file.errors == 500 and file.omitted == 495
    assert [f.line for f in file.findings] == [1, 2, 3, 4, 5]
    assert all(f.column is not None for f in file.findings)
    assert len(located) == 5
