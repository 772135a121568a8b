"""What every converter shares: the options, rejections, logged changes and shape checks.

A converter never guesses. What the target cannot express raises :class:`Reject` with the
rule that forbids it; a change that loses something but keeps the training signal (merging
two user turns, dropping a message ``name``) is made only when its option is on, and is
recorded as a :class:`Change`. Values that mean the same as their absence (``weight: 1``,
``detail: "auto"``, ``parallel_tool_calls: true``, ``strict: false``, ``refusal: null``)
are dropped without a record: nothing is lost.

The ``rule`` of a rejection or change is an ftlint rule code: the one ``ftlint check
--target T`` reports for the situation where a check rule covers it (B003 for Bedrock's
alternation, S006 for a key an OpenAI message does not take), else a conversion rule of
``rules/conversion.py`` (M001-M199). Every code is in the rule registry, which gives its
documentation and the reference's rule ids.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec


class Reject(Exception):
    """The line cannot be expressed in the target: rule ``rule`` forbids ``what`` at ``where``.

    ``what`` names the kind of problem (summaries count lines by it); ``detail`` (a URL,
    an id, a parser's message) is only in the full reason.
    """

    def __init__(self, rule: str, what: str, where: str = "", detail: str = "") -> None:
        text = f"{where}: {what}" if where else what
        super().__init__(f"{text} ({detail})" if detail else text)
        self.rule = rule
        self.what = what
        self.where = where

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Change:
    """A lossy change made under an option: ``merged``, ``dropped`` or ``joined``."""

    action: str
    rule: str
    reason: str


@dataclass(frozen=True)
class ConvertOptions:
    """What a converter may change besides the mapping itself.

    Attributes:
        merge_consecutive: merge consecutive turns of one role (and several system
            messages, or text parts, where the target has room for one only), joining
            texts with a blank line.
        drop_unsupported: drop fields the target has no place for (message ``name``,
            image ``detail``, ``parallel_tool_calls: false``, unknown keys, Gemini call
            ids, Nova ``reasoningContent``) instead of rejecting the line.
        variant: ``nova`` or ``llama`` for the Bedrock conversation schema.
    """

    merge_consecutive: bool = False
    drop_unsupported: bool = False
    variant: str = "nova"


@dataclass
class Context:
    """One line's conversion: its options, the target's name, and the changes made."""

    options: ConvertOptions
    target: str = "the target"
    changes: list[Change] = field(default_factory=list)

    def drop(self, rule: str, what: str, where: str = "", detail: str = "") -> None:
        """Drop ``what`` (which ``self.target`` cannot hold) if allowed, else reject."""
        if not self.options.drop_unsupported:
            raise Reject(rule, f"{what}: {self.target} has no place for it", where, _DROP)
        done = _at(where, f"{what}: dropped")
        self.changes.append(Change("dropped", rule, f"{done} ({detail})" if detail else done))

    def merge(
        self, rule: str, what: str, where: str = "", action: str = "merged", detail: str = ""
    ) -> None:
        """Merge as ``what`` says if allowed, else reject."""
        if not self.options.merge_consecutive:
            raise Reject(rule, f"{what}: {self.target} needs them merged", where, _MERGE)
        done = _at(where, f"{what}: {action}")
        self.changes.append(Change(action, rule, f"{done} ({detail})" if detail else done))


_DROP = "--drop-unsupported drops it"
_MERGE = "--merge-consecutive merges them"


def _at(where: str, text: str) -> str:
    return f"{where}: {text}" if where else text


JOIN = "\n\n"  # what merged texts are joined with


def kind(value: object) -> str:
    """A JSON value's type in words, for reasons."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def need_dict(value: object, rule: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Reject(rule, f"expected an object, found {kind(value)}", where)
    return value


def need_list(
    value: object, rule: str, where: str, *, empty: bool = False, if_empty: str | None = None
) -> list[Any]:
    """``value`` if it is an array (a non-empty one unless ``empty``), else a rejection
    by ``rule`` (or by ``if_empty`` for an empty array, where a rule of its own says so)."""
    if not isinstance(value, list):
        raise Reject(rule, f"expected an array, found {kind(value)}", where)
    if not value and not empty:
        raise Reject(if_empty or rule, "expected a non-empty array", where)
    return value


def need_str(value: object, rule: str, where: str) -> str:
    if not isinstance(value, str):
        raise Reject(rule, f"expected a string, found {kind(value)}", where)
    return value


def check_keys(
    obj: Mapping[str, Any], allowed: frozenset[str], ctx: Context, rule: str, where: str
) -> None:
    """Unknown keys of ``obj``: dropped under ``--drop-unsupported``, else a rejection."""
    for key in obj:
        if key not in allowed:
            ctx.drop(rule, f"key {key!r}", where)


_encode = msgspec.json.encode


def compact(value: Any) -> str:
    """The compact JSON text of ``value`` (key order kept)."""
    return _encode(value).decode()


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a key appears twice")
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_arguments(text: str, where: str) -> dict[str, Any]:
    """A tool call's ``arguments`` string as the object the native formats need."""
    try:
        value = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise Reject("T011", "arguments are not valid JSON", where, str(exc)) from None
    if not isinstance(value, dict):
        raise Reject("M104", f"arguments are {kind(value)}, not a JSON object", where)
    return value


def json_object(text: str) -> dict[str, Any] | None:
    """``text`` as an object if it is exactly the compact JSON of one, else ``None``.

    Only then is the object form a lossless stand-in for the string: ``compact`` gives
    the same text back.
    """
    if not text.startswith("{"):
        return None
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError:
        return None
    if isinstance(value, dict) and compact(value) == text:
        return value
    return None


def repeated_key(raw: bytes) -> bool:
    """Whether some object in the JSON text ``raw`` has a key twice (msgspec keeps the last)."""
    try:
        json.loads(raw, object_pairs_hook=_no_repeats)
    except ValueError as exc:
        return str(exc) == "a key appears twice"
    except RecursionError:
        return False
    return False
