"""The fast arguments checker never calls valid what jsonschema rejects (rule T012)."""

from __future__ import annotations

import random
from typing import Any

import jsonschema
import pytest

from conftest import call_example
from ftlint.rules import argschema
from ftlint.rules.argschema import Validator, compile_fast, validator

SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "a city"},
            "days": {"type": "integer"},
            "unit": {"type": "string", "enum": ["c", "f"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "flag": {"type": ["boolean", "null"]},
        },
        "required": ["city"],
        "additionalProperties": False,
    },
    {"type": "object", "properties": {"n": {"type": "number"}, "k": {"const": 1}}},
    {"type": "object", "additionalProperties": {"type": "integer"}},
    {"type": "array", "items": {"type": "object", "required": ["id"]}},
]
VALUES: list[Any] = [None, True, False, 0, 1, 1.0, 2.5, -3, "", "c", "x", [], ["a"], [1], {},
                     {"id": 1}, {"city": "Oslo"}, {"city": 1}]  # fmt: skip


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    if depth < 2 and rng.random() < 0.4:
        keys = ["city", "days", "unit", "tags", "flag", "n", "k", "id", "zz"]
        return {k: _random_value(rng, depth + 1) for k in rng.sample(keys, rng.randint(0, 4))}
    if depth < 2 and rng.random() < 0.2:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return rng.choice(VALUES)


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: str(s)[:40])
def test_fast_checker_is_sound(schema: dict[str, Any]) -> None:
    fast = compile_fast(schema)
    assert fast is not None, "these schemas use only the keywords the fast checker knows"
    full = jsonschema.Draft202012Validator(schema)
    rng = random.Random(7)
    agreed = 0
    for _ in range(3000):
        value = _random_value(rng)
        verdict = fast(value)
        if verdict is True:
            assert full.is_valid(value), f"fast checker accepted {value!r}"
        if verdict is not None and verdict == full.is_valid(value):
            agreed += 1
    assert agreed > 1500  # it decides most values itself, or it would not be fast


def test_unknown_keywords_fall_back_to_jsonschema() -> None:
    schema = {"type": "object", "properties": {"s": {"type": "string", "pattern": "^a.c$"}}}
    assert compile_fast(schema) is None
    assert "does not match" in (validator(schema).error({"s": "ab"}) or "")
    assert validator(schema).error({"s": "abc"}) is None


def test_error_names_the_path() -> None:
    schema = SCHEMAS[0]
    error = validator(schema).error({"city": "Oslo", "days": "three"})
    assert error is not None and "days" in error
    assert validator(schema).error({"city": "Oslo", "days": 3}) is None
    assert "'city' is a required property" in (validator(schema).error({}) or "")


# -- hostile schemas: any JSON in `parameters` gets findings, never a crash ------------

_KEYWORDS = ["type", "properties", "required", "additionalProperties", "items", "enum",
             "const", "pattern", "$ref", "minimum", "anyOf", "description"]  # fmt: skip


def _json_values():
    from hypothesis import strategies as st

    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.sampled_from(
            [1.5, "x", "object", "string", "integer", "array", "null", "(", "#/nowhere", "#"]
        ),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from([*_KEYWORDS, "a", "b", 'q"x', "c\x01"]), inner, max_size=4
            ),
        ),
        max_leaves=12,
    )


