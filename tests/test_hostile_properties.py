"""Property-based tests (hypothesis): any input gives findings, never an exception.

Three generators: arbitrary bytes, arbitrary JSON values (objects shaped like examples of
each format, with values of any type), and mutations of valid examples (dropped keys,
swapped types, truncation, invalid UTF-8, a BOM, CR, NUL). For each input and format the
invariants of :func:`assert_invariants` must hold.

The settings are the suite's hypothesis profile (tests/conftest.py): derandomized, no
example database. To explore more: ``python -m pytest --hypothesis-profile=deep``.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import ftlint
import ftlint.cli
from ftlint import base_models
from ftlint.findings import Finding
from ftlint.rules import REGISTRY

FORMATS = ("auto", "chat", "completion", "preference", "reinforcement")


def split_lines(data: bytes) -> list[bytes]:
    """Split on b"\\n" only (as ftlint's reader does), keeping it; keep a last partial line."""
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def assert_invariants(report: ftlint.FileReport, lines: list[bytes]) -> None:
    """What must hold for any input: line numbers exist, and the statistics add up."""
    stats = report.stats
    n = len(lines)
    codes = [f.code for f in report.findings]
    if "J008" not in codes:
        # J008 stops reading after line 1 (see test_utf16_stats_add_up for its invariant).
        assert stats.lines == n, (stats, n)
        assert stats.examples + stats.blank == stats.lines, stats
        assert stats.bytes == sum(map(len, lines)), stats
    assert 0 <= stats.invalid <= stats.examples, stats
    severities = {"error": 0, "warning": 0, "info": 0}
    error_lines = set()
    for finding in report.findings:
        assert finding.code in REGISTRY, finding
        assert finding.severity == REGISTRY[finding.code].severity, finding
        assert finding.line is None or 1 <= finding.line <= n, (finding, n)
        assert finding.column is None or finding.column >= 1, finding
        severities[finding.severity.value] += 1
        if finding.severity.value == "error" and finding.line is not None:
            error_lines.add(finding.line)
    assert report.errors == severities["error"], report
    assert report.warnings == severities["warning"], report
    assert report.infos == severities["info"], report
    assert stats.invalid == len(error_lines), (stats, sorted(error_lines))


def check(lines: list[bytes], fmt: str) -> ftlint.FileReport:
    report = ftlint.check_lines(lines, format=fmt)
    assert_invariants(report, lines)
    return report


# -- arbitrary bytes ---------------------------------------------------------------------

# Bytes biased towards what matters to a JSONL reader: newlines, CR, NUL, a BOM, UTF-16
# byte-order marks, bytes that are never valid UTF-8, and JSON punctuation.
_PIECES = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"\r",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xff",
        b"\xc3",
        b"\xed\xa0\x80",
        b"\xe2\x80\xa8",
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b":",
        b",",
        b"\\",
        b"\\u",
        b"\\ud800",
        b" ",
        b"\t",
        b'{"messages": [',
        b'{"role": "user", "content": "x"}',
        b'{"role": "assistant", "content": "y"}',
        b'{"prompt": "p", "completion": "c"}',
        b'"input": {"messages": []}',
        b'"preferred_output": [',
        b"null",
        b"1e400",
        b"-0",
        b"12345678901234567890123",
    ]
)
_BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(_PIECES, st.binary(max_size=8)), max_size=60).map(b"".join),
)


@given(data=_BYTES, fmt=st.sampled_from(FORMATS))
def test_arbitrary_bytes(data: bytes, fmt: str) -> None:
    check(split_lines(data), fmt)


@given(data=_BYTES, fmt=st.sampled_from(FORMATS))
def test_lines_and_stream_agree(data: bytes, fmt: str) -> None:
    """The reader splits a stream exactly as the lines were split: same findings, same stats."""
    lines = split_lines(data)
    report = check(lines, fmt)
    streamed = ftlint.check_stream(io.BytesIO(data), path="<lines>", format=fmt)
    assert streamed.findings == report.findings
    assert streamed.stats == report.stats


