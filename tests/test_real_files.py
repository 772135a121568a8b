"""The shapes of real JSONL files that the other fixtures lack (issue #12).

Each test fails on the code before the issue was fixed: tool-calling outputs (F007),
classification data (L005), user-only RFT files (format detection, F011), floods of one
finding (grouped output), the validation file's pair rules and the server's token count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ftlint
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
