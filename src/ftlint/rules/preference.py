"""Preference (DPO) rules (D)."""

from __future__ import annotations

from ..findings import Severity
from .registry import define

OLD_NAMES = {
    "preferred_completion": "preferred_output",
    "non_preferred_completion": "non_preferred_output",
}

MISSING_KEY = define(
    "D001",
    "missing-preference-key",
    Severity.ERROR,
    ["R53"],
    """
    A preference example lacks `input`, `preferred_output` or `non_preferred_output`, or
    `input` is not an object.

    OpenAI: "Example 1 is missing key 'input'". `input` holds the conversation
    (`messages`, and optionally `tools` and `parallel_tool_calls`).
    """,
    formats=("preference",),
)

INVALID_OUTPUT = define(
    "D002",
    "invalid-output",
    Severity.ERROR,
    ["R54"],
    """
    `preferred_output` or `non_preferred_output` is not a list of exactly one assistant
    message.

    Each output is the final assistant turn that answers `input`: one message, with role
    `assistant`.
    """,
    formats=("preference",),
)

UNKNOWN_KEY = define(
    "D003",
    "unknown-preference-key",
    Severity.ERROR,
    ["R53"],
    """
    A preference example, or its `input`, has a key outside the schema.

    The top level takes `input`, `preferred_output` and `non_preferred_output`; `input`
    takes `messages`, `tools` and `parallel_tool_calls`.
    """,
    formats=("preference",),
)

OLD_FIELD_NAME = define(
    "D004",
    "old-output-name",
    Severity.ERROR,
    ["R58"],
    """
    A preference example uses `preferred_completion` or `non_preferred_completion`.

    These names come from OpenAI's API spec of December 2024 to May 2025 and from SDKs
    generated from it. The live API and every guide use `preferred_output` and
    `non_preferred_output`; the old names fail as missing and extra keys.
    """,
    formats=("preference",),
)
