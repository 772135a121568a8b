"""Conversions between the OpenAI fine-tuning formats and the native ones (``ftlint convert``).

A converter is a pure function on one decoded line: ``convert(obj, options)`` gives a
:class:`Converted` (the new object and the lossy changes made under an option) or a
:class:`Rejected` (the reason and the rule: an ftlint rule code, the one ``ftlint check
--target`` reports for the situation, or a conversion rule M001-M199). Every pair goes
through one conversation model (:mod:`.ir`): ``write_B(read_A(obj))``, so each format
knows only that model.

Formats (``--from`` / ``--to``):

========================  ==========  =====================================================
name                      kind        what
========================  ==========  =====================================================
``openai-chat``           chat        OpenAI supervised ``messages``
``openai-dpo``            preference  OpenAI ``input`` / ``preferred_output`` / ``non_…``
``bedrock-conversation``  chat        Bedrock ``bedrock-conversation-2024`` (Nova, Llama 3.2)
``bedrock-nova-dpo``      preference  Nova 1.0 DPO: ``candidates`` in the last turn
``claude-messages``       chat        Claude 3 Haiku on Bedrock: ``{system, messages}``
``gemini-contents``       chat        Gemini supervised ``contents`` / ``parts``
``gemini-preference``     preference  Gemini ``contents`` / ``completions``
``sharegpt``              chat        read only: ``conversations`` of ``{from, value}``
``alpaca``                chat        read only: ``instruction`` / ``input`` / ``output``
``trl-preference``        preference  read only: ``prompt`` / ``chosen`` / ``rejected``
========================  ==========  =====================================================

``--to`` also takes target names (:data:`TARGET_ALIASES`), resolved by the source's kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from . import bedrock, claude, gemini, openai, sources
from .common import Change, Context, ConvertOptions, Reject

Kind = Literal["chat", "preference"]
Reader = Callable[[dict[str, Any], Context], Any]
Writer = Callable[[Any, Context], dict[str, Any]]


@dataclass(frozen=True)
class Format:
    name: str
    kind: Kind
    label: str
    read: Reader
    write: Writer | None  # None: a source only


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("openai-chat", "chat", "OpenAI chat", openai.read_chat, openai.write_chat),
        Format(
            "openai-dpo",
            "preference",
            "OpenAI DPO",
            openai.read_preference,
            openai.write_preference,
        ),
        Format(
            "bedrock-conversation",
            "chat",
            "Bedrock",
            bedrock.read_conversation,
            bedrock.write_conversation,
        ),
        Format("bedrock-nova-dpo", "preference", "Nova DPO", bedrock.read_dpo, bedrock.write_dpo),
        Format(
            "claude-messages", "chat", "Claude 3 Haiku", claude.read_messages, claude.write_messages
        ),
        Format("gemini-contents", "chat", "Gemini", gemini.read_contents, gemini.write_contents),
        Format(
            "gemini-preference",
            "preference",
            "Gemini preference",
            gemini.read_preference,
            gemini.write_preference,
        ),
        Format("sharegpt", "chat", "ShareGPT", sources.read_sharegpt, None),
        Format("alpaca", "chat", "Alpaca", sources.read_alpaca, None),
        Format("trl-preference", "preference", "TRL preference", sources.read_trl, None),
    )
}

# Target names (``ftlint check --target``) accepted by ``--to``: (chat format, preference
# format, variant of the Bedrock conversation schema).
TARGET_ALIASES: dict[str, tuple[str | None, str | None, str]] = {
    "bedrock-nova": ("bedrock-conversation", "bedrock-nova-dpo", "nova"),
    "bedrock-llama": ("bedrock-conversation", None, "llama"),
    "bedrock-claude": ("claude-messages", None, "nova"),
    "vertex-gemini": ("gemini-contents", "gemini-preference", "nova"),
    **{
        name: ("openai-chat", "openai-dpo", "nova")
        for name in ("openai", "azure", "together", "fireworks", "mistral")
    },
}
TARGETS = tuple(name for name, f in FORMATS.items() if f.write is not None)
SOURCES = tuple(FORMATS)


class ConvertError(Exception):
    """A pair of formats that cannot be converted, with a one-line reason."""


@dataclass(frozen=True)
class Converted:
    obj: dict[str, Any]
    changes: list[Change]


@dataclass(frozen=True)
class Rejected:
    reason: str
    rule: str
    what: str  # the reason without its location, for summaries


Result = Converted | Rejected
Converter = Callable[[dict[str, Any], ConvertOptions], Result]


def resolve_target(to: str, source: str) -> tuple[str, str]:
    """``--to`` as a format name for lines in ``source``, and the Bedrock variant.

    Raises:
        ConvertError: an unknown name, a source-only format, or kinds that differ.
    """
    kind = FORMATS[source].kind
    variant = "nova"
    if to in TARGET_ALIASES:
        chat, preference, variant = TARGET_ALIASES[to]
        resolved = chat if kind == "chat" else preference
        if resolved is None:
            raise ConvertError(f"--to {to}: takes no {kind} data (from {source})")
        to = resolved
    if to not in FORMATS:
        names = ", ".join([*TARGETS, *TARGET_ALIASES])
        raise ConvertError(f"--to {to}: unknown format; choose from {names}")
    target = FORMATS[to]
    if target.write is None:
        raise ConvertError(f"--to {to}: a source format only; convert to {', '.join(TARGETS)}")
    if target.kind != kind:
        raise ConvertError(f"--to {to}: {target.kind} data, but {source} is {kind} data")
    if to == source:
        raise ConvertError(f"--to {to}: the input is already in that format")
    return to, variant


def converter(source: str, target: str) -> Converter:
    """The function converting one decoded line of ``source`` into ``target``."""
    read = FORMATS[source].read
    write = FORMATS[target].write
    label = FORMATS[target].label
    if write is None or FORMATS[source].kind != FORMATS[target].kind:
        raise ConvertError(f"no conversion from {source} to {target}")

    def convert(obj: dict[str, Any], options: ConvertOptions) -> Result:
        ctx = Context(options, label)
        try:
            return Converted(write(read(obj, ctx), ctx), ctx.changes)
        except Reject as exc:
            return Rejected(exc.reason, exc.rule, exc.what)
        except RecursionError:
            return Rejected("nested too deeply to convert", "M010", "nested too deeply")

    return convert


__all__ = [
    "FORMATS",
    "SOURCES",
    "TARGETS",
    "TARGET_ALIASES",
    "Change",
    "ConvertError",
    "ConvertOptions",
    "Converted",
    "Rejected",
    "Result",
    "converter",
    "resolve_target",
]
