"""Example and message structure rules (S) for chat, preference input and reinforcement data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema.messages import (
    CHAT_ROLES,
    REINFORCEMENT_ROLES,
    AudioPart,
    FilePart,
    RefusalPart,
)
from .registry import MESSAGE_FORMATS as MESSAGE_FORMATS
from .registry import define, on_no_user, on_part, on_untrained
from .remedies import remedy

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from ..schema.collect import Path
    from .context import LineContext
    from .walk import Visit

_A = '{"role": "assistant", "content": "Hello!"}'
_U = '{"role": "user", "content": "Hi"}'

MISSING_MESSAGES = define(
    "S001",
    "missing-messages",
    ["R9", "R55", "R61"],
    """
    An example has no `messages` key.

    OpenAI rejects it: "Example X is missing key 'messages'". For preference data the key
    is `input.messages`. When the object carries the key of another dataset format
    (`conversations`, `text`, `instruction`, `contents`), the hint names that format.
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-MISC, SPEC-2507; cookbook `missing_messages_list`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ", " + _A + '], "id": 1}\n{"message": [' + _U + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

INVALID_MESSAGES = define(
    "S002",
    "invalid-messages",
    ["R10", "R55", "R61"],
    """
    `messages` is not an array with at least one message.

    The schema requires `minItems: 1`, and the cookbook treats an empty list as
    `missing_messages_list`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507; cookbook `missing_messages_list`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": []}',
    good='{"messages": [' + _U + ", " + _A + "]}",
)

UNKNOWN_KEY = define(
    "S003",
    "unknown-key",
    ["R11"],
    """
    A chat example has a top-level key other than `messages`, `tools`,
    `parallel_tool_calls` and `functions`.

    OpenAI fails the job: "Example 1 contains an extra "weight"". Reinforcement data may
    carry extra keys for its graders (R62), so this rule does not apply to it; the hint
    says so.
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-EXTRA, SPEC-2507",
    formats=("chat",),
    bad='{"messages": [' + _U + ", " + _A + '], "id": "ex-1"}',
    good='{"messages": [' + _U + ", " + _A + '], "parallel_tool_calls": false}',
)

INVALID_MESSAGE = define(
    "S004",
    "invalid-message",
    ["R12"],
    """
    A message is not an object, or has no `role`.

    OpenAI: "Example 100, message 2 Discriminator 'role' is missing in value".
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-ROLE; cookbook `message_missing_key`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"content": "Hi"}, ' + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

INVALID_ROLE = define(
    "S005",
    "invalid-role",
    ["R13"],
    """
    A message's `role` is not one of the format's roles.

    Supervised and preference data use `system`, `user`, `assistant`, `tool` and
    `function`. `developer` exists only in reinforcement data. Roles are lower-case, and
    names from other formats (`human`, `gpt`, `model`, `bot`) get a hint.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507; cookbook `unrecognized_role`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "human", "content": "Hi"}, ' + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

UNKNOWN_MESSAGE_KEY = define(
    "S006",
    "unknown-message-key",
    ["R14"],
    """
    A message has a key that its role does not allow.

    system and user take `role`, `content`, `name`; assistant takes `role`, `content`,
    `name`, `refusal`, `audio`, `tool_calls`, `function_call`, `weight`; tool takes
    `role`, `content`, `tool_call_id`; function takes `role`, `content`, `name`. OpenAI's
    validator rejects extra keys. `weight` on a non-assistant message is S010.
    """,
    treatment="REJECT?",
    confidence="M",
    source="SPEC-2507; OBS-ROLE/OBS-TOOL wording; cookbook `message_unrecognized_key`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": "Hi", "tool_calls": []}, ' + _A + "]}",
    good='{"messages": [{"role": "user", "content": "Hi", "name": "ann"}, ' + _A + "]}",
)

MISSING_MESSAGE_FIELD = define(
    "S007",
    "missing-message-field",
    ["R14", "R17", "R23", "R26", "R34"],
    """
    A message lacks a key its role requires.

    system, user, developer and tool messages need `content`; a tool message needs
    `tool_call_id`; a function message needs `content` (a string or null) and `name`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user"}, ' + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

NO_ASSISTANT = define(
    "S008",
    "no-assistant-message",
    ["R16"],
    """
    A supervised example has no assistant message.

    The assistant messages are what the model is trained to produce, so an example without
    one trains nothing; the cookbook reports it as `example_missing_assistant_message`.
    """,
    treatment="REJECT?",
    confidence="M",
    source="CB-PREP `example_missing_assistant_message`",
    formats=("chat",),
    bad='{"messages": [' + _U + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

INVALID_WEIGHT = define(
    "S009",
    "invalid-weight",
    ["R20"],
    """
    An assistant message's `weight` is not the integer 0 or 1.

    "The allowed values for weight are currently 0 or 1." `true`, `1.0` and `"1"` are not
    accepted by ftlint either: OpenAI's behaviour for them is untested, and the documented
    values are integers.
    """,
    treatment="REJECT",
    confidence="H",
    source="G-FT24, SPEC-2507 (enum [0, 1])",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": "Hi", "weight": 1.0}]}',
    good='{"messages": [' + _U + ', {"role": "assistant", "content": "Hi", "weight": 1}]}',
)

WEIGHT_NOT_ALLOWED = define(
    "S010",
    "weight-not-allowed",
    ["R21"],
    """
    `weight` appears on a system, user, tool or function message.

    Only assistant messages are trained on, so only they take `weight`.
    """,
    treatment="REJECT?",
    confidence="M",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": "Hi", "weight": 0}, ' + _A + "]}",
    good='{"messages": [' + _U + ', {"role": "assistant", "content": "Hi", "weight": 0}]}',
)

INVALID_CONTENT = define(
    "S011",
    "invalid-content",
    ["R17"],
    """
    A message's `content` is neither a string nor a non-empty array of content parts.

    OpenAI: "Input should be a valid string". A number, an object, a boolean, an empty
    array, a part that is not an object or a part with an unknown `type` is reported
    here. `null` is allowed on assistant messages (see C003) and function messages.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507, OBS-TOOL; cookbook `missing_content`",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": 42}, ' + _A + "]}",
    good='{"messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}, '
    + _A
    + "]}",
)

