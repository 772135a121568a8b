"""Validate tool-call arguments against a function's ``parameters`` JSON Schema (R36), fast.

The `jsonschema` library is the authority, but it costs tens of microseconds per call. Most
tool schemas use a handful of keywords (type, properties, required, enum, items,
additionalProperties), so a schema made only of those is compiled into a small checker.
The checker is conservative: it answers "valid" only where jsonschema would agree, and in
every other case (a problem found, a value it is unsure of, a keyword it does not know)
jsonschema decides and explains. Both are compiled once per distinct schema.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import msgspec

Checker = Callable[[Any], bool | None]  # True: valid; False or None: ask jsonschema

_ANNOTATIONS = frozenset(
    {"description", "title", "default", "examples", "$comment", "deprecated", "readOnly",
     "writeOnly", "$schema"}
)  # fmt: skip
_KEYWORDS = frozenset(
    {"type", "properties", "required", "enum", "const", "items", "additionalProperties"}
)
_SCALARS = (str, int, float, bool, type(None))


def _is_integer(value: Any) -> bool | None:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float) and value.is_integer():
        return None  # jsonschema's drafts disagree on 1.0
    return False


_TYPES: dict[str, Callable[[Any], bool | None]] = {
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def compile_fast(schema: Any) -> Checker | None:
    """A fast checker for ``schema``, or ``None`` if it uses keywords this one does not know."""
    if schema is True or schema == {}:
        return lambda value: True
    if not isinstance(schema, dict) or not set(schema) - _ANNOTATIONS <= _KEYWORDS:
        return None
    parts: list[Checker] = []
    if "type" in schema:
        types = schema["type"]
        names = [types] if isinstance(types, str) else types
        if not isinstance(names, list) or not names or any(n not in _TYPES for n in names):
            return None
        preds = [_TYPES[n] for n in names]
        if len(preds) == 1:
            parts.append(preds[0])
        else:
            parts.append(_any_type(preds))
    for key in ("enum", "const"):
        if key in schema:
            allowed = schema[key] if key == "enum" else [schema[key]]
            if not isinstance(allowed, list) or not all(isinstance(a, _SCALARS) for a in allowed):
                return None
            parts.append(_one_of([(type(a), a) for a in allowed]))
    if "properties" in schema or "required" in schema or "additionalProperties" in schema:
        checker = _object(schema)
        if checker is None:
            return None
        parts.append(checker)
    if "items" in schema:
        item = compile_fast(schema["items"])
        if item is None:
            return None

        def items_ok(value: Any) -> bool | None:
            if not isinstance(value, list):
                return True  # `items` applies to arrays only
            for element in value:
                result = item(element)
                if result is not True:
                    return result
            return True

        parts.append(items_ok)
    return _all(parts)


def _one_of(options: list[tuple[type, Any]]) -> Checker:
    # Same type and equal: Python's 1 == True must not make `true` match an enum of 1.
    def one_of(value: Any) -> bool | None:
        return any(type(value) is kind and value == allowed for kind, allowed in options)

    return one_of


def _object(schema: dict[str, Any]) -> Checker | None:
    props = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if not isinstance(props, dict) or not isinstance(required, list):
        return None
    compiled: dict[str, Checker] = {}
    for name, sub in props.items():
        checker = compile_fast(sub)
        if checker is None:
            return None
        compiled[name] = checker
    extra_checker = None if extra is True or extra is False else compile_fast(extra)
    if extra not in (True, False) and extra_checker is None:
        return None

    def object_ok(value: Any) -> bool | None:
        if not isinstance(value, dict):
            return True  # object keywords apply to objects only
        for name in required:
            if name not in value:
                return False
        for key, item in value.items():
            checker = compiled.get(key)
            if checker is None:
                if extra is False:
                    return False
                checker = extra_checker
                if checker is None:
                    continue
            result = checker(item)
            if result is not True:
                return result
        return True

    return object_ok


def _any_type(preds: list[Checker]) -> Checker:
    def type_ok(value: Any) -> bool | None:
        unsure = False
        for pred in preds:
            result = pred(value)
            if result:
                return True
            unsure = unsure or result is None
        return None if unsure else False

    return type_ok


def _all(parts: list[Checker]) -> Checker:
    if len(parts) == 1:
        return parts[0]

    def check(value: Any) -> bool | None:
        for part in parts:
            result = part(value)
            if result is not True:
                return result
        return True

    return check


class Validator:
    """Arguments validation for one schema: the fast checker, then jsonschema."""

    __slots__ = ("_full", "fast", "schema")

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.fast = compile_fast(schema)
        self._full: Any = None

    def error(self, value: Any) -> str | None:
        """The first validation error of ``value``, as text, or ``None`` if it is valid."""
        if self.fast is not None and self.fast(value) is True:
            return None
        full = self._jsonschema()
        if full is None:
            return None
        error = next(iter(full.iter_errors(value)), None)
        if error is None:
            return None
        where = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.path)
        message = str(error.message)
        message = message if len(message) <= 160 else message[:159] + "…"
        return message + (f" (at arguments{where})" if where else "")

    def _jsonschema(self) -> Any:
        if self._full is None:
            import jsonschema  # imported on first need: it is slow to import

            cls = jsonschema.validators.validator_for(
                self.schema, default=jsonschema.Draft202012Validator
            )
            try:
                cls.check_schema(self.schema)
            except jsonschema.SchemaError:
                self._full = False
            else:
                self._full = cls(self.schema)
        return self._full or None


@functools.lru_cache(maxsize=512)
def _by_json(schema_json: bytes) -> Validator:
    return Validator(msgspec.json.decode(schema_json))


def validator(schema: Any) -> Validator:
    """The shared validator of a schema, compiled once per distinct schema.

    ``schema`` is the raw JSON of a ``parameters`` field (``msgspec.Raw``, as decoded), or
    a decoded value.
    """
    if isinstance(schema, msgspec.Raw):
        return _by_json(bytes(schema))
    return _by_json(msgspec.json.encode(schema, order="sorted"))
