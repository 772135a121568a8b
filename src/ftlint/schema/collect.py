"""Collect every schema problem of a value, not just the first.

msgspec stops at the first error of a document. When a line fails its typed decode,
the engine decodes it untyped and calls :func:`collect`, which walks the value along
the Struct type: it converts each field and each list item on its own, so two bad
messages in one example give two issues. Where a value cannot be split further, the
msgspec error itself becomes the issue. This runs only for lines that already failed,
so it costs nothing on valid data.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, NamedTuple, Union

import msgspec

from ..clip import clip

Segment = str | int
Path = tuple[Segment, ...]

_NONE_TYPES = (type(None), msgspec.UnsetType)
# The most characters of a key shown in a JSON path.
_KEY_LIMIT = 64


class Issue(NamedTuple):
    """One schema problem.

    ``kind`` is one of:

    - ``"missing"``: required key ``key`` is absent from the object at ``path``;
    - ``"unknown"``: the object at ``path`` has key ``key``, which its type does not allow;
    - ``"tag"``: the tag value at ``path`` (a ``role`` or a part ``type``) is not one of
      the allowed values;
    - ``"invalid"``: the value at ``path`` does not match its type; ``message`` is
      msgspec's explanation.
    """

    kind: str
    path: Path
    key: str | None = None
    message: str = ""


def collect(value: Any, tp: Any, path: Path = ()) -> list[Issue]:
    """Return every schema issue of ``value`` against type ``tp``; empty if it is valid."""
    if _raw(tp):
        return []  # raw JSON fields take any value (and convert() cannot make one)
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError as exc:
        issues = _descend(value, tp, path)
        if issues is not None:
            # Descended: the parts speak (an empty list means only raw fields failed to
            # convert, and raw fields take any value).
            return issues
        text, sub = split_message(str(exc))
        return [Issue("invalid", path + sub, None, text)]
    return []


def split_message(text: str) -> tuple[str, Path]:
    """Split a msgspec error into its reason and the path it names, as segments."""
    reason, sep, where = text.rpartition(" - at `")
    if not sep:
        return text, ()
    where = where.rstrip("`")
    if where.startswith("key ") or not where.startswith("$"):
        # "- at `key` in `$.x`": a dict key failed; point at the dict.
        _, _, where = where.rpartition("`")
        where = where if where.startswith("$") else "$"
    return reason, parse_path(where)


def parse_path(text: str) -> Path:
    """Parse msgspec's ``$.a[0].b`` into ``("a", 0, "b")``; ``[...]`` dict keys stop the path."""
    out: list[Segment] = []
    i, n = 1, len(text)
    while i < n:
        if text[i] == ".":
            j = i + 1
            while j < n and text[j] not in ".[":
                j += 1
            out.append(text[i + 1 : j])
            i = j
        elif text[i] == "[":
            j = text.index("]", i)
            inner = text[i + 1 : j]
            if not inner.isdigit():
                break
            out.append(int(inner))
            i = j + 1
        else:
            break
    return tuple(out)


def format_path(path: Path) -> str:
    """Render segments as a JSONPath such as ``$.messages[2].content``."""
    parts = ["$"]
    for seg in path:
        if isinstance(seg, int):
            parts.append(f"[{seg}]")
        elif len(seg) > _KEY_LIMIT:  # a path is for reading: cut a huge key
            parts.append("[" + msgspec.json.encode(clip(seg, _KEY_LIMIT)).decode() + "]")
        elif seg.isidentifier():
            parts.append(f".{seg}")
        else:
            parts.append("[" + msgspec.json.encode(seg).decode() + "]")
    return "".join(parts)


def _strip(tp: Any) -> tuple[Any, Any]:
    """Remove ``Annotated`` from ``tp``; return the bare type and its msgspec.Meta, if any."""
    if typing.get_origin(tp) is typing.Annotated:
        args = typing.get_args(tp)
        meta = next((m for m in args[1:] if isinstance(m, msgspec.Meta)), None)
        return args[0], meta
    return tp, None


