"""`ftlint stats --model` says when the model cannot train the data (issue 18, item 9).

``check --model`` reports these as errors (F009, F010); ``stats`` gives its numbers all
the same, but says the job cannot run, beside the cost it estimates.
"""

from __future__ import annotations

import json

import pytest

FIXTURES = "fixtures/valid"
CASES = {
    "dpo on gpt-4o-mini": (
        "gpt-4o-mini",
        f"{FIXTURES}/preference_dpo.jsonl",
        "gpt-4o-mini cannot be trained with dpo data (it takes: supervised)",
    ),
    "rft on gpt-4.1": (
        "gpt-4.1",
        f"{FIXTURES}/reinforcement_graders.jsonl",
        "gpt-4.1 cannot be trained with reinforcement data (it takes: dpo, supervised)",
    ),
    "images on a text-only model": (
        "gpt-4o-mini",
        f"{FIXTURES}/chat_vision.jsonl",
        "but gpt-4o-mini is not a vision fine-tuning model",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_stats_says_the_model_cannot_train_the_data(run, case):
    model, path, reason = CASES[case]
    text = run("stats", "--model", model, "--price-per-mtok", "3", path)
    assert text.exit_code == 0
    [line] = [line for line in text.stdout.splitlines() if line.startswith("  cannot run  ")]
    assert reason in line and line.endswith("OpenAI would refuse the job")
    if "reinforcement" not in path:  # RFT is billed by time: no cost line
        assert "for a job that cannot run" in text.stdout
    doc = json.loads(run("stats", "-o", "json", "--model", model, path).stdout)
    [file] = doc["files"]
    assert len(file["cannot_train"]) == 1 and reason in file["cannot_train"][0]
    markdown = run("stats", "-o", "markdown", "--model", model, path).stdout
    assert "cannot be trained:**" in markdown


def test_a_model_that_can_train_it_gets_no_note(run):
    result = run("stats", "--model", "gpt-4.1-mini", f"{FIXTURES}/preference_dpo.jsonl")
    assert "cannot run" not in result.stdout
    doc = json.loads(
        run("stats", "-o", "json", f"{FIXTURES}/preference_dpo.jsonl").stdout  # default model
    )
    assert doc["files"][0]["cannot_train"] == []
