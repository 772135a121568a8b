"""Typed decoding of tool-call arguments: a shortcut in front of `argschema`'s checker.

A schema made of the plainest keywords also maps to a msgspec type, and decoding the
arguments with it parses and validates them in one pass in C, with no Python value to
walk. It is only used to accept: the type is at least as strict as the checker (a value
it decodes, the checker accepts), and whatever it rejects, for any reason, goes the
general way (untyped decoding, T011 and T013, the checker, jsonschema). Unknown object
keys are always rejected, so nothing in the arguments is skipped unparsed.

Building the type costs tens of microseconds (``defstruct``), so `argschema` builds it
only for a schema that is used again: a dataset whose examples share their tools pays it
once per function, one whose examples each define their own tools never does.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

# Keywords that do not constrain a value: typed decoding lets them be.
_ANNOTATIONS = frozenset(
    {"description", "title", "default", "examples", "$comment", "deprecated", "readOnly",
     "writeOnly", "$schema"}
)  # fmt: skip
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


def typed_decoder(schema: Any) -> msgspec.json.Decoder[Any] | None:
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
