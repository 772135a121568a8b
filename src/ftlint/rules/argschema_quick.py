"""The quick walk (`judged`): whether tool-call arguments are certainly valid, walking only
the parts of the schema that they reach and building nothing (rule T012; see `argschema`).

It serves a schema's first uses, and every use of a schema that `argschema_subset` cannot
compile. So besides the subset it follows what generated schemas use to say the same
things: Pydantic's ``model_json_schema()`` (and the SDKs built on it) writes an optional
field as ``anyOf`` with a ``null`` branch, a nested model as a ``$ref`` into ``$defs``,
and a discriminated union as ``oneOf``. Valid arguments against such a schema then need
no jsonschema validator, which costs 1-4 ms to build for each schema.

The rest of the validation keywords (``prefixItems``, ``propertyNames``, ``not``,
``if``...) are followed in `argschema_more`.

It is sound, not complete: ``True`` means jsonschema reports nothing, ``False`` only
that the walk is not certain (unless `exact` holds). Any keyword with a meaning it does
not follow (``$id``, ``unevaluatedProperties``...), or a value of an unexpected shape,
gives ``False``. It needs no metaschema check either: against a schema that fails it,
jsonschema reports nothing, so "valid" is the right answer there too. Within the subset
it is exact: there ``False`` means invalid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .argschema_bounded import distinct
from .argschema_more import (
    DRAFT4,
    DRAFT4_URIS,
    DRAFT6,
    DRAFT7,
    DRAFT2020,
    EXACT,
    dialect,
    exact_keyword,
    extras,
    prefix,
    walk_tests,
)
from .argschema_regex import SlowPattern, compiles, search
from .argschema_subset import (
    _ABSENT,
    _ANNOTATIONS,
    _BOUNDS,
    _KNOWN,
    _LENGTHS,
    _TYPE_NAMES,
    MAX_DEPTH,
    MAX_REFS,
    _bound,
    _count,
    _dialect,
    _enum,
    _length,
    _number,
    _Outside,
    _pointed,
    _shaped,
    _typed,
)

__all__ = ["exact", "judged"]

# Keywords that only hold schemas for others to reference: nothing to check of a value.
_HOLDERS = frozenset({"$defs", "definitions"})


# One walk's root schema, where its local references point, the references it may still
# follow (at most MAX_REFS: a reference may lead back to where it is without going deeper
# into the value, and `anyOf` branches, so a hostile schema could make the walk
# exponential), a cell that holds whether the root is `exact`, once a keyword asks
# (`_certain`), and where each reference followed leads (made on the first: a reference
# met again, as an array's items meet it, is not looked up again): a list, as a walk is
# made for each call judged.
_Walk = list[Any]


def judged(schema: Any, value: Any, exactly: list[bool | None] | None = None) -> bool | None:
    """Whether ``value`` is certainly valid against ``schema`` (see the module); ``None`` if
    the walk ran out of references or depth first: then even for a schema that is
    `exact`, ``False`` would not be certain.

    ``exactly``: a one-item list that keeps whether `exact` holds of ``schema`` from one
    walk to the next (``[None]`` until a walk asks): a schema used again is not asked
    again (18 us for a Pydantic discriminated union, half of its walk)."""
    walk = [schema, MAX_REFS, [None] if exactly is None else exactly, None]
    if _quick(schema, value, 0, walk):
        return True
    return None if walk[1] < 0 else False


def _quick(schema: Any, value: Any, depth: int, walk: _Walk) -> bool:
    """`judged` of ``schema``, a subschema of the walk's root, as a bool."""
    if schema is True:
        return True
    if type(schema) is not dict or depth > MAX_DEPTH:
        if depth > MAX_DEPTH:
            walk[1] = -1  # uncertain (only references can lead this deep in `exact`)
        return False
    try:
        for key, arg in schema.items():
            if key in _ANNOTATIONS:
                continue
            if key == "type":  # the most common keywords are inlined
                names = _TYPE_NAMES[type(value)]
                if type(arg) is str:
                    found = arg in names
                elif type(arg) is list:
                    found = names[0] in arg or (len(names) > 1 and names[1] in arg)
                else:
                    return False
                if not found and not (
                    type(value) is float
                    and value.is_integer()
                    and "integer" in arg
                    and dialect(walk[0]) != DRAFT4  # where 1.0 is not an integer
                ):
                    return False
            elif key == "properties":
                if type(value) is dict:
                    for name, item in value.items():
                        sub = arg.get(name, _ABSENT)
                        if sub is not _ABSENT and not _quick(sub, item, depth + 1, walk):
                            return False
            elif key == "required":
                if type(arg) is not list:
                    return False
                if type(value) is dict:
                    for name in arg:
                        if type(name) is not str or name not in value:
                            return False
            elif key == "enum" and type(value) is str:
                if type(arg) is not list or value not in arg:  # a string equals strings only
                    return False
            elif key in _TESTS:
                if not _TESTS[key](schema, arg, value, depth, walk):
                    return False
            elif key == "$schema":
                if depth or not (_dialect(arg) or arg in DRAFT4_URIS):
                    return False
            elif key == "$id":
                if depth or not _names_the_document(arg):
                    return False
            elif key in _KNOWN and key not in _HOLDERS:
                return False
            elif key == "id" and depth and dialect(walk[0]) == DRAFT4:
                return False  # draft 4's `$id`: it would move where references point
    except (_Outside, AttributeError, TypeError):
        return False  # a keyword's value of the wrong shape
    return True


