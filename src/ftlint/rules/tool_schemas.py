"""T014: a function's ``parameters`` that is not a valid JSON Schema.

Datasets converted from other formats often carry schemas that no JSON Schema metaschema
accepts: Python's type names (``"type": "str"``, as xLAM-style sets write them), a property
given as its type name (``"city": "string"``), draft 3's ``"required": true`` on a
property. The model then learns tool definitions that an API refuses when they are sent
with a request, and T012 cannot check any call against them. The check itself is
`argschema_meta` (fast, and held to jsonschema's ``check_schema``), kept per distinct
schema on its validator, which T012 then shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from .argschema_loader import VALIDATORS
from .registry import define, on_definitions
from .structure import MESSAGE_FORMATS
from .tools import GOOD
from .verdicts import UNSURE

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import LineContext
    from .walk import Visit

INVALID_SCHEMA = define(
    "T014",
    "invalid-parameters-schema",
    ["R32", "MI8"],
    """
    A function's `parameters` is not a valid JSON Schema.

    `parameters` is a JSON Schema object (R32), judged against the metaschema of the
    draft it declares in `$schema`, else 2020-12; under Mistral AI, as draft 7 (MI8),
    whatever it declares. Common causes, in datasets converted from function signatures:
    Python's type names (`"type": "str"` for `"string"`, `"int"` for `"integer"`), a
    property given as its type name (`"city": "string"` for `"city": {"type":
    "string"}`), and `"required": true` on a property (draft 3) for a `required` array on
    its object. The finding points at the first problem and names the fix where it is
    plain. Formats are checked as jsonschema checks them by default: only `regex` (a
    `pattern` must compile).

    OpenAI's Chat Completions API refuses such a schema in a request
    (`invalid_function_parameters`), so the model learns tools that cannot be called the
    way it saw them; OpenAI documents no check of it in training files, so this is a
    warning there. Mistral's fine-tuning rejects the file (an error under `--target
    mistral`). T012 checks no call against such a schema.
    """,
    treatment="WARN",
    confidence="L",
    source="SPEC-2507 (parameters: a JSON Schema object); MI-DOC and MI-COMMON for Mistral",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"city": {"type": "string"}', '"city": {"type": "str"}'),
    good=GOOD,
)


@on_definitions(*MESSAGE_FORMATS)
def _parameters(ctx: LineContext, visit: Visit) -> None:
    """T014 for each definition of the conversation's owner (``tools``, then
    ``functions``), whose validator goes to T012's state (``visit.calls``), if T012 runs."""
    owner = visit.owner
    state = visit.calls
    shared = state.validators if state is not None and state.schemas else None
    tools = owner.tools
    if tools is not UNSET:
        for i, tool in enumerate(tools):
            function = tool.function
            at = (*visit.at, "tools", i, "function", "parameters")
            _check(ctx, function.name, function.parameters, at, shared)
    functions = getattr(owner, "functions", UNSET)
    if functions is not UNSET:
        for i, function in enumerate(functions):
            at = (*visit.at, "functions", i, "parameters")
            _check(ctx, function.name, function.parameters, at, shared)


def _check(
    ctx: LineContext, name: str, parameters: Any, at: Path, shared: dict[str, Any] | None
) -> None:
    if parameters is UNSET or parameters is None:
        return
    validator = VALIDATORS.of(name, parameters)
    if shared is not None:
        shared[name] = validator  # the call's check takes it from there (T012)
    if type(validator.schema) is not dict:
        return  # not an object: T005 or T006 says so
    found = validator.problem(ctx.target.tool_schema_draft)
    if found is not None and found is not UNSURE:
        message, path, hint = found
        ctx.report(
            "T014", f"`parameters` is not a valid JSON Schema: {message}", (*at, *path), hint=hint
        )