@given(data=_BYTES, fmt=st.sampled_from(FORMATS), cap=st.integers(0, 3))
def test_max_findings_only_hides(data: bytes, fmt: str, cap: int) -> None:
    """--max-findings keeps a prefix of the line findings and changes no count."""
    lines = split_lines(data)
    full = check(lines, fmt)
    capped = ftlint.check_lines(lines, format=fmt, max_findings=cap)
    assert (capped.errors, capped.warnings, capped.infos) == (
        full.errors,
        full.warnings,
        full.infos,
    )
    assert capped.stats == full.stats
    kept_lines = [f for f in capped.findings if f.line is not None]
    all_lines = [f for f in full.findings if f.line is not None]
    assert len(kept_lines) == min(cap, len(all_lines))
    assert all(f in all_lines for f in kept_lines)
    # Errors first (issue 18, item 7): the kept ones are the first of the most severe
    # findings, in report order.
    ranked = sorted(all_lines, key=lambda f: (f.severity.rank, Finding.sort_key(f)))
    assert kept_lines == sorted(ranked[:cap], key=Finding.sort_key)
    assert [f for f in capped.findings if f.line is None] == [
        f for f in full.findings if f.line is None
    ]


@pytest.mark.parametrize(
    "line",
    [
        b"\x00\n",  # J007 is emitted before J001, but J001 sorts first (same column)
        b'{"prompt": 1, "completion": "\xff"}\n',  # J006 (column 30) before L001 (12)
    ],
)
def test_max_findings_cap_inside_a_line(line: bytes) -> None:
    """README: --max-findings N prints the first N errors (then warnings, then infos)."""
    full = ftlint.check_lines([line], format="completion")
    capped = ftlint.check_lines([line], format="completion", max_findings=1)
    line_findings = [f for f in full.findings if f.line is not None]
    assert len(line_findings) >= 2
    ranked = sorted(line_findings, key=lambda f: (f.severity.rank, Finding.sort_key(f)))
    assert [f for f in capped.findings if f.line is not None] == ranked[:1]


# -- arbitrary JSON values ---------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    # Lone surrogates, which json.dumps writes as \udXXX escapes.
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=2),
    st.sampled_from(["system", "user", "assistant", "developer", "tool", "function", "text"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.text(max_size=6),
                st.sampled_from(["role", "content", "type", "weight", "name", "tool_calls"]),
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
_MESSAGE = st.fixed_dictionaries(
    {},
    optional={
        "role": st.one_of(
            st.sampled_from(["system", "user", "assistant", "developer", "tool", "function"]),
            _JSON,
        ),
        "content": _JSON,
        "weight": st.one_of(st.sampled_from([0, 1]), _JSON),
        "name": _JSON,
        "tool_calls": _JSON,
        "tool_call_id": _JSON,
    },
)
_MESSAGES = st.one_of(st.lists(_MESSAGE, max_size=4), _JSON)
_EXAMPLE = st.one_of(
    st.fixed_dictionaries({"messages": _MESSAGES}, optional={"tools": _JSON, "extra": _JSON}),
    st.fixed_dictionaries(
        {},
        optional={
            "input": st.one_of(st.fixed_dictionaries({"messages": _MESSAGES}), _JSON),
            "preferred_output": st.one_of(st.lists(_MESSAGE, max_size=2), _JSON),
            "non_preferred_output": st.one_of(st.lists(_MESSAGE, max_size=2), _JSON),
            "preferred_completion": _JSON,
        },
    ),
    st.fixed_dictionaries({}, optional={"prompt": _JSON, "completion": _JSON, "text": _JSON}),
    _JSON,
)


def _encode(value: Any, ascii_only: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=ascii_only)
    return text.encode("utf-8", "surrogatepass")


@given(
    values=st.lists(_EXAMPLE, min_size=1, max_size=4),
    fmt=st.sampled_from(FORMATS),
    ascii_only=st.booleans(),
)
def test_arbitrary_json_values(values: list[Any], fmt: str, ascii_only: bool) -> None:
    lines = [_encode(v, ascii_only) + b"\n" for v in values]
    report = check(lines, fmt)
    # Every line is one JSON value: never a blank line, and never a read error.
    assert report.stats.blank == 0
    assert "J009" not in {f.code for f in report.findings}


# -- mutations of valid examples ---------------------------------------------------------

VALID: dict[str, list[dict[str, Any]]] = {
    "chat": [
        {
            "messages": [
                {"role": "system", "content": "s"},
                {"role": "user", "content": [{"type": "text", "text": "hi"}]},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "f", "arguments": "{}"},
                        }
                    ],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "r"},
                {"role": "assistant", "content": "done", "weight": 1},
            ],
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
        },
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]},
    ],
    "preference": [
        {
            "input": {"messages": [{"role": "user", "content": "q"}]},
            "preferred_output": [{"role": "assistant", "content": "a"}],
            "non_preferred_output": [{"role": "assistant", "content": "b"}],
        }
    ],
    "reinforcement": [
        {
            "messages": [{"role": "developer", "content": "d"}, {"role": "user", "content": "u"}],
            "reference_answer": "x",
        }
    ],
    "completion": [{"prompt": "p", "completion": " c"}],
}
_OTHER_TYPES: list[Any] = [None, True, 0, 2, 1.5, "", "x", [], {}, [{}], 10**30, "\ud800"]


