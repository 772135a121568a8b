"""T012 on the keywords that tool schemas use now and then (`argschema_more`): Pydantic's
tuples (``prefixItems``), dicts with constrained keys (``propertyNames``,
``patternProperties``), ``multipleOf``, ``minProperties``; hand-written ``not``, ``if``,
``dependentRequired``, ``contains``.

Each was outside the quick walk, so every call against a schema seen once built a
jsonschema validator (0.4-2 ms). Here each keyword must pass and fail in the walk alone,
with jsonschema's verdict and message, and without building jsonschema. The differential
tests of `test_argschema_quick` hold the walk to jsonschema on generated schemas too.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ftlint.rules import argschema, argschema_quick
from ftlint.rules.argschema import Validator
from ftlint.rules.argschema_meta import problem
from ftlint.rules.argschema_quick import exact, judged

PAYMENT = {
    "type": "object",
    "properties": {"kind": {"enum": ["card", "bank"]}},
    "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
    "then": {"required": ["number"]},
    "else": {"required": ["iban"]},
}
TUPLE = {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}],
         "minItems": 2, "maxItems": 2}  # fmt: skip
TAGGED = {"type": "object", "properties": {"a": {}},
          "patternProperties": {"^x_": {"type": "integer"}}}  # fmt: skip

DRAFT7 = "http://json-schema.org/draft-07/schema#"
DRAFT6 = "http://json-schema.org/draft-06/schema#"
DRAFT2019 = "https://json-schema.org/draft/2019-09/schema"
# A root `$id` names the document (TypeBox and some SDKs write one): local references
# still point into it.
IDENTIFIED = {
    "$id": "https://example.com/tools/book.json",
    "type": "object",
    "properties": {"guest": {"$ref": "#/$defs/Guest"}},
    "required": ["guest"],
    "$defs": {"Guest": {"type": "object", "properties": {"name": {"type": "string"}}}},
}
# (schema, arguments that fail it): one case per wording jsonschema has.
FAILING: list[tuple[dict[str, Any], Any]] = [
    ({"type": "object", "properties": {"loc": TUPLE}}, {"loc": [1.5, "north"]}),
    (TUPLE, [1]),
    ({"prefixItems": [{"type": "integer"}], "items": False}, [1, 2, 3]),
    ({"prefixItems": [{"type": "integer"}], "items": False}, [1, 2]),
    ({"prefixItems": [{}, {}], "items": False}, [1, 2, 3]),
    ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, [1, 2]),
    ({"items": False}, [1]),
    ({"propertyNames": {"enum": ["a", "b"]}}, {"a": 1, "c": 2}),
    ({"propertyNames": {"maxLength": 2}}, {"abc": 1}),
    (TAGGED, {"a": "s", "x_b": "s"}),
    ({**TAGGED, "additionalProperties": False}, {"x_a": 1, "b": 2}),
    ({**TAGGED, "additionalProperties": False}, {"x_a": 1, "b": 2, "c": 3}),
    ({**TAGGED, "additionalProperties": {"type": "integer"}}, {"a": "s", "q": "t"}),
    ({"patternProperties": {}, "additionalProperties": False}, {"b": 1}),
    ({"minProperties": 1}, {}),
    ({"minProperties": 2}, {"a": 1}),
    ({"maxProperties": 0}, {"a": 1}),
    ({"maxProperties": 1}, {"a": 1, "b": 2}),
    ({"multipleOf": 5}, 12),
    ({"multipleOf": 2}, 2.5),
    ({"multipleOf": 0.1}, 0.35),
    ({"dependentRequired": {"a": ["b", "c"]}}, {"a": 1, "b": 2}),
    ({"dependentSchemas": {"a": {"required": ["b"]}}}, {"a": 1}),
    ({"properties": {"a": {"not": {"type": "null"}}}}, {"a": None}),
    (PAYMENT, {"kind": "card"}),
    (PAYMENT, {"kind": "bank"}),
    ({"contains": {"type": "integer"}}, ["a"]),
    ({"contains": {"type": "integer"}, "minContains": 2}, [1, "a"]),
    ({"contains": {"type": "integer"}, "maxContains": 1}, [1, 2]),
    (IDENTIFIED, {"guest": {"name": 3}}),
    # The dialects that mean the same: draft 6, draft 7, 2019-09 (and 2020-12).
    ({"$schema": DRAFT6, "type": "object", "required": ["a"]}, {}),
    (
        {
            "$schema": DRAFT6,
            "properties": {"x": {"$ref": "#/definitions/a"}},
            "definitions": {"a": {"type": "string"}},
        },
        {"x": 1},
    ),
    ({"$schema": DRAFT2019, "dependentRequired": {"a": ["b"]}}, {"a": 1}),
    ({"$schema": DRAFT2019, "type": "array", "items": {"type": "string"}}, [1]),
    ({"$schema": DRAFT2019, "contains": {"type": "string"}, "maxContains": 1}, ["a", "b"]),
    ({"$schema": DRAFT7, **IDENTIFIED, "$id": "urn:example:tool"}, {}),
]
PASSING: list[tuple[dict[str, Any], Any]] = [
    ({"type": "object", "properties": {"loc": TUPLE}}, {"loc": [1.5, 2]}),
    ({"prefixItems": [{"type": "integer"}], "items": False}, [1]),
    ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, [1, "a", "b"]),
    ({"propertyNames": {"enum": ["a", "b"]}}, {"a": 1, "b": 2}),
    (TAGGED, {"a": "s", "x_b": 1, "y": "t"}),
    ({**TAGGED, "additionalProperties": False}, {"x_a": 1, "a": None}),
    ({"minProperties": 1, "maxProperties": 2}, {"a": 1}),
    ({"minProperties": 1}, []),
    ({"multipleOf": 5}, 15),
    ({"multipleOf": 0.5}, 2.5),
    ({"multipleOf": 5}, ["x"]),
    ({"dependentRequired": {"a": ["b"]}}, {"b": 1}),
    ({"dependentSchemas": {"a": {"required": ["b"]}}}, {"a": 1, "b": 2}),
    ({"not": {"type": "null"}}, 0),
    ({"not": False}, 0),
    (PAYMENT, {"kind": "card", "number": "4111"}),
    (PAYMENT, {"kind": "bank", "iban": "NO93"}),
    ({"then": {"required": ["x"]}}, {}),  # no `if`: `then` means nothing
    ({"contains": {"type": "integer"}}, ["a", 1]),
    ({"contains": {"type": "integer"}, "minContains": 0}, ["a"]),
    ({"contains": {"type": "integer"}, "maxContains": 1}, [1, "a"]),
    (IDENTIFIED, {"guest": {"name": "Ada"}}),
    ({"$schema": DRAFT6, "if": {"type": "integer"}, "then": {"minimum": 5}}, 1),  # no `if`
    ({"$schema": DRAFT2019, "prefixItems": [{"type": "string"}]}, ["x"]),
]


def _jsonschema_class(schema: Any) -> Any:
    return jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)


def _jsonschema_error(schema: Any, value: Any) -> str | None:
    validator = _jsonschema_class(schema)(schema)
    error = next(iter(validator.iter_errors(value)), None)
    if error is None:
        return None
    return argschema._text(str(error.message), list(reversed(error.path)))


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The jsonschema validators that T012 builds."""
    made: list[Any] = []
    real = Validator._jsonschema
    monkeypatch.setattr(Validator, "_jsonschema", lambda self: made.append(1) or real(self))
    return made


