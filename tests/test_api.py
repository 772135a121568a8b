"""The Python API: ``ftlint.check_file`` and ``ftlint.check_lines``."""

from __future__ import annotations

import gzip
import io
import json
import sys

import msgspec
import pytest

import ftlint
from ftlint import FileReport, Report, Severity

BAD_ROLE = json.dumps(
    {"messages": [{"role": "human", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
)

CHAT = {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]}
CHAT_WITH_SYSTEM = {
    "messages": [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "4"},
    ]
}
COMPLETION = {"prompt": "2+2=", "completion": " 4"}
PREFERENCE = {
    "input": {"messages": [{"role": "user", "content": "2+2?"}]},
    "preferred_output": [{"role": "assistant", "content": "4"}],
    "non_preferred_output": [{"role": "assistant", "content": "5"}],
}
RFT_DEVELOPER = {
    "messages": [
        {"role": "developer", "content": "Answer with a number."},
        {"role": "user", "content": "2+2?"},
    ]
}
RFT_GRADER_KEYS = {
    "messages": [{"role": "user", "content": "2+2?"}],
    "reference_answer": "4",
    "tolerance": 0,
}


def vary(obj, i: int):
    """A copy of ``obj`` whose texts end with `` (i)``: distinct lines, distinct outputs."""
    if isinstance(obj, dict):
        return {
            k: v + f" ({i})"
            if k in ("content", "prompt", "completion") and isinstance(v, str)
            else vary(v, i)
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [vary(v, i) for v in obj]
    return obj


def lines_of(obj, n: int = 10, newline: bytes = b"\n") -> list[bytes]:
    """``n`` lines of ``obj``, each made distinct so duplicate rules (F006, F007) stay quiet."""
    return [json.dumps(vary(obj, i)).encode() + newline for i in range(n)]


def test_public_api_is_exported():
    for name in (
        "check_file",
        "check_lines",
        "Report",
        "FileReport",
        "Finding",
        "Stats",
        "Severity",
        "__version__",
    ):
        assert name in ftlint.__all__
        assert hasattr(ftlint, name)


# -- check_file -------------------------------------------------------------------------


def test_check_file_returns_a_report_of_one_file(write_jsonl, valid_chat):
    path = write_jsonl("train.jsonl", [*valid_chat(10), BAD_ROLE])
    report = ftlint.check_file(str(path))
    assert isinstance(report, Report)
    [file] = report.files
    assert isinstance(file, FileReport)
    assert file.path == str(path)
    assert file.format == "chat"
    assert file.format_source == "auto"
    assert report.errors == file.errors == 1
    assert [(f.path, f.line, f.code) for f in report.findings()] == [(str(path), 11, "S005")]
    assert file.stats.examples == 11 and file.stats.valid == 10


def test_check_file_gzip(tmp_path, valid_chat):
    path = tmp_path / "train.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join([*valid_chat(10), BAD_ROLE]) + "\n").encode()))
    [file] = ftlint.check_file(str(path)).files
    assert file.format == "chat"
    assert [(f.line, f.code) for f in file.findings] == [(11, "S005")]


def test_check_file_stdin(monkeypatch, valid_chat):
    data = ("\n".join([*valid_chat(10), BAD_ROLE]) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [file] = ftlint.check_file("-", format="chat").files
    assert file.path == "-"
    assert [(f.path, f.line, f.code) for f in file.findings] == [("-", 11, "S005")]


def test_check_file_missing_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        ftlint.check_file(str(tmp_path / "missing.jsonl"))


def test_check_file_bogus_format_raises_value_error(write_jsonl, valid_chat):
    path = write_jsonl("train.jsonl", valid_chat(10))
    with pytest.raises(ValueError, match="bogus"):
        ftlint.check_file(str(path), format="bogus")


def test_check_lines_bogus_format_raises_value_error():
    with pytest.raises(ValueError, match="bogus"):
        ftlint.check_lines(lines_of(CHAT), format="bogus")


# -- check_lines ------------------------------------------------------------------------


def _summary(file: FileReport) -> tuple:
    s = file.stats
    return (
        file.format,
        [(f.line, f.column, f.code, f.json_path) for f in file.findings],
        (s.lines, s.examples, s.blank, s.invalid, s.messages, s.min_messages, s.max_messages),
        (file.errors, file.warnings, file.infos),
    )


def test_check_lines_with_and_without_newlines_agree(valid_chat):
    raw = [line.encode() for line in [*valid_chat(10), BAD_ROLE, "", BAD_ROLE]]
    with_nl = ftlint.check_lines([line + b"\n" for line in raw], path="x.jsonl")
    without = ftlint.check_lines(raw, path="x.jsonl")
    assert _summary(with_nl) == _summary(without)
    assert [(f.line, f.code) for f in with_nl.findings] == [
        (11, "S005"),
        (12, "J003"),
        (13, "S005"),
    ]
    assert with_nl.stats.bytes == without.stats.bytes + len(raw)
    assert all(f.path == "x.jsonl" for f in with_nl.findings)


def test_check_lines_accepts_any_iterable(valid_chat):
    gen = (line.encode() for line in valid_chat(10))
    file = ftlint.check_lines(gen)
    assert file.stats.examples == 10
    assert file.errors == 0


def test_check_lines_matches_check_file(write_jsonl, valid_chat):
    lines = [*valid_chat(10), BAD_ROLE, "", "{oops"]
    path = write_jsonl("same.jsonl", lines)
    from_file = ftlint.check_file(str(path)).files[0]
    from_lines = ftlint.check_lines([line.encode() + b"\n" for line in lines], path=str(path))
    assert _summary(from_file) == _summary(from_lines)


# -- format detection ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (CHAT, "chat"),
        (CHAT_WITH_SYSTEM, "chat"),
        (COMPLETION, "completion"),
        (PREFERENCE, "preference"),
        (RFT_DEVELOPER, "reinforcement"),
    ],
    ids=["chat", "chat-system", "completion", "preference", "rft-developer"],
)
def test_auto_detects_each_format(obj, expected):
    file = ftlint.check_lines(lines_of(obj))
    assert file.format == expected
    assert file.format_source == "auto"
    assert file.errors == 0, file.findings
    assert file.stats.valid == 10


def test_chat_shaped_line_that_is_also_valid_rft_is_chat():
    # The line is valid reinforcement data when asked for explicitly...
    as_rft = ftlint.check_lines(lines_of(CHAT), format="reinforcement")
    assert as_rft.errors == 0
    assert as_rft.format == "reinforcement" and as_rft.format_source == "option"
    # ...but auto-detection needs evidence for RFT, so it picks chat.
    assert ftlint.check_lines(lines_of(CHAT)).format == "chat"


def test_grader_keys_without_an_answer_make_reinforcement():
    # User-only lines with grader keys and no assistant message are the shape of public
    # RFT files (spec §7.2): as chat, every line would fail (issue #12).
    file = ftlint.check_lines(lines_of(RFT_GRADER_KEYS))
    assert file.format == "reinforcement" and file.format_source == "auto"
    assert file.findings == () and file.stats.valid == 10


def test_extra_keys_beside_an_answer_stay_chat():
    # A chat file whose lines carry an `id` still gets its R11 errors instead of passing as
    # RFT: its conversations end with the assistant's answer. The hint names
    # --format reinforcement.
    file = ftlint.check_lines(lines_of({**CHAT, "id": 7, "reference_answer": "4"}))
    assert file.format == "chat"
    assert {f.code for f in file.findings} == {"S003"}
    assert file.errors == 20  # two extra keys on each of the 10 lines
    assert file.stats.invalid == 10
    assert all("--format reinforcement" in (f.hint or "") for f in file.findings)
    forced = ftlint.check_lines(lines_of(RFT_GRADER_KEYS), format="chat")
    assert forced.errors == 20


def test_grader_keys_with_a_system_message_stay_chat():
    obj = {**CHAT_WITH_SYSTEM, "reference_answer": "4"}
    file = ftlint.check_lines(lines_of(obj))
    assert file.format == "chat"
    # As chat data, the extra key is an error on every line.
    assert {f.code for f in file.findings} == {"S003"}
    assert file.errors == 10


def test_developer_with_system_message_stays_chat():
    obj = {
        "messages": [
            {"role": "system", "content": "s"},
            *RFT_DEVELOPER["messages"],
            {"role": "assistant", "content": "4"},
        ]
    }
    file = ftlint.check_lines(lines_of(obj))
    assert file.format == "chat"
    assert {f.code for f in file.findings} == {"S005"}


def test_detection_uses_the_first_decodable_line():
    lines = [b"\n", b"{broken\n", *lines_of(PREFERENCE)]
    file = ftlint.check_lines(lines)
    assert file.format == "preference"
    assert [(f.line, f.code) for f in file.findings] == [(1, "J003"), (2, "J001")]


def test_mixed_formats_are_reported():
    lines = [*lines_of(CHAT), *lines_of(COMPLETION, 1)]
    file = ftlint.check_lines(lines)
    assert file.format == "chat"
    assert [(f.line, f.code) for f in file.findings] == [(11, "F002")]


def test_explicit_format_overrides_detection():
    file = ftlint.check_lines(lines_of(COMPLETION), format="chat")
    assert file.format == "chat"
    assert file.format_source == "option"
    assert file.errors >= 10
    assert file.stats.valid == 0


def test_no_lines_at_all():
    file = ftlint.check_lines([])
    assert file.format is None
    assert [f.code for f in file.findings] == ["F001"]
    assert file.stats.lines == 0 and file.stats.examples == 0


# -- findings ---------------------------------------------------------------------------


def test_several_problems_on_one_line_are_all_reported():
    line = json.dumps(
        {
            "messages": [
                {"role": "wizard", "content": "hi"},
                {"role": "assistant", "content": "yo", "weight": 2},
            ]
        }
    )
    file = ftlint.check_lines([*lines_of(CHAT), line.encode()])
    got = [(f.line, f.column, f.code, f.json_path) for f in file.findings]
    assert got == [
        (11, line.index('"wizard"') + 1, "S005", "$.messages[0].role"),
        (11, line.index('"weight": 2') + len('"weight": ') + 1, "S009", "$.messages[1].weight"),
    ]
    assert file.errors == 2
    assert file.stats.invalid == 1  # one line, however many findings


def test_unknown_key_column_points_at_the_key():
    line = json.dumps({"messages": CHAT["messages"], "weigth": 1})
    file = ftlint.check_lines([*lines_of(CHAT), line.encode()], format="chat")
    [finding] = file.findings
    assert finding.code == "S003"
    assert finding.column == line.index('"weigth"') + 1


def test_findings_are_sorted_by_line_column_code():
    # Emitted out of order: S005 on line 3 while reading, J005 (line 1) and F001 (file
    # level) only at the end of the file.
    two_problems = json.dumps(
        {
            "messages": [
                {"role": "bot", "content": "x", "weight": 1},
                {"role": "assistant", "content": "y", "weight": 1.5},
            ]
        }
    )
    lines = [
        json.dumps(CHAT).encode() + b"\r\n",
        b"\n",
        two_problems.encode() + b"\n",
        BAD_ROLE.encode() + b"\n",
    ]
    file = ftlint.check_lines(lines)
    keys = [(f.line or 0, f.column or 0, f.code) for f in file.findings]
    assert keys == sorted(keys)
    assert [f.code for f in file.findings][:3] == ["F001", "J005", "J003"]
    codes_on_3 = [f.code for f in file.findings if f.line == 3]
    assert codes_on_3 == ["S005", "S009"]
    assert {f.line for f in file.findings} == {None, 1, 2, 3, 4}


def test_file_level_finding_has_no_line_or_column():
    file = ftlint.check_lines(lines_of(CHAT, 3))
    [finding] = file.findings
    assert finding.code == "F001"
    assert finding.line is None and finding.column is None
    assert finding.severity is Severity.ERROR
    assert "3" in finding.message


def test_max_findings_counts_everything():
    lines = [*lines_of(CHAT), *[BAD_ROLE.encode() + b"\n"] * 5, b"\n"]
    full = ftlint.check_lines(lines)
    capped = ftlint.check_lines(lines, max_findings=2)
    assert (
        (capped.errors, capped.warnings, capped.infos)
        == (full.errors, full.warnings, full.infos)
        == (5, 1, 0)
    )
    assert len(capped.findings) == 2
    assert capped.omitted == 4
    assert capped.stats == full.stats


def test_max_findings_keeps_errors_first_in_report_order():
    # The CRLF info belongs to line 1 but is only known at the end of the file; a cap of
    # N keeps the first N errors (issue 18, item 7), then warnings and infos if room is
    # left, and shows them in report order.
    lines = [
        json.dumps(vary(CHAT, 99)).encode() + b"\r\n",
        *lines_of(CHAT, 9),
        *[BAD_ROLE.encode() + b"\n"] * 5,
    ]
    full = ftlint.check_lines(lines)
    assert [f.code for f in full.findings][:2] == ["J005", "S005"]
    capped = ftlint.check_lines(lines, max_findings=2)
    assert capped.findings == full.findings[1:3]
    roomy = ftlint.check_lines(lines, max_findings=6)
    assert roomy.findings == full.findings[:6]
    assert capped.stats == full.stats and capped.omitted == len(full.findings) - 2


def test_finding_offset_points_at_its_line():
    if "offset" not in {f.name for f in msgspec.structs.fields(ftlint.Finding)}:
        pytest.skip("findings carry no byte offset")
    lines = [
        json.dumps(vary(CHAT, 99)).encode() + b"\r\n",
        *lines_of(CHAT, 9),
        b"\n",
        BAD_ROLE.encode() + b"\n",
    ]
    starts = [sum(map(len, lines[:i])) for i in range(len(lines))]
    file = ftlint.check_lines(lines)
    assert {f.code for f in file.findings} == {"J005", "J003", "S005"}
    for f in file.findings:
        assert f.line is not None
        assert f.offset == starts[f.line - 1], f


def test_streamed_findings_match_the_kept_ones(tmp_path):
    from ftlint.engine import check_source
    from ftlint.reader import Source

    bad = {"messages": [{"role": "bot", "content": 5}, {"role": "assistant", "content": "x"}]}
    lines = [json.dumps(vary(CHAT, i)) + "\r\n" for i in range(3)]
    lines += [json.dumps(bad) + "\n", "\n"]
    lines += [json.dumps(vary(CHAT, i)) + "\n" for i in range(3, 6)] + ['{"messages": [}\n']
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    source = Source(str(path), str(path))

    kept = check_source(source)
    streamed: list[ftlint.Finding] = []
    report = check_source(source, on_finding=streamed.append)

    assert report.findings == ()  # streamed, not kept
    assert (report.errors, report.warnings, report.infos) == (
        kept.errors,
        kept.warnings,
        kept.infos,
    )
    assert sorted(streamed, key=ftlint.Finding.sort_key) == list(kept.findings)
    # Line findings arrive in report order; then the late ones that point back at a line
    # (J005), then the file-level ones (F001).
    line_findings = [f for f in streamed if f.code not in ("J005", "F001")]
    assert line_findings == sorted(line_findings, key=ftlint.Finding.sort_key)
    assert [f.code for f in streamed[-2:]] == ["J005", "F001"]


def test_streamed_findings_respect_max_findings(tmp_path):
    from ftlint.engine import check_source
    from ftlint.reader import Source

    bad = {"messages": [{"role": "bot", "content": "x"}, {"role": "assistant", "content": "y"}]}
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(bad) + "\n" for _ in range(12)), encoding="utf-8")
    streamed: list[ftlint.Finding] = []
    options = ftlint.Options(max_findings=3)
    report = check_source(Source(str(path), str(path)), options, on_finding=streamed.append)
    assert [f.line for f in streamed] == [1, 2, 3]
    assert report.errors == 12
