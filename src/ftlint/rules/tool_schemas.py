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

import msgspec
from msgspec import UNSET

from .argschema_loader import VALIDATORS
from .registry import define, on_definitions
from .remedies import remedy
from .structure import MESSAGE_FORMATS
from .tools import GOOD
from .verdicts import UNSURE

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .argschema_meta import Problem
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
    Python's type names (`"type": "str"` for `"string"`, `"List[int]"` for an array of
    integers, xLAM's `"str, optional"`), a property given as its type name (`"city":
    "string"` for `"city": {"type": "string"}`), and `"required": true` on a property
    (draft 3) for a `required` array on its object. The finding points at the first
    problem and names the fix where it is plain. Formats are checked as jsonschema checks
    them by default: only `regex` (a `pattern` must compile).

    OpenAI's Chat Completions API refuses such a schema in a request
    (`invalid_function_parameters`), so the model learns tools that cannot be called the
    way it saw them; OpenAI documents no check of it in training files, so this is an
    opt-in warning there (`--extend-select T014`, worth it for a dataset converted from
    another format). Mistral's fine-tuning rejects the file: under `--target mistral` it
    is an error, checked by default. T012 checks no call against such a schema.

    Its cost: a look at each distinct schema (about 7 us for a tool of a few properties),
    a comparison of bytes for a definition seen before.
    """,
    treatment="WARN",
    confidence="L",
    source="SPEC-2507 (parameters: a JSON Schema object); MI-DOC and MI-COMMON for Mistral",
    formats=MESSAGE_FORMATS,
    bad=GOOD.replace('"city": {"type": "string"}', '"city": {"type": "str"}'),
    good=GOOD,
    default=False,
)


# Each function's last `parameters` found clean, by draft, so that a dataset that repeats
# its tools example after example (most do) pays for a comparison of bytes, not for a look
# at each schema; UNSET and None (no parameters) count as clean.
_CLEAN: dict[str | None, dict[str, Any]] = {}
_CLEAN_MAX = 512
_LAST: list[Any] = [None, None]  # the latest target, and its draft's dict of `_CLEAN`


@on_definitions(*MESSAGE_FORMATS)
def _parameters(ctx: LineContext, visit: Visit) -> None:
    """T014 for each definition of the conversation's owner (``tools``, then
    ``functions``), whose validator goes to T012's state (``visit.calls``), if T012 runs."""
    target = ctx.target
    if target is _LAST[0]:
        clean = _LAST[1]
    else:
        clean = _CLEAN.setdefault(target.tool_schema_draft, {})
        _LAST[:] = target, clean
    state = visit.calls
    owner = visit.owner
    tools = owner.tools
    if state is not None and state.defs.items() <= clean.items():
        # Each definition by name (read by T009-T012 already) was found clean before: if
        # no name is defined twice, that is all (one comparison, in C).
        functions = getattr(owner, "functions", UNSET)
        size = len(state.defs)
        if (functions is UNSET and size == len(tools)) or size == _count(tools) + _count(functions):
            return
    if len(clean) > _CLEAN_MAX:
        clean.clear()
    _each(ctx, visit, clean, state.validators if state is not None and state.schemas else None)


def _each(ctx: LineContext, visit: Visit, clean: dict[str, Any], shared: Any) -> None:
    owner = visit.owner
    tools = owner.tools
    if tools is not UNSET:
        for i, tool in enumerate(tools):
            function = tool.function
            found = _check(ctx, function.name, function.parameters, clean, shared)
            if found is not None:
                _report(ctx, found, (*visit.at, "tools", i, "function", "parameters"))
    functions = getattr(owner, "functions", UNSET)
    if functions is not UNSET:
        for i, function in enumerate(functions):
            found = _check(ctx, function.name, function.parameters, clean, shared)
            if found is not None:
                _report(ctx, found, (*visit.at, "functions", i, "parameters"))


def _count(definitions: Any) -> int:
    return 0 if definitions is UNSET else len(definitions)


def _check(
    ctx: LineContext,
    name: str,
    parameters: Any,
    clean: dict[str, Any],
    shared: dict[str, Any] | None,
) -> Problem | None:
    """The problem of a definition's ``parameters``, or ``None`` (noted in ``clean``); T005
    or T006 report what is not an object."""
    if clean.get(name) == parameters:
        return None
    if parameters is UNSET or parameters is None:
        clean[name] = parameters
        return None
    validator = VALIDATORS.of(name, parameters)
    if shared is not None:
        shared[name] = validator  # the call's check takes it from there (T012)
    if type(validator.schema) is dict:
        found = validator.problem(ctx.target.tool_schema_draft)
        if found is not None and found is not UNSURE:
            return found
    if type(parameters) is msgspec.Raw:
        clean[name] = parameters.copy()  # (a copy: the Raw shares its whole line's buffer)
    return None


def _report(ctx: LineContext, found: Problem, at: Path) -> None:
    message, path, hint = found
    text = f"`parameters` is not a valid JSON Schema: {message}"
    ctx.report("T014", text, (*at, *path), hint=hint)


# -- the remedy ------------------------------------------------------------------------


@remedy(
    "T014",
    "named each type as JSON Schema does (`str`: `string`; `List[int]`: an array of"
    " integers), gave a property written as a type name its schema, and moved a"
    " property's `required: true` into its object's `required`",
    kind="object",
    formats=MESSAGE_FORMATS,
)
def _mend_parameters(obj: dict[str, Any], fmt: str) -> bool:
    """The plain fixes of T014's findings, which say what they mean: Python's type names,
    as converted datasets write them, and draft 3's `required`. Anything else is left."""
    from .argschema_meta import dialect_of

    changed = False
    for parameters in _parameters_of(obj.get("input") if fmt == "preference" else obj):
        if dialect_of(parameters) != "draft-03":  # (where `required: true` is valid)
            changed = _mend(parameters, 0) or changed
    return changed


def _parameters_of(owner: Any) -> list[dict[str, Any]]:
    """The ``parameters`` objects that ``owner``'s ``tools`` and ``functions`` define."""
    found: list[dict[str, Any]] = []
    if not isinstance(owner, dict):
        return found
    for key in ("tools", "functions"):
        definitions = owner.get(key)
        for item in definitions if isinstance(definitions, list) else ():
            function = item.get("function") if key == "tools" and isinstance(item, dict) else item
            params = function.get("parameters") if isinstance(function, dict) else None
            if isinstance(params, dict):
                found.append(params)
    return found


def _mend(node: Any, depth: int) -> bool:
    """Fix what `_mend_parameters` fixes in the schema ``node`` and its subschemas."""
    from .argschema_meta import HOLDS_LIST, HOLDS_MAP, HOLDS_ONE, TYPES
    from .type_names import schema_of

    if type(node) is not dict or depth > 64:
        return False
    changed = False
    kind = node.get("type")
    meant = schema_of(kind) if type(kind) is str and kind not in TYPES else None
    if meant is not None:
        for key, value in meant.items():  # the type, and what goes with it (`items`)
            if key == "type" or key not in node:
                node[key] = value
        changed = True
    elif type(kind) is list and all(type(k) is str for k in kind):
        changed = _mend_types(node, kind) or changed
    properties = node.get("properties")
    if type(properties) is dict:
        changed = _mend_required(node, properties) or changed
    for key, value in node.items():
        if key in HOLDS_LIST and type(value) is list:
            for at, sub in enumerate(value):
                value[at], mended = _mended(sub, depth)
                changed = mended or changed
        elif key in HOLDS_MAP and type(value) is dict:
            for name, sub in value.items():
                value[name], mended = _mended(sub, depth)
                changed = mended or changed
        elif key in HOLDS_ONE:
            node[key], mended = _mended(value, depth)
            changed = mended or changed
    return changed


def _mend_types(node: dict[str, Any], kind: list[str]) -> bool:
    """A list of type names, each as JSON Schema names it, once; one of them may bring
    what goes with it (`List[int]`'s `items`), not two. Names it cannot read stay."""
    from .argschema_meta import TYPES
    from .type_names import schema_of

    named: list[Any] = []
    extra: dict[str, Any] = {}
    for name in dict.fromkeys(kind):
        meant = None if name in TYPES else schema_of(name)
        if meant is not None and len(meant) > 1 and extra:
            meant = None  # (a second `items`: no plain fix)
        if meant is None:
            named.append(name)
            continue
        types = meant["type"]
        named += types if type(types) is list else [types]
        extra.update((key, value) for key, value in meant.items() if key != "type")
    named = list(dict.fromkeys(named))
    if named == kind and not extra:
        return False
    node["type"] = named
    for key, value in extra.items():
        node.setdefault(key, value)
    return True


def _mended(sub: Any, depth: int) -> tuple[Any, bool]:
    """A subschema fixed, and whether it changed: one written as a type name (``"city":
    "string"``) becomes that type's schema."""
    from .type_names import schema_of

    meant = schema_of(sub) if type(sub) is str else None
    if meant is not None:
        return meant, True
    return sub, _mend(sub, depth + 1)


def _mend_required(node: dict[str, Any], properties: dict[str, Any]) -> bool:
    """A property's boolean `required` (draft 3) goes, its name into the object's
    `required` if it was true (where that is a list, or absent)."""
    changed = False
    for name, sub in properties.items():
        if type(sub) is dict and type(sub.get("required")) is bool:
            required = node.get("required", [])
            if type(required) is not list:
                continue  # nowhere to put it (the object's own `required` is not a list)
            if sub.pop("required") and name not in required:
                node["required"] = [*required, name]
            changed = True
    return changed
