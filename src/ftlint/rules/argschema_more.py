"""T012's quick walk over the keywords that tool schemas use now and then (`argschema_quick`).

Beyond the common keywords, generated schemas use a few more: Pydantic writes a tuple as
``prefixItems``, a dict with constrained keys as ``propertyNames`` or
``patternProperties``, ``Field(multiple_of=...)`` as ``multipleOf``, a dict's size as
``minProperties``; hand-written ones add ``not``, ``if``/``then``/``else``,
``dependentRequired`` or ``contains``. Without a walk of their own, every call against a
schema with one of them built a jsonschema validator (0.4-2 ms), so a dataset whose
examples carry their own such tools ran at a hundredth of its speed.

The tests here follow jsonschema's 2020-12 meaning, and draft 7's where the two agree;
where they differ (``prefixItems``, ``dependentRequired``, ``minContains``...) a draft 7
schema is left to jsonschema. They keep the walk's contract: ``True`` is certain. A test
whose answer rests on a subschema failing (``not``, ``if`` without ``then``,
``contains`` with ``maxContains``) is certain of that failure only where the whole
schema is `exact` and the walk has not run out (``certain``). `exact_keyword` gives each
keyword's share of `exact`: the shape the metaschema demands, and subschemas that are
exact in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .argschema_regex import SlowPattern, compiles, search
from .argschema_subset import _ABSENT, _count, _Outside

__all__ = [
    "DRAFT4",
    "DRAFT4_URIS",
    "DRAFT6",
    "DRAFT7",
    "DRAFT2019",
    "DRAFT2020",
    "EXACT",
    "dialect",
    "exact_keyword",
    "extras",
    "multiple_failed",
    "prefix",
    "unmatched",
    "walk_tests",
]

_Walk = list[Any]  # see argschema_quick
Quick = Callable[[Any, Any, int, _Walk], bool]
Certain = Callable[[_Walk], bool]  # whether the walk's False is certain (exact, not run out)
Test = Callable[[dict[str, Any], Any, Any, int, _Walk], bool]
_NUMBERS = (int, float)


# The dialects the walks take (`argschema_subset._DIALECTS`), by what their root
# `$schema` holds; none declared is 2020-12, as for jsonschema here. Where they differ
# beyond the subset: draft 6 has no `if`; drafts 4, 6 and 7 (`_LEGACY`) have no
# `dependentRequired`, `dependentSchemas`, `minContains` or `maxContains`, word `contains`
# otherwise, and let a `$ref` hide its siblings; only 2020-12 has `prefixItems`, the
# others' `items` takes every item, or is a tuple.
DRAFT4, DRAFT6, DRAFT7, DRAFT2019, DRAFT2020 = (
    "draft-04",
    "draft-06",
    "draft-07",
    "2019-09",
    "2020-12",
)
_LEGACY = (DRAFT4, DRAFT6, DRAFT7)
# Draft 4 is walked for its valid calls only (see `argschema_quick`): its `integer` does
# not take 1.0, its exclusive bounds are booleans (which the walk does not follow), its
# `id` moves where references point, and it lacks `const`, `contains`, `propertyNames`
# and `if`, which the walk then checks anyway (stricter, so never wrongly valid).
DRAFT4_URIS = frozenset(
    {"http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-04/schema#"}
)


def dialect(root: Any) -> str:
    """The dialect of the walk's root schema (one the walks take: see above)."""
    uri = root.get("$schema") if type(root) is dict else None
    if type(uri) is str:
        for name in (DRAFT7, DRAFT6, DRAFT2019, DRAFT4):
            if name in uri:
                return name
    return DRAFT2020


def prefix(schema: dict[str, Any], root: Any) -> int:
    """How many items of an array ``prefixItems`` takes, which ``items`` then skips
    (2020-12: the other dialects have no ``prefixItems``, and their ``items`` takes every
    item)."""
    items = schema.get("prefixItems")
    return len(items) if type(items) is list and dialect(root) == DRAFT2020 else 0


