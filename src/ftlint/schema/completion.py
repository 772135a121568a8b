"""Legacy prompt/completion examples (spec §1.4; babbage-002 and davinci-002)."""

from __future__ import annotations

from msgspec import Struct


class CompletionExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """``{"prompt": str, "completion": str}`` (R68).

    Extra keys fail this strict shape, so the engine can report them (R69, a warning);
    such a line is then decoded again with :class:`LenientCompletionExample` and checked
    like any other.
    """

    prompt: str
    completion: str


class LenientCompletionExample(Struct, frozen=True, gc=False):
    """The same shape, ignoring extra keys."""

    prompt: str
    completion: str
