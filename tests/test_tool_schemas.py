"""T014 (a function's `parameters` that is not a valid JSON Schema) on whole examples: where
it points, under which draft, with T012 beside it, and what it costs T012."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import msgspec
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ftlint
from ftlint import selection, targets
from ftlint.rules import argschema, tool_schemas
from ftlint.rules.argschema_meta import problem
from ftlint.rules.type_names import schema_of

BAD = {"type": "object", "properties": {"city": {"type": "str"}}}
GOOD = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


def _example(parameters: Any, arguments: str = '{"city": "Oslo"}', i: int = 0) -> str:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": arguments}}
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": f"weather {i}?"},
                {"role": "assistant", "content": None, "tool_calls": [call]},
                {"role": "tool", "tool_call_id": "c1", "content": "12 C"},
                {"role": "assistant", "content": f"{i} C."},
            ],
            "tools": [{"type": "function", "function": {"name": "f", "parameters": parameters}}],
        }
    )


def _codes(lines: list[str], **options: Any) -> list[tuple[int | None, str, str | None]]:
    """The findings but F001's, with T014 (opt-in under OpenAI) selected beside the defaults."""
    target = options.get("target", "openai")
    options.setdefault("rules", selection.resolve(extend_select=["T014"], target=target))
    report = ftlint.check_lines(lines, format=options.pop("format", "chat"), **options)
    return [(f.line, f.code, f.json_path) for f in report.findings if f.code != "F001"]


def test_each_line_with_an_invalid_schema_gets_t014_and_no_t012() -> None:
    lines = [_example(BAD, '{"city": 5}', i) for i in range(3)]
    found = _codes(lines)
    path = "$.tools[0].function.parameters.properties.city.type"
    assert found == [(i, "T014", path) for i in (1, 2, 3)]


def test_t014_stands_alone_and_t012_without_it() -> None:
    lines = [_example(BAD), _example(GOOD, '{"city": 5}', 1)]
    assert [c for _, c, _ in _codes(lines, rules=frozenset({"T014"}))] == ["T014"]
    assert [c for _, c, _ in _codes(lines, rules=frozenset({"T012"}))] == ["T012"]


def test_an_invalid_schema_costs_no_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    """T012 asked jsonschema about every call against such a schema (0.4-2 ms each, for
    no verdict); the walk's `problem` now tells it, and jsonschema is not imported."""
    checks: list[Any] = []
    built: list[Any] = []
    monkeypatch.setattr(jsonschema.Draft202012Validator, "check_schema", checks.append)
    monkeypatch.setattr(argschema, "_built", built.append)
    # Drifted, against a schema outside the quick walk (`oneOf` of a bad branch).
    bad = {"type": "object", "properties": {"city": {"oneOf": [{"type": "str"}, {}]}}}
    lines = [_example(bad, '{"city": 5}', i) for i in range(20)]
    assert [c for _, c, _ in _codes(lines)] == ["T014"] * 20
    assert checks == [] and built == []


def test_the_schema_is_decoded_once_for_t014_and_t012(monkeypatch: pytest.MonkeyPatch) -> None:
    """T014 hands the validator it made to the call's check (a schema decoded once a line)."""
    decoded: list[Any] = []
    real = argschema._DECODE
    monkeypatch.setattr(argschema, "_DECODE", lambda raw: decoded.append(raw) or real(raw))
    schema = {**GOOD, "description": "seen once"}
    assert _codes([_example(schema, '{"city": 5}')]) == [
        (1, "T012", "$.messages[1].tool_calls[0].function.arguments")
    ]
    assert sum(isinstance(raw, msgspec.Raw) for raw in decoded) == 1  # (the rest: arguments)


def test_mistral_checks_draft_7_whatever_the_schema_declares() -> None:
    tuple_2020 = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"at": {"type": "array", "items": [{"type": "number"}]}},
    }
    assert [c for _, c, _ in _codes([_example(tuple_2020)])] == ["T014"]
    assert _codes([_example(tuple_2020)], target="mistral", rules=frozenset({"T014"})) == []
    # Checked by default there (an error), and opt-in under OpenAI.
    report = ftlint.check_lines([_example(BAD)], format="chat", target="mistral")
    assert [(f.code, f.severity.value) for f in report.findings if f.code == "T014"] == [
        ("T014", "error")
    ]
    assert "T014" not in selection.default_rules("openai")
    assert "T014" in selection.default_rules("mistral")
    assert not [
        f for f in ftlint.check_lines([_example(BAD)], format="chat").findings if f.code == "T014"
    ]


