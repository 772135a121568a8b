"""T012 on schemas that no validator can apply as written: reference loops, and schemas
nested deeper than jsonschema's own check of them reaches (`argschema_loops`).

Each call against a looping schema once cost jsonschema a thousand frames (about 15 ms)
and was then passed over in silence, as was a mismatch under a schema nested 100 objects
deep. Both now get a finding, and a loop costs no jsonschema call at all.
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any

import jsonschema
import pytest

import ftlint
from conftest import call_example
from ftlint.rules import argschema
from ftlint.rules.argschema import Validator
from ftlint.rules.argschema_loops import references
from ftlint.rules.argschema_quick import exact, judged
from ftlint.rules.argschema_subset import MAX_DEPTH
from ftlint.rules.verdicts import UNSURE, Unchecked


def ref_loop(schema: Any) -> str | None:
    """The `$ref` that closes a loop of ``schema``, if `references` finds one."""
    found = references(schema)
    return None if found is None else found.loop


def _nested(depth: int, leaf: Any) -> tuple[dict[str, Any], Any]:
    """A schema of ``depth`` objects around a string, and a value of the same shape with
    ``leaf`` at the bottom."""
    schema: dict[str, Any] = {"type": "string"}
    value = leaf
    for _ in range(depth):
        schema = {"type": "object", "properties": {"n": schema}, "required": ["n"]}
        value = {"n": value}
    return schema, value


TREE = {
    "$defs": {
        "node": {
            "type": "object",
            "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
        }
    },
    "$ref": "#/$defs/node",
}


@pytest.mark.parametrize(
    ("schema", "loop"),
    [
        ({"$ref": "#"}, "#"),
        ({"properties": {"a": {"$ref": "#/properties/a"}}}, "#/properties/a"),
        ({"allOf": [{"anyOf": [{"not": {"$ref": "#"}}]}]}, "#"),
        (
            {
                "$defs": {
                    "a": {"oneOf": [{"$ref": "#/$defs/b"}]},
                    "b": {"if": {"$ref": "#/$defs/a"}},
                },
                "properties": {"x": {"$ref": "#/$defs/a"}},
            },
            "#/$defs/a",
        ),
        ({"dependentSchemas": {"a": {"$ref": "#"}}}, "#"),
        # A property named `id` is a name, not a keyword.
        (
            {"properties": {"id": {"type": "integer"}, "b": {"$ref": "#/properties/b"}}},
            "#/properties/b",
        ),
    ],
)
def test_a_reference_back_to_the_same_value_is_a_loop(schema: dict[str, Any], loop: str) -> None:
    assert ref_loop(schema) == loop


@pytest.mark.parametrize(
    "schema",
    [
        TREE,  # through `items`: into the value, so recursion, not a loop
        {"properties": {"a": {"properties": {"b": {"$ref": "#/properties/a"}}}}},
        {"type": "object", "default": {"$ref": "#"}, "enum": [{"allOf": [{"$ref": "#"}]}]},
        {"properties": {"$ref": {"type": "string"}, "allOf": {"type": "integer"}}},
        {"$ref": "#/nowhere"},
        {"$ref": "https://example.com/schema"},
        {"$id": "https://example.com/a", "$ref": "#"},  # pointers mean another thing there
        {"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "string"}}},
    ],
)
def test_recursion_data_and_other_references_are_no_loop(schema: dict[str, Any]) -> None:
    assert ref_loop(schema) is None


def test_the_search_does_not_recurse_itself() -> None:
    """A schema nested deeper than Python's recursion limit, with a loop at the bottom."""
    schema: dict[str, Any] = {"$ref": "#"}
    for _ in range(5000):
        schema = {"allOf": [schema]}
    assert ref_loop(schema) == "#"


def test_a_loop_costs_no_jsonschema_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forty calls against one looping schema: each is reported as not checked, with the
    loop's reference, and jsonschema is never asked (it recursed to the limit per call)."""
    built = [0]
    real = argschema._built

    def counted(schema: Any) -> Any:
        built[0] += 1
        return real(schema)

    monkeypatch.setattr(argschema, "_built", counted)
    monkeypatch.setattr(
        jsonschema.Draft202012Validator,
        "iter_errors",
        lambda *_: pytest.fail("jsonschema was asked"),
    )
    schema = {"type": "object", "properties": {"step": {"$ref": "#/properties/step"}}}
    lines = [call_example(schema, json.dumps({"step": i})) for i in range(40)]
    report = ftlint.check_lines(lines, rules={"T012"})
    found = [f for f in report.findings if f.code == "T012"]
    assert len(found) == 40
    assert all(
        "could not be checked" in f.message and "'#/properties/step' leads back" in f.message
        for f in found
    )
    assert found[0].hint is not None and "properties or items" in found[0].hint
    assert built[0] == 0


