"""Turn schema issues (from :mod:`ftlint.schema.collect`) into rule codes, messages and hints.

The schema layer knows *what* is wrong at *which* path; this module knows which rule that
is, and how to say it plainly. A format's own rules explain its issues first (D001-D004 in
:mod:`.preference`, L001-L002 in :mod:`.completion`, G001 in :mod:`.reinforcement`); the
message-structure rules (S) of every message-based format are explained here, and issues
inside tools, calls and image options go to the area a rule module registered (T001,
T005, T006, T008 in :mod:`.tools`, V002 in :mod:`.vision`). See :mod:`.explain_common`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ..schema import CHAT_KEYS, FOREIGN_KEYS, FORMAT_NAMES, LABELS, foreign_format
from ..schema import messages as m
from ..schema.collect import Issue, Path
from .explain_common import (
    AREAS,
    DROP,
    FORMAT_EXPLAINERS,
    Explained,
    describe,
    did_you_mean,
    plain,
    short_key,
    value_at,
)
from .explain_common import message_depth as _message_depth
from .explain_common import output_depth as _output_depth
from .explain_common import short_value as _short
from .structure import PARTS_BY_ROLE

# The engine's names for the shared helpers.
__all__ = ["Explained", "describe", "explain", "short_key"]


@functools.cache
def role_keys() -> Mapping[str, tuple[str, ...]]:
    """The keys each role takes, read from the Structs so the hints never drift from the
    schema (on first use: only a line with a wrong key needs them)."""
    return {
        # The encoded names as msgspec keeps them on the class: structs.fields would
        # evaluate every annotation (a compile each) only to give these back.
        cls.__struct_config__.tag: ("role", *cls.__struct_encode_fields__)  # type: ignore[misc]
        for cls in (
            m.SystemMessage,
            m.DeveloperMessage,
            m.UserMessage,
            m.AssistantMessage,
            m.ToolMessage,
            m.FunctionMessage,
        )
    }


_ROLE_SYNONYMS = {
    "human": "user",
    "gpt": "assistant",
    "model": "assistant",
    "bot": "assistant",
    "ai": "assistant",
    "chatbot": "assistant",
}
_ROLES_BY_FORMAT = {
    "chat": m.CHAT_ROLES,
    "preference": m.CHAT_ROLES,
    "reinforcement": m.REINFORCEMENT_ROLES,
}


def _in_area(path: Path, message: str, key: str | None = None) -> Explained | None:
    """The rule of a schema problem inside tools, calls, functions or image options."""
    full = path if key is None else (*path, key)
    for code, hint_for in AREAS:
        hint = hint_for(full)
        if hint is not None:
            return Explained(code, message, hint, path, key)
    return None


# The roles of a format's messages and its top-level keys, as a target takes them.
_Vocabulary = tuple[tuple[str, ...], frozenset[str]]


@functools.cache
def _vocabulary(fmt: str, root: type | None) -> _Vocabulary:
    """The vocabulary of ``fmt`` (of its ``root`` Struct, a target's own, if given)."""
    if root is None:
        return _ROLES_BY_FORMAT.get(fmt, m.CHAT_ROLES), CHAT_KEYS
    keys = frozenset(root.__struct_encode_fields__)  # type: ignore[attr-defined]
    return m.roles_of(root) or _ROLES_BY_FORMAT.get(fmt, m.CHAT_ROLES), keys


def explain(
    fmt: str, issue: Issue, obj: Mapping[str, Any], root: type | None = None
) -> Explained | None:
    """Map one schema issue of a line of format ``fmt`` to its rule; ``None`` drops it.

    ``root`` is the Struct a target decodes the format with, when it is not OpenAI's (see
    :mod:`ftlint.schema.dialects`): its roles and keys are the ones the hints name.
    """
    assert fmt in FORMAT_NAMES  # a native format's explainers answer every issue
    for own in FORMAT_EXPLAINERS.get(fmt, ()):
        found = own(issue, obj)
        if found is not None:
            return None if found is DROP else found
    kind, path, key, text = issue
    roles, keys = _vocabulary(fmt, root)
    if kind == "missing":
        return _missing(fmt, path, key or "", obj, roles)
    if kind == "unknown":
        return _unknown(fmt, path, key or "", obj, keys)
    if kind == "tag":
        return _tag(fmt, path, obj, roles)
    return _invalid(fmt, path, text, obj, roles)


def _missing(
    fmt: str, path: Path, key: str, obj: Mapping[str, Any], roles: tuple[str, ...]
) -> Explained | None:
    if not path:
        foreign = foreign_format(obj)
        hint = (
            f"this looks like {foreign}; OpenAI expects `messages`: a list of"
            " {role, content} objects"
            if foreign
            else None
        )
        return Explained("S001", f"{LABELS[fmt]} example has no `messages` key", hint, path)
    if fmt == "preference" and path == ("input",):
        return Explained("S001", "`input` has no `messages` key", None, path)
    depth = _message_depth(fmt, path) or _output_depth(fmt, path)
    if depth == len(path):
        if key == "role":
            return Explained("S004", "message has no `role`", _role_hint_list(roles), path)
        return Explained(
            "S007", f"{_role_name(obj, path)} is missing required key `{key}`", None, path
        )
    area = _in_area(path, f"missing required key `{key}`")
    if area is not None:
        return area
    if "content" in path[depth or 0 :] and depth is not None:
        return Explained("S011", f"content part is missing `{key}`", None, path)
    return Explained("S100", f"missing required key `{key}`", None, path)


def _role_name(obj: Mapping[str, Any], path: Path) -> str:
    """``"user message"`` for the message at ``path``, or just ``"message"``."""
    role = value_at(obj, (*path, "role"))
    return f"{role} message" if isinstance(role, str) else "message"


def _on_role(obj: Mapping[str, Any], path: Path) -> str:
    """``"a user message"`` / ``"an assistant message"`` for the message at ``path``."""
    name = _role_name(obj, path)
    return f"{_article(name)} {name}"


def _unknown(
    fmt: str, path: Path, full_key: str, obj: Mapping[str, Any], keys: frozenset[str]
) -> Explained | None:
    kpath = (*path, full_key)
    key = short_key(full_key)
    if not path and fmt == "chat":
        if key in FOREIGN_KEYS and "messages" not in obj:
            return None  # S001 names the foreign format; one finding is enough.
        if key == "weight":
            hint = "`weight` goes on assistant messages, not on the example"
        elif keys != CHAT_KEYS:  # a target's own format
            hint = did_you_mean(key, keys) or f"this target takes: {', '.join(sorted(keys))}"
        else:
            hint = did_you_mean(key, CHAT_KEYS) or (
                "only reinforcement (RFT) data may carry extra keys for its graders;"
                " if this is RFT data, pass --format reinforcement"
            )
        return Explained("S003", f"unknown top-level key `{key}`", hint, kpath, full_key)
    depth = _message_depth(fmt, path) or _output_depth(fmt, path)
    if depth == len(path):
        role = value_at(obj, (*path, "role"))
        if key == "weight" and isinstance(role, str) and role != "assistant":
            return Explained(
                "S010",
                f"`weight` is not allowed on {_on_role(obj, path)}",
                "only assistant messages are trained on, so only they take `weight`",
                kpath,
                key,
            )
        return Explained(
            "S006",
            f"key `{key}` is not allowed on {_on_role(obj, path)}",
            _message_key_hint(key, str(role)),
            kpath,
            key,
        )
    area = _in_area(path, f"unknown key `{key}`", full_key)
    if area is not None:
        return area
    return Explained("S100", f"unknown key `{key}`", None, kpath, full_key)


def _message_key_hint(key: str, role: str) -> str | None:
    if key in ("tool_calls", "function_call", "refusal", "audio") and role != "assistant":
        return f"only assistant messages take `{key}`"
    if key == "tool_call_id" and role != "tool":
        return "only tool messages take `tool_call_id`"
    if key == "weight":
        return "DPO outputs take no `weight`; it belongs on assistant messages of `input`"
    allowed = role_keys().get(role, ())
    if key in ("text", "message", "value") and "content" in allowed:
        return "use `content` for the message text"
    return did_you_mean(key, allowed) or (
        f"{_article(role)} {role} message takes: {', '.join(allowed)}" if allowed else None
    )


def _role_hint_list(roles: tuple[str, ...]) -> str:
    return "use one of: " + ", ".join(roles)


def _tag(fmt: str, path: Path, obj: Mapping[str, Any], roles: tuple[str, ...]) -> Explained:
    value = value_at(obj, path)
    depth = _message_depth(fmt, path)
    if depth is not None and len(path) == depth + 1 and path[-1] == "role":
        message = (
            f"invalid role {_short(value)}"
            if isinstance(value, str)
            else f"`role` must be a string, got {describe(value)}"
        )
        return Explained("S005", message, _role_hint(roles, value), path)
    if "content" in path:
        return _part_type(fmt, path, value, obj)
    area = _in_area(path, f"invalid value {_short(value)}")
    if area is not None:
        return area
    return Explained("S100", f"invalid value {_short(value)}", None, path)


def _part_type(fmt: str, path: Path, value: Any, obj: Mapping[str, Any]) -> Explained:
    """A content part of a type no message takes (which role takes which known type is
    checked by the semantic rules, so that one line reports all of its problems)."""
    return Explained(
        "S011", f"unknown content part type {_short(value)}", _part_hint(fmt, path, obj), path
    )


def _role_hint(roles: tuple[str, ...], value: Any) -> str:
    if isinstance(value, str):
        low = value.lower().strip()
        if value == "developer":
            return "`developer` is a reinforcement-only role; supervised and DPO data use `system`"
        if low in roles:
            return f"roles are lower-case: use `{low}`"
        if low in _ROLE_SYNONYMS and _ROLE_SYNONYMS[low] in roles:
            return f"OpenAI calls this role `{_ROLE_SYNONYMS[low]}`"
    return _role_hint_list(roles)


def _part_hint(fmt: str, path: Path, obj: Mapping[str, Any]) -> str | None:
    depth = _message_depth(fmt, path) or _output_depth(fmt, path)
    if depth is None:
        return None
    role = value_at(obj, (*path[:depth], "role"))
    allowed = PARTS_BY_ROLE.get(str(role))
    return f"{_article(str(role))} {role} message takes {allowed}" if allowed else None


def _article(word: str) -> str:
    # Role names only: "an assistant", but "a user".
    return "an" if word[:1] in "aei" else "a"


def _invalid(
    fmt: str, path: Path, text: str, obj: Mapping[str, Any], roles: tuple[str, ...]
) -> Explained:
    value = value_at(obj, path)
    got = describe(value)
    if path in (("messages",), ("input", "messages")):
        return Explained("S002", f"`messages` must be a non-empty array, got {got}", None, path)
    out = _output_depth(fmt, path)
    depth = _message_depth(fmt, path) or out
    if depth is not None:
        if len(path) == depth:
            return Explained("S004", f"message must be an object, got {got}", None, path)
        field = path[depth]
        if field == "weight" and not out:
            return Explained(
                "S009",
                f"`weight` must be the integer 0 or 1, got {_short(value)}",
                _weight_hint(value),
                path,
            )
        if field == "content" and len(path) == depth + 1:
            return Explained(
                "S011",
                f"`content` must be a string or a non-empty array of content parts, got {got}",
                None,
                path,
            )
        if field == "content" and len(path) == depth + 2:
            return Explained("S011", f"content part must be an object, got {got}", None, path)
        if field == "role":
            return Explained(
                "S005", f"`role` must be a string, got {got}", _role_hint_list(roles), path
            )
    area = _in_area(path, plain(text))
    if area is not None:
        return area
    hint = "`format` is wav or mp3" if path[-1:] == ("format",) else None
    return Explained("S100", plain(text), hint, path)


def _weight_hint(value: Any) -> str | None:
    if isinstance(value, bool):
        return "use the integer 0 or 1, not true or false"
    if isinstance(value, float) and value in (0.0, 1.0):
        return f"use the integer {int(value)}, not {value}"
    if isinstance(value, str):
        return "use a number, not a string"
    return None
