"""Turn schema issues (from :mod:`ftlint.schema.collect`) into rule codes, messages and hints.

The schema layer knows *what* is wrong at *which* path; this module knows which rule that
is for each format, and how to say it plainly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import msgspec

from ..schema import CHAT_KEYS, FOREIGN_KEYS, FORMAT_NAMES, LABELS, foreign_format
from ..schema import messages as m
from ..schema.collect import Issue, Path
from .preference import OLD_NAMES
from .structure import PARTS_BY_ROLE

_OUTPUTS = ("preferred_output", "non_preferred_output")

# Keys each role takes, read from the Structs so the hints never drift from the schema.
ROLE_KEYS: Mapping[str, tuple[str, ...]] = {
    cls.__struct_config__.tag: ("role", *(f.encode_name for f in msgspec.structs.fields(cls)))  # type: ignore[misc]
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
_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "null": "null",
    "array": "an array",
    "object": "an object",
}
_EXPECTED_GOT = re.compile(r"^Expected `([^`]+)`, got `([^`]+)`$")
_EXPECTED_LEN = re.compile(r"^Expected `(\w+)` of length ([<>]=) (\d+)$")


class Explained(NamedTuple):
    """A schema issue as a finding's parts."""

    code: str
    message: str
    hint: str | None
    path: Path
    key: str | None = None


def describe(value: Any) -> str:
    """Name a JSON value's type in words, with a short preview for scalars."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {_short(value)}"
    if isinstance(value, str):
        return f"the string {_short(value)}"
    if isinstance(value, list):
        if not value:
            return "an empty array"
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    return "an object"


def _short(value: Any, limit: int = 40) -> str:
    text = msgspec.json.encode(value).decode()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str) -> str:
    """Reword a msgspec reason in plain words."""
    match = _EXPECTED_GOT.match(text)
    if match:
        return f"expected {_words(match.group(1))}, got {_words(match.group(2))}"
    match = _EXPECTED_LEN.match(text)
    if match:
        kind, op, n = match.groups()
        bound = "at least" if op == ">=" else "at most"
        return f"expected {_words(kind)} of {bound} {n} item{'s' if n != '1' else ''}"
    if text.startswith("Invalid enum value "):
        return "invalid value " + text.removeprefix("Invalid enum value ")
    return text[:1].lower() + text[1:]


def _words(types: str) -> str:
    names = [_TYPE_WORDS.get(t.strip(), t.strip()) for t in types.split("|")]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def value_at(obj: Any, path: Iterable[str | int]) -> Any:
    """The value at ``path`` in a decoded JSON value, or ``None`` if it is not there."""
    for seg in path:
        try:
            obj = obj[seg]
        except (KeyError, IndexError, TypeError):
            return None
    return obj


def did_you_mean(key: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt key, or ``None``."""
    if len(key) > 64:  # no misspelling of a short key; and difflib is quadratic-ish
        return None
    close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.7)
    return f"did you mean `{close[0]}`?" if close else None


def _message_depth(fmt: str, path: Path) -> int | None:
    """Length of the message prefix of ``path`` if it lies in a message of ``messages``."""
    root: Path = ("input", "messages") if fmt == "preference" else ("messages",)
    n = len(root)
    if path[:n] == root and len(path) > n and isinstance(path[n], int):
        return n + 1
    return None


def _output_depth(fmt: str, path: Path) -> int | None:
    if fmt == "preference" and len(path) >= 2 and path[0] in _OUTPUTS and isinstance(path[1], int):
        return 2
    return None


def _area(path: Path) -> str | None:
    """The rule of a schema problem inside tools, calls, functions or image options."""
    if "tool_calls" in path:
        return "T001"
    if "function_call" in path:
        return "T008"
    head = path[1:] if path[:1] == ("input",) else path
    if head[:1] in (("tools",), ("parallel_tool_calls",)):
        return "T005"
    if head[:1] == ("functions",):
        return "T006"
    if path[-2:] == ("image_url", "detail"):
        return "V002"
    return None


_AREA_HINTS = {
    "T001": 'a tool call is {id, type: "function", function: {name, arguments}}; arguments'
    " is a JSON string (json.dumps)",
    "T005": 'a tool is {type: "function", function: {name, description?, parameters?, strict?}}',
    "T006": "`functions` holds 1 to 128 items of {name, description?, parameters?}",
    "T008": "`function_call` is {name, arguments}; arguments is a JSON string",
    "V002": "`detail` is one of auto, low or high",
}


def _in_area(path: Path, message: str, key: str | None = None) -> Explained | None:
    area = _area(path if key is None else (*path, key))
    if area is None:
        return None
    full = (*path, key) if key is not None else path
    hint = _AREA_HINTS[area]
    if area == "T001" and full[-1:] == ("arguments",):
        hint = "arguments is a JSON-encoded string: json.dumps(arguments)"
    return Explained(area, message, hint, full if key is None else path, key)


def explain(fmt: str, issue: Issue, obj: Mapping[str, Any]) -> Explained | None:
    """Map one schema issue of a line of format ``fmt`` to its rule; ``None`` drops it."""
    assert fmt in FORMAT_NAMES
    kind, path, key, text = issue
    if kind == "missing":
        return _missing(fmt, path, key or "", obj)
    if kind == "unknown":
        return _unknown(fmt, path, key or "", obj)
    if kind == "tag":
        return _tag(fmt, path, obj)
    return _invalid(fmt, path, text, obj)


