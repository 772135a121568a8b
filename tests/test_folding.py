"""Findings a folding report only counts are made without their column and details.

`ftlint check`'s text, Markdown and GitHub output show the first few findings of each rule
in a file and count the rest (``reporters.common.grouped``); the CLI then asks the engine
for ``fold_after``, and the output must stay what it would be with every finding in full.
"""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ftlint
from ftlint.engine import Options
from ftlint.findings import RUNS_KEPT, LineRuns, Severity
from ftlint.parallel import check_sources
from ftlint.reader import discover
from ftlint.reporters import REPORTERS, ReportOptions
from ftlint.reporters.common import FOLD_ABOVE

SCHEMA = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}


def _line(i: int, calls_on_line: int = 0) -> str:
    """Tool calls whose arguments miss their schema (T012), one or two on a line, some on
    lines with other findings (a bad role: S005), so several rules fold."""
    arguments = ['{"n": "x"}', "{}"][: 1 + i % 2] if not calls_on_line else ["{}"] * calls_on_line
    calls = [
        {"id": f"c{i}_{j}", "type": "function", "function": {"name": "f", "arguments": args}}
        for j, args in enumerate(arguments)
    ]
    messages = [
        {"role": "user" if i % 3 else "human", "content": f"q{i}"},
        {"role": "assistant", "content": None, "tool_calls": calls},
        *({"role": "tool", "tool_call_id": c["id"], "content": "r"} for c in calls),
        {"role": "assistant", "content": "a"},
    ]
    tools = [{"type": "function", "function": {"name": "f", "parameters": SCHEMA}}]
    return json.dumps({"messages": messages, "tools": tools})


@pytest.fixture
def data(write_jsonl):
    # First, more findings of a rule on one line than the report shows: none is folded.
    return write_jsonl("data.jsonl", [_line(1, FOLD_ABOVE + 3), *(_line(i) for i in range(60))])


@pytest.mark.parametrize("name", [name for name, r in REPORTERS.items() if r.folds])
def test_a_folding_report_is_the_same_with_and_without_the_details(data, name):
    full = ftlint.check_file(str(data))
    folded = ftlint.check_file(str(data), fold_after=FOLD_ABOVE)
    options = ReportOptions()
    assert "".join(REPORTERS[name].render(folded, options)) == "".join(
        REPORTERS[name].render(full, options)
    )
    # The findings past the first ones of a rule are not kept, only counted with their
    # lines: the kept ones and those lines are the full report's, and they are on lines
    # after the kept ones of their rule.
    [file], [whole] = folded.files, full.files
    assert file.folded and {runs.code for runs in file.folded} == {"T012", "S005"}
    for runs in file.folded:
        every = [f.line for f in whole.findings if f.code == runs.code]
        kept = [f.line for f in file.findings if f.code == runs.code]
        assert len(kept) >= FOLD_ABOVE and len(kept) + runs.count == len(every)
        assert kept == every[: len(kept)]
        assert all(f.column is not None for f in file.findings if f.line is not None)
        rest = _runs_all(every[len(kept) :])
        assert runs.runs == rest[:RUNS_KEPT] and runs.more == (len(rest) > RUNS_KEPT)
        assert runs.lines == len(set(every[len(kept) :]))
    assert file.omitted == 0 and (file.errors, file.warnings) == (whole.errors, whole.warnings)


@pytest.mark.parametrize("name", [name for name, r in REPORTERS.items() if r.folds])
def test_byte_ranges_fold_as_a_serial_run_does(data, name):
    """--jobs: each range counts its own findings past the first ones, and the merge folds
    the kept ones of later ranges: the report, and what is held, are a serial run's."""
    sources, _ = discover([str(data)])
    options = Options(fold_after=FOLD_ABOVE)
    [serial] = check_sources(sources, options, jobs=1)
    [merged] = check_sources(sources, options, jobs=2, chunk_bytes=2048, min_bytes=0)
    assert isinstance(merged, ftlint.FileReport) and isinstance(serial, ftlint.FileReport)
    render = REPORTERS[name].render
    assert "".join(render(ftlint.Report(files=(merged,)), ReportOptions())) == "".join(
        render(ftlint.Report(files=(serial,)), ReportOptions())
    )
    assert merged.findings == serial.findings and merged.folded == serial.folded


def test_a_rule_on_every_line_is_held_as_a_count(write_jsonl, run):
    """Memory stays flat: a rule that fires on every line keeps its first findings only."""
    chat = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    examples = (
        {"messages": [*chat, {"role": "user", "content": f"{i}"}, chat[1]]} for i in range(400)
    )
    lines = [line for example in examples for line in (example, "")]
    path = write_jsonl("blank.jsonl", lines)
    report = ftlint.check_file(str(path), fold_after=FOLD_ABOVE)
    [file] = report.files
    assert sum(f.code == "J003" for f in file.findings) == FOLD_ABOVE
    [runs] = file.folded
    assert (runs.code, runs.count, runs.lines, runs.more) == ("J003", 390, 390, True)
    assert runs.runs == [[2 * i, 2 * i] for i in range(FOLD_ABOVE + 1, FOLD_ABOVE + 1 + RUNS_KEPT)]
    text = run("check", str(path)).stdout
    assert (
        "J003 [warning] 395 more findings of this rule, on lines 12, 14, 16, 18, 20, 22, 24,"
        " 26 and more" in text
    )
    assert "401 warnings" in text  # and F007, a file-level one


