"""Tool and function rules (T): definitions, calls and their answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import UNSET

from ..schema.collect import Path
from ..schema.messages import (
    AssistantMessage,
    AssistantOutput,
    FunctionCall,
    FunctionMessage,
    ToolMessage,
)
from .argschema_loader import VALIDATORS
from .content import valid_name
from .registry import (
    define,
    on_definitions,
    on_end,
    on_message,
    on_tool_answer,
    on_tool_calls,
    on_turn_end,
)
from .structure import MESSAGE_FORMATS
from .verdicts import ACCEPTED, NOT_DECODED, SEARCH_SECONDS, Unchecked

if TYPE_CHECKING:
    from . import argschema
    from .context import LineContext
    from .walk import Visit

FUNCTION_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")

_U = '{"role": "user", "content": "Weather in Oslo?"}'
_TOOLS = '"tools": [{"type": "function", "function": {"name": "get_weather", "parameters": ' + (
    '{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]'
)


def _call(name: str = "get_weather", arguments: str = '"{\\"city\\": \\"Oslo\\"}"') -> str:
    return (
        '{"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": '
        f'"function", "function": {{"name": "{name}", "arguments": {arguments}}}}}]}}'
    )


_ANSWER = '{"role": "tool", "tool_call_id": "call_1", "content": "12 C"}'
_FINAL = '{"role": "assistant", "content": "12 degrees."}'
GOOD = f'{{"messages": [{_U}, {_call()}, {_ANSWER}, {_FINAL}], {_TOOLS}}}'

INVALID_TOOL_CALL = define(
    "T001",
    "invalid-tool-call",
    ["R24"],
    """
    A `tool_calls` item does not have the shape
    `{id: string, type: "function", function: {name: string, arguments: string}}`.

    `arguments` is a JSON-encoded *string* (as `json.dumps` makes it), not an object.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507; G-FT24 examples",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"arguments": "{\\"city\\": \\"Oslo\\"}"', '"arguments": {"city": "Oslo"}'),
    good=GOOD,
)

ORPHAN_TOOL_MESSAGE = define(
    "T002",
    "orphan-tool-message",
    ["R28"],
    """
    A tool message answers no earlier tool call: its `tool_call_id` matches no `id` in the
    `tool_calls` of an earlier assistant message.

    Chat Completions rejects this ("messages with role 'tool' must be a response to a
    preceeding message with 'tool_calls'"); fine-tuning enforcement is not documented.
    """,
    treatment="REJECT?",
    confidence="L",
    source="Chat Completions errors (code index)",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"tool_call_id": "call_1"', '"tool_call_id": "call_9"'),
    good=GOOD,
)

UNANSWERED_CALL = define(
    "T003",
    "unanswered-tool-call",
    ["R28"],
    """
    A tool call is not answered by a tool message before the next user or assistant turn.

    Chat Completions rejects this ("An assistant message with 'tool_calls' must be followed
    by tool messages responding to each 'tool_call_id'"). An example may end on an
    assistant message with `tool_calls` and no answer (R25): that is valid.
    """,
    treatment="REJECT?",
    confidence="L",
    source="Chat Completions errors (code index); R25",
    formats=MESSAGE_FORMATS,
    bad=f'{{"messages": [{_U}, {_call()}, {_FINAL}], {_TOOLS}}}',
    good=f'{{"messages": [{_U}, {_call()}], {_TOOLS}}}',
)

DUPLICATE_CALL_ID = define(
    "T004",
    "duplicate-tool-call-id",
    ["R28"],
    """
    Two tool calls in one example share an `id`.

    Each tool message answers one call by its id, so ids must be unique in an example.
    """,
    treatment="REJECT?",
    confidence="L",
    source="Chat Completions semantics",
    formats=MESSAGE_FORMATS,
    bad=f'{{"messages": [{_U}, {_call()}, {_ANSWER}, {_call()}, {_ANSWER}, {_FINAL}], {_TOOLS}}}',
    good=GOOD,
)

