"""msgspec Structs for the four training-file formats, and format detection.

Each format has one root Struct and one reusable typed ``msgspec.json.Decoder``. The
engine decodes every line with the file's decoder; only lines that fail are looked at
again (untyped) to explain the failure.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import msgspec
from msgspec import UNSET

from .chat import ChatExample
from .completion import CompletionExample, LenientCompletionExample
from .kinds import OPENAI_KINDS, Kinds
from .messages import CHAT_ROLES, REINFORCEMENT_ROLES, roles_of
from .preference import PreferenceExample
from .reinforcement import ReinforcementExample
from .text import TextExample


class _Roots(Mapping[str, type[msgspec.Struct]]):
    """The root Struct of each format. A native format's is imported when first asked for
    (its module, as ``"module:Struct"``): a check of OpenAI's formats never needs them."""

    def __init__(self, roots: dict[str, type[msgspec.Struct] | str]) -> None:
        self._roots = roots

    def __getitem__(self, fmt: str) -> type[msgspec.Struct]:
        root = self._roots[fmt]
        if isinstance(root, str):
            module, _, name = root.partition(":")
            root = self._roots[fmt] = getattr(importlib.import_module(module, __name__), name)
        return root

    def __iter__(self) -> Iterator[str]:
        return iter(self._roots)

    def __len__(self) -> int:
        return len(self._roots)


ROOTS: Final[Mapping[str, type[msgspec.Struct]]] = _Roots(
    {
        "chat": ChatExample,
        "completion": CompletionExample,
        "preference": PreferenceExample,
        "reinforcement": ReinforcementExample,
        # Native formats of other providers (issue #14): never auto-detected (see
        # NATIVE_FORMATS).
        "bedrock-conversation": ".bedrock:ConversationExample",
        "bedrock-nova-dpo": ".bedrock:NovaDpoExample",
        "claude-messages": ".claude:ClaudeExample",
        "gemini-contents": ".gemini:GeminiExample",
        "gemini-preference": ".gemini:GeminiPreferenceExample",
        "bedrock-nova-rft": ".nova:NovaRftExample",
        "bedrock-nova-cpt": ".nova:NovaCptExample",
        "bedrock-distillation": ".nova:DistillationExample",
        "mistral-classifier": ".classifier:ClassifierExample",
        # Together's pre-tokenized Parquet files: their footer is read, not their lines.
        "parquet": ".parquet:TokenizedExample",
        # Generic text, `{"text": ...}`: a format of Together AI (reference TG16).
        "text": TextExample,
    }
)
# The training-file formats: every other table keyed by format follows this one.
FORMAT_NAMES: Final = tuple(ROOTS)
# OpenAI's formats, the only ones `--format auto` detects (:func:`detect`), and the native
# formats of other providers, checked when asked for by name (`--format`, or a target that
# lists them: which formats a target's auto-detection tries is the target's decision, with
# :func:`detect_native`). Their names are those of `ftlint convert` where it writes them.
OPENAI_FORMATS: Final = FORMAT_NAMES[:4]
NATIVE_FORMATS: Final = FORMAT_NAMES[4:]

LABELS: Final[Mapping[str, str]] = {
    "chat": "chat (supervised)",
    "completion": "prompt/completion (legacy)",
    "preference": "preference (DPO)",
    "reinforcement": "reinforcement (RFT)",
    "bedrock-conversation": "Bedrock conversation (Nova, Llama 3.2)",
    "bedrock-nova-dpo": "Bedrock Nova DPO",
    "claude-messages": "Claude 3 Haiku messages (Bedrock)",
    "gemini-contents": "Gemini contents (Vertex AI supervised)",
    "gemini-preference": "Gemini preference (Vertex AI)",
    "bedrock-nova-rft": "Bedrock Nova 2 Lite RFT (chat with reference_answer)",
    "bedrock-nova-cpt": "Bedrock Nova continued pre-training text",
    "bedrock-distillation": "Bedrock distillation prompts",
    "mistral-classifier": "Mistral classifier (text or messages, with labels)",
    "parquet": "Parquet, pre-tokenized (Together AI)",
    "text": "generic text",
}

