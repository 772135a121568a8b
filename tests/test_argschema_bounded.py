"""T012's jsonschema with a bounded cost per call (`argschema_bounded`): ``uniqueItems``.

jsonschema compares every pair of items that do not sort (objects, booleans among
numbers): 5,000 objects in one call's arguments took 38 s. Such items are now compared by
a hash of each, and the verdicts and messages stay jsonschema's.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import jsonschema
import jsonschema._utils
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ftlint.rules.argschema import ACCEPTED, Validator
from ftlint.rules.argschema_quick import judged

SCHEMA = {
    "type": "object",
    "properties": {"items": {"type": "array", "uniqueItems": True}},
}

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from([0.0, 1.0, 1.5, -0.0]),
    st.sampled_from(["", "a", "1", "true"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("ab"), inner),
    max_leaves=6,
)


@given(st.lists(_VALUES, max_size=6))
@example([{"a": 1}, {"a": 1.0}])  # 1 equals 1.0
@example([{"a": 1}, {"a": True}])  # but not true
@example([[1], [True], [1]])  # lists sort: jsonschema's own path, quirks and all
@example([True, 1, 1.0])  # booleans among numbers do not sort
@example([{"a": [0, {"b": False}]}, {"a": [0.0, {"b": False}]}])
def test_verdicts_and_messages_are_jsonschemas(items: list[Any]) -> None:
    value = {"items": items}
    ours = Validator(SCHEMA).error(value)
    theirs = next(iter(jsonschema.Draft202012Validator(SCHEMA).iter_errors(value)), None)
    if theirs is None:
        assert ours is None
    else:
        assert ours is not None and ours.startswith(theirs.message[:100])


def test_many_objects_are_compared_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = 0
    equal = jsonschema._utils.equal

    def counted(one: Any, two: Any) -> bool:
        nonlocal compared
        compared += 1
        return equal(one, two)  # type: ignore[no-any-return]

    monkeypatch.setattr(jsonschema._utils, "equal", counted)
    items = [{"id": i, "tags": ["x", i % 7]} for i in range(500)]
    validator = Validator(SCHEMA)
    assert validator.error({"items": items}) is None
    assert validator.error({"items": [*items, {"tags": ["x", 0], "id": 0.0}]}) is not None
    assert compared == 0  # jsonschema's pairwise comparison: 124,750 for the first call


def test_distinct_items_are_accepted_without_jsonschema() -> None:
    """The quick walk follows `uniqueItems`: a valid call never reaches jsonschema."""
    validator = Validator(SCHEMA)
    items = [{"id": i} for i in range(500)]
    assert validator.judge(json.dumps({"items": items})) is ACCEPTED
    assert validator._full is None  # no jsonschema validator was built
    repeated = {"items": [*items, {"id": 7.0}]}
    assert validator.judge(json.dumps(repeated)) == repeated  # a repeat: jsonschema decides
    assert validator.error(repeated) is not None and validator._full is not None


def test_items_nested_past_the_stack_leave_the_verdict_to_jsonschema() -> None:
    deep: list[Any] = []
    for _ in range(400):
        deep = [deep]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # as a value nested near the decoder's own limit would
    try:
        assert judged({"type": "array", "uniqueItems": True}, [deep, 1]) is None
    finally:
        sys.setrecursionlimit(limit)


# `enum` and `const` of any JSON values (arrays and objects too) are walked and compiled,
# compared by the same hashed stand-in as `uniqueItems`' items.


@given(st.lists(_VALUES, max_size=4), _VALUES)
@example([{"a": 1}], {"a": 1.0})  # 1 equals 1.0
@example([{"a": 1}], {"a": True})  # but not true
@example([[0, {"b": False}]], [0.0, {"b": False}])
@example([{"a": 1, "b": [2]}], {"b": [2], "a": 1})  # whatever the order of the keys
@example([[1, 2]], [2, 1])  # arrays in order
@example([[]], {})
def test_enum_and_const_of_any_values_are_jsonschemas(allowed: list[Any], value: Any) -> None:
    for keyword, arg in (("enum", allowed), ("const", allowed[0] if allowed else None)):
        schema = {"type": "object", "properties": {"v": {keyword: arg}}}
        theirs = next(iter(jsonschema.Draft202012Validator(schema).iter_errors({"v": value})), None)
        validator = Validator(schema)
        assert validator.fast is not None  # in the subset: no jsonschema at all
        assert validator.fast({"v": value}) is (theirs is None)
        assert judged(schema, {"v": value}) is (theirs is None)
        ours = validator.error({"v": value})
        if theirs is None:
            assert ours is None
        else:
            message = theirs.message  # (cut to 160 characters, as T012 cuts it)
            message = message if len(message) <= 160 else message[:159] + "…"
            assert ours == f"{message} (at arguments.v)"


def test_an_enum_of_many_objects_is_one_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 objects: jsonschema compared the value with each in turn (25 ms a call)."""
    monkeypatch.setattr(jsonschema._utils, "equal", lambda *_: pytest.fail("jsonschema asked"))
    allowed = [{"a": [1, {"b": k}]} for k in range(2000)]
    schema = {"type": "object", "properties": {"e": {"enum": allowed}}}
    validator = Validator(schema)
    assert validator.judge(json.dumps({"e": {"a": [1.0, {"b": 1999}]}})) is ACCEPTED
    bad = {"e": {"a": [1, {"b": "x"}]}}
    assert validator.judge(json.dumps(bad)) == bad
    error = validator.error(bad)
    message = f"{bad['e']!r} is not one of {allowed!r}"  # jsonschema's, cut as T012 cuts it
    assert error == message[:159] + "… (at arguments.e)"
    assert validator._full is None  # no jsonschema validator was built
