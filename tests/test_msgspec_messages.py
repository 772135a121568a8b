"""The msgspec error messages that schema/collect.py takes apart, pinned.

``split_message`` and ``parse_path`` read msgspec's English: "<reason> - at `<path>`",
with the path in msgspec's ``$.a[0].b`` notation. pyproject.toml accepts any msgspec from
0.18 on, so these tests make a change of wording in a new msgspec fail here, by name,
rather than as a finding that silently points at the wrong place.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from ftlint.schema import ChatExample
from ftlint.schema.collect import parse_path, split_message


def _message(value: Any, tp: Any) -> str:
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert(value, tp)
    return str(info.value)


def _decoded_message(line: bytes, tp: Any) -> str:
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.json.decode(line, type=tp)
    return str(info.value)


@pytest.mark.parametrize(
    ("value", "text", "reason", "path"),
    [
        (
            {"messages": [{"role": "user"}]},
            "Object missing required field `content` - at `$.messages[0]`",
            "Object missing required field `content`",
            ("messages", 0),
        ),
        (
            {"messages": [{"content": "x"}]},
            "Object missing required field `role` - at `$.messages[0]`",
            "Object missing required field `role`",
            ("messages", 0),
        ),
        (
            {"messages": [{"role": "user", "content": "x", "x": 1}]},
            "Object contains unknown field `x` - at `$.messages[0]`",
            "Object contains unknown field `x`",
            ("messages", 0),
        ),
        (
            {"messages": [{"role": "human", "content": "x"}]},
            "Invalid value 'human' - at `$.messages[0].role`",
            "Invalid value 'human'",
            ("messages", 0, "role"),
        ),
        (
            {"messages": [{"role": "user", "content": 1}]},
            "Expected `str | array`, got `int` - at `$.messages[0].content`",
            "Expected `str | array`, got `int`",
            ("messages", 0, "content"),
        ),
        (
            {"messages": [{"role": "assistant", "content": "x", "weight": 2}]},
            "Expected `int` <= 1 - at `$.messages[0].weight`",
            "Expected `int` <= 1",
            ("messages", 0, "weight"),
        ),
        (
            {"messages": []},
            "Expected `array` of length >= 1 - at `$.messages`",
            "Expected `array` of length >= 1",
            ("messages",),
        ),
        ([], "Expected `object`, got `array`", "Expected `object`, got `array`", ()),
    ],
    ids=["missing", "missing-tag", "unknown", "bad-tag", "type", "bound", "length", "root"],
)
def test_msgspec_messages_and_their_split(
    value: Any, text: str, reason: str, path: tuple[Any, ...]
) -> None:
    message = _message(value, ChatExample)
    assert message == text
    assert split_message(message) == (reason, path)


def test_typed_decoding_says_the_same_as_convert() -> None:
    line = b'{"messages": [{"role": "user", "content": 5}]}'
    assert _decoded_message(line, ChatExample) == _message(
        {"messages": [{"role": "user", "content": 5}]}, ChatExample
    )


def test_a_bad_dict_key_points_at_the_dict() -> None:
    message = _message({"a": 1}, dict[int, str])
    assert message == "Expected `int`, got `str` - at `key` in `$`"
    assert split_message(message) == ("Expected `int`, got `str`", ())
    nested = _message({"d": {"a": "x"}}, dict[str, dict[int, str]])
    assert nested == "Expected `int`, got `str` - at `key` in `$[...]`"
    assert split_message(nested) == ("Expected `int`, got `str`", ())


def test_dict_values_are_shown_as_an_ellipsis() -> None:
    message = _message({"a": {"b": 1}}, dict[str, dict[str, str]])
    assert message == "Expected `str`, got `int` - at `$[...][...]`"
    assert split_message(message) == ("Expected `str`, got `int`", ())


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("$", ()),
        ("$.messages", ("messages",)),
        ("$.messages[12].tool_calls[0].function", ("messages", 12, "tool_calls", 0, "function")),
        ("$[3]", (3,)),
        ("$.tools[...].x", ("tools",)),  # a dict key: the path stops at the dict
    ],
)
def test_parse_path(text: str, path: tuple[Any, ...]) -> None:
    assert parse_path(text) == path


def test_a_message_without_a_path_is_kept_whole() -> None:
    assert split_message("Input data was truncated") == ("Input data was truncated", ())