def _missing(fmt: str, path: Path, key: str, obj: Mapping[str, Any]) -> Explained | None:
    if not path:
        if fmt == "preference":
            if any(old in obj and new == key for old, new in OLD_NAMES.items()):
                return None  # D004 on the old name says it all.
            return Explained("D001", f"preference example is missing `{key}`", None, path)
        if fmt == "completion":
            return Explained("L001", f"example is missing `{key}`", None, path)
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
            if _output_depth(fmt, path):
                return Explained(
                    "D002", "output message has no `role` (must be `assistant`)", None, path
                )
            return Explained("S004", "message has no `role`", _role_hint_list(fmt), path)
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


def short_key(key: str, limit: int = 40) -> str:
    """A key as shown in a message: long keys are cut."""
    return key if len(key) <= limit else key[: limit - 1] + "…"


def _unknown(fmt: str, path: Path, full_key: str, obj: Mapping[str, Any]) -> Explained | None:
    kpath = (*path, full_key)
    key = short_key(full_key)
    if not path and fmt == "completion":
        hint = did_you_mean(key, ("prompt", "completion")) or "the legacy tool drops extra keys"
        return Explained(
            "L002", f"extra key `{key}` besides prompt and completion", hint, kpath, full_key
        )
    if not path and fmt == "chat":
        if key in FOREIGN_KEYS and "messages" not in obj:
            return None  # S001 names the foreign format; one finding is enough.
        if key == "weight":
            hint = "`weight` goes on assistant messages, not on the example"
        else:
            hint = did_you_mean(key, CHAT_KEYS) or (
                "only reinforcement (RFT) data may carry extra keys for its graders;"
                " if this is RFT data, pass --format reinforcement"
            )
        return Explained("S003", f"unknown top-level key `{key}`", hint, kpath, full_key)
    if fmt == "preference" and (not path or path == ("input",)):
        if not path and key in OLD_NAMES:
            return Explained(
                "D004",
                f"`{key}` is the old name of `{OLD_NAMES[key]}`",
                f"did you mean `{OLD_NAMES[key]}`? The live API renamed it in 2025",
                kpath,
                key,
            )
        allowed = ("input", *_OUTPUTS) if not path else ("messages", "tools", "parallel_tool_calls")
        where = "preference example" if not path else "`input`"
        return Explained(
            "D003", f"unknown key `{key}` in {where}", did_you_mean(key, allowed), kpath, full_key
        )
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
    allowed = ROLE_KEYS.get(role, ())
    if key in ("text", "message", "value") and "content" in allowed:
        return "use `content` for the message text"
    return did_you_mean(key, allowed) or (
        f"{_article(role)} {role} message takes: {', '.join(allowed)}" if allowed else None
    )


def _role_hint_list(fmt: str) -> str:
    return "use one of: " + ", ".join(_ROLES_BY_FORMAT.get(fmt, m.CHAT_ROLES))


def _tag(fmt: str, path: Path, obj: Mapping[str, Any]) -> Explained:
    value = value_at(obj, path)
    depth = _message_depth(fmt, path)
    if depth is not None and len(path) == depth + 1 and path[-1] == "role":
        if fmt == "reinforcement" and value in ("system", "function"):
            hint = (
                "put instructions in a `developer` message"
                if value == "system"
                else "use `tool` messages for tool results"
            )
            return Explained(
                "G001", f"role `{value}` is not allowed in reinforcement data", hint, path
            )
        message = (
            f"invalid role {_short(value)}"
            if isinstance(value, str)
            else f"`role` must be a string, got {describe(value)}"
        )
        return Explained("S005", message, _role_hint(fmt, value), path)
    if _output_depth(fmt, path) and len(path) == 3 and path[-1] == "role":
        return Explained(
            "D002", f"output message has role {_short(value)}; it must be `assistant`", None, path
        )
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


def _role_hint(fmt: str, value: Any) -> str:
    roles = _ROLES_BY_FORMAT.get(fmt, m.CHAT_ROLES)
    if isinstance(value, str):
        low = value.lower().strip()
        if value == "developer":
            return "`developer` is a reinforcement-only role; supervised and DPO data use `system`"
        if low in roles:
            return f"roles are lower-case: use `{low}`"
        if low in _ROLE_SYNONYMS and _ROLE_SYNONYMS[low] in roles:
            return f"OpenAI calls this role `{_ROLE_SYNONYMS[low]}`"
    return _role_hint_list(fmt)


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


def _invalid(fmt: str, path: Path, text: str, obj: Mapping[str, Any]) -> Explained:
    value = value_at(obj, path)
    got = describe(value)
    if path in (("messages",), ("input", "messages")):
        return Explained("S002", f"`messages` must be a non-empty array, got {got}", None, path)
    if fmt == "preference" and path == ("input",):
        return Explained(
            "D001", f"`input` must be an object with `messages`, got {got}", None, path
        )
    if fmt == "preference" and len(path) == 1 and path[0] in _OUTPUTS:
        return Explained(
            "D002",
            f"`{path[0]}` must be a list of exactly one assistant message, got {got}",
            None,
            path,
        )
    if fmt == "completion" and len(path) == 1 and path[0] in ("prompt", "completion"):
        return Explained("L001", f"`{path[0]}` must be a string, got {got}", None, path)
    out = _output_depth(fmt, path)
    depth = _message_depth(fmt, path) or out
    if depth is not None:
        if len(path) == depth:
            if out:
                return Explained("D002", f"output message must be an object, got {got}", None, path)
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
                "S005", f"`role` must be a string, got {got}", _role_hint_list(fmt), path
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
