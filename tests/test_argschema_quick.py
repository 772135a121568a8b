"""T012's quick walk on schemas outside the subset: what generated schemas use (Pydantic's
``anyOf`` with a ``null`` branch, ``$ref`` into ``$defs``, ``allOf``, ``pattern``).

It must be sound: when it says valid, jsonschema reports nothing (differential,
hypothesis). And it must spare jsonschema the valid calls, which cost a validator each.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import jsonschema_reports
from ftlint.rules import argschema, argschema_errors, argschema_quick, argschema_subset
from ftlint.rules.argschema import Validator, compile_fast
from ftlint.rules.argschema_quick import exact, judged

NAMES = ["a", "b", "c"]
REFS = ["#/$defs/a", "#/$defs/b", "#", "#/$defs/none", "#/properties/a", "#/$defs/a~1b",
        "#/$defs/list/0", "#a", "other.json#/$defs/a", "#/$defs/%61"]  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from([1.0, 2.5, "", "ab", "b"])
)


def _values() -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.sampled_from([*NAMES, "z"]), inner, max_size=3),
        ),
        max_leaves=8,
    )


def _leaf() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.booleans(),
        st.fixed_dictionaries(
            {},
            optional={
                "type": st.sampled_from(["string", "integer", "null", "object", ["string", 1]]),
                "enum": st.sampled_from([["ab", 1], "x"]),
                "pattern": st.sampled_from(["^a", "b$", "(", 3]),
                "uniqueItems": st.sampled_from([True, False, 1]),
                "minimum": st.sampled_from([0, "1"]),
                "$ref": st.sampled_from(REFS),
                "$id": st.just("http://example.com/x"),
                "oneOf": st.just([{"type": "string"}]),
                "title": st.just("T"),
            },
        ),
    )


def _schemas() -> st.SearchStrategy[Any]:
    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.fixed_dictionaries(
                {"type": st.just("object")},
                optional={
                    "properties": st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
                    "required": st.lists(st.sampled_from(NAMES), max_size=2, unique=True),
                    "additionalProperties": st.one_of(st.booleans(), inner),
                },
            ),
            st.fixed_dictionaries({"anyOf": st.lists(inner, max_size=3)}),
            st.fixed_dictionaries(
                {"oneOf": st.lists(inner, max_size=3)},
                optional={"discriminator": st.just({"propertyName": "a"})},  # Pydantic's
            ),
            st.fixed_dictionaries({"allOf": st.lists(inner, max_size=2)}),
            st.fixed_dictionaries({"items": inner}, optional={"$ref": st.sampled_from(REFS)}),
            *_rarer(inner),
        )

    tree = st.recursive(_leaf(), extend, max_leaves=6)
    defs = st.fixed_dictionaries(
        {"a": tree}, optional={"b": tree, "a/b": tree, "list": st.lists(tree, max_size=1)}
    )
    # Mostly exact: plain leaves, and only the rarer keywords around them.
    rare = st.recursive(_plain_leaf(), lambda inner: st.one_of(*_rarer(inner)), max_leaves=5)
    return st.one_of(
        tree,
        rare,
        st.tuples(tree, defs, st.sampled_from(["$defs", "definitions"])).map(
            lambda t: {**t[0], t[2]: t[1]} if isinstance(t[0], dict) else t[0]
        ),
    )


def _plain_leaf() -> st.SearchStrategy[Any]:
    """Leaves of the subset, and the rarer keywords that take no subschema, mostly well
    shaped (one bad shape each)."""
    return st.one_of(
        st.booleans(),
        st.fixed_dictionaries(
            {},
            optional={
                "type": st.sampled_from(
                    ["string", "integer", "object", "array", ["null", "integer"]]
                ),
                "enum": st.just(["ab", 1, "a"]),
                "minimum": st.just(1),
                "multipleOf": st.sampled_from([2, 0.5, 3, 0]),
                "minProperties": st.sampled_from([1, 2, -1]),
                "maxProperties": st.sampled_from([0, 1, 1.0]),
                "dependentRequired": st.sampled_from([{"a": ["b"]}, {"b": ["a", "c"]}, {"a": "b"}]),
            },
        ),
    )


def _rarer(inner: st.SearchStrategy[Any]) -> list[st.SearchStrategy[Any]]:
    """The keywords of `argschema_more`, which take subschemas, and the common ones they
    work with."""
    counts = st.sampled_from([0, 1, 2])
    return [
        st.fixed_dictionaries(
            {"type": st.just("object")},
            optional={
                "properties": st.dictionaries(st.sampled_from(NAMES), inner, max_size=2),
                "additionalProperties": st.one_of(st.booleans(), inner),
            },
        ),
        st.fixed_dictionaries({"items": inner}),
        st.fixed_dictionaries({"anyOf": st.lists(inner, min_size=1, max_size=2)}),
        st.fixed_dictionaries(
            {"prefixItems": st.lists(inner, max_size=2)},
            optional={"items": st.one_of(st.booleans(), inner), "type": st.just("array")},
        ),
        st.fixed_dictionaries({"not": inner}),
        st.fixed_dictionaries({"if": inner}, optional={"then": inner, "else": inner}),
        st.fixed_dictionaries({"propertyNames": inner}),
        st.fixed_dictionaries(
            {
                "patternProperties": st.dictionaries(
                    st.sampled_from(["^a", "b", "(", "(?i)Z", "^(b|c)$"]), inner, max_size=2
                )
            },
            optional={
                "additionalProperties": st.one_of(st.booleans(), inner),
                "properties": st.dictionaries(st.sampled_from(NAMES), inner, max_size=1),
            },
        ),
        st.fixed_dictionaries(
            {"contains": inner}, optional={"minContains": counts, "maxContains": counts}
        ),
        st.fixed_dictionaries(
            {"dependentSchemas": st.dictionaries(st.sampled_from(NAMES), inner, max_size=2)}
        ),
    ]


def _first_error(schema: Any, value: Any) -> str:
    """jsonschema's first error, as T012 words it."""
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    error = next(iter(cls(schema).iter_errors(value)))
    return argschema._text(str(error.message), list(reversed(error.path)))