INVALID_TOOL = define(
    "T005",
    "invalid-tool-definition",
    ["R29", "R30", "R32"],
    """
    A `tools` item or `parallel_tool_calls` does not match the schema.

    `tools` is an array of `{type: "function", function: {name, description?,
    parameters?, strict?}}`; `parameters` is a JSON Schema object; `strict` is a boolean or
    null; `parallel_tool_calls` is a boolean.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507; G-FT24",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace(
        '"type": "function", "function": {"name": "get_weather", "parameters"',
        '"type": "retrieval", "function": {"name": "get_weather", "parameters"',
    ),
    good=GOOD,
)

INVALID_FUNCTIONS = define(
    "T006",
    "invalid-functions",
    ["R33"],
    """
    The deprecated `functions` list does not match the schema.

    It holds 1 to 128 items of `{name, description?, parameters?}`. `functions` and
    `function_call` are deprecated in favour of `tools`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507; G-FT24",
    formats=("chat",),
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": "12 C"}], "functions": []}',
    good='{"messages": [' + _U + ', {"role": "assistant", "content": "12 C"}], "functions": '
    '[{"name": "get_weather"}]}',
)

INVALID_FUNCTION_NAME = define(
    "T007",
    "invalid-function-name",
    ["R31"],
    """
    A function name is not 1 to 64 characters of `a-z`, `A-Z`, `0-9`, `_` and `-`.

    This applies to names in `tools`, in `functions`, in tool calls, in `function_call` and
    on function messages.
    """,
    treatment="REJECT?",
    confidence="M",
    source="SPEC-2507 description",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace("get_weather", "get weather"),
    good=GOOD,
)

