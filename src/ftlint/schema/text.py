"""Generic text examples, ``{"text": ...}``: a format of Together AI (reference TG16)."""

from __future__ import annotations

from msgspec import Struct


class TextExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """One generic text line: a string under `text`, and no other column (TG6)."""

    text: str
