"""Preference (DPO) examples (spec §1.2, method ``dpo``)."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from .messages import AssistantOutput, ChatMessage, Tool

# Exactly one assistant message per output (R54): the schema says maxItems 1, and an
# empty list gives no preference signal.
Output = Annotated[list[AssistantOutput], Meta(min_length=1, max_length=1)]


class PreferenceInput(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """The ``input`` object: the conversation both outputs answer (R55)."""

    messages: Annotated[list[ChatMessage], Meta(min_length=1)]
    tools: list[Tool] | UnsetType = UNSET
    parallel_tool_calls: bool | UnsetType = UNSET


class PreferenceExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """One DPO example (R53): ``input``, ``preferred_output`` and ``non_preferred_output``."""

    input: PreferenceInput
    preferred_output: Output
    non_preferred_output: Output