@pytest.mark.parametrize("name", [name for name, r in REPORTERS.items() if r.folds])
def test_late_findings_fold_as_the_others(write_jsonl, name):
    """Duplicates (F006) are found once the lines are read, in line order: past the first
    ones they are counted too, and the report is the one with every finding kept."""
    example = {
        "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    }
    path = write_jsonl("dups.jsonl", [example] * 40)
    full = ftlint.check_file(str(path))
    folded = ftlint.check_file(str(path), fold_after=FOLD_ABOVE)
    render = REPORTERS[name].render
    assert "".join(render(folded, ReportOptions())) == "".join(render(full, ReportOptions()))
    [runs] = folded.files[0].folded
    assert (runs.code, runs.count, runs.runs) == ("F006", 39 - FOLD_ABOVE, [[12, 40]])


@given(
    st.lists(st.integers(1, 60), max_size=80).map(sorted),
    st.lists(st.integers(0, 80), max_size=4).map(sorted),
)
@example([1, 2, 2, 3, 5, 5, 6], [3])  # a run extended, then its last line again
def test_line_runs_merge_as_one(lines, cuts):
    """Counting lines in pieces and extending, as the merge of byte ranges does, gives
    what counting them all at once gives."""
    whole = LineRuns(code="J003", severity=Severity.WARNING)
    for line in lines:
        whole.add(line)
    merged = LineRuns(code="J003", severity=Severity.WARNING)
    for a, b in itertools.pairwise([0, *cuts, len(lines)]):
        piece = lines[a:b]
        if not piece or (a and lines[a - 1] == piece[0]):
            merged = whole  # a byte range never splits a line: nothing to compare
            break
        base = piece[0] - 1  # the piece numbers its lines from 1, as a byte range does
        part = LineRuns(code="J003", severity=Severity.WARNING)
        for line in piece:
            part.add(line - base)
        merged.extend(part, base)
    assert merged == whole
    assert whole.count == len(lines) and whole.lines == len(set(lines))
    every = _runs_all(lines)
    assert whole.runs == every[:RUNS_KEPT] and whole.more == (len(every) > RUNS_KEPT)


def _runs_all(lines: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for line in lines:
        if runs and runs[-1][1] >= line - 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    return runs


def test_the_cli_folds_only_when_its_report_does(run, data):
    text = run("check", str(data)).stdout
    assert "more findings of this rule" in text
    assert "(details left out)" not in text
    every = run("check", "--all-findings", str(data)).stdout
    t012 = sum(f.code == "T012" for f in ftlint.check_file(str(data)).findings)
    assert "(details left out)" not in every and every.count(" T012 ") == t012 > FOLD_ABOVE
    as_json = json.loads(run("check", "-o", "json", str(data)).stdout)
    assert all(f["column"] is not None for f in as_json["findings"] if f["line"] is not None)


_CHAT = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}


@pytest.mark.parametrize(
    ("code", "first", "line", "asked"),
    [
        # A ShareGPT-style file: no line's format can be told (F003); the message names the
        # foreign format.
        (
            "F003",
            [],
            lambda i: {"conversations": [{"from": "human", "value": f"q{i}"}]},
            "foreign_format",
        ),
        # A chat file of prompt/completion lines (F002); the message names their format.
        ("F002", [_CHAT], lambda i: {"prompt": f"q{i}", "completion": "a"}, "detect"),
    ],
)
def test_a_line_in_another_format_builds_its_message_only_if_shown(
    write_jsonl, monkeypatch, code, first, line, asked
):
    """A rule that fires on every line of a file in another format: the findings past
    its first few are only counted, so their messages (the keys, the other format's
    name) are not worked out, and the report is the one with every finding in full."""
    from ftlint import schema

    lines = [json.dumps(x) for x in (*first, *(line(i) for i in range(40)))]
    path = str(write_jsonl("other.jsonl", lines))
    calls = [0]
    real = getattr(schema, asked)

    def counted(obj: object) -> object:
        calls[0] += 1
        return real(obj)

    monkeypatch.setattr(schema, asked, counted)
    folded = ftlint.check_file(path, fold_after=FOLD_ABOVE)
    when_folded, calls[0] = calls[0], 0
    full = ftlint.check_file(path)
    assert calls[0] - when_folded == 40 - FOLD_ABOVE  # one a finding, past those shown
    [file], [whole] = folded.files, full.files
    assert [runs.count for runs in file.folded] == [40 - FOLD_ABOVE]
    shown = [f for f in whole.findings if f.code == code][:FOLD_ABOVE]
    assert [f for f in file.findings if f.code == code] == shown
    assert file.errors == whole.errors
    for name in (name for name, r in REPORTERS.items() if r.folds):
        assert "".join(REPORTERS[name].render(folded, ReportOptions())) == "".join(
            REPORTERS[name].render(full, ReportOptions())
        )


def test_a_listener_gets_every_finding_whole_even_with_fold_after(write_jsonl):
    """A listener takes each finding as it is made, so nothing is folded for it (the
    library may be given both): no streamed finding lacks its message or its column."""
    from ftlint.engine.api import check_source

    lines = [{"conversations": [{"from": "human", "value": f"q{i}"}]} for i in range(30)]
    lines += [{"messages": [{"role": "bot", "content": "x"}]} for _ in range(3)]
    [source], _ = discover([str(write_jsonl("other.jsonl", [json.dumps(x) for x in lines]))])
    streamed: list[ftlint.Finding] = []
    report = check_source(source, Options(fold_after=FOLD_ABOVE), on_finding=streamed.append)
    # (F011, line 31's, says that the format was told only there: it has no column.)
    on_lines = [f for f in streamed if f.line is not None and f.code != "F011"]
    assert [f.code for f in on_lines] == ["F003"] * 30 + ["S005"] * 3
    assert all(f.message and f.column is not None for f in on_lines)
    assert not report.folded and report.errors == 33
