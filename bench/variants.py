"""generate.py's optional variants (issue 17): per-example tools, drift, every invalid kind.

- ``FreshTools``: tool definitions made new for every example that uses tools, as in
  Glaive-, xLAM- and Hermes-style function-calling sets: varied function and property
  names, descriptions, strings, integers, numbers, booleans, enums, nullable unions
  (``["string", "null"]``), arrays of scalars or of objects, nested objects, ``required``,
  ``additionalProperties: false``, ``default`` and the odd ``minimum``/``maximum``. So
  nearly every ``parameters`` schema in the file is distinct. Arguments fit their schema,
  unless ``drift`` is set: then most calls (80%) carry arguments that ignore the declared
  types (numbers and booleans as strings, strings as numbers, enums outside their list,
  arrays as one comma-separated string, a missing required key), as when a schema has
  changed since the data was made. Drift draws from its own random stream, so a drift
  file differs from its non-drift twin only in the arguments.
- ``pool``: the examples draw their tools from one pool of that many definitions, made
  as above, instead of each making its own, as in xLAM-style sets (3,673 APIs over 60,000
  examples): a schema comes back, but only after many others.
- ``pydantic``: the same tools written as Pydantic's ``model_json_schema()`` writes them
  (and the SDKs built on it): a ``title`` on every schema, an optional field as ``anyOf``
  with a ``null`` branch and ``default: null``, a nested object as a ``$ref`` into
  ``$defs``. The arguments are the same.
- ``rare``: a quarter of the properties use the keywords that tool schemas use now and
  then, as Pydantic writes them: a tuple (``prefixItems``), a dict whose keys are a
  ``Literal`` (``propertyNames``) or match a pattern (``patternProperties``), a
  non-empty dict (``minProperties``), ``Field(multiple_of=5)`` (``multipleOf``).
- ``python_types``: the same tools with Python's names for JSON's types (``"str"``,
  ``"int"``, ``"float"``, ``"bool"``, ``"list"``, ``"dict"``), as a naive conversion of an
  xLAM-style set (whose tools give Python types) writes them: no schema of the file is a
  valid JSON Schema (T014), so none can check a call (T012). The arguments are the same.
- ``break_line``: the invalid kinds that ``--error-mix all`` adds to generate.py's five:
  trailing characters, a line that is not an object, a byte-order mark, invalid UTF-8, a
  NUL byte, no ``messages``, ``messages`` not an array, an unknown top-level key, an
  unknown message key, an invalid ``weight``, a malformed tool call.

Only the standard library is used.
"""

from __future__ import annotations

import json
import random
from typing import Any

MORE_ERROR_KINDS = (
    "trailing_characters",
    "not_an_object",
    "bom",
    "invalid_utf8",
    "nul_byte",
    "missing_messages",
    "messages_not_array",
    "unknown_key",
    "unknown_message_key",
    "invalid_weight",
    "bad_tool_call",
)

_VERBS = ("get", "search", "create", "update", "calculate", "find", "list", "send", "convert",
          "check", "book", "fetch", "generate", "translate", "schedule", "analyze")  # fmt: skip
_SCALAR_KINDS = ("string", "string", "string", "integer", "number", "boolean", "enum", "nullable")
_FORMATS = ("snake", "snake", "camel")


