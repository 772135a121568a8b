"""Example and message structure rules (S) for chat, preference input and reinforcement data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Severity
from ..schema.messages import AssistantMessage
from .registry import define, example_rule

if TYPE_CHECKING:
    from ..engine import LineContext
    from ..schema.chat import ChatExample

MESSAGE_FORMATS = ("chat", "preference", "reinforcement")

MISSING_MESSAGES = define(
    "S001",
    "missing-messages",
    Severity.ERROR,
    ["R9", "R55", "R61"],
    """
    An example has no `messages` key.

    OpenAI rejects it: "Example X is missing key 'messages'". For preference data the key
    is `input.messages`. When the object carries the key of another dataset format
    (`conversations`, `text`, `instruction`, `contents`), the hint names that format.
    """,
    formats=MESSAGE_FORMATS,
)

INVALID_MESSAGES = define(
    "S002",
    "invalid-messages",
    Severity.ERROR,
    ["R10", "R55", "R61"],
    """
    `messages` is not an array with at least one message.

    The schema requires `minItems: 1`, and the cookbook treats an empty list as
    `missing_messages_list`.
    """,
    formats=MESSAGE_FORMATS,
)

UNKNOWN_KEY = define(
    "S003",
    "unknown-key",
    Severity.ERROR,
    ["R11"],
    """
    A chat example has a top-level key other than `messages`, `tools`,
    `parallel_tool_calls` and `functions`.

    OpenAI fails the job: "Example 1 contains an extra "weight"". Reinforcement data may
    carry extra keys for its graders (R62), so this rule does not apply to it; the hint
    says so when the extra keys look like grader fields.
    """,
    formats=("chat",),
)

INVALID_MESSAGE = define(
    "S004",
    "invalid-message",
    Severity.ERROR,
    ["R12"],
    """
    A message is not an object, or has no `role`.

    OpenAI: "Example 100, message 2 Discriminator 'role' is missing in value".
    """,
    formats=MESSAGE_FORMATS,
)

INVALID_ROLE = define(
    "S005",
    "invalid-role",
    Severity.ERROR,
    ["R13"],
    """
    A message's `role` is not one of the format's roles.

    Supervised and preference data use `system`, `user`, `assistant`, `tool` and
    `function`. `developer` exists only in reinforcement data. Roles are lower-case, and
    names from other formats (`human`, `gpt`, `model`, `bot`) get a hint.
    """,
    formats=MESSAGE_FORMATS,
)

UNKNOWN_MESSAGE_KEY = define(
    "S006",
    "unknown-message-key",
    Severity.ERROR,
    ["R14"],
    """
    A message has a key that its role does not allow.

    system and user take `role`, `content`, `name`; assistant takes `role`, `content`,
    `name`, `refusal`, `audio`, `tool_calls`, `function_call`, `weight`; tool takes
    `role`, `content`, `tool_call_id`; function takes `role`, `content`, `name`. OpenAI's
    validator rejects extra keys. `weight` on a non-assistant message is S010.
    """,
    formats=MESSAGE_FORMATS,
)

MISSING_MESSAGE_FIELD = define(
    "S007",
    "missing-message-field",
    Severity.ERROR,
    ["R14", "R17"],
    """
    A message lacks a key its role requires.

    system, user, developer and tool messages need `content`; a tool message needs
    `tool_call_id`; a function message needs `content` and `name`.
    """,
    formats=MESSAGE_FORMATS,
)

INVALID_WEIGHT = define(
    "S009",
    "invalid-weight",
    Severity.ERROR,
    ["R20"],
    """
    An assistant message's `weight` is not the integer 0 or 1.

    "The allowed values for weight are currently 0 or 1." `true`, `1.0` and `"1"` are not
    accepted by ftlint either: OpenAI's behaviour for them is untested, and the documented
    values are integers.
    """,
    formats=MESSAGE_FORMATS,
)

WEIGHT_NOT_ALLOWED = define(
    "S010",
    "weight-not-allowed",
    Severity.ERROR,
    ["R21"],
    """
    `weight` appears on a system, user, tool or function message.

    Only assistant messages are trained on, so only they take `weight`.
    """,
    formats=MESSAGE_FORMATS,
)

INVALID_CONTENT = define(
    "S011",
    "invalid-content",
    Severity.ERROR,
    ["R17"],
    """
    A message's `content` is neither a string nor a non-empty array of content parts.

    OpenAI: "Input should be a valid string". A number, an object, a boolean, an empty
    array or a part with an unknown `type` is reported here. A `null` content is allowed
    only on assistant and function messages.
    """,
    formats=MESSAGE_FORMATS,
)

SCHEMA_MISMATCH = define(
    "S100",
    "schema-mismatch",
    Severity.ERROR,
    ["R14", "R24", "R29", "R33"],
    """
    A value does not match the schema of the format, and no more specific rule applies.

    For example a `tool_calls` item without `id`, a `tools` item without `function`, or a
    `parallel_tool_calls` that is not a boolean. The message says what was expected and
    what was found, at the JSON path.
    """,
    formats=MESSAGE_FORMATS,
)


@example_rule("S008", "no-assistant-message", Severity.ERROR, ["R16"], formats=("chat",))
def no_assistant_message(example: ChatExample, ctx: LineContext) -> None:
    """A supervised example has no assistant message.

    The assistant messages are what the model is trained to produce, so an example without
    one trains nothing; the cookbook reports it as `example_missing_assistant_message`.
    """
    messages = example.messages
    # Most examples end with the assistant's answer: look there first.
    if type(messages[-1]) is AssistantMessage:
        return
    for message in messages:
        if type(message) is AssistantMessage:
            return
    ctx.report("S008", "example has no assistant message to train on", ("messages",))
