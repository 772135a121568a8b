"""Shortening long text for display, the same way everywhere: a cut ends in "…"."""

from __future__ import annotations

ELLIPSIS = "…"

# Still cut by hand in the rules (owned elsewhere; each is clip(text, N)):
# rules/explain_schema.py (40, twice), rules/argschema.py (160), rules/vision.py (40).


def clip(text: str, limit: int, *, trim: bool = False) -> str:
    """``text`` if it has at most ``limit`` characters, else its start and "…" in ``limit``.

    ``trim`` drops the whitespace before the "…", for prose (a cut key keeps its spaces:
    they are part of what the user wrote).
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return (head.rstrip() if trim else head) + ELLIPSIS
