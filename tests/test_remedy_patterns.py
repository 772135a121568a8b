"""The JSON-string patterns of the J001 remedies and of the syntax explanation, unrolled
for speed, match what the per-character alternation they replace matched."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from ftlint.engine import explain
from ftlint.rules import jsonl

# The former patterns: a string as an alternation per character.
OLD_COMMA = re.compile(r'"(?:[^"\\]|\\.)*"|,([ \t\r\n]*[}\]])', re.DOTALL)
OLD_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[ \t\r\n]+', re.DOTALL)
OLD_NUMBERS = re.compile(rb'"(?:[^"\\]|\\.)*"|(-?[0-9][0-9.eE+-]*)', re.DOTALL)

# Text made of what the patterns turn on: quotes, escapes, commas, closers, blanks.
TEXT = st.lists(st.sampled_from(list('"\\,}] \n\ta1e-{[')), max_size=60).map("".join)


def _spans(pattern: re.Pattern[str] | re.Pattern[bytes], text: str | bytes) -> list[object]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]  # type: ignore[arg-type]


@given(text=TEXT)
@example(text='"a\\", ]" , "\\\\",] 1e-2')  # escaped quotes and backslashes
def test_unrolled_patterns_match_as_the_alternations_did(text: str) -> None:
    assert _spans(jsonl._comma(), text) == _spans(OLD_COMMA, text)
    assert _spans(jsonl._tokens(), text) == _spans(OLD_TOKENS, text)
    data = text.encode()
    assert _spans(explain._tokens(), data) == _spans(OLD_NUMBERS, data)


@given(text=TEXT)
@example(text="[1, \t\n]")  # blanks between the comma and the closer
@example(text='{"a,}": [2 ,]}')  # one in a string, one outside
def test_trailing_commas_remedy_is_unchanged_by_its_quick_test(text: str) -> None:
    """The quick test only skips lines the full pattern would leave as they are."""
    full = OLD_COMMA.sub(lambda m: m[0] if m[1] is None else m[1], text)
    if full == text:
        assert jsonl._trailing_commas(text) is None
    else:
        assert jsonl._any_comma().search(text) is not None


def test_a_line_without_a_comma_before_a_closer_is_not_walked() -> None:
    """A truncated line (most broken lines) has no comma before a closing bracket: the
    remedy answers without the pattern that walks every string of the line."""
    line = '{"messages": [{"role": "user", "content": "a, b] c"}, {"role": "assis'
    with mock.patch.object(jsonl, "_comma", side_effect=AssertionError("walked")):
        assert jsonl._trailing_commas(line) is None
    assert jsonl._trailing_commas('{"a": [1, 2,], "b": "x,]"}') == ['{"a": [1, 2], "b": "x,]"}']
