"""A generated schema flattened into the subset, so that its checker can be compiled (T012).

Pydantic writes an optional field as ``anyOf`` with a ``{"type": "null"}`` branch and a
nested model as a ``$ref`` into ``$defs``: outside the subset that `argschema_subset`
compiles, so a schema shared by many calls was walked on every call (`argschema_quick`,
14-21 us), where a compiled one takes a few and a typed decoder about one. Flattened, it
is the same schema for every value:

- a ``$ref`` (to ``$defs`` or ``definitions``, annotations beside it) is the schema it
  names, in its place; a model that refers to itself cannot be flattened;
- ``anyOf`` of a schema and ``{"type": "null"}`` is that schema with ``null`` added to
  its ``type``, ``enum`` or ``const`` (every other keyword of the subset applies to one
  type only, so ``null`` passes it); a schema with none of the three passes ``null``
  already;
- ``allOf`` of one schema, as Pydantic 1 wrote a ``$ref`` with a description, is that
  schema.

Only the verdict comes from the flattened schema. The messages still come from the
schema as written (`argschema_errors`, where `argschema_quick.exact` holds, which a
flattened schema must: its keywords then have the shapes the metaschema demands, and its
references mean what the flattening takes them to).
"""

from __future__ import annotations

from typing import Any

from .argschema_quick import _HOLDERS, _names_a_schema
from .argschema_subset import _ABSENT, _ANNOTATIONS, MAX_DEPTH, _Outside, _pointed

__all__ = ["flattened"]

_NULL = {"type": "null"}
# Schemas a flattening may write: a model referred to from several places is copied to
# each, so a schema of references to references could grow exponentially.
_MAX_NODES = 2048


def flattened(schema: Any) -> Any:
    """``schema`` flattened as the module says (its ``$schema`` kept), or `_ABSENT` if it
    holds something that cannot be."""
    if type(schema) is not dict:
        return _ABSENT
    try:
        return _flat(schema, schema, 0, ((), [_MAX_NODES]))
    except (_Outside, RecursionError):
        return _ABSENT


# The references on the way to a node, and the nodes a flattening may still write.
_Path = tuple[tuple[str, ...], list[int]]


def _flat(node: Any, root: dict[str, Any], depth: int, refs: _Path) -> Any:
    if node is True or node is False:
        return node
    refs[1][0] -= 1
    if type(node) is not dict or depth > MAX_DEPTH or refs[1][0] < 0:
        raise _Outside
    if "$ref" in node:
        return _referred(node, root, depth, refs)
    if "anyOf" in node:
        return _nullable(node, root, depth, refs)
    if "allOf" in node:
        arg = node["allOf"]
        if type(arg) is not list or len(arg) != 1 or not _annotations_beside(node, "allOf", depth):
            raise _Outside
        return _flat(arg[0], root, depth + 1, refs)
    out: dict[str, Any] = {}
    for key, arg in node.items():
        if key in _HOLDERS and depth == 0:
            continue  # their schemas are in place where referred to
        if key == "properties" and type(arg) is dict:
            out[key] = {name: _flat(sub, root, depth + 1, refs) for name, sub in arg.items()}
        elif key in ("items", "additionalProperties") and type(arg) is dict:
            out[key] = _flat(arg, root, depth + 1, refs)
        else:
            out[key] = arg  # compile_fast judges the rest, and refuses what it cannot compile
    return out


def _referred(node: dict[str, Any], root: dict[str, Any], depth: int, refs: _Path) -> Any:
    ref = node["$ref"]
    if ref in refs[0] or not _annotations_beside(node, "$ref", depth):
        raise _Outside  # a model that refers to itself, or keywords beside the reference
    if not _names_a_schema(root, ref):  # as `exact` demands: a schema of `$defs`
        raise _Outside
    return _flat(_pointed(root, ref), root, depth + 1, ((*refs[0], ref), refs[1]))


def _nullable(node: dict[str, Any], root: dict[str, Any], depth: int, refs: _Path) -> Any:
    branches = node["anyOf"]
    if (
        type(branches) is not list
        or len(branches) != 2
        or not _annotations_beside(node, "anyOf", depth)
    ):
        raise _Outside
    if _NULL not in branches:
        raise _Outside
    other = branches[1] if branches[0] == _NULL else branches[0]
    flat = _flat(other, root, depth + 1, refs)
    if flat is True or flat is False:
        return True if flat else dict(_NULL)
    flat = dict(flat)
    if "type" in flat:
        names = [flat["type"]] if type(flat["type"]) is str else flat["type"]
        if type(names) is not list:
            raise _Outside
        flat["type"] = names if "null" in names else [*names, "null"]
    if "enum" in flat:
        if type(flat["enum"]) is not list:
            raise _Outside
        flat["enum"] = flat["enum"] if None in flat["enum"] else [*flat["enum"], None]
    if "const" in flat:
        if "enum" in flat:
            raise _Outside
        flat["enum"] = [flat.pop("const"), None]
    return flat


def _annotations_beside(node: dict[str, Any], keyword: str, depth: int) -> bool:
    """Whether ``keyword`` has only annotations beside it (and, at the root, the schemas
    that references name)."""
    return all(
        key == keyword or key in _ANNOTATIONS or (depth == 0 and key in _HOLDERS) for key in node
    )
