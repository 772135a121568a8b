"""What other languages' type names mean in JSON Schema (T014's hints, `ftlint fix`).

Datasets converted from function signatures name their parameters' types as the source
language does: Python's ``str``, ``int``, ``List[str]``, xLAM-style ``"str, optional"``
or ``"int, default: 5"``. Each has a plain JSON Schema meaning, given here as the
schema it stands for; a name with none (``Any``, ``varchar``, a union of objects) has no
plain fix and gets ``None``.
"""

from __future__ import annotations

import re
from typing import Any

# The names of the types (lower case), and what JSON Schema calls each.
_NAMES = {
    "str": "string", "string": "string", "text": "string", "char": "string",
    "int": "integer", "integer": "integer", "long": "integer", "int32": "integer",
    "int64": "integer", "float": "number", "double": "number", "decimal": "number",
    "number": "number", "bool": "boolean", "boolean": "boolean", "list": "array",
    "tuple": "array", "array": "array", "set": "array", "sequence": "array",
    "dict": "object", "object": "object", "map": "object", "mapping": "object",
    "none": "null", "nonetype": "null", "null": "null",
}  # fmt: skip
# "X, optional" and "X, default: 5" (xLAM's style): the type is X.
_SUFFIX = re.compile(r",\s*(?:optional|default\b.*)$", re.IGNORECASE | re.DOTALL)
# A generic: its name and what its brackets hold.
_GENERIC = re.compile(r"([A-Za-z_.]+)\[(.*)\]$", re.DOTALL)
_MAX_LENGTH = 200  # (a longer "type" is prose, not a type name)


def json_type(name: str) -> str | None:
    """The JSON Schema type that a plain type ``name`` means (``str``: ``string``)."""
    return _NAMES.get(name.strip().lower().removeprefix("typing."))


def schema_of(name: str) -> dict[str, Any] | None:
    """The schema that type ``name`` stands for (``List[int]``: an array of integers;
    ``Optional[str]``: a string or null), or ``None`` if it has no plain one."""
    if len(name) > _MAX_LENGTH:
        return None
    text = name.strip()
    for _ in range(2):  # ("int, optional, default: 5")
        text = _SUFFIX.sub("", text).strip()
    plain = json_type(text)
    if plain is not None:
        return {"type": plain}
    generic = _GENERIC.match(text)
    if generic is None:
        return None
    outer, inner = generic[1].lower().removeprefix("typing."), generic[2].strip()
    if outer == "optional":
        item = schema_of(inner)
        if item is None or type(item["type"]) is not str:
            return None
        return {**item, "type": [item["type"], "null"]}
    kind = json_type(outer)
    if kind == "array":
        item = schema_of(inner)  # (`Tuple[int, str]`'s "int, str" is no type: no items)
        return {"type": "array", "items": item} if item is not None else {"type": "array"}
    if kind == "object":
        return {"type": "object"}
    return None