@pytest.mark.parametrize(("schema", "value"), FAILING)
def test_each_keyword_fails_in_the_walk_with_jsonschemas_message(
    schema: dict[str, Any], value: Any, built: list[Any]
) -> None:
    _jsonschema_class(schema).check_schema(schema)
    expected = _jsonschema_error(schema, value)
    assert expected is not None
    assert exact(schema)
    assert judged(schema, value) is False
    validator = Validator(schema)
    rejected = validator.judge(json.dumps(value))
    assert validator.error(rejected, detail=False) == argschema.UNDETAILED
    assert validator.error(rejected) == expected
    assert built == []


@pytest.mark.parametrize(("schema", "value"), PASSING)
def test_each_keyword_passes_in_the_walk(
    schema: dict[str, Any], value: Any, built: list[Any]
) -> None:
    _jsonschema_class(schema).check_schema(schema)
    assert _jsonschema_error(schema, value) is None
    assert judged(schema, value) is True
    assert Validator(schema).judge(json.dumps(value)) is argschema.ACCEPTED
    assert built == []


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        # Draft 7 has no `prefixItems` (ignored: valid), nor `dependentRequired`.
        ({"$schema": DRAFT7, "prefixItems": [{"type": "string"}]}, [1]),
        ({"$schema": DRAFT7, "dependentRequired": {"a": ["b"]}}, {"a": 1}),
        # Its `items` takes every item, whatever `prefixItems` says.
        ({"$schema": DRAFT7, "prefixItems": [{}], "items": {"type": "string"}}, ["x", "y"]),
        # So does 2019-09's; and a list there is a tuple.
        ({"$schema": DRAFT2019, "prefixItems": [{}], "items": {"type": "string"}}, ["x", 1]),
        ({"$schema": DRAFT2019, "items": [{"type": "string"}]}, [1]),
        ({"$schema": DRAFT6, "contains": {"type": "string"}}, [1]),  # worded otherwise
        ({"$schema": DRAFT7, "contains": {"type": "string"}, "maxContains": 1}, ["a", "b"]),
        ({"$schema": DRAFT6, "if": {"type": "integer"}, "then": {"minimum": 5}}, 1),
        # Drafts 6 and 7: a `$ref` hides its siblings.
        (
            {
                "$schema": DRAFT6,
                "$ref": "#/definitions/a",
                "type": "integer",
                "definitions": {"a": {}},
            },
            "x",
        ),
    ],
)
def test_other_dialects_meanings_are_their_own(schema: dict[str, Any], value: Any) -> None:
    """Where a dialect means something else (or nothing: a keyword it does not have),
    the walk follows the dialect, or is not certain."""
    reported = _reported7(schema, value)
    verdict = judged(schema, value)
    assert verdict is not True or not reported
    assert verdict is not False or not exact(schema) or reported
    validator = Validator(schema)
    found = validator.judge(json.dumps(value))
    if reported:  # and in the dialect's words
        assert validator.error(found) == _jsonschema_error(schema, value)