def test_any_parameters_and_arguments_give_findings_not_a_crash() -> None:
    import json

    from hypothesis import given

    import ftlint

    @given(_json_values(), _json_values())
    def run(parameters: Any, arguments: Any) -> None:
        line = call_example(parameters, json.dumps(arguments))
        report = ftlint.check_lines([line, line], format="chat")
        codes = {f.code for f in report.findings}
        if not isinstance(parameters, dict):
            assert "T005" in codes  # `parameters` must be a JSON Schema object
            return
        try:
            cls = jsonschema.validators.validator_for(
                parameters, default=jsonschema.Draft202012Validator
            )
            cls.check_schema(parameters)
            valid = cls(parameters).is_valid(arguments)
        except Exception:
            return  # not a schema jsonschema can apply: T012 stays quiet, as long as it is quiet
        assert ("T012" in codes) == (not valid), (parameters, arguments, codes)

    run()


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        (5, {"T005"}),
        (None, {"T005"}),
        ({"type": "object", "properties": {"a": {"type": ["integer", ["x"]]}}}, {"T014"}),
        ({"type": "object", "required": [["a"]]}, {"T014"}),
        ({"type": "object", "properties": {"a": {"type": "string", "pattern": "("}}}, {"T014"}),
        # Valid, but its reference leads nowhere: each call is reported as not checked.
        ({"type": "object", "properties": {"a": {"$ref": "#/$defs/missing"}}}, {"T012"}),
        ({"type": "object", "properties": {"a": {"$ref": "https://example.com/a"}}}, {"T012"}),
    ],
    ids=[
        "number",
        "null",
        "type-list-in-list",
        "required-list",
        "bad-regex",
        "dangling-ref",
        "remote-ref",
    ],
)
def test_broken_parameters_are_reported_or_skipped(parameters: Any, expected: set[str]) -> None:
    """A schema that is not one is T005 (not an object) or T014 (not valid), never T012;
    one that cannot be applied (a `$ref` to nothing) makes its calls T012's "not
    checked"."""
    import ftlint
    from ftlint.selection import resolve

    line = call_example(parameters, '{"a": "x"}')
    rules = resolve(extend_select=["T014"])  # (opt-in under OpenAI)
    report = ftlint.check_lines([line], format="chat", rules=rules)
    codes = {f.code for f in report.findings}
    assert codes - {"F001"} == expected
    if "T012" in codes:
        [finding] = [f for f in report.findings if f.code == "T012"]
        ref = parameters["properties"]["a"]["$ref"]
        assert "could not be checked" in finding.message and f"$ref {ref!r}" in finding.message


def test_any_property_names_give_findings_not_a_crash() -> None:
    """Property names are any strings, quotes and control characters included (the typed
    decoding shortcut renames Struct fields to them, which msgspec refuses for some)."""
    import json

    from hypothesis import given
    from hypothesis import strategies as st

    import ftlint

    kinds = st.sampled_from([{"type": "string"}, {"type": "integer"}, {}])

    @given(st.dictionaries(st.text(max_size=4), kinds, max_size=3), st.booleans())
    def run(properties: dict[str, Any], strict: bool) -> None:
        parameters = {"type": "object", "properties": properties, "required": list(properties)}
        if strict:
            parameters["additionalProperties"] = False
        arguments = {name: "x" for name in properties}
        line = call_example(parameters, json.dumps(arguments))
        codes = {f.code for f in ftlint.check_lines([line], format="chat").findings}
        valid = jsonschema.Draft202012Validator(parameters).is_valid(arguments)
        assert ("T012" in codes) == (not valid), (parameters, codes)
        # Every stage of a validator, the typed decoder's included, which a schema reaches
        # only after many uses.
        validator = Validator(parameters)
        for _ in range(argschema._TYPED_AT + 1):
            assert valid or not validator.accepts(json.dumps(arguments)), parameters

    run()


def test_judge_hands_back_the_arguments_it_parsed() -> None:
    """A rejected call's arguments are parsed once: the rule reports on the judge's value."""
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    v = Validator(schema)
    for _ in range(argschema._TYPED_AT + 1):
        assert v.judge('{"n": 1}') is argschema.ACCEPTED
        assert v.judge('{"n": "x"}') in ({"n": "x"}, argschema.NOT_DECODED)
        assert v.judge('"{\\"n\\": 1}"') in ('{"n": 1}', argschema.NOT_DECODED)
        assert v.judge("{") is argschema.NOT_DECODED
    assert v.typed is not None  # the last uses decoded typed: a rejection parsed nothing
    assert Validator(schema).judge('{"n": "x"}') == {"n": "x"}