def test_every_targets_draft_is_one_the_walk_follows() -> None:
    drafts = {t.tool_schema_draft for t in targets.TARGETS.values()} - {None}
    assert drafts == {"draft-07"}
    for draft in drafts:
        assert problem({"type": "str"}, draft) is not None
        assert problem({"type": "string"}, draft) is None


def test_preference_and_functions_point_into_their_own_lists() -> None:
    dpo = json.dumps(
        {
            "input": {
                "messages": [{"role": "user", "content": "weather?"}],
                "tools": [{"type": "function", "function": {"name": "f", "parameters": BAD}}],
            },
            "preferred_output": [{"role": "assistant", "content": "12 C."}],
            "non_preferred_output": [{"role": "assistant", "content": "Cold."}],
        }
    )
    assert _codes([dpo], format="preference") == [
        (1, "T014", "$.input.tools[0].function.parameters.properties.city.type")
    ]
    functions = json.dumps(
        {
            "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}],
            "functions": [{"name": "f", "parameters": {"type": "object", "required": True}}],
        }
    )
    assert _codes([functions]) == [(1, "T014", "$.functions[0].parameters.required")]


def test_a_schema_walk_cannot_tell_is_judged_by_jsonschema() -> None:
    """Draft 3 is jsonschema's to judge (and its words): once per schema."""
    draft3 = {"$schema": "http://json-schema.org/draft-03/schema#", "type": "object",
              "properties": {"city": {"type": "string", "required": 5}}}  # fmt: skip
    found = _codes([_example(draft3)])
    assert found == [(1, "T014", "$.tools[0].function.parameters.properties.city.required")]
    validator = argschema.validator(draft3)
    assert validator.problem() is validator.problem()  # kept


# -- the remedy (ftlint fix) -------------------------------------------------------------

NAMES = st.sampled_from(
    ["string", "str", "int", "integer", "List", "typing.Dict", "varchar", "null",
     "str, optional", "List[int]", "Optional[str]", "Dict[str, Any]"]
)  # fmt: skip
LEAVES = st.one_of(
    NAMES,
    st.fixed_dictionaries({"type": NAMES}, optional={"required": st.booleans()}),
    st.fixed_dictionaries({"type": st.lists(NAMES, min_size=1, max_size=3)}),
)
SCHEMAS = st.recursive(
    LEAVES,
    lambda inner: st.fixed_dictionaries(
        {
            "type": st.just("object"),
            "properties": st.dictionaries(st.sampled_from("abcd"), inner, max_size=3),
        },
        optional={
            "required": st.one_of(
                st.booleans(), st.lists(st.sampled_from("abcd"), max_size=2, unique=True)
            ),
            "items": inner,
            "anyOf": st.lists(inner, min_size=1, max_size=2),
        },
    ),
    max_leaves=8,
)


def _names(schema: Any) -> list[Any]:
    """Every property name, at every depth, in order."""
    if not isinstance(schema, dict):
        return []
    found = list(schema.get("properties", {})) if isinstance(schema.get("properties"), dict) else []
    for value in schema.values():
        for sub in (
            value.values()
            if isinstance(value, dict)
            else value
            if isinstance(value, list)
            else [value]
        ):
            found += _names(sub)
    return found