def _same_error(found: str | None, expected: str) -> bool:
    """T012's message is jsonschema's; where jsonschema leaves out the path of a value
    that a `false` subschema rejects, T012 still says where it is."""
    if expected.startswith("False schema does not allow") and found is not None:
        return found.startswith(expected)
    return found == expected


def _has_extra_schema(schema: Any) -> bool:
    """Whether an `additionalProperties` subschema is used: jsonschema walks the extra
    keys in set order, which varies between runs, so its first error does too."""
    return '"additionalProperties": {' in json.dumps(schema)


PYDANTIC = {
    "type": "object",
    "title": "Booking",
    "properties": {
        "guest": {"$ref": "#/$defs/Guest", "description": "who stays"},
        "nights": {"type": "integer", "minimum": 1, "title": "Nights"},
        "room": {"anyOf": [{"$ref": "#/$defs/Room"}, {"type": "null"}], "default": None},
        "code": {"anyOf": [{"type": "string", "pattern": "^[A-Z]{3}$"}, {"type": "null"}]},
    },
    "required": ["guest", "nights"],
    "$defs": {
        "Guest": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["name"],
            "additionalProperties": False,
        },
        "Room": {"enum": ["single", "double"], "type": "string", "title": "Room"},
    },
}


@given(_schemas(), _values())
@example(PYDANTIC, {"guest": {"name": "Ada"}, "nights": 2, "room": "double", "code": "OSL"})
@example(PYDANTIC, {"guest": {"name": "Ada", "x": 1}, "nights": 2})
# Inside `a`, "#/$defs/b" is a's own `b` (its `$id` moves the base): a string, not root's.
@example(
    {"$defs": {"a": {"$id": "http://x/a", "$ref": "#/$defs/b", "$defs": {"b": {"type": "string"}}},
               "b": {"type": "integer"}},
     "$ref": "#/$defs/a"},
    1,
)  # fmt: skip
@example({"oneOf": [{"type": "string"}, {"type": "string"}]}, "x")  # both hold: invalid
# The second branch holds for jsonschema, but the walk cannot be sure of it (`$id`).
@example({"oneOf": [{"type": "string"}, {"$id": "http://example.com/x"}]}, "x")
# The same behind a `$ref`: the branch itself is exact, the schema it names is not.
@example(
    {
        "oneOf": [{"type": "string"}, {"$ref": "#/$defs/b"}],
        "$defs": {"b": {"not": {"type": "integer"}}},
    },
    "x",
)
@example({"uniqueItems": True}, [1, 1.0])  # equal numbers repeat
@example({"uniqueItems": True}, [{"a": [True]}, {"a": [True]}])  # objects: compared by hash
@example({"uniqueItems": True}, [[1], [True], [1]])  # jsonschema's sort misses this repeat
def test_quick_is_sound_against_jsonschema(schema: Any, value: Any) -> None:
    if judged(schema, value) is True:
        assert not jsonschema_reports(schema, value), (schema, value)


