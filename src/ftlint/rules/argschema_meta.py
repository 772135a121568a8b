"""Whether a function's ``parameters`` is a valid JSON Schema: the metaschema check, fast.

jsonschema's ``check_schema`` costs 0.4-2 ms a schema (it validates the schema against
its dialect's metaschema, then words the best error), and a dataset whose examples each
define their own tools meets a new schema on nearly every tool-using line. Converted
datasets often carry schemas that no metaschema accepts (Python's type names, as in
``"type": "str"``; ``"required": true`` on a property, from draft 3; a property written
as its type name), so this is where that cost was paid on every line (T012, then T014).

`problem` walks the schema once, against the metaschema of its dialect (its ``$schema``,
else 2020-12, as jsonschema chooses), with each keyword's demands taken from the
metaschemas that jsonschema ships: a schema is an object or a boolean (draft 4: an
object), subschemas where the metaschema puts them, each keyword's type, counts that are
non-negative integers, ``type`` names, ``pattern`` a regex, and so on. Keywords outside
the dialect are left alone, as the metaschema leaves them. It answers with the first
problem (worded for people, with where), ``None`` for a valid schema, or `UNSURE` where
it does not follow the dialect (draft 3), which then is jsonschema's to judge. Formats
are checked as jsonschema checks them by default: ``regex`` only (``uri`` needs a package
that ftlint does not require). A property test holds `problem` to ``check_schema``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from .argschema_more import DRAFT4, DRAFT4_URIS, DRAFT6, DRAFT7, DRAFT2019, DRAFT2020, dialect
from .argschema_subset import _DIALECTS, MAX_DEPTH
from .type_names import schema_of
from .verdicts import UNSURE

Path = tuple[str | int, ...]

# The `$schema` URIs jsonschema knows, compared as it compares them (an empty fragment
# dropped): those the walks follow (`argschema_subset`, and draft 4's), named as they name
# them, and draft 3's, which jsonschema knows and this walk does not.
_URIS = {uri.rstrip("#"): dialect({"$schema": uri}) for uri in _DIALECTS | DRAFT4_URIS}
_URIS["http://json-schema.org/draft-03/schema"] = "draft-03"
_URI_OF = {name: uri for uri, name in _URIS.items()}
TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
_TYPE_SET = frozenset(TYPES)


class Problem(NamedTuple):
    """What makes a schema invalid: ``message`` about the value at ``path`` (inside the
    schema), and a ``hint`` where the fix is plain."""

    message: str
    path: Path
    hint: str | None = None


class _Found(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Unsure(Exception):
    """The walk cannot tell (see `UNSURE`)."""


def dialect_of(schema: Any, draft: str | None = None) -> str:
    """The dialect whose metaschema judges ``schema``: ``draft`` where a provider fixes
    it, else the schema's ``$schema``, else 2020-12 (as jsonschema's ``validator_for``)."""
    if draft is not None:
        return draft
    uri = schema.get("$schema") if type(schema) is dict else None
    if type(uri) is not str:
        return DRAFT2020
    from urllib.parse import urlsplit  # (few schemas name their dialect)

    try:
        return _URIS.get(urlsplit(uri).geturl(), DRAFT2020)
    except ValueError:
        return DRAFT2020


def problem(schema: Any, draft: str | None = None) -> Problem | None:
    """The first problem of ``schema`` against its dialect's metaschema (see the module
    doc), ``None`` if it has none, or `UNSURE`. ``draft`` fixes the dialect (Mistral
    checks every schema as draft 7)."""
    table = _TABLES.get(dialect_of(schema, draft))
    if table is None:
        return UNSURE  # type: ignore[no-any-return]
    try:
        _schema(schema, (), table, 0)
    except _Found as found:
        return found.problem
    except (_Unsure, RecursionError):
        return UNSURE  # type: ignore[no-any-return]
    return None


def checked(schema: Any, draft: str | None = None) -> Problem | None:
    """jsonschema's ``check_schema`` verdict on ``schema``, where `problem` is `UNSURE`
    (in its words), or `UNSURE` if jsonschema fails to check it."""
    import jsonschema

    try:
        if draft is None:
            default = jsonschema.Draft202012Validator
            cls = jsonschema.validators.validator_for(schema, default=default)
        else:
            cls = jsonschema.validators.validator_for({"$schema": _URI_OF[draft]})
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        message = exc.message if len(exc.message) <= 160 else exc.message[:159] + "…"
        return Problem(message, tuple(exc.absolute_path))
    except Exception:
        return UNSURE  # type: ignore[no-any-return]
    return None


# -- the walk --------------------------------------------------------------------------

# Where the walk is, as a chain of (parent, key) pairs from the root's ``()``: a step
# costs a pair, not a copy of the path, and the path is only spelled out for a problem.
At = tuple[Any, ...]
# A keyword's check, or the Python types its value may have (where that is all).
Check = Callable[[Any, At, "_Dialect", int], None] | frozenset[type]


class _Dialect(NamedTuple):
    """A dialect's metaschema: each keyword's check, and what the others cannot say."""

    checks: dict[str, Check]
    booleans: bool = True  # whether `true` and `false` are schemas (not under draft 4)
    draft4: bool = False  # 1.0 is not an integer; exclusive bounds are booleans


def _fail(message: str, at: At, hint: str | None = None) -> None:
    path: list[str | int] = []
    while at:
        at, key = at
        path.append(key)
    raise _Found(Problem(message, tuple(reversed(path)), hint))


def _what(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    kind = {str: "a string", int: "a number", float: "a number", list: "an array"}
    return kind.get(type(value), "an object")


def _schema(node: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(node) is not dict:
        if (node is True or node is False) and table.booleans:
            return
        allowed = "an object or a boolean" if table.booleans else "an object"
        hint = None
        meant = schema_of(node) if type(node) is str else None
        if meant is not None:
            hint = f"write {json.dumps(meant)}"
        _fail(f"a schema must be {allowed}, got {_what(node)}", path, hint)
    if depth > MAX_DEPTH:
        raise RecursionError
    checks = table.checks
    for key, value in node.items():
        check = checks.get(key)
        if check is None:
            continue
        if type(check) is frozenset:  # a keyword whose value need only be of a type
            if type(value) not in check:
                _fail(f"`{key}` must be {_NOUNS[check]}, got {_what(value)}", (path, key))
        elif not (check is _types and type(value) is str and value in _TYPE_SET):
            check(value, (path, key), table, depth)  # type: ignore[operator]  # (not a set)
    if table.draft4:
        _bounds4(node, path)


def _subschema(value: Any, path: At, table: _Dialect, depth: int) -> None:
    _schema(value, path, table, depth + 1)


def _schemas(value: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(value) is not list or not value:
        _fail(f"`{path[-1]}` must be a non-empty array of schemas, got {_what(value)}", path)
    for i, sub in enumerate(value):
        _schema(sub, (path, i), table, depth + 1)


def _map(value: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(value) is not dict:
        hint = None
        if path[-1] == "properties" and type(value) is list:
            hint = 'name each property: "properties": {"city": {"type": "string"}}'
        _fail(f"`{path[-1]}` must be an object of schemas, got {_what(value)}", path, hint)
    for name, sub in value.items():
        _schema(sub, (path, name), table, depth + 1)


def _patterns(value: Any, path: At, table: _Dialect, depth: int) -> None:
    _map(value, path, table, depth)
    for name in value:
        _regex(name, (path, name), table, depth)


def _items(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """Before 2020-12, `items` is a schema or a non-empty array of schemas (a tuple)."""
    if type(value) is list:
        _schemas(value, path, table, depth)
    else:
        _schema(value, path, table, depth + 1)


def _either(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """Draft 4's `additionalItems` and `additionalProperties`: a boolean, or a schema."""
    if value is not True and value is not False:
        _schema(value, path, table, depth + 1)


