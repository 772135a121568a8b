"""The OpenAI formats as Azure, Together, Fireworks and Mistral take them (reference §1-§4).

These providers take OpenAI's files, with schema-level differences a typed decode must
know: a key one of them allows and OpenAI rejects (Together's `weight` on any message), a
shape OpenAI does not have (Mistral's string `image_url`), a role or key one of them
rejects (Together has no `function` role). Each difference is a Struct here, a subclass
of OpenAI's where it adds fields (so the rules see every field they know); which target
decodes with which Struct is :mod:`ftlint.schema.dialects`. OpenAI's own Structs do not
change, so OpenAI's decode costs what it did.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from msgspec import UNSET, Meta, Struct, UnsetType, field

from .chat import Functions
from .messages import (
    AssistantMessage,
    AssistantOutput,
    AudioPart,
    DeveloperMessage,
    FilePart,
    ImagePart,
    ImageURL,
    RefusalPart,
    SystemMessage,
    TextPart,
    Tool,
    ToolMessage,
    UserMessage,
    Weight,
    _AssistantFields,
    _Message,
    _Part,
)
from .preference import PreferenceInput

# -- Together AI (reference §2) ---------------------------------------------------------


class TogetherSystemMessage(SystemMessage, tag="system", frozen=True):
    """A system message with Together's `weight`: 0 or 1 on any message (TG12)."""

    weight: Weight | UnsetType = UNSET


class TogetherUserMessage(UserMessage, tag="user", frozen=True):
    """A user message with Together's `weight` (TG12)."""

    weight: Weight | UnsetType = UNSET


class TogetherToolMessage(ToolMessage, tag="tool", frozen=True):
    """A tool message with Together's `weight` (TG12)."""

    weight: Weight | UnsetType = UNSET


class TogetherAssistantMessage(AssistantMessage, tag="assistant", frozen=True):
    """An assistant message with a reasoning trace, for reasoning models (TG19)."""

    reasoning: str | UnsetType = UNSET
    reasoning_content: str | UnsetType = UNSET


class TogetherOutput(AssistantOutput, frozen=True, kw_only=True):
    """A DPO output, which may carry a reasoning trace too (TG19)."""

    reasoning: str | UnsetType = UNSET
    reasoning_content: str | UnsetType = UNSET


# Together's roles: system, user, assistant and tool (TG9); no `function`, no `developer`.
TogetherMessage = (
    TogetherSystemMessage | TogetherUserMessage | TogetherAssistantMessage | TogetherToolMessage
)
_TogetherMessages = Annotated[list[TogetherMessage], Meta(min_length=1)]
_TogetherOutput = Annotated[list[TogetherOutput], Meta(min_length=1, max_length=1)]


class TogetherChatExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A conversational line: `messages` and `tools`; any other column is an error (TG6),
    OpenAI's `parallel_tool_calls` and `functions` included."""

    messages: _TogetherMessages
    tools: list[Tool] | UnsetType = UNSET