# Each step doubles the paths to a failing end; the valid branch comes after them all.
_LADDER = {
    "anyOf": [{"$ref": "#/$defs/d1"}, {"$ref": "#/$defs/ok"}],
    "$defs": {
        "ok": {"type": "integer"},
        "d12": {"type": "string"},
        **{f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}] * 2} for i in range(1, 12)},
    },
}
DIALECTS = st.sampled_from(
    [None, None, "http://json-schema.org/draft-07/schema#",
     "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-04/schema#",
     "http://json-schema.org/draft-06/schema#", "https://json-schema.org/draft/2019-09/schema"]
)  # fmt: skip


def _with_dialect(schema: Any, dialect: str | None) -> Any:
    if dialect is None or not isinstance(schema, dict):
        return schema
    return {"$schema": dialect, **schema}


@given(_schemas(), DIALECTS, _values())
@example(PYDANTIC, None, {"guest": {"name": "Ada"}, "nights": 0})
@example(  # under draft 7, a `$ref` hides its siblings: `type` does not apply
    {"$ref": "#/definitions/a", "type": "integer", "definitions": {"a": {}}},
    "http://json-schema.org/draft-07/schema#",
    "x",
)
@example({"$ref": "#", "$defs": {}}, None, 1)  # jsonschema recurses until it fails
@example({"$ref": "#", "items": True}, "https://json-schema.org/draft/2020-12/schema", None)
@example({"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}, None, 1)  # too deep
@example({"pattern": "("}, None, "x")  # not a regex: jsonschema rejects the schema
@example(_LADDER, None, 1)  # the walk runs out of references before the valid branch
@example({"$ref": "#/$defs/a/properties/b", "$defs": {"a": {"type": "object"}}}, None, 1)
def test_where_the_walk_is_exact_its_rejection_is_jsonschemas(
    schema: Any, dialect: str | None, value: Any
) -> None:
    schema = _with_dialect(schema, dialect)
    verdict = judged(schema, value)
    reported = jsonschema_reports(schema, value)
    if verdict is True:
        assert not reported, (schema, value)
    elif verdict is False and exact(schema):
        assert reported, (schema, value)


@given(_schemas(), DIALECTS, _values())
@example({"properties": {"c": {"pattern": "^a"}}, "$defs": {}}, None, {"c": "b"})
@example({"allOf": [{"minimum": 1}, {"$ref": "#/$defs/a"}], "$defs": {"a": {"maximum": 2}}},
         None, 3)  # fmt: skip
@example(  # jsonschema names the later schemas that hold, then the first
    {"properties": {"a": {"oneOf": [{"type": "string"}, {"minLength": 0}, {"maxLength": 1}]}}},
    None,
    {"a": "x"},
)
@example({"oneOf": [{"type": "integer"}, {"type": "null"}], "required": ["a"]}, None, {})
def test_judge_and_error_agree_with_jsonschema_on_every_use(
    schema: Any, dialect: str | None, value: Any
) -> None:
    """As T012 asks, with detail and without (a finding a folding report only counts)."""
    schema = _with_dialect(schema, dialect)
    reported = jsonschema_reports(schema, value)
    first = _first_error(schema, value) if reported and not _has_extra_schema(schema) else None
    for detail in (True, False):
        validator = Validator(schema)
        for _ in range(argschema._TYPED_AT + 1):
            verdict = validator.judge(json.dumps(value))
            if verdict is argschema.ACCEPTED:
                assert not reported, (schema, value)
            elif verdict is not argschema.NOT_DECODED:
                found = validator.error(verdict, detail=detail)
                assert (found is None) == (not reported), (schema, value)
                if detail and first is not None:
                    assert _same_error(found, first), (schema, value)


def test_generated_schemas_spare_jsonschema_the_valid_calls(monkeypatch: Any) -> None:
    """A Pydantic-style schema is outside the subset: valid calls are judged by the walk
    on every use, and jsonschema is only asked about the invalid one, with its message."""
    assert compile_fast(PYDANTIC) is None
    built: list[Any] = []
    real = Validator._jsonschema
    monkeypatch.setattr(Validator, "_jsonschema", lambda self: built.append(1) or real(self))
    validator = Validator(PYDANTIC)
    good = [
        {"guest": {"name": "Ada"}, "nights": 2},
        {"guest": {"name": "Bo", "tags": ["vip"]}, "nights": 1, "room": None, "code": None},
        {"guest": {"name": "Cy"}, "nights": 3, "room": "single", "code": "OSL"},
    ]
    for i in range(12):
        assert validator.judge(json.dumps(good[i % 3])) is argschema.ACCEPTED
    assert built == []
    bad = validator.judge(json.dumps({"guest": {"name": "Ada"}, "nights": 2, "code": "oslo"}))
    assert bad is not argschema.ACCEPTED
    # A finding that is only counted needs only the verdict: the walk's is exact here.
    assert validator.error(bad, detail=False) == argschema.UNDETAILED
    # And one shown in full gets jsonschema's message, found by the walk as well.
    assert validator.error(bad) == (
        "'oslo' is not valid under any of the given schemas (at arguments.code)"
    )
    nested = validator.judge(json.dumps({"guest": {"name": 3}, "nights": 2}))
    assert validator.error(nested) == "3 is not of type 'string' (at arguments.guest.name)"
    assert built == []


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"$ref": "#/$defs/a", "$defs": {"a": {"type": "string"}}}, 1),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, 1),
        ({"allOf": [{"type": "integer"}, {"minimum": 3}]}, 2),
        ({"pattern": "^a"}, "ba"),
        ({"$ref": "#/$defs/a~1b", "$defs": {"a/b": {"type": "string"}}}, 1),
    ],
)
def test_each_new_keyword_can_fail(schema: Any, value: Any) -> None:
    """The walk follows each keyword rather than skipping it: a value it must reject."""
    assert judged(schema, value) is not True
    assert jsonschema_reports(schema, value)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"$ref": "#/$defs/a", "$defs": {"a": {"type": "string"}}}, "x"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, None),
        ({"allOf": [{"type": "integer"}, {"minimum": 3}]}, 3),
        ({"pattern": "^a"}, "ab"),
        ({"pattern": "^a"}, 5),
        ({"$ref": "#/$defs/a~1b", "$defs": {"a/b": {"type": "string"}}}, "x"),
        ({"$ref": "#/definitions/a", "definitions": {"a": {"type": "string"}}}, "x"),
        ({"items": {"$ref": "#"}, "type": "array"}, [[], [[]]]),
    ],
)
def test_each_new_keyword_can_pass(schema: Any, value: Any) -> None:
    assert judged(schema, value) is True
    assert not jsonschema_reports(schema, value)