class FreshTools:
    """Tool definitions made per example, and arguments for them (drifted or not)."""

    def __init__(
        self,
        words: list[str],
        sentence: Any,
        drift: random.Random | None,
        *,
        pydantic: bool = False,
        rare: bool = False,
        python_types: bool = False,
    ) -> None:
        self.words = words
        self.sentence = sentence  # () -> one sentence of the main text pool
        self.drift = drift
        self.pydantic = pydantic
        self.rare = rare
        self.python_types = python_types
        self.plain: dict[str, dict[str, Any]] = {}  # name -> the schema arguments follow
        self.pool: list[dict[str, Any]] = []  # what examples draw from, if not empty

    def use_pool(self, rng: random.Random, size: int) -> None:
        """From now on, ``define`` draws from a pool of ``size`` definitions."""
        self.pool = self.define(rng, size)

    # -- definitions -------------------------------------------------------------------

    def define(self, rng: random.Random, n: int) -> list[dict[str, Any]]:
        """``n`` tool definitions with distinct names."""
        if self.pool:
            return rng.sample(self.pool, n)
        out: list[dict[str, Any]] = []
        names: set[str] = set()
        while len(out) < n:
            name = self._name(rng, rng.choice(_VERBS), rng.randint(1, 2))
            if name in names:
                continue
            names.add(name)
            params = self._object(rng, depth=0, size=rng.randint(1, 7))
            fn: dict[str, Any] = {"name": name, "description": self.sentence()}
            fn["parameters"] = params
            if self.pydantic:
                self.plain[name] = params
                fn["parameters"] = pydantic_style(params, name)
            elif self.python_types:
                self.plain[name] = params
                fn["parameters"] = _python_typed(params)
            out.append({"type": "function", "function": fn})
        return out

    def _name(self, rng: random.Random, first: str, n: int) -> str:
        parts = [first, *(rng.choice(self.words[:2000]) for _ in range(n))]
        if rng.choice(_FORMATS) == "camel":
            return parts[0] + "".join(p.capitalize() for p in parts[1:])
        return "_".join(parts)

    def _object(self, rng: random.Random, depth: int, size: int) -> dict[str, Any]:
        props: dict[str, Any] = {}
        while len(props) < size:
            props[self._name(rng, rng.choice(self.words[:3000]), rng.randint(0, 1))] = (
                self._property(rng, depth)
            )
        schema: dict[str, Any] = {"type": "object", "properties": props}
        required = [p for p in props if rng.random() < 0.6]
        if required:
            schema["required"] = required
        if rng.random() < 0.25:
            schema["additionalProperties"] = False
        return schema

    def _property(self, rng: random.Random, depth: int) -> dict[str, Any]:
        r = rng.random()
        if self.rare and rng.random() < 0.25:
            spec = self._rare(rng)
        elif depth < 2 and r < 0.08:
            spec = self._object(rng, depth + 1, rng.randint(1, 4))
        elif r < 0.20:
            spec = {"type": "array", "items": self._items(rng, depth)}
        else:
            spec = self._scalar(rng, rng.choice(_SCALAR_KINDS))
        spec["description"] = self.sentence()
        return spec

    def _rare(self, rng: random.Random) -> dict[str, Any]:
        kind = rng.randrange(5)
        if kind == 0:  # tuple[float, float]
            pair = [{"type": "number"}, {"type": "number"}]
            return {"type": "array", "prefixItems": pair, "minItems": 2, "maxItems": 2}
        if kind == 1:  # dict[Literal[...], int]
            names = {"enum": rng.sample(self.words[:800], rng.randint(2, 5))}
            return {"type": "object", "propertyNames": names,
                    "additionalProperties": {"type": "integer"}}  # fmt: skip
        if kind == 2:  # dict[constr(pattern=...), str]
            return {"type": "object", "patternProperties": {"^[a-z]+$": {"type": "string"}},
                    "additionalProperties": False}  # fmt: skip
        if kind == 3:  # dict[str, str] = Field(min_length=1)
            return {"type": "object", "additionalProperties": {"type": "string"},
                    "minProperties": 1}  # fmt: skip
        return {"type": "integer", "multipleOf": 5, "minimum": 0}

    def _items(self, rng: random.Random, depth: int) -> dict[str, Any]:
        if depth < 2 and rng.random() < 0.25:
            return self._object(rng, depth + 1, rng.randint(1, 3))
        return {"type": rng.choice(("string", "string", "integer", "number"))}

    def _scalar(self, rng: random.Random, kind: str) -> dict[str, Any]:
        if kind == "enum":
            return {"type": "string", "enum": rng.sample(self.words[:800], rng.randint(2, 6))}
        if kind == "nullable":
            return {"type": [rng.choice(("string", "integer")), "null"]}
        spec: dict[str, Any] = {"type": kind}
        if kind in ("integer", "number") and rng.random() < 0.15:
            spec["minimum"] = 0
            spec["maximum"] = 100000
        elif rng.random() < 0.1:
            spec["default"] = self._value(rng, spec)
        return spec

    # -- arguments -------------------------------------------------------------------

    def arguments(self, rng: random.Random, tool: dict[str, Any]) -> dict[str, Any]:
        params = tool["function"]["parameters"]
        if self.pydantic or self.python_types:
            params = self.plain[tool["function"]["name"]]
        args = self._value(rng, params)
        drift = self.drift
        if drift is not None and drift.random() < 0.8:
            self._drift(drift, args, params)
        return args  # type: ignore[no-any-return]

    def _value(self, rng: random.Random, spec: dict[str, Any]) -> Any:
        kind = spec["type"]
        if self.rare and _RARE.intersection(spec):
            return self._rare_value(rng, spec)
        if isinstance(kind, list):  # a nullable union
            return None if rng.random() < 0.3 else self._value(rng, {"type": kind[0]})
        if "enum" in spec:
            return rng.choice(spec["enum"])
        if kind == "object":
            props = spec["properties"]
            req = spec.get("required", ())
            return {
                k: self._value(rng, v) for k, v in props.items() if k in req or rng.random() < 0.7
            }
        if kind == "array":
            return [self._value(rng, spec["items"]) for _ in range(rng.randint(0, 4))]
        if kind == "integer":
            return rng.randint(0, 10000)
        if kind == "number":
            return round(rng.uniform(0, 1000), 2)
        if kind == "boolean":
            return rng.random() < 0.5
        return " ".join(rng.choice(self.words) for _ in range(rng.randint(1, 5)))

    def _rare_value(self, rng: random.Random, spec: dict[str, Any]) -> Any:
        if "prefixItems" in spec:
            return [round(rng.uniform(-90, 90), 4), round(rng.uniform(-180, 180), 4)]
        if "multipleOf" in spec:
            return 5 * rng.randint(0, 2000)
        if "propertyNames" in spec:
            names = spec["propertyNames"]["enum"]
            return {n: rng.randint(0, 100) for n in rng.sample(names, rng.randint(1, len(names)))}
        pick = self.words[:3000]
        return {
            "".join(c for c in rng.choice(pick).lower() if c.isalpha()) or "x": rng.choice(pick)
            for _ in range(rng.randint(1, 3))
        }

    def _drift(self, rng: random.Random, args: dict[str, Any], params: dict[str, Any]) -> None:
        """Make ``args`` ignore the declared types, at least once."""
        props = params["properties"]
        names = list(props)
        changed = False
        for name in names:
            if rng.random() < 0.5 or (not changed and name == names[-1]):
                old = args.get(name, self._value(rng, props[name]))
                new = _wrong(rng, props[name], old)
                if new is not _KEEP:
                    args[name] = new
                    changed = True
        if not changed and params.get("required"):
            del_name = params["required"][0]
            args.pop(del_name, None)


