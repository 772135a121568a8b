"""Validate tool-call arguments against a function's ``parameters`` JSON Schema (R36), fast.

The `jsonschema` library is the authority, but it costs tens of microseconds per call. Most
tool schemas use a handful of keywords (type, properties, required, enum, items,
additionalProperties), so a schema made only of those is compiled into a small checker.
The checker is conservative: it answers "valid" only where jsonschema would agree, and in
every other case (a problem found, a value it is unsure of, a keyword it does not know)
jsonschema decides and explains. Both are compiled once per distinct schema.

Most object schemas also map to a msgspec type (see "typed decoding" below): decoding the
arguments with it parses and validates them in one pass in C, so a valid call costs about
one decode. What that decoder rejects takes the general way above.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

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

# The exact Python types of decoded JSON values that certainly have each JSON type. Other
# values, including a float such as 1.0 for "integer" (drafts disagree) and subclasses
# (which decoded JSON never holds), are left to jsonschema.
_JSON_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "object": frozenset({dict}),
    "array": frozenset({list}),
    "null": frozenset({type(None)}),
}
_ANY_TYPE = frozenset().union(*_JSON_TYPES.values())
_NO_TYPE: frozenset[type] = frozenset()


def _always_valid(value: Any) -> bool:
    return True


def _type_set(types: Any) -> frozenset[type] | None:
    """The types certainly admitted by a `type` keyword, or ``None`` if it is not one this
    checker knows."""
    names = [types] if isinstance(types, str) else types
    if (
        not isinstance(names, list)
        or not names
        or any(not isinstance(n, str) or n not in _JSON_TYPES for n in names)
    ):
        return None
    return frozenset().union(*(_JSON_TYPES[n] for n in names))


def _certain_types(schema: Any) -> frozenset[type]:
    """The types whose every value satisfies ``schema``: a schema that only says `type`
    needs no call for them."""
    if schema is True or schema == {}:
        return _ANY_TYPE
    if isinstance(schema, dict) and set(schema) - _ANNOTATIONS == {"type"}:
        return _type_set(schema["type"]) or _NO_TYPE
    return _NO_TYPE


def compile_fast(schema: Any) -> Checker | None:
    """A fast checker for ``schema``, or ``None`` if it uses keywords this one does not know."""
    if schema is True or schema == {}:
        return _always_valid
    if not isinstance(schema, dict) or not set(schema) - _ANNOTATIONS <= _KEYWORDS:
        return None
    types: frozenset[type] | None = None
    parts: list[Checker] = []
    if "type" in schema:
        types = _type_set(schema["type"])
        if types is None:
            return None
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
        parts.append(_items(item, _certain_types(schema["items"])))
    return _all(types, parts)


def _one_of(options: list[tuple[type, Any]]) -> Checker:
    # Same type and equal: Python's 1 == True must not make `true` match an enum of 1.
    allowed = frozenset(options)

    def one_of(value: Any) -> bool | None:
        kind = type(value)
        return kind in _SCALARS and (kind, value) in allowed

    return one_of


def _items(item: Checker, certain: frozenset[type]) -> Checker:
    def items_ok(value: Any) -> bool | None:
        if not isinstance(value, list):
            return True  # `items` applies to arrays only
        for element in value:
            if type(element) not in certain:
                result = item(element)
                if result is not True:
                    return result
        return True

    return items_ok


def _object(schema: dict[str, Any]) -> Checker | None:
    props = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if not isinstance(props, dict) or not isinstance(required, list):
        return None
    if not all(isinstance(name, str) for name in required):
        return None  # an invalid schema: jsonschema's check_schema says so
    compiled: dict[str, Checker] = {}
    certain: dict[str, frozenset[type]] = {}
    for name, sub in props.items():
        checker = compile_fast(sub)
        if checker is None:
            return None
        compiled[name] = checker
        certain[name] = _certain_types(sub)
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
            if type(item) in certain.get(key, _NO_TYPE):
                continue
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


def _all(types: frozenset[type] | None, parts: list[Checker]) -> Checker:
    """A value of one of ``types`` (if given) that every part accepts."""
    if types is None:
        if len(parts) == 1:
            return parts[0]

        def check(value: Any) -> bool | None:
            for part in parts:
                result = part(value)
                if result is not True:
                    return result
            return True

        return check
    if not parts:
        return lambda value: type(value) in types
    if len(parts) == 1:
        part = parts[0]
        return lambda value: part(value) if type(value) in types else False

    def typed_check(value: Any) -> bool | None:
        if type(value) not in types:
            return False
        for part in parts:
            result = part(value)
            if result is not True:
                return result
        return True

    return typed_check


# -- typed decoding ---------------------------------------------------------------------
#
# A schema made of the plainest keywords also maps to a msgspec type, and decoding the
# arguments with it parses and validates them in one pass in C, with no Python value to
# walk. It is only used to accept: the type is at least as strict as the fast checker (a
# value it decodes, the checker accepts), and whatever it rejects, for any reason, goes
# the general way (untyped decoding, T011 and T013, the checker, jsonschema). Unknown
# object keys are always rejected, so nothing in the arguments is skipped unparsed.

_PLAIN_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,  # decodes integers too
    "boolean": bool,
    "null": None,
}
_LITERAL_TYPES = {"string": str, "integer": int}  # enum and const of these only
_OBJECT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties"})
# Decoding a Struct fills in every absent field: its cost follows the schema, not the
# arguments. A bound keeps it within a constant factor of the arguments' size.
_MAX_FIELDS = 64


class _NoType(Exception):
    """The schema uses something that typed decoding does not take."""


def _typed_decoder(schema: Any) -> msgspec.json.Decoder[Any] | None:
    """A decoder that accepts only valid arguments, for an object ``schema``, or ``None``."""
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return None  # other arguments may be a string, and the double encoding test needs it
    try:
        return msgspec.json.Decoder(_msgspec_type(schema))
    except Exception:
        # _NoType; or a type msgspec will not build, such as a property name it cannot
        # rename a field to (a quote or a control character: ValueError). Typed decoding
        # is only a shortcut: without it, the general way decides.
        return None


def _msgspec_type(schema: Any) -> Any:
    if schema is True or schema == {}:
        return Any
    if not isinstance(schema, dict):
        raise _NoType
    keywords = set(schema) - _ANNOTATIONS
    if not keywords:
        return Any
    names = schema.get("type")
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _NoType
    nullable = len(names) == 2 and "null" in names and names[0] != names[1]
    if nullable:
        if "enum" in keywords or "const" in keywords:
            raise _NoType  # null would pass the type but not the enum
        names = [n for n in names if n != "null"]
    if len(names) != 1:
        raise _NoType
    name = names[0]
    if name in _PLAIN_TYPES and keywords == {"type"}:
        tp = _PLAIN_TYPES[name]
    elif name in _LITERAL_TYPES and len(keywords) == 2 and keywords - {"type"} <= {"enum", "const"}:
        values = schema["enum"] if "enum" in schema else [schema["const"]]
        kind = _LITERAL_TYPES[name]
        if not isinstance(values, list) or not values or any(type(v) is not kind for v in values):
            raise _NoType  # `type(v) is int` also keeps booleans out
        tp = Literal[tuple(values)]
    elif name == "array" and keywords <= {"type", "items"}:
        item = _msgspec_type(schema["items"]) if "items" in schema else Any
        tp = list[item]  # type: ignore[valid-type]
    elif name == "object" and keywords <= _OBJECT_KEYWORDS:
        tp = _object_type(schema)
    else:
        raise _NoType
    return tp | None if nullable else tp


def _object_type(schema: dict[str, Any]) -> Any:
    props = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if not isinstance(props, dict) or not isinstance(required, list):
        raise _NoType
    if not all(isinstance(name, str) for name in (*props, *required)):
        raise _NoType
    if len(props) + len(required) > _MAX_FIELDS:
        raise _NoType
    if not props and not required and extra is not False:
        value = Any if extra is True else _msgspec_type(extra)
        return dict[str, value]  # type: ignore[valid-type]
    # Field names are made up, and renamed to the property names, which need not be
    # identifiers. Unknown keys are rejected, whatever additionalProperties says.
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    rename: dict[str, str] = {}
    for name in dict.fromkeys([*props, *required]):
        field = f"f{len(fields)}"
        rename[field] = name
        if name in props:
            tp = _msgspec_type(props[name])
        elif extra is False:
            raise _NoType  # required, yet not allowed
        else:  # required, and only additionalProperties applies
            tp = Any if extra is True else _msgspec_type(extra)
        fields.append((field, tp) if name in required else (field, tp, msgspec.UNSET))
    return msgspec.defstruct(
        "Arguments", fields, rename=rename, kw_only=True, forbid_unknown_fields=True
    )


class Validator:
    """Arguments validation for one schema: the fast checker, then jsonschema."""

    __slots__ = ("_full", "fast", "schema", "typed")

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.fast = compile_fast(schema)
        # Only where the fast checker applies: what the decoder accepts, it accepts too.
        self.typed = None if self.fast is None else _typed_decoder(schema)
        self._full: Any = None

    def accepts(self, arguments: str) -> bool:
        """Whether the JSON text ``arguments`` certainly parses to a valid value that is not
        a string; ``False`` means: parse it and ask `error`."""
        if self.typed is None:
            return False
        try:
            self.typed.decode(arguments)
        except Exception:  # any failure only means that the general way decides
            return False
        return True

    def error(self, value: Any) -> str | None:
        """The first validation error of ``value``, as text, or ``None`` if it is valid."""
        if self.fast is not None and self.fast(value) is True:
            return None
        full = self._jsonschema()
        if full is None:
            return None
        try:
            error = next(iter(full.iter_errors(value)), None)
        except Exception:
            # The schema passed check_schema but cannot be applied: a `pattern` that is
            # not a Python regex, a `$ref` that leads nowhere, a reference loop. The
            # arguments cannot be judged against it, so nothing is reported.
            return None
        if error is None:
            return None
        where = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.path)
        message = str(error.message)
        message = message if len(message) <= 160 else message[:159] + "…"
        return message + (f" (at arguments{where})" if where else "")

    def _jsonschema(self) -> Any:
        if self._full is None:
            import jsonschema  # imported on first need: it is slow to import

            # False: no validation, for a schema that is not an object or boolean (T005
            # and T006 report it), not a valid JSON Schema (SchemaError), or one that
            # jsonschema cannot even check.
            self._full = False
            if isinstance(self.schema, (dict, bool)):
                try:
                    cls = jsonschema.validators.validator_for(
                        self.schema, default=jsonschema.Draft202012Validator
                    )
                    cls.check_schema(self.schema)
                    self._full = cls(self.schema)
                except Exception:
                    pass
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


# Function name -> its latest schema (a standalone copy) and that schema's validator. A
# dataset defines the same functions in example after example, and comparing a schema's
# bytes (memcmp) is much cheaper than copying and hashing them (SipHash) for the cache
# above. An entry is only used if the bytes are equal, so it is always the validator of
# that very schema.
_BY_NAME: dict[str, tuple[msgspec.Raw, Validator]] = {}
_BY_NAME_MAX = 512


def function_validator(name: str, parameters: Any) -> Validator:
    """The shared validator of function ``name``'s ``parameters``, as `validator`."""
    if not isinstance(parameters, msgspec.Raw):
        return validator(parameters)
    known = _BY_NAME.get(name)
    if known is not None and known[0] == parameters:
        return known[1]
    found = _by_json(bytes(parameters))
    if len(_BY_NAME) >= _BY_NAME_MAX:
        _BY_NAME.clear()
    # A copy: the decoded Raw shares the buffer of its whole line.
    _BY_NAME[name] = (parameters.copy(), found)
    return found
