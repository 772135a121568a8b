"""Every command that takes --target runs on every target's own fixtures.

Targets add Structs of their own (dialects, native formats), and each command meets them
through a different path (check's walk, stats' counters, fix's remedies): a path that does
not know a target's classes shows here as an internal error, whatever the fixture holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ftlint.cli import main

TARGETS = Path(__file__).resolve().parent.parent / "fixtures" / "targets"
CASES = sorted(
    (target.name, fixture)
    for target in TARGETS.iterdir()
    if target.is_dir()
    for fixture in sorted(target.glob("*/*.jsonl"))
)


@pytest.mark.parametrize(("target", "fixture"), CASES, ids=lambda v: getattr(v, "name", v))
def test_stats_and_fix_take_each_targets_data(target: str, fixture: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    stats = runner.invoke(main, ["stats", "-o", "json", "--target", target, str(fixture)])
    assert stats.exit_code in (0, 1), stats.output
    assert "internal error" not in stats.output
    (file,) = json.loads(stats.stdout)["files"]
    with fixture.open("rb") as data:
        lines = sum(1 for line in data if line.strip())
    assert file["examples"] == lines
    assert file["valid"] + file["invalid"] == lines
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    fixed = runner.invoke(
        main, ["fix", "--target", target, str(fixture), "-o", str(out), "--log", str(log)]
    )
    assert fixed.exit_code in (0, 1), fixed.output
    assert "internal error" not in fixed.output
    assert out.exists()
