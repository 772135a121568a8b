"""docs/target-coverage.md holds every rule of the provider reference, and the fixtures
that show ftlint checks it both ways (issue #14: "each target has fixtures both ways for
every rule with confidence H or M in the reference")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ftlint
from ftlint.engine import FileCheck, Options
from ftlint.rules import REGISTRY
from ftlint.selection import universe
from ftlint.targets import TARGETS
from test_fixtures import ROOT, load_expected

DOC = Path(__file__).resolve().parent.parent / "docs" / "target-coverage.md"
TARGETS_ROOT = ROOT / "targets"

# How many rules each section of the provider reference numbers (AZ1-AZ16, ...).
REFERENCE = {"AZ": 16, "TG": 21, "FW": 14, "MI": 16, "BN": 17, "BC": 8, "BL": 5, "BT": 3}
REFERENCE |= {"GV": 14, "GP": 4}
# The H and M rules that ftlint does not check yet, and those of a training and validation
# pair: each names its reason in the table. Checking one moves it out of here.
GAPS: set[str] = set()
PAIRS: set[str] = set()
REASONS = ("VALID", "INFO", "not data", "pair", "gap")
_ROW = re.compile(r"^\| ([A-Z]{2}\d+) \|")


def _rows() -> dict[str, dict[str, str]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if _ROW.match(line):
            ref, conf, rule, fires, passes, note = (c.strip() for c in line.strip("|").split("|"))
            assert ref not in rows, f"{ref} has two rows"
            rows[ref] = {"conf": conf, "rule": rule, "fires": fires, "passes": passes, "note": note}
    return rows


ROWS = _rows()


def _items(cell: str) -> list[str]:
    return [] if cell == "—" else [item.strip() for item in cell.split(",")]


def _checked(conf: str) -> bool:
    return "H" in conf or "M" in conf


def _fixture(name: str) -> Path:
    (found,) = [
        p for p in TARGETS_ROOT.glob(name + ".*") if p.suffix != ".expected" and p.is_file()
    ]
    return found


def _codes_of(item: str) -> set[str] | None:
    """The codes a fixture expects; ``None`` for a test, whose existence is checked."""
    if item.startswith("test:"):
        file, _, name = item.removeprefix("test:").partition("::")
        text = (Path(__file__).parent / file).read_text(encoding="utf-8")
        assert f"def {name}(" in text, f"no test {item}"
        return None
    return {row.split()[-1] for row in load_expected(_fixture(item))[1]}


def test_every_rule_of_the_reference_has_a_row() -> None:
    expected = {f"{prefix}{n}" for prefix, count in REFERENCE.items() for n in range(1, count + 1)}
    assert set(ROWS) == expected


@pytest.mark.parametrize("ref", sorted(ROWS))
def test_a_checked_rule_fires_and_has_a_near_miss(ref: str) -> None:
    row = ROWS[ref]
    codes = set(_items(row["rule"]))
    assert codes <= set(REGISTRY), f"{ref}: unknown codes {codes - set(REGISTRY)}"
    if not codes or row["note"].startswith("VALID"):
        return
    fired: set[str] = set()
    for item in _items(row["fires"]):
        found = _codes_of(item)
        fired |= codes if found is None else found & codes
    assert fired == codes, f"{ref}: {sorted(codes - fired)} fire in none of {row['fires']}"
    assert _items(row["passes"]), f"{ref}: no near miss"
    for item in _items(row["passes"]):
        found = _codes_of(item)
        assert not (found or set()) & codes, f"{ref}: {item} is no near miss"


@pytest.mark.parametrize("ref", sorted(r for r, row in ROWS.items() if _checked(row["conf"])))
def test_an_unchecked_rule_says_why(ref: str) -> None:
    row = ROWS[ref]
    if row["rule"] == "—" or row["note"].startswith("VALID"):
        assert row["note"].startswith(REASONS), f"{ref}: say why it is not checked"
    if row["note"].startswith("VALID"):
        # A valid fixture has no errors (tests/test_fixtures.py asserts it).
        assert _items(row["passes"])
        assert all(_fixture(item).parent.name == "valid" for item in _items(row["passes"]))


def test_the_gaps_are_the_known_ones() -> None:
    assert {r for r, row in ROWS.items() if row["note"].startswith("gap")} == GAPS
    assert {r for r, row in ROWS.items() if row["note"].startswith("pair")} == PAIRS
    assert all(_checked(ROWS[ref]["conf"]) for ref in GAPS | PAIRS)


def test_every_provider_rule_has_a_row() -> None:
    """Each rule a target adds, or enables from its base, is in the table, under a
    reference rule it cites; an enabled rule is one its base has, off by default there."""
    for target in TARGETS.values():
        for code in target.enable:
            assert not REGISTRY[code].default, f"{code}: {target.name} enables a default rule"
            assert code in universe(target.base or target.name), code
        for code in target.add | target.enable:
            rows = [ref for ref, row in ROWS.items() if code in _items(row["rule"])]
            assert rows, f"{code} ({target.name}) is in no row"
            assert set(rows) & set(REGISTRY[code].refs), f"{code} cites none of {rows}"


def _first_line(target: str) -> bytes:
    """A valid line of the target's first valid fixture."""
    fixture = next(p for p in sorted((TARGETS_ROOT / target / "valid").glob("*.jsonl")))
    return fixture.read_bytes().splitlines(keepends=True)[0]


