"""The JSON Schema subset of tool definitions, checked without jsonschema (rule T012).

See `argschema` for why. Four walks of a schema in the subset, which must agree with
jsonschema (tests/test_argschema_diff.py holds them to it):

- `compile_fast`: checks the schema's shape as the metaschema would (a ``required`` of
  unique strings, a non-empty ``type`` list of known names...), because jsonschema reports
  nothing against a schema that fails that check, and compiles it into closures that only
  answer valid or not, with the work merged where jsonschema keeps keywords apart (one
  loop over an object's keys). ``None``: outside the subset, jsonschema decides;
- `in_subset`: the same checks of the schema's shape, building nothing, for a schema used
  once, whose verdict or first error is all that is asked;
- `argschema_quick.judged`: the first uses of a schema: whether a value is certainly valid,
  walking only what the value reaches and building nothing (exact within the subset);
- `argschema_errors.first_error`: on failure only, jsonschema's first error message and
  path, built directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Checker = Callable[[Any], bool]  # True: valid

_NONE = type(None)
_JSON_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),  # and floats such as 1.0 (draft 6 on): see _type_test
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "object": frozenset({dict}),
    "array": frozenset({list}),
    "null": frozenset({_NONE}),
}
_ANY_TYPE = frozenset().union(*_JSON_TYPES.values())
_NO_TYPE: frozenset[type] = frozenset()
# Annotations, and the shape the metaschemas (draft 7, 2020-12) demand of each: jsonschema
# ignores them when validating, but check_schema does not.
_ANNOTATIONS: dict[str, tuple[type, ...] | None] = {
    "title": (str,), "description": (str,), "$comment": (str,), "format": (str,),
    "examples": (list,), "deprecated": (bool,), "readOnly": (bool,), "writeOnly": (bool,),
    "default": None,
}  # fmt: skip
# Every other keyword that jsonschema (draft 7 or 2020-12) gives a meaning or a shape: a
# schema that uses one outside the subset goes to jsonschema. Any other name is ignored by
# jsonschema (OpenAPI's `nullable`, `x-...`), and so by the checker.
_KNOWN = frozenset(
    {"$anchor", "$defs", "$dynamicAnchor", "$dynamicRef", "$id", "$recursiveAnchor",
     "$recursiveRef", "$ref", "$schema", "$vocabulary", "additionalItems", "allOf", "anyOf",
     "contains", "contentEncoding", "contentMediaType", "contentSchema", "definitions",
     "dependencies", "dependentRequired", "dependentSchemas", "else", "if", "maxContains",
     "maxProperties", "minContains", "minProperties", "multipleOf", "not", "oneOf",
     "pattern", "patternProperties", "prefixItems", "propertyNames", "then",
     "unevaluatedItems", "unevaluatedProperties", "uniqueItems"}
)  # fmt: skip
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_LENGTHS = {"minLength": str, "maxLength": str, "minItems": list, "maxItems": list}
# Root `$schema` values whose dialect gives the subset the same meaning and messages (the
# walks tell them apart where they differ beyond it: `argschema_more.dialect`).
_DIALECTS = frozenset(
    {"https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2020-12/schema#",
     "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2019-09/schema#",
     "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-07/schema#",
     "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-06/schema#"}
)  # fmt: skip
_TRUE, _FALSE = object(), object()  # enum keys of true and false, kept apart from 1 and 0
_LIST, _DICT = object(), object()  # (`_key`: an array and an object are never equal)
_ABSENT: Any = object()  # a property the schema does not name
_SCALARS = frozenset({str, int, float, bool, _NONE})
# The type names whose values include every value of a Python type (floats such as 1.0 are
# integers too: see `argschema_quick`).
_TYPE_NAMES: dict[type, tuple[str, ...]] = {
    str: ("string",), int: ("integer", "number"), float: ("number",), bool: ("boolean",),
    _NONE: ("null",), dict: ("object",), list: ("array",),
}  # fmt: skip
# Deeper schemas are left to jsonschema. The walks take under three frames a level, so 200
# levels stay well within Python's recursion limit (1,000), as a schema nested 120 objects
# deep needs: jsonschema's own check of it recurses past that limit, costing some 30 ms.
MAX_DEPTH = 200


class _Outside(Exception):
    """The schema is not in the subset, or not shaped as the metaschema demands."""


def _yes(value: Any) -> bool:
    return True


def _no(value: Any) -> bool:
    return False


def compile_fast(schema: Any) -> Checker | None:
    """The checker of ``schema``, or ``None`` if jsonschema must judge it."""
    if isinstance(schema, dict) and "$schema" in schema:
        if not _dialect(schema["$schema"]):
            return None
        schema = {k: v for k, v in schema.items() if k != "$schema"}
    try:
        return _node(schema, 0)[0]
    except (_Outside, RecursionError):
        return None


def in_subset(schema: Any) -> bool:
    """Whether `compile_fast` compiles ``schema``: its checks alone, in a walk of their own
    (`_shaped`, about three times cheaper than compiling), for a schema that is used once:
    then only its verdict, or its first error, is asked."""
    if isinstance(schema, dict) and "$schema" in schema:
        if not _dialect(schema["$schema"]):
            return False
        schema = {k: v for k, v in schema.items() if k != "$schema"}
    try:
        return _shaped(schema, 0)
    except RecursionError:
        return False


def _dialect(name: Any) -> bool:
    return type(name) is str and name in _DIALECTS


def _shaped(schema: Any, depth: int) -> bool:
    """Whether `_node` compiles ``schema``: the same checks, in the same terms, but with
    the common keywords inlined and no exception, tuple or closure on the way."""
    if schema is True or schema is False:
        return True
    if type(schema) is not dict or depth > MAX_DEPTH:
        return False
    for key, arg in schema.items():
        if key == "description" or key == "title":
            if type(arg) is not str:
                return False
        elif key == "type":
            if type(arg) is str:
                if arg not in _JSON_TYPES:
                    return False
            elif not _type_list(arg):
                return False
        elif key == "properties":
            if type(arg) is not dict:
                return False
            for sub in arg.values():
                if not _shaped(sub, depth + 1):
                    return False
        elif key == "required":
            if (
                type(arg) is not list
                or not all(type(n) is str for n in arg)
                or len(set(arg)) != len(arg)
            ):
                return False
        elif key == "items" or key == "additionalProperties":
            if (arg is False and key == "items") or not _shaped(arg, depth + 1):
                return False
        elif key in _SHAPES:
            if not _SHAPES[key](arg):
                return False
        elif key in _KNOWN or key == "$schema":
            return False
    return True


def _type_list(arg: Any) -> bool:
    if type(arg) is not list or not arg or not all(type(n) is str for n in arg):
        return False
    return len(set(arg)) == len(arg) and all(n in _JSON_TYPES for n in arg)


# A compiled schema: its checker, and the types whose every value it accepts (for which
# the checker need not be called).
_Node = tuple[Checker, frozenset[type]]


def _node(schema: Any, depth: int) -> _Node:
    """The compiled ``schema`` (raising _Outside if it is not in the subset)."""
    if schema is True:
        return _yes, _ANY_TYPE
    if schema is False:
        return _no, _NO_TYPE
    if type(schema) is not dict or depth > MAX_DEPTH:
        raise _Outside
    typed: _Node | None = None
    steps: list[Checker] = []
    for key, arg in schema.items():
        if key in _ANNOTATIONS:
            kinds = _ANNOTATIONS[key]
            if kinds is not None and type(arg) not in kinds:
                raise _Outside
        elif key == "type":
            typed = _typed(arg)
        elif key == "enum" or key == "const":
            steps.append(_enum(arg if key == "enum" else [arg]))
        elif key == "items":
            if arg is False:
                raise _Outside
            steps.append(_items(*_node(arg, depth + 1)))
        elif key in _BOUNDS:
            steps.append(_bound(key, _number(arg)))
        elif key in _LENGTHS:
            steps.append(_length(key, _count(arg)))
        elif key in _KNOWN or key == "$schema":
            raise _Outside
    if "properties" in schema or "required" in schema or "additionalProperties" in schema:
        steps.append(_object(schema, depth))
    if not steps:
        return typed or (_yes, _ANY_TYPE)
    return _all(None if typed is None else typed[0], steps), _NO_TYPE


# `type` value (a name, or a tuple of names) -> its node. Few distinct values exist.
_TYPED: dict[Any, _Node] = {}


def _typed(arg: Any) -> _Node:
    key = tuple(arg) if type(arg) is list and all(type(n) is str for n in arg) else arg
    found = _TYPED.get(key) if type(key) in (str, tuple) else None
    if found is None:
        names = _type_names(arg)  # raises _Outside for a value of the wrong shape
        found = _type_test(names), _certain_types(names)
        if len(_TYPED) < 256:
            _TYPED[key] = found
    return found


def _type_names(arg: Any) -> list[str]:
    names = [arg] if type(arg) is str else arg
    if type(names) is not list or not names or len(set(map(str, names))) != len(names):
        raise _Outside
    if not all(type(n) is str and n in _JSON_TYPES for n in names):
        raise _Outside
    return names


def _type_test(names: list[str]) -> Checker:
    types = frozenset().union(*(_JSON_TYPES[n] for n in names))
    if "integer" in names and "number" not in names:
        return lambda v: type(v) in types or (type(v) is float and v.is_integer())
    return lambda v: type(v) in types


def _certain_types(names: list[str]) -> frozenset[type]:
    types = frozenset().union(*(_JSON_TYPES[n] for n in names))
    # A float may be an integer (1.0) or not (1.5): the checker decides.
    return types - {float} if "integer" in names and "number" not in names else types


def _number(arg: Any) -> int | float:
    if type(arg) not in (int, float):
        raise _Outside
    return arg  # type: ignore[no-any-return]


def _count(arg: Any) -> int | float:
    if not (type(arg) is int or (type(arg) is float and arg.is_integer())) or arg < 0:
        raise _Outside
    return arg


def _fits(check: Callable[[Any], Any]) -> Callable[[Any], bool]:
    """Whether ``check`` takes a keyword's value (does not raise _Outside)."""

    def fits(arg: Any) -> bool:
        try:
            check(arg)
        except _Outside:
            return False
        return True

    return fits


