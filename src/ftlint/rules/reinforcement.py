"""Reinforcement fine-tuning rules (G, for graded data)."""

from __future__ import annotations

from ..findings import Severity
from .registry import define

INVALID_ROLE = define(
    "G001",
    "invalid-rft-role",
    Severity.ERROR,
    ["R61"],
    """
    A reinforcement example has a `system` or `function` message.

    RFT messages are `developer`, `user`, `assistant` and `tool` only ("system messages
    aren't supported"). Put instructions in a `developer` message instead. Extra top-level
    keys are allowed in RFT data: they are passed to the graders as `{{ item.<key> }}`
    (R62).
    """,
    formats=("reinforcement",),
)
