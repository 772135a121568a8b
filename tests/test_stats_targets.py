"""``ftlint stats --target T``: the target's formats, models and limits, and token counts
that say how they were made (exact, the provider's estimate with its ratio and source, or
none), in every output format; ``[tool.ftlint] target`` as ``check`` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import ftlint
from ftlint import counting, targets
from ftlint.schema import decoder
from ftlint.stats import ExampleStats
from ftlint.stats_count import _count_batch
from ftlint.stats_run import StatsOptions, run_stats

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "targets"
CLAUDE = ROOT / "bedrock-claude" / "valid" / "claude.jsonl"
NOVA = ROOT / "bedrock-nova" / "valid" / "conversation.jsonl"
NOVA_DPO = ROOT / "bedrock-nova" / "valid" / "dpo.jsonl"
GEMINI = ROOT / "vertex-gemini" / "valid" / "contents.jsonl"
TEXT = ROOT / "bedrock-text" / "valid" / "text.jsonl"
FIREWORKS = ROOT / "fireworks" / "valid" / "chat.jsonl"
Run = Callable[..., Result]


def _json(run: Run, *args: str) -> dict[str, Any]:
    result = run("stats", "-o", "json", *args)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _aws_estimate(line: str) -> int:
    """AWS's checker: the characters of system and every content, // 3 (BC6)."""
    record = json.loads(line)
    text = record.get("system", "") + "".join(m["content"] for m in record["messages"])
    return len(text) // 3


def test_claude_tokens_are_aws_estimates_labelled_with_ratio_and_source(run: Run) -> None:
    doc = _json(run, "--target", "bedrock-claude", str(CLAUDE))
    assert doc["target"] == {
        "name": "bedrock-claude",
        "label": targets.get("bedrock-claude").label,
    }
    (file,) = doc["files"]
    assert file["format"] == "claude-messages" and file["format_source"] == "auto"
    assert file["model"] == "anthropic.claude-3-haiku-20240307-v1:0:200k"
    assert file["tokens_counted"] == "estimate" and file["encoding"] is None
    assert file["estimate"]["chars_per_token"] == 3
    assert "claude-haiku/DataValidation/data_validation.py" in file["estimate"]["source"]
    assert file["limit"] == 32_000
    lines = CLAUDE.read_text().splitlines()
    assert file["tokens"]["total"] == sum(_aws_estimate(line) for line in lines)
    assert file["roles"] == {"assistant": len(lines), "user": len(lines)}
    # Bedrock's epochs are not the cookbook's: no charged tokens without --epochs.
    assert file["epochs"] is None and file["charged_tokens"] is None
    assert file["billed_tokens"] == file["tokens"]["total"]
    with_epochs = _json(run, "--target", "bedrock-claude", "--epochs", "2", str(CLAUDE))
    assert with_epochs["files"][0]["charged_tokens"] == 2 * file["tokens"]["total"]


