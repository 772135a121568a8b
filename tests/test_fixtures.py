"""Every file under fixtures/ carries its expected findings; this test diffs them.

Layout: ``fixtures/{valid,invalid}/NAME.jsonl`` (or ``.ndjson``, ``.jsonl.gz``, and
Together's ``.parquet``) and,
beside it, ``NAME.expected``. Each non-comment line of the expected file is one finding:

    LINE:COLUMN CODE     a finding on a line, with its 1-based column
    LINE CODE            a finding on a line without a column
    - CODE               a file-level finding

A ``# format: NAME`` line passes ``--format NAME``, ``# select: CODES`` passes
``--select CODES`` (comma-separated; opt-in rules such as J010 need it), ``# model:
NAME`` passes ``--model NAME``, ``# max-line-bytes: N`` passes ``--max-line-bytes N`` and
``# target: NAME`` passes ``--target NAME``; other ``#`` lines are comments. The fixtures
of a provider target live in ``fixtures/targets/TARGET/{valid,invalid}/``; their target is
the directory's unless a header names it. A
fixture without an expected file must have no findings at all. Valid fixtures may expect
warnings and info findings, never errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ftlint
from ftlint.rules import REGISTRY
from ftlint.rules.registry import CONVERSION
from test_limits import LIMIT_RULES
from test_real_files import PAIR_RULES
from test_validation_caps import VALIDATION_RULES

ROOT = Path(__file__).resolve().parent.parent / "fixtures"
SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".parquet")


def _fixtures() -> list[Path]:
    # Provider targets' fixtures: fixtures/targets/TARGET/{valid,invalid}/NAME (issue #14).
    return sorted(
        p
        for p in (*ROOT.glob("*/*"), *ROOT.glob("targets/*/*/*"))
        if p.name.endswith(SUFFIXES) and p.parent.name in ("valid", "invalid")
    )


def _directory_target(fixture: Path) -> str:
    """``fixtures/targets/T/valid/X.jsonl`` is T's; any other fixture is OpenAI's."""
    parts = fixture.relative_to(ROOT).parts
    return parts[1] if parts[0] == "targets" else "openai"


def _stem(path: Path) -> str:
    name = path.name
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_LINE = "max-line-bytes"


def load_options(fixture: Path) -> dict[str, Any]:
    """The check options a fixture's expected file asks for (format, select, model)."""
    expected = fixture.with_name(_stem(fixture) + ".expected")
    options: dict[str, Any] = {"format": "auto", "target": _directory_target(fixture)}
    select = None
    if expected.exists():
        for raw in expected.read_text(encoding="utf-8").splitlines():
            key, _, value = raw.strip().removeprefix("#").partition(":")
            key, value = key.strip(), value.strip()
            if not raw.startswith("#") or key not in ("format", "select", "model", "target", _LINE):
                continue
            if key == _LINE:
                options["max_line_bytes"] = int(value)
            elif key == "select":
                select = value.split(",")
            else:
                options[key] = value
    if select is not None:
        options["rules"] = ftlint.select_rules(select, target=options["target"])
    if options["target"] == "openai":
        del options["target"]  # the default: the fixtures of OpenAI run as they always did
    return options


def load_expected(fixture: Path) -> tuple[str, list[str]]:
    """The ``--format`` and the sorted expected findings of a fixture."""
    expected = fixture.with_name(_stem(fixture) + ".expected")
    rows: list[str] = []
    if expected.exists():
        for raw in expected.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                rows.append(" ".join(line.split()))
    return load_options(fixture)["format"], sorted(rows)


def actual_rows(report: ftlint.Report) -> list[str]:
    rows = []
    for f in report.findings():
        if f.line is None:
            rows.append(f"- {f.code}")
        elif f.column is None:
            rows.append(f"{f.line} {f.code}")
        else:
            rows.append(f"{f.line}:{f.column} {f.code}")
    return sorted(rows)


FIXTURES = _fixtures()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_findings(fixture: Path) -> None:
    _, expected = load_expected(fixture)
    report = ftlint.check_file(str(fixture), **load_options(fixture))
    actual = actual_rows(report)
    details = "\n".join(f"  {f.line}:{f.column} {f.code} {f.message}" for f in report.findings())
    assert actual == expected, f"findings differ for {fixture.name}:\n{details}"
    if fixture.parent.name == "valid":
        assert report.errors == 0, f"valid fixture has errors:\n{details}"


def test_fixture_set_is_not_empty() -> None:
    assert any(p.parent.name == "valid" for p in FIXTURES)
    assert any(p.parent.name == "invalid" for p in FIXTURES)


def test_target_fixtures_name_their_target() -> None:
    """A provider fixture's expected file says its target, and it is the directory's."""
    for fixture in FIXTURES:
        target = _directory_target(fixture)
        expected = fixture.with_name(_stem(fixture) + ".expected")
        if target == "openai" or not expected.exists():
            continue
        assert f"# target: {target}" in expected.read_text(encoding="utf-8"), fixture


def test_every_rule_has_fixtures_both_ways() -> None:
    """Each code fires in some invalid fixture, and some clean fixture of its formats lacks it."""
    fired: set[str] = set()
    clean_formats: set[str] = set()
    for fixture in FIXTURES:
        _, expected = load_expected(fixture)
        codes = {row.split()[-1] for row in expected}
        if fixture.parent.name == "invalid":
            fired |= codes
        else:
            report = ftlint.check_file(str(fixture), **load_options(fixture))
            clean_formats |= {f.format for f in report.files if f.format}
    # Rules about files of hundreds of MB or 50,000 examples are shown in test_limits.py;
    # the rules of a training and validation pair, on fixtures/pairs, in test_real_files.py
    # and (a target's validation limits) in test_validation_caps.py; the conversion rules,
    # which check never reports, in test_convert_codes.py.
    conversion = {code for code, rule in REGISTRY.items() if CONVERSION in rule.formats}
    missing = sorted(
        set(REGISTRY) - fired - LIMIT_RULES - PAIR_RULES - VALIDATION_RULES - conversion
    )
    assert not missing, f"rules without a fixture that triggers them: {missing}"
    for rule in REGISTRY.values():
        if rule.code in conversion:
            continue
        assert rule.formats & clean_formats, f"{rule.code}: no valid fixture in its formats"
