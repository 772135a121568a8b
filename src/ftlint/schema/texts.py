"""The texts a provider's token estimate counts in an example of a native format.

A provider that publishes no tokenizer but a characters-per-token ratio (Google for
Gemini, AWS for its text-to-text models) is estimated from the characters of these texts
(:mod:`ftlint.counting`): the text parts, and tool calls, answers and definitions as
compact JSON. Media (images, video, documents, ``fileData``, ``inlineData``) count for
nothing, so an estimate of an example with media is a floor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import msgspec
from msgspec import UNSET

from .bedrock import ContentBlock, ConversationExample
from .gemini import Content, GeminiExample, GeminiPreferenceExample, Part

_JSON = msgspec.json.Encoder()


class Texts(NamedTuple):
    """The counted texts of one example.

    Attributes:
        context: the texts not trained on: system prompt, user turns, tool definitions.
        trained: the texts of the turns trained on (supervised data).
        replies: preference data: the texts of each completion (all trained on); the
            longest sequence is the context with the longer reply.
    """

    context: list[str]
    trained: list[str]
    replies: list[list[str]]


def _json(value: Any) -> str:
    return _JSON.encode(value).decode("utf-8", "surrogatepass")


def _gemini_parts(parts: Iterable[Part], out: list[str]) -> None:
    for part in parts:
        if part.text is not UNSET:
            out.append(part.text)
        if part.functionCall is not UNSET:
            out += (part.functionCall.name, _json(part.functionCall.args or {}))
        if part.functionResponse is not UNSET:
            out += (part.functionResponse.name, _json(part.functionResponse.response))


def _gemini_system(example: GeminiExample | GeminiPreferenceExample, out: list[str]) -> None:
    for system in (example.systemInstruction, example.system_instruction):
        if system is not UNSET:
            _gemini_parts(system.parts, out)


def _gemini_turns(turns: Iterable[Content], context: list[str], trained: list[str]) -> None:
    for turn in turns:
        _gemini_parts(turn.parts, trained if turn.role == "model" else context)


def gemini(example: GeminiExample) -> Texts:
    """A supervised Gemini line: the model turns are trained on (GV6, GV13)."""
    context: list[str] = []
    trained: list[str] = []
    _gemini_system(example, context)
    _gemini_turns(example.contents, context, trained)
    for tool in example.tools or ():
        context += (_json(d) for d in tool.functionDeclarations or ())
    return Texts(context, trained, [])


def gemini_preference(example: GeminiPreferenceExample) -> Texts:
    """A Gemini preference line: the prompt, then each completion (GP3)."""
    context: list[str] = []
    _gemini_system(example, context)
    _gemini_turns(example.contents, context, context)
    replies = []
    for item in example.completions:
        reply: list[str] = []
        _gemini_parts(item.completion.parts, reply)
        replies.append(reply)
    return Texts(context, [], replies)


def _bedrock_blocks(blocks: Iterable[ContentBlock], out: list[str]) -> None:
    for block in blocks:
        if block.text is not UNSET:
            out.append(block.text)
        if block.reasoningContent is not UNSET:
            out.append(block.reasoningContent.reasoningText.text)
        if block.toolUse is not UNSET:
            out += (block.toolUse.name, _json(block.toolUse.input))
        if block.toolResult is not UNSET:
            for item in block.toolResult.content:
                if item.text is not UNSET:
                    out.append(item.text)
                elif item.json is not UNSET:
                    out.append(_json(item.json))


def bedrock(example: ConversationExample) -> Texts:
    """A line of Bedrock's conversation schema: the assistant turns are trained on."""
    context = [block.text for block in example.system or ()]
    trained: list[str] = []
    for message in example.messages:
        _bedrock_blocks(message.content, trained if message.role == "assistant" else context)
    if example.toolConfig is not UNSET:
        context += (_json(tool.toolSpec) for tool in example.toolConfig.tools)
    return Texts(context, trained, [])


TEXTS: Mapping[str, Callable[[Any], Texts]] = {
    "gemini-contents": gemini,
    "gemini-preference": gemini_preference,
    "bedrock-conversation": bedrock,
}