def multiple_failed(step: int | float, value: int | float) -> bool:
    """jsonschema's ``multipleOf`` test (float steps divide, int steps take the remainder).

    Raises:
        _Outside: the quotient is not a number (an infinite value): jsonschema fails there.
    """
    try:
        if isinstance(step, float):
            quotient = value / step
            try:
                return int(quotient) != quotient
            except OverflowError:  # a huge value over a small step: exact, as jsonschema
                from fractions import Fraction  # (1 ms to import, for this case only)

                return (Fraction(value) / Fraction(step)).denominator != 1
        return bool(value % step)
    except (OverflowError, ValueError):
        raise _Outside from None


def extras(schema: dict[str, Any], value: dict[str, Any]) -> list[str]:
    """The names of ``value`` that ``additionalProperties`` judges: neither in
    ``properties`` nor matched by ``patternProperties`` (jsonschema searches its patterns
    joined by "|").

    Raises:
        _Outside: a joined pattern that is not a regex. SlowPattern: see `search`.
    """
    props = schema.get("properties", {})
    patterns = schema.get("patternProperties")
    if not patterns:
        return [name for name in value if name not in props]
    joined = "|".join(patterns)
    found: list[str] = []
    for name in value:
        if name not in props:
            matched = search(joined, name)
            if matched is None:
                raise _Outside
            if not matched:
                found.append(name)
    return found


def unmatched(names: list[str], patterns: dict[str, Any]) -> str:
    """jsonschema's message for names that ``additionalProperties: false`` refuses beside
    ``patternProperties``."""
    listed = ", ".join(map(repr, sorted(names)))
    verb = "does" if len(names) == 1 else "do"
    return f"{listed} {verb} not match any of the regexes: {', '.join(map(repr, sorted(patterns)))}"


class _Walker:
    """The walk that the tests recurse into (`argschema_quick` binds it: it imports this
    module, not the other way round)."""

    quick: Quick
    certain: Certain


_WALK = _Walker()


def walk_tests(quick: Quick, certain: Certain) -> dict[str, Test]:
    """The walk's test of each keyword here, bound to the walk itself (``quick``) and its
    test of certainty."""
    _WALK.quick, _WALK.certain = quick, certain
    return {
        "prefixItems": _prefix_items,
        "propertyNames": _property_names,
        "patternProperties": _pattern_properties,
        "minProperties": _sizes(True),
        "maxProperties": _sizes(False),
        "multipleOf": _multiple_of,
        "dependentRequired": _dependents(required=True),
        "dependentSchemas": _dependents(required=False),
        "not": _not,
        "if": _if,
        "contains": _contains,
        **dict.fromkeys(("then", "else", "minContains", "maxContains"), _ignored),
    }