def _raw(tp: Any) -> bool:
    tp, _ = _strip(tp)
    if tp is msgspec.Raw:
        return True
    return _is_union(tp) and any(_strip(a)[0] is msgspec.Raw for a in typing.get_args(tp))


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _is_struct(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)


def _descend(value: Any, tp: Any, path: Path) -> list[Issue] | None:
    """The issues of the parts of ``value``, or ``None`` if it has no parts to look into."""
    tp, meta = _strip(tp)
    if _is_union(tp):
        members = [_strip(a) for a in typing.get_args(tp) if a not in _NONE_TYPES]
        if isinstance(value, dict):
            structs = [m for m, _ in members if _is_struct(m)]
            if len(structs) == 1:
                return _struct(value, structs[0], path)
            if structs:
                return _tagged(value, structs, path)
        elif isinstance(value, list):
            for member, member_meta in members:
                if typing.get_origin(member) is list:
                    return _list(value, member, member_meta, path)
        return None
    if _is_struct(tp):
        return _struct(value, tp, path) if isinstance(value, dict) else None
    if typing.get_origin(tp) is list and isinstance(value, list):
        return _list(value, tp, meta, path)
    return None


def _list(value: list[Any], tp: Any, meta: Any, path: Path) -> list[Issue]:
    issues: list[Issue] = []
    if meta is not None:
        if meta.min_length is not None and len(value) < meta.min_length:
            issues.append(
                Issue("invalid", path, None, f"Expected `array` of length >= {meta.min_length}")
            )
        if meta.max_length is not None and len(value) > meta.max_length:
            issues.append(
                Issue("invalid", path, None, f"Expected `array` of length <= {meta.max_length}")
            )
    (item_tp,) = typing.get_args(tp)
    for i, item in enumerate(value):
        issues.extend(collect(item, item_tp, (*path, i)))
    return issues


def _tagged(value: dict[str, Any], structs: list[Any], path: Path) -> list[Issue]:
    tag_field = structs[0].__struct_config__.tag_field
    if tag_field not in value:
        return [Issue("missing", path, tag_field)]
    tag = value[tag_field]
    for st in structs:
        if st.__struct_config__.tag == tag:
            return _struct(value, st, path)
    return [Issue("tag", (*path, tag_field), None, "")]


@functools.cache
def _fields(tp: Any) -> dict[str, msgspec.structs.FieldInfo]:
    # msgspec.structs.fields evaluates the annotations on every call: cache per type.
    return {f.encode_name: f for f in msgspec.structs.fields(tp)}


@functools.cache
def _kind(tp: Any) -> tuple[str, tuple[Any, ...]] | None:
    """The field that says what kind of object ``tp`` is, with its allowed values.

    That is the tag of a tagged Struct, or a leading ``Literal`` field such as
    ``type: Literal["text"]``. When it is missing or wrong, the other keys are judged
    against the wrong shape, so they are not reported.
    """
    config = tp.__struct_config__
    if config.tag_field is not None:
        return config.tag_field, (config.tag,)
    for name, field in _fields(tp).items():
        if name in ("type", "role") and typing.get_origin(field.type) is typing.Literal:
            return name, typing.get_args(field.type)
    return None


def _struct(value: dict[str, Any], tp: Any, path: Path) -> list[Issue]:
    config = tp.__struct_config__
    fields = _fields(tp)
    kind = _kind(tp)
    if kind is not None:
        name, allowed = kind
        if name not in value:
            return [Issue("missing", path, name)]
        if value[name] not in allowed or not isinstance(value[name], str):
            return [Issue("tag", (*path, name), None, "")]
    issues: list[Issue] = []
    for key, item in value.items():
        field = fields.get(key)
        if field is not None:
            issues.extend(collect(item, field.type, (*path, key)))
        elif key == config.tag_field:
            pass  # checked above
        elif config.forbid_unknown_fields:
            issues.append(Issue("unknown", path, key))
    for name, field in fields.items():
        if field.required and name not in value:
            issues.append(Issue("missing", path, name))
    return issues
