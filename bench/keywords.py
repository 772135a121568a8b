"""T012's cost per call, by JSON Schema keyword, against schemas seen once (issue 17).

Each case is a small ``parameters`` schema that uses one keyword. Every call gets a
schema of its own (a new ``description`` makes it distinct), as in a dataset whose
examples define their own tools, and is judged as T012 judges it: ``Validator.judge``,
then ``error`` (with its message) where the arguments fail. A keyword outside ftlint's
own walks costs a jsonschema validator per call; inside, microseconds.

    .venv/bin/python bench/keywords.py [--calls 200] [--repeat 3]

Prints, per case, the minimum over the repetitions of the mean time per call, for
arguments that pass and for arguments that fail.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from ftlint.rules import argschema
from ftlint.rules.argschema import Validator

_PAIR = [{"type": "number"}, {"type": "number"}]
_BASE = {
    "type": "object",
    "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
    "required": ["a"],
}
# name -> (schema, arguments that pass, arguments that fail)
CASES: dict[str, tuple[dict[str, Any], Any, Any]] = {
    "subset": (_BASE, {"a": 1, "b": "x"}, {"a": "1"}),
    "prefixItems": (
        {"type": "object", "properties": {"loc": {"type": "array", "prefixItems": _PAIR}}},
        {"loc": [1.5, 2.5]},
        {"loc": [1.5, "x"]},
    ),
    "draft 7 tuple, no $schema": (
        {"type": "object", "properties": {"loc": {"type": "array", "items": _PAIR}}},
        {"loc": [1.5, 2.5]},
        {"loc": "x"},
    ),
    "propertyNames": (
        {"type": "object", "propertyNames": {"enum": ["a", "b"]}},
        {"a": 1},
        {"c": 1},
    ),
    "patternProperties": (
        {"type": "object", "patternProperties": {"^x_": {"type": "integer"}}},
        {"x_a": 1},
        {"x_a": "1"},
    ),
    "multipleOf": ({"type": "object", "properties": {"n": {"multipleOf": 5}}}, {"n": 10}, {"n": 3}),
    "minProperties": ({"type": "object", "minProperties": 1}, {"x": 1}, {}),
    "not": (
        {"type": "object", "properties": {"a": {"not": {"type": "null"}}}},
        {"a": 1},
        {"a": None},
    ),
    "if": (
        {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
        {"a": 1, "b": 2},
        {"a": 1},
    ),
    "dependentRequired": (
        {"type": "object", "dependentRequired": {"a": ["b"]}},
        {"a": 1, "b": 2},
        {"a": 1},
    ),
    "contains": (
        {"type": "object", "properties": {"l": {"contains": {"type": "integer"}}}},
        {"l": [1]},
        {"l": ["x"]},
    ),
    "$schema draft 7": (
        {"$schema": "http://json-schema.org/draft-07/schema#", **_BASE},
        {"a": 1},
        {"a": "1"},
    ),
    "$schema draft 6": (
        {"$schema": "http://json-schema.org/draft-06/schema#", **_BASE},
        {"a": 1},
        {"a": "1"},
    ),
    "$schema 2019-09": (
        {"$schema": "https://json-schema.org/draft/2019-09/schema", **_BASE},
        {"a": 1},
        {"a": "1"},
    ),
    "$id at the root": ({"$id": "https://example.com/tool.json", **_BASE}, {"a": 1}, {"a": "1"}),
    # Left to jsonschema:
    "$schema draft 4": (
        {"$schema": "http://json-schema.org/draft-04/schema#", **_BASE},
        {"a": 1},
        {"a": "1"},
    ),
    "unevaluatedProperties": (
        {**_BASE, "unevaluatedProperties": False},
        {"a": 1},
        {"a": 1, "z": 0},
    ),
    # Not a valid JSON Schema (Python's type names): no verdict, as from jsonschema.
    'invalid: `type` "str", `oneOf`': (
        {"type": "object", "properties": {"b": {"oneOf": [{"type": "str"}, {"type": "int"}]}}},
        {"b": "x"},
        {"b": 1.5},
    ),
}


def per_call(schema: dict[str, Any], arguments: Any, calls: int) -> float:
    """Mean seconds per call, each against a schema of its own."""
    text = json.dumps(arguments)
    started = time.perf_counter()
    for i in range(calls):
        validator = Validator({**schema, "description": f"tool {i}"})
        verdict = validator.judge(text)
        if verdict is not argschema.ACCEPTED:
            validator.error(verdict)
    return (time.perf_counter() - started) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| schema's keyword | valid µs/call | failing µs/call |")
    print("|---|---:|---:|")
    for name, (schema, good, bad) in CASES.items():
        valid = min(per_call(schema, good, args.calls) for _ in range(args.repeat))
        failing = min(per_call(schema, bad, args.calls) for _ in range(args.repeat))
        print(f"| {name} | {valid * 1e6:,.1f} | {failing * 1e6:,.1f} |")


if __name__ == "__main__":
    main()
