"""The shortcuts of the semantic checks never change a finding.

- Typed decoding of tool-call arguments (`Validator.accepts`) accepts only arguments that
  parse, are not a string, and that both the fast checker and jsonschema find valid.
- The caches (valid names, validators by function name) keep results per line: a
  verdict never depends on what earlier lines held.
"""

from __future__ import annotations

import json
import random
from typing import Any

import jsonschema
import msgspec

import ftlint
from ftlint.rules import argschema, content, tools
from ftlint.rules.argschema import Validator, compile_fast
from ftlint.rules.tools import FUNCTION_NAME

_TYPES = ["string", "integer", "number", "boolean", "null", "array", "object"]


def _schema(rng: random.Random, depth: int = 0, kind: str | None = None) -> Any:
    """A random schema, mostly of the keywords typed decoding takes, some it does not."""
    if kind is None and rng.random() < 0.05:
        return rng.choice([True, {}, {"description": "anything"}])
    kind = kind or rng.choice(_TYPES if depth < 2 else _TYPES[:5])
    schema: dict[str, Any] = {"type": kind, "description": "d"}
    if rng.random() < 0.15:
        schema["type"] = [kind, "null"] if rng.random() < 0.5 else ["null", kind]
    if kind in ("string", "integer") and rng.random() < 0.3:
        pool = ["a", "b", "c"] if kind == "string" else [0, 1, 2]
        if rng.random() < 0.2:
            pool = [*pool, True, None, 1.0, "1"]  # values of other types
        values = rng.sample(pool, rng.randint(1, 3))
        if rng.random() < 0.7:
            schema["enum"] = values
        else:
            schema["const"] = values[0]
    if kind == "array" and rng.random() < 0.7:
        schema["items"] = _schema(rng, depth + 1)
    if kind == "object":
        names = rng.sample(["a", "b", "c", "d", "not an identifier", ""], rng.randint(0, 4))
        if names or rng.random() < 0.5:
            schema["properties"] = {name: _schema(rng, depth + 1) for name in names}
        if rng.random() < 0.6:
            pool = [*names, "x"]
            schema["required"] = rng.sample(pool, rng.randint(0, len(pool)))
        if rng.random() < 0.4:
            schema["additionalProperties"] = rng.choice([True, False, {"type": "integer"}])
    if rng.random() < 0.03:
        schema["minLength"] = 1  # a keyword neither shortcut knows
    return schema


_SCALARS: list[Any] = [None, True, False, 0, 1, 2, -7, 1.0, 2.5, 10**30, "", "a", "b", "x"]
_KEYS = ["a", "b", "c", "d", "x", "z", "not an identifier", ""]


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.35:
        keys = rng.sample(_KEYS, rng.randint(0, 4))
        return {key: _value(rng, depth + 1) for key in keys}
    if depth < 3 and roll < 0.5:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return rng.choice(_SCALARS)


def _texts(rng: random.Random, value: Any) -> list[str]:
    """JSON texts of a value, and variants the typed decoder must not be fooled by."""
    text = json.dumps(value)
    texts = [text, text.replace("1.0", "1.5"), json.dumps(text), text + " x", text[:-1]]
    if isinstance(value, dict) and value:
        key = json.dumps(next(iter(value)))
        extra = json.dumps(rng.choice(_SCALARS))
        # A repeated key: the untyped decoder keeps the last value.
        texts.append("{" + f"{key}: {extra}, " + text[1:])
        texts.append(text[:-1] + f", {key}: {extra}" + "}")
    return texts


def test_typed_decoding_accepts_only_valid_arguments() -> None:
    rng = random.Random(20240611)
    decode = msgspec.json.Decoder().decode
    accepted = typed = 0
    for _ in range(600):
        schema = _schema(rng, kind="object")
        validator = Validator(schema)
        typed += validator.typed is not None
        fast = compile_fast(schema)
        full = jsonschema.Draft202012Validator(schema)
        for _ in range(25):
            for text in _texts(rng, _value(rng)):
                if not validator.accepts(text):
                    continue
                accepted += 1
                value = decode(text)
                assert not isinstance(value, str), (schema, text)
                # The compiled checker agrees; a schema it cannot compile was walked.
                assert fast is None or fast(value) is True, (schema, text)
                assert full.is_valid(value), (schema, text)
    assert typed > 300 and accepted > 1000  # the test does exercise the shortcut


def _call_line(parameters: Any, arguments: str, name: str = "f") -> bytes:
    call = {"id": "c1", "type": "function", "function": {"name": name, "arguments": arguments}}
    line = {
        "messages": [
            {"role": "user", "content": "q"},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": "r"},
            {"role": "assistant", "content": "a"},
        ],
        "tools": [{"type": "function", "function": {"name": name, "parameters": parameters}}],
    }
    return json.dumps(line).encode() + b"\n"


def _findings(lines: list[bytes]) -> list[tuple[int | None, str, str]]:
    report = ftlint.check_lines(lines, format="chat", rules=ftlint.select_rules(["T"]))
    return [(f.line, f.code, f.message) for f in report.findings]


