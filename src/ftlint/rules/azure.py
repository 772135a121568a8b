"""Azure OpenAI's own rules (codes x2xx; see :mod:`ftlint.targets`), in force with
``--target azure`` only.

Azure runs OpenAI's formats and rules; its differences in limits (64 images per example)
and severities (G002 is an error) are facts of the target, read by the OpenAI rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .registry import MESSAGE_FORMATS, define, on_repeated_role

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import LineContext

_U = '{"role": "user", "content": "Weather in Oslo?"}'
_CALL = (
    '{"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function":'
    ' {"name": "get_weather", "arguments": "{}"}}]}'
)
_ANSWER = '{"role": "tool", "tool_call_id": "call_1", "content": "12 C"}'
_A = '{"role": "assistant", "content": "It is 12 C."}'

CONSECUTIVE_ASSISTANT = define(
    "O201",
    "consecutive-assistant-messages",
    ["AZ7"],
    """
    Two assistant messages in a row (Azure OpenAI).

    Azure failed a supervised job whose examples had an assistant `tool_calls` message
    followed directly by an assistant text message, with "contains invalid schema (20)"
    and no line number; Microsoft's own trace converter merges such messages "so Azure FT
    preprocessing accepts it". Put the tool's answer between the two, or merge them. This
    replaces the warning O001 gives for assistant messages under other targets.

    Provider: Azure OpenAI / Microsoft Foundry. Sources:
    https://github.com/microsoft-foundry/fine-tuning/issues/23 (the failed job) and
    https://github.com/microsoft-foundry/fine-tuning/pull/38 (the converter). Confidence
    M: one of Microsoft's demo files has such pairs, and was maybe never submitted.
    """,
    treatment="REJECT",
    confidence="M",
    source="AZ-ISS23; AZ-PR38",
    formats=MESSAGE_FORMATS,
    default=False,
    bad='{"messages": [' + _U + ", " + _CALL + ", " + _A + "]}",
    good='{"messages": [' + _U + ", " + _CALL + ", " + _ANSWER + ", " + _A + "]}",
)


@on_repeated_role(*MESSAGE_FORMATS)
def _consecutive_assistant(ctx: LineContext, role: str, path: Path) -> None:
    if role == "assistant":
        ctx.report(
            "O201",
            "two assistant messages in a row; Azure OpenAI rejects the file",
            path,
            hint="put the tool's answer between them, or merge them into one message",
        )