INVALID_FUNCTION_CALL = define(
    "T008",
    "invalid-function-call",
    ["R34"],
    """
    A deprecated `function_call` is malformed, or comes with text content.

    `function_call` is `{name: string, arguments: string}`, and the assistant's `content`
    is then null or absent.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507, SPEC-2309",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": "Let me look.", '
    '"function_call": {"name": "get_weather", "arguments": "{}"}}]}',
    good='{"messages": [' + _U + ', {"role": "assistant", "content": null, '
    '"function_call": {"name": "get_weather", "arguments": "{}"}}]}',
)

UNDEFINED_FUNCTION = define(
    "T009",
    "undefined-function",
    ["R35"],
    """
    A call names a function that the example's `tools` (or `functions`) do not define.

    Only checked when the example defines tools or functions at all.
    """,
    treatment="WARN",
    confidence="L",
    source="none official (consistency)",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"name": "get_weather", "arguments"', '"name": "get_forecast", "arguments"'),
    good=GOOD,
)

MIXED_TOOLS = define(
    "T010",
    "mixed-tools-and-functions",
    ["R35"],
    """
    An example mixes `tools`/`tool_calls` with the deprecated `functions`/`function_call`.

    Use one mechanism per example, preferably `tools`.
    """,
    treatment="WARN",
    confidence="L",
    source="none official (consistency)",
    formats=("chat",),
    bad=GOOD[:-1] + ', "functions": [{"name": "get_weather"}]}',
    good=GOOD,
)

ARGUMENTS_NOT_JSON = define(
    "T011",
    "arguments-not-json",
    ["R36"],
    """
    A call's `arguments` string does not parse as JSON.

    The model learns to produce exactly these arguments, so they should be the JSON the
    function expects.
    """,
    treatment="WARN",
    confidence="L",
    source="SPEC-2507 description",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"{\\"city\\": \\"Oslo\\"}"', '"{city: Oslo}"'),
    good=GOOD,
)

ARGUMENTS_SCHEMA = define(
    "T012",
    "arguments-schema-mismatch",
    ["R36"],
    f"""
    A call's arguments do not validate against the function's `parameters` JSON Schema.

    For example a missing required argument or a value of the wrong type, as `jsonschema`
    judges them (the draft the schema declares, else 2020-12; an invalid schema is T014's),
    most by ftlint itself, with the same verdicts and messages, and only arguments that
    parse as JSON. Reported as not checked: arguments that a `pattern` backtracks on for
    {SEARCH_SECONDS:g} s (`^(a|aa)+$`), and calls stopped by a `$ref` loop, ladder or dead end.
    """,
    treatment="WARN",
    confidence="L",
    source="SPEC-2507 description",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"{\\"city\\": \\"Oslo\\"}"', '"{\\"town\\": \\"Oslo\\"}"'),
    good=GOOD,
)

DOUBLE_ENCODED = define(
    "T013",
    "arguments-double-encoded",
    ["R24", "R36"],
    """
    A call's `arguments` is JSON-encoded twice: it parses to a string that is itself JSON.

    A common mistake when arguments are `json.dumps`-ed once too often; the model would
    learn to emit an escaped string instead of an object.
    """,
    treatment="WARN",
    confidence="L",
    source="§7 real files",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace(
        '"{\\"city\\": \\"Oslo\\"}"', '"\\"{\\\\\\"city\\\\\\": \\\\\\"Oslo\\\\\\"}\\""'
    ),
    good=GOOD,
)


# -- checks on valid examples ------------------------------------------------------------

_JSON = msgspec.json.Decoder()
_KNOWN_FUNCTION_NAMES: set[str] = set()  # names known to be valid (`content.valid_name`)
_UNDEFINED: Any = object()  # not in `defs`; UNSET there means defined without parameters


class _Calls:
    """Tool calls of one example: the definitions, the ids seen, those still unanswered."""

    __slots__ = (
        "defs", "fine", "functions_at", "ids", "open", "outputs", "schemas",
        "tool_calls_at", "validators",
    )  # fmt: skip

    def __init__(self, defs: dict[str, Any] | None, fine: bool, schemas: bool) -> None:
        self.defs = defs
        self.fine = fine
        # A function's schema is looked up once per example, however many calls it has.
        self.validators: dict[str, argschema.Validator] = {}
        self.ids: set[str] = set()
        # Call id -> its `tool_calls` path and index (its own path is built only to report).
        self.open: dict[str, tuple[Path, int]] = {}
        self.schemas = schemas  # whether T012 is checked, asked once per example
        # Where each mechanism is first used (T010): the definitions, else the first call.
        self.tool_calls_at: Path | None = None
        self.functions_at: Path | None = None
        # A DPO example's outputs: the same definitions, their own ids, never answered.
        self.outputs: _Calls | None = None


@on_definitions(*MESSAGE_FORMATS)
def _read_definitions(ctx: LineContext, visit: Visit) -> _Calls:
    """The tool-call state of the conversation (``visit.calls``): made at its start when
    it defines tools or functions, so they are read once; else on first use."""
    owner = visit.owner
    functions = getattr(owner, "functions", UNSET)
    defs, fine = _definitions(owner.tools, functions)
    state = visit.calls = _Calls(defs, fine, ctx.enabled("T012"))
    if functions is not UNSET:
        state.functions_at = ("functions",)
    # While calls are unanswered, the walk tells `_unanswered` of each turn's end (T003).
    visit.pending = state.open
    return state


def _object_json(raw: Any) -> bool:
    """Whether raw ``parameters`` JSON is an object (or absent), told by its first byte."""
    return raw is UNSET or bytes(raw)[:1] == b"{" or bytes(raw).lstrip()[:1] == b"{"


def _definitions(tools: Any, functions: Any) -> tuple[dict[str, Any] | None, bool]:
    """Function name -> its ``parameters`` (or UNSET), or ``None`` when nothing is defined;
    and whether every definition is fine (else `_definition_names` reports it).

    One pass serves both, so the common example reads its definitions once; the rare one
    with a bad definition reads them again to report, after the messages' findings."""
    if tools is UNSET and functions is UNSET:
        return None, True
    defs: dict[str, Any] = {}
    fine = True
    known = _KNOWN_FUNCTION_NAMES
    if tools is not UNSET:
        for tool in tools:
            function = tool.function
            name = function.name
            params = defs[name] = function.parameters
            if fine and not (
                (name in known or valid_name(name, FUNCTION_NAME, known)) and _object_json(params)
            ):
                fine = False
    if functions is not UNSET:
        for function in functions:
            name = function.name
            params = defs[name] = function.parameters
            if fine and not (
                (name in known or valid_name(name, FUNCTION_NAME, known)) and _object_json(params)
            ):
                fine = False
    return defs, fine


def _function_name(ctx: LineContext, name: str, path: Path) -> None:
    if not valid_name(name, FUNCTION_NAME, _KNOWN_FUNCTION_NAMES):
        ctx.report(
            "T007",
            f"function name {msgspec.json.encode(name).decode()} is not 1-64 characters of"
            " a-z, A-Z, 0-9, _ and -",
            path,
        )


def _arguments(
    ctx: LineContext, arguments: str, validator: argschema.Validator | None, path: Path, value: Any
) -> None:
    try:  # the validator may have parsed the arguments already
        value = _JSON.decode(arguments) if value is NOT_DECODED else value
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        ctx.report(
            "T011",
            f"arguments are not valid JSON: {exc}".replace("JSON is malformed: ", ""),
            path,
            hint='arguments is a JSON-encoded string, such as "{\\"city\\": \\"Oslo\\"}"',
        )
        return
    if isinstance(value, str):
        try:
            inner = _JSON.decode(value)
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            inner = None
        if isinstance(inner, (dict, list)):
            ctx.report(
                "T013",
                "arguments are JSON-encoded twice (a string holding JSON)",
                path,
                hint="encode the arguments object once: json.dumps(args)",
            )
            return
    if validator is None:
        return
    error = validator.error(value, detail=not ctx.folded("T012"))  # unless only counted
    if error is not None:
        lead = "could not be checked against" if isinstance(error, Unchecked) else "do not match"
        hint = error.hint if isinstance(error, Unchecked) else None
        ctx.report("T012", f"arguments {lead} the function's parameters: {error}", path, hint=hint)


def _check_call(
    ctx: LineContext, function: FunctionCall, state: _Calls, parent: Path, at: Path
) -> None:
    """Name, definition and arguments of one call, whose function object is at
    ``(*parent, *at)``: a path only built to report, as most calls report nothing."""
    name = function.name
    if name not in _KNOWN_FUNCTION_NAMES:
        _function_name(ctx, name, (*parent, *at, "name"))
    params: Any = UNSET
    defs = state.defs
    if defs is not None:
        params = defs.get(name, _UNDEFINED)
        if params is _UNDEFINED:
            params = UNSET
            ctx.report(
                "T009",
                f"function {name!r} is not defined in this example's tools or functions",
                (*parent, *at, "name"),
                hint="defined: " + (", ".join(sorted(defs)) or "none"),
            )
    validator = None
    if params is not UNSET and params is not None and state.schemas:
        validator = state.validators.get(name)
        if validator is None:
            validator = state.validators[name] = VALIDATORS.of(name, params)
    value = NOT_DECODED if validator is None else validator.judge(function.arguments)
    if value is not ACCEPTED:  # else nothing that `_arguments` could report
        _arguments(ctx, function.arguments, validator, (*parent, *at, "arguments"), value)


def _tool_calls(ctx: LineContext, calls: Sequence[Any], path: Path, state: _Calls) -> None:
    """The calls of one `tool_calls` list, at ``path``."""
    ids, unanswered = state.ids, state.open
    for j, call in enumerate(calls):
        cid = call.id
        if cid in ids:
            ctx.report(
                "T004", f"tool call id {cid!r} is used twice in this example", (*path, j, "id")
            )
        ids.add(cid)
        unanswered[cid] = (path, j)
        _check_call(ctx, call.function, state, path, (j, "function"))


@on_tool_calls(AssistantMessage)
def _assistant(ctx: LineContext, m: AssistantMessage, path: Path, visit: Visit) -> None:
    calls = m.tool_calls
    if calls is not UNSET:
        state = visit.calls or _read_definitions(ctx, visit)
        at = (*path, "tool_calls")
        if state.tool_calls_at is None:
            state.tool_calls_at = at
        _tool_calls(ctx, calls, at, state)
    fcall = m.function_call
    if fcall is not UNSET and fcall is not None:
        _function_call(ctx, m, fcall, path, visit.calls or _read_definitions(ctx, visit))


@on_tool_calls(AssistantOutput, formats=("preference",))
def _output(ctx: LineContext, m: AssistantOutput, path: Path, visit: Visit) -> None:
    calls, fcall = m.tool_calls, m.function_call
    if calls is UNSET and (fcall is UNSET or fcall is None):
        return
    state = visit.calls or _read_definitions(ctx, visit)
    if state.outputs is None:
        state.outputs = _Calls(state.defs, state.fine, state.schemas)
    state = state.outputs
    if calls is not UNSET:
        _tool_calls(ctx, calls, (*path, "tool_calls"), state)
    if fcall is not UNSET and fcall is not None:
        _function_call(ctx, m, fcall, path, state)


def _function_call(
    ctx: LineContext,
    m: AssistantMessage | AssistantOutput,
    fcall: FunctionCall,
    path: Path,
    state: _Calls,
) -> None:
    """A deprecated `function_call`, which takes no content (T008)."""
    if state.functions_at is None:
        state.functions_at = (*path, "function_call")
    content = m.content
    if (type(content) is str and content.strip()) or type(content) is list:
        ctx.report(
            "T008",
            "a message with `function_call` must have null or no content",
            (*path, "content"),
        )
    _check_call(ctx, fcall, state, path, ("function_call",))


@on_tool_answer(*MESSAGE_FORMATS)
def _answer(ctx: LineContext, m: ToolMessage, base: Path, i: int, visit: Visit) -> None:
    state = visit.calls or _read_definitions(ctx, visit)
    cid = m.tool_call_id
    if cid not in state.ids:
        ctx.report(
            "T002",
            f"tool message answers {cid!r}, which no earlier tool call has",
            (*base, i, "tool_call_id"),
        )
    state.open.pop(cid, None)


@on_message(FunctionMessage)
def _function_message(ctx: LineContext, m: FunctionMessage, path: Path, visit: Visit) -> None:
    _function_name(ctx, m.name, (*path, "name"))


@on_turn_end(*MESSAGE_FORMATS)
def _unanswered(ctx: LineContext, visit: Visit) -> None:
    state = visit.calls
    for cid, (path, j) in state.open.items():
        ctx.report(
            "T003",
            f"tool call {cid!r} is not answered by a tool message",
            (*path, j, "id"),
            hint="add a tool message with this tool_call_id before the next turn",
        )
    state.open.clear()


@on_end(*MESSAGE_FORMATS)
def _end(ctx: LineContext, visit: Visit) -> None:
    """T005-T007 for the definitions; T010 (chat only) for mixing tools and functions."""
    state = visit.calls
    if state is None or (state.fine and state.functions_at is None):
        return
    tools, functions = visit.owner.tools, getattr(visit.owner, "functions", UNSET)
    if not state.fine:
        _definition_names(ctx, tools, functions, visit.at)
    # Without `functions` or a `function_call`, the example cannot mix the two.
    if ctx.format == "chat" and state.functions_at is not None:
        _mixed(ctx, tools, state)


def _definition_names(ctx: LineContext, tools: Any, functions: Any, base: Path) -> None:
    """T007 for the names a tools or functions list defines; T005/T006 for parameters
    that are not a JSON object (R32)."""
    if tools is not UNSET:
        for j, tool in enumerate(tools):
            fpath = (*base, "tools", j, "function")
            _function_name(ctx, tool.function.name, (*fpath, "name"))
            if not _object_json(tool.function.parameters):
                ctx.report("T005", _NOT_AN_OBJECT, (*fpath, "parameters"), hint=_USE_AN_OBJECT)
    if functions is not UNSET:
        for j, function in enumerate(functions):
            fpath = (*base, "functions", j)
            _function_name(ctx, function.name, (*fpath, "name"))
            if not _object_json(function.parameters):
                ctx.report("T006", _NOT_AN_OBJECT, (*fpath, "parameters"), hint=_USE_AN_OBJECT)


_NOT_AN_OBJECT = "`parameters` must be a JSON Schema object"
_USE_AN_OBJECT = 'use {"type": "object", "properties": {...}}, or leave it out'


def _mixed(ctx: LineContext, tools: Any, state: _Calls) -> None:
    """T010: `tools`/`tool_calls` in the same example as `functions`/`function_call`."""
    tools_at = ("tools",) if tools is not UNSET else state.tool_calls_at
    if tools_at and state.functions_at:
        ctx.report(
            "T010",
            "example mixes tools (`tools`, `tool_calls`) with the deprecated functions"
            " (`functions`, `function_call`)",
            state.functions_at,
            hint="use tools throughout",
        )
