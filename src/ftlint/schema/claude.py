"""Anthropic Claude 3 Haiku on Amazon Bedrock: ``{system, messages}`` (reference §5.2).

Every content is a plain string and no other key is allowed (BC1, BC3: Anthropic's
cookbook, "No extraneous keys are allowed"), so the Structs forbid unknown keys.
"""

from __future__ import annotations

from typing import Literal

from msgspec import UNSET, Struct, UnsetType

# The strings a text may not hold (BC5): Claude's old prompt format marks turns with them.
RESERVED = ("\nHuman:", "\nAssistant:")


class ClaudeMessage(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """``{role: "user" | "assistant", content: str}``."""

    role: Literal["user", "assistant"]
    content: str


class ClaudeExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A Claude 3 Haiku line: an optional ``system`` string and the messages."""

    messages: list[ClaudeMessage]
    system: str | UnsetType = UNSET


def text_lengths(example: ClaudeExample) -> tuple[int, int]:
    """The characters of ``system`` and every content, and of the assistant contents: what
    AWS's checker divides by 3 to estimate a record's tokens (BC6)."""
    system = example.system if isinstance(example.system, str) else ""
    total, assistant = len(system), 0
    for message in example.messages:
        n = len(message.content)
        total += n
        if message.role == "assistant":
            assistant += n
    return total, assistant