def test_a_schema_too_deep_for_jsonschemas_check_still_judges_its_arguments() -> None:
    """Deeper than the walks go, and jsonschema's check of this schema exceeds the
    recursion limit (so whether it is a valid schema is `UNSURE`); its arguments are
    judged all the same, where they once got no verdict at all (from 100 levels on)."""
    schema, good = _nested(MAX_DEPTH + 50, "leaf")
    _, bad = _nested(MAX_DEPTH + 50, 7)
    validator = Validator(schema)
    assert validator.problem() is UNSURE
    assert validator.error(good) is None
    error = validator.error(bad)
    assert error is not None and not isinstance(error, Unchecked)
    assert error.startswith("7 is not of type 'string' (at arguments.n.n.")
    # The path of 250 keys is shown by its two ends.
    assert "…" in error and len(error) < 200


def test_what_exceeds_even_jsonschemas_validation_is_reported_as_not_checked() -> None:
    schema, bad = _nested(900, 7)
    error = Validator(schema).error(bad)
    assert isinstance(error, Unchecked) and "recursion limit" in error
    dynamic = {"$dynamicAnchor": "meta", "$dynamicRef": "#meta"}  # a loop left to jsonschema
    error = Validator(dynamic).error({"a": 1})
    assert isinstance(error, Unchecked) and "recursion limit" in error


def test_the_quick_walk_gives_up_on_a_reference_to_itself_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not at its depth limit, 64 references later."""
    from ftlint.rules import argschema_quick

    calls = [0]
    real = argschema_quick._quick

    def counted(*args: Any) -> bool:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(argschema_quick, "_quick", counted)
    schema = {"type": "object", "properties": {"a": {"$ref": "#/properties/a"}}}
    assert argschema_quick.judged(schema, {"a": 1}) is None  # no verdict: uncertain
    assert calls[0] <= 3
    assert argschema_quick.judged(schema, {}) is True  # the loop is not reached


def test_a_schema_150_objects_deep_is_judged_without_jsonschema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Within the walks' depth (`MAX_DEPTH`): jsonschema's check of such a schema takes
    some 30 ms before it fails, on every line that defines it."""
    monkeypatch.setattr(argschema, "_built", lambda schema: pytest.fail("jsonschema was asked"))
    schema, good = _nested(150, "leaf")
    _, bad = _nested(150, 7)
    lines = [call_example(schema, json.dumps(good)), call_example(schema, json.dumps(bad))] * 3
    report = ftlint.check_lines(lines, rules={"T012", "T014"})
    assert [(f.line, f.code) for f in report.findings] == [(2, "T012"), (4, "T012"), (6, "T012")]
    assert all("7 is not of type 'string'" in f.message for f in report.findings)


def test_deep_in_the_callers_stack_a_deep_schema_gets_an_answer_not_a_crash() -> None:
    """Called with ever fewer frames left before Python's recursion limit, a 150-level
    schema's walks (and then the decode of the arguments) reach it: the call is then
    judged by what still fits, or not checked, and no RecursionError escapes."""
    schema, good = _nested(150, "leaf")
    _, bad = _nested(150, 7)
    arguments = json.dumps(good)

    def at(depth: int) -> tuple[Any, Any]:
        if depth:
            return at(depth - 1)
        validator = Validator(schema)
        return validator.judge(arguments), validator.error(bad)

    left = sys.getrecursionlimit() - len(traceback.extract_stack())
    answers = [at(left - margin) for margin in range(40, 800, 20)]
    assert answers[-1][0] is argschema.ACCEPTED and "7 is not" in answers[-1][1]
    for verdict, error in answers:
        # Accepted, or not decoded, or decoded for `error` to judge (the walk gave up).
        assert verdict in (argschema.ACCEPTED, argschema.NOT_DECODED, good)
        assert "7 is not" in error or (isinstance(error, Unchecked) and "recursion" in error)
    assert any(isinstance(error, Unchecked) for _, error in answers)


