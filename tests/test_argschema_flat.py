"""T012's flattening of generated schemas into the subset (`argschema_flat`): a shared
Pydantic-style schema gets a compiled checker, with jsonschema's verdicts on every value,
and its messages still come from the schema as written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import jsonschema_reports
from ftlint.rules import argschema, argschema_quick
from ftlint.rules.argschema import Validator
from ftlint.rules.argschema_flat import flattened
from ftlint.rules.argschema_quick import exact
from ftlint.rules.argschema_subset import _ABSENT, compile_fast

NULL = {"type": "null"}
GUEST = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}


@pytest.mark.parametrize(
    ("schema", "flat"),
    [
        ({"properties": {"g": {"$ref": "#/$defs/G", "description": "who"}}, "$defs": {"G": GUEST}},
         {"properties": {"g": GUEST}}),
        ({"anyOf": [{"type": "integer", "minimum": 1}, NULL], "default": None},
         {"type": ["integer", "null"], "minimum": 1}),
        ({"anyOf": [NULL, {"enum": ["a", "b"], "type": "string"}]},
         {"enum": ["a", "b", None], "type": ["string", "null"]}),
        ({"anyOf": [{"const": "x"}, NULL]}, {"enum": ["x", None]}),
        ({"anyOf": [{"$ref": "#/$defs/G"}, NULL], "$defs": {"G": GUEST}},
         {**GUEST, "type": ["object", "null"]}),
        ({"anyOf": [{"minLength": 2}, NULL]}, {"minLength": 2}),  # passes null already
        ({"allOf": [{"$ref": "#/definitions/G"}], "definitions": {"G": GUEST}}, GUEST),
    ],
)  # fmt: skip
def test_generated_forms_flatten_to_the_subset(schema: dict[str, Any], flat: Any) -> None:
    assert flattened(schema) == flat
    assert compile_fast(flat) is not None


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "#/$defs/T", "$defs": {"T": {"properties": {"next": {"$ref": "#/$defs/T"}}}}},
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},  # not an optional
        {"anyOf": [{"type": "string"}, NULL, {"type": "integer"}]},
        {"anyOf": [{"const": 1, "enum": [1, 2]}, NULL]},
        {"$ref": "#/$defs/G", "type": "object", "$defs": {"G": {}}},  # a keyword beside it
        {"$ref": "other.json#/G"},
        {"allOf": [{"type": "string"}, {"minLength": 1}]},
    ],
)
def test_what_cannot_be_flattened_is_left_as_it_is(schema: dict[str, Any]) -> None:
    assert flattened(schema) is _ABSENT


def test_references_to_references_are_bounded() -> None:
    """Each model refers to the next twice: flattened, the copies would double at each
    level (2**30 schemas)."""
    defs = {f"M{i}": {"properties": {"a": {"$ref": f"#/$defs/M{i + 1}"},
                                     "b": {"$ref": f"#/$defs/M{i + 1}"}}}
            for i in range(30)}  # fmt: skip
    defs["M30"] = {"type": "integer"}
    assert flattened({"$ref": "#/$defs/M0", "$defs": defs}) is _ABSENT


_SCALAR = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "number", "boolean"])},
                          optional={"title": st.just("T"), "minimum": st.just(1),
                                    "maxLength": st.just(2)}),
    st.fixed_dictionaries({"enum": st.sampled_from([["a", "b"], [1, "a"], [True]])},
                          optional={"type": st.sampled_from(["string", ["string", "integer"]])}),
    st.fixed_dictionaries({"const": st.sampled_from(["a", 1, False, None])}),
    st.just({}),
    st.booleans(),
)  # fmt: skip


def _pydantic() -> st.SearchStrategy[Any]:
    """Schemas as Pydantic writes them: optionals, models in `$defs`, lists, and the odd
    `allOf` of one, plus shapes that cannot be flattened."""

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.tuples(inner, st.booleans()).map(
                lambda t: {"anyOf": [t[0], NULL] if t[1] else [NULL, t[0]], "default": None}
            ),
            st.fixed_dictionaries(
                {"type": st.just("object"),
                 "properties": st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)},
                optional={"required": st.just(["a"]), "additionalProperties": st.booleans()},
            ),
            st.fixed_dictionaries({"type": st.just("array"), "items": inner}),
            st.builds(lambda s: {"allOf": [s], "description": "d"}, inner),
            st.just({"$ref": "#/$defs/M", "description": "a model"}),
            st.builds(lambda s: {"anyOf": [s, {"type": "integer"}]}, inner),
        )  # fmt: skip

    tree = st.recursive(_SCALAR, extend, max_leaves=5)
    return st.tuples(tree, tree).map(
        lambda t: {**t[0], "$defs": {"M": t[1]}} if isinstance(t[0], dict) else t[0]
    )


def _values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(), st.booleans(), st.sampled_from([0, 1, 2, 1.0, 1.5, "", "a", "abc"])
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=2),
            st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=2),
        ),
        max_leaves=5,
    )


@given(_pydantic(), st.lists(_values(), min_size=1, max_size=4))
@example({"anyOf": [{"const": None}, NULL]}, [None, 1])
@example({"anyOf": [{"enum": [True]}, NULL]}, [1, True, None])
@example({"anyOf": [False, NULL]}, [None, 0])
def test_a_flattened_schemas_checker_gives_jsonschemas_verdicts(
    schema: Any, values: list[Any]
) -> None:
    flat = flattened(schema)
    if flat is _ABSENT or not exact(schema):
        return
    check = compile_fast(flat)
    if check is None:
        return
    for value in values:
        assert check(value) is (not jsonschema_reports(schema, value)), (schema, flat, value)


def test_a_shared_generated_schema_is_compiled_and_keeps_its_messages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After its first uses, a shared Pydantic-style schema is checked by its compiled
    checker, not walked; a failing call still gets jsonschema's message for the schema as
    written, without jsonschema."""
    schema = {
        "type": "object",
        "properties": {
            "guest": {"$ref": "#/$defs/Guest"},
            "nights": {"anyOf": [{"type": "integer", "minimum": 1}, NULL], "default": None},
        },
        "required": ["guest"],
        "$defs": {"Guest": GUEST},
    }
    walks: list[Any] = []
    real = argschema_quick.judged
    monkeypatch.setattr(argschema, "judged", lambda *a: walks.append(1) or real(*a))
    built: list[Any] = []
    monkeypatch.setattr(Validator, "_jsonschema", lambda self: built.append(1))
    validator = Validator(schema)
    for nights in [1, None, 3] * 10:
        call = json.dumps({"guest": {"name": "Ada"}, "nights": nights})
        assert validator.judge(call) is argschema.ACCEPTED
    assert len(walks) == argschema._COMPILE_AT - 1
    rejected = validator.judge(json.dumps({"guest": {}, "nights": 0}))
    assert validator.error(rejected) == "'name' is a required property (at arguments.guest)"
    assert built == []
