"""``ftlint convert`` end to end: every line accounted for, rejects byte for byte, the log,
exit codes, and the guarantees of ``split``: the input is never touched, outputs are
written atomically (or not at all), the same input gives the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "convert" / "chat.jsonl"

Run = Callable[..., Result]


def _log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def convert(run: Run, tmp_path: Path, source: Path, *args: str) -> tuple[Result, dict[str, Path]]:
    paths = {name: tmp_path / f"{name}.jsonl" for name in ("out", "rej", "log")}
    result = run(
        "convert",
        str(source),
        "-o",
        str(paths["out"]),
        "--rejects",
        str(paths["rej"]),
        "--log",
        str(paths["log"]),
        *args,
    )
    return result, paths


def test_fixture_to_nova_accounts_for_every_line(run: Run, tmp_path: Path) -> None:
    before = FIXTURE.read_bytes()
    result, paths = convert(run, tmp_path, FIXTURE, "--to", "bedrock-nova")
    assert result.exit_code == 1, result.output
    assert FIXTURE.read_bytes() == before
    assert "openai-chat -> bedrock-conversation" in result.output
    inputs = before.splitlines(keepends=True)
    log = _log(paths["log"])
    assert sorted({r["line"] for r in log}) == list(range(1, len(inputs) + 1))
    by_action: dict[str, list[int]] = {}
    for record in log:
        by_action.setdefault(record["action"], []).append(record["line"])
    out, rej = _lines(paths["out"]), _lines(paths["rej"])
    assert len(out) == len(by_action["converted"])
    # Rejected lines are the input's lines, byte for byte and in order.
    assert rej == [inputs[n - 1] for n in by_action["rejected"]]
    assert len(by_action.get("blank", [])) == sum(1 for line in inputs if not line.strip())
    for record in log:
        raw = inputs[record["line"] - 1].rstrip(b"\n")
        if record["action"] != "blank":
            assert record["sha256_before"] == hashlib.sha256(raw).hexdigest()
        if record["action"] == "converted":
            written = out[record["output_line"] - 1].rstrip(b"\n")
            assert record["sha256_after"] == hashlib.sha256(written).hexdigest()
        if record["action"] == "rejected":
            assert record["rule"] and record["reason"]
    rules = {r["rule"]: r["refs"] for r in log if r["action"] == "rejected"}
    # Alternation, an image outside S3 (the codes check --target bedrock-nova reports), and
    # an untrained turn (a conversion rule); each with the reference's ids for its rule.
    assert {
        "B003": ["BN4", "BL2"],
        "B011": ["BN8", "BL2"],
        "M101": ["§8.1", "§8.2", "R20"],
    }.items() <= rules.items()
    for line in out:
        assert line.endswith(b"\n") and json.loads(line)["schemaVersion"]


def test_merge_flag_converts_and_logs_the_merge(run: Run, tmp_path: Path) -> None:
    result, paths = convert(run, tmp_path, FIXTURE, "--to", "bedrock-nova", "--merge-consecutive")
    merged = [r for r in _log(paths["log"]) if r["action"] == "merged"]
    assert len(merged) == 1 and (merged[0]["rule"], merged[0]["refs"]) == ("B003", ["BN4", "BL2"])
    assert merged[0]["sha256_after"] is not None
    assert "merged" in result.output and "lossy changes in 1 converted lines" in result.output


def test_same_input_same_bytes(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, a = convert(run, tmp_path / "a", FIXTURE, "--to", "vertex-gemini")
    second, b = convert(run, tmp_path / "b", FIXTURE, "--to", "vertex-gemini")
    for name in ("out", "rej", "log"):
        assert a[name].read_bytes() == b[name].read_bytes()
    assert first.output == second.output.replace(str(tmp_path / "b"), str(tmp_path / "a"))


def test_all_converted_exits_0(run: Run, tmp_path: Path, write_jsonl: Callable[..., Path]) -> None:
    source = write_jsonl(
        "share.jsonl",
        [
            {
                "conversations": [
                    {"from": "human", "value": f"q{i}"},
                    {"from": "gpt", "value": f"a{i}"},
                ]
            }
            for i in range(3)
        ],
    )
    result, paths = convert(run, tmp_path, source, "--to", "openai")
    assert result.exit_code == 0, result.output
    assert "sharegpt -> openai-chat" in result.output
    assert json.loads(_lines(paths["out"])[2]) == {
        "messages": [{"role": "user", "content": "q2"}, {"role": "assistant", "content": "a2"}]
    }
    assert paths["rej"].read_bytes() == b""


def test_bad_lines_are_rejected_not_fatal(
    run: Run, tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    good = {"conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": "a"}]}
    source = write_jsonl(
        "mixed.jsonl",
        [
            b"\xef\xbb\xbf" + json.dumps(good).encode(),
            b"{oops",
            b"[1]",
            b'{"conversations": [], "conversations": []}',
            json.dumps(good).encode() + b"\r",
        ],
    )
    result, paths = convert(run, tmp_path, source, "--to", "openai-chat")
    assert result.exit_code == 1
    rejected = {r["line"]: r["rule"] for r in _log(paths["log"]) if r["action"] == "rejected"}
    assert rejected == {2: "J001", 3: "J002", 4: "J010"}
    assert len(_lines(paths["out"])) == 2  # the BOM and the CR are not data
    assert _lines(paths["rej"]) == _lines(source)[1:4]


def test_from_given_rejects_lines_of_another_shape(
    run: Run, tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    source = write_jsonl("a.jsonl", [{"instruction": "i", "input": "", "output": "o"}])
    result, paths = convert(run, tmp_path, source, "--to", "openai", "--from", "sharegpt")
    assert result.exit_code == 1
    assert _log(paths["log"])[0]["rule"] == "M001"


def test_mixed_file_is_refused_and_nothing_written(
    run: Run, tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    source = write_jsonl(
        "mixed.jsonl",
        [{"conversations": [{"from": "human", "value": "q"}]}, {"instruction": "i", "output": "o"}],
    )
    result, paths = convert(run, tmp_path, source, "--to", "openai")
    assert result.exit_code == 2
    assert result.output.startswith("ftlint: error: mixed file: line 2 looks like alpaca")
    assert not any(p.exists() for p in paths.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.jsonl"]  # no temporary files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "sharegpt"), "a source format only"),
        (("--to", "bedrock-claude", "--from", "trl-preference"), "takes no preference data"),
    ],
)
def test_usage_errors(run: Run, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result, paths = convert(run, tmp_path, FIXTURE, *args)
    assert result.exit_code == 2 and message in result.output
    assert not any(p.exists() for p in paths.values())


def test_outputs_are_guarded(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(FIXTURE.read_bytes())
    same = run("convert", str(source), "--to", "vertex-gemini", "-o", str(source), "--force")
    assert same.exit_code == 2 and "is an input" in same.output
    assert source.read_bytes() == FIXTURE.read_bytes()
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    refused = run("convert", str(source), "--to", "vertex-gemini", "-o", str(out))
    assert refused.exit_code == 2 and "exists; pass --force" in refused.output
    assert out.read_text() == "keep me\n"
    twice = run(
        "convert",
        str(source),
        "--to",
        "vertex-gemini",
        "-o",
        str(out),
        "--log",
        str(out),
        "--force",
    )
    assert twice.exit_code == 2 and "given twice" in twice.output
    assert (
        run("convert", str(source), "--to", "vertex-gemini", "-o", str(out), "--force").exit_code
        == 1
    )
    assert out.read_text() != "keep me\n"


def test_gzip_and_stdin(run: Run, tmp_path: Path) -> None:
    packed = tmp_path / "in.jsonl.gz"
    packed.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    plain = run("convert", str(FIXTURE), "--to", "vertex-gemini", "-o", str(tmp_path / "a.jsonl"))
    gz = run("convert", str(packed), "--to", "vertex-gemini", "-o", str(tmp_path / "b.jsonl"))
    piped = run(
        "convert",
        "-",
        "--to",
        "vertex-gemini",
        "-o",
        str(tmp_path / "c.jsonl"),
        input=FIXTURE.read_bytes(),
    )
    assert plain.exit_code == gz.exit_code == piped.exit_code == 1
    data = (tmp_path / "a.jsonl").read_bytes()
    assert (
        data and data == (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "c.jsonl").read_bytes()
    )


def test_without_rejects_file_the_summary_says_so(run: Run, tmp_path: Path) -> None:
    result = run("convert", str(FIXTURE), "--to", "bedrock-claude", "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "(no --rejects file)" in result.output
    assert "rejected lines by reason:" in result.output


def test_readme_example_is_a_real_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README shows the summary, a rejected line and the log of this very command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ ftlint convert fixtures/convert/chat.jsonl --to bedrock-nova -o nova.jsonl"
    block = readme[readme.index(command) :].split("```", 1)[0].splitlines()
    monkeypatch.chdir(ROOT)
    out, rej, log = (
        str(tmp_path / name) for name in ("nova.jsonl", "nova-rejects.jsonl", "nova-log.jsonl")
    )
    result = run(
        "convert",
        "fixtures/convert/chat.jsonl",
        "--to",
        "bedrock-nova",
        "-o",
        out,
        "--rejects",
        rej,
        "--log",
        log,
    )
    summary = result.output.replace(f"{tmp_path}/", "").splitlines()
    assert block[1 : 1 + len(summary)] == summary
    shown_reject = block[block.index("$ head -1 nova-rejects.jsonl") + 1]
    assert shown_reject == Path(rej).read_text(encoding="utf-8").splitlines()[0]
    start = block.index("$ grep -v '\"converted\"' nova-log.jsonl") + 1
    records = [
        line
        for line in Path(log).read_text(encoding="utf-8").splitlines()
        if '"converted"' not in line
    ]
    assert block[start:] == records


def test_alpaca_input_is_joined_only_under_the_flag(
    run: Run, tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    source = write_jsonl(
        "alpaca.jsonl",
        [
            {"instruction": "Translate to French", "input": "cat", "output": "chat"},
            {"instruction": "Name a colour", "input": "", "output": "Blue"},
        ],
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    refused, paths = convert(run, tmp_path / "a", source, "--to", "openai")
    assert refused.exit_code == 1
    log = _log(paths["log"])
    assert [(r["action"], r["rule"]) for r in log] == [("rejected", "M003"), ("converted", None)]
    assert "--merge-consecutive" in log[0]["reason"]
    joined, paths = convert(run, tmp_path / "b", source, "--to", "openai", "--merge-consecutive")
    assert joined.exit_code == 0
    assert [(r["action"], r["rule"]) for r in _log(paths["log"])] == [
        ("converted", None),
        ("joined", "M003"),
        ("converted", None),
    ]
    first = json.loads(_lines(paths["out"])[0])
    assert first["messages"][0] == {"role": "user", "content": "Translate to French\n\ncat"}
