"""Mistral's classifier data (reference MI14): ``text`` or ``messages``, with ``labels``.

``labels`` maps each label name to one value or a list of values; several independent
targets may share a line. Mistral's docs list no other key, and say nothing of extra ones,
so unknown keys are skipped rather than refused. Which rule a broken shape breaks is said
by ``rules/mistral_classifier.py``.
"""

from __future__ import annotations

from typing import Literal

from msgspec import UNSET, Struct, UnsetType


class ClassifierMessage(Struct, frozen=True, gc=False):
    """A message of a classified conversation."""

    role: Literal["system", "user", "assistant"]
    content: str


class ClassifierExample(Struct, frozen=True, gc=False):
    """One classifier line: the text (or conversation) and its labels."""

    labels: dict[str, str | list[str]]
    text: str | UnsetType = UNSET
    messages: list[ClassifierMessage] | UnsetType = UNSET
