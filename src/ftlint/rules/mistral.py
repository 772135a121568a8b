"""Mistral AI's own rules (codes x5xx; see :mod:`ftlint.targets`), in force with
``--target mistral`` only.

Mistral's fine-tuning API validates each file on upload with the rules of
``mistral-common`` (its validator library, ``ValidationMode.finetuning``), which
``mistral-finetune``'s ``validate_data.py`` also calls. Mistral marks the fine-tuning API
as deprecated; these are the rules of its last documentation and of that library.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import msgspec
from msgspec import UNSET

from ..schema.messages import AssistantMessage, SystemMessage, ToolMessage, UserMessage
from .registry import define, on_example, on_message, on_tool_answer, on_tool_calls
from .remedies import remedy
from .structure import with_article

if TYPE_CHECKING:
    from ..schema.chat import ChatExample
    from ..schema.collect import Path
    from .context import LineContext
    from .walk import Visit

_DOC = "https://docs.mistral.ai/resources/deprecated/finetuning/text-vision-finetuning"
_FINETUNE = "https://github.com/mistralai/mistral-finetune"
_COMMON = (
    "https://github.com/mistralai/mistral-common/blob/main/src/mistral_common/protocol/"
    "instruct/validator.py"
)
_U = '{"role": "user", "content": "Weather in Oslo?"}'
_S = '{"role": "system", "content": "Be brief."}'
_A = '{"role": "assistant", "content": "It is 12 C."}'
_TOOLS = (
    '"tools": [{"type": "function", "function": {"name": "get_weather", "description":'
    ' "Weather of a city", "parameters": {"type": "object", "properties": {}}}}]'
)


def _call(call_id: str) -> str:
    return (
        '{"role": "assistant", "tool_calls": [{"id": "' + call_id + '", "type": "function",'
        ' "function": {"name": "get_weather", "arguments": "{}"}}]}'
    )


def _answer(call_id: str) -> str:
    return '{"role": "tool", "tool_call_id": "' + call_id + '", "content": "12 C"}'


def _tool_example(call_id: str) -> str:
    return (
        '{"messages": ['
        + ", ".join((_U, _call(call_id), _answer(call_id), _A))
        + "], "
        + _TOOLS
        + "}"
    )


LAST_NOT_ASSISTANT = define(
    "S501",
    "last-message-not-assistant",
    ["MI3"],
    f"""
    The last message is not an assistant message (Mistral AI).

    mistral-common rejects it: "Expected last role Assistant for finetuning but got user".
    `mistral-finetune`'s README shows this error on real data. (The final assistant
    message may be a tool call.)

    Provider: Mistral AI. Sources: {_COMMON} and
    https://github.com/mistralai/mistral-finetune (README).
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-COMMON; MI-FT",
    formats=("chat",),
    default=False,
    bad='{"messages": [' + _U + ", " + _A + ", " + _U + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

