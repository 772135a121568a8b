"""Converted lines pass ``ftlint check --target T`` (issue #14).

The switch: this module runs only once ``ftlint.targets`` exists (the ``--target``
profiles are built on another branch); until then it is skipped as a whole. It converts
generated OpenAI examples (the round-trip strategies) to each native target and checks
the written file with the command line, so it depends on no Python API of the targets:
no line of the output may have an error finding. File-level findings (too few examples
for a provider's minimum) are not about the conversion and are left aside.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

if not pytest.importorskip("ftlint.targets").TARGETS:
    pytest.skip("needs the --target profiles (issue #14)", allow_module_level=True)

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import ftlint.cli
from ftlint.targets import TARGETS
from test_convert_roundtrip import (
    _without_weight_zero,
    convert,
    openai_chat,
    openai_dpo,
)


def target_errors(lines: list[dict[str, Any]], target: str, directory: Path) -> list[str]:
    """The error findings on lines of ``ftlint check --target target`` over ``lines``."""
    path = directory / f"{target}.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = CliRunner().invoke(
        ftlint.cli.main,
        ["check", "--target", target, "-o", "jsonl", "-q", str(path)],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    findings = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return [
        f"line {f['line']}: {f['code']} {f['message']}"
        for f in findings
        if f.get("severity") == "error" and f.get("line") is not None
    ]


CHAT = openai_chat(images=False).map(_without_weight_zero)
CASES = [
    ("bedrock-nova", "openai-chat", "bedrock-conversation", CHAT),
    (
        "vertex-gemini",
        "openai-chat",
        "gemini-contents",
        openai_chat(images=True).map(_without_weight_zero),
    ),
    (
        "bedrock-claude",
        "openai-chat",
        "claude-messages",
        openai_chat(tools=False, parts=False, systems=1).map(_without_weight_zero),
    ),
    ("bedrock-nova", "openai-dpo", "bedrock-nova-dpo", openai_dpo()),
    ("vertex-gemini", "openai-dpo", "gemini-preference", openai_dpo()),
]


@pytest.mark.parametrize(
    ("target", "source", "native", "strategy"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_converted_lines_pass_check_target(
    target: str, source: str, native: str, strategy: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if target not in TARGETS:
        pytest.skip(f"target {target} is not registered yet (issue #14, native formats)")

    @given(st.lists(strategy, min_size=1, max_size=5))
    def check(examples: list[dict[str, Any]]) -> None:
        lines = [convert(example, source, native) for example in examples]
        assert target_errors(lines, target, tmp_path_factory.mktemp(target)) == []

    check()