SCHEMA_MISMATCH = define(
    "S100",
    "schema-mismatch",
    ["R14", "R17"],
    """
    A value does not match the schema of the format, and no more specific rule applies.

    The message says what was expected and what was found, at the JSON path. Tool,
    function and image values have their own rules (T and V codes).
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": "Hi", "name": 7}, ' + _A + "]}",
    good='{"messages": [{"role": "user", "content": "Hi", "name": "ann"}, ' + _A + "]}",
)


# -- checks on valid examples ------------------------------------------------------------

# The content parts each role takes in fine-tuning data (R18, R19, R22, R27, R45): what the
# hints of S011, C002 and the schema explanation say.
PARTS_BY_ROLE = {
    "system": "text parts",
    "developer": "text parts",
    "tool": "text parts",
    "user": "text and image_url parts",
    "assistant": "text parts, or one refusal part",
}


def with_article(role: str) -> str:
    """``"an assistant"``, ``"a user"``: a role name with its article."""
    return f"{'an' if role[:1] in 'aei' else 'a'} {role}"


@on_untrained("chat")
def _no_assistant(ctx: LineContext, messages: Sequence[Any], path: Path, last: int) -> None:
    if last < 0:
        ctx.report("S008", "example has no assistant message to train on", path)


@on_part(AudioPart, FilePart, RefusalPart)
def _misplaced_part(ctx: LineContext, part: Any, path: Path, role: str, visit: Visit) -> None:
    """S011 for a part the role never takes (system and developer parts are C001, user
    audio and file parts C002, and any part of a tool message C007)."""
    if (role == "user" and type(part) is RefusalPart) or role == "assistant":
        ctx.report(
            "S011",
            f"content part type `{part.__struct_config__.tag}` is not allowed in"
            f" {with_article(role)} message",
            (*path, "type"),
            hint=f"{role} content takes {PARTS_BY_ROLE[role]}",
        )


NO_USER = define(
    "S012",
    "no-user-message",
    ["R42"],
    """
    A supervised example has a system message and an assistant answer, but no user
    message.

    The answer then responds to instructions alone: the model learns to speak without
    being asked. The cookbook counts such examples (`n_missing_user`); OpenAI accepts them.
    """,
    treatment="WARN",
    confidence="H",
    source="CB-PREP `n_missing_user`",
    formats=("chat",),
    bad='{"messages": [{"role": "system", "content": "Greet the visitor."}, ' + _A + "]}",
    good='{"messages": [{"role": "system", "content": "Greet the visitor."}, '
    + _U
    + ", "
    + _A
    + "]}",
)


@on_no_user("chat")
def _no_user(ctx: LineContext, messages: Sequence[Any], path: Path) -> None:
    roles = {m.__struct_config__.tag for m in messages}  # a target's classes differ
    if "system" in roles and "assistant" in roles:
        ctx.report(
            "S012",
            "example has a system message and an assistant answer, but no user message",
            path,
            hint="add the user turn that the answer responds to",
        )


# -- remedy (ftlint fix): S005 -----------------------------------------------------------

# Role names of other formats, and what each means in OpenAI's; a role is mapped only
# when the format takes the result (`developer` is not made up for chat, for example).
ROLE_ALIASES = {
    "human": "user",
    "gpt": "assistant",
    "model": "assistant",
    "bot": "assistant",
    "ai": "assistant",
    "chatbot": "assistant",
}
_ROLES = {
    "chat": CHAT_ROLES,
    "preference": CHAT_ROLES,
    "reinforcement": REINFORCEMENT_ROLES,
}


def role_for(role: str, roles: Collection[str]) -> str | None:
    """The format's role that ``role`` stands for (its case or an alias), or ``None``."""
    lower = role.lower()
    if lower in roles:
        return lower
    alias = ROLE_ALIASES.get(lower)
    return alias if alias in roles else None


def message_lists(obj: dict[str, Any]) -> list[list[Any]]:
    """The conversation lists of an example: `messages`, or a DPO example's
    `input.messages` (its outputs are D002's)."""
    found = obj.get("messages")
    if found is None and isinstance(obj.get("input"), dict):
        found = obj["input"].get("messages")
    return [found] if isinstance(found, list) else []


@remedy(
    "S005",
    "mapped role names to the format's roles (human -> user, gpt/bot/model/ai -> assistant,"
    " User -> user)",
    kind="object",
    formats=MESSAGE_FORMATS,
)
def _fix_roles(obj: dict[str, Any], fmt: str) -> bool:
    roles = _ROLES[fmt]
    changed = False
    for messages in message_lists(obj):
        for m in messages:
            role = m.get("role") if isinstance(m, dict) else None
            if isinstance(role, str) and role not in roles:
                new = role_for(role, roles)
                if new is not None:
                    m["role"] = new  # in place: the key keeps its position
                    changed = True
    return changed