def test_text_output_names_the_target_and_marks_the_estimates(run: Run) -> None:
    result = run("stats", "--target", "bedrock-claude", str(CLAUDE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("target: bedrock-claude (Amazon Bedrock: Anthropic Claude 3 Haiku)\n")
    assert "estimated at 3 characters per token, at most 32,000 tokens per example" in out
    assert "  tokens      ≈ " in out and "  trained     ≈ " in out
    assert "tokens are estimates at 3 characters per token" in out
    assert "truncated by OpenAI" not in out and "cookbook default" not in out


def test_markdown_names_the_target_and_marks_the_estimates(run: Run) -> None:
    result = run("stats", "-o", "markdown", "--target", "bedrock-claude", str(CLAUDE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Target: `bedrock-claude` (Amazon Bedrock: Anthropic Claude 3 Haiku)." in out
    row = next(line for line in out.splitlines() if "claude.jsonl | claude-messages" in line)
    assert "| ≈ " in row
    assert "| ≈ tokens |" in out
    assert "tokens are estimates at 3 characters per token" in out
    # OpenAI's server accounting is not claimed for an estimate.
    assert "Tokens: the server's" not in out


@pytest.mark.parametrize(
    ("path", "fmt", "roles"),
    [
        (NOVA, "bedrock-conversation", {"assistant": 10, "user": 10}),
        (NOVA_DPO, "bedrock-nova-dpo", {"assistant": 16, "user": 8}),
    ],
)
def test_nova_is_detected_and_counted_but_not_tokenized(
    run: Run, path: Path, fmt: str, roles: dict[str, int]
) -> None:
    doc = _json(run, "--target", "bedrock-nova", str(path))
    (file,) = doc["files"]
    assert file["format"] == fmt and file["format_source"] == "auto"
    assert file["valid"] == file["examples"] > 0
    assert file["roles"] == roles
    assert file["model"] == "amazon.nova-micro-v1:0" and file["model_source"] == "default"
    assert file["tokens_counted"] == "none" and file["tokens"] is None
    assert "BN16" in file["tokens_note"]
    assert file["billing"] is None and file["charged_tokens"] is None
    text = run("stats", "--target", "bedrock-nova", str(path)).stdout
    assert "tokens not counted (not published" in text


def test_gemini_shapes_and_an_estimate_at_four_characters(run: Run) -> None:
    (file,) = _json(run, "--target", "vertex-gemini", str(GEMINI))["files"]
    assert file["format"] == "gemini-contents"
    assert set(file["roles"]) == {"user", "model"}
    assert file["with_tools"] == 1 and file["tool_calls"] == 1 and file["images"] == 2
    assert file["limit"] == 131_072 and file["tokens_counted"] == "estimate"
    assert file["estimate"]["chars_per_token"] == 4
    assert "ai.google.dev" in file["estimate"]["source"]


def _gemini_turns(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"role": role, "parts": [{"text": text}]} for role, text in turns]


def test_gemini_estimates_count_texts_and_train_the_model_turns() -> None:
    """Supervised: the user turns and the system instruction are context, the model turns
    trained; preference: the longest sequence is the prompt with the longer completion."""
    estimate = counting.Estimate(4)
    line = {
        "systemInstruction": {"parts": [{"text": "Be brief."}]},  # 9 characters
        "contents": _gemini_turns(("user", "x" * 30), ("model", "y" * 9)),
    }
    example = decoder("gemini-contents").decode(json.dumps(line))
    # ceil(39 / 4) = 10 of context, ceil(9 / 4) = 3 trained.
    assert counting.count_example(example, "gemini-contents", estimate) == (13, 3, 13)
    line = {
        "contents": _gemini_turns(("user", "x" * 40)),
        "completions": [
            {"score": 1, "completion": _gemini_turns(("model", "y" * 8))[0]},
            {"score": 0, "completion": _gemini_turns(("model", "z" * 21))[0]},
        ],
    }
    example = decoder("gemini-preference").decode(json.dumps(line))
    # 10 of prompt, completions 2 and 6: all 18, trained 8, longest 10 + 6.
    assert counting.count_example(example, "gemini-preference", estimate) == (18, 8, 16)


def test_llama_estimates_at_six_characters(run: Run) -> None:
    path = ROOT / "bedrock-llama" / "valid" / "llama.jsonl"
    (file,) = _json(run, "--target", "bedrock-llama", str(path))["files"]
    assert file["tokens_counted"] == "estimate" and file["estimate"]["chars_per_token"] == 6
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    expected = 0
    for row in lines:
        context = sum(len(b["text"]) for b in row.get("system", []))
        trained = 0
        for message in row["messages"]:
            chars = sum(len(b.get("text", "")) for b in message["content"])
            if message["role"] == "assistant":
                trained += chars
            else:
                context += chars
        expected += -(-context // 6) - (-trained // 6)
    assert file["tokens"]["total"] == expected


def test_bedrock_text_estimates_at_six_characters(run: Run) -> None:
    (file,) = _json(run, "--target", "bedrock-text", str(TEXT))["files"]
    assert file["format"] == "completion" and file["estimate"]["chars_per_token"] == 6
    lines = [json.loads(line) for line in TEXT.read_text().splitlines()]
    expected = sum(-(-len(r["prompt"]) // 6) - (-len(r["completion"]) // 6) for r in lines)
    assert file["tokens"]["total"] == expected


def test_a_target_without_a_model_table_counts_shapes_only(run: Run) -> None:
    result = run("stats", "--target", "fireworks", str(FIREWORKS))
    assert result.exit_code == 0, result.output
    assert "model       none: Fireworks AI publishes no model table; tokens not counted" in (
        result.stdout
    )
    (file,) = _json(run, "--target", "fireworks", str(FIREWORKS))["files"]
    assert file["model"] is None and file["tokens"] is None and file["messages"] is not None


def _long_chat(tmp_path: Path) -> Path:
    """Ten short examples and two of about 10,000 estimated tokens at 4 characters each."""
    lines = [ftlint_chat(i, "x" * 20) for i in range(10)]
    lines[3] = ftlint_chat(3, "y" * 40_000)
    lines[7] = ftlint_chat(7, "z" * 36_000)
    path = tmp_path / "long.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    return path


def ftlint_chat(i: int, text: str) -> str:
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": f"{i} {text}"},
                {"role": "assistant", "content": "ok"},
            ]
        }
    )


def test_azure_estimates_agree_with_check_k001(run: Run, tmp_path: Path) -> None:
    """Qwen-32B on Azure: estimated at Microsoft's 4 characters per token; the examples
    stats lists over the limit are those check --target azure --model reports (K001)."""
    path = _long_chat(tmp_path)
    doc = _json(run, "--target", "azure", "--model", "Qwen-32B", str(path))
    (file,) = doc["files"]
    assert file["tokens_counted"] == "estimate" and file["estimate"]["chars_per_token"] == 4
    assert file["model_source"] == "option" and file["limit"] == 8_192
    over = [e["line"] for e in file["over_limit"]["examples"]]
    report = ftlint.check_file(str(path), target="azure", model="Qwen-32B")
    assert over == [f.line for f in report.findings if f.code == "K001"] == [4, 8]
    # The count is the cookbook's accounting with the estimate for each text, no server
    # discount: OpenAI's server is not the one counting.
    measure = counting.Estimate(4)
    assert (
        file["over_limit"]["examples"][0]["tokens"]
        == (3 + measure.roles["user"] + measure.count("3 " + "y" * 40_000))
        + (3 + measure.roles["assistant"] + measure.count("ok"))
        + 3
    )


def test_azure_openai_models_are_counted_exactly(run: Run, tmp_path: Path) -> None:
    path = _long_chat(tmp_path)
    azure = _json(run, "--target", "azure", "--model", "gpt-4o", str(path))
    openai = _json(run, "--model", "gpt-4o", str(path))
    assert azure["files"][0]["tokens_counted"] == "exact"
    assert azure["files"][0]["tokens"] == openai["files"][0]["tokens"]
    assert azure["files"][0]["epochs"] == openai["files"][0]["epochs"]  # Azure's cookbook


def test_unknown_model_for_the_target_warns_and_counts_with_the_default(run: Run) -> None:
    result = run(
        "stats", "-o", "json", "--target", "bedrock-claude", "--model", "gpt-4o", str(CLAUDE)
    )
    assert result.exit_code == 0
    assert "unknown model 'gpt-4o' for target bedrock-claude" in result.stderr
    assert json.loads(result.stdout)["files"][0]["model_source"] == "default"


def test_a_format_the_target_does_not_take_is_one_line(run: Run) -> None:
    result = run("stats", "--target", "bedrock-nova", "--format", "chat", str(NOVA))
    assert result.exit_code == 2
    assert result.stderr == (
        "ftlint: error: --format chat: target bedrock-nova takes bedrock-conversation,"
        " bedrock-nova-dpo, bedrock-nova-rft, bedrock-nova-cpt, bedrock-distillation (or auto)\n"
    )


def test_checks_summary_gives_default_epochs_only_where_they_are_the_cookbooks(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check's last line names the cookbook's default epochs for OpenAI and Azure only, as
    stats does (:func:`ftlint.stats.target_epochs`); the configured target counts too."""
    azure = ROOT / "azure" / "valid" / "images_64.jsonl"
    for target, path in (("openai", azure), ("azure", azure), ("bedrock-nova", NOVA)):
        last = run("check", "--target", target, str(path)).stdout.splitlines()[-1]
        (file,) = _json(run, "--target", target, str(path))["files"]
        if target == "bedrock-nova":
            assert "epochs" not in last and file["epochs"] is None
        else:
            assert f", {file['epochs']} epochs by default;" in last, last
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\ntarget = "bedrock-claude"\n')
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    last = run("check", str(CLAUDE)).stdout.splitlines()[-1]
    assert last == "stats: 32 valid examples; tokens, limits and cost: ftlint stats"


def test_the_configured_target_is_honoured(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\ntarget = "bedrock-claude"\n')
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    doc = _json(run, str(CLAUDE))
    assert doc["target"]["name"] == "bedrock-claude"
    assert doc["files"][0]["format"] == "claude-messages"
    # The command line wins over the configuration.
    assert _json(run, "--target", "openai", str(CLAUDE))["files"][0]["valid"] == 0


def test_a_broken_configuration_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\ntarget = "nowhere"\n')
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("stats", str(CLAUDE))
    assert result.exit_code == 2
    assert result.stderr.startswith("ftlint: error: ") and "target" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_worker_batch_counts_as_inline() -> None:
    """The pool's batches carry the counting (an estimate here): same numbers as inline."""
    how = counting.resolve("bedrock-claude", "anthropic.claude-3-haiku-20240307-v1:0:200k")
    assert how is not None
    raws = [line.encode() for line in CLAUDE.read_text().splitlines()]
    decode = decoder("claude-messages").decode
    inline = ExampleStats()
    for i, raw in enumerate(raws, start=1):
        inline.add(decode(raw), "claude-messages", i, how.measure(), how.limit)
    batch, lengths, shape = _count_batch(
        "claude-messages", how, (), how.limit, list(enumerate(raws, start=1))
    )
    assert batch == inline and inline.counted and lengths == () and shape is None


def test_the_python_api_takes_the_target() -> None:
    result = run_stats([str(CLAUDE)], StatsOptions(target="bedrock-claude"))
    assert result.target == "bedrock-claude"
    (file,) = result.files
    assert file.counting is not None and file.counting.how == "estimate"
    assert file.examples.counted
