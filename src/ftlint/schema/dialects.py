"""Which Structs each target decodes its formats with: OpenAI's, or a provider's own.

A *dialect* is a target's schema-level differences from OpenAI: a root Struct per format
where the provider's shape differs (see :mod:`ftlint.schema.providers`), and the message
and part classes its examples hold (:class:`~ftlint.schema.kinds.Kinds`), which the
conversation walk tells apart. A target without a dialect decodes with OpenAI's Structs,
and a format a dialect does not name is decoded as OpenAI's (or the native format's own).
Keyed by target name, since the schema layer does not import the targets; this module is
imported only for the targets of ``schema.DIALECT_TARGETS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple

from msgspec import Struct

from . import providers as p
from .kinds import OPENAI_KINDS, Kinds


class Dialect(NamedTuple):
    """A target's root Structs by format (where they differ), and its kinds."""

    roots: Mapping[str, type[Struct]]
    kinds: Kinds = OPENAI_KINDS


_TOGETHER_KINDS = Kinds(
    user=p.TogetherUserMessage,
    assistant=p.TogetherAssistantMessage,
    system=p.TogetherSystemMessage,
    tool=p.TogetherToolMessage,
    output=p.TogetherOutput,
    functions=False,
    prompt_parts=True,
)

DIALECTS: Final[Mapping[str, Dialect]] = {
    "azure": Dialect(
        {"preference": p.AzurePreferenceExample},
        Kinds(output=p.AzureOutput, outputs=True),
    ),
    "together": Dialect(
        {
            "chat": p.TogetherChatExample,
            "preference": p.TogetherPreferenceExample,
            "completion": p.TogetherInstructionExample,
        },
        _TOGETHER_KINDS,
    ),
    "fireworks": Dialect(
        {"chat": p.FireworksChatExample, "reinforcement": p.FireworksReinforcementExample},
        Kinds(assistant=p.FireworksAssistantMessage),
    ),
    "mistral": Dialect(
        {"chat": p.MistralChatExample},
        Kinds(
            user=p.MistralUserMessage,
            tool=p.MistralToolMessage,
            image=p.MistralImagePart,
            functions=False,
        ),
    ),
}