_KEEP: Any = object()
_RARE = frozenset(
    {"prefixItems", "multipleOf", "propertyNames", "patternProperties", "minProperties"}
)


def _wrong(rng: random.Random, spec: dict[str, Any], old: Any) -> Any:
    """A value of another type than ``spec`` declares, made from ``old``."""
    kind = spec["type"]
    if isinstance(kind, list):
        kind = kind[0]
    if "enum" in spec:
        return str(old).upper() + "_v2"
    if kind in ("integer", "number"):
        return str(old)
    if kind == "boolean":
        return rng.choice(("true", "false", "yes", 1, 0))
    if kind == "string":
        return rng.randint(0, 999) if rng.random() < 0.6 else [old]
    if kind == "array":
        return ", ".join(map(str, old)) if old else ""
    if kind == "object":
        return json.dumps(old)
    return _KEEP


# -- every kind of invalid line ---------------------------------------------------------


def break_line(example: dict[str, Any], kind: str, erng: random.Random) -> bytes:
    """``example`` as a line with one injected error of ``kind`` (of MORE_ERROR_KINDS)."""
    dpo = "messages" not in example
    messages = example["input"]["messages"] if dpo else example["messages"]
    if kind == "trailing_characters":
        return _line(example)[:-1] + b' {"messages": []}\n'
    if kind == "not_an_object":
        return _line(messages)
    if kind == "bom":
        return b"\xef\xbb\xbf" + _line(example)
    if kind in ("invalid_utf8", "nul_byte"):
        line = _line(example)
        at = line.index(b'"role": "') + 9  # inside a string
        return line[:at] + (b"\xff\xfe" if kind == "invalid_utf8" else b"\x00") + line[at:]
    if kind == "missing_messages":
        key = "input" if dpo else "messages"
        example["conversation" if not dpo else "prompt"] = example.pop(key)
    elif kind == "messages_not_array":
        target = example["input"] if dpo else example
        target["messages"] = {"role": "user", "content": messages[-1].get("content")}
    elif kind == "unknown_key":
        example["metadata"] = {"source": "synthetic", "id": erng.randint(1, 10**6)}
    elif kind == "unknown_message_key":
        erng.choice(messages)["reasoning"] = "I think so."
    elif kind == "invalid_weight":
        answers = [m for m in messages if m["role"] == "assistant"] or messages
        erng.choice(answers)["weight"] = erng.choice((2, "0", 0.5, True))
    elif kind == "bad_tool_call":
        calls = [c for m in messages for c in m.get("tool_calls") or ()]
        if calls:
            fn = erng.choice(calls)["function"]
            fn["arguments"] = json.loads(fn["arguments"])  # an object, not a string
        else:
            erng.choice(messages)["role"] = "tool"  # a tool message with no tool_call_id
    else:
        raise ValueError(kind)
    return _line(example)


