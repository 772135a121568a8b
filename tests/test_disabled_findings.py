"""A hook that serves several rules reports only the enabled ones, and a finding of a
rule that is not enabled costs no work to place (B019, Llama's "no tool use", is not a
rule of bedrock-nova, but its hook runs there with its module's other rules)."""

from __future__ import annotations

from typing import Any

import pytest

import ftlint
from ftlint.jsonpos import Locator
from ftlint.rules import bedrock_lines, context

_TOOL_USE = '{"toolUse": {"toolUseId": "t1", "name": "weather", "input": {"city": "Oslo"}}}'
_TOOL_RESULT = '{"toolResult": {"toolUseId": "t1", "content": [{"text": "Sunny"}]}}'
_CONFIG = (
    '"toolConfig": {"tools": [{"toolSpec": {"name": "weather", "description": "Weather",'
    ' "inputSchema": {"json": {"type": "object"}}}}]}, '
)
_LINE = bedrock_lines.line(
    bedrock_lines.user(bedrock_lines.text("Weather in Oslo?")),
    bedrock_lines.assistant(_TOOL_USE),
    bedrock_lines.user(_TOOL_RESULT),
    bedrock_lines.assistant(bedrock_lines.text("Sunny.")),
    head=_CONFIG,
)


@pytest.fixture
def located(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The lines a Locator was made for (a real Locator, counted)."""
    made: list[bytes] = []

    class Counted(Locator):
        def __init__(self, raw: bytes, *args: Any) -> None:
            made.append(raw)
            super().__init__(raw, *args)

    monkeypatch.setattr(context, "Locator", Counted)
    return made


def test_a_disabled_rule_is_neither_reported_nor_placed(located: list[bytes]) -> None:
    lines = [(_LINE + "\n").encode() for _ in range(20)]
    report = ftlint.check_lines(lines, target="bedrock-nova")
    assert not report.findings
    assert located == []


def test_the_same_rule_selected_is_reported_and_placed(located: list[bytes]) -> None:
    lines = [(_LINE + "\n").encode() for _ in range(20)]
    report = ftlint.check_lines(lines, rules={"B019"}, target="bedrock-llama")
    assert [f.code for f in report.findings] == ["B019"] * 60  # toolConfig, toolUse, toolResult
    assert all(f.column is not None for f in report.findings)
    assert len(located) == 20  # one Locator a line, shared by its findings
