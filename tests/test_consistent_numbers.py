"""One definition of each number, in ``check`` and in ``stats`` (issue 18, item 10).

A valid example is one that decoded in the file's format with no error finding; every
other number (messages, tokens) describes exactly those. A preference example's messages
are its input's and both outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ftlint
from ftlint.reader import Source
from ftlint.stats_run import StatsOptions, run_stats
from test_fixtures import _fixtures, load_options


def _chat(i: int) -> str:
    roles = ("system", "user", "assistant")
    return json.dumps({"messages": [{"role": r, "content": f"{r} {i}"} for r in roles]})


def _stats_of(path: Path, fmt: str = "auto"):
    result = run_stats([Source(str(path), str(path))], StatsOptions(format=fmt, jobs=1))
    [file] = result.files
    return file


# `stats` counts OpenAI's formats: the fixtures of other targets have no statistics.
OPENAI_FIXTURES = [p for p in _fixtures() if "target" not in load_options(p)]


@pytest.mark.parametrize("fixture", OPENAI_FIXTURES, ids=lambda p: p.name)
def test_check_and_stats_count_the_same_examples_and_messages(fixture: Path) -> None:
    options = load_options(fixture)
    fmt = options["format"]
    [checked] = ftlint.check_file(str(fixture), format=fmt).files
    if checked.format is None:
        return  # no format, no statistics
    stats = _stats_of(fixture, fmt)
    assert stats.report.stats == checked.stats
    assert stats.examples.examples == checked.stats.valid
    assert sum(stats.examples.messages) == checked.stats.messages
    if checked.stats.min_messages is not None:
        assert min(stats.examples.messages) == checked.stats.min_messages
        assert max(stats.examples.messages) == checked.stats.max_messages


def test_a_deselected_rule_does_not_make_its_line_valid(run, write_jsonl) -> None:
    # The "3 messages each (mean 2.7)": a line that is not JSON, with J001 off.
    lines = [_chat(i) for i in range(10)]
    lines.insert(4, '{"messages": [')
    path = write_jsonl("data.jsonl", lines)
    result = run("check", "--select", "V003", str(path))
    assert result.exit_code == 0
    assert "11 examples (10 valid, 1 invalid), 0 errors" in result.stdout
    assert "stats: 10 valid examples, 3 messages each (mean 3.0)" in result.stdout
    report = ftlint.check_file(str(path), rules=ftlint.select_rules(["V003"]))
    assert report.stats.valid == 10 and report.errors == 0


def test_a_repeated_key_line_is_valid_in_check_and_counted_in_stats(write_jsonl) -> None:
    # JSON keeps the last value of a repeated key: this line is a valid example whose
    # first `messages` is wrong. The typed decode stopped at it; the line must still count.
    first_wrong = (
        '{"messages": "oops", "messages": [{"role": "user", "content": "Hi"},'
        ' {"role": "assistant", "content": "Hello"}]}'
    )
    path = write_jsonl("dup.jsonl", [first_wrong, *(_chat(i) for i in range(10))])
    [checked] = ftlint.check_file(str(path)).files
    assert checked.stats.valid == 11 and checked.errors == 0
    assert checked.stats.messages == 2 + 10 * 3
    stats = _stats_of(path)
    assert stats.examples.examples == 11
    assert stats.examples.messages[0] == 2
    # The opt-in J010 still says what happened.
    j010 = ftlint.check_file(str(path), rules=ftlint.select_rules(["J010"]))
    assert [f.code for f in j010.findings()] == ["J010"]


def test_preference_messages_are_the_input_and_both_outputs(write_jsonl) -> None:
    dpo = [
        json.dumps(
            {
                "input": {"messages": [{"role": "user", "content": f"{i}+{i}?"}]},
                "preferred_output": [{"role": "assistant", "content": str(2 * i)}],
                "non_preferred_output": [{"role": "assistant", "content": "no"}],
            }
        )
        for i in range(10)
    ]
    path = write_jsonl("dpo.jsonl", dpo)
    [checked] = ftlint.check_file(str(path)).files
    assert (checked.stats.min_messages, checked.stats.max_messages) == (3, 3)
    assert set(_stats_of(path).examples.messages) == {3}