def test_a_reference_loop_ends_within_its_budget(monkeypatch: Any) -> None:
    """Two branches that each lead back to the same schema, on the same value: without a
    bound on the references followed, the walk would take 2**64 steps."""
    calls = [0]
    real = argschema_quick._quick

    def counted(*args: Any) -> bool:
        calls[0] += 1
        assert calls[0] <= 4 * argschema_subset.MAX_REFS, "the walk is not bounded"
        return real(*args)

    monkeypatch.setattr(argschema_quick, "_quick", counted)
    loop = {"$defs": {"a": {"anyOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/a"}]}},
            "$ref": "#/$defs/a"}  # fmt: skip
    assert judged(loop, 1) is not True
    calls[0] = 0
    assert judged({"$ref": "#"}, 1) is not True
    assert calls[0] <= argschema_subset.MAX_REFS + 1


def test_the_first_error_search_gives_up_within_its_budget(monkeypatch: Any) -> None:
    """The walk rejects this at once (`b`, first in the arguments), but the message's
    search takes `a` first, as jsonschema does (the schema's order), into a ladder of
    2**11 paths: it gives up after its references, and jsonschema words the message."""
    hops = [0]
    real = argschema_errors._pointed

    def counted(root: Any, ref: Any) -> Any:
        hops[0] += 1
        return real(root, ref)

    schema = {
        "type": "object",
        "properties": {"a": {"$ref": "#/$defs/d1"}, "b": {"type": "integer"}},
        "$defs": {k: v for k, v in _LADDER["$defs"].items() if k != "ok"},
    }
    value = {"b": "x", "a": 1.5}
    assert exact(schema) and judged(schema, value) is False
    monkeypatch.setattr(argschema_errors, "_pointed", counted)
    validator = Validator(schema)
    rejected = validator.judge(json.dumps(value))
    assert rejected == value
    assert validator.error(rejected) == _first_error(schema, value)
    assert argschema_subset.MAX_REFS <= hops[0] <= argschema_subset.MAX_REFS + 1


