"""``ftlint fix --target T``: the target's rules and remedies apply, and what is left passes
``ftlint check --target T`` but for findings no line remedy can reach (the file-level
counts); every input line is in OUT, in REJ or in the log.

Every fixture of ``fixtures/targets/`` is fixed with its target and checked again; the
provider remedies themselves (Mistral's tool-call ids T501, Llama's schemaVersion B017)
have their fixtures both ways in ``tests/test_fix.py``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import ftlint
from ftlint.findings import Severity
from ftlint.fix import FixError, FixOptions, FixRequest, fix
from ftlint.rules.remedies import remedies_for

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
TARGET_FIXTURES = sorted(
    p for p in (ROOT / "targets").glob("*/*/*") if p.name.endswith((".jsonl", ".jsonl.gz"))
)
Run = Callable[..., Result]


def _format(fixture: Path) -> str:
    """The fixture's ``# format:`` header, or auto."""
    expected = fixture.parent / (fixture.name.split(".jsonl")[0] + ".expected")
    if expected.exists():
        for line in expected.read_text().splitlines():
            key, _, value = line.removeprefix("#").partition(":")
            if line.startswith("#") and key.strip() == "format":
                return value.strip()
    return "auto"


def _log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize(
    "fixture", TARGET_FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "targets"))
)
def test_fixed_output_passes_check_for_the_target(run: Run, tmp_path: Path, fixture: Path) -> None:
    target = fixture.relative_to(ROOT / "targets").parts[0]
    out, rej, log = (tmp_path / n for n in ("out.jsonl", "rej.jsonl", "log.jsonl"))
    fmt = _format(fixture)
    args = ["--target", target, "--format", fmt, "--rejects", str(rej), "--log", str(log)]
    result = run("fix", str(fixture), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert f"target {target}" in result.stdout
    report = ftlint.check_file(str(out), target=target, format=fmt)
    line_errors = [
        f for f in report.findings if f.line is not None and f.severity is Severity.ERROR
    ]
    assert line_errors == []
    # Every line is accounted for: written, rejected, or dropped in the log.
    records = _log(log)
    rejected = [r for r in records if r["action"].startswith("rejected")]
    assert len(rej.read_bytes().splitlines()) == len(rejected)
    summary = result.stdout
    read = int(summary.split(" lines read")[0])
    dropped = sum(r["action"].startswith("dropped") for r in records)
    split = sum(len(r["after"]) - 1 for r in records if isinstance(r.get("after"), list))
    assert len(out.read_bytes().splitlines()) + len(rejected) + dropped == read + split
    # What check still finds in OUT is about the whole file (a count), or not an error.
    assert all(f.line is None or f.severity is not Severity.ERROR for f in report.findings)


def test_valid_target_fixtures_are_copied_byte_for_byte(run: Run, tmp_path: Path) -> None:
    for fixture in (p for p in TARGET_FIXTURES if p.parent.name == "valid"):
        target = fixture.relative_to(ROOT / "targets").parts[0]
        out = tmp_path / f"{target}-{fixture.name}"
        result = run("fix", str(fixture), "-o", str(out), "--target", target)
        assert result.exit_code == 0, (fixture, result.output)
        # A byte-order mark is dropped (J004's remedy, an info finding), as under OpenAI.
        assert _data(out) == _data(fixture).replace(b"\xef\xbb\xbf", b""), fixture


def _data(path: Path) -> bytes:
    """The lines a file holds (a gzip header may name the file: not data)."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def test_native_lines_are_not_fixed_as_openai_data(run: Run, tmp_path: Path) -> None:
    """Without --target, a Bedrock file is not OpenAI data: its lines are unfixable and
    go to REJ as they are; with it, they are valid."""
    source = ROOT / "targets" / "bedrock-nova" / "valid" / "conversation.jsonl"
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    result = run("fix", str(source), "-o", str(out), "--rejects", str(rej))
    assert result.exit_code == 0
    assert rej.read_bytes() == source.read_bytes() and out.read_bytes() == b""
    result = run("fix", str(source), "-o", str(out), "--force", "--target", "bedrock-nova")
    assert result.exit_code == 0 and out.read_bytes() == source.read_bytes()


def test_the_configured_target_is_honoured(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\ntarget = "mistral"\n')
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    source = ROOT / "fix" / "mistral_call_ids.jsonl"
    result = run("fix", str(source), "-o", "out.jsonl")
    assert result.exit_code == 0, result.output
    assert "T501  2  replaced tool-call ids" in result.stdout
    assert (
        Path("out.jsonl").read_bytes()
        == (ROOT / "fix" / "mistral_call_ids.fixed.jsonl").read_bytes()
    )
    # The command line wins: OpenAI takes these ids as they are.
    result = run("fix", str(source), "-o", "openai.jsonl", "--target", "openai")
    assert result.exit_code == 0 and Path("openai.jsonl").read_bytes() == source.read_bytes()


def test_a_flag_whose_rule_the_target_lacks_is_one_line(run: Run, tmp_path: Path) -> None:
    source = ROOT / "targets" / "bedrock-nova" / "valid" / "conversation.jsonl"
    out = tmp_path / "out.jsonl"
    result = run(
        "fix", str(source), "-o", str(out), "--target", "bedrock-nova", "--drop-duplicates"
    )
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr == (
        "ftlint: error: --drop-duplicates: F006 is not a rule of target bedrock-nova\n"
    )


def test_a_format_the_target_does_not_take_is_one_line(run: Run, tmp_path: Path) -> None:
    source = ROOT / "fix" / "mistral_call_ids.jsonl"
    out = tmp_path / "out.jsonl"
    result = run(
        "fix", str(source), "-o", str(out), "--target", "mistral", "--format", "preference"
    )
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr == (
        "ftlint: error: --format preference: target mistral takes chat, mistral-classifier"
        " (or auto)\n"
    )


def test_the_python_api_takes_the_target(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    request = FixRequest(
        path=str(ROOT / "fix" / "llama_schema_version.jsonl"),
        output=str(out),
        options=FixOptions(target="bedrock-llama"),
    )
    summary = fix(request)
    assert (summary.fixed, summary.kept) == (2, 1)
    (remedy,) = remedies_for("B017")
    assert summary.changes == {("B017", remedy.action): 2}
    with pytest.raises(FixError, match="unknown target"):
        fix(
            FixRequest(path=request.path, output=None, dry_run=True, options=FixOptions(target="x"))
        )
