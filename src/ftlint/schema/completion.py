"""Legacy prompt/completion examples (spec §1.4; babbage-002 and davinci-002)."""

from __future__ import annotations

from msgspec import Struct


class CompletionExample(Struct, forbid_unknown_fields=False, frozen=True, gc=False):
    """``{"prompt": str, "completion": str}`` (R68).

    Extra keys are not rejected by the schema: the legacy tool drops them with a warning
    (R69), and that advice belongs to its own rule.
    """

    prompt: str
    completion: str
