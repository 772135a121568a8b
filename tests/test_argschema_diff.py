"""T012's own checks agree with jsonschema: verdicts and messages (differential, hypothesis).

Schemas are drawn from the subset that `argschema_subset` handles (type with nullable
unions, properties, required, additionalProperties, items, enum, const, bounds, lengths,
annotations), with some of what it must leave to jsonschema mixed in (keywords outside
the subset, annotations and keyword values of the wrong shape, `$schema` dialects), and
keywords that jsonschema ignores (`nullable`, `x-order`). Values are JSON values that
often use the schemas' property names.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.rules import argschema, argschema_subset
from ftlint.rules.argschema import Validator, compile_fast
from ftlint.rules.argschema_errors import first_error
from ftlint.rules.argschema_quick import judged
from ftlint.rules.argschema_subset import _ANNOTATIONS, _KNOWN, in_subset

NAMES = ["a", "b", "c", "city", "n"]
TYPES = ["string", "integer", "number", "boolean", "null", "array", "object"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5, -1.5, 1e20]),
    st.sampled_from(["", "x", "ab", "Oslo", "a"]),
)


def _values() -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.sampled_from([*NAMES, "zz"]), inner, max_size=4),
        ),
        max_leaves=10,
    )


def _type() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(TYPES),
        st.lists(st.sampled_from(TYPES), min_size=1, max_size=3),  # duplicates: bad shape
        st.sampled_from([[], "strin", ["string", "null"], ["integer", "null"]]),
    )


_BOUND_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_LENGTH_KEYS = ("minLength", "maxLength", "minItems", "maxItems")


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    """A schema of constraints on one value, no subschemas."""
    keyword = st.sampled_from(
        ["type", "type", "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
         "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "description",
         "default", "nullable", "x-order", "title", "format", "pattern", "deprecated",
         "examples", "readOnly"]
    )  # fmt: skip

    def value_for(key: str) -> st.SearchStrategy[Any]:
        if key == "type":
            return _type()
        if key == "enum":
            return st.one_of(st.lists(SCALARS, max_size=4), st.just("x"), st.just([[1]]))
        if key in ("const", "default", "nullable", "x-order"):
            return SCALARS
        if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            return st.one_of(st.integers(-2, 3), st.sampled_from([0.5, True, "1"]))
        if key in ("minLength", "maxLength", "minItems", "maxItems"):
            return st.one_of(st.integers(-1, 3), st.sampled_from([1.0, 1.5]))
        if key == "pattern":
            return st.sampled_from(["^a", "b$"])
        if key in ("deprecated", "readOnly"):
            return st.one_of(st.booleans(), st.just("yes"))
        if key == "examples":
            return st.sampled_from([[], [1, "a"], "a"])
        return st.one_of(st.just("text"), st.just(3))  # title, description, format

    return st.lists(keyword, min_size=0, max_size=3, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({k: value_for(k) for k in keys})
    )


def _schemas() -> st.SearchStrategy[Any]:
    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        obj = st.fixed_dictionaries(
            {"type": st.just("object")},
            optional={
                "properties": st.one_of(
                    st.dictionaries(st.sampled_from(NAMES), inner, max_size=4),
                    st.just(["a"]),  # not an object: bad shape
                ),
                "required": st.one_of(
                    st.lists(st.sampled_from(NAMES), max_size=3),  # duplicates: bad shape
                    st.sampled_from(["a", ["a", 1]]),  # bad shapes
                ),
                "additionalProperties": st.one_of(st.booleans(), inner),
                "description": st.just("parameters"),
            },
        )
        arr = st.fixed_dictionaries(
            {"items": inner}, optional={"type": st.just("array"), "minItems": st.just(1)}
        )
        return st.one_of(obj, arr, _leaf())

    return st.recursive(st.one_of(_leaf(), st.booleans()), extend, max_leaves=8)


def _with_dialect(schema: Any, dialect: str | None) -> Any:
    if dialect is None or not isinstance(schema, dict):
        return schema
    return {"$schema": dialect, **schema}


DIALECTS = st.sampled_from(
    [None, None, None, "http://json-schema.org/draft-07/schema#",
     "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-04/schema#",
     "http://json-schema.org/draft-06/schema#", "https://json-schema.org/draft/2019-09/schema"]
)  # fmt: skip


def _jsonschema(schema: Any) -> Any:
    """jsonschema's validator of ``schema`` as ftlint builds it, or None if it reports
    nothing against this schema."""
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError:
        return None
    return cls(schema)


def _text(error: Any) -> str:
    return argschema._text(str(error.message), list(reversed(error.path)))


def _same_error(found: str | None, expected: str) -> bool:
    """T012's message is jsonschema's; where jsonschema (4.26) leaves out the path of a
    value that a `false` subschema rejects, T012 still says where it is."""
    if expected.startswith("False schema does not allow") and found is not None:
        return found.startswith(expected)
    return found == expected


def _has_extra_schema(schema: Any) -> bool:
    """Whether an `additionalProperties` subschema is used: jsonschema walks the extra
    keys in set order, which varies between runs, so its first error does too."""
    text = json.dumps(schema)
    return '"additionalProperties": {' in text


# Values at, inside and outside every bound and length, in each run: random schemas and
# values land exactly on a bound only now and then.
_BOUNDARIES = [
    *(({key: 1}, [0, 1, 2, 0.5, 1.0, 1.5, True]) for key in _BOUND_KEYS),
    *(({key: 1}, ["", "x", "ab", [], [1], [1, 2]]) for key in _LENGTH_KEYS),
]


def _at_the_boundaries(test: Any) -> Any:
    for schema, values in _BOUNDARIES:
        test = example(schema, None, values)(test)
    return test


@_at_the_boundaries
@example({"type": "object", "properties": {"a": False}}, None, [{"a": None}])
@example(
    {"type": "object", "properties": {"a": False}, "additionalProperties": {}}, None, [{"a": None}]
)
@given(_schemas(), DIALECTS, st.lists(_values(), min_size=1, max_size=4))
def test_verdicts_and_messages_agree_with_jsonschema(
    schema: Any, dialect: str | None, values: list[Any]
) -> None:
    schema = _with_dialect(schema, dialect)
    full = _jsonschema(schema)
    fast = compile_fast(schema)
    if fast is not None:
        assert full is not None, "compiled, so jsonschema accepts the schema"
    ours = Validator(schema)
    for value in values:
        errors = [] if full is None else list(full.iter_errors(value))
        found = ours.error(value)
        assert (found is None) == (not errors), (schema, value, found)
        if errors and fast is not None:
            assert fast(value) is False
            if _has_extra_schema(schema):
                assert any(_same_error(found, _text(e)) for e in errors), (schema, value)
            else:
                assert _same_error(found, _text(errors[0])), (schema, value)
        if judged(schema, value) is True:
            assert not errors, (schema, value)
        elif in_subset(schema):
            assert errors, ("quick is exact in the subset", schema, value)
        if fast is not None and fast(value):
            assert not errors, (schema, value)


@given(_schemas(), DIALECTS, _values())
def test_the_verdict_alone_agrees_with_jsonschema(
    schema: Any, dialect: str | None, value: Any
) -> None:
    """`error(value, detail=False)`, for a finding a folding report only counts; and the
    walk that only checks a schema agrees with the compiling one."""
    schema = _with_dialect(schema, dialect)
    full = _jsonschema(schema)
    valid = full is None or full.is_valid(value)
    assert (Validator(schema).error(value, detail=False) is None) == valid, (schema, value)
    assert in_subset(schema) == (compile_fast(schema) is not None), schema


@given(_schemas(), _values())
def test_accepts_only_valid_arguments_on_every_use(schema: Any, value: Any) -> None:
    """The first uses (the quick walk), the next (the compiled checker), the last (typed
    decoding): each accepts only what jsonschema finds valid."""
    full = _jsonschema(schema)
    validator = Validator(schema)
    text = json.dumps(value)
    for _ in range(argschema._TYPED_AT + 1):
        if validator.accepts(text):
            assert not isinstance(value, str)
            assert full is None or full.is_valid(value), (schema, value)


@given(_schemas(), DIALECTS, _values())
def test_the_verdict_alone_after_judging_agrees_with_jsonschema(
    schema: Any, dialect: str | None, value: Any
) -> None:
    """As T012 asks on a folded finding: `judge`, then `error` without detail on what it
    rejected (which, in the subset, takes the rejection as the verdict), on every use."""
    schema = _with_dialect(schema, dialect)
    full = _jsonschema(schema)
    valid = full is None or full.is_valid(value)
    validator = Validator(schema)
    for _ in range(argschema._TYPED_AT + 1):
        judged = validator.judge(json.dumps(value))
        if judged is argschema.ACCEPTED:
            assert valid, (schema, value)
        elif judged is not argschema.NOT_DECODED:
            assert (validator.error(judged, detail=False) is None) == valid, (schema, value)


@settings(max_examples=200)
@given(_schemas(), DIALECTS)
def test_the_shape_walk_agrees_with_compiling(schema: Any, dialect: str | None) -> None:
    """`in_subset`, a walk of its own, accepts what compiling does, and jsonschema agrees."""
    schema = _with_dialect(schema, dialect)
    inside = in_subset(schema)
    assert inside == (compile_fast(schema) is not None), schema
    if inside:
        assert _jsonschema(schema) is not None, schema


_SUBSET, _BAD_SHAPE, _OUTSIDE = "subset", "bad shape", "outside"


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ({"items": False}, _OUTSIDE), ({"additionalProperties": False}, _SUBSET),
        ({"pattern": "a"}, _OUTSIDE), ({"nullable": True, "x-order": 1}, _SUBSET),
        ({"items": {"$schema": "https://json-schema.org/draft/2020-12/schema"}}, _OUTSIDE),
        ({"title": 1}, _BAD_SHAPE), ({"description": None}, _BAD_SHAPE),
        ({"format": 3}, _BAD_SHAPE), ({"$comment": 1}, _BAD_SHAPE),
        ({"deprecated": "yes"}, _BAD_SHAPE), ({"readOnly": 1}, _BAD_SHAPE),
        ({"examples": "a"}, _BAD_SHAPE), ({"examples": []}, _SUBSET), ({"default": [1]}, _SUBSET),
        ({"const": [1]}, _SUBSET), ({"const": "a"}, _SUBSET), ({"enum": [[1]]}, _SUBSET),
        ({"enum": "x"}, _BAD_SHAPE), ({"type": ["string", "string"]}, _BAD_SHAPE),
        ({"type": []}, _BAD_SHAPE), ({"type": ["string", 1]}, _BAD_SHAPE),
        ({"type": "strin"}, _BAD_SHAPE), ({"type": ["integer", "null"]}, _SUBSET),
        ({"required": ["a", "a"]}, _BAD_SHAPE), ({"required": "a"}, _BAD_SHAPE),
        ({"required": [1]}, _BAD_SHAPE), ({"properties": []}, _BAD_SHAPE),
        ({"properties": {"a": 1}}, _BAD_SHAPE), ({"additionalProperties": 1}, _BAD_SHAPE),
        ({"items": 1}, _BAD_SHAPE), ({"minimum": True}, _BAD_SHAPE), ({"minimum": 0.5}, _SUBSET),
        ({"minLength": 1.0}, _SUBSET), ({"minLength": 1.5}, _BAD_SHAPE),
        ({"maxItems": -1}, _BAD_SHAPE), ({"maxItems": "1"}, _BAD_SHAPE),
    ],
)  # fmt: skip
def test_the_shape_walk_on_each_keyword(schema: dict[str, Any], kind: str) -> None:
    assert in_subset(schema) == (kind == _SUBSET), schema
    assert (compile_fast(schema) is not None) == (kind == _SUBSET), schema
    assert (_jsonschema(schema) is None) == (kind == _BAD_SHAPE), schema


def test_the_keywords_jsonschema_knows_are_all_listed() -> None:
    """A keyword missing here would be taken for one that jsonschema ignores."""
    from jsonschema_specifications import REGISTRY

    known = set(jsonschema.Draft7Validator.VALIDATORS) | set(
        jsonschema.Draft202012Validator.VALIDATORS
    )
    known |= set(jsonschema.Draft7Validator.META_SCHEMA["properties"])
    for uri, resource in REGISTRY.items():
        if "2020-12" in uri:
            known |= set(resource.contents.get("properties", {}))
    handled = {"type", "enum", "const", "properties", "required", "additionalProperties",
               "items", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
               "minLength", "maxLength", "minItems", "maxItems"}  # fmt: skip
    assert known <= _KNOWN | set(_ANNOTATIONS) | handled


@pytest.mark.parametrize(
    ("schema", "value", "message"),
    [
        ({"type": "integer"}, "3", "'3' is not of type 'integer'"),
        ({"type": ["string", "null"]}, 1, "1 is not of type 'string', 'null'"),
        ({"enum": ["c", "f"]}, "k", "'k' is not one of ['c', 'f']"),
        ({"enum": [1]}, True, "True is not one of [1]"),
        ({"const": 1}, 2, "1 was expected"),
        ({"required": ["a", "b"]}, {"b": 1}, "'a' is a required property"),
        (
            {"properties": {"a": {}}, "additionalProperties": False},
            {"b": 1, "a": 1, "c": 2},
            "Additional properties are not allowed ('b', 'c' were unexpected)",
        ),
        (
            {"properties": {"a": {"items": {"type": "string"}}}},
            {"a": ["x", 2]},
            "2 is not of type 'string' (at arguments.a[1])",
        ),
        ({"minimum": 0}, -1, "-1 is less than the minimum of 0"),
        ({"exclusiveMaximum": 3}, 3, "3 is greater than or equal to the maximum of 3"),
        ({"minLength": 1}, "", "'' should be non-empty"),
        ({"maxItems": 0}, [1], "[1] is expected to be empty"),
        ({"properties": {"a": False}}, {"a": 1}, "False schema does not allow 1 (at arguments.a)"),
    ],
)
def test_messages_are_jsonschemas(schema: Any, value: Any, message: str) -> None:
    assert Validator(schema).error(value) == message
    found = first_error(schema, value)
    assert found is not None and argschema._text(*found) == message


def test_integral_floats_are_integers_and_booleans_are_not() -> None:
    """jsonschema's draft 6+ rules: 1.0 is an integer; true is neither 1 nor a number."""
    v = Validator({"type": "object", "properties": {"n": {"type": "integer", "maximum": 5}}})
    assert v.error({"n": 1.0}) is None
    assert v.error({"n": 1.5}) == "1.5 is not of type 'integer' (at arguments.n)"
    assert v.error({"n": True}) == "True is not of type 'integer' (at arguments.n)"
    assert v.accepts('{"n": 2.0}') and not v.accepts('{"n": 6}')