def _prefix_items(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if type(value) is not list:
        return True
    if dialect(walk[0]) != DRAFT2020:
        return True  # not a keyword there: jsonschema ignores it
    if type(arg) is not list:
        return False
    return all(
        _WALK.quick(sub, item, depth + 1, walk) for sub, item in zip(arg, value, strict=False)
    )


def _property_names(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    return type(value) is not dict or all(_WALK.quick(arg, name, depth + 1, walk) for name in value)


def _pattern_properties(
    schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk
) -> bool:
    if type(value) is not dict:
        return True
    try:
        for pattern, sub in arg.items():
            for name, item in value.items():
                matched = search(pattern, name)
                if matched is None:
                    return False
                if matched and not _WALK.quick(sub, item, depth + 1, walk):
                    return False
    except SlowPattern:
        walk[1] = -1  # uncertain: `error` says why
        return False
    return True


def _sizes(least: bool) -> Test:
    def size(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
        if type(value) is not dict:
            return True
        return len(value) >= _count(arg) if least else len(value) <= _count(arg)

    return size


def _multiple_of(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if type(value) not in _NUMBERS:
        return True
    return type(arg) in _NUMBERS and arg > 0 and not multiple_failed(arg, value)


def _dependents(required: bool) -> Test:
    """``dependentRequired`` (the names that each name present needs) or
    ``dependentSchemas`` (the schema the whole object then meets)."""

    def dependents(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
        if type(value) is not dict or dialect(walk[0]) in _LEGACY:
            return True  # (neither is a keyword of the legacy drafts)
        if type(arg) is not dict:
            return False
        for name, needed in arg.items():
            if name not in value:
                continue
            if required:
                if type(needed) is not list or any(n not in value for n in needed):
                    return False
            elif not _WALK.quick(needed, value, depth + 1, walk):
                return False
        return True

    return dependents


def _not(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    return not _WALK.quick(arg, value, depth + 1, walk) and _WALK.certain(walk)


def _if(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if dialect(walk[0]) == DRAFT6:
        return True  # not a keyword there
    if _WALK.quick(arg, value, depth + 1, walk):
        branch = schema.get("then", _ABSENT)
    elif _WALK.certain(walk):
        branch = schema.get("else", _ABSENT)
    else:
        return False
    return branch is _ABSENT or _WALK.quick(branch, value, depth + 1, walk)


def _contains(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    if type(value) is not list:
        return True
    counted = dialect(walk[0]) not in _LEGACY  # (the legacy drafts have no min/maxContains)
    least = _count(schema.get("minContains", 1)) if counted else 1
    matches = sum(1 for item in value if _WALK.quick(arg, item, depth + 1, walk))
    if counted and "maxContains" in schema:
        if matches > _count(schema["maxContains"]):
            return False
        if matches < len(value) and not _WALK.certain(walk):
            return False  # an item the walk was unsure of may match after all
    return matches >= least


def _ignored(schema: dict[str, Any], arg: Any, value: Any, depth: int, walk: _Walk) -> bool:
    return True  # read by the keyword it serves (`if`, `contains`); alone, it means nothing


# -- each keyword's share of `exact` ---------------------------------------------------------

_SUBSCHEMA = frozenset({"not", "if", "then", "else", "propertyNames", "contains"})
_DRAFT_2020 = frozenset(
    {"prefixItems", "dependentRequired", "dependentSchemas", "minContains", "maxContains"}
)
_COUNTS = frozenset({"minProperties", "maxProperties", "minContains", "maxContains"})
EXACT = _SUBSCHEMA | _DRAFT_2020 | _COUNTS | {"patternProperties", "multipleOf"}


def exact_keyword(key: str, arg: Any, exact: Callable[[Any], bool], name: str) -> bool:
    """Whether keyword ``key`` (one of `EXACT`) is followed exactly in dialect ``name``,
    given the test of a subschema (``exact``)."""
    if (name in _LEGACY and key in _DRAFT_2020) or (key == "prefixItems" and name != DRAFT2020):
        return True  # not a keyword of the dialect: jsonschema ignores it, as the walk does
    if key == "if" and name == DRAFT6:
        return True
    if key == "contains" and name in _LEGACY:
        return False  # worded otherwise there
    if key in _SUBSCHEMA:
        return exact(arg)
    if key in _COUNTS:
        try:
            _count(arg)
        except _Outside:
            return False
        return True
    if key == "multipleOf":
        return type(arg) in _NUMBERS and arg > 0
    if key == "prefixItems":
        return type(arg) is list and len(arg) > 0 and all(map(exact, arg))
    if key == "dependentSchemas":
        return type(arg) is dict and all(map(exact, arg.values()))
    if key == "dependentRequired":
        return type(arg) is dict and all(_names(needed) for needed in arg.values())
    # patternProperties: each name a regex (the metaschema's format), and all of them
    # joined, as `additionalProperties` searches them.
    return (
        type(arg) is dict
        and all(compiles(pattern) for pattern in arg)
        and (not arg or compiles("|".join(arg)))
        and all(map(exact, arg.values()))
    )


def _names(needed: Any) -> bool:
    return (
        type(needed) is list
        and all(type(name) is str for name in needed)
        and len(set(needed)) == len(needed)
    )
