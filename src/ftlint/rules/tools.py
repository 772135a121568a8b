"""Tool and function rules (T): definitions, calls and their answers."""

from __future__ import annotations

import re

from ..schema.collect import Path
from .explain_common import schema_area
from .registry import define
from .structure import MESSAGE_FORMATS

FUNCTION_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")

_U = '{"role": "user", "content": "Weather in Oslo?"}'
_TOOLS = (
    '"tools": [{"type": "function", "function": {"name": "get_weather", "parameters": '
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
    """
    A call's arguments do not validate against the function's `parameters` JSON Schema.

    For example a missing required argument or a value of the wrong type. The `jsonschema`
    library decides (the draft the schema declares, else 2020-12); schemas made only of
    common keywords also get a compiled fast check that accepts what jsonschema would,
    so most valid calls never reach the slower library. Each distinct schema is compiled
    once per run. Checked only for calls whose arguments parse as JSON.
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
