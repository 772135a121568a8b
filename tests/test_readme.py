"""The README documents every rule, exactly as the registry describes it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ftlint.cli import main
from ftlint.rules import REGISTRY

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_lists_every_rule_code() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [code for code in REGISTRY if f"| {code} |" not in text]
    assert not missing, f"README.md has no table row for: {missing} (see `ftlint rules --markdown`)"


def test_readme_rule_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    table = CliRunner().invoke(main, ["rules", "--markdown"]).output
    stale = [row for row in table.splitlines()[2:] if row not in text]
    assert not stale, "README rule rows differ from `ftlint rules --markdown`:\n" + "\n".join(stale)


def test_readme_targets_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    table = CliRunner().invoke(main, ["targets", "-o", "markdown"]).output
    stale = [row for row in table.splitlines() if row not in text]
    assert not stale, "README targets rows differ from `ftlint targets -o markdown`:\n" + "\n".join(
        stale
    )
