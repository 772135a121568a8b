"""The content lists of a Bedrock example, read once for all of Bedrock's hooks.

Four rule modules look at the content blocks of Nova and Llama examples (text, media, tool
use, reasoning). Each walking every message itself made four walks a line; they share
this one, and the hooks that look for blocks other than text skip the lists of text only,
which are most of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..schema.bedrock import ContentBlock, DpoMessage
from ..schema.collect import Path

Lists = list[tuple[str, Sequence[ContentBlock], Path]]


class ContentLists:
    """Every content list of an example, DPO candidates included, read once for all of
    Bedrock's hooks (four modules look at the blocks).

    Attributes:
        every: ``(role, blocks, path)`` of each content list;
        special: those of them that hold a block other than plain text (media, tool use
            or result, reasoning): the only ones the hooks that look for such blocks
            need, and few lists hold one.
    """

    __slots__ = ("every", "special")

    def __init__(self, every: Lists, special: Lists) -> None:
        self.every = every
        self.special = special


# The latest example's lists: the hooks of one example run one after the other, and the
# example it holds cannot be freed (and its id reused) while it is held.
_LATEST: tuple[Any, ContentLists | None] = (None, None)


def content_lists(example: Any) -> ContentLists:
    """The :class:`ContentLists` of an example, made once for its hooks."""
    global _LATEST
    held, lists = _LATEST
    if held is example and lists is not None:
        return lists
    every: Lists = []
    special: Lists = []
    for i, message in enumerate(example.messages):
        content = message.content  # a list, or (a DPO message's) UNSET
        if type(content) is list:
            _add(every, special, message.role, content, ("messages", i, "content"))
        if type(message) is DpoMessage and message.candidates:
            for j, candidate in enumerate(message.candidates):
                where = ("messages", i, "candidates", j, "content")
                _add(every, special, "assistant", candidate.content, where)
    lists = ContentLists(every, special)
    _LATEST = (example, lists)
    return lists


def _add(every: Lists, special: Lists, role: str, blocks: list[ContentBlock], path: Path) -> None:
    entry = (role, blocks, path)
    every.append(entry)
    for block in blocks:
        if (
            block.image
            or block.video
            or block.document
            or block.toolUse
            or block.toolResult
            or block.reasoningContent
        ):
            special.append(entry)
            return
