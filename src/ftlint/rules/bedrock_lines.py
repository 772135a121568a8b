"""Example lines of Bedrock's conversation schema, for the rules' documentation (their
``bad`` and ``good`` examples) and for tests."""

from __future__ import annotations

from ..schema.bedrock import SCHEMA_VERSION


def line(*messages: str, head: str = "") -> str:
    """An example line of the conversation schema (for the rules' documented examples)."""
    start = '{"schemaVersion": "' + SCHEMA_VERSION + '", ' + head
    return start + '"messages": [' + ", ".join(messages) + "]}"


def user(*blocks: str) -> str:
    """A user message of content blocks."""
    return '{"role": "user", "content": [' + ", ".join(blocks) + "]}"


def assistant(*blocks: str) -> str:
    """An assistant message of content blocks."""
    return '{"role": "assistant", "content": [' + ", ".join(blocks) + "]}"


def text(value: str) -> str:
    """A text block."""
    return '{"text": "' + value + '"}'


def media(kind: str, fmt: str, uri: str = "s3://my-bucket/cat.png") -> str:
    """An image, video or document block in S3."""
    return f'{{"{kind}": {{"format": "{fmt}", "source": {{"s3Location": {{"uri": "{uri}"}}}}}}}}'
