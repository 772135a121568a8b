"""The shapes of real JSONL files that the other fixtures lack (issue #12).

Each test fails on the code before the issue was fixed: tool-calling outputs (F007),
classification data (L005), user-only RFT files (format detection, F011), floods of one
finding (grouped output), the validation file's pair rules and the server's token count.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import ftlint
from ftlint.engine import Options
from ftlint.parallel import check_sources
from ftlint.reader import discover
from ftlint.reporters import stats as stats_reporter
from ftlint.stats_run import StatsOptions, run_stats

_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
        },
    }
]


def _lines(examples: list[dict[str, Any]]) -> list[bytes]:
    return [json.dumps(e).encode() + b"\n" for e in examples]


def _codes(report: ftlint.FileReport) -> list[str]:
    return [f.code for f in report.findings]


def _tool_call(i: int, arguments: str) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "user", "content": f"question {i}"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{i}",
                        "type": "function",
                        "function": {"name": "lookup", "arguments": arguments},
                    }
                ],
            },
        ],
        "tools": _TOOLS,
    }


def test_tool_calls_with_other_arguments_are_other_outputs() -> None:
    lines = _lines([_tool_call(i, json.dumps({"q": f"q{i}"})) for i in range(12)])
    assert "F007" not in _codes(ftlint.check_lines(lines))


def test_the_same_tool_call_in_every_example_is_one_output() -> None:
    # Only the call ids differ: the model is trained to produce the same call every time.
    lines = _lines([_tool_call(i, '{"q": "same"}') for i in range(12)])
    assert _codes(ftlint.check_lines(lines)) == ["F007"]


# -- the server's token count (item 5) ------------------------------------------------

# Four public jobs logged OpenAI's trained_tokens next to the exact file they uploaded,
# every example system, user, assistant (spec §7.1): (examples, model, epochs, the
# cookbook's count per epoch, the server's trained_tokens).
JOBS = [
    (500, "gpt-3.5-turbo-0125", 1, 364_094, 363_094),
    (525, "gpt-3.5-turbo-0125", 1, 377_243, 376_193),
    (10, "gpt-3.5-turbo-0125", 10, 705, 6_850),
    (10, "gpt-4o-mini", 10, 468, 4_480),
]


def _words(n: int) -> str:
    """A text of exactly ``n`` tokens in cl100k and o200k alike."""
    return "a" + " a" * (n - 1)


def _shaped(path: Path, examples: int, cookbook: int) -> None:
    """A file of ``examples`` system/user/assistant examples whose cookbook count is
    ``cookbook``: 15 tokens of overhead each (3 messages of 3 + a one-token role, and
    3 for reply priming), the rest content."""
    content = cookbook - 15 * examples
    per, extra = divmod(content, examples)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(examples):
            answer = per + (1 if i < extra else 0) - 2  # the system and user take 1 each
            example = {
                "messages": [
                    {"role": "system", "content": "S"},
                    {"role": "user", "content": "U"},
                    {"role": "assistant", "content": _words(answer)},
                ]
            }
            fh.write(json.dumps(example) + "\n")


@pytest.mark.parametrize(("examples", "model", "epochs", "cookbook", "server"), JOBS)
def test_trained_tokens_are_the_servers_count_of_four_real_jobs(
    tmp_path: Path, examples: int, model: str, epochs: int, cookbook: int, server: int
) -> None:
    path = tmp_path / "train.jsonl"
    _shaped(path, examples, cookbook)
    sources, _ = discover([str(path)])
    result = run_stats(sources, StatsOptions(model=model, jobs=1))
    doc = stats_reporter.document(result, stats_reporter.Options(epochs=epochs))
    file = doc["files"][0]
    assert doc["token_accounting"] == "server"
    assert file["cookbook_tokens"] == cookbook
    assert file["cookbook_charged_tokens"] == cookbook * epochs
    assert file["charged_tokens"] == server
    assert file["tokens"]["total"] == cookbook - 2 * examples
    # The default epochs of the two small jobs are the server's too.
    assert stats_reporter.document(result, stats_reporter.Options())["files"][0]["epochs"] == (
        epochs if examples == 10 else 3
    )


# -- one problem on every line (item 3) -------------------------------------------------


def _human(i: int) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "human", "content": f"question {i}"},
            {"role": "assistant", "content": f"answer {i}"},
        ]
    }


def test_a_problem_on_every_line_is_grouped_for_people_and_listed_for_programs(
    run: Callable[..., Result], write_jsonl: Callable[..., Path]
) -> None:
    path = write_jsonl("flood.jsonl", [_human(i) for i in range(600)])
    text = run("check", str(path)).stdout.splitlines()
    assert len(text) <= 40
    assert [line.split(": ")[1][:4] for line in text[:5]] == ["S005"] * 5
    assert text[5] == (
        f"{path}: S005 [error] 595 more findings of this rule, on lines 6-600 (every example"
        " has one); to see all: --all-findings or -o json"
    )
    doc = json.loads(run("check", "-o", "json", str(path)).stdout)
    assert [f["line"] for f in doc["findings"]] == list(range(1, 601))
    assert len(run("check", "--all-findings", str(path)).stdout.splitlines()) > 600
    markdown = run("check", "-o", "markdown", str(path)).stdout
    assert markdown.count("| S005 | error |") == 6  # 5 findings and the row of the rest
    github = run("check", "-o", "github", str(path)).stdout.splitlines()
    assert len(github) <= 40 and sum(line.startswith("::error") for line in github) == 5
    for fmt in ("jsonl", "sarif", "gitlab", "junit"):
        assert run("check", "-o", fmt, str(path)).stdout.count("S005") >= 600, fmt


def test_grouping_says_where_the_rest_are_as_ranges(
    run: Callable[..., Result], write_jsonl: Callable[..., Path]
) -> None:
    good = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}
    lines = [_human(i) if i % 10 < 4 else {**good, "n": i} for i in range(60)]
    # Lines 1-4, 11-14, ..., 51-54 have S005; the other lines S003 (the key `n`).
    text = run("check", str(write_jsonl("some.jsonl", lines))).stdout
    assert "S005 [error] 19 more findings of this rule, on lines 12-14, 21-24, 31-34," in text
    assert "(every example" not in text.split("S005 [error] 19 more")[1].split("\n")[0]


def test_a_file_in_another_format_is_said_once(
    run: Callable[..., Result], write_jsonl: Callable[..., Path]
) -> None:
    chat = [
        {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": "a"}]}
        for i in range(12)
    ]
    legacy = [{"prompt": f"p{i}", "completion": f" c{i}"} for i in range(20)]
    path = write_jsonl("mixed.jsonl", chat + legacy)
    text = run("check", str(path)).stdout
    assert text.count(" F002 [error]") == 2  # the first line, then the rest in one line
    assert "F002 [error] 19 more findings of this rule, on lines 14-32;" in text
    doc = json.loads(run("check", "-o", "json", str(path)).stdout)
    assert sum(f["code"] == "F002" for f in doc["findings"]) == 20


# -- reinforcement files without a developer message (item 1) ---------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
USER_ONLY_RFT = FIXTURES / "valid" / "reinforcement_user_only_grader_keys.jsonl"
USER_ONLY = FIXTURES / "invalid" / "F011_user_only_questions.jsonl"


def test_user_only_rft_with_grader_keys_passes_under_auto(run: Callable[..., Result]) -> None:
    result = run("check", str(USER_ONLY_RFT))
    assert result.exit_code == 0, result.stdout
    assert "reinforcement (detected), 30 examples (30 valid, 0 invalid), 0 errors" in result.stdout


def test_a_model_that_only_takes_rft_settles_user_only_questions() -> None:
    as_is = ftlint.check_file(str(USER_ONLY)).files[0]
    assert as_is.format == "chat" and "F011" in _codes(as_is)
    for_o4 = ftlint.check_file(str(USER_ONLY), model="o4-mini").files[0]
    assert for_o4.format == "reinforcement" and for_o4.findings == ()


def test_the_ambiguity_is_said_once_with_the_flag_that_settles_it() -> None:
    file = ftlint.check_file(str(USER_ONLY)).files[0]
    notes = [f for f in file.findings if f.code == "F011"]
    assert len(notes) == 1 and notes[0].line == 1
    assert "--format reinforcement" in notes[0].message
    settled = ftlint.check_file(str(USER_ONLY), format="chat").files[0]
    assert "F011" not in _codes(settled)


def _mixed(rft: int, chat: int) -> list[bytes]:
    question = {"messages": [{"role": "user", "content": "2+2?"}], "answer": "4"}
    answered = {
        "messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]
    }
    lines = [{**question, "n": i} for i in range(rft)]
    lines += [
        {
            **answered,
            "messages": [*answered["messages"][:1], {"role": "assistant", "content": str(i)}],
        }
        for i in range(chat)
    ]
    return _lines(lines)


def test_detection_weighs_the_file_not_its_first_line() -> None:
    # The first lines alone say chat; most of the file says RFT: read as RFT. The two
    # sides are close (5 to 2), so with a note.
    file = ftlint.check_lines(_mixed(0, 2) + _mixed(5, 0))
    assert file.format == "reinforcement"
    assert "F011" in [f.code for f in file.findings if f.line == 1]
    # A few odd lines (1 in 10) do not make a clear file uncertain, wherever they are.
    clear = ftlint.check_lines(_mixed(1, 0) + _mixed(0, 9))
    assert clear.format == "chat" and "F011" not in _codes(clear)
    rft = ftlint.check_lines(_mixed(0, 1) + _mixed(9, 0))
    assert rft.format == "reinforcement" and "F011" not in _codes(rft)


def test_jobs_detect_as_a_serial_check_does(tmp_path: Path) -> None:
    # The first byte range is cut before the file's head ends: it still weighs the head.
    path = tmp_path / "rft.jsonl"
    path.write_bytes(b"".join(_mixed(0, 3) + _mixed(60, 0)))
    sources, _ = discover([str(path)])
    serial = list(check_sources(sources, Options(), jobs=1))
    ranged = list(check_sources(sources, Options(), jobs=2, chunk_bytes=512, min_bytes=0))
    assert serial == ranged
    assert isinstance(serial[0], ftlint.FileReport) and serial[0].format == "reinforcement"


# -- a training and validation pair (item 4) --------------------------------------------

PAIRS = FIXTURES / "pairs"
PAIR_RULES = frozenset({"F012", "F013", "F014"})


def _pair(run: Callable[..., Result], valid: str, *args: str) -> Result:
    return run("check", str(PAIRS / "rft_train.jsonl"), "--validation", str(PAIRS / valid), *args)


def test_a_reinforcement_validation_file_over_1000_examples_is_an_error(
    run: Callable[..., Result],
) -> None:
    result = _pair(run, "rft_valid_1001.jsonl", "-o", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [(f["path"], f["code"], f["line"]) for f in doc["findings"]] == [
        (str(PAIRS / "rft_valid_1001.jsonl"), "F012", None)
    ]
    assert [f["path"] for f in doc["files"]] == [
        str(PAIRS / "rft_train.jsonl"),
        str(PAIRS / "rft_valid_1001.jsonl"),
    ]
    # The same file as a training file is within its limit (50,000).
    alone = run("check", str(PAIRS / "rft_valid_1001.jsonl"))
    assert alone.exit_code == 0, alone.stdout


def test_validation_examples_also_in_training_are_reported_on_their_lines(
    run: Callable[..., Result],
) -> None:
    doc = json.loads(_pair(run, "rft_valid_overlap.jsonl", "-o", "json").stdout)
    train = str(PAIRS / "rft_train.jsonl")
    found = [(f["path"], f["line"], f["code"], f["message"]) for f in doc["findings"]]
    valid = str(PAIRS / "rft_valid_overlap.jsonl")
    assert found == [
        (valid, 11, "F014", f"example is also in the training data: {train} line 4"),
        (valid, 12, "F014", f"example is also in the training data: {train} line 6"),
    ]
    # Named among the training files too, the validation file is not compared with itself.
    again = run("check", train, valid, "--validation", valid, "-o", "json").stdout
    assert json.loads(again)["findings"] == doc["findings"]
    # Streamed output gets them too; --ignore drops them.
    assert _pair(run, "rft_valid_overlap.jsonl", "-o", "jsonl").stdout.count('"F014"') == 2
    assert "F014" not in _pair(run, "rft_valid_overlap.jsonl", "--ignore", "F014").stdout


def test_a_validation_file_in_another_format_is_an_error(run: Callable[..., Result]) -> None:
    result = _pair(run, "chat_valid.jsonl")
    assert result.exit_code == 1
    assert (
        f"{PAIRS / 'chat_valid.jsonl'}: F013 [error] validation file is chat data, but training"
        f" file {PAIRS / 'rft_train.jsonl'} is reinforcement" in result.stdout
    )


def test_the_validation_file_can_be_configured(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.ftlint]\nvalidation = "{PAIRS / "rft_valid_1001.jsonl"}"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = run("check", str(PAIRS / "rft_train.jsonl"))
    assert result.exit_code == 1 and "F012 [error]" in result.stdout
    missing = run("check", str(PAIRS / "rft_train.jsonl"), "--validation", "nowhere.jsonl")
    assert missing.exit_code == 2


def test_detection_survives_odd_roles() -> None:
    odd = {"messages": [{"role": [], "content": "d"}, {"role": {"x": 1}}, 7], "answer": "x"}
    file = ftlint.check_lines(_lines([odd] * 3))
    assert file.format in ("chat", "reinforcement") and file.errors > 0