def _line(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode()


_PYTHON_NAMES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool",
                 "array": "list", "object": "dict", "null": "None"}  # fmt: skip


def _python_typed(spec: Any) -> Any:
    """``spec`` with every ``type`` named as Python names it."""
    if isinstance(spec, list):
        return [_python_typed(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {k: _python_typed(v) for k, v in spec.items() if k != "properties"}
    if "properties" in spec:
        out["properties"] = {k: _python_typed(v) for k, v in spec["properties"].items()}
    kind = spec.get("type")
    if isinstance(kind, str):
        out["type"] = _PYTHON_NAMES.get(kind, kind)
    elif isinstance(kind, list):
        out["type"] = [_PYTHON_NAMES.get(k, k) for k in kind]
    return {k: out[k] for k in spec}  # (the keys in their order)


def pydantic_style(params: dict[str, Any], name: str) -> dict[str, Any]:
    """``params`` as Pydantic would write the model's schema (see the module)."""
    defs: dict[str, Any] = {}
    root = _pydantic(params, defs, "")
    root["title"] = name
    if defs:
        root["$defs"] = defs
    return root


def _pydantic(spec: dict[str, Any], defs: dict[str, Any], name: str) -> dict[str, Any]:
    out = dict(spec)
    kind = out.get("type")
    title = "".join(part.capitalize() for part in name.split("_")) or "Model"
    if kind == "object" and "properties" in out:
        out["properties"] = {k: _pydantic(v, defs, k) for k, v in out["properties"].items()}
        out["title"] = title
        if name:  # a nested model: defined once, referred to
            description = out.pop("description", None)
            defs[title] = out
            ref: dict[str, Any] = {"$ref": f"#/$defs/{title}"}
            if description is not None:
                ref["description"] = description
            return ref
        return out
    if isinstance(kind, list):  # Optional[X]
        del out["type"]
        out["anyOf"] = [{"type": kind[0]}, {"type": "null"}]
        out["default"] = None
    elif kind == "array" and "items" in out:
        out["items"] = _pydantic(out["items"], defs, name + "_item")
    out["title"] = title
    return out
