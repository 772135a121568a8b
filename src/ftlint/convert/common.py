"""What every converter shares: the options, rejections, logged changes and shape checks.

A converter never guesses. What the target cannot express raises :class:`Reject` with the
rule that forbids it; a change that loses something but keeps the training signal (merging
two user turns, dropping a message ``name``) is made only when its option is on, and is
recorded as a :class:`Change`. Values that mean the same as their absence (``weight: 1``,
``detail: "auto"``, ``parallel_tool_calls: true``, ``strict: false``, ``refusal: null``)
are dropped without a record: nothing is lost.

The ``rule`` of a rejection or change is an id of the reference documents (``BN4``,
``GV5``, ``R28``, or ``§8.1`` for a mapping limit the reference gives no number), listed
in :data:`RULES`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

# Every rule id a converter may name, with what it says. ``§8.x`` are the conversion
# tables of the provider reference, for losses that no numbered rule covers.
RULES: Mapping[str, str] = {
    "J001": "the line is not valid JSON",
    "J002": "the line is not a JSON object",
    "J010": "an object has the same key twice",
    "shape": "the line does not have the shape of the source format",
    "R11": "OpenAI: allowed top-level keys",
    "R13": "OpenAI: allowed roles",
    "R14": "OpenAI: allowed message keys",
    "R16": "OpenAI: an example needs an assistant message",
    "R19": "OpenAI: user content is text and image parts",
    "R20": "OpenAI: weight is 0 or 1 on assistant messages",
    "R22": "OpenAI: assistant refusal and audio",
    "R24": "OpenAI: tool call shape; arguments is a JSON string",
    "R27": "OpenAI: tool message content is a string",
    "R28": "OpenAI: a tool message answers an earlier tool call",
    "R33": "OpenAI: deprecated functions / function_call",
    "R46": "OpenAI: an image is an https URL or a data URL",
    "R47": "OpenAI: no images in assistant messages",
    "R54": "OpenAI: a preference output is one assistant message",
    "BN3": "Nova: roles user and assistant; system at the top",
    "BN4": "Nova: strict user/assistant alternation, last turn assistant",
    "BN5": "Nova: content is a non-empty list of blocks with text",
    "BN6": "Nova: reserved keywords in user and system text",
    "BN8": "Nova: media only by S3 URI in the dataset's bucket",
    "BN9": "Nova: tool configuration and tool blocks",
    "BN10": "Nova: reasoningContent has no OpenAI form",
    "BN13": "Nova DPO: two text candidates, preferred and non-preferred",
    "BL2": "Llama 3.2: one system block, no tool use",
    "BC1": "Claude 3 Haiku: string content only; no images or tools",
    "BC2": "Claude 3 Haiku: >= 2 messages, user first, assistant last, alternating",
    "BC3": "Claude 3 Haiku: no keys besides system and messages",
    "BC4": "Claude 3 Haiku: reserved strings \\nHuman: and \\nAssistant:",
    "BC6": "Claude 3 Haiku: at most 32,000 tokens (len // 3) per record",
    "GV3": "Gemini: roles user and model; parts a non-empty list",
    "GV4": "Gemini: one data field per part; text non-empty",
    "GV5": "Gemini: turns alternate",
    "GV11": "Gemini: fileData needs mimeType and fileUri",
    "GV12": "Gemini: functionCall / functionResponse pairing by name",
    "GP1": "Gemini preference: text-only contents ending with a user turn",
    "GP2": "Gemini preference: two completions scored 1 and 0",
    "§8.1": "conversion OpenAI <-> Nova: no place on the other side",
    "§8.2": "conversion OpenAI <-> Gemini: no place on the other side",
    "§8.3": "conversion OpenAI <-> Claude: no place on the other side",
    "§8.5": "conversion from ShareGPT, Alpaca or TRL: no place in OpenAI",
}


class Reject(Exception):
    """The line cannot be expressed in the target: ``rule`` forbids ``what`` at ``where``.

    ``what`` names the kind of problem (summaries count lines by it); ``detail`` (a URL,
    an id, a parser's message) is only in the full reason.
    """

    def __init__(self, rule: str, what: str, where: str = "", detail: str = "") -> None:
        text = f"{where}: {what}" if where else what
        super().__init__(f"{text} ({detail})" if detail else text)
        self.rule = rule
        self.what = what
        self.where = where

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Change:
    """A lossy change made under an option: ``merged``, ``dropped`` or ``joined``."""

    action: str
    rule: str
    reason: str


@dataclass(frozen=True)
class ConvertOptions:
    """What a converter may change besides the mapping itself.

    Attributes:
        merge_consecutive: merge consecutive turns of one role (and several system
            messages, or text parts, where the target has room for one only), joining
            texts with a blank line.
        drop_unsupported: drop fields the target has no place for (message ``name``,
            image ``detail``, ``parallel_tool_calls: false``, unknown keys, Gemini call
            ids, Nova ``reasoningContent``) instead of rejecting the line.
        variant: ``nova`` or ``llama`` for the Bedrock conversation schema.
    """

    merge_consecutive: bool = False
    drop_unsupported: bool = False
    variant: str = "nova"


@dataclass
class Context:
    """One line's conversion: its options, the target's name, and the changes made."""

    options: ConvertOptions
    target: str = "the target"
    changes: list[Change] = field(default_factory=list)

    def drop(self, rule: str, what: str, where: str = "", detail: str = "") -> None:
        """Drop ``what`` (which ``self.target`` cannot hold) if allowed, else reject."""
        if not self.options.drop_unsupported:
            raise Reject(rule, f"{what}: {self.target} has no place for it", where, _DROP)
        done = _at(where, f"{what}: dropped")
        self.changes.append(Change("dropped", rule, f"{done} ({detail})" if detail else done))

    def merge(
        self, rule: str, what: str, where: str = "", action: str = "merged", detail: str = ""
    ) -> None:
        """Merge as ``what`` says if allowed, else reject."""
        if not self.options.merge_consecutive:
            raise Reject(rule, f"{what}: {self.target} needs them merged", where, _MERGE)
        done = _at(where, f"{what}: {action}")
        self.changes.append(Change(action, rule, f"{done} ({detail})" if detail else done))

    def note(self, action: str, rule: str, reason: str) -> None:
        """Record a change the mapping itself implies (no option needed)."""
        self.changes.append(Change(action, rule, reason))


_DROP = "--drop-unsupported drops it"
_MERGE = "--merge-consecutive merges them"


def _at(where: str, text: str) -> str:
    return f"{where}: {text}" if where else text


JOIN = "\n\n"  # what merged texts are joined with


def kind(value: object) -> str:
    """A JSON value's type in words, for reasons."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def need_dict(value: object, rule: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Reject(rule, f"expected an object, found {kind(value)}", where)
    return value


def need_list(value: object, rule: str, where: str, *, empty: bool = False) -> list[Any]:
    if not isinstance(value, list):
        raise Reject(rule, f"expected an array, found {kind(value)}", where)
    if not value and not empty:
        raise Reject(rule, "expected a non-empty array", where)
    return value


def need_str(value: object, rule: str, where: str) -> str:
    if not isinstance(value, str):
        raise Reject(rule, f"expected a string, found {kind(value)}", where)
    return value


def check_keys(
    obj: Mapping[str, Any], allowed: frozenset[str], ctx: Context, rule: str, where: str
) -> None:
    """Unknown keys of ``obj``: dropped under ``--drop-unsupported``, else a rejection."""
    for key in obj:
        if key not in allowed:
            ctx.drop(rule, f"key {key!r}", where)


_encode = msgspec.json.encode


def compact(value: Any) -> str:
    """The compact JSON text of ``value`` (key order kept)."""
    return _encode(value).decode()


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a key appears twice")
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_arguments(text: str, rule: str, where: str) -> dict[str, Any]:
    """A tool call's ``arguments`` string as the object the native formats need."""
    try:
        value = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise Reject(rule, "arguments are not valid JSON", where, str(exc)) from None
    if not isinstance(value, dict):
        raise Reject(rule, f"arguments are {kind(value)}, not a JSON object", where)
    return value


def json_object(text: str) -> dict[str, Any] | None:
    """``text`` as an object if it is exactly the compact JSON of one, else ``None``.

    Only then is the object form a lossless stand-in for the string: ``compact`` gives
    the same text back.
    """
    if not text.startswith("{"):
        return None
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError:
        return None
    if isinstance(value, dict) and compact(value) == text:
        return value
    return None


def repeated_key(raw: bytes) -> bool:
    """Whether some object in the JSON text ``raw`` has a key twice (msgspec keeps the last)."""
    try:
        json.loads(raw, object_pairs_hook=_no_repeats)
    except ValueError as exc:
        return str(exc) == "a key appears twice"
    except RecursionError:
        return False
    return False
