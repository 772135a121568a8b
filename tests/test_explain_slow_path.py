"""The slow path's shortcuts: what it skips must not change what it reports.

The untyped parse of a rejected line runs before the line's UTF-8 is checked (J006 is
looked for only when msgspec rejects the line), and a line's Locator sets itself up on
its first query (a report that only counts a finding asks none).
"""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ftlint
from ftlint.jsonpos import Locator

_UNTYPED = msgspec.json.Decoder()


@given(st.binary(max_size=12), st.binary(max_size=6))
def test_what_msgspec_decodes_is_utf8(inside: bytes, key: bytes) -> None:
    """The contract the parse relies on: bytes msgspec decodes (in keys and strings, the
    only places other than ASCII may appear) are valid UTF-8."""
    line = b'{"' + key.replace(b'"', b"").replace(b"\\", b"") + b'": "'
    line += inside.replace(b'"', b"").replace(b"\\", b"") + b'"}'
    try:
        _UNTYPED.decode(line)
    except msgspec.DecodeError:
        return
    line.decode("utf-8")  # does not raise


@pytest.mark.parametrize(
    "inside",
    [
        b"caf\xc3\xa9",  # valid: é
        b"\xf0\x9f\x98\x80",  # valid: an emoji
        b"\xed\xa0\x80",  # a surrogate, as CESU-8 writes it
        b"\xc0\xaf",  # overlong
        b"\xf4\x90\x80\x80",  # past U+10FFFF
        b"\xe2\x82",  # cut short
        b"\xff",
    ],
)
def test_msgspec_and_python_agree_on_utf8(inside: bytes) -> None:
    """msgspec rejects a string exactly when Python's UTF-8 decoder does."""
    try:
        inside.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    for line in (b'{"k": "' + inside + b'"}', b'{"' + inside + b'": 1}'):
        try:
            _UNTYPED.decode(line)
            decoded = True
        except msgspec.DecodeError:
            decoded = False
        assert decoded == valid, line


_USER = b'{"role": "user", "content": "caf\xe9"}'
_DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Bad UTF-8 and a syntax error: the syntax error on the bytes as replaced.
        (
            b'{"messages": [' + _USER + b"]\n",
            [
                ("J006", 47, None, "invalid UTF-8 byte 0xe9"),
                ("J001", 51, None, "invalid JSON: the line ends before the JSON value does"),
            ],
        ),
        # Bad UTF-8 in an otherwise valid line (after a BOM, a NUL): still checked.
        (
            b"\xef\xbb\xbf" + b'{"messages": [\x00' + _USER + b", 5]}\n",
            [
                ("J004", 1, None, "file starts with a UTF-8 byte-order mark"),
                ("J007", 16, None, "line contains 1 NUL byte"),
                ("J006", 48, None, "invalid UTF-8 byte 0xe9"),
                ("S004", 53, "$.messages[1]", "message must be an object, got the number 5"),
            ],
        ),
        # Bad UTF-8 and nesting msgspec will not decode.
        (
            b'{"x": "\xff", "y": ' + _DEEP + b"}\n",
            [
                ("J001", 1, None, "invalid JSON: nested too deeply to decode"),
                ("J006", 8, None, "invalid UTF-8 byte 0xff"),
            ],
        ),
    ],
    ids=["syntax", "schema", "deep"],
)
def test_bad_utf8_with_what_the_parse_finds(
    line: bytes, expected: list[tuple[str, int, str | None, str]]
) -> None:
    """As before the parse came first (the findings of the tree before that change)."""
    report = ftlint.check_lines([line], format="chat")
    found = [(f.code, f.column, f.json_path, f.message) for f in report.findings if f.line]
    assert found == expected
    assert (report.stats.examples, report.stats.invalid) == (1, 1)


def test_a_locator_answers_a_column_before_any_path() -> None:
    """Set up on the first query, whichever it is."""
    raw = '{"a": "é", "b": 1}'.encode()
    assert Locator(raw).column(raw.index(b'"b"')) == 12
    located = Locator(raw)
    assert located.locate(("b",)) == raw.index(b"1")
    assert Locator(b"{}").column(1) == 2


def test_a_line_of_many_like_errors_rewords_their_reason_once(tmp_path) -> None:
    """Hundreds of schema errors on one line (OpenAI chat checked under a Bedrock target:
    every message's content a string) share a few msgspec reasons; each is put in plain
    words once, and every error is still reported with them."""
    from ftlint.rules.explain_common import plain

    messages = [{"role": ("user", "assistant")[i % 2], "content": f"m{i}"} for i in range(200)]
    path = tmp_path / "chat.jsonl"
    path.write_bytes(msgspec.json.encode({"messages": messages}) + b"\n")
    plain.cache_clear()
    [file] = ftlint.check_file(str(path), target="bedrock-llama").files
    b001 = [f for f in file.findings if f.code == "B001"]
    assert len(b001) == 200 and all("expected an array, got a string" in f.message for f in b001)
    assert plain.cache_info().misses == 1


_SURROGATE = "a \\uD800-\\uDFFF escape must be half of a surrogate pair"
_NAN = "NaN and Infinity are not valid JSON"


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        (b'{"a": NaN}', _NAN),
        (b'{"a": [1, -Infinity]}', _NAN),
        (b'{"a": "\\uDC00"}', _SURROGATE),
        # An escaped emoji (json.dumps' default) or "NaN" in a text is not the error.
        (b'{"a": "smile \\ud83d\\ude00"} x', None),
        (b'{"a": "pandas NaN values"}]', None),
        (b'{"a": "Infinity and beyond", "b": }', None),
    ],
)
def test_a_syntax_hint_is_about_the_error(tmp_path, line: bytes, hint: str | None) -> None:
    """J001's hint comes from msgspec's reason and the byte it names, not from what the
    line holds elsewhere."""
    path = tmp_path / "t.jsonl"
    path.write_bytes(line + b"\n")
    (found,) = [f for f in ftlint.check_file(str(path)).files[0].findings if f.code == "J001"]
    if hint is None:
        assert found.hint is None
    else:
        assert found.hint is not None and found.hint.startswith(hint)
