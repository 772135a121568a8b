"""Legacy prompt/completion rules (L)."""

from __future__ import annotations

from ..findings import Severity
from .registry import define

INVALID_EXAMPLE = define(
    "L001",
    "invalid-completion-example",
    Severity.ERROR,
    ["R68"],
    """
    A legacy example lacks `prompt` or `completion`, or one of them is not a string.

    Each line of a babbage-002 or davinci-002 file is `{"prompt": str, "completion": str}`.
    """,
    formats=("completion",),
)