CONTENT_AND_TOOL_CALLS = define(
    "C501",
    "content-and-tool-calls",
    ["MI5"],
    f"""
    An assistant message has both `content` and `tool_calls` (Mistral AI).

    Mistral: an assistant message holds content or tool calls, "but not both" (the docs:
    a tool-call message "cannot have a content key"). Put the text in a message of its
    own. mistral-common's newest validators (V5 and later) accept both; the fine-tuning
    documentation does not.

    Provider: Mistral AI. Sources: {_DOC} and {_COMMON}.
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-DOC; MI-COMMON",
    formats=("chat",),
    default=False,
    bad=_tool_example("a1b2c3d4e").replace(
        '{"role": "assistant", "tool_calls"',
        '{"role": "assistant", "content": "Let me see.", "tool_calls"',
    ),
    good=_tool_example("a1b2c3d4e"),
)

TOOL_CALL_ID = define(
    "T501",
    "tool-call-id-format",
    ["MI6"],
    f"""
    A tool call's `id`, or a tool message's `tool_call_id`, is not 9 letters and digits
    (Mistral AI).

    Mistral requires ids of exactly 9 characters of [a-zA-Z0-9], so OpenAI-style
    `call_...` ids fail. In fine-tuning mode the final assistant message may leave its
    call id as `"null"` (`mistral-finetune` strips it: "we don't want to predict a random
    call id"); that is not reported.

    Provider: Mistral AI. Sources: {_DOC} and {_COMMON}.
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-DOC; MI-COMMON; MI-FT",
    formats=("chat",),
    default=False,
    bad=_tool_example("call_1"),
    good=_tool_example("a1b2c3d4e"),
)

INCOMPLETE_TOOL = define(
    "T502",
    "incomplete-tool-definition",
    ["MI8"],
    f"""
    A tool definition lacks `description` or `parameters` (Mistral AI).

    Mistral requires each tool's `function.name`, `description` and `parameters` (an
    object: "pass an empty dict" when the function takes none). Every tool a conversation
    calls must be defined too: T009 is an error under this target.

    Provider: Mistral AI. Sources: {_DOC} and
    https://github.com/mistralai/mistral-finetune (FunctionFormatError).
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-DOC; MI-FT",
    formats=("chat",),
    default=False,
    bad=_tool_example("a1b2c3d4e").replace('"description": "Weather of a city", ', ""),
    good=_tool_example("a1b2c3d4e"),
)

UNANSWERED_CALLS = define(
    "T503",
    "tool-answers-count",
    ["MI7"],
    f"""
    The tool messages after an assistant's tool calls are not one per call (Mistral AI).

    mistral-common requires as many tool messages as calls before the next turn, and
    fails more ("More tool responses than tool calls"). A conversation may end on a tool
    call that is not answered (the call the model learns to make): that is not reported.
    This replaces OpenAI's warning T003.

    Provider: Mistral AI. Sources: {_DOC} and {_COMMON}.
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-DOC; MI-COMMON",
    formats=("chat",),
    default=False,
    bad=_tool_example("a1b2c3d4e").replace(_answer("a1b2c3d4e") + ", ", ""),
    good=_tool_example("a1b2c3d4e"),
)

SEVERAL_SYSTEM_MESSAGES = define(
    "S502",
    "several-system-messages",
    ["MI10"],
    f"""
    An example has more than one system message (Mistral AI).

    `mistral-finetune` rejects it ("Multiple messages with role 'system' encountered").
    The fine-tuning API's own rule is not documented, so this is a warning: merge the
    system messages into one.

    Provider: Mistral AI. Source: {_FINETUNE} (`finetune/data/tokenize.py`).
    """,
    treatment="REJECT?",
    confidence="L",
    source="MI-FT",
    formats=("chat",),
    default=False,
    bad='{"messages": [' + _S + ", " + _S + ", " + _U + ", " + _A + "]}",
    good='{"messages": [' + _S + ", " + _U + ", " + _A + "]}",
)

OPENAI_ONLY_FIELD = define(
    "S503",
    "openai-only-field",
    ["MI15"],
    f"""
    An example uses a field of OpenAI's format that Mistral's does not have: a message
    `name` (but a tool message's), an assistant `refusal`, or `parallel_tool_calls`
    (Mistral AI).

    Mistral says its fine-tuning API takes OpenAI's data format, but these fields are not
    in its message format; what it does with them is not documented.

    Provider: Mistral AI. Source: {_DOC} (FAQ).
    """,
    treatment="WARN",
    confidence="M",
    source="MI-DOC",
    formats=("chat",),
    default=False,
    bad='{"messages": [{"role": "user", "content": "Hi", "name": "ana"}, ' + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

_ID = re.compile(r"[a-zA-Z0-9]{9}")


@on_example("chat")
def _mistral(example: ChatExample, ctx: LineContext) -> None:
    # What one message tells is seen by the walk's hooks below; here, the example's.
    messages = example.messages
    last = len(messages) - 1
    if type(messages[last]) is not AssistantMessage:
        ctx.report(
            "S501",
            f"last message is {with_article(str(messages[last].__struct_config__.tag))} message;"
            " Mistral AI expects the assistant last",
            ("messages", last),
            hint="end with the assistant's answer, or drop the trailing turn",
        )
    if list(map(type, messages)).count(SystemMessage) > 1:  # counted in C
        second = [i for i, m in enumerate(messages) if type(m) is SystemMessage][1]
        ctx.report(
            "S502",
            "a second system message; mistral-finetune takes one",
            ("messages", second),
            hint="merge the system messages into one",
        )
    if example.tools is not UNSET:
        _tools(example.tools, ctx)
    if example.parallel_tool_calls is not UNSET:
        _openai_only(ctx, "`parallel_tool_calls`", ("parallel_tool_calls",))


# Mistral's tool messages may name their tool (schema.providers); others may not. The walk
# calls this for every message with a `name` or a `refusal` (they are not plain).
@on_message(UserMessage, SystemMessage, AssistantMessage, formats=("chat",))
def _openai_fields(ctx: LineContext, m: Any, path: Path, visit: Visit) -> None:
    if m.name is not UNSET:
        _openai_only(ctx, "a message `name`", (*path, "name"))
    if type(m) is AssistantMessage and m.refusal is not UNSET:
        _openai_only(ctx, "`refusal`", (*path, "refusal"))


def _openai_only(ctx: LineContext, what: str, path: Path) -> None:
    ctx.report(
        "S503",
        f"{what} is OpenAI's; Mistral AI's format does not have it",
        path,
        hint="remove it, or check what Mistral does with it",
    )


@on_tool_calls(AssistantMessage, formats=("chat",))
def _calls(ctx: LineContext, m: AssistantMessage, path: Path, visit: Visit) -> None:
    """C501, T501 (the calls' ids) and T503 (tool messages not one per call)."""
    calls = m.tool_calls
    if calls is UNSET:
        return  # a `function_call`
    if m.content is not UNSET and m.content is not None:
        ctx.report(
            "C501",
            "assistant message has both content and tool_calls; Mistral AI takes one",
            (*path, "content"),
            hint="put the text in a message of its own",
        )
    messages = visit.owner.messages
    i = cast(int, path[-1])  # a chat message's path is ("messages", i)
    last = len(messages) - 1
    for j, call in enumerate(calls):
        if not _ID.fullmatch(call.id) and not (i == last and call.id == "null"):
            _bad_id(ctx, call.id, (*path, "tool_calls", j, "id"))
    if not calls:
        return
    answers = 0
    while i + 1 + answers <= last and isinstance(messages[i + 1 + answers], ToolMessage):
        answers += 1
    if answers != len(calls) and (answers or i < last):
        ctx.report(
            "T503",
            f"{answers} tool message{'s' if answers != 1 else ''} answer {len(calls)} tool"
            f" call{'s' if len(calls) != 1 else ''}; Mistral AI wants one per call",
            (*path, "tool_calls"),
            hint="answer each call with one tool message before the next turn",
        )


@on_tool_answer("chat")
def _tool_answer(ctx: LineContext, m: Any, base: Path, i: int, visit: Visit) -> None:
    if not _ID.fullmatch(m.tool_call_id):
        _bad_id(ctx, m.tool_call_id, (*base, i, "tool_call_id"))


def _bad_id(ctx: LineContext, value: str, path: Path) -> None:
    ctx.report(
        "T501",
        f"tool call id {value!r} is not 9 letters and digits, as Mistral AI requires",
        path,
        hint="use ids such as 'a1b2c3d4e', the same in the call and its answer",
    )


def _tools(tools: Any, ctx: LineContext) -> None:
    for i, tool in enumerate(tools):
        function = tool.function
        missing = [
            key
            for key, value in (
                ("description", function.description),
                ("parameters", function.parameters),
            )
            if value is UNSET
        ]
        if missing:
            ctx.report(
                "T502",
                f"tool {function.name!r} has no {' and no '.join(missing)}; Mistral AI"
                " requires both",
                ("tools", i, "function"),
                hint='give a description, and "parameters": {} when it takes none',
            )


# -- remedy ------------------------------------------------------------------------------

_CANONICAL = msgspec.json.Encoder(order="sorted")


def _id_sites(messages: list[Any]) -> Iterator[tuple[dict[str, Any], str, bool]]:
    """(holder, key, may be "null") of each tool-call id of a conversation."""
    last = len(messages) - 1
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            continue
        calls = m.get("tool_calls") if m.get("role") == "assistant" else None
        for call in calls if isinstance(calls, list) else ():
            if isinstance(call, dict) and isinstance(call.get("id"), str):
                yield call, "id", i == last
        if m.get("role") == "tool" and isinstance(m.get("tool_call_id"), str):
            yield m, "tool_call_id", False


@remedy(
    "T501",
    "replaced tool-call ids that are not 9 letters and digits by 9 hex digits of a hash of"
    " the example and the id, the same in each call and its answer",
    kind="object",
    formats=("chat",),
)
def _fix_call_ids(obj: dict[str, Any], fmt: str) -> bool:
    messages = obj.get("messages")
    if not isinstance(messages, list):
        return False
    sites = list(_id_sites(messages))
    bad = sorted(
        {
            h[k]
            for h, k, final in sites
            if not _ID.fullmatch(h[k]) and not (final and h[k] == "null")
        }
    )
    if not bad:
        return False
    # A hash of the example, not a counter or a random id: every run gives the same ids.
    seed = _CANONICAL.encode(obj)
    taken = {h[k] for h, k, _ in sites if _ID.fullmatch(h[k])}
    new: dict[str, str] = {}
    for old in bad:
        salt = 0
        while True:
            made = hashlib.sha256(seed + f"\x00{old}\x00{salt}".encode()).hexdigest()[:9]
            if made not in taken:
                break
            salt += 1
        new[old] = made
        taken.add(made)
    for holder, key, final in sites:
        if holder[key] in new and not (final and holder[key] == "null"):
            holder[key] = new[holder[key]]  # in place: the key keeps its position
    return True