def _paths(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += _paths(value, (*path, key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            out += _paths(value, (*path, i))
    return out


@st.composite
def mutated_line(draw: st.DrawFn, fmt: str) -> bytes:
    obj = json.loads(json.dumps(draw(st.sampled_from(VALID[fmt]))))
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(obj)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = obj
        for seg in path[:-1]:
            parent = parent[seg]
        if draw(st.booleans()):
            del parent[path[-1]]  # dropped key or item
        else:
            # A copy: a later mutation inside it must not change _OTHER_TYPES itself.
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(_OTHER_TYPES)))  # swapped type
    raw = bytearray(_encode(obj, draw(st.booleans())))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["truncate", "insert", "replace"]))
        at = draw(st.integers(0, len(raw)))
        if op == "truncate":
            del raw[at:]
        else:
            piece = draw(
                st.sampled_from(
                    [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r", b"\x00"]
                )
            )
            if op == "replace":
                del raw[at : at + 1]
            raw[at:at] = piece
    if draw(st.booleans()):
        raw[:0] = b"\xef\xbb\xbf"  # BOM at the start of the line
    return bytes(raw) + draw(st.sampled_from([b"\n", b"\r\n", b""]))


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, list[bytes]]:
    fmt = draw(st.sampled_from(sorted(VALID)))
    lines = draw(st.lists(mutated_line(fmt), min_size=1, max_size=12))
    # Only the last line may lack its newline; glue and re-split as the reader would.
    data = b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines[:-1])
    data += lines[-1]
    option = draw(st.sampled_from(["auto", fmt]))
    return option, split_lines(data)


@given(case=mutated_file())
def test_mutated_valid_examples(case: tuple[str, list[bytes]]) -> None:
    fmt, lines = case
    check(lines, fmt)


@given(fmt=st.sampled_from(sorted(VALID)), n=st.integers(10, 30))
def test_unmutated_examples_are_valid(fmt: str, n: int) -> None:
    """The mutation base itself is clean, so the mutations are what the findings are about."""
    lines = [_encode(VALID[fmt][i % len(VALID[fmt])], True) + b"\n" for i in range(n)]
    report = check(lines, fmt)
    assert report.errors == 0, report.findings
    assert report.stats.examples == n and report.stats.invalid == 0


# -- every rule on, with a model ------------------------------------------------------------


@given(
    case=st.one_of(mutated_file(), st.tuples(st.sampled_from(FORMATS), _BYTES.map(split_lines))),
    model=st.sampled_from([None, *base_models.names()]),
)
def test_every_rule_enabled(case: tuple[str, list[bytes]], model: str | None) -> None:
    """Opt-in rules (such as J010, duplicate keys) and model rules keep the invariants too."""
    fmt, lines = case
    report = ftlint.check_lines(lines, format=fmt, rules=frozenset(REGISTRY), model=model)
    assert_invariants(report, lines)


# -- the command line ---------------------------------------------------------------------


@given(data=_BYTES, fmt=st.sampled_from(FORMATS), output=st.sampled_from(["text", "json"]))
def test_cli_any_stdin(data: bytes, fmt: str, output: str) -> None:
    """Any bytes on stdin: exit 0 or 1, nothing on stderr, never an exception."""
    env = {k: None for k in ("CI", "GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "FTLINT_DEBUG")}
    result = CliRunner().invoke(
        ftlint.cli.main,
        ["check", "-", "--format", fmt, "-o", output, "--color", "never"],
        input=data,
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert result.stderr == ""
    if output == "json":
        doc = json.loads(result.stdout)
        assert doc["summary"]["files"] == 1


# -- a known gap in the invariants ---------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_stats_add_up(encoding: str) -> None:
    text = "".join(json.dumps({"prompt": f"p{i}", "completion": " c"}) + "\n" for i in range(12))
    lines = split_lines(text.encode(encoding))
    report = ftlint.check_lines(lines)
    assert [f.code for f in report.findings] == ["J008"]
    stats = report.stats
    assert stats.examples + stats.blank == stats.lines, stats
