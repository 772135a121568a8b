"""What ``ftlint stats`` counts in an example of a native format: its turns and their roles,
whether it has a system prompt and tool definitions, its tool calls and images.

The OpenAI formats are counted from their messages directly (:mod:`ftlint.stats`); the
native formats keep their system prompt, tools and media elsewhere, so each has a
function here. Roles are the format's own (``model`` for Gemini): numbers, not renamings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from msgspec import UNSET

from .bedrock import ContentBlock, ConversationExample, NovaDpoExample
from .classifier import ClassifierExample
from .claude import ClaudeExample
from .gemini import Content, GeminiExample, GeminiPreferenceExample
from .nova import DistillationExample, NovaRftExample


class Shape(NamedTuple):
    """The countable parts of one example.

    Attributes:
        roles: the role of each turn (a preference example: the prompt's turns, then
            each candidate or completion as a turn of its own).
        system: whether it has a system prompt.
        tools: whether it defines tools.
        tool_calls: the tool or function calls of its turns.
        images: its image blocks or parts.
    """

    roles: Sequence[str]
    system: bool
    tools: bool
    tool_calls: int
    images: int


def _blocks(blocks: Iterable[ContentBlock]) -> tuple[int, int]:
    calls = images = 0
    for block in blocks:
        calls += block.toolUse is not UNSET
        images += block.image is not UNSET
    return calls, images


def _bedrock(example: ConversationExample | NovaDpoExample) -> Shape:
    roles: list[str] = []
    calls = images = 0
    for message in example.messages:
        groups = [message.content] if message.content is not UNSET else []
        candidates = getattr(message, "candidates", UNSET)
        if candidates is not UNSET:
            groups += [candidate.content for candidate in candidates]
        roles += [message.role] * max(1, len(groups))
        for blocks in groups:
            c, i = _blocks(blocks)
            calls, images = calls + c, images + i
    return Shape(roles, bool(example.system), example.toolConfig is not UNSET, calls, images)


def _claude(example: ClaudeExample) -> Shape:
    roles = [message.role for message in example.messages]
    return Shape(roles, bool(example.system), False, 0, 0)


def _gemini(example: GeminiExample | GeminiPreferenceExample) -> Shape:
    turns: list[Content] = list(example.contents)
    completions = getattr(example, "completions", ())
    turns += [c.completion for c in completions]
    calls = images = 0
    for turn in turns:
        for part in turn.parts:
            calls += part.functionCall is not UNSET
            data = part.inlineData if part.inlineData is not UNSET else part.fileData
            images += data is not UNSET and data.mimeType.startswith("image/")
    system = example.systemInstruction is not UNSET or example.system_instruction is not UNSET
    tools = getattr(example, "tools", UNSET) is not UNSET
    return Shape([turn.role for turn in turns], system, tools, calls, images)


def _rft(example: NovaRftExample) -> Shape:
    roles = [message.role for message in example.messages]
    tools = example.tools is not UNSET and bool(example.tools)
    return Shape(roles, "system" in roles, tools, 0, 0)


def _distillation(example: DistillationExample) -> Shape:
    roles = [message.role for message in example.messages]
    return Shape(roles, bool(example.system), False, 0, 0)


def _classifier(example: ClassifierExample) -> Shape:
    # A classified text is one user turn: what the classifier reads.
    messages = example.messages if example.messages is not UNSET else ()
    roles = [message.role for message in messages] or ["user"]
    return Shape(roles, "system" in roles, False, 0, 0)


SHAPES: Mapping[str, Callable[[Any], Shape]] = {
    "bedrock-conversation": _bedrock,
    "bedrock-nova-dpo": _bedrock,
    "claude-messages": _claude,
    "gemini-contents": _gemini,
    "gemini-preference": _gemini,
    "bedrock-nova-rft": _rft,
    "bedrock-distillation": _distillation,
    "mistral-classifier": _classifier,
}
