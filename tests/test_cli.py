"""The ``ftlint`` command line, through click's CliRunner (and one real subprocess)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import Result

import ftlint
import ftlint.cli
import ftlint.parallel
from conftest import FINDING_KEYS
from ftlint.rules import REGISTRY

ANSI = re.compile(r"\x1b\[[0-9;]*m")
FINDING_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<code>[A-Z]\d{3}) "
    r"\[(?P<severity>error|warning|info)\] (?P<message>.+)$"
)

# A chat example whose first message has a role OpenAI does not accept (S005).
BAD_ROLE = json.dumps(
    {"messages": [{"role": "human", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
)


def show(result: Result) -> str:
    return (
        f"exit code {result.exit_code}\n--- stdout ---\n{result.stdout}"
        f"--- stderr ---\n{result.stderr}"
    )


def finding_lines(stdout: str) -> list[re.Match[str]]:
    return [m for m in map(FINDING_LINE.match, stdout.splitlines()) if m]


def summary_lines(stdout: str, path: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"{path}: ")]


# -- exit codes -------------------------------------------------------------------------


def test_valid_file_exits_0(run, write_jsonl, valid_chat):
    path = write_jsonl("good.jsonl", valid_chat(10))
    result = run("check", str(path))
    assert result.exit_code == 0, show(result)
    assert finding_lines(result.stdout) == []
    assert result.stderr == ""


def test_file_with_an_error_exits_1(run, write_jsonl, valid_chat):
    path = write_jsonl("bad.jsonl", [*valid_chat(10), BAD_ROLE])
    result = run("check", str(path))
    assert result.exit_code == 1, show(result)
    codes = [m["code"] for m in finding_lines(result.stdout)]
    assert codes == ["S005"], show(result)


def test_too_few_examples_alone_exits_1(run, write_jsonl, valid_chat):
    path = write_jsonl("few.jsonl", valid_chat(3))
    result = run("check", str(path))
    assert result.exit_code == 1, show(result)
    # A file-level finding has no line number: `path: F001 [error] ...`.
    assert any(line.startswith(f"{path}: F001 [error] ") for line in result.stdout.splitlines()), (
        show(result)
    )


def test_warnings_only_exit_0(run, write_jsonl, valid_chat):
    lines = valid_chat(10)
    path = write_jsonl("warn.jsonl", [*lines[:5], "", *lines[5:]])
    result = run("check", str(path))
    assert result.exit_code == 0, show(result)
    found = finding_lines(result.stdout)
    assert [(m["code"], m["severity"], m["line"]) for m in found] == [("J003", "warning", "6")]


def test_missing_path_exits_2_with_one_stderr_line(run, tmp_path):
    missing = tmp_path / "nope.jsonl"
    result = run("check", str(missing))
    assert result.exit_code == 2, show(result)
    err = result.stderr.splitlines()
    assert len(err) == 1, show(result)
    assert str(missing) in err[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_missing_path_next_to_a_good_file_still_exits_2(run, write_jsonl, valid_chat, tmp_path):
    good = write_jsonl("good.jsonl", valid_chat(10))
    result = run("check", str(good), str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2, show(result)
    assert len(result.stderr.splitlines()) == 1, show(result)


def test_broken_symlink_exits_2(run, tmp_path):
    link = tmp_path / "data.jsonl"
    link.symlink_to(tmp_path / "gone.jsonl")
    result = run("check", str(link))
    assert result.exit_code == 2, show(result)
    assert len(result.stderr.splitlines()) == 1, show(result)
    assert "Traceback" not in result.output


def test_unreadable_file_exits_2_with_one_line(run, write_jsonl, valid_chat, monkeypatch):
    path = write_jsonl("locked.jsonl", valid_chat(10))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ftlint.parallel, "check_source", refuse)
    result = run("check", str(path))
    assert result.exit_code == 2, show(result)
    err = result.stderr.splitlines()
    assert len(err) == 1 and "Permission denied" in err[0] and str(path) in err[0], show(result)
    assert "Traceback" not in result.output


def test_internal_error_exits_2_with_one_line_and_no_traceback(
    run, write_jsonl, valid_chat, monkeypatch
):
    path = write_jsonl("good.jsonl", valid_chat(10))

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ftlint.parallel, "check_source", explode)
    result = run("check", str(path))
    assert result.exit_code == 2, show(result)
    err = result.stderr.splitlines()
    assert len(err) == 1, show(result)
    assert "internal error" in err[0] and "boom" in err[0]
    assert "Traceback" not in result.output


def test_unknown_option_exits_2(run, write_jsonl, valid_chat):
    path = write_jsonl("good.jsonl", valid_chat(10))
    result = run("check", "--no-such-option", str(path))
    assert result.exit_code == 2, show(result)
    assert "--no-such-option" in result.stderr
    assert result.stdout == ""


def test_bad_format_choice_exits_2(run, write_jsonl, valid_chat):
    path = write_jsonl("good.jsonl", valid_chat(10))
    result = run("check", "--format", "sharegpt", str(path))
    assert result.exit_code == 2, show(result)


def test_no_paths_is_a_usage_error(run):
    result = run("check")
    assert result.exit_code == 2, show(result)


# -- version ----------------------------------------------------------------------------


def test_version_option(run):
    result = run("--version")
    assert result.exit_code == 0, show(result)
    assert ftlint.__version__ in result.stdout
    assert "ftlint" in result.stdout


def test_python_dash_m_version():
    proc = subprocess.run(
        [sys.executable, "-m", "ftlint", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert ftlint.__version__ in proc.stdout
    assert proc.stdout.startswith("ftlint")


# -- text output ------------------------------------------------------------------------


def test_text_finding_has_path_line_and_column(run, write_jsonl, valid_chat):
    path = write_jsonl("bad.jsonl", [*valid_chat(10), BAD_ROLE])
    result = run("check", str(path))
    found = finding_lines(result.stdout)
    assert len(found) == 1, show(result)
    m = found[0]
    assert m["path"] == str(path)
    assert int(m["line"]) == 11
    assert int(m["col"]) == BAD_ROLE.index('"human"') + 1
    assert m["code"] == "S005" and m["severity"] == "error"
    assert "$.messages[0].role" in m["message"]


def test_text_column_counts_code_points(run, write_jsonl, valid_chat):
    # Non-ASCII text before the bad value: the column counts characters, not bytes.
    line = json.dumps(
        {
            "messages": [
                {"role": "user", "content": "héllo ☃ 𝄞"},
                {"role": "robot", "content": "x"},
            ]
        },
        ensure_ascii=False,
    )
    path = write_jsonl("uni.jsonl", [*valid_chat(10), line])
    result = run("check", str(path))
    found = finding_lines(result.stdout)
    assert [(m["line"], m["code"]) for m in found] == [("11", "S005")], show(result)
    assert int(found[0]["col"]) == line.index('"robot"') + 1


def test_summary_line(run, write_jsonl, valid_chat):
    path = write_jsonl("mixed.jsonl", [*valid_chat(10), BAD_ROLE, BAD_ROLE, ""])
    result = run("check", str(path))
    assert result.exit_code == 1, show(result)
    summary = summary_lines(result.stdout, str(path))
    assert len(summary) == 1, show(result)
    text = summary[0]
    assert "chat" in text
    assert "12 examples" in text
    assert "10 valid" in text
    assert "2 invalid" in text
    assert "2 errors" in text
    assert "1 warning" in text
    # The summary comes after every finding.
    lines = result.stdout.splitlines()
    assert lines.index(text) > max(i for i, line in enumerate(lines) if FINDING_LINE.match(line))


def test_summary_says_format_from_option(run, write_jsonl, valid_chat):
    path = write_jsonl("good.jsonl", valid_chat(10))
    result = run("check", "--format", "chat", str(path))
    assert result.exit_code == 0, show(result)
    summary = summary_lines(result.stdout, str(path))
    assert len(summary) == 1 and "chat" in summary[0] and "10 examples" in summary[0]


def test_quiet_drops_summary_but_keeps_findings(run, write_jsonl, valid_chat):
    path = write_jsonl("bad.jsonl", [*valid_chat(10), BAD_ROLE])
    loud = run("check", str(path))
    quiet = run("check", "--quiet", str(path))
    assert quiet.exit_code == 1, show(quiet)
    assert summary_lines(loud.stdout, str(path)) != []
    assert summary_lines(quiet.stdout, str(path)) == []
    assert [m["code"] for m in finding_lines(quiet.stdout)] == ["S005"]
    assert quiet.stdout.splitlines() == [
        line for line in loud.stdout.splitlines() if FINDING_LINE.match(line)
    ]


# -- --max-findings ---------------------------------------------------------------------


@pytest.fixture
def five_errors(write_jsonl, valid_chat) -> Path:
    return write_jsonl("five.jsonl", [*valid_chat(10), *[BAD_ROLE] * 5])


def test_max_findings_caps_text_but_counts_all(run, five_errors):
    full = run("check", str(five_errors))
    assert len(finding_lines(full.stdout)) == 5, show(full)
    result = run("check", "--max-findings", "2", str(five_errors))
    assert result.exit_code == 1, show(result)
    found = finding_lines(result.stdout)
    assert [(m["line"], m["code"]) for m in found] == [("11", "S005"), ("12", "S005")]
    summary = summary_lines(result.stdout, str(five_errors))
    assert len(summary) == 1 and "5 errors" in summary[0] and "5 invalid" in summary[0]


def test_max_findings_caps_json_but_counts_all(run, five_errors):
    result = run("check", "-o", "json", "--max-findings", "2", str(five_errors))
    assert result.exit_code == 1, show(result)
    doc = json.loads(result.stdout)
    assert len(doc["findings"]) == 2
    assert doc["files"][0]["errors"] == 5
    assert doc["summary"]["errors"] == 5


def test_max_findings_zero_keeps_file_level_findings(run, write_jsonl):
    path = write_jsonl("few.jsonl", [BAD_ROLE] * 3)
    result = run("check", "--max-findings", "0", "-o", "json", str(path))
    doc = json.loads(result.stdout)
    assert [f["code"] for f in doc["findings"]] == ["F001"]
    assert doc["files"][0]["errors"] == 4


def test_max_findings_rejects_negative(run, five_errors):
    result = run("check", "--max-findings", "-1", str(five_errors))
    assert result.exit_code == 2, show(result)


# -- JSON output ------------------------------------------------------------------------


def test_json_output(run, write_jsonl, valid_chat):
    path = write_jsonl("bad.jsonl", [*valid_chat(10), BAD_ROLE])
    result = run("check", "-o", "json", str(path))
    assert result.exit_code == 1, show(result)
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert isinstance(doc, dict)
    assert isinstance(doc["version"], int)
    assert len(doc["findings"]) == 1
    finding = doc["findings"][0]
    assert set(finding) >= FINDING_KEYS
    assert finding["path"] == str(path)
    assert finding["line"] == 11
    assert finding["column"] == BAD_ROLE.index('"human"') + 1
    assert finding["json_path"] == "$.messages[0].role"
    assert finding["code"] == "S005"
    assert finding["severity"] == "error"
    assert finding["hint"]
    [file] = doc["files"]
    assert file["path"] == str(path)
    assert file["format"] == "chat"
    assert file["examples"] == 11
    assert file["valid"] == 10
    assert file["errors"] == 1
    assert file["warnings"] == 0


def test_json_file_level_finding_has_null_line(run, write_jsonl, valid_chat):
    path = write_jsonl("few.jsonl", valid_chat(2))
    result = run("check", "--output-format", "json", str(path))
    assert result.exit_code == 1, show(result)
    doc = json.loads(result.stdout)
    [finding] = doc["findings"]
    assert set(finding) >= FINDING_KEYS
    assert finding["code"] == "F001"
    assert finding["line"] is None


def test_json_finding_keys_are_exactly_the_documented_ones(run, write_jsonl, valid_chat):
    path = write_jsonl("bad.jsonl", [*valid_chat(3), BAD_ROLE])
    result = run("check", "-o", "json", str(path))
    doc = json.loads(result.stdout)
    assert {f["code"] for f in doc["findings"]} == {"F001", "S005"}
    for finding in doc["findings"]:
        assert set(finding) == FINDING_KEYS, finding


def test_json_valid_file(run, write_jsonl, valid_chat):
    path = write_jsonl("good.jsonl", valid_chat(10))
    result = run("check", "-o", "json", str(path))
    assert result.exit_code == 0, show(result)
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["findings"] == []
    assert [f["format"] for f in doc["files"]] == ["chat"]


# -- colour -----------------------------------------------------------------------------


@pytest.fixture
def bad_file(write_jsonl, valid_chat) -> Path:
    return write_jsonl("bad.jsonl", [*valid_chat(10), BAD_ROLE])


def test_color_always_adds_ansi(run, bad_file):
    result = run("check", "--color", "always", str(bad_file))
    assert result.exit_code == 1, show(result)
    assert ANSI.search(result.stdout), show(result)
    # Stripping the escapes leaves the plain output.
    plain = run("check", "--color", "never", str(bad_file))
    assert ANSI.sub("", result.stdout) == plain.stdout


def test_color_never_has_no_ansi(run, bad_file):
    result = run("check", "--color", "never", str(bad_file), env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_color_auto_not_a_tty_has_no_ansi(run, bad_file):
    result = run("check", str(bad_file))
    assert "\x1b[" not in result.stdout


def test_no_color_env_disables_color(run, bad_file):
    result = run("check", str(bad_file), env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    both = run("check", str(bad_file), env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in both.stdout


def test_force_color_env_with_auto(run, bad_file):
    result = run("check", "--color", "auto", str(bad_file), env={"FORCE_COLOR": "1"})
    assert ANSI.search(result.stdout), show(result)


def test_empty_no_color_does_not_disable(run, bad_file):
    # no-color.org: only a NO_COLOR that is present *and not empty* disables colour.
    result = run("check", str(bad_file), env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert ANSI.search(result.stdout), show(result)


def test_json_never_colored(run, bad_file):
    result = run(
        "check", "-o", "json", "--color", "always", str(bad_file), env={"FORCE_COLOR": "1"}
    )
    assert "\x1b" not in result.stdout
    doc = json.loads(result.stdout)
    assert doc["findings"][0]["code"] == "S005"


# -- inputs -----------------------------------------------------------------------------


def test_stdin(run, valid_chat):
    data = ("\n".join([*valid_chat(10), BAD_ROLE]) + "\n").encode()
    result = run("check", "--format", "chat", "-", input=data)
    assert result.exit_code == 1, show(result)
    found = finding_lines(result.stdout)
    assert [(m["path"], m["line"], m["code"]) for m in found] == [("-", "11", "S005")]
    summary = summary_lines(result.stdout, "-")
    assert len(summary) == 1 and "11 examples" in summary[0] and "chat" in summary[0]


def test_stdin_valid_exits_0(run, valid_chat):
    data = ("\n".join(valid_chat(12)) + "\n").encode()
    result = run("check", "--format", "chat", "-", input=data)
    assert result.exit_code == 0, show(result)
    assert "12 examples" in summary_lines(result.stdout, "-")[0]


def test_directory_is_walked_in_sorted_order(run, tmp_path, write_jsonl, valid_chat):
    root = tmp_path / "data"
    good = valid_chat(10)
    write_jsonl("data/b.jsonl", good)
    write_jsonl("data/a/y.ndjson", good)
    write_jsonl("data/a/x.jsonl", good)
    write_jsonl("data/c/d/z.jsonl", [*good, BAD_ROLE])
    with gzip.open(root / "c" / "w.jsonl.gz", "wb") as gz:
        gz.write(("\n".join(good) + "\n").encode())
    # Ignored: hidden directories and files that are not JSONL.
    write_jsonl("data/.cache/h.jsonl", [BAD_ROLE])
    write_jsonl("data/a/.git/objects/o.jsonl", [BAD_ROLE])
    (root / "notes.txt").write_text("not data\n")
    (root / "data.json").write_text("{}\n")

    result = run("check", "-o", "json", str(root))
    assert result.exit_code == 1, show(result)
    doc = json.loads(result.stdout)
    expected = [
        f"{root}/a/x.jsonl",
        f"{root}/a/y.ndjson",
        f"{root}/b.jsonl",
        f"{root}/c/d/z.jsonl",
        f"{root}/c/w.jsonl.gz",
    ]
    assert [f["path"] for f in doc["files"]] == expected
    assert [(f["path"], f["line"], f["code"]) for f in doc["findings"]] == [
        (f"{root}/c/d/z.jsonl", 11, "S005")
    ]
    assert doc["summary"]["files"] == 5


def test_directory_text_summaries_in_sorted_order(run, tmp_path, write_jsonl, valid_chat):
    root = tmp_path / "d"
    for name in ("m.jsonl", "a.jsonl", "z.ndjson"):
        write_jsonl(f"d/{name}", valid_chat(10))
    result = run("check", str(root))
    assert result.exit_code == 0, show(result)
    paths = [
        line.split(": ", 1)[0] for line in result.stdout.splitlines() if line.startswith(str(root))
    ]
    assert paths == [f"{root}/a.jsonl", f"{root}/m.jsonl", f"{root}/z.ndjson"]


def test_gzip_file(run, tmp_path, valid_chat):
    path = tmp_path / "train.jsonl.gz"
    with gzip.open(path, "wb") as gz:
        gz.write(("\n".join([*valid_chat(10), BAD_ROLE]) + "\n").encode())
    result = run("check", str(path))
    assert result.exit_code == 1, show(result)
    found = finding_lines(result.stdout)
    assert [(m["line"], m["code"]) for m in found] == [("11", "S005")], show(result)
    assert "11 examples" in summary_lines(result.stdout, str(path))[0]


def test_truncated_gzip_is_a_read_error(run, tmp_path, valid_chat):
    path = tmp_path / "cut.jsonl.gz"
    blob = gzip.compress(("\n".join(valid_chat(200)) + "\n").encode())
    cut = blob[: len(blob) // 2]
    path.write_bytes(cut)
    # The complete lines a streaming gunzip can still recover from the damaged file.
    recoverable = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    assert 0 < recoverable < 200
    result = run("check", "-o", "json", str(path))
    assert "Traceback" not in result.output
    assert result.exit_code == 1, show(result)
    doc = json.loads(result.stdout)
    assert "J009" in [f["code"] for f in doc["findings"]]
    # The lines before the damage were still read and checked.
    assert doc["files"][0]["examples"] >= recoverable


def test_empty_directory_exits_2(run, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", str(empty))
    assert result.exit_code == 2, show(result)
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_directory_without_data_files_exits_2(run, tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "readme.txt").write_text("hello\n")
    (root / "x.json").write_text("{}\n")
    result = run("check", str(root))
    assert result.exit_code == 2, show(result)
    assert len(result.stderr.splitlines()) == 1


# -- rule documentation -----------------------------------------------------------------


def test_rule_command_prints_doc(run):
    result = run("rule", "S005")
    assert result.exit_code == 0, show(result)
    rule = REGISTRY["S005"]
    assert result.stdout.startswith("S005")
    assert rule.name in result.stdout
    assert rule.doc.splitlines()[0] in result.stdout


def test_rule_command_is_case_insensitive(run):
    result = run("rule", "s005")
    assert result.exit_code == 0, show(result)
    assert result.stdout.startswith("S005")


def test_unknown_rule_exits_2(run):
    result = run("rule", "XYZ")
    assert result.exit_code == 2, show(result)
    assert "XYZ" in result.stderr
    assert result.stdout == ""


def test_rules_lists_every_code(run):
    result = run("rules")
    assert result.exit_code == 0, show(result)
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert sorted(listed) == sorted(REGISTRY)
    assert len(REGISTRY) >= 20


def test_rule_of_the_converter_says_who_reports_it():
    from click.testing import CliRunner

    from ftlint.cli import main

    result = CliRunner().invoke(main, ["rule", "M003"])
    assert result.exit_code == 0, result.output
    header = result.output.split("\n\n")[0]
    assert "reported by ftlint convert only, never by check" in header
    assert "--target" not in header and "spec: ;" not in header
