"""Amazon Nova's other data formats on Bedrock: RFT, continued pre-training and
distillation prompts (reference §5.1: BN14, BN15, BN17).

- RFT (Nova 2 Lite): OpenAI's chat format, "one prompt per line", with a
  ``reference_answer`` for the grader; other top-level keys reach the grader, so they are
  skipped here (BN14).
- Continued pre-training: ``{"text": ...}`` (BN15).
- Distillation prompts: the conversation schema with nothing but ``{text}`` blocks, and
  no key beyond the documented ones anywhere ("no extra keys"), so those Structs forbid
  unknown keys (BN17).

Which rule a broken shape breaks is said by the rules (``rules/bedrock_rft.py``,
``rules/bedrock_cpt.py``, ``rules/bedrock_distill.py``).
"""

from __future__ import annotations

from typing import Any, Literal

from msgspec import UNSET, Struct, UnsetType


class RftMessage(Struct, frozen=True, gc=False):
    """A message of a Nova RFT prompt: ``system``, ``user`` or ``assistant``, with string
    content (non-empty if given, a rule's check)."""

    role: Literal["system", "user", "assistant"]
    content: str | UnsetType = UNSET


class NovaRftExample(Struct, frozen=True, gc=False):
    """One Nova 2 Lite RFT line; unknown top-level keys are passed to the grader."""

    messages: list[RftMessage]
    reference_answer: str | dict[str, Any] | UnsetType = UNSET
    id: str | UnsetType = UNSET
    tools: list[Any] | UnsetType = UNSET


class NovaCptExample(Struct, frozen=True, gc=False):
    """One continued pre-training line: ``{"text": ...}``."""

    text: str


class DistillText(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """A ``{text}`` block: the only block a distillation prompt takes."""

    text: str


class DistillMessage(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """``{role, content: [{text}]}``; the rules check the role order and the one block."""

    role: Literal["user", "assistant"]
    content: list[DistillText]


class DistillationExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """One distillation prompt (Nova teacher to student)."""

    schemaVersion: str
    messages: list[DistillMessage]
    system: list[DistillText] | UnsetType = UNSET
