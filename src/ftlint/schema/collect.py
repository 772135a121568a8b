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
from collections.abc import Callable
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


def collect(value: Any, tp: Any, path: Path = (), failing: Path | None = None) -> list[Issue]:
    """Return every schema issue of ``value`` against type ``tp``; empty if it is valid.

    ``failing``, when given, is the path (below ``path``) of the error a typed decode of
    the same value met: ``value`` and each value on the way there are known not to match,
    so they are not converted only to fail again, but looked into at once.
    """
    return _collect(value, _plan(tp), path, failing)


def _collect(value: Any, plan: _Plan, path: Path, failing: Path | None) -> list[Issue]:
    if plan.raw or type(value) in plan.exact:
        return []  # raw JSON fields take any value (and convert() cannot make one)
    if failing is not None:
        # Looking into a value that matches finds nothing, so this is safe even where
        # the untyped view differs from the typed decode's (a repeated key).
        issues = _descend(value, plan, path, failing)
        if issues is not None:
            return issues
    try:
        plan.check(value)
    except msgspec.ValidationError as exc:
        issues = _descend(value, plan, path)
        if issues is not None:
            # Descended: the parts speak (an empty list means only raw fields failed to
            # convert, and raw fields take any value).
            return issues
        text, sub = split_message(str(exc))
        return [Issue("invalid", path + sub[plan.wrapped :], None, text)]
    return []


@functools.lru_cache(maxsize=1024)  # the same errors fail many lines (cf. parse_path)
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


@functools.lru_cache(maxsize=1024)  # the same few paths fail on many lines
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


class _Plan:
    """What :func:`collect` needs to know of one type, worked out once per type.

    ``check`` raises msgspec's ValidationError when a value does not match. A Struct is
    converted as it is (msgspec keeps its type information on the class); any other type
    (a list, a union, ``Annotated``) is converted as the one field of a wrapper Struct,
    because ``msgspec.convert`` would work out a bare type anew on every call. An error's
    path then starts with that field, which ``wrapped`` (1) says to cut off. A value whose
    Python type is in ``exact`` (a string where any string will do) matches without a
    conversion.
    """

    __slots__ = (
        "_item_plan",
        "_runs_plan",
        "check",
        "exact",
        "item",
        "raw",
        "struct",
        "tagged",
        "wrapped",
    )

    def __init__(self, tp: Any) -> None:
        self.raw = _raw(tp)
        self.wrapped = 0
        if _is_struct(tp):
            self.check = _with_raw(tp, tp, wrapped=False)
        else:
            self.check = _with_raw(tp, msgspec.defstruct("_Value", [("v", tp)]), wrapped=True)
            self.wrapped = 1
        # How to look into the parts of a value that does not match (see _descend): a
        # dict as one Struct, or as one of tagged Structs; a list by its item type.
        self.struct: Any = None
        self.tagged: list[Any] = []
        self.item: tuple[Any, Any] | None = None  # a list's item type, and its Meta
        self._item_plan: _Plan | None = None
        self._runs_plan: _Plan | None = None
        bare, meta = _strip(tp)
        members = [_strip(a) for a in typing.get_args(bare)] if _is_union(bare) else [(bare, meta)]
        self.exact = frozenset(
            m for m, m_meta in members if m_meta is None and m in (str, bool, type(None))
        )
        members = [(m, m_meta) for m, m_meta in members if m not in _NONE_TYPES]
        structs = [m for m, _ in members if _is_struct(m)]
        if len(structs) == 1:
            self.struct = structs[0]
        elif structs:
            self.tagged = structs
        self.item = next(
            (
                (typing.get_args(m)[0], m_meta)
                for m, m_meta in members
                if typing.get_origin(m) is list
            ),
            None,
        )

    def item_plan(self) -> _Plan:
        """The plan of a list's items (made on first use: a type may contain itself)."""
        if self._item_plan is None:
            assert self.item is not None
            self._item_plan = _plan(self.item[0])
        return self._item_plan

    def runs_plan(self) -> _Plan:
        """The plan of a run of a list's items: a list of them, whatever its length."""
        if self._runs_plan is None:
            assert self.item is not None
            self._runs_plan = _plan(list[self.item[0]])  # type: ignore[name-defined]
        return self._runs_plan


@functools.cache
def _plan(tp: Any) -> _Plan:
    return _Plan(tp)


def _with_raw(tp: Any, target: Any, *, wrapped: bool) -> Callable[[Any], object]:
    """A conversion of a value to ``target`` (``tp`` itself, or a Struct with ``tp`` as
    its one field ``v`` if ``wrapped``), and where it fails on a raw JSON field (convert
    cannot make a Raw), a typed decode of the value encoded, which takes them: the value
    matches if that decode does. Otherwise the conversion's error stands, as msgspec
    words it."""
    decoder: list[msgspec.json.Decoder[Any]] = []  # made on first use
    convert = msgspec.convert

    def check(value: Any) -> object:
        try:
            return convert({"v": value} if wrapped else value, target)
        except msgspec.ValidationError as exc:
            if "`raw`" not in str(exc):
                raise
            if not decoder:
                decoder.append(msgspec.json.Decoder(tp))
            try:
                return decoder[0].decode(msgspec.json.encode(value))
            except (msgspec.DecodeError, TypeError, ValueError, RecursionError):
                raise exc from None

    return check


