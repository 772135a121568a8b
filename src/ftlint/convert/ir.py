"""The conversation every format is read into and written from.

Converting A to B is ``B.write(A.read(line))``: each format knows only this model, not
the others. It holds what at least two formats can express; a reader rejects (or drops,
under an option) what has no place here, and a writer rejects what its format cannot
hold. Texts, ids and tool arguments are kept exactly, so that a round trip through a
format that can express an example gives it back.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class Text:
    text: str


@dataclass
class Image:
    """An image by URL: https, ``data:`` (base64), ``gs://`` or ``s3://``.

    ``mime`` is the media type when the source states it or the URL implies it.
    """

    url: str
    mime: str | None = None


@dataclass
class ToolCall:
    id: str
    name: str
    args: dict[str, Any]


@dataclass
class ToolResult:
    """The answer to the call ``id`` (named ``name``), as OpenAI's ``content`` string."""

    id: str
    name: str
    content: str


Block = Text | Image | ToolCall | ToolResult
Role = Literal["user", "assistant"]


@dataclass
class Turn:
    """One message of the conversation.

    A user turn may hold tool results (first) and then text and images; an assistant
    turn text and then tool calls. ``weight`` is ``0`` for an assistant turn that is not
    trained, ``None`` otherwise (OpenAI's default of 1).
    """

    role: Role
    blocks: list[Block]
    weight: int | None = None


@dataclass
class ToolDef:
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None


@dataclass
class Conversation:
    """Leading system texts (one per system message), the turns, the declared tools."""

    system: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    tools: list[ToolDef] | None = None


@dataclass
class Preference:
    """A prompt and two candidate assistant replies, the preferred one first."""

    prompt: Conversation
    chosen: list[Block]
    rejected: list[Block]


def texts(blocks: list[Block]) -> list[str]:
    """The texts among ``blocks``."""
    return [b.text for b in blocks if isinstance(b, Text)]


def has_runs(turns: list[Turn]) -> bool:
    """Whether two consecutive turns have the same role."""
    return any(a.role == b.role for a, b in itertools.pairwise(turns))


def merge_runs(turns: list[Turn]) -> tuple[list[Turn], int]:
    """Consecutive turns of one role joined into one; and how many were folded in.

    A merged assistant turn is trained unless all its parts had ``weight`` 0; callers
    reject weight 0 before merging, so no weight is lost here.
    """
    merged: list[Turn] = []
    folded = 0
    for turn in turns:
        if merged and merged[-1].role == turn.role:
            merged[-1] = Turn(turn.role, [*merged[-1].blocks, *turn.blocks], merged[-1].weight)
            folded += 1
        else:
            merged.append(turn)
    return merged, folded