# A discriminated union, as Pydantic writes `Field(discriminator="kind")`.
DISCRIMINATED = {
    "type": "object",
    "properties": {
        "pet": {
            "oneOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}],
            "discriminator": {"propertyName": "kind"},
        }
    },
    "required": ["pet"],
    "$defs": {
        "Cat": {
            "type": "object",
            "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}},
            "required": ["kind"],
        },
        "Dog": {
            "type": "object",
            "properties": {"kind": {"const": "dog"}, "breed": {"type": "string"}},
            "required": ["kind"],
        },
    },
}


def test_discriminated_unions_spare_jsonschema_the_valid_and_the_counted_calls(
    monkeypatch: Any,
) -> None:
    built: list[Any] = []
    real = Validator._jsonschema
    monkeypatch.setattr(Validator, "_jsonschema", lambda self: built.append(1) or real(self))
    validator = Validator(DISCRIMINATED)
    for pet in ({"kind": "cat", "lives": 9}, {"kind": "dog", "breed": "collie"}):
        assert validator.judge(json.dumps({"pet": pet})) is argschema.ACCEPTED
    bad = validator.judge(json.dumps({"pet": {"kind": "cow"}}))
    assert validator.error(bad, detail=False) == argschema.UNDETAILED
    assert built == []
    assert validator.error(bad) == _first_error(DISCRIMINATED, bad)


def test_a_reference_met_again_is_looked_up_once(monkeypatch: Any) -> None:
    """An array of 500 items that each name the same schema of `$defs`: the walk resolves
    the pointer once, not once an item."""
    looked_up = [0]
    real = argschema_quick._pointed

    def counted(root: Any, ref: Any) -> Any:
        looked_up[0] += 1
        return real(root, ref)

    monkeypatch.setattr(argschema_quick, "_pointed", counted)
    item = {"type": "object", "properties": {"n": {"type": "integer"}}}
    schema = {
        "$defs": {"Item": item},
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
    }
    assert judged(schema, {"items": [{"n": i} for i in range(500)]}) is True
    assert judged(schema, {"items": [{"n": 1}, {"n": "x"}]}) is False
    assert looked_up[0] == 2  # once a walk
