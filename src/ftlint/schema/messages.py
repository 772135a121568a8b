"""Messages, content parts and tools shared by the chat, preference and reinforcement formats.

The types mirror the field trees of spec §1.1 and §1.3. Three options are set on every type:

- ``forbid_unknown_fields=True``: OpenAI's validator rejects extra keys ("contains an extra
  ..."), so a typo such as ``contnet`` must be a finding, not a silently ignored field.
- ``frozen=True``: decoded examples are values; nothing downstream may change them.
- ``gc=False``: decoded JSON is acyclic, and skipping GC tracking makes decoding faster.

Messages are tagged by ``role`` and content parts by ``type``, so one msgspec union
dispatches on the tag and its errors name the exact path (``$.messages[3].role``).

msgspec does not require the tag of a tagged Struct that stands alone rather than in a
union. Where only one shape is allowed (a DPO output), the shape declares its ``role`` as
an explicit ``Literal`` field instead, so a missing or wrong value is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal, get_args, get_origin, get_type_hints

from msgspec import UNSET, Meta, Raw, Struct, UnsetType


class _Node(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """Base for every nested object."""


class _Part(_Node, tag_field="type", frozen=True):
    """Base for content parts, tagged by ``type``."""


class TextPart(_Part, tag="text", frozen=True):
    """``{"type": "text", "text": ...}``."""

    text: str


class ImageURL(_Node, frozen=True):
    """The ``image_url`` object of an image part."""

    url: str
    detail: Literal["auto", "low", "high"] | UnsetType = UNSET


class ImagePart(_Part, tag="image_url", frozen=True):
    """``{"type": "image_url", "image_url": {"url": ..., "detail": ...}}``."""

    image_url: ImageURL


class InputAudio(_Node, frozen=True):
    """The ``input_audio`` object of an audio part."""

    data: str
    format: Literal["wav", "mp3"]


class AudioPart(_Part, tag="input_audio", frozen=True):
    """An audio part: in the chat schema, but not supported for fine-tuning (R19)."""

    input_audio: InputAudio


class FileRef(_Node, frozen=True):
    """The ``file`` object of a file part."""

    filename: str | UnsetType = UNSET
    file_data: str | UnsetType = UNSET
    file_id: str | UnsetType = UNSET


class FilePart(_Part, tag="file", frozen=True):
    """A file part: in the chat schema, but not supported for fine-tuning (R19)."""

    file: FileRef


class RefusalPart(_Part, tag="refusal", frozen=True):
    """``{"type": "refusal", "refusal": ...}``, assistant content only."""

    refusal: str


# Every role's content takes every part type here, although each role takes only some
# (spec R18, R19, R22, R27, R45, R47). The semantic rules check which parts a role takes
# (C001, C002, C007, S011, V001), so a line with a wrong part still gets its other
# problems reported: a schema error would stop at the first one.
Part = TextPart | ImagePart | AudioPart | FilePart | RefusalPart
Parts = Annotated[list[Part], Meta(min_length=1)]
TextContent = str | Parts
UserContent = str | Parts
AssistantContent = str | None | Parts


class FunctionCall(_Node, frozen=True):
    """A call to a function: ``arguments`` is a JSON-encoded string."""

    name: str
    arguments: str


class ToolCall(_Node, frozen=True):
    """One item of an assistant's ``tool_calls``."""

    id: str
    type: Literal["function"]
    function: FunctionCall


class AudioRef(_Node, frozen=True):
    """An assistant's ``audio`` reference."""

    id: str


# A function's `parameters` JSON Schema is kept as raw JSON: it is only needed (decoded,
# compiled) for tool-call arguments (rule T012), and its bytes key the compiled-validator
# cache without re-encoding. That it is an object (R32) is checked by rule T005.
Parameters = Raw


class FunctionObject(_Node, frozen=True):
    """A function definition, in ``tools[].function`` or ``functions[]``."""

    name: str
    description: str | UnsetType = UNSET
    parameters: Parameters | UnsetType = UNSET
    strict: bool | UnsetType | None = UNSET


class Tool(_Node, frozen=True):
    """One item of ``tools``."""

    type: Literal["function"]
    function: FunctionObject


class LegacyFunction(_Node, frozen=True):
    """One item of the deprecated ``functions`` list."""

    name: str
    description: str | UnsetType = UNSET
    parameters: Parameters | UnsetType = UNSET


class _Message(_Node, tag_field="role", frozen=True):
    """Base for messages, tagged by ``role``."""


class SystemMessage(_Message, tag="system", frozen=True):
    """A system message: text only."""

    content: TextContent
    name: str | UnsetType = UNSET


class DeveloperMessage(_Message, tag="developer", frozen=True):
    """A developer message: reinforcement data only, text only."""

    content: TextContent
    name: str | UnsetType = UNSET


