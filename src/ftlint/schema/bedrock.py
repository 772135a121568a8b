"""Amazon Bedrock's conversation schema: Nova SFT, Llama 3.2 and Nova DPO (reference §5.1).

One line is ``{schemaVersion, system, toolConfig, messages}``; each message holds a list
of content blocks, and a block is an object with one of ``text``, ``image``, ``video``,
``document``, ``reasoningContent``, ``toolUse``, ``toolResult``. Nova's DPO form puts
``candidates`` instead of ``content`` in the last (assistant) message.

Unknown keys are tolerated, as AWS's checkers tolerate them (no AWS source says the
service rejects them); the engine checks the encoding of such lines itself. Which block
keys a block has, and in which role, is checked by the rules (``rules/bedrock.py``), so
that one line reports all of its problems.
"""

from __future__ import annotations

from typing import Any, Literal

from msgspec import UNSET, Struct, UnsetType

# The one `schemaVersion` of the conversation schema (Nova, Llama, distillation prompts).
SCHEMA_VERSION = "bedrock-conversation-2024"


class _Node(Struct, frozen=True, gc=False):
    """Base for every object of the schema; unknown keys are skipped."""


class SystemBlock(_Node, frozen=True):
    """A ``{text}`` item of the top-level ``system`` list."""

    text: str


class S3Location(_Node, frozen=True):
    """Where a media object lives: in S3, in the dataset's bucket (BN8)."""

    uri: str
    bucketOwner: str | UnsetType = UNSET


class MediaSource(_Node, frozen=True):
    """``{s3Location: {...}}``."""

    s3Location: S3Location


class Image(_Node, frozen=True):
    """An image block's value (BN7: jpeg, png, gif, webp)."""

    format: Literal["jpeg", "png", "gif", "webp"]
    source: MediaSource


class Video(_Node, frozen=True):
    """A video block's value (BN7: mov, mkv, mp4, webm)."""

    format: Literal["mov", "mkv", "mp4", "webm"]
    source: MediaSource


class Document(_Node, frozen=True):
    """A document block's value (BN7: pdf; Nova 2)."""

    format: Literal["pdf"]
    source: MediaSource


class ReasoningText(_Node, frozen=True):
    """``{text}`` of a reasoning block."""

    text: str


class Reasoning(_Node, frozen=True):
    """``reasoningContent`` (BN10; assistant messages of Nova 2 Lite)."""

    reasoningText: ReasoningText


class ToolUse(_Node, frozen=True):
    """A ``toolUse`` block's value: a call, with an object ``input`` (BN9)."""

    toolUseId: str
    name: str
    input: dict[str, Any]


class ToolResultItem(_Node, frozen=True):
    """One item of a tool result: ``{text}`` or ``{json}`` (BN9)."""

    text: str | UnsetType = UNSET
    json: Any = UNSET


class ToolResult(_Node, frozen=True):
    """A ``toolResult`` block's value: the answer to an earlier ``toolUse`` (BN9)."""

    toolUseId: str
    content: list[ToolResultItem]


class ContentBlock(_Node, frozen=True):
    """A content block; the rules check that it holds a known key (BN5)."""

    text: str | UnsetType = UNSET
    image: Image | UnsetType = UNSET
    video: Video | UnsetType = UNSET
    document: Document | UnsetType = UNSET
    reasoningContent: Reasoning | UnsetType = UNSET
    toolUse: ToolUse | UnsetType = UNSET
    toolResult: ToolResult | UnsetType = UNSET


# The block keys, in the schema's order: what a block must hold one of (BN5).
BLOCK_KEYS = ("text", "image", "video", "document", "reasoningContent", "toolUse", "toolResult")
MEDIA_KEYS = ("image", "video", "document")


class Message(_Node, frozen=True):
    """A message: ``user`` or ``assistant`` (BN3), with a list of content blocks."""

    role: Literal["user", "assistant"]
    content: list[ContentBlock]


class InputSchema(_Node, frozen=True):
    """``{json: <JSON Schema>}`` of a tool."""

    json: dict[str, Any]


class ToolSpec(_Node, frozen=True):
    """A tool's ``toolSpec`` (BN9: a name, a description and an input schema)."""

    name: str
    inputSchema: InputSchema
    description: str | UnsetType = UNSET


class ToolEntry(_Node, frozen=True):
    """An item of ``toolConfig.tools``."""

    toolSpec: ToolSpec


class ToolConfig(_Node, frozen=True):
    """``toolConfig``: the tools a conversation may call (BN9)."""

    tools: list[ToolEntry]


class ConversationExample(_Node, frozen=True):
    """A supervised line of the conversation schema (Nova SFT, Llama 3.2)."""

    messages: list[Message]
    schemaVersion: str | UnsetType = UNSET
    system: list[SystemBlock] | UnsetType = UNSET
    toolConfig: ToolConfig | UnsetType = UNSET


class Candidate(_Node, frozen=True):
    """One reply of a Nova DPO line, labelled ``preferred`` or ``non-preferred`` (BN13)."""

    content: list[ContentBlock]
    preferenceLabel: str


class DpoMessage(_Node, frozen=True):
    """A message of a Nova DPO line: ``content``, or (the last) ``candidates``."""

    role: Literal["user", "assistant"]
    content: list[ContentBlock] | UnsetType = UNSET
    candidates: list[Candidate] | UnsetType = UNSET


class NovaDpoExample(_Node, frozen=True):
    """A Nova 1.0 DPO line: the SFT shape, with ``candidates`` in the last message."""

    messages: list[DpoMessage]
    schemaVersion: str | UnsetType = UNSET
    system: list[SystemBlock] | UnsetType = UNSET
    toolConfig: ToolConfig | UnsetType = UNSET
