"""The shapes of tools and tool calls: how a schema issue in them is explained (T001,
T005, T006, T008), and the remedies of ``ftlint fix`` (T001, T008, T013, T010).

This is the schema-and-repair half of the tool rules, whose definitions, docs and checks
on valid examples are in :mod:`.tools`; each entry is registered under its rule's code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import msgspec

from ..schema.collect import Path
from .explain_common import schema_area
from .registry import MESSAGE_FORMATS
from .remedies import remedy
from .structure import message_lists

_ENCODE = msgspec.json.encode
_CANONICAL = msgspec.json.Encoder(order="sorted")
_DECODE = msgspec.json.decode
_OUTPUTS = ("preferred_output", "non_preferred_output")


def _messages(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every message of an example, a DPO example's outputs included."""
    lists = message_lists(obj) + [obj[k] for k in _OUTPUTS if isinstance(obj.get(k), list)]
    for messages in lists:
        for m in messages:
            if isinstance(m, dict):
                yield m


def _functions(obj: dict[str, Any], calls: bool, function_call: bool) -> Iterator[dict[str, Any]]:
    """The function objects of the example's tool calls and/or its `function_call`s."""
    for m in _messages(obj):
        if calls and isinstance(m.get("tool_calls"), list):
            for call in m["tool_calls"]:
                if isinstance(call, dict) and isinstance(call.get("function"), dict):
                    yield call["function"]
        if function_call and isinstance(m.get("function_call"), dict):
            yield m["function_call"]


def _encode_object_arguments(functions: Iterator[dict[str, Any]]) -> bool:
    changed = False
    for function in functions:
        if isinstance(function.get("arguments"), dict):
            function["arguments"] = _ENCODE(function["arguments"]).decode()
            changed = True
    return changed


@remedy(
    "T001",
    "encoded a tool call's `arguments` object as its JSON string",
    kind="object",
    formats=MESSAGE_FORMATS,
)
def _tool_call_arguments(obj: dict[str, Any], fmt: str) -> bool:
    return _encode_object_arguments(_functions(obj, True, False))


@remedy(
    "T008",
    "encoded a `function_call`'s `arguments` object as its JSON string",
    kind="object",
    formats=MESSAGE_FORMATS,
)
def _function_call_arguments(obj: dict[str, Any], fmt: str) -> bool:
    return _encode_object_arguments(_functions(obj, False, True))


def _decoded_once(arguments: Any) -> str | None:
    """The JSON text a twice-encoded ``arguments`` string holds, as T013 finds it."""
    if not isinstance(arguments, str):
        return None
    try:
        value = _DECODE(arguments)
        if isinstance(value, str) and isinstance(_DECODE(value), (dict, list)):
            return value
    except (msgspec.DecodeError, RecursionError):
        pass
    return None


@remedy(
    "T013",
    "decoded twice-encoded `arguments` once",
    kind="object",
    formats=MESSAGE_FORMATS,
)
def _double_encoded(obj: dict[str, Any], fmt: str) -> bool:
    changed = False
    for function in _functions(obj, True, True):
        once = _decoded_once(function.get("arguments"))
        if once is not None:
            function["arguments"] = once
            changed = True
    return changed


# -- functions -> tools: opt-in ------------------------------------------------------------


@functools.cache
def _deprecated() -> re.Pattern[bytes]:
    """The keys of the functions API; compiled when --upgrade-functions first needs it."""
    return re.compile(rb'"functions"|"function_call"|"role"\s*:\s*"function"')


def _uses_functions(raw: bytes) -> bool:
    return _deprecated().search(raw) is not None


def call_id(obj: dict[str, Any], index: int) -> str:
    """The id of the ``index``-th call made from a `function_call`: a hash of the
    example (its canonical JSON) and the index, so every run gives the same ids."""
    import hashlib  # here: only `ftlint fix --upgrade-functions` makes ids

    seed = _CANONICAL.encode(obj) + b"\x00" + str(index).encode()
    return "call_" + hashlib.sha256(seed).hexdigest()[:24]


def _replace_key(d: dict[str, Any], old: str, new: str, value: Any) -> None:
    """``d`` with key ``old`` renamed ``new`` (and given ``value``) in its place."""
    items = [(new, value) if k == old else (k, v) for k, v in d.items()]
    d.clear()
    d.update(items)


def _upgrade_messages(obj: dict[str, Any], messages: list[Any]) -> list[Any] | None:
    """The messages with calls and answers as tools, or ``None`` if one cannot be."""
    out: list[Any] = []
    last: tuple[str, str] | None = None  # (name, id) of the latest call
    count = 0
    for m in messages:
        if not isinstance(m, dict):
            return None
        m = dict(m)
        call = m.get("function_call")
        if call is not None:
            if not isinstance(call, dict) or "tool_calls" in m or m.get("role") != "assistant":
                return None
            cid = call_id(obj, count)
            count += 1
            last = (str(call.get("name")), cid)
            _replace_key(
                m,
                "function_call",
                "tool_calls",
                [{"id": cid, "type": "function", "function": call}],
            )
        elif m.get("role") == "function":
            # An answer goes to the call just made of its function; one without a call,
            # or without text, cannot become a tool message.
            if last is None or m.get("name") != last[0] or not isinstance(m.get("content"), str):
                return None
            m = {"role": "tool", "tool_call_id": last[1], "content": m["content"]}
            last = None
        out.append(m)
    return out


@remedy(
    "T010",
    "turned `functions` and `function_call` into `tools` and `tool_calls` (ids from a"
    " hash of the example)",
    kind="object",
    opt_in=True,
    flag="--upgrade-functions",
    formats=("chat",),
    trigger=_uses_functions,
)
def _upgrade_functions(obj: dict[str, Any], fmt: str) -> bool:
    messages = obj.get("messages")
    if not isinstance(messages, list):
        return False
    functions = obj.get("functions")
    if functions is not None and ("tools" in obj or not isinstance(functions, list)):
        return False  # mixed with tools, or malformed: left to T006 and T010 findings
    upgraded = _upgrade_messages(obj, messages)
    if upgraded is None or (upgraded == messages and functions is None):
        return False
    obj["messages"] = upgraded
    if functions is not None:
        tools = [{"type": "function", "function": f} for f in functions]
        _replace_key(obj, "functions", "tools", tools)
    return True


# -- schema issues: the areas of T001, T008, T005 and T006, tried in this order --------


@schema_area("T001")
def _tool_call_hint(path: Path) -> str | None:
    if "tool_calls" not in path:
        return None
    if path[-1:] == ("arguments",):
        return "arguments is a JSON-encoded string: json.dumps(arguments)"
    return (
        'a tool call is {id, type: "function", function: {name, arguments}}; arguments'
        " is a JSON string (json.dumps)"
    )


@schema_area("T008")
def _function_call_hint(path: Path) -> str | None:
    if "function_call" not in path:
        return None
    return "`function_call` is {name, arguments}; arguments is a JSON string"


def _head(path: Path) -> Path:
    return path[1:] if path[:1] == ("input",) else path


@schema_area("T005")
def _tools_hint(path: Path) -> str | None:
    if _head(path)[:1] not in (("tools",), ("parallel_tool_calls",)):
        return None
    return 'a tool is {type: "function", function: {name, description?, parameters?, strict?}}'


@schema_area("T006")
def _functions_hint(path: Path) -> str | None:
    if _head(path)[:1] != ("functions",):
        return None
    return "`functions` holds 1 to 128 items of {name, description?, parameters?}"
