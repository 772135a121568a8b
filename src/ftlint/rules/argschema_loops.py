"""References that no validator can follow to the end: loops, and ladders.

A loop: ``{"$ref": "#"}``, or a property whose schema is ``{"$ref": "#/properties/a"}``,
refers to itself without going into the value: any validator that applies it recurses
until it fails. jsonschema does, through a thousand frames (about 15 ms a call here). A
reference that passes through ``properties`` or ``items`` first (a tree of nodes) goes
into the value, which is finite: that is recursion, not a loop.

A ladder: thirty `$defs`, each an ``anyOf`` of two references to the next, make 2**30
paths on one value; jsonschema follows every one of them for a value that fails.

Either is told once per schema, here, and the calls that the walks cannot judge are
reported as not checked, at no further cost. Only local JSON pointers are followed, in a
schema without ``$id``, anchors or dynamic references, where a pointer means what it says
from the root.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .argschema_meta import HOLDS_LIST, HOLDS_MAP, HOLDS_ONE
from .argschema_subset import _pointed

# Keywords whose subschemas apply to the value itself, not to a part of it.
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("not", "if", "then", "else")
# Keywords that give a pointer another meaning: the search leaves such a schema alone.
_SCOPED = frozenset({"$id", "id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef"})


class References(NamedTuple):
    """What `references` found: the ``$ref`` (its pointer) that closes a loop, if any; and
    the most references that applying one subschema to one value follows along all its
    paths (at most `CAP`), if there is no loop."""

    loop: str | None
    paths: int


CAP = 1 << 40  # (a ladder's count doubles with each rung)


def references(schema: Any) -> References | None:
    """The loops and ladders of ``schema``'s references; ``None`` if it is not searched
    (its pointers may mean something else, see the module)."""
    nodes: list[dict[str, Any]] = []
    if not _gather(schema, nodes):
        return None
    # id(node) -> -1 while on the search's path, then the references below it.
    below: dict[int, int] = {}
    for node in nodes:
        if id(node) not in below:
            loop = _search(schema, node, below)
            if loop is not None:
                return References(loop, 0)
    return References(None, max(below.values(), default=0))


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
            if key in HOLDS_LIST and type(value) is list:
                stack.extend(value)
            elif key in HOLDS_MAP and type(value) is dict:
                stack.extend(value.values())
            elif key in HOLDS_ONE:
                stack.append(value)
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
    return [(sub, ref) for sub, ref in out if type(sub) is dict]  # (not `_ABSENT`, nor a bool)


def _search(root: Any, start: dict[str, Any], below: dict[int, int]) -> str | None:
    """Depth first from ``start`` along `_in_place` steps (iterative: a schema may nest
    deeper than Python's recursion limit), counting each subschema's references below it
    into ``below``; the ``$ref`` that closes a loop, if any."""
    below[id(start)] = -1
    steps = _in_place(root, start)
    stack = [(start, steps, iter(steps))]
    while stack:
        node, steps, todo = stack[-1]
        for sub, ref in todo:
            seen = below.get(id(sub))
            if seen == -1:
                return ref if ref is not None else "(a loop of subschemas)"
            if seen is None:
                below[id(sub)] = -1
                more = _in_place(root, sub)
                stack.append((sub, more, iter(more)))
                break
        else:
            count = sum(below[id(sub)] + (ref is not None) for sub, ref in steps)
            below[id(node)] = min(count, CAP)
            stack.pop()
    return None