def _ladder(rungs: int) -> dict[str, Any]:
    """`rungs` schemas of `$defs`, each an `anyOf` of two references to the next: 2**rungs
    paths to the last, all followed for a value that fails."""
    defs: dict[str, Any] = {
        f"d{k}": {"anyOf": [{"$ref": f"#/$defs/d{k + 1}"}, {"$ref": f"#/$defs/d{k + 1}"}]}
        for k in range(rungs)
    }
    defs[f"d{rungs}"] = {"type": "string"}
    return {"$defs": defs, "type": "object", "properties": {"a": {"$ref": "#/$defs/d0"}}}


def test_a_ladder_of_references_is_told_before_jsonschema_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ladder of 30 rungs (2**30 paths on one value) once held the run for ever."""
    from ftlint.rules.argschema_bounded import REFS

    assert references(_ladder(11)) == (None, 2**12 - 1)  # jsonschema still words that one
    found = references(_ladder(30))
    assert found is not None and found.paths > REFS
    monkeypatch.setattr(argschema, "_built", lambda schema: pytest.fail("jsonschema built"))
    error = Validator(_ladder(30)).error({"a": 5})
    assert isinstance(error, Unchecked) and "too many paths" in error
    assert error.hint is not None and "anyOf" in error.hint
    assert Validator(_ladder(30)).judge('{"a": "x"}') is argschema.ACCEPTED  # the walk's


def test_references_along_too_many_paths_stop_within_a_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Paths that multiply with each level of the value, which no count of the schema
    alone can tell: jsonschema follows at most `REFS` references, and 16 a node of the
    value, then the call is reported as not checked."""
    from ftlint.rules import argschema_bounded

    followed = [0]
    real = argschema_bounded._ref

    def counted(*args: Any) -> Any:
        followed[0] += 1
        return real(*args)

    node = {"anyOf": [{"$ref": "#/$defs/node"}] * 2}
    schema = {
        "$defs": {"node": {"type": "object", "properties": {"n": node}, "required": ["n"]}},
        "$ref": "#/$defs/node",
    }
    value: Any = 5
    for _ in range(20):  # 2**20 paths to the 5 at the bottom, which fails
        value = {"n": value}
    monkeypatch.setattr(argschema_bounded, "_ref", counted)
    argschema_bounded.bounded.cache_clear()  # rebuilt with the counted references
    try:
        error = Validator(schema).error(value)
    finally:
        argschema_bounded.bounded.cache_clear()
    assert isinstance(error, Unchecked) and "too many paths" in error
    assert argschema_bounded.REFS < followed[0] <= argschema_bounded.REFS + 16 * 21 + 1


def test_many_references_along_one_path_each_are_followed_to_a_verdict() -> None:
    """3,000 items, each an object of `$defs`: more references than the walks follow, so
    jsonschema judges the call, within its budget (16 a node of the value)."""
    item = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    schema = {
        "$defs": {"Item": item},
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
    }
    value = {"items": [{"n": i} for i in range(2999)] + [{"n": "x"}]}
    validator = Validator(schema)
    error = validator.error(value)
    assert error == "'x' is not of type 'integer' (at arguments.items[2999].n)"
    assert validator._full  # jsonschema's verdict
    assert validator.error({"items": value["items"][:-1]}) is None


def test_arguments_the_walk_rejects_stay_rejected_where_jsonschema_cannot_word_it() -> None:
    """The walk rejects these at once (`b`); the first error, which jsonschema would find
    in `a` first, lies past 2**16 paths: the finding says the arguments do not match."""
    ladder = _ladder(16)
    schema = {
        "$defs": ladder["$defs"],
        "type": "object",
        "properties": {"a": {"$ref": "#/$defs/d0"}, "b": {"type": "integer"}},
    }
    value = {"b": "x", "a": 1.5}
    assert exact(schema) and judged(schema, value) is False
    validator = Validator(schema)
    rejected = validator.judge(json.dumps(value))
    assert rejected == value
    assert validator.error(rejected) == argschema.UNWORDED
    report = ftlint.check_lines([call_example(schema, json.dumps(value))], rules={"T012"})
    assert [f.message for f in report.findings] == [
        f"arguments do not match the function's parameters: {argschema.UNWORDED}"
    ]
