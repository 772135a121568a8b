"""T012's ``pattern`` searches: as `re` finds, but never a hang (`argschema_regex`).

A pattern that backtracks exponentially made ftlint hang on one line. The searches now go
through the `regex` package with a time limit: most such patterns are answered at once,
the rest are reported as not checked, and a file of such values waits once, not per line.
"""

from __future__ import annotations

import functools
import json
import re
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ftlint
from ftlint.rules import argschema, argschema_regex
from ftlint.rules.argschema import Validator
from ftlint.rules.verdicts import SEARCH_SECONDS, Unchecked

# Copied around the web as an e-mail check; `re` takes exponential time on near misses.
EMAIL = (
    r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}"
    r"(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"
)
# One that `regex` cannot answer fast either: it reaches the time limit.
SLOW = r"^(a|aa)+$"


class _Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A search that does not end fails the test (`re` stops on a signal) instead of
    holding the suite."""

    def hung(*_: object) -> None:
        raise _Hung("a search did not end within 30 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ATOMS = st.sampled_from(
    [
        *("a", "b", "ab", ".", r"\d", r"\w", r"\s", "[a-c]", "[^a]", r"\.", "@", "-", "(", ")"),
        *("|", "[[:alpha:]]", "[:]", "[[.a.]]"),  # POSIX-looking sets: characters for `re`
    ]
)
_QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{2}", "{1,3}", "*?", "+?"])


@st.composite
def _patterns(draw: st.DrawFn) -> str:
    size = draw(st.integers(min_value=1, max_value=6))
    parts = [draw(_ATOMS) + draw(_QUANTIFIERS) for _ in range(size)]
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), "(")
        parts.append(")" + draw(_QUANTIFIERS))
    return draw(st.sampled_from(["", "^"])) + "".join(parts) + draw(st.sampled_from(["", "$"]))


@given(_patterns(), st.text(alphabet="ab1 _-.@!", max_size=12))
@example("(", "x")
@example("^[[:alpha:]]+$", "abc")  # `regex` alone would read a POSIX class and match
@example(r"^(a+)+$", "a" * 30 + "!")
@example(EMAIL, "a" * 40 + "!")
@example(EMAIL, "ann@mail.com")
def test_the_search_finds_what_re_finds(pattern: str, value: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # ftlint's search must not warn
            compiled = re.compile(pattern)
    except re.error:
        assert argschema_regex.search(pattern, value) is None
        assert not argschema_regex.compiles(pattern)
        return
    # The long values are the examples on which `re` itself would take exponential time.
    expected = False if len(value) > 12 else compiled.search(value) is not None
    assert argschema_regex.search(pattern, value) is expected


def test_a_pattern_that_looks_like_a_nested_set_gives_no_python_warning() -> None:
    pattern = "^[[:alpha:]]+ and [[:digit:]]$"  # in no other test: not in re's cache
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert argschema_regex.search(pattern, "abc") is False
    assert caught == []


def _line(pattern: str, value: str, extra: dict[str, Any] | None = None) -> str:
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": pattern}}}
    schema.update(extra or {})
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": ""}}
    call["function"]["arguments"] = json.dumps({"code": value})
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": "go"},
                {"role": "assistant", "tool_calls": [call]},
                {"role": "tool", "tool_call_id": "c1", "content": "ok"},
                {"role": "assistant", "content": "done"},
            ],
            "tools": [{"type": "function", "function": {"name": "f", "parameters": schema}}],
        }
    )


def _t012(lines: list[str]) -> list[tuple[int, str]]:
    report = ftlint.check_lines(lines, format="chat", rules=["T012"])
    return [(f.line or 0, f.message) for f in report.findings]


def test_a_pattern_that_backtracks_neither_hangs_nor_loses_its_verdict(tmp_path: Path) -> None:
    """In a process of its own, so that a hang fails the test instead of the suite, and
    with Python's own warning filters: none reaches the user (a nested-set-looking
    `patternProperties` key makes `re` warn when jsonschema checks the schema)."""
    data = tmp_path / "redos.jsonl"
    nested = _line("^a", "a", {"patternProperties": {"^[[:alpha:]]+$": {"type": "string"}}})
    data.write_text(
        _line(EMAIL, "a" * 40 + "!") + "\n" + _line(SLOW, "a" * 40 + "!") + "\n" + nested + "\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "ftlint", "check", "-o", "json", "--select", "T012", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    found = json.loads(done.stdout)["findings"]
    assert [(f["line"], f["message"].split(":")[0]) for f in found] == [
        (1, "arguments do not match the function's parameters"),
        (2, "arguments could not be checked against the function's parameters"),
    ]
    assert "does not match" in found[0]["message"]
    assert "(a|aa)+" in found[1]["message"] and "rewrite it" in found[1]["hint"]


def test_a_file_of_slow_values_waits_once() -> None:
    argschema_regex._SLOW.clear()
    lines = [_line(SLOW, "a" * n + "!") for n in range(40, 60)]
    lines += [_line(SLOW, "aaaa"), _line(SLOW, "ab")]
    found = _t012(lines)
    assert [line for line, _ in found] == [*range(1, 21), 22]
    assert all("could not be checked" in message for _, message in found[:20])
    assert "'ab' does not match" in found[20][1]
    assert argschema_regex._SLOW[SLOW] == (1, 41)  # one search reached the limit


def test_values_ever_shorter_wait_a_bounded_number_of_times() -> None:
    argschema_regex._SLOW.clear()
    found = _t012([_line(SLOW, "a" * n + "!") for n in range(60, 40, -1)])
    assert len(found) == 20 and all("could not be checked" in m for _, m in found)
    # Four waits at 61 to 58 characters, then one at 57, after which 28 and more are not
    # searched; a short value still is.
    assert argschema_regex._SLOW[SLOW] == (argschema_regex._STRIKES + 1, 57 // 2)
    assert _t012([_line(SLOW, "aaaa"), _line(SLOW, "ab")]) == [
        (
            2,
            "arguments do not match the function's parameters: 'ab' does not match"
            " '^(a|aa)+$' (at arguments.code)",
        )
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {},  # the quick walk, then jsonschema (the walk gave up)
        {"not": {"required": ["zzz"]}},  # jsonschema only: the walk does not follow `not`
    ],
)
def test_every_path_to_a_verdict_reports_a_slow_pattern(extra: dict[str, Any]) -> None:
    argschema_regex._SLOW.clear()
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": SLOW}}}
    validator = Validator({**schema, **extra})
    value = {"code": "a" * 45 + "!"}
    assert validator.judge(json.dumps(value)) == value  # not accepted: asked why
    for detail in (True, False):
        error = validator.error(value, detail=detail)
        assert type(error) is Unchecked and "takes over" in error
    assert validator.error({"code": "aaa"}) is None
    assert validator.error({"code": "b"}) == "'b' does not match '^(a|aa)+$' (at arguments.code)"


@pytest.mark.parametrize(
    "schema",
    [
        {"patternProperties": {SLOW: {"type": "integer"}}},
        {"patternProperties": {SLOW: {}}, "additionalProperties": False},
        {"patternProperties": {SLOW: {}}, "additionalProperties": {"type": "integer"}},
    ],
)
def test_patterns_on_names_are_searched_within_the_limit(schema: dict[str, Any]) -> None:
    """A name that makes `re` backtrack for minutes: the walk, then jsonschema, search
    it within the limit, and T012 says the arguments could not be checked."""
    name = "a" * 40 + "!"
    validator = Validator(schema)
    rejected = validator.judge(json.dumps({name: "x"}))
    assert rejected is not argschema.ACCEPTED
    found = validator.error(rejected)
    assert isinstance(found, Unchecked)


@pytest.mark.parametrize(
    "pattern",
    [r"^[A-Z]{3}$", r"^\d{4}-\d{2}-\d{2}$", r"^[a-z]+$", r"^https?://", r"^[^\]@(|]*$",
     r"^\(\d+\)$", "^"],
)  # fmt: skip
def test_simple_anchored_patterns_are_linear(pattern: str) -> None:
    assert argschema_regex.linear(pattern)


@pytest.mark.parametrize(
    "pattern",
    [SLOW, r"^(a+)+$", r"^a*a*$", r"a*b", r"^\s*\s*$", r"^[^@]+@[^@]+\.[^@]+$", r"(?m)^a+$",
     r"^a|b*c*", r"^a*?", r"^[[:alpha:]]+$", r"^\d+\.\d+$", r"^a{2,}b{1,3}$",
     r"^\+?\d{7,15}$"],
)  # fmt: skip
def test_patterns_that_may_backtrack_are_not_linear(pattern: str) -> None:
    """Unanchored (every start is tried), grouped, alternated, or two repeats of varying
    length: each can take quadratic or exponential time under `re` on a near miss."""
    assert not argschema_regex.linear(pattern)


def test_a_linear_pattern_is_searched_with_re() -> None:
    """Importing `regex` costs about 15 ms a process: a linear pattern is searched with
    `re`'s own compiled pattern (so a schema whose patterns are all linear never imports
    `regex`), and one that is not, within the limit."""
    linear = argschema_regex._searcher(r"^\d{4}-\d{2}-\d{2}$")
    assert isinstance(getattr(linear, "__self__", None), re.Pattern)
    assert argschema_regex.search(r"^\d{4}-\d{2}-\d{2}$", "2026-12-07") is True
    backtracking = argschema_regex._searcher(SLOW)
    assert isinstance(backtracking, functools.partial)
    assert backtracking.keywords == {"timeout": SEARCH_SECONDS}
