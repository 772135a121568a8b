"""A job's validation file, per target: its own limits (F901 counts, F902 size), the two
files together (F903), and the training-file count rules (B030, B031, B105) that do not
apply to it. Fixtures both ways in ``fixtures/pairs/targets/`` (see its README).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ftlint import targets
from ftlint.engine import Options
from ftlint.engine.filecheck import FileCheck
from ftlint.reader import batched
from ftlint.rules import REGISTRY

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "pairs" / "targets"
# Rules that need a file to be named as the validation file: no fixture of valid/ or
# invalid/ can fire them (tests/test_fixtures.py leaves them to this module).
VALIDATION_RULES = frozenset({"F901", "F902", "F903", "F905"})
Run = Callable[..., Result]


def _pair(run: Run, target: str, train: Path | str, valid: Path | str) -> list[tuple[str, str]]:
    """(code, file name) of every finding of ``check --target T TRAIN --validation VALID``."""
    result = run(
        "check", "-q", "-o", "json", "--target", target, str(train), "--validation", str(valid)
    )
    assert result.exit_code in (0, 1), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return [(f["code"], Path(f["path"]).name) for f in doc["findings"]]


@pytest.mark.parametrize(
    ("target", "valid", "expected"),
    [
        ("bedrock-claude", "valid_32.jsonl", []),
        ("bedrock-claude", "valid_31.jsonl", ["F901"]),
        ("bedrock-claude", "valid_1000.jsonl.gz", []),
        ("bedrock-claude", "valid_1001.jsonl.gz", ["F901"]),
        ("bedrock-llama", "valid_1000.jsonl.gz", []),
        ("bedrock-llama", "valid_1001.jsonl.gz", ["F901"]),
        ("vertex-gemini", "valid_5000.jsonl.gz", []),
        ("vertex-gemini", "valid_5001.jsonl.gz", ["F901"]),
        ("bedrock-nova", "valid_5.jsonl", []),
    ],
)
def test_validation_count_caps_both_ways(
    run: Run, target: str, valid: str, expected: list[str]
) -> None:
    found = _pair(run, target, PAIRS / target / "train.jsonl", PAIRS / target / valid)
    assert found == [(code, valid) for code in expected]


@pytest.mark.parametrize(
    ("target", "valid", "errors"),
    [
        ("bedrock-nova", "valid_5.jsonl", 0),  # 5 < Nova's training minimum of 8 (B030)
        ("bedrock-claude", "valid_31.jsonl", 1),  # F901, not B030 (32 to 10,000)
        ("bedrock-claude", "valid_1000.jsonl.gz", 0),
        ("bedrock-llama", "valid_1001.jsonl.gz", 1),  # F901: 1,000 at most
    ],
)
def test_stats_checks_the_validation_file_as_check_does(
    run: Run, target: str, valid: str, errors: int
) -> None:
    """stats --validation holds the validation file to the target's validation limits, as
    check --validation does, not to the training ones."""
    train, path = PAIRS / target / "train.jsonl", PAIRS / target / valid
    result = run("stats", "-o", "json", "--target", target, str(train), "--validation", str(path))
    assert result.exit_code == 0, result.output
    counted = json.loads(result.stdout)["validation"]
    assert counted["errors"] == errors
    own = [code for code, name in _pair(run, target, train, path) if name == valid]
    assert len(own) == errors and not {"B030", "B031", "B105"} & set(own)


@pytest.mark.parametrize(
    ("model", "expected"),
    [("amazon.nova-2-lite-v1:0", ["F905"]), ("amazon.nova-lite-v1:0", []), (None, [])],
)
def test_nova_2_lite_takes_no_validation_file(
    run: Run, model: str | None, expected: list[str]
) -> None:
    """BN12: Nova 2 Lite's SFT jobs take no validation file; Nova 1's do."""
    train, valid = PAIRS / "bedrock-nova" / "train.jsonl", PAIRS / "bedrock-nova" / "valid_5.jsonl"
    args = ["--model", model] if model else []
    result = run(
        "check", "-q", "-o", "json", "--target", "bedrock-nova", *args, str(train),
        "--validation", str(valid),
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output  # Nova 2 Lite's training minimum: B030
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings if Path(f["path"]).name == valid.name] == expected
    alone = run("check", "-q", "--target", "bedrock-nova", *args, str(valid))
    assert "F905" not in alone.stdout  # a file checked alone is a training file


def test_the_message_names_the_target_and_its_bounds(run: Run) -> None:
    target = "bedrock-llama"
    result = run(
        "check", "--target", target, str(PAIRS / target / "train.jsonl"),
        "--validation", str(PAIRS / target / "valid_1001.jsonl.gz"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        "valid_1001.jsonl.gz: F901 [error] validation file has 1,001 examples; Amazon Bedrock:"
        " Meta Llama 3.2 (conversation schema) takes at most 1,000 in a validation file"
    ) in result.stdout


def test_claude_vendor_bug_training_limits_on_a_validation_file(run: Run) -> None:
    """AWS's checker checks a validation file with the training limits (32 to 10,000), so it
    passes 1,001 validation records; the README says 1,000 at most, and ftlint follows it
    (reference D-BC1). Checked alone, as a training file, the same file passes B105."""
    valid = PAIRS / "bedrock-claude" / "valid_1001.jsonl.gz"
    alone = run("check", "-q", "-o", "json", "--target", "bedrock-claude", str(valid))
    assert alone.exit_code == 0 and json.loads(alone.stdout)["findings"] == []
    found = _pair(run, "bedrock-claude", PAIRS / "bedrock-claude" / "train.jsonl", valid)
    assert found == [("F901", valid.name)]


def test_nova_minimum_is_the_training_sets(run: Run) -> None:
    valid = PAIRS / "bedrock-nova" / "valid_5.jsonl"
    alone = run("check", "-q", "-o", "json", "--target", "bedrock-nova", str(valid))
    assert [f["code"] for f in json.loads(alone.stdout)["findings"]] == ["B030"]
    assert _pair(run, "bedrock-nova", PAIRS / "bedrock-nova" / "train.jsonl", valid) == []


def _conversation(i: int) -> str:
    return json.dumps(
        {
            "schemaVersion": "bedrock-conversation-2024",
            "messages": [
                {"role": "user", "content": [{"text": f"What is {i} + {i}?"}]},
                {"role": "assistant", "content": [{"text": f"{2 * i}."}]},
            ],
        }
    )


def _claude(i: int) -> str:
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": f"What is {i} + {i}?"},
                {"role": "assistant", "content": f"{2 * i}."},
            ]
        }
    )


def _gz(path: Path, lines: list[str]) -> Path:
    """The lines, gzipped where the name says so (Nova takes only .jsonl: F904)."""
    data = "".join(line + "\n" for line in lines).encode()
    if path.suffix == ".gz":
        with gzip.open(path, "wb") as out:
            out.write(data)
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("target", "make", "total"),
    [("bedrock-nova", _conversation, 20_000), ("bedrock-claude", _claude, 10_000)],
)
def test_training_and_validation_together_both_ways(
    run: Run, tmp_path: Path, target: str, make: Callable[[int], str], total: int
) -> None:
    suffix = ".jsonl" if target == "bedrock-nova" else ".jsonl.gz"
    valid = _gz(tmp_path / f"valid{suffix}", [make(10**6 + i) for i in range(40)])
    for extra, expected in ((0, []), (1, [("F903", f"valid{suffix}")])):
        train = _gz(tmp_path / f"train{suffix}", [make(i) for i in range(total - 40 + extra)])
        assert _pair(run, target, train, valid) == expected, extra


def _chat(i: int, pad: int) -> str:
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": f"What is {i} + {i}?" + " " * pad},
                {"role": "assistant", "content": f"{2 * i}."},
            ]
        }
    )


def test_mistral_validation_data_is_1_mb_at_most(run: Run, tmp_path: Path) -> None:
    train = PAIRS / "mistral" / "train.jsonl"
    lines = [_chat(10**6 + i, 950) for i in range(1000)]
    data = "".join(line + "\n" for line in lines).encode()
    assert len(data) > 1_000_000
    cut = data[: data.rindex(b"\n", 0, 1_000_000) + 1]
    (tmp_path / "under.jsonl").write_bytes(cut)
    (tmp_path / "over.jsonl").write_bytes(data)
    assert _pair(run, "mistral", train, tmp_path / "under.jsonl") == []
    assert _pair(run, "mistral", train, tmp_path / "over.jsonl") == [("F902", "over.jsonl")]
    # The same file as a training file: 512 MB is Mistral's limit there.
    alone = run("check", "-q", "-o", "json", "--target", "mistral", str(tmp_path / "over.jsonl"))
    assert json.loads(alone.stdout)["findings"] == []


def _size_codes(target: str, size: int, *, validation: bool) -> set[str]:
    lines = [b'{"prompt": "Capital of France?", "completion": "Paris."}\n'] * 3
    check = FileCheck("valid.jsonl", Options(target=target, validation=validation), size=size)
    check.run(batched(lines))
    return {f.code for f in check.finish().findings} & VALIDATION_RULES


def test_bedrock_text_validation_file_is_100_mb_at_most() -> None:
    cap = targets.get("bedrock-text").limit("validation_bytes")
    assert cap == 100 * 1024**2
    assert _size_codes("bedrock-text", cap, validation=True) == set()
    assert _size_codes("bedrock-text", cap + 1, validation=True) == {"F902"}
    assert _size_codes("bedrock-text", cap + 1, validation=False) == set()


def test_every_cap_names_its_source() -> None:
    """Each validation limit of each target has a source, and the rule's documentation,
    made from the targets' table, lists it."""
    limits = {
        "F901": ("validation_min_examples", "validation_max_examples"),
        "F902": ("validation_bytes",),
        "F903": ("total_max_examples",),
    }
    for code, names in limits.items():
        doc = REGISTRY[code].doc
        for target in targets.TARGETS.values():
            for name in names:
                if target.limit(name) is None:
                    continue
                assert code in target.add, (target.name, code)
                source = target.sources[name]
                assert source.startswith("https://"), (target.name, name)
                assert f"`{target.name}`" in doc and source in doc, (target.name, code)


