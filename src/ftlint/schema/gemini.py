"""Google Vertex AI Gemini tuning data: ``contents`` of ``parts`` (reference §6.1).

Supervised lines are ``{systemInstruction, contents, tools}``; preference lines
``{system_instruction, contents, completions}``. Google's own pages spell the system key
both ways and protobuf JSON takes both (GV7, D-GV1), so both are fields. A part is a
union in the docs ("exactly one data field"): the Struct lists every field as optional and
the rules (``rules/gemini.py``) check that one is set (GV4). Unknown keys are tolerated;
no Google source names them as an error of tuning data.
"""

from __future__ import annotations

from typing import Any, Literal

from msgspec import UNSET, Struct, UnsetType


class _Node(Struct, frozen=True, gc=False):
    """Base for every object of the schema; unknown keys are skipped."""


class FileData(_Node, frozen=True):
    """``{mimeType, fileUri}``: a Cloud Storage or public HTTP(S) file (GV11)."""

    mimeType: str
    fileUri: str


class InlineData(_Node, frozen=True):
    """``{mimeType, data}``: base64 bytes (an API type the tuning docs do not show)."""

    mimeType: str
    data: str


class FunctionCall(_Node, frozen=True):
    """``{name, args}``: a call in a model turn (GV12); ``args`` is an object."""

    name: str
    args: dict[str, Any] | UnsetType = UNSET


class FunctionResponse(_Node, frozen=True):
    """``{name, response}``: a call's answer in a user turn (GV12)."""

    name: str
    response: dict[str, Any]


class Part(_Node, frozen=True):
    """A part: exactly one of its data fields is set (GV4, checked by the rules)."""

    text: str | UnsetType = UNSET
    fileData: FileData | UnsetType = UNSET
    inlineData: InlineData | UnsetType = UNSET
    functionCall: FunctionCall | UnsetType = UNSET
    functionResponse: FunctionResponse | UnsetType = UNSET


PART_KEYS = ("text", "fileData", "inlineData", "functionCall", "functionResponse")


class Content(_Node, frozen=True):
    """A turn: ``user`` or ``model`` (GV3), with its parts."""

    role: Literal["user", "model"]
    parts: list[Part]


class SystemInstruction(_Node, frozen=True):
    """``systemInstruction``: text parts; its ``role`` is ignored (GV7)."""

    parts: list[Part]
    role: str | UnsetType = UNSET


class FunctionDeclaration(_Node, frozen=True):
    """A declared function (GV12)."""

    name: str
    description: str | UnsetType = UNSET
    parameters: dict[str, Any] | UnsetType = UNSET


class Tool(_Node, frozen=True):
    """An item of ``tools``."""

    functionDeclarations: list[FunctionDeclaration] | UnsetType = UNSET


class GeminiExample(_Node, frozen=True):
    """A supervised tuning line."""

    contents: list[Content]
    systemInstruction: SystemInstruction | UnsetType = UNSET
    system_instruction: SystemInstruction | UnsetType = UNSET
    tools: list[Tool] | UnsetType = UNSET


class Completion(_Node, frozen=True):
    """A scored reply of a preference line: 1 preferred, 0 dispreferred (GP2)."""

    score: float
    completion: Content


class GeminiPreferenceExample(_Node, frozen=True):
    """A preference tuning line: the prompt ``contents`` and two scored completions."""

    contents: list[Content]
    completions: list[Completion]
    systemInstruction: SystemInstruction | UnsetType = UNSET
    system_instruction: SystemInstruction | UnsetType = UNSET
