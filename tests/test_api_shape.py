"""The Python API's rough edges (issue 18, item 13)."""

from __future__ import annotations

import pytest

import ftlint
from ftlint.stats_run import StatsOptions, run_stats

CHAT = '{"messages": [{"role": "user", "content": "q%d"}, {"role": "assistant", "content": "a%d"}]}'
FIXTURE = "fixtures/invalid/S005_invalid_role.jsonl"


def test_an_unknown_model_is_a_value_error():
    with pytest.raises(ValueError, match="unknown model 'gpt-9'"):
        ftlint.check_file(FIXTURE, model="gpt-9")
    with pytest.raises(ValueError, match="unknown model"):
        ftlint.Options(model="gpt-9")


def test_dir_lists_the_lazy_api():
    names = dir(ftlint)
    for name in ftlint.__all__:
        assert name in names


def test_report_and_file_report_findings_are_both_tuples():
    report = ftlint.check_file(FIXTURE)
    [file] = report.files
    assert isinstance(report.findings, tuple) and isinstance(file.findings, tuple)
    assert report.findings == file.findings and len(report.findings) == 5
    # Code written for the old method still works.
    assert list(report.findings()) == list(file.findings)


def test_check_lines_takes_str_lines_as_utf8():
    text = [CHAT % (i, i) for i in range(10)] + ['{"prompt": "é"}']
    as_str = ftlint.check_lines(text)
    as_bytes = ftlint.check_lines([line.encode() for line in text])
    assert as_str == as_bytes and as_str.stats.examples == 11


def test_check_lines_refuses_other_types_clearly():
    with pytest.raises(TypeError, match="check_lines takes lines as bytes or str, not int"):
        ftlint.check_lines([b"{}", 5])  # type: ignore[list-item]


def test_run_stats_takes_path_strings():
    by_path = run_stats([FIXTURE, "fixtures/valid/chat_basic.jsonl"], StatsOptions())
    assert [f.report.path for f in by_path.files] == [FIXTURE, "fixtures/valid/chat_basic.jsonl"]
    assert by_path.files[0].examples.examples == 7
    with_validation = run_stats([FIXTURE], validation="fixtures/valid/chat_basic.jsonl")
    assert with_validation.validation is not None
    with pytest.raises(FileNotFoundError, match=r"no-such\.jsonl"):
        run_stats(["no-such.jsonl"])