# Formats whose root allows unknown keys. msgspec skips the values of unknown keys without
# checking their UTF-8, so the engine checks those lines' encoding itself.
SKIPS_UNKNOWN_KEYS: Final = frozenset(
    {
        "reinforcement",
        "bedrock-conversation",
        "bedrock-nova-dpo",
        "gemini-contents",
        "gemini-preference",
        "bedrock-nova-rft",
        "bedrock-nova-cpt",
        "mistral-classifier",
    }
)


def _defines_functions(example: Any) -> bool:
    return example.tools is not UNSET or example.functions is not UNSET


def _defines_tools(example: Any) -> bool:
    return example.tools is not UNSET


def _input_defines_tools(example: Any) -> bool:
    return example.input.tools is not UNSET


def _always(example: Any) -> bool:
    return True


# Per format: whether a decoded example may hold bytes that msgspec did not check as UTF-8,
# namely a function's `parameters` (kept as msgspec.Raw, undecoded) or the values of
# skipped unknown keys. The engine checks the encoding of such (non-ASCII) lines itself,
# so that invalid UTF-8 there is J006 like anywhere else.
UNCHECKED_BYTES: Final[Mapping[str, Callable[[Any], bool]]] = {
    "chat": _defines_functions,
    "preference": _input_defines_tools,
    **{fmt: _always for fmt in SKIPS_UNKNOWN_KEYS},
}


def unchecked_bytes(fmt: str, target: str | None = None) -> Callable[[Any], bool] | None:
    """:data:`UNCHECKED_BYTES` of ``fmt`` as ``target`` decodes it."""
    variant = variant_root(fmt, target)
    if variant is None:
        return UNCHECKED_BYTES.get(fmt)
    if not variant.__struct_config__.forbid_unknown_fields:
        return _always
    fields = {f.name for f in msgspec.structs.fields(variant)}
    if "functions" in fields:
        return _defines_functions
    if "tools" in fields:
        return _defines_tools
    return _input_defines_tools if "input" in fields else None


CHAT_KEYS: Final = frozenset(f.encode_name for f in msgspec.structs.fields(ChatExample))
PREFERENCE_KEYS: Final = frozenset(
    {
        "input",
        "preferred_output",
        "non_preferred_output",
        "preferred_completion",
        "non_preferred_completion",
    }
)
COMPLETION_KEYS: Final = frozenset({"prompt", "completion"})
_OUTPUT_KEYS: Final = PREFERENCE_KEYS - {"input"}
# Keys that mark a prompt-carrying object as another dataset format (TRL, Alpaca).
_NOT_COMPLETION: Final = frozenset({"chosen", "rejected", "instruction"})

# Roles that only one of the two message formats takes: evidence of that format.
_REINFORCEMENT_ONLY: Final = frozenset(REINFORCEMENT_ROLES) - frozenset(CHAT_ROLES)
_CHAT_ONLY: Final = frozenset(CHAT_ROLES) - frozenset(REINFORCEMENT_ROLES)

# Keys of dataset formats that OpenAI does not accept, and what they are.
FOREIGN_KEYS: Final[Mapping[str, str]] = {
    "conversations": "ShareGPT-style `conversations`",
    "conversation": "a `conversation` list",
    "text": "plain `text` (a pretraining format)",
    "instruction": "Alpaca-style `instruction`/`output`",
    "chosen": "TRL-style `chosen`/`rejected` pairs",
    "rejected": "TRL-style `chosen`/`rejected` pairs",
    "contents": "Gemini-style `contents`",
    "dialog": "a `dialog` list",
}


def preference_messages(example: Any) -> list[Any]:
    """A preference example's messages: its input's, then both outputs.

    The one definition of a DPO example's messages, for every count of them (``check``'s
    statistics line, ``stats``, the report).
    """
    return [*example.input.messages, *example.preferred_output, *example.non_preferred_output]


# The targets with a dialect of their own (the keys of dialects.DIALECTS; a test checks):
# only they import the providers' Structs, so OpenAI's checks start up as fast as before.
DIALECT_TARGETS: Final = frozenset({"azure", "together", "fireworks", "mistral"})


def variant_root(fmt: str, target: str | None) -> type[msgspec.Struct] | None:
    """The root Struct ``target`` decodes ``fmt`` with, if it is not the format's own."""
    if target not in DIALECT_TARGETS:
        return None
    from .dialects import DIALECTS

    return DIALECTS[target].roots.get(fmt)


