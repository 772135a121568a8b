"""Reinforcement fine-tuning examples (spec §1.3, method ``reinforcement``)."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from .messages import ReinforcementMessage, Tool


class ReinforcementExample(Struct, forbid_unknown_fields=False, frozen=True, gc=False):
    """One RFT example.

    Only ``messages`` and ``tools`` are reserved; any other top-level key is passed to the
    graders as ``{{ item.<key> }}`` (R62), so unknown top-level keys are allowed here.
    """

    messages: Annotated[list[ReinforcementMessage], Meta(min_length=1)]
    tools: list[Tool] | UnsetType = UNSET
