"""jsonschema's first error of tool-call arguments, worded as jsonschema words it (rule T012).

`argschema` asks for it where jsonschema need not be built: against a schema that
`argschema_subset` compiles, or that `argschema_quick.exact` holds of, whose rejection
is then certain. The same keywords are walked in the schema's order, as jsonschema's
``iter_errors`` does, so the error found first is the one jsonschema yields first. (One
exception: jsonschema walks the extra properties of an object in the order of a set,
which varies from run to run; this walks them in the arguments' order.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .argschema_more import extras, multiple_failed, unmatched
from .argschema_regex import search
from .argschema_subset import (
    _LENGTHS,
    MAX_REFS,
    _bound,
    _enum,
    _length,
    _Outside,
    _pointed,
    _typed,
)

__all__ = ["first_error"]

_Error = tuple[str, list[Any]]  # message, and the path to the value, innermost first
_KeywordError = Callable[[dict[str, Any], Any, Any, Any], _Error | None]


def first_error(schema: Any, value: Any, root: Any = None) -> _Error | None:
    """jsonschema's first error of ``value`` against ``schema``. ``root``: the schema
    where local references point, with the references left to follow (internal)."""
    if schema is True:
        return None
    if schema is False:
        return f"False schema does not allow {value!r}", []
    root = [schema, MAX_REFS] if root is None else root
    errors = _KEYWORD_ERRORS
    for key, arg in schema.items():
        keyword = errors.get(key)
        if keyword is not None:
            error = keyword(schema, arg, value, root)
            if error is not None:
                return error
    return None


def _under(schema: Any, value: Any, where: Any, root: Any) -> _Error | None:
    """The first error of ``value``, which is at ``where`` (a name or an index) of the
    value being judged."""
    error = first_error(schema, value, root)
    if error is not None:
        error[1].append(where)
    return error


def _type_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if _typed(arg)[0](value):  # a shared test: the schema is in the subset
        return None
    names = [arg] if type(arg) is str else arg
    return f"{value!r} is not of type {', '.join(repr(n) for n in names)}", []


def _enum_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if _enum(arg)(value):
        return None
    return f"{value!r} is not one of {_repr_start(arg)}", []


def _repr_start(items: list[Any]) -> str:
    """The start of ``repr(items)``, as much as a message cut to 160 characters shows:
    an `enum` of thousands of objects is not written out to be cut."""
    parts, length = [], 1
    for item in items:
        if length > 160:
            break
        text = repr(item)
        parts.append(text)
        length += len(text) + 2
    else:
        return repr(items)
    return "[" + ", ".join(parts)


def _const_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    return None if _enum([arg])(value) else (f"{arg!r} was expected", [])


def _properties_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) is dict:
        for name, sub in arg.items():
            if name in value:
                error = _under(sub, value[name], name, root)
                if error is not None:
                    return error
    return None


def _required_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) is dict:
        for name in arg:
            if name not in value:
                return f"{name!r} is a required property", []
    return None


def _additional_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) is not dict or arg is True:
        return None
    found = extras(schema, value)
    if arg is False:
        if not found:
            return None
        if "patternProperties" in schema:  # jsonschema's wording, even for none
            return unmatched(found, schema["patternProperties"]), []
        names = ", ".join(repr(extra) for extra in sorted(found))
        verb = "was" if len(found) == 1 else "were"
        return f"Additional properties are not allowed ({names} {verb} unexpected)", []
    for extra in found:
        error = _under(arg, value[extra], extra, root)
        if error is not None:
            return error
    return None


def _items_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    # (2020-12) `items` takes the items after `prefixItems`; `exact` leaves out draft 7's
    # `items: false`, and any `prefixItems` under draft 7.
    if type(value) is not list:
        return None
    start = len(schema.get("prefixItems", ()))
    extra = len(value) - start
    if arg is False and extra > 0:
        rest = value[start:] if extra != 1 else value[start]
        item = "items" if start != 1 else "item"
        return f"Expected at most {start} {item} but found {extra} extra: {rest!r}", []
    for index in range(start, len(value)):
        error = _under(arg, value[index], index, root)
        if error is not None:
            return error
    return None


# Beyond the subset, where `argschema_quick.exact` holds: what generated schemas use.


def _any_of_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if any(first_error(sub, value, root) is None for sub in arg):
        return None
    return f"{value!r} is not valid under any of the given schemas", []


def _one_of_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    held = [sub for sub in arg if first_error(sub, value, root) is None]
    if not held:
        return f"{value!r} is not valid under any of the given schemas", []
    if len(held) == 1:
        return None
    # jsonschema names the later schemas that hold, then the first.
    return f"{value!r} is valid under each of {', '.join(map(repr, [*held[1:], held[0]]))}", []


def _all_of_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    for sub in arg:
        error = first_error(sub, value, root)
        if error is not None:
            return error
    return None


def _ref_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    root[1] -= 1
    if root[1] < 0:
        raise _Outside
    return first_error(_pointed(root[0], arg), value, root)


def _pattern_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    # A pattern that is not a regex fails jsonschema's search; it is not `exact` either.
    if type(value) is not str or search(arg, value) is not False:
        return None
    return f"{value!r} does not match {arg!r}", []


def _make_bound_error(key: str, words: str) -> _KeywordError:
    def bound_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
        if _bound(key, arg)(value):
            return None
        return f"{value!r} is {words} {arg!r}", []

    return bound_error


def _make_length_error(key: str) -> _KeywordError:
    def length_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
        if _length(key, arg)(value):
            return None
        if key.startswith("min"):
            return f"{value!r} {'should be non-empty' if arg == 1 else 'is too short'}", []
        return f"{value!r} {'is expected to be empty' if arg == 0 else 'is too long'}", []

    return length_error


# Beyond what generated schemas use most: see `argschema_more`.


def _prefix_items_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) is list:
        for index, (sub, element) in enumerate(zip(arg, value, strict=False)):
            error = _under(sub, element, index, root)
            if error is not None:
                return error
    return None


def _property_names_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) is dict:
        for name in value:
            error = first_error(arg, name, root)  # at the object: a name has no path
            if error is not None:
                return error
    return None


def _pattern_properties_error(
    schema: dict[str, Any], arg: Any, value: Any, root: Any
) -> _Error | None:
    if type(value) is dict:
        for pattern, sub in arg.items():
            for name, item in value.items():
                if search(pattern, name):
                    error = _under(sub, item, name, root)
                    if error is not None:
                        return error
    return None


def _size_error(least: bool) -> _KeywordError:
    def size_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
        if type(value) is not dict:
            return None
        if least and len(value) < arg:
            words = "should be non-empty" if arg == 1 else "does not have enough properties"
        elif not least and len(value) > arg:
            words = "is expected to be empty" if arg == 0 else "has too many properties"
        else:
            return None
        return f"{value!r} {words}", []

    return size_error


def _multiple_of_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) not in (int, float) or not multiple_failed(arg, value):
        return None
    return f"{value!r} is not a multiple of {arg}", []


def _dependent_required_error(
    schema: dict[str, Any], arg: Any, value: Any, root: Any
) -> _Error | None:
    if type(value) is dict:
        for name, needed in arg.items():
            if name in value:
                for each in needed:
                    if each not in value:
                        return f"{each!r} is a dependency of {name!r}", []
    return None


def _dependent_schemas_error(
    schema: dict[str, Any], arg: Any, value: Any, root: Any
) -> _Error | None:
    if type(value) is dict:
        for name, sub in arg.items():
            if name in value:
                error = first_error(sub, value, root)
                if error is not None:
                    return error
    return None


def _not_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if first_error(arg, value, root) is not None:
        return None
    return f"{value!r} should not be valid under {arg!r}", []


def _if_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    branch = "then" if first_error(arg, value, root) is None else "else"
    return first_error(schema[branch], value, root) if branch in schema else None


def _contains_error(schema: dict[str, Any], arg: Any, value: Any, root: Any) -> _Error | None:
    if type(value) is not list:
        return None
    least = schema.get("minContains", 1)
    most = schema.get("maxContains", len(value))
    matches = 0
    for each in value:
        if first_error(arg, each, root) is None:
            matches += 1
            if matches > most:
                return f"Too many items match the given schema (expected at most {most})", []
    if matches >= least:
        return None
    if not matches:
        return f"{value!r} does not contain items matching the given schema", []
    return (
        "Too few items match the given schema (expected at least "
        f"{least} but only {matches} matched)",
        [],
    )


_KEYWORD_ERRORS: dict[str, _KeywordError] = {
    "type": _type_error,
    "enum": _enum_error,
    "const": _const_error,
    "properties": _properties_error,
    "required": _required_error,
    "additionalProperties": _additional_error,
    "items": _items_error,
    "minimum": _make_bound_error("minimum", "less than the minimum of"),
    "maximum": _make_bound_error("maximum", "greater than the maximum of"),
    "exclusiveMinimum": _make_bound_error(
        "exclusiveMinimum", "less than or equal to the minimum of"
    ),
    "exclusiveMaximum": _make_bound_error(
        "exclusiveMaximum", "greater than or equal to the maximum of"
    ),
    **{key: _make_length_error(key) for key in _LENGTHS},
    "anyOf": _any_of_error,
    "oneOf": _one_of_error,
    "allOf": _all_of_error,
    "$ref": _ref_error,
    "pattern": _pattern_error,
    "prefixItems": _prefix_items_error,
    "propertyNames": _property_names_error,
    "patternProperties": _pattern_properties_error,
    "minProperties": _size_error(least=True),
    "maxProperties": _size_error(least=False),
    "multipleOf": _multiple_of_error,
    "dependentRequired": _dependent_required_error,
    "dependentSchemas": _dependent_schemas_error,
    "not": _not_error,
    "if": _if_error,
    "contains": _contains_error,
}