def root(fmt: str, target: str | None = None) -> type[msgspec.Struct]:
    """The root Struct of ``fmt`` as ``target`` takes it (see :mod:`.dialects`)."""
    return variant_root(fmt, target) or ROOTS[fmt]


def decoder(fmt: str, target: str | None = None) -> msgspec.json.Decoder[Any]:
    """The shared typed decoder of ``fmt`` as ``target`` takes it; built once per process."""
    variant = variant_root(fmt, target)
    if variant is None:
        # Built when first asked for (a few milliseconds each): a run builds only the
        # decoders of the formats it meets.
        found = _DECODERS.get(fmt)
        if found is None:
            found = _DECODERS[fmt] = msgspec.json.Decoder(ROOTS[fmt])
        return found
    found = _VARIANT_DECODERS.get(variant)
    if found is None:
        found = _VARIANT_DECODERS[variant] = msgspec.json.Decoder(variant)
    return found


@functools.cache
def chat_only_roles(target: str | None = None) -> frozenset[str]:
    """The roles that ``target``'s chat takes and its reinforcement data does not: the
    evidence of chat when a file could be either (:mod:`.evidence`)."""
    chat, rft = root("chat", target), root("reinforcement", target)
    return frozenset(roles_of(chat)) - frozenset(roles_of(rft))


def kinds(target: str | None = None) -> Kinds:
    """The message and part classes of ``target``'s examples (OpenAI's by default)."""
    if target not in DIALECT_TARGETS:
        return OPENAI_KINDS
    from .dialects import DIALECTS

    return DIALECTS[target].kinds


_DECODERS: Final[dict[str, msgspec.json.Decoder[Any]]] = {}
# The decoders of the targets' own root Structs, made when a file first needs one.
_VARIANT_DECODERS: dict[type, msgspec.json.Decoder[Any]] = {}

# Decoders that accept a line whose only schema problems are warnings (extra legacy keys).
LENIENT: Final[Mapping[str, msgspec.json.Decoder[Any]]] = {
    "completion": msgspec.json.Decoder(LenientCompletionExample),
}


def family(obj: Mapping[str, Any]) -> str | None:
    """Which key family a decoded object belongs to: messages, preference or completion.

    A key name alone can mislead: Alpaca's `input` is a string, not DPO's conversation
    object, and TRL's `prompt` comes with `chosen`/`rejected`, not `completion`. Such
    objects belong to no family.
    """
    if "messages" in obj:
        return "messages"
    if not _OUTPUT_KEYS.isdisjoint(obj) or isinstance(obj.get("input"), dict):
        return "preference"
    if not COMPLETION_KEYS.isdisjoint(obj) and _NOT_COMPLETION.isdisjoint(obj):
        return "completion"
    return None


# The key family of each format whose name is not its family. A Gemini line with OpenAI's
# `messages` is a Gemini line without `contents` (GV2), not a line of another format.
_FAMILIES: Final = {
    "gemini-contents": "messages",
    "gemini-preference": "messages",
    "chat": "messages",
    "reinforcement": "messages",
    "bedrock-conversation": "messages",
    "bedrock-nova-dpo": "messages",
    "claude-messages": "messages",
    "bedrock-nova-rft": "messages",
    "bedrock-distillation": "messages",
    "mistral-classifier": "messages",
    "bedrock-nova-cpt": "text",
}


def family_of(fmt: str) -> str:
    """The key family of a format name."""
    return _FAMILIES.get(fmt, fmt)


def detect(obj: Mapping[str, Any]) -> str | None:
    """Guess the format of one decoded object, or ``None`` if it has no format's keys.

    Every RFT line without extra keys is also a valid chat line. Auto-detection picks
    ``reinforcement`` only on evidence that cannot be chat: a ``developer`` message, and
    no ``system`` or ``function`` message (which RFT forbids). Extra top-level keys are
    not taken as evidence: a chat file whose lines carry an ``id`` must still get its
    R11 errors, not pass silently as RFT data.
    """
    fam = family(obj)
    if fam != "messages":
        return fam
    messages = obj["messages"]
    roles = (
        {m.get("role") for m in messages if isinstance(m, dict) and isinstance(m.get("role"), str)}
        if isinstance(messages, list)
        else set()
    )
    if roles & _REINFORCEMENT_ONLY and not roles & _CHAT_ONLY:
        return "reinforcement"
    return "chat"