class TogetherPreferenceInput(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A preference line's `input`: `messages` and `tools` (TG17, TG18)."""

    messages: _TogetherMessages
    tools: list[Tool] | UnsetType = UNSET


class TogetherPreferenceExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A preference line: OpenAI's keys, one assistant output each (TG17)."""

    input: TogetherPreferenceInput
    preferred_output: _TogetherOutput
    non_preferred_output: _TogetherOutput


# TG13: a part is text or an image; no other type.
_TogetherParts = Annotated[list[TextPart | ImagePart], Meta(min_length=1)]


class TogetherInstructionExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """An instruction line: `prompt` and `completion`, each a string or a list of parts
    (TG16); extra columns are errors (TG6)."""

    prompt: str | _TogetherParts
    completion: str | _TogetherParts


# -- Azure OpenAI (reference §1) -------------------------------------------------------


class AzureOutput(_AssistantFields, _Message, tag="assistant", frozen=True):
    """An assistant message of a DPO output (which has no ``weight``: D006 says so)."""

    STANDS_FOR: ClassVar[type] = AssistantOutput
    weight: Any = UNSET


# AZ11: an output holds at least one assistant message, and assistant or tool messages
# only ("can only have roles in (assistant, tool)"), not OpenAI's exactly one.
_AzureOutputs = Annotated[list[AzureOutput | ToolMessage], Meta(min_length=1)]


class AzurePreferenceExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """An Azure DPO line: OpenAI's keys, with outputs of one or more messages (AZ11)."""

    input: PreferenceInput
    preferred_output: _AzureOutputs
    non_preferred_output: _AzureOutputs


# -- Fireworks AI (reference §3) --------------------------------------------------------


class FireworksAssistantMessage(AssistantMessage, tag="assistant", frozen=True):
    """An assistant message with the thinking trace of a thinking model (FW5)."""

    reasoning_content: str | UnsetType = UNSET


# Fireworks' roles: system, user, assistant, and tool for function calling (FW3, FW4).
FireworksMessage = SystemMessage | UserMessage | FireworksAssistantMessage | ToolMessage
FireworksRftMessage = (
    SystemMessage | DeveloperMessage | UserMessage | FireworksAssistantMessage | ToolMessage
)


class FireworksChatExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A Fireworks SFT line: OpenAI's keys ("no changes"), Fireworks' roles (FW3)."""

    messages: Annotated[list[FireworksMessage], Meta(min_length=1)]
    tools: list[Tool] | UnsetType = UNSET
    parallel_tool_calls: bool | UnsetType = UNSET
    functions: Functions | UnsetType = UNSET


# -- Mistral AI (reference §4) ----------------------------------------------------------


class MistralImagePart(_Part, tag="image_url", frozen=True):
    """An image part whose `image_url` may be a plain string (MI11), or OpenAI's object.

    The rules read ``part.image_url.url`` whichever was given.
    """

    STANDS_FOR: ClassVar[type] = ImagePart
    given: ImageURL | str = field(name="image_url")

    @property
    def image_url(self) -> ImageURL:
        """The image URL as OpenAI's object."""
        given = self.given
        return ImageURL(url=given) if type(given) is str else given  # type: ignore[return-value]


# The parts of a user message: OpenAI's, with Mistral's image part (the rules say which
# parts a role takes, as for OpenAI).
MistralPart = TextPart | MistralImagePart | AudioPart | FilePart | RefusalPart


class MistralUserMessage(UserMessage, tag="user", frozen=True):
    """A user message whose image parts may give `image_url` as a string (MI11)."""

    content: str | Annotated[list[MistralPart], Meta(min_length=1)]  # type: ignore[assignment]


class MistralToolMessage(ToolMessage, tag="tool", frozen=True):
    """A tool message, which may name its tool (reference §4.1)."""

    name: str | UnsetType = UNSET


# Mistral's roles: system, user, assistant and tool (MI2); no `function`.
MistralMessage = SystemMessage | MistralUserMessage | AssistantMessage | MistralToolMessage


class MistralChatExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A Mistral instruct line: `messages` and `tools` (reference §4.1). OpenAI's
    `parallel_tool_calls` is taken, and warned about (MI15); `functions` is not."""

    messages: Annotated[list[MistralMessage], Meta(min_length=1)]
    tools: list[Tool] | UnsetType = UNSET
    parallel_tool_calls: bool | UnsetType = UNSET


class FireworksReinforcementExample(Struct, forbid_unknown_fields=False, frozen=True, gc=False):
    """A Fireworks RFT line: the prompt's system and user turns, and any keys the
    evaluator reads (FW9); OpenAI's RFT forbids the system message."""

    messages: Annotated[list[FireworksRftMessage], Meta(min_length=1)]
    tools: list[Tool] | UnsetType = UNSET