_Test = Callable[[dict[str, Any], Any, Any, int, _Walk], bool]


def _extra(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if type(value) is not dict or arg is True:
        return True
    if "patternProperties" in schema:
        try:
            return all(_quick(arg, value[name], depth + 1, walk) for name in extras(schema, value))
        except SlowPattern:
            walk[1] = -1  # uncertain: `error` says why
            return False
    props = schema.get("properties", {})
    return all(name in props or _quick(arg, item, depth + 1, walk) for name, item in value.items())


def _items(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if type(value) is not list:
        return True
    if type(arg) is list:
        # Draft 7's tuple (as Pydantic 1 writes one): under 2020-12 the schema fails the
        # metaschema, and jsonschema reports nothing; elsewhere, a tuple the walk leaves.
        return dialect(walk[0]) == DRAFT2020
    if "prefixItems" in schema:  # (2020-12) `items` takes the items after those
        value = value[prefix(schema, walk[0]) :]
    return all(_quick(arg, item, depth + 1, walk) for item in value)


def _any_of(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    # One branch that certainly holds is enough; an empty list is a bad shape.
    return type(arg) is list and any(_quick(sub, value, depth + 1, walk) for sub in arg)


def _one_of(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    # Exactly one branch holds: the walk is certain of a branch that holds, and of one that
    # fails only where the whole schema is `exact` (a branch's `$ref` may lead anywhere in
    # it), as Pydantic's discriminated unions are.
    if type(arg) is not list or not arg:
        return False
    held = 0
    for sub in arg:
        if _quick(sub, value, depth + 1, walk):
            held += 1
        elif not _certain(walk):
            return False
    return held == 1


def _certain(walk: _Walk) -> bool:
    """Whether the walk's False is certain: the whole schema is `exact` (asked once per
    walk) and the walk has not run out."""
    cell = walk[2]
    if cell[0] is None:
        cell[0] = exact(walk[0])
    return bool(cell[0]) and walk[1] >= 0


def _all_of(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    return (
        type(arg) is list
        and len(arg) > 0
        and all(_quick(sub, value, depth + 1, walk) for sub in arg)
    )


def _ref(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    # The walk meets every keyword of each schema on its way, so a `$id` or `$anchor`
    # that would move the reference's base makes it uncertain there.
    walk[1] -= 1
    if walk[1] < 0:
        return False  # uncertain: `judged` reads it from the count
    if type(arg) is not str:
        return False  # (no schema's: `_pointed` finds nothing for it)
    pointed = walk[3]
    if pointed is None:
        pointed = walk[3] = {}
    target = pointed.get(arg)
    if target is None:
        target = pointed[arg] = _pointed(walk[0], arg)
    if target is schema:  # a reference to itself loops (`argschema_loops`): no verdict
        walk[1] = -1
        return False
    return target is not _ABSENT and _quick(target, value, depth + 1, walk)


def _pattern(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if type(value) is not str:
        return True
    try:
        return type(arg) is str and search(arg, value) is True
    except SlowPattern:
        walk[1] = -1  # uncertain: `error` says why
        return False


def _unique(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    # Distinct items are distinct for jsonschema too, which can miss a repeat (it compares
    # sortable items after sorting them) but never finds one that is not; a repeat is
    # left to it. A `uniqueItems` that is not a boolean fails the metaschema: valid.
    try:
        return arg is not True or type(value) is not list or distinct(value)
    except RecursionError:  # items nested near the decoder's limit
        walk[1] = -1  # uncertain
        return False


def _limit(key: str) -> _Test:
    def limit(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
        check = _bound(key, _number(arg)) if key in _BOUNDS else _length(key, _count(arg))
        return check(value)

    return limit


_TESTS: dict[str, _Test] = {
    "type": lambda schema, arg, value, depth, walk: _typed(arg)[0](value),
    "enum": lambda schema, arg, value, depth, walk: _enum(arg)(value),
    "const": lambda schema, arg, value, depth, walk: _enum([arg])(value),
    "additionalProperties": _extra,
    "items": _items,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "allOf": _all_of,
    "$ref": _ref,
    "pattern": _pattern,
    "uniqueItems": _unique,
    **{key: _limit(key) for key in (*_BOUNDS, *_LENGTHS)},
    **walk_tests(_quick, _certain),
}


# -- where `quick` is exact ------------------------------------------------------------
#
# The walk answers False both for invalid arguments and for what it does not follow. On a
# schema that `exact` accepts, False means invalid, so a finding that a folding report
# only counts needs no jsonschema (unless `judged` ran out: None). `exact` demands what
# jsonschema's metaschema check does of each keyword it allows (else jsonschema would
# report nothing), and that each `$ref` names a schema of `$defs` (or `definitions`), as
# Pydantic writes them, and means what the walk takes it to: no `$id` or
# anchor anywhere (they are outside), and no keyword beside a `$ref` under drafts 6 and
# 7, whose `$ref` hides its siblings.

_SCHEMA_LISTS = frozenset({"anyOf", "allOf", "oneOf"})


def exact(schema: Any) -> bool:
    """Whether `judged`'s ``False`` on ``schema`` means that jsonschema reports an error."""
    name = dialect(schema)
    if isinstance(schema, dict) and "$schema" in schema:
        if not _dialect(schema["$schema"]):
            return False  # (draft 4 among them: walked for its valid calls only)
        schema = {k: v for k, v in schema.items() if k != "$schema"}
    try:
        return _exact(schema, 0, schema, name)
    except RecursionError:
        return False


def _exact(node: Any, depth: int, root: Any, name: str) -> bool:
    if node is True or node is False:
        return True
    if type(node) is not dict or depth > MAX_DEPTH:
        return False
    for key, arg in node.items():
        if key in _SCHEMA_LISTS:
            if type(arg) is not list or not arg:
                return False
            if not all(_exact(sub, depth + 1, root, name) for sub in arg):
                return False
        elif key in _HOLDERS:
            if type(arg) is not dict:
                return False
            if not all(_exact(sub, depth + 1, root, name) for sub in arg.values()):
                return False
        elif key == "$ref":
            # Drafts 6 and 7: a `$ref` hides its siblings, where the walk reads them.
            if (name in (DRAFT6, DRAFT7) and len(node) > 1) or not _names_a_schema(root, arg):
                return False
        elif key == "pattern":
            if type(arg) is not str or not compiles(arg):
                return False
        elif key == "properties":
            if type(arg) is not dict:
                return False
            if not all(_exact(sub, depth + 1, root, name) for sub in arg.values()):
                return False
        elif key == "items" or key == "additionalProperties":
            if (arg is False and key == "items" and name != DRAFT2020) or not _exact(
                arg, depth + 1, root, name
            ):
                return False  # (the others' `items: false` words its errors otherwise)
        elif not _shaped({key: arg}, depth):  # any other keyword of the subset, and its shape
            # (The rarer keywords after the common ones, which most schemas hold.)
            if key in EXACT:
                deeper = lambda sub: _exact(sub, depth + 1, root, name)  # noqa: E731
                if not exact_keyword(key, arg, deeper, name):
                    return False
            elif key != "$id" or depth or not _names_the_document(arg):
                return False
    return True


def _names_the_document(uri: Any) -> bool:
    """Whether a root's `$id` only names the document (no fragment, which would be an
    anchor), so local references still point where the walk takes them."""
    return type(uri) is str and "#" not in uri[:-1]


def _names_a_schema(root: Any, ref: Any) -> bool:
    # Not "#": the root may hold `$schema`, which the walk takes for a subschema's.
    if type(ref) is not str or type(root) is not dict:
        return False
    holder, sep, name = ref[2:].partition("/")
    return (
        ref.startswith("#/")
        and holder in _HOLDERS
        and sep == "/"
        and "/" not in name
        and _pointed(root, ref) is not _ABSENT
    )