@given(SCHEMAS.filter(lambda schema: isinstance(schema, dict)))  # (`parameters` is an object)
@example({"type": ["string", "str"]})  # one type, named twice once fixed
@example({"type": "object", "properties": {"a": {"required": True}}, "required": ["a"]})
@example({"type": "object", "items": "string", "anyOf": ["int", {"type": "List"}]})
def test_the_remedy_keeps_what_a_schema_says(schema: Any) -> None:
    """`ftlint fix` on T014: a valid schema is left as it is; the fix is done in one pass
    (a second finds nothing to do); no property is lost; what it fixes, the metaschema then
    takes (the types it names, the properties it gives a schema, the `required` it moves)."""
    before = copy.deepcopy(schema)
    changed = tool_schemas._mend(schema, 0)
    assert changed == (schema != before)
    if problem(before) is None:
        assert not changed
    assert not tool_schemas._mend(copy.deepcopy(schema), 0)
    assert sorted(map(str, _names(schema))) == sorted(map(str, _names(before)))
    # What is left is what has no plain fix: an unknown type name, or a `required` flag
    # with no object's list to go to.
    text = json.dumps(schema)
    if problem(schema) is not None:
        assert "varchar" in text or '"required": true' in text or '"required": false' in text


def test_the_remedy_finds_every_definition_and_spares_draft_3() -> None:
    """Tools and functions, a DPO example's own; a draft 3 schema, whose `required: true`
    is valid, is left alone."""
    draft3 = {"$schema": "http://json-schema.org/draft-03/schema#",
              "properties": {"a": {"type": "string", "required": True}}}  # fmt: skip
    chat = {
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "str"}}}],
        "functions": [
            {"name": "g", "parameters": {"type": "int"}},
            {"name": "h", "parameters": draft3},
        ],
    }
    assert tool_schemas._mend_parameters(chat, "chat")
    assert chat["tools"][0]["function"]["parameters"] == {"type": "string"}
    assert chat["functions"][0]["parameters"] == {"type": "integer"}
    assert chat["functions"][1]["parameters"]["properties"]["a"]["required"] is True
    dpo = {
        "input": {
            "tools": [
                {"type": "function", "function": {"name": "f", "parameters": {"type": "float"}}}
            ]
        }
    }
    assert tool_schemas._mend_parameters(dpo, "preference")
    assert dpo["input"]["tools"][0]["function"]["parameters"] == {"type": "number"}
    assert not tool_schemas._mend_parameters(
        {"tools": [{"function": {"parameters": draft3}}]}, "chat"
    )


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("str", {"type": "string"}),
        ("Integer", {"type": "integer"}),
        ("str, optional", {"type": "string"}),  # xLAM's style
        ("int, default: 5", {"type": "integer"}),
        ("int, optional, default: 5", {"type": "integer"}),
        ("List[int]", {"type": "array", "items": {"type": "integer"}}),
        ("typing.List[typing.Optional[int]]",
         {"type": "array", "items": {"type": ["integer", "null"]}}),
        ("List[Dict[str, int]]", {"type": "array", "items": {"type": "object"}}),
        ("Tuple[int, str]", {"type": "array"}),
        ("Optional[List[str]]", {"type": ["array", "null"], "items": {"type": "string"}}),
        ("Dict[str, Any]", {"type": "object"}),
        ("Any", None),
        ("varchar", None),
        ("Union[int, str]", None),
        ("Optional[Any]", None),
        ("List[" * 300 + "int" + "]" * 300, None),  # prose-long: not a type name
    ],
)  # fmt: skip
def test_other_languages_type_names_mean_a_schema(name: str, schema: Any) -> None:
    assert schema_of(name) == schema
    if schema is not None:
        assert problem({"type": "object", "properties": {"a": schema}}) is None


def test_the_remedy_writes_what_a_generic_type_name_means() -> None:
    schema = {"type": "object", "properties": {
        "ids": {"type": "List[int]", "description": "d"},
        "tags": {"type": "list[str], optional", "items": {"type": "string", "minLength": 1}},
        "note": "Optional[str]",
    }}  # fmt: skip
    assert tool_schemas._mend(schema, 0)
    assert schema["properties"] == {
        "ids": {"type": "array", "description": "d", "items": {"type": "integer"}},
        "tags": {"type": "array", "items": {"type": "string", "minLength": 1}},  # (its own)
        "note": {"type": ["string", "null"]},
    }
    assert problem(schema) is None
    # In a list of types, one name may bring `items`, not two: the second stays, as does
    # its finding.
    both = {"type": ["List[int]", "List[str]", "None"]}
    assert tool_schemas._mend(both, 0)
    assert both == {"type": ["array", "List[str]", "null"], "items": {"type": "integer"}}
    assert problem(both) is not None