def _reported7(schema: Any, value: Any) -> bool:
    cls = _jsonschema_class(schema)
    return next(iter(cls(schema).iter_errors(value)), None) is not None


def test_a_draft7_tuple_is_judged_by_its_dialect(built: list[Any]) -> None:
    """Pydantic 1 wrote a tuple as draft 7 does (`items` a list). Under 2020-12, the
    default, that schema fails the metaschema, so jsonschema reports nothing: the walk
    accepts the call without building jsonschema. Under a declared draft 7 it is a tuple."""
    tuple7 = {"type": "array", "items": [{"type": "number"}, {"type": "number"}]}
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema(tuple7)
    assert Validator(tuple7).judge(json.dumps(["north", 1])) is argschema.ACCEPTED
    assert built == []
    declared = {"$schema": DRAFT7, **tuple7}
    assert _reported7(declared, ["north", 1])
    assert judged(declared, ["north", 1]) is not True


@pytest.mark.parametrize(
    ("schema", "refused"),
    [  # (`refused`: `argschema_meta.problem` finds a problem, so jsonschema is not asked)
        ({"type": "object", "properties": {"p": {"items": [{"type": "number"}]}}}, True),
        ({"anyOf": [{"$ref": "#/$defs/T"}], "$defs": {"T": {"items": [{}, {}]}}}, True),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema", "items": [{}]}, True),
        ({"$schema": DRAFT7, "items": [{}]}, False),  # draft 7's own tuple
        ({"$schema": "https://json-schema.org/draft/2019-09/schema", "items": [{}]}, False),
        ({"properties": {"items": {"enum": [[1]]}}}, False),  # a property named `items`
        ({"default": {"items": [1]}, "examples": [{"items": []}]}, False),  # not schemas
        ({"$schema": ["x"], "items": [{}]}, True),  # `$schema` must be a string
    ],
)
def test_a_draft7_tuple_under_2020_12_is_refused_without_jsonschema(
    schema: dict[str, Any], refused: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failing calls against a schema that 2020-12's metaschema refuses get no finding,
    as from jsonschema, but without its metaschema check (about 0.4 ms a schema)."""
    checked: list[Any] = []
    for cls in (jsonschema.Draft202012Validator, jsonschema.Draft7Validator,
                jsonschema.Draft201909Validator):  # fmt: skip
        real = cls.check_schema
        monkeypatch.setattr(cls, "check_schema", lambda s, real=real: checked.append(s) or real(s))
    assert (problem(schema) is not None) is refused
    if refused:
        with pytest.raises((jsonschema.SchemaError, TypeError)):  # (TypeError: a list there)
            _jsonschema_class(schema).check_schema(schema)
        assert Validator(schema).error(["not", "a", "tuple"]) is None
        assert Validator(schema).error({"p": "x"}) is None
        assert checked == ([schema] if isinstance(schema.get("$schema", ""), str) else [])


_HOLDERS = st.sampled_from(
    ["items", "not", "contains", "additionalProperties", "properties", "$defs", "anyOf",
     "prefixItems", "default", "enum", "const"]
)  # fmt: skip


def _nested() -> st.SearchStrategy[Any]:
    """Schemas with a list under `items` somewhere, or under a key that holds no schema."""
    leaf = st.sampled_from([{}, {"type": "integer"}, {"items": [{}]}, True, [{}]])

    def wrap(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        def place(key: str, sub: Any) -> Any:
            if key in ("properties", "$defs"):
                return {key: {"a": sub}}
            if key in ("anyOf", "prefixItems", "enum"):
                return {key: [sub]}
            return {key: sub}

        return st.builds(place, _HOLDERS, inner)

    return st.recursive(leaf, wrap, max_leaves=4)


@given(_nested(), st.sampled_from([None, DRAFT7, "https://json-schema.org/draft/2020-12/schema"]))
def test_what_is_refused_fails_the_metaschema(schema: Any, dialect: str | None) -> None:
    if dialect is not None and isinstance(schema, dict):
        schema = {"$schema": dialect, **schema}
    if problem(schema) is not None:
        with pytest.raises(jsonschema.SchemaError):
            _jsonschema_class(schema).check_schema(schema)


@pytest.mark.parametrize(
    "schema",
    [
        {"$id": "https://example.com/t.json#it", "type": "integer"},  # an anchor
        {"properties": {"a": {"$id": "https://example.com/a.json", "type": "integer"}}},
    ],
)
def test_an_id_that_is_not_the_documents_name_is_left_to_jsonschema(
    schema: dict[str, Any],
) -> None:
    assert not exact(schema)
    assert judged(schema, {"a": "x"} if "properties" in schema else "x") is not True


UNSURE = {"$id": "http://example.com/int", "type": "integer"}  # `$id`: the walk is unsure


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"not": UNSURE}, 1),
        ({"if": UNSURE, "then": {"minimum": 5}}, 1),
        ({"contains": UNSURE, "minContains": 0, "maxContains": 1}, [1, 2]),
        ({"oneOf": [UNSURE, {"minimum": 0}]}, 1),
    ],
)
def test_a_failure_the_walk_is_unsure_of_is_not_taken_for_certain(
    schema: dict[str, Any], value: Any
) -> None:
    """Where a verdict rests on a subschema failing, the walk's False must be certain."""
    assert _jsonschema_error(schema, value) is not None
    assert judged(schema, value) is not True


def test_a_not_that_ran_out_of_references_is_not_taken_for_valid() -> None:
    """`not` turns the walk's False into True: a False that only means "ran out" must
    not become a valid verdict (nor may a `oneOf` branch that ran out count as failing)."""
    ladder = {
        "top": {"anyOf": [{"$ref": "#/$defs/d1"}, {"$ref": "#/$defs/ok"}]},
        "ok": {"type": "integer"},
        "d12": {"type": "string"},
        **{f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}] * 2} for i in range(1, 12)},
    }
    negated = {"not": {"$ref": "#/$defs/top"}, "$defs": ladder}
    assert exact(negated)
    assert judged(negated, 1) is None  # jsonschema: 1 is an integer, so `not` fails
    both = {"oneOf": [{"type": "integer"}, {"$ref": "#/$defs/top"}], "$defs": ladder}
    assert judged(both, 1) is None  # jsonschema: valid under each of the two