def _annotation(kinds: tuple[type, ...] | None) -> Callable[[Any], bool]:
    return lambda arg: kinds is None or type(arg) in kinds


# Keyword -> whether its value has the shape `_node` demands, for the keywords that
# `_shaped` does not inline.
_SHAPES: dict[str, Callable[[Any], bool]] = {
    **{key: _annotation(kinds) for key, kinds in _ANNOTATIONS.items()},
    "enum": _fits(lambda a: _listed(a)),
    "const": lambda a: True,
    **{key: _fits(_number) for key in _BOUNDS},
    **{key: _fits(_count) for key in _LENGTHS},
}


def _key(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal for values that jsonschema finds equal
    (1 == 1.0, but true is not 1; objects whatever the order of their keys), at any
    depth: `enum` is one set lookup, where jsonschema compares each value in turn."""
    kind = type(value)
    if kind is list:
        return _LIST, tuple(map(_key, value))
    if kind is dict:
        return _DICT, frozenset((name, _key(item)) for name, item in value.items())
    return value if kind is not bool else (_TRUE if value else _FALSE)


def _listed(allowed: Any) -> list[Any]:
    if type(allowed) is not list:
        raise _Outside
    return allowed


def _enum(allowed: Any) -> Checker:
    keys = frozenset(map(_key, _listed(allowed)))

    def one_of(value: Any) -> bool:
        kind = type(value)
        if kind is bool:
            return (_TRUE if value else _FALSE) in keys
        return (value if kind in _SCALARS else _key(value)) in keys

    return one_of


def _items(item: Checker, certain: frozenset[type]) -> Checker:
    """`items`: each element of an array passes ``item``."""
    if item is _yes:
        return _yes

    def items_ok(value: Any) -> bool:
        if type(value) is list:
            for element in value:
                if type(element) not in certain and not item(element):
                    return False
        return True

    return items_ok


def _bound(key: str, limit: int | float) -> Checker:
    numbers = (int, float)
    if key == "minimum":
        return lambda v: type(v) not in numbers or v >= limit
    if key == "maximum":
        return lambda v: type(v) not in numbers or v <= limit
    if key == "exclusiveMinimum":
        return lambda v: type(v) not in numbers or v > limit
    return lambda v: type(v) not in numbers or v < limit


def _length(key: str, limit: int | float) -> Checker:
    kind = _LENGTHS[key]
    if key.startswith("min"):
        return lambda v: type(v) is not kind or len(v) >= limit
    return lambda v: type(v) is not kind or len(v) <= limit


def _object(schema: dict[str, Any], depth: int) -> Checker:
    props = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if type(props) is not dict or type(required) is not list:
        raise _Outside
    if not all(type(name) is str for name in required) or len(set(required)) != len(required):
        raise _Outside
    specs = {name: _node(sub, depth + 1) for name, sub in props.items()}
    extra_ok = None if extra is True else _node(extra, depth + 1)[0]

    def object_ok(value: Any) -> bool:
        if type(value) is not dict:
            return True  # object keywords apply to objects only
        for name in required:
            if name not in value:
                return False
        for key, item in value.items():
            spec = specs.get(key)
            if spec is None:
                if extra_ok is not None and not extra_ok(item):
                    return False
            elif type(item) not in spec[1] and not spec[0](item):
                return False
        return True

    return object_ok


def _all(test: Checker | None, steps: list[Checker]) -> Checker:
    """A value that passes ``test`` (if any) and every step."""
    steps = [s for s in steps if s is not _yes]
    if not steps:
        return _yes if test is None else test
    if test is None and len(steps) == 1:
        return steps[0]
    if test is None:
        return lambda v: all(step(v) for step in steps)
    if len(steps) == 1:
        only = steps[0]
        return lambda v: test(v) and only(v)
    return lambda v: test(v) and all(step(v) for step in steps)


def _pointed(root: Any, ref: Any) -> Any:
    """The subschema of ``root`` that a local JSON pointer (``#/$defs/Name``) names, or
    `_ABSENT` for any other reference (or escapes that are better left to jsonschema)."""
    if type(ref) is not str or not ref.startswith("#") or "%" in ref:
        return _ABSENT
    if ref == "#":
        return root
    if not ref.startswith("#/"):
        return _ABSENT  # an anchor
    node = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if type(node) is dict:
            node = node.get(part, _ABSENT)
        elif type(node) is list and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _ABSENT
        if node is _ABSENT:
            return _ABSENT
    return node


# References that `first_error` and the quick walk follow at most; past them they give up.
# A reference may be met again along another `anyOf` branch: a hostile schema could make
# either exponential.
MAX_REFS = 1024
