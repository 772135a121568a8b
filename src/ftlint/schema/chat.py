"""Supervised chat examples (spec §1.1, method ``supervised``)."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from .messages import ChatMessage, LegacyFunction, Tool

# `functions` is deprecated but still in the schema, with 1 to 128 items (R33).
Functions = Annotated[list[LegacyFunction], Meta(min_length=1, max_length=128)]


class ChatExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """One supervised example: only these four top-level keys are allowed (R11)."""

    messages: Annotated[list[ChatMessage], Meta(min_length=1)]
    tools: list[Tool] | UnsetType = UNSET
    parallel_tool_calls: bool | UnsetType = UNSET
    functions: Functions | UnsetType = UNSET
