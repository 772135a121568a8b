"""jsonschema's validators, with a bounded cost per call (rule T012; see `argschema`).

jsonschema judges the schemas that ftlint's own walks cannot be certain of. Three things
can take it far longer than the arguments' size suggests, and a slow call is a hung run:
``pattern``, which `re` searches with backtracking (see `argschema_regex`);
``uniqueItems``, which compares every pair of items that do not sort (objects, or
booleans among numbers): 5,000 objects took 38 s; and references reached along many
paths: thirty `$defs`, each an ``anyOf`` of two references to the next, make 2**30
paths, all followed for a value that fails. Here ``pattern`` searches within the time
limit, such items are compared by a hash of each, in one pass, with the same equality
(``1`` equals ``1.0``, ``true`` does not equal ``1``, at any depth; items that sort are
left to jsonschema, which sorts them), and `jsonschema_error` stops a call that follows more
references than `REFS` and 16 a node of the value (`TooManyRefs`).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from .argschema_more import extras, unmatched
from .argschema_regex import search
from .argschema_subset import _FALSE, _TRUE, _key, _Outside

__all__ = ["REFS", "TooManyRefs", "bounded", "distinct", "jsonschema_error"]

# The references one call may follow, besides 16 for each node of its value: a large
# array of objects that each name a schema of `$defs` stays well within it.
REFS = 5_000
_LEFT = threading.local()  # `refs`: what the call being validated may still follow


class TooManyRefs(Exception):
    """A call followed more references than `jsonschema_error` allows it."""


def jsonschema_error(validator: Any, value: Any) -> Any:
    """The first of jsonschema's errors of ``value`` (``None`` if valid), with the
    references followed counted.

    Raises:
        TooManyRefs: the call followed more than `REFS` references, and 16 a node of
            ``value``.
    """
    _LEFT.refs = REFS + 16 * _nodes(value)
    try:
        return next(iter(validator.iter_errors(value)), None)
    finally:
        _LEFT.refs = None


def _nodes(value: Any) -> int:
    """The values in ``value``, itself included (iteratively: it may nest deeply)."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        count += 1
        if type(item) is list:
            stack.extend(item)
        elif type(item) is dict:
            stack.extend(item.values())
    return count


@functools.cache
def bounded(cls: Any) -> Any:
    """jsonschema's validator class ``cls``, with ``pattern``, ``patternProperties``,
    ``additionalProperties`` (whose extra names are searched with the patterns) and
    ``uniqueItems`` bounded, and its references counted (see `jsonschema_error`)."""
    import jsonschema

    own = cls.VALIDATORS
    refs = {key: functools.partial(_ref, own[key]) for key in _REFS if key in own}
    return jsonschema.validators.extend(
        cls,
        {
            **refs,
            "pattern": _pattern,
            "uniqueItems": functools.partial(_unique_items, own["uniqueItems"]),
            "patternProperties": _pattern_properties,
            "additionalProperties": functools.partial(_additional, own["additionalProperties"]),
        },
    )


def _error(message: str) -> Any:
    import jsonschema  # imported already: only a validator calls this

    return jsonschema.ValidationError(message)


_REFS = ("$ref", "$dynamicRef", "$recursiveRef")


def _ref(own: Any, validator: Any, ref: Any, instance: Any, schema: Any) -> Any:
    left = getattr(_LEFT, "refs", None)
    if left is not None:  # (None: a validation that `jsonschema_error` did not start)
        if left <= 0:
            raise TooManyRefs
        _LEFT.refs = left - 1
    yield from own(validator, ref, instance, schema)


def _pattern(validator: Any, patrn: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "string"):
        return
    found = search(patrn, instance)
    if found is None:  # as jsonschema's own: not a regex, so the schema is not applied
        raise ValueError(f"not a regex: {patrn!r}")
    if not found:
        yield _error(f"{instance!r} does not match {patrn!r}")


def _unique_items(own: Any, validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
    if unique and validator.is_type(instance, "array") and not _sorts(instance):
        if not distinct(instance):
            yield _error(f"{instance!r} has non-unique elements")
        return
    yield from own(validator, unique, instance, schema)


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for patrn, subschema in patterns.items():
        for name, item in instance.items():
            found = search(patrn, name)
            if found is None:
                raise ValueError(f"not a regex: {patrn!r}")
            if found:
                yield from validator.descend(item, subschema, path=name, schema_path=patrn)


def _additional(own: Any, validator: Any, extra: Any, instance: Any, schema: Any) -> Any:
    patterns = schema.get("patternProperties")
    if not patterns or not validator.is_type(instance, "object"):
        yield from own(validator, extra, instance, schema)
        return
    try:
        names = extras(schema, instance)  # the patterns searched within the limit
    except _Outside:
        raise ValueError("the patterns joined are not a regex") from None
    if validator.is_type(extra, "object"):
        for name in names:
            yield from validator.descend(instance[name], extra, path=name)
    elif not extra and names:
        yield _error(unmatched(names, patterns))


def distinct(items: list[Any]) -> bool:
    """Whether no two of ``items`` are equal as JSON values (jsonschema's equality)."""
    return len({_key(item) for item in items}) == len(items)


def _sorts(items: list[Any]) -> bool:
    """Whether jsonschema's ``uniqueItems`` sorts ``items`` (booleans apart from numbers),
    rather than comparing every pair."""
    unbooled: list[Any] = [_TRUE if i is True else _FALSE if i is False else i for i in items]
    try:
        sorted(unbooled)
    except TypeError:
        return False
    return True