def test_arguments_the_typed_decoder_must_not_accept() -> None:
    nullable_enum = {
        "type": "object",
        "properties": {"u": {"type": ["string", "null"], "enum": ["c", "f"]}},
    }
    closed = {
        "type": "object",
        "properties": {"a": {"type": "integer"}},
        "required": ["b"],
        "additionalProperties": False,
    }
    integer = {"type": "object", "properties": {"a": {"type": "integer"}}}
    cases = [
        (nullable_enum, '{"u": null}', "T012"),
        (closed, '{"a": 1, "b": 2}', "T012"),
        (integer, '{"a": 1, "a": "x"}', "T012"),  # the last of repeated keys counts
        (integer, '{"a": true}', "T012"),
        (integer, '"{\\"a\\": 1}"', "T013"),
        (integer, '{"a": 1', "T011"),
    ]
    for schema, arguments, code in cases:
        assert [c for _, c, _ in _findings([_call_line(schema, arguments)])] == [code]
    for arguments in ('{"a": "x", "a": 1}', '{"a": 1, "z": [1]}', '{"a": 1.0}'):
        assert _findings([_call_line(integer, arguments)]) == []


def test_a_function_is_checked_against_its_own_line_schema() -> None:
    """The same function name with other parameters on other lines."""
    as_int = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    as_str = {"type": "object", "properties": {"n": {"type": "string"}}, "required": ["n"]}
    lines = [_call_line(as_int if i % 3 else as_str, '{"n": "seven"}') for i in range(9)]
    found = _findings(lines)
    assert [line for line, code, _ in found if code == "T012"] == [2, 3, 5, 6, 8, 9]
    backwards = _findings(lines[::-1])
    assert [line for line, code, _ in backwards if code == "T012"] == [1, 2, 4, 5, 7, 8]


def test_the_validator_cache_by_name_is_bounded() -> None:
    for i in range(2 * argschema._BY_NAME_MAX):
        raw = msgspec.json.decode(json.dumps({"type": "object", "title": str(i)}), type=msgspec.Raw)
        for _ in range(2):  # seen again: kept, under its name too
            assert argschema.function_validator(f"f{i}", raw).schema["title"] == str(i)
        assert len(argschema._BY_NAME) <= argschema._BY_NAME_MAX
        assert argschema._BY_NAME[f"f{i}"][0] == raw


def test_a_schema_seen_once_is_not_kept() -> None:
    """Examples that define their own tools: a validator per schema, dropped after use."""
    argschema._BY_DIGEST.clear()
    argschema._SEEN.clear()
    raws = [
        msgspec.json.decode(json.dumps({"type": "object", "title": f"own {i}"}), type=msgspec.Raw)
        for i in range(50)
    ]
    for i, raw in enumerate(raws):
        argschema.function_validator(f"g{i}", raw)
    assert len(argschema._BY_DIGEST) == 0 and not any(
        f"g{i}" in argschema._BY_NAME for i in range(50)
    )
    again = argschema.function_validator("g0", raws[0])
    assert argschema.function_validator("g0", raws[0]) is again
    # Seen in two examples: a shared schema, decoded typed from its first use on.
    assert again.judge("{}") is argschema.ACCEPTED and again._typed is not None


def test_a_schema_from_a_large_pool_builds_nothing_it_would_not_use(monkeypatch: Any) -> None:
    """Tools drawn from a pool (xLAM-style data): a schema seen again only after many
    others is not taken for a shared one. Its few uses walk it, and neither a checker nor a
    typed decoder is built for it; one seen again at once is decoded typed from then on,
    and a kept schema builds each once its uses pay for it."""
    argschema._BY_DIGEST.clear()
    argschema._SEEN.clear()
    builds: dict[str, int] = {"checker": 0, "decoder": 0}

    def counted(name: str, build: Any) -> Any:
        def counting(schema: Any) -> Any:
            builds[name] += 1
            return build(schema)

        return counting

    monkeypatch.setattr(argschema, "compile_fast", counted("checker", argschema.compile_fast))
    monkeypatch.setattr(argschema, "typed_decoder", counted("decoder", argschema.typed_decoder))
    pool = [
        msgspec.json.decode(json.dumps({"type": "object", "title": f"pool {i}"}), type=msgspec.Raw)
        for i in range(2 * argschema._SHARED_GAP)
    ]
    for _ in range(2):
        for i, raw in enumerate(pool):
            assert argschema.function_validator(f"p{i}", raw).judge("{}") is argschema.ACCEPTED
    assert builds == {"checker": 0, "decoder": 0}
    assert len(argschema._BY_DIGEST) == len(pool)  # kept: their next uses are counted
    kept = argschema.function_validator("p0", pool[0])
    for use in range(2, argschema._TYPED_AT + 1):  # its first use was in the loop
        assert kept.judge("{}") is argschema.ACCEPTED
        assert builds["checker"] == (use >= argschema._COMPILE_AT)
        assert builds["decoder"] == (use >= argschema._TYPED_AT)
    hot = msgspec.json.decode(b'{"type": "object", "title": "hot"}', type=msgspec.Raw)
    for _ in range(2):
        argschema.function_validator("hot", hot).judge("{}")
    assert builds == {"checker": 2, "decoder": 2}


def test_name_caches_are_bounded_and_keep_only_valid_names() -> None:
    known = tools._KNOWN_FUNCTION_NAMES
    for i in range(content.KNOWN_NAMES_MAX + 10):
        assert content.valid_name(f"name_{i}", FUNCTION_NAME, known)
        assert len(known) <= content.KNOWN_NAMES_MAX
    assert not content.valid_name("not valid", FUNCTION_NAME, known)
    assert "not valid" not in known
    line = _call_line({"type": "object"}, "{}", name="get weather")
    good = _call_line({"type": "object"}, "{}", name="get_weather")
    codes = [(n, c) for n, c, _ in _findings([good, line, good, line])]
    assert codes == [(2, "T007"), (2, "T007"), (4, "T007"), (4, "T007")]  # tools and call