def detect_native(obj: Mapping[str, Any], formats: Iterable[str] = ()) -> str | None:
    """The native format one decoded object is in, or ``None``: for a target's detection.

    Only keys decide, as in ``ftlint convert``: ``contents`` is Gemini (preference with
    ``completions``); ``labels`` is Mistral's classifier data; a message with
    ``candidates`` is Nova DPO; ``schemaVersion``, ``toolConfig``, a ``system`` list or
    block-list content is the Bedrock conversation schema; a ``system`` string or string
    contents of user and assistant is Claude 3 Haiku; ``text`` without the keys of another
    format is generic text. Where two formats read the same keys, the first of
    :func:`native_candidates` that ``formats`` (the target's) holds is taken.
    """
    found = native_candidates(obj)
    return next((fmt for fmt in found if fmt in formats), found[0] if found else None)


def detect_for(obj: Mapping[str, Any], formats: tuple[str, ...]) -> str | None:
    """The format of one line among a target's ``formats``, or ``None``.

    A native format is looked for only when the target takes native formats, so OpenAI's
    detection never changes. A format the target does not take gives way to its first
    format of the same key family (Together's chat for a line that looks like OpenAI RFT).
    """
    detected = None
    if not set(NATIVE_FORMATS).isdisjoint(formats):
        native = detect_native(obj, formats)
        detected = native if native in formats else None
    detected = detected or detect(obj)
    if detected is None or detected in formats:
        return detected
    line_family = family_of(detected)
    return next((f for f in formats if family_of(f) == line_family), None)


def native_candidates(obj: Mapping[str, Any]) -> tuple[str, ...]:
    """The native formats one decoded object may be in, the likeliest first."""
    if "contents" in obj:
        return ("gemini-preference",) if "completions" in obj else ("gemini-contents",)
    found = _by_keys(obj)
    # `labels` marks classifier data (MI14); for a target without it, the line is what
    # its other keys say (Together's text line with an extra column).
    return ("mistral-classifier", *found) if "labels" in obj else found


def _by_keys(obj: Mapping[str, Any]) -> tuple[str, ...]:
    if "text" in obj and family(obj) is None:
        return ("text", "bedrock-nova-cpt")
    messages = obj.get("messages")
    if not isinstance(messages, list):
        return ()
    dicts = [m for m in messages if isinstance(m, dict)]
    if any("candidates" in m for m in dicts):
        return ("bedrock-nova-dpo",)
    system = obj.get("system")
    if "schemaVersion" in obj or "toolConfig" in obj or isinstance(system, list):
        return _conversation(dicts)
    if any(isinstance(m.get("content"), list) for m in dicts):
        return _conversation(dicts)
    # String contents: Claude 3 Haiku's records, or OpenAI-style Nova RFT prompts (a
    # `reference_answer`, or a system message, which Claude keeps in `system`).
    rft = "reference_answer" in obj or any(m.get("role") == "system" for m in dicts)
    return (
        ("bedrock-nova-rft", "claude-messages") if rft else ("claude-messages", "bedrock-nova-rft")
    )


def _conversation(messages: list[dict[str, Any]]) -> tuple[str, ...]:
    # A lone user turn is a prompt to distil: a training conversation ends with the answer.
    prompt = len(messages) == 1 and messages[0].get("role") == "user"
    both = ("bedrock-conversation", "bedrock-distillation")
    return both[::-1] if prompt else both


def foreign_format(obj: Mapping[str, Any]) -> str | None:
    """Describe the non-OpenAI dataset format an object's keys suggest, if any."""
    for key in obj:
        if key in FOREIGN_KEYS:
            return FOREIGN_KEYS[key]
    return None


__all__ = [
    "FORMAT_NAMES",
    "LABELS",
    "NATIVE_FORMATS",
    "OPENAI_FORMATS",
    "OPENAI_KINDS",
    "ROOTS",
    "ChatExample",
    "CompletionExample",
    "Kinds",
    "PreferenceExample",
    "ReinforcementExample",
    "chat_only_roles",
    "decoder",
    "detect",
    "detect_for",
    "detect_native",
    "family",
    "foreign_format",
    "kinds",
    "native_candidates",
    "root",
    "unchecked_bytes",
    "variant_root",
]