def test_openai_validation_files_keep_their_rules(run: Run) -> None:
    """OpenAI has no F9xx: its RFT test-file cap is F012, and a validation file still needs
    10 examples (F001), as before."""
    assert not VALIDATION_RULES & set(targets.get("openai").add)
    rft = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"
    found = _pair(run, "openai", rft / "rft_train.jsonl", rft / "rft_valid_1001.jsonl")
    assert found == [("F012", "rft_valid_1001.jsonl")]


OPENAI_PAIRS = PAIRS.parent


@pytest.mark.parametrize(
    ("valid", "code", "refused"),
    [
        ("rft_valid_1001.jsonl", "F012", True),
        ("chat_valid.jsonl", "F013", True),
        ("rft_valid_overlap.jsonl", "F014", False),
    ],
)
def test_stats_applies_the_pair_rules_as_check_does(
    run: Run, valid: str, code: str, refused: bool
) -> None:
    """stats --validation reports the pair's rules (F012-F014) on the validation file: its
    error and warning counts are check --validation's, and a job the pair refuses is a
    "cannot run" line, as F009 is."""
    train, path = OPENAI_PAIRS / "rft_train.jsonl", OPENAI_PAIRS / valid
    checked = run("check", "-q", "-o", "json", str(train), "--validation", str(path))
    own = [f for f in json.loads(checked.stdout)["findings"] if Path(f["path"]).name == valid]
    assert code in {f["code"] for f in own}
    result = run("stats", "-o", "json", str(train), "--validation", str(path))
    assert result.exit_code == 0, result.output
    counted = json.loads(result.stdout)["validation"]
    assert counted["errors"] == sum(f["severity"] == "error" for f in own)
    assert counted["warnings"] == sum(f["severity"] == "warning" for f in own)
    text = run("stats", str(train), "--validation", str(path)).stdout
    message = next(f["message"] for f in own if f["code"] == code)
    assert (f"cannot run  {message}" in text) is refused