@pytest.mark.parametrize(
    "target", sorted(t.name for t in TARGETS.values() if t.limit("upload_bytes") is not None)
)
def test_upload_limits(target: str) -> None:
    """F004 or F005 at one byte over the target's upload limit, neither at the limit."""
    limit = TARGETS[target].limit("upload_bytes")
    assert limit is not None
    line = _first_line(target) if (TARGETS_ROOT / target).exists() else _first_line("azure")

    def codes(size: int) -> set[str]:
        check = FileCheck("data.jsonl", Options(target=target), size=size)
        check.run([[line]])
        return {f.code for f in check.finish().findings}

    assert not codes(limit) & {"F004", "F005"}
    over = codes(limit + 1) & {"F004", "F005"}
    assert len(over) == 1
    # Over the only upload a target takes is F005, an error; over the simple upload, where a
    # multipart one takes more, F004, a warning.
    multipart = TARGETS[target].limit("multipart_bytes") is not None
    assert over == ({"F004"} if multipart else {"F005"})
    (code,) = over
    severity = TARGETS[target].severity.get(code) or REGISTRY[code].severity
    assert severity is (ftlint.Severity.WARNING if multipart else ftlint.Severity.ERROR)


def test_dialect_targets_are_the_dialects() -> None:
    """schema.DIALECT_TARGETS (which keeps OpenAI's checks from importing the providers'
    Structs) names the targets of schema.dialects.DIALECTS, and only registered ones."""
    from ftlint.schema import DIALECT_TARGETS
    from ftlint.schema.dialects import DIALECTS

    assert set(DIALECTS) == DIALECT_TARGETS <= set(TARGETS)


def _codes(target: str, *lines: str) -> set[str]:
    data = [line.encode() + b"\n" for line in lines]
    return {f.code for f in ftlint.check_lines(data, target=target).findings}


def test_vendor_checker_quirks_follow_the_docs() -> None:
    """Where a vendor's checker disagrees with its documentation, ftlint follows the docs
    (the fixtures' notes say where): Microsoft's cookbook checker fails an assistant
    tool-call message without `content`, which OpenAI's format, and so Azure's, allows;
    together-python passes `"weight": true`, a bool being an int in Python, where the docs
    say 0 or 1."""
    call = (
        '{"messages": [{"role": "user", "content": "Weather in Oslo?"}, {"role": "assistant",'
        ' "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "weather",'
        ' "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_1", "content": "12 C"},'
        ' {"role": "assistant", "content": "It is 12 C."}], "tools": [{"type": "function",'
        ' "function": {"name": "weather", "parameters": {"type": "object"}}}]}'
    )
    assert _codes("azure", call) <= {"F001"}
    weighted = (
        '{"messages": [{"role": "user", "content": "Hi", "weight": %s},'
        ' {"role": "assistant", "content": "Hello!"}]}'
    )
    assert "S009" in _codes("together", weighted % "true")
    assert "S009" not in _codes("together", weighted % "1")
