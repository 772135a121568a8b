"""The message and part classes the conversation walk tells apart, per target.

Hooks and the walk name OpenAI's classes; a target's dialect (:mod:`.dialects`) may
decode its examples into classes of its own, which stand for them. Kept apart from the
dialects so that OpenAI's checks never import the providers' Structs.
"""

from __future__ import annotations

from typing import Final

import msgspec

from .messages import (
    AssistantMessage,
    AssistantOutput,
    DeveloperMessage,
    FunctionMessage,
    ImagePart,
    SystemMessage,
    ToolMessage,
    UserMessage,
)


class Kinds(msgspec.Struct, frozen=True, kw_only=True):
    """The classes of a dialect's messages and parts, by the OpenAI class each stands for.

    Every field's default is OpenAI's class; a dialect replaces the ones it decodes
    differently. ``functions`` tells whether a chat example may define `functions`, and
    ``outputs`` whether a DPO output may hold several messages (Azure), tool messages
    among them; ``prompt_parts`` whether a prompt and a completion may be lists of parts
    (Together's instruction data).
    """

    user: type = UserMessage
    assistant: type = AssistantMessage
    system: type = SystemMessage
    developer: type = DeveloperMessage
    tool: type = ToolMessage
    function: type = FunctionMessage
    output: type = AssistantOutput
    image: type = ImagePart
    functions: bool = True
    outputs: bool = False
    prompt_parts: bool = False

    def classes(self) -> dict[type, type]:
        """Each class of the dialect, with the OpenAI class it stands for."""
        return {getattr(self, name): base for name, base in _BASES.items()}


OPENAI_KINDS: Final = Kinds()


# Each class field of Kinds, with its default: the OpenAI class. (Read once: looking the
# fields up with msgspec.structs.fields evaluates their annotations every time.)
_BASES: Final = {
    name: default
    for name, default in zip(Kinds.__struct_fields__, Kinds.__struct_defaults__, strict=True)
    if isinstance(default, type)
}
