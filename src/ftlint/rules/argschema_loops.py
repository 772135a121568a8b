"""Reference loops: a ``$ref`` that leads back to a schema it came from, on the same value.

``{"$ref": "#"}``, or a property whose schema is ``{"$ref": "#/properties/a"}``, refers
to itself without going into the value: any validator that applies it recurses until it
fails. jsonschema does, through a thousand frames (about 15 ms a call here); so a schema
with such a loop is told once, here, and its calls are reported as not checked, at no
further cost. A reference that passes through ``properties`` or ``items`` first (a tree
of nodes) goes into the value, which is finite: that is recursion, not a loop.

Only local JSON pointers are followed, in a schema without ``$id``, anchors or dynamic
references, where a pointer means what it says from the root.
"""

from __future__ import annotations

from typing import Any

from .argschema_subset import _ABSENT, _pointed

# Keywords whose subschemas apply to the value itself, not to a part of it.
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("not", "if", "then", "else")
# Keywords that hold subschemas: one, a list of them, or a map of names to them.
_ONE = frozenset(
    {
        *_IN_PLACE_ONE,
        "additionalProperties",
        "items",
        "contains",
        "propertyNames",
        "additionalItems",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_LISTS = frozenset({*_IN_PLACE_LISTS, "prefixItems", "items"})
_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
# Keywords that give a pointer another meaning: the search leaves such a schema alone.
_SCOPED = frozenset({"$id", "id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef"})


def ref_loop(schema: Any) -> str | None:
    """The first ``$ref`` (its pointer) of a loop in ``schema``, or ``None`` if none is
    found."""
    nodes: list[dict[str, Any]] = []
    if not _gather(schema, nodes):
        return None
    state: dict[int, int] = {}  # id(node): 1 while on the search's path, 2 when done
    for node in nodes:
        if id(node) not in state:
            found = _search(schema, node, state)
            if found is not None:
                return found
    return None


def _gather(schema: Any, nodes: list[dict[str, Any]]) -> bool:
    """Every subschema of ``schema`` (an object) into ``nodes``; ``False`` if one has a
    `_SCOPED` keyword. Values such as ``enum``'s or ``default``'s are not schemas."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if type(node) is not dict:
            continue
        if not _SCOPED.isdisjoint(node):
            return False
        nodes.append(node)
        for key, value in node.items():
            if key in _ONE:
                stack.append(value)
            elif key in _LISTS and type(value) is list:
                stack.extend(value)
            elif key in _MAPS and type(value) is dict:
                stack.extend(value.values())
    return True


def _in_place(root: Any, node: dict[str, Any]) -> list[tuple[Any, str | None]]:
    """The subschemas that apply to the same value as ``node``, each with the pointer of
    the ``$ref`` that leads there (``None`` for the others)."""
    out: list[tuple[Any, str | None]] = []
    ref = node.get("$ref")
    if type(ref) is str:
        out.append((_pointed(root, ref), ref))
    for key in _IN_PLACE_LISTS:
        branches = node.get(key)
        if type(branches) is list:
            out.extend((branch, None) for branch in branches)
    for key in _IN_PLACE_ONE:
        if key in node:
            out.append((node[key], None))
    dependent = node.get("dependentSchemas")
    if type(dependent) is dict:
        out.extend((sub, None) for sub in dependent.values())
    return [(sub, ref) for sub, ref in out if type(sub) is dict and sub is not _ABSENT]


def _search(root: Any, start: dict[str, Any], state: dict[int, int]) -> str | None:
    """Depth first from ``start`` along `_in_place` steps (iterative: a schema may nest
    deeper than Python's recursion limit); the ``$ref`` that closes a loop, if any."""
    state[id(start)] = 1
    stack = [(start, iter(_in_place(root, start)))]
    while stack:
        node, steps = stack[-1]
        for sub, ref in steps:
            seen = state.get(id(sub))
            if seen == 1:
                return ref if ref is not None else "(a loop of subschemas)"
            if seen is None:
                state[id(sub)] = 1
                stack.append((sub, iter(_in_place(root, sub))))
                break
        else:
            state[id(node)] = 2
            stack.pop()
    return None
