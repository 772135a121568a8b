"""`argschema_meta.problem`, the metaschema check of a tool's `parameters`, agrees with
jsonschema's ``check_schema`` on every dialect it follows, and words what it finds."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ftlint.rules.argschema_meta import UNSURE, dialect_of, problem

D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema"
D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema#"
URIS = [
    D4,
    D6,
    D7,
    D2019,
    D2020,
    "https://example.com/my-schema",
    "http://json-schema.org/draft-07/schema##",
]

# Every keyword some metaschema constrains, and two that none does.
KEYWORDS = [
    "type", "properties", "required", "items", "additionalProperties", "enum", "const",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "minItems", "maxItems", "minProperties", "maxProperties", "multipleOf", "pattern",
    "patternProperties", "uniqueItems", "allOf", "anyOf", "oneOf", "not", "title",
    "description", "default", "examples", "format", "$id", "id", "$ref", "$comment", "$defs",
    "definitions", "dependencies", "dependentRequired", "dependentSchemas", "propertyNames",
    "contains", "minContains", "maxContains", "if", "then", "else", "prefixItems",
    "additionalItems", "unevaluatedItems", "unevaluatedProperties", "readOnly", "writeOnly",
    "deprecated", "contentEncoding", "contentMediaType", "contentSchema", "$anchor",
    "$dynamicAnchor", "$dynamicRef", "$recursiveRef", "$recursiveAnchor", "$vocabulary",
    "nullable", "x-kind",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        [
            "string",
            "str",
            "integer",
            "int",
            "object",
            "array",
            "null",
            "a#b",
            "a",
            "_x",
            "1a",
            "(",
            "^[a-z]+$",
            "",
            "http://x/",
        ]
    ),
    st.sampled_from([0, 1, -1, 1.0, 1.5, 0.0, -0.5, 3]),
    st.booleans(),
    st.none(),
)


def _values(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    names = st.sampled_from(["a", "b", "city", "^x", "("])
    return st.one_of(
        SCALARS,
        children,
        st.lists(st.one_of(SCALARS, children), max_size=3),
        st.lists(st.sampled_from(["string", "number", "a", "a", "null", "str"]), max_size=3),
        st.dictionaries(
            names,
            st.one_of(children, SCALARS, st.lists(st.sampled_from(["a", "b"]), max_size=2)),
            max_size=2,
        ),
    )


SCHEMAS = st.recursive(
    st.one_of(st.booleans(), st.dictionaries(st.sampled_from(KEYWORDS), SCALARS, max_size=2)),
    lambda children: st.dictionaries(st.sampled_from(KEYWORDS), _values(children), max_size=4),
    max_leaves=12,
)


def _jsonschema_valid(schema: Any, draft: str | None = None) -> bool | None:
    """``check_schema``'s verdict, or ``None`` where it fails without one."""
    if draft is None:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    else:
        cls = jsonschema.Draft7Validator
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError:
        return False
    except Exception:
        return None
    return True


@given(SCHEMAS, st.one_of(st.none(), st.sampled_from(URIS)))
def test_problem_agrees_with_check_schema(schema: Any, uri: str | None) -> None:
    if uri is not None and isinstance(schema, dict):
        schema = {"$schema": uri, **schema}
    found = problem(schema)
    expected = _jsonschema_valid(schema)
    if found is UNSURE or expected is None:
        return
    assert (found is None) == expected, (schema, found)


@given(SCHEMAS)
def test_a_fixed_draft_agrees_with_that_drafts_check(schema: Any) -> None:
    """Mistral checks every schema as draft 7, whatever its `$schema` says."""
    if isinstance(schema, dict):
        schema = {"$schema": D2020, **schema}
    found = problem(schema, "draft-07")
    expected = _jsonschema_valid(schema, "draft-07")
    if found is not UNSURE and expected is not None:
        assert (found is None) == expected, (schema, found)