def _types(value: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(value) is str:
        if value not in _TYPE_SET:
            _fail(*_type_name(value, path))
        return
    if type(value) is not list or not value:
        _fail(f"`type` must be a type name or a non-empty array of them, got {_what(value)}", path)
    for i, name in enumerate(value):
        if type(name) is not str or name not in _TYPE_SET:
            _fail(*_type_name(name, (path, i)))
    _distinct(value, path, "`type` lists")


def _type_name(name: Any, path: At) -> tuple[str, At, str | None]:
    known = ", ".join(TYPES)
    if type(name) is not str:
        return f"a type name must be one of {known}, got {_what(name)}", path, None
    meant = schema_of(name)
    hint = None
    if meant is not None and len(meant) == 1:
        hint = f"write {json.dumps(meant['type'])}: JSON Schema names the types of JSON"
    elif meant is not None:
        hint = f"write {json.dumps(meant)[1:-1]}"  # (the type, and what goes with it)
    shown = name if len(name) <= 40 else name[:39] + "…"
    return f'"{shown}" is not a JSON Schema type (one of {known})', path, hint


def _strings(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """An array of unique strings (`required`; draft 4 demands at least one)."""
    key = path[-1]
    if type(value) is not list:
        hint = None
        if key == "required" and (value is True or value is False):
            hint = 'list the required properties on their object: "required": ["city"]'
        _fail(f"`{key}` must be an array of property names, got {_what(value)}", path, hint)
    if not value and table.draft4:
        _fail(f"`{key}` must name at least one property under draft 4", path)
    for i, name in enumerate(value):
        if type(name) is not str:
            _fail(f"`{key}` must hold property names (strings), got {_what(name)}", (path, i))
    _distinct(value, path, f"`{key}` names")


def _distinct(names: list[str], path: At, lead: str) -> None:
    """Fail on the first string of ``names`` that an earlier one repeats."""
    if len(set(names)) != len(names):
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                shown = name if len(name) <= 40 else name[:39] + "…"
                _fail(f'{lead} "{shown}" twice', (path, i))
            seen.add(name)


def _string_map(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """`dependentRequired`: each property to the array of those it requires."""
    if type(value) is not dict:
        _fail(f"`{path[-1]}` must be an object, got {_what(value)}", path)
    for name, names in value.items():
        _strings(names, (path, name), table, depth)


def _dependencies(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """`dependencies`: each property to a schema or to the properties it requires."""
    if type(value) is not dict:
        _fail(f"`dependencies` must be an object, got {_what(value)}", path)
    for name, sub in value.items():
        if type(sub) is list:
            _strings(sub, (path, name), table, depth)
        else:
            _schema(sub, (path, name), table, depth + 1)


_string = frozenset({str})
_boolean = frozenset({bool})
_array = frozenset({list})
_number = frozenset({int, float})
_NOUNS = {_string: "a string", _boolean: "true or false", _array: "an array", _number: "a number"}


def _count(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """A non-negative integer; 1.0 is one, but under draft 4."""
    whole = type(value) is int or (type(value) is float and not table.draft4 and value.is_integer())
    if not whole or value < 0:
        _fail(f"`{path[-1]}` must be a non-negative integer, got {_shown(value)}", path)


def _positive(value: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(value) not in _number:
        _fail(f"`multipleOf` must be a number, got {_what(value)}", path)
    if value <= 0:
        _fail(f"`multipleOf` must be greater than 0, got {_shown(value)}", path)


def _shown(value: Any) -> str:
    return repr(value) if type(value) in (int, float) else _what(value)


def _regex(value: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(value) is not str:
        _fail(f"`{path[-1]}` must be a string, got {_what(value)}", path)
    try:
        re.compile(value)
    except re.error as exc:
        what = (
            "`pattern`" if path[-1] == "pattern" else f"the name {value!r:.60} of `{path[0][-1]}`"
        )
        _fail(f"{what} is not a valid regular expression ({exc})", path)
    except Exception:  # (jsonschema's check fails on these too, without a verdict)
        raise _Unsure from None


def _matching(pattern: str, noun: str) -> Callable[[Any, At, _Dialect, int], None]:
    def check(value: Any, path: At, table: _Dialect, depth: int) -> None:
        if type(value) is not str:
            _fail(f"`{path[-1]}` must be a string, got {_what(value)}", path)
        if re.search(pattern, value) is None:  # (compiled on first use, by `re`'s cache)
            _fail(f"`{path[-1]}` must be {noun}, got {value!r:.60}", path)

    return check


def _vocabulary(value: Any, path: At, table: _Dialect, depth: int) -> None:
    if type(value) is not dict or any(type(v) is not bool for v in value.values()):
        _fail("`$vocabulary` must map URIs to true or false", path)


def _enum4(value: Any, path: At, table: _Dialect, depth: int) -> None:
    """Draft 4: a non-empty array of distinct values."""
    if type(value) is not list or not value:
        got = "an empty array" if value == [] else _what(value)
        _fail(f"`enum` must be a non-empty array under draft 4, got {got}", path)
    if any(type(v) in (list, dict) for v in value):
        raise _Unsure  # jsonschema's equality of containers: not worth copying
    keys = [(type(v) is bool, v) for v in value]
    if len(set(keys)) != len(keys):
        _fail("`enum` repeats a value (draft 4 wants them distinct)", path)


def _bounds4(node: dict[str, Any], path: At) -> None:
    """Draft 4: an exclusive bound is a boolean beside the bound it makes exclusive."""
    for flag, bound in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
        if flag in node and bound not in node:
            _fail(f"`{flag}` needs `{bound}` beside it under draft 4", (path, flag))


_COMMON: dict[str, Check] = {
    "title": _string, "description": _string, "multipleOf": _positive,
    "maximum": _number, "minimum": _number, "maxLength": _count, "minLength": _count,
    "maxItems": _count, "minItems": _count, "maxProperties": _count, "minProperties": _count,
    "pattern": _regex, "uniqueItems": _boolean, "required": _strings, "properties": _map,
    "definitions": _map, "patternProperties": _patterns, "dependencies": _dependencies,
    "enum": _array, "type": _types, "format": _string, "allOf": _schemas, "anyOf": _schemas,
    "oneOf": _schemas, "not": _subschema, "additionalProperties": _subschema,
    "items": _items, "additionalItems": _subschema,
}  # fmt: skip
_DRAFT6: dict[str, Check] = {
    **_COMMON, "$id": _string, "$schema": _string, "$ref": _string, "examples": _array,
    "exclusiveMaximum": _number, "exclusiveMinimum": _number, "contains": _subschema,
    "propertyNames": _subschema,
}  # fmt: skip
_DRAFT7: dict[str, Check] = {
    **_DRAFT6, "$comment": _string, "readOnly": _boolean, "if": _subschema,
    "then": _subschema, "else": _subschema, "contentMediaType": _string,
    "contentEncoding": _string,
}  # fmt: skip
_LATER: dict[str, Check] = {
    **_DRAFT7, "$defs": _map, "$vocabulary": _vocabulary, "deprecated": _boolean,
    "writeOnly": _boolean, "unevaluatedItems": _subschema,
    "unevaluatedProperties": _subschema, "dependentSchemas": _map,
    "dependentRequired": _string_map, "maxContains": _count, "minContains": _count,
    "contentSchema": _subschema, "$id": _matching(r"^[^#]*#?$", "a URI without a fragment"),
}  # fmt: skip
_ANCHOR = "a name of letters, digits, '-', '.' and '_'"
_ANCHOR_2020 = _matching(r"^[A-Za-z_][-A-Za-z0-9._]*$", _ANCHOR)
_TABLES: dict[str, _Dialect] = {
    DRAFT4: _Dialect(
        {**_COMMON, "id": _string, "$schema": _string, "exclusiveMaximum": _boolean,
         "exclusiveMinimum": _boolean, "additionalItems": _either,
         "additionalProperties": _either, "patternProperties": _map, "enum": _enum4},
        booleans=False,
        draft4=True,
    ),
    DRAFT6: _Dialect(_DRAFT6),
    DRAFT7: _Dialect(_DRAFT7),
    DRAFT2019: _Dialect(
        {**_LATER, "$anchor": _matching(r"^[A-Za-z][-A-Za-z0-9.:_]*$", _ANCHOR),
         "$recursiveRef": _string, "$recursiveAnchor": _boolean}
    ),
    DRAFT2020: _Dialect(
        {**{k: v for k, v in _LATER.items() if k != "additionalItems"},
         "items": _subschema, "prefixItems": _schemas, "$dynamicRef": _string,
         "$anchor": _ANCHOR_2020, "$dynamicAnchor": _ANCHOR_2020, "$recursiveRef": _string,
         "$recursiveAnchor": _ANCHOR_2020}
    ),
}  # fmt: skip


def _holding(*checks: Check) -> frozenset[str]:
    """The keywords whose value any dialect checks with one of ``checks``."""
    return frozenset(
        key for table in _TABLES.values() for key, check in table.checks.items() if check in checks
    )


# Where schemas hold subschemas, in any dialect: one, a list of them, a map of names to them.
HOLDS_ONE = _holding(_subschema, _either, _items)
HOLDS_LIST = _holding(_schemas, _items)
HOLDS_MAP = _holding(_map, _patterns)
