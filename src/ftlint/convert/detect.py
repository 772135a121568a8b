"""Tell a line's source format from its keys, for ``--from`` left out.

Each line gives the set of formats it could be in; a file's format is the one every
looked-at line allows. A line of user/assistant string messages fits both OpenAI chat and
Claude 3 Haiku, so it narrows nothing between them; a line with a ``system`` string, or
with a ``tool`` message, decides.
"""

from __future__ import annotations

from typing import Any

ALL = frozenset(
    {
        "openai-chat",
        "openai-dpo",
        "bedrock-conversation",
        "bedrock-nova-dpo",
        "claude-messages",
        "gemini-contents",
        "gemini-preference",
        "sharegpt",
        "alpaca",
        "trl-preference",
    }
)
# When several formats fit every line, the first of these that fits is taken.
PREFERENCE_ORDER = (
    "openai-chat",
    "claude-messages",
    "bedrock-conversation",
    "openai-dpo",
    "bedrock-nova-dpo",
    "gemini-contents",
    "gemini-preference",
    "sharegpt",
    "alpaca",
    "trl-preference",
)


def candidates(obj: dict[str, Any]) -> frozenset[str]:
    """The formats a decoded line may be in (empty: none)."""
    if "contents" in obj:
        return frozenset({"gemini-preference" if "completions" in obj else "gemini-contents"})
    if "input" in obj and ("preferred_output" in obj or "non_preferred_output" in obj):
        return frozenset({"openai-dpo"})
    if "conversations" in obj:
        return frozenset({"sharegpt"})
    if "instruction" in obj and "output" in obj:
        return frozenset({"alpaca"})
    if "chosen" in obj and "rejected" in obj:
        return frozenset({"trl-preference"})
    messages = obj.get("messages")
    if isinstance(messages, list):
        return _messages_formats(obj, messages)
    return frozenset()


def _messages_formats(obj: dict[str, Any], messages: list[Any]) -> frozenset[str]:
    if any(isinstance(m, dict) and "candidates" in m for m in messages):
        return frozenset({"bedrock-nova-dpo"})
    if "schemaVersion" in obj or "toolConfig" in obj or isinstance(obj.get("system"), list):
        return frozenset({"bedrock-conversation"})
    if isinstance(obj.get("system"), str):
        return frozenset({"claude-messages"})
    contents = [m.get("content") for m in messages if isinstance(m, dict)]
    if any(
        isinstance(c, list) and c and isinstance(c[0], dict) and "type" not in c[0]
        for c in contents
    ):
        return frozenset({"bedrock-conversation"})
    roles = {m.get("role") for m in messages if isinstance(m, dict)}
    plain = all(isinstance(c, str) for c in contents) and roles <= {"user", "assistant"}
    keys = set().union(*(m.keys() for m in messages if isinstance(m, dict)))
    if plain and keys <= {"role", "content"} and set(obj) <= {"messages"}:
        return frozenset({"openai-chat", "claude-messages"})
    return frozenset({"openai-chat"})


def decide(found: list[tuple[int, frozenset[str]]]) -> tuple[str | None, str]:
    """The format every line allows, or ``None`` and why not.

    ``found`` holds (line number, candidates) for the lines looked at; lines that fit no
    format are left to the conversion, which rejects them.
    """
    found = [(line, formats) for line, formats in found if formats]
    if not found:
        return None, "no line has the keys of a known format; pass --from"
    common = ALL
    first: dict[str, int] = {}
    for line, formats in found:
        if not common & formats:
            seen = ", ".join(f"line {first[f]}: {f}" for f in sorted(common) if f in first)
            return None, (
                f"mixed file: line {line} looks like {' or '.join(sorted(formats))}, but"
                f" earlier lines do not ({seen}); convert each format separately, or pass --from"
            )
        common &= formats
        for f in formats:
            first.setdefault(f, line)
    for name in PREFERENCE_ORDER:
        if name in common:
            return name, ""
    return None, "cannot tell the format; pass --from"  # pragma: no cover - ALL is covered