def test_a_schema_used_again_is_asked_whether_it_is_exact_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A `oneOf` (or `not`, `if`) asks whether the whole schema is exact before it counts
    a failing branch; a schema shared by many calls keeps the answer (it cost half of
    each call's walk against a Pydantic discriminated union)."""
    union = {
        "oneOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}],
        "$defs": {
            "Cat": {"properties": {"kind": {"const": "cat"}}, "required": ["kind"]},
            "Dog": {"properties": {"kind": {"const": "dog"}}, "required": ["kind"]},
        },
    }
    asked: list[Any] = []
    real = argschema_quick.exact
    counted = lambda schema: asked.append(schema) or real(schema)  # noqa: E731
    monkeypatch.setattr(argschema_quick, "exact", counted)
    monkeypatch.setattr(argschema, "exact", counted)
    validator = Validator(union)
    for kind in ["cat", "dog"] * 20:
        assert validator.judge(json.dumps({"kind": kind})) is argschema.ACCEPTED
    rejected = validator.judge(json.dumps({"kind": "cow"}))
    assert validator.error(rejected, detail=False) == argschema.UNDETAILED
    assert len(asked) == 1


DRAFT4 = "http://json-schema.org/draft-04/schema#"
BOOKING4 = {
    "$schema": DRAFT4,
    "type": "object",
    "properties": {"guest": {"$ref": "#/definitions/Guest"}, "nights": {"type": "integer"}},
    "required": ["guest"],
    "definitions": {"Guest": {"type": "object", "properties": {"name": {"type": "string"}}}},
}


def test_a_draft4_schemas_valid_calls_are_walked(built: list[Any]) -> None:
    """C#'s NJsonSchema writes draft 4: its valid calls need no jsonschema validator (0.3 ms
    each against a schema seen once); its failing ones still get jsonschema's verdict."""
    validator = Validator(BOOKING4)
    for _ in range(argschema._COMPILE_AT + 2):
        assert validator.judge(json.dumps({"guest": {"name": "Ada"}, "nights": 2})) is (
            argschema.ACCEPTED
        )
    assert built == []
    rejected = validator.judge(json.dumps({"guest": {"name": 3}}))
    assert validator.error(rejected) == _jsonschema_error(BOOKING4, {"guest": {"name": 3}})


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"$schema": DRAFT4, "type": "integer"}, 1.0),  # not an integer in draft 4
        ({"$schema": DRAFT4, "minimum": 1, "exclusiveMinimum": True}, 1),
        # A nested `id` moves where the references below it point (to its own `definitions`).
        ({"$schema": DRAFT4,
          "properties": {"a": {"id": "http://example.com/a.json",
                               "properties": {"b": {"$ref": "#/definitions/s"}},
                               "definitions": {"s": {"type": "integer"}}}},
          "definitions": {"s": {"type": "string"}}},
         {"a": {"b": "x"}}),
    ],
)  # fmt: skip
def test_draft4_meanings_are_never_taken_for_valid(schema: dict[str, Any], value: Any) -> None:
    assert _reported7(schema, value)  # jsonschema, draft 4
    assert judged(schema, value) is not True
    assert not exact(schema)
