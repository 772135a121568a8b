"""What a user could run instead of ftlint: hand-written checks of OpenAI chat JSONL.

Every baseline checks the same structure of each line of a chat (supervised) file and
keeps one message per problem in a list, as a minimal validator would:

- the line is a JSON object whose keys are among ``messages``, ``tools``,
  ``parallel_tool_calls`` and ``functions``; ``messages`` is a non-empty list;
- each message is an object with a known ``role`` (system, user, assistant, tool,
  function) and only that role's keys;
- content types: system, user and tool take a string or a non-empty list of content parts
  (``text`` with a string ``text``, ``image_url`` with a string ``url`` and an optional
  ``detail`` of auto/low/high); an assistant's ``content`` may also be null or absent;
  a function message's content is a string or null;
- an assistant's ``weight``, if present, is the integer 0 or 1 (not ``true``, not ``1.0``);
- an assistant's ``tool_calls`` is a list of ``{"id": str, "type": "function",
  "function": {"name": str, "arguments": str}}``; a tool message has a string
  ``tool_call_id``; ``name``, ``refusal`` are strings;
- ``tools`` is a list of ``{"type": "function", "function": {"name": str, ...}}`` with an
  optional string ``description``, object ``parameters`` and boolean ``strict``;
  ``parallel_tool_calls`` is a boolean;
- across the line (a "cross-field" loop): at least one assistant message, and each
  assistant message has content or tool calls.

That is the structure of ftlint's chat Structs (``ftlint.schema.ROOTS["chat"]``) plus
its S008 (no assistant message) and C003 (missing assistant content) rules; ftlint
checks far more (roughly 80 rules) and says where each problem is.

The baselines, one factory each: it does the imports and set-up (untimed) and returns
the timed function ``(path) -> (lines, failed_lines, problems)``:

- ``msgspec_typed``: ``msgspec.json.Decoder(ROOTS["chat"])`` (ftlint's own Structs) per
  line, then the cross-field loop on the Structs;
- ``msgspec_untyped``: ``msgspec.json.Decoder()`` to dicts, then :func:`check_dict`;
- ``orjson``: ``orjson.loads``, then :func:`check_dict`;
- ``stdlib_json``: ``json.loads``, then :func:`check_dict` (the cookbook's way);
- ``pydantic``: pydantic v2 models (role-discriminated union, ``extra="forbid"``,
  strict) with ``model_validate_json`` per line, then the cross-field loop.

The bare typed decode (no cross-field loop), the target's yardstick, is in
``bench_all.py``. orjson and pydantic are not ftlint dependencies: install them into the
virtualenv for the benchmark only (``pip install orjson pydantic``).

``python bench/baselines.py FILE`` runs each baseline once and prints its line and
failed-line counts, so one can see that they agree (a blank line counts as a failed line).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

ROLES = ("system", "user", "assistant", "tool", "function")
TOP_KEYS = frozenset({"messages", "tools", "parallel_tool_calls", "functions"})
MESSAGE_KEYS = {
    "system": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset(
        {"role", "content", "refusal", "name", "audio", "tool_calls", "function_call", "weight"}
    ),
    "tool": frozenset({"role", "content", "tool_call_id"}),
    "function": frozenset({"role", "content", "name"}),
}
FUNCTION_KEYS = frozenset({"name", "description", "parameters", "strict"})
DETAILS = ("auto", "low", "high")
_MISSING = object()

Result = tuple[int, int, list[tuple[int, str]]]
Runner = Callable[[str], Result]


# -- the dict checks (msgspec untyped, orjson, stdlib json) ------------------------------


def _parts_problem(parts: Any) -> str | None:
    if type(parts) is not list or not parts:
        return "content must be a string or a non-empty list of parts"
    for part in parts:
        if type(part) is not dict:
            return "a content part must be an object"
        kind = part.get("type")
        if kind == "text":
            if type(part.get("text")) is not str or len(part) != 2:
                return "a text part needs a string `text` and nothing else"
        elif kind == "image_url":
            image = part.get("image_url")
            if type(image) is not dict or type(image.get("url")) is not str or len(part) != 2:
                return "an image part needs an `image_url` object with a string `url`"
            if not image.keys() <= {"url", "detail"}:
                return "unknown key in `image_url`"
            if "detail" in image and image["detail"] not in DETAILS:
                return "`detail` must be auto, low or high"
        else:
            return f"unknown content part type {kind!r}"
    return None


def _tool_calls_problem(calls: Any) -> str | None:
    if type(calls) is not list:
        return "`tool_calls` must be a list"
    for call in calls:
        if type(call) is not dict or call.keys() != {"id", "type", "function"}:
            return "a tool call must have exactly `id`, `type` and `function`"
        fn = call["function"]
        if type(call["id"]) is not str or call["type"] != "function":
            return "a tool call needs a string `id` and `type` function"
        if (
            type(fn) is not dict
            or fn.keys() != {"name", "arguments"}
            or type(fn["name"]) is not str
            or type(fn["arguments"]) is not str
        ):
            return "a tool call's `function` needs a string `name` and string `arguments`"
    return None


def _tools_problem(tools: Any) -> str | None:
    if type(tools) is not list:
        return "`tools` must be a list"
    for tool in tools:
        if type(tool) is not dict or tool.keys() != {"type", "function"}:
            return "a tool must have exactly `type` and `function`"
        fn = tool["function"]
        if tool["type"] != "function" or type(fn) is not dict:
            return "a tool needs `type` function and a `function` object"
        if type(fn.get("name")) is not str or not fn.keys() <= FUNCTION_KEYS:
            return "a tool's function needs a string `name` and only known keys"
        if "description" in fn and type(fn["description"]) is not str:
            return "`description` must be a string"
        if "parameters" in fn and type(fn["parameters"]) is not dict:
            return "`parameters` must be an object"
        if "strict" in fn and fn["strict"] is not None and type(fn["strict"]) is not bool:
            return "`strict` must be a boolean"
    return None


def check_dict(obj: Any, lineno: int, out: list[tuple[int, str]]) -> bool:
    """Check one decoded line; append its problems to ``out``; True if it has none."""
    before = len(out)
    if type(obj) is not dict:
        out.append((lineno, "line is not a JSON object"))
        return False
    for key in obj:
        if key not in TOP_KEYS:
            out.append((lineno, f"unknown top-level key {key!r}"))
    if "tools" in obj:
        problem = _tools_problem(obj["tools"])
        if problem:
            out.append((lineno, problem))
    if "parallel_tool_calls" in obj and type(obj["parallel_tool_calls"]) is not bool:
        out.append((lineno, "`parallel_tool_calls` must be a boolean"))
    if "functions" in obj and (type(obj["functions"]) is not list or not obj["functions"]):
        out.append((lineno, "`functions` must be a non-empty list"))
    messages = obj.get("messages")
    if type(messages) is not list or not messages:
        out.append((lineno, "`messages` must be a non-empty list"))
        return False
    assistant = False
    for i, msg in enumerate(messages):
        if type(msg) is not dict:
            out.append((lineno, f"messages[{i}] is not an object"))
            continue
        role = msg.get("role")
        allowed = MESSAGE_KEYS.get(role) if type(role) is str else None
        if allowed is None:
            out.append((lineno, f"messages[{i}]: unknown role {role!r}"))
            continue
        for key in msg:
            if key not in allowed:
                out.append((lineno, f"messages[{i}]: unknown key {key!r} for role {role}"))
        content = msg.get("content", _MISSING)
        name = msg.get("name", _MISSING)
        if name is not _MISSING and (type(name) is not str or role == "tool"):
            out.append((lineno, f"messages[{i}]: `name` must be a string"))
        if role == "assistant":
            assistant = True
            calls = msg.get("tool_calls", _MISSING)
            if calls is not _MISSING:
                problem = _tool_calls_problem(calls)
                if problem:
                    out.append((lineno, f"messages[{i}]: {problem}"))
            if "weight" in msg:
                weight = msg["weight"]
                if type(weight) is not int or not 0 <= weight <= 1:
                    out.append((lineno, f"messages[{i}]: `weight` must be 0 or 1"))
            if "refusal" in msg and msg["refusal"] is not None and type(msg["refusal"]) is not str:
                out.append((lineno, f"messages[{i}]: `refusal` must be a string"))
            if content is _MISSING or content is None:
                if not calls and msg.get("function_call") is None:
                    out.append((lineno, f"messages[{i}]: assistant message without content"))
            elif type(content) is not str:
                problem = _parts_problem(content)
                if problem:
                    out.append((lineno, f"messages[{i}]: {problem}"))
            continue
        if role == "function":
            if content is not None and type(content) is not str:
                out.append((lineno, f"messages[{i}]: content must be a string or null"))
            if type(name) is not str:
                out.append((lineno, f"messages[{i}]: a function message needs a `name`"))
            continue
        if role == "tool" and type(msg.get("tool_call_id")) is not str:
            out.append((lineno, f"messages[{i}]: a tool message needs a string `tool_call_id`"))
        if content is _MISSING:
            out.append((lineno, f"messages[{i}]: `content` is required"))
        elif type(content) is not str:
            problem = _parts_problem(content)
            if problem:
                out.append((lineno, f"messages[{i}]: {problem}"))
    if not assistant:
        out.append((lineno, "no assistant message"))
    return len(out) == before


def _dict_baseline(
    loads: Callable[[bytes], Any], errors: tuple[type[BaseException], ...]
) -> Runner:
    def run(path: str) -> Result:
        out: list[tuple[int, str]] = []
        lines = failed = 0
        with open(path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                lines = lineno
                try:
                    obj = loads(line)
                except errors as exc:
                    out.append((lineno, f"invalid JSON: {exc}"))
                    failed += 1
                    continue
                if not check_dict(obj, lineno, out):
                    failed += 1
        return lines, failed, out

    return run


def msgspec_untyped() -> Runner:
    import msgspec

    dec = msgspec.json.Decoder()
    return _dict_baseline(dec.decode, (msgspec.DecodeError, UnicodeDecodeError))


def orjson() -> Runner:
    import orjson as oj

    return _dict_baseline(oj.loads, (oj.JSONDecodeError,))


def stdlib_json() -> Runner:
    import json

    return _dict_baseline(json.loads, (ValueError,))


# -- typed baselines: msgspec Structs and pydantic models -------------------------------


def _cross(
    messages: Any, lineno: int, out: list[tuple[int, str]], unset: Any, assistant_type: type
) -> bool:
    """The cross-field loop on typed messages (msgspec Structs or pydantic models)."""
    ok = True
    assistant = False
    for i, msg in enumerate(messages):
        if type(msg) is assistant_type:
            assistant = True
            content = msg.content
            if (content is None or content is unset) and not (msg.tool_calls or msg.function_call):
                out.append((lineno, f"messages[{i}]: assistant message without content"))
                ok = False
    if not assistant:
        out.append((lineno, "no assistant message"))
        ok = False
    return ok


def msgspec_typed() -> Runner:
    """ftlint's own chat Structs, one reused Decoder, then the cross-field loop."""
    import msgspec

    from ftlint.schema import ROOTS
    from ftlint.schema.messages import AssistantMessage

    dec = msgspec.json.Decoder(ROOTS["chat"])
    errors = (msgspec.DecodeError, UnicodeDecodeError)
    unset = msgspec.UNSET

    def run(path: str) -> Result:
        out: list[tuple[int, str]] = []
        lines = failed = 0
        with open(path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                lines = lineno
                try:
                    example = dec.decode(line)
                except errors as exc:
                    out.append((lineno, str(exc)))
                    failed += 1
                    continue
                if not _cross(example.messages, lineno, out, unset, AssistantMessage):
                    failed += 1
        return lines, failed, out

    return run


def _pydantic_model() -> Any:
    from typing import Annotated, Literal, Union

    from pydantic import BaseModel, ConfigDict, Field

    class Base(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    class TextPart(Base):
        type: Literal["text"]
        text: str

    class ImageURL(Base):
        url: str
        detail: Literal["auto", "low", "high"] = "auto"

    class ImagePart(Base):
        type: Literal["image_url"]
        image_url: ImageURL

    Part = Annotated[Union[TextPart, ImagePart], Field(discriminator="type")]  # noqa: UP007
    Parts = Annotated[list[Part], Field(min_length=1)]

    class FunctionCall(Base):
        name: str
        arguments: str

    class ToolCall(Base):
        id: str
        type: Literal["function"]
        function: FunctionCall

    class System(Base):
        role: Literal["system"]
        content: str | Parts
        name: str = ""

    class User(Base):
        role: Literal["user"]
        content: str | Parts
        name: str = ""

    class AudioRef(Base):
        id: str

    class Assistant(Base):
        role: Literal["assistant"]
        content: str | Parts | None = None
        refusal: str | None = None
        name: str = ""
        audio: AudioRef | None = None
        tool_calls: list[ToolCall] = Field(default_factory=list)  # null is an error
        function_call: FunctionCall | None = None
        # A strict int with bounds: Optional[Literal[0, 1]] would accept true and 1.0.
        weight: int = Field(1, ge=0, le=1)

    class Tool(Base):
        role: Literal["tool"]
        content: str | Parts
        tool_call_id: str

    class FunctionMessage(Base):
        role: Literal["function"]
        content: str | None
        name: str

    Message = Annotated[
        Union[System, User, Assistant, Tool, FunctionMessage],  # noqa: UP007
        Field(discriminator="role"),
    ]

    class FunctionObject(Base):
        name: str
        description: str = ""
        parameters: dict[str, Any] = Field(default_factory=dict)
        strict: bool | None = None

    class ToolDef(Base):
        type: Literal["function"]
        function: FunctionObject

    class LegacyFunction(Base):
        name: str
        description: str = ""
        parameters: dict[str, Any] = Field(default_factory=dict)

    class Example(Base):
        messages: Annotated[list[Message], Field(min_length=1)]
        tools: list[ToolDef] = Field(default_factory=list)
        parallel_tool_calls: bool = True
        functions: Annotated[list[LegacyFunction], Field(min_length=1)] | None = None

    return Example, Assistant


def pydantic() -> Runner:
    """pydantic v2 models, ``model_validate_json`` per line, then the cross-field loop."""
    from pydantic import ValidationError

    model, assistant = _pydantic_model()
    validate = model.model_validate_json

    def run(path: str) -> Result:
        out: list[tuple[int, str]] = []
        lines = failed = 0
        with open(path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                lines = lineno
                try:
                    example = validate(line)
                except ValidationError as exc:
                    out.append((lineno, str(exc)))
                    failed += 1
                    continue
                if not _cross(example.messages, lineno, out, None, assistant):
                    failed += 1
        return lines, failed, out

    return run


# name -> a factory that does its imports and set-up, and returns the timed function.
BASELINES: dict[str, Callable[[], Runner]] = {
    "msgspec_typed": msgspec_typed,
    "msgspec_untyped": msgspec_untyped,
    "orjson": orjson,
    "stdlib_json": stdlib_json,
    "pydantic": pydantic,
}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/baselines.py FILE", file=sys.stderr)
        return 2
    for name, factory in BASELINES.items():
        run = factory()
        t0 = time.perf_counter()
        lines, failed, problems = run(argv[0])
        dt = time.perf_counter() - t0
        print(f"{name:16} {dt:7.3f} s  lines {lines}  failed {failed}  problems {len(problems)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