STR = {"type": "object", "properties": {"city": {"type": "str"}}}
REQ = {"properties": {"a": {"type": "string", "required": True}}}
PROBLEMS = [
    (STR, ("properties", "city", "type"), '"str" is not a JSON Schema type', 'write "string"'),
    ({"properties": {"n": {"type": "typing.List"}}}, ("properties", "n", "type"),
     "not a JSON Schema type", 'write "array"'),
    ({"properties": {"city": "string"}}, ("properties", "city"),
     "a schema must be an object or a boolean, got a string", 'write {"type": "string"}'),
    (REQ, ("properties", "a", "required"),
     "`required` must be an array of property names, got true", '"required": ["city"]'),
    ({"properties": [{"name": "a"}]}, ("properties",),
     "`properties` must be an object of schemas, got an array", "name each property"),
    ({"type": ["string", "null", "string"]}, ("type", 2), '`type` lists "string" twice', None),
    ({"required": ["a", "a"]}, ("required", 1), '`required` names "a" twice', None),
    ({"anyOf": []}, ("anyOf",), "`anyOf` must be a non-empty array of schemas", None),
    ({"minLength": -1}, ("minLength",), "must be a non-negative integer, got -1", None),
    ({"multipleOf": 0}, ("multipleOf",), "`multipleOf` must be greater than 0, got 0", None),
    ({"pattern": "("}, ("pattern",), "`pattern` is not a valid regular expression", None),
    ({"patternProperties": {"(": {}}}, ("patternProperties", "("),
     "the name '(' of `patternProperties` is not a valid regular expression", None),
    ({"$schema": D4, "properties": {"a": True}}, ("properties", "a"),
     "a schema must be an object, got true", None),
    ({"$schema": D4, "exclusiveMinimum": True}, ("exclusiveMinimum",),
     "needs `minimum` beside it under draft 4", None),
    ({"$schema": D4, "enum": []}, ("enum",),
     "`enum` must be a non-empty array under draft 4, got an empty array", None),
    ({"$id": "a#b"}, ("$id",), "`$id` must be a URI without a fragment", None),
    ({"items": [{"type": "string"}]}, ("items",), "got an array", None),
]  # fmt: skip


@pytest.mark.parametrize(("schema", "path", "words", "hint"), PROBLEMS)
def test_problems_say_what_and_where(
    schema: dict[str, Any], path: tuple[Any, ...], words: str, hint: str | None
) -> None:
    found = problem(schema)
    assert found is not None and found is not UNSURE
    assert found.path == path
    assert words in found.message
    assert (found.hint is None) if hint is None else (hint in (found.hint or ""))
    assert _jsonschema_valid(schema) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        {"$schema": D7, "items": [{"type": "string"}], "dependencies": {"a": ["b"]}},
        {"$schema": D4, "minimum": 0, "exclusiveMinimum": True, "additionalProperties": False},
        {"$schema": D6, "minLength": 1.0, "examples": [], "nullable": True, "x-kind": 3},
        {"prefixItems": [{}], "$defs": {"a": {"$anchor": "_a"}}, "minContains": 2},
    ],
)
def test_valid_schemas_have_no_problem(schema: dict[str, Any]) -> None:
    assert problem(schema) is None
    assert _jsonschema_valid(schema) is True


def test_draft_3_is_left_to_jsonschema() -> None:
    assert problem({"$schema": "http://json-schema.org/draft-03/schema#", "type": 5}) is UNSURE


def test_dialects_are_chosen_as_jsonschema_chooses() -> None:
    assert dialect_of({"$schema": D4}) == "draft-04"
    assert dialect_of({"$schema": D4.rstrip("#")}) == "draft-04"
    assert dialect_of({"$schema": "https://example.com/s"}) == "2020-12"
    assert dialect_of({"$schema": 7}) == "2020-12"
    assert dialect_of({}) == "2020-12"
    assert dialect_of({"$schema": D2020}, "draft-07") == "draft-07"
    # Draft 7 takes a tuple `items`; 2020-12, which the schema names, does not.
    tuple_items = {"$schema": D2020, "items": [{}]}
    assert problem(tuple_items) is not None
    assert problem(tuple_items, "draft-07") is None


# One value of each shape a keyword may wrongly (or rightly) hold.
POOL = ["x", "(", "a#b", -1, 0, 1.0, 1.5, True, None, [], ["a", "a"], ["string"], [{}],
        {"a": {}}, {"a": 5}, {"a": ["b"]}, {"(": {}}]  # fmt: skip


def test_every_keyword_of_every_dialect_against_check_schema() -> None:
    """Each keyword alone, under each dialect, with each value of the pool: the verdicts
    are jsonschema's (an exhaustive sweep, beside the random one above)."""
    disagree = []
    for uri in (D4, D6, D7, D2019, D2020):  # (no `$schema` is 2020-12's: the test above)
        cls = jsonschema.validators.validator_for({"$schema": uri})
        # (What check_schema does, less building this validator on every call.)
        meta = cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER)
        for key in KEYWORDS:
            for value in POOL:
                schema = {"$schema": uri, key: value}
                found = problem(schema)
                if found is not UNSURE and (found is None) != meta.is_valid(schema):
                    disagree.append((uri, key, value, found))
    assert disagree == []