class UserMessage(_Message, tag="user", frozen=True):
    """A user message: text and images (audio and file parts exist in the schema)."""

    content: UserContent
    name: str | UnsetType = UNSET


Weight = Annotated[int, Meta(ge=0, le=1)]


class _AssistantFields(_Node, frozen=True):
    """The fields an assistant message has wherever it appears."""

    content: AssistantContent | UnsetType = UNSET
    refusal: str | UnsetType | None = UNSET
    name: str | UnsetType = UNSET
    audio: AudioRef | UnsetType | None = UNSET
    tool_calls: list[ToolCall] | UnsetType = UNSET
    function_call: FunctionCall | UnsetType | None = UNSET


class AssistantMessage(_AssistantFields, _Message, tag="assistant", frozen=True):
    """An assistant message of an example, with the optional training ``weight``."""

    weight: Weight | UnsetType = UNSET


class AssistantOutput(_AssistantFields, frozen=True, kw_only=True):
    """A DPO output: the plain assistant message, which has no ``weight``."""

    role: Literal["assistant"]
    # Not in the schema: accepted here so that rule D006 can say what is wrong with it.
    weight: Any = UNSET


class ToolMessage(_Message, tag="tool", frozen=True):
    """A tool result, answering an earlier tool call by ``tool_call_id``."""

    content: TextContent
    tool_call_id: str


class FunctionMessage(_Message, tag="function", frozen=True):
    """A deprecated function result."""

    content: str | None
    name: str


ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage | FunctionMessage
ReinforcementMessage = DeveloperMessage | UserMessage | AssistantMessage | ToolMessage


def role_of(message: type[Struct]) -> str:
    """The ``role`` a message type stands for: its tag, or its one ``Literal`` value."""
    tag = message.__struct_config__.tag
    if isinstance(tag, str):
        return tag
    (role,) = get_args(get_type_hints(message)["role"])
    assert isinstance(role, str)
    return role


def _roles(union: Any) -> tuple[str, ...]:
    return tuple(role_of(message) for message in get_args(union))


# The roles each message union accepts, in the order the unions list them.
CHAT_ROLES: Final = _roles(ChatMessage)
REINFORCEMENT_ROLES: Final = _roles(ReinforcementMessage)
# The roles that give instructions (a chat `system`, an RFT `developer` message).
INSTRUCTION_ROLES: Final = frozenset(map(role_of, (SystemMessage, DeveloperMessage)))


# Every message type, the DPO output included, with its role.
def union_roles(tp: Any) -> tuple[str, ...]:
    """The roles of the messages of list type ``tp`` (``Annotated`` or not)."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    (union,) = get_args(tp)
    return tuple(role_of(cls) for cls in get_args(union) or (union,))


def roles_of(root: type[Struct]) -> tuple[str, ...]:
    """The roles the messages of a root Struct take (a preference example's, its input's)."""
    hints = get_type_hints(root, include_extras=True)
    if "input" in hints:
        hints = get_type_hints(hints["input"], include_extras=True)
    return union_roles(hints["messages"]) if "messages" in hints else ()


OPENAI_MESSAGES: Final = frozenset(
    (*get_args(ChatMessage), *get_args(ReinforcementMessage), AssistantOutput)
)


def openai_class(cls: type) -> type:
    """The OpenAI class that a target's own message or part class stands for
    (:mod:`ftlint.schema.providers`): the base it extends, or its ``STANDS_FOR``."""
    for base in cls.__mro__:
        if base in OPENAI_MESSAGES:
            return base
    found: type = getattr(cls, "STANDS_FOR", cls)
    return found


class _Roles(dict[type, str]):
    """Role by message class; a target's own class has the role of the one it stands for."""

    def __missing__(self, cls: type) -> str:
        return self[openai_class(cls)] if openai_class(cls) is not cls else role_of(cls)


ROLE_OF: Final[Mapping[type, str]] = _Roles(
    {message: role_of(message) for message in OPENAI_MESSAGES}
)

__all__ = [
    "CHAT_ROLES",
    "INSTRUCTION_ROLES",
    "REINFORCEMENT_ROLES",
    "ROLE_OF",
    "AssistantMessage",
    "AssistantOutput",
    "AudioPart",
    "ChatMessage",
    "DeveloperMessage",
    "FilePart",
    "FunctionCall",
    "FunctionMessage",
    "FunctionObject",
    "ImagePart",
    "LegacyFunction",
    "RefusalPart",
    "ReinforcementMessage",
    "SystemMessage",
    "TextPart",
    "Tool",
    "ToolCall",
    "ToolMessage",
    "UserMessage",
    "openai_class",
    "role_of",
    "roles_of",
    "union_roles",
]