def _descend(value: Any, plan: _Plan, path: Path, failing: Path = ()) -> list[Issue] | None:
    """The issues of the parts of ``value``, or ``None`` if it has no parts to look into.

    ``failing`` is the path below ``value`` of a known error (see :func:`collect`).
    """
    if isinstance(value, dict):
        if plan.struct is not None:
            return _struct(value, plan.struct, path, failing)
        if plan.tagged:
            return _tagged(value, plan.tagged, path, failing)
    elif isinstance(value, list) and plan.item is not None:
        return _list(value, plan, path, failing)
    return None


def _list(value: list[Any], plan: _Plan, path: Path, failing: Path = ()) -> list[Issue]:
    assert plan.item is not None
    meta = plan.item[1]
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
    item_plan = plan.item_plan()
    bad = failing[0] if failing else None
    if type(bad) is not int or not 0 <= bad < len(value):
        _items(value, 0, len(value), item_plan, path, issues)
        return issues
    # Only the failing item is known not to match: the items on either side of it are
    # converted in one go (most lines have one bad item), then a run at a time, and
    # looked at one by one only if their run fails.
    others = value[:bad] + value[bad + 1 :]
    by_runs = bool(others) and not _matches(others, plan)
    if by_runs:
        _run(value, 0, bad, plan, path, issues)
    issues.extend(_collect(value[bad], item_plan, (*path, bad), failing[1:]))
    if by_runs:
        _run(value, bad + 1, len(value), plan, path, issues)
    return issues


def _matches(items: list[Any], plan: _Plan) -> bool:
    """Whether every one of ``items`` (of a list of type ``plan``) matches its type."""
    try:
        plan.runs_plan().check(items)
    except msgspec.ValidationError:
        return False
    return True


def _run(value: list[Any], lo: int, hi: int, plan: _Plan, path: Path, issues: list[Issue]) -> None:
    """Add the issues of the items ``lo`` to ``hi`` of a list (of type ``plan``)."""
    if hi - lo > 1 and _matches(value[lo:hi], plan):
        return
    _items(value, lo, hi, plan.item_plan(), path, issues)


def _items(
    value: list[Any], lo: int, hi: int, item_plan: _Plan, path: Path, issues: list[Issue]
) -> None:
    """Add the issues of the items ``lo`` to ``hi`` of a list, one by one."""
    raw, exact = item_plan.raw, item_plan.exact
    for i in range(lo, hi):
        item = value[i]
        if not raw and type(item) not in exact:  # else it matches (see _collect)
            issues.extend(_collect(item, item_plan, (*path, i), None))


def _tagged(
    value: dict[str, Any], structs: list[Any], path: Path, failing: Path = ()
) -> list[Issue]:
    tag_field = structs[0].__struct_config__.tag_field
    if tag_field not in value:
        return [Issue("missing", path, tag_field)]
    tag = value[tag_field]
    for st in structs:
        if st.__struct_config__.tag == tag:
            return _struct(value, st, path, failing)
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


class _Shape(NamedTuple):
    """What :func:`_struct` needs of a Struct type, worked out once per type."""

    plans: dict[str, _Plan]  # each field's, by its name in JSON
    kind: tuple[str, tuple[Any, ...]] | None
    required: tuple[str, ...]
    tag_field: str | None
    forbid: bool


@functools.cache
def _shape(tp: Any) -> _Shape:
    config = tp.__struct_config__
    fields = _fields(tp)
    return _Shape(
        plans={name: _plan(field.type) for name, field in fields.items()},
        kind=_kind(tp),
        required=tuple(name for name, field in fields.items() if field.required),
        tag_field=config.tag_field,
        forbid=config.forbid_unknown_fields,
    )


def _struct(value: dict[str, Any], tp: Any, path: Path, failing: Path = ()) -> list[Issue]:
    shape = _shape(tp)
    kind = shape.kind
    if kind is not None:
        name, allowed = kind
        if name not in value:
            return [Issue("missing", path, name)]
        if value[name] not in allowed or not isinstance(value[name], str):
            return [Issue("tag", (*path, name), None, "")]
    issues: list[Issue] = []
    plans = shape.plans
    bad = failing[0] if failing else None
    for key, item in value.items():
        plan = plans.get(key)
        if plan is not None:
            if plan.raw or type(item) in plan.exact:
                continue  # it matches (see _collect): no path made, no call
            issues.extend(_collect(item, plan, (*path, key), failing[1:] if key == bad else None))
        elif key == shape.tag_field:
            pass  # checked above
        elif shape.forbid:
            issues.append(Issue("unknown", path, key))
    for name in shape.required:
        if name not in value:
            issues.append(Issue("missing", path, name))
    return issues