def test_schemas_outside_the_subset_go_to_jsonschema() -> None:
    for schema in (
        {"type": "object", "properties": {"a": {"anyOf": [{"type": "string"}]}}},
        {"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"},
        {"type": "object", "$defs": {}},
        {"items": False},
    ):
        assert compile_fast(schema) is None, schema
    # Shapes the metaschema rejects: jsonschema would report nothing, and so does T012.
    for schema in (
        {"type": "object", "required": ["a", "a"]},
        {"type": ["string", "string"]},
        {"type": "object", "description": 3},
        {"minLength": -1},
    ):
        assert compile_fast(schema) is None and not in_subset(schema), schema
        assert Validator(schema).error({"x": 1}) is None
    deep: Any = True
    for _ in range(argschema_subset.MAX_DEPTH + 6):
        deep = {"items": deep}
    for schema in ({"$schema": ["x"], "type": "object"}, {"properties": 1}, deep):
        assert compile_fast(schema) is None and not in_subset(schema), schema
        assert Validator(schema).error([[1]]) is None


def test_the_validator_cache_is_bounded_and_keyed_by_content() -> None:
    raws = [
        argschema.msgspec.json.encode({"type": "object", "title": str(i)}, order="sorted")
        for i in range(argschema._BY_DIGEST_MAX + 10)
    ]
    for raw in raws:
        assert (
            argschema.validator(argschema.msgspec.Raw(raw)).schema["title"]
            == json.loads(raw)["title"]
        )
    assert len(argschema._BY_DIGEST) <= argschema._BY_DIGEST_MAX
    again = argschema.validator(argschema.msgspec.Raw(raws[-1]))
    assert again is argschema.validator({"title": str(len(raws) - 1), "type": "object"})
