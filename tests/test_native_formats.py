"""The native formats' Structs and rules against what ``ftlint convert`` writes (issue #14).

Every line ``ftlint convert`` writes in a native format decodes with that format's Struct
(the typed fast path), and has no error finding of the target's rules: what the converter
writes is what the target takes. Also: native formats are never auto-detected, so an
OpenAI file is read as before, and ``schema.detect_native`` tells the native formats apart.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ftlint
from ftlint import schema
from test_convert_roundtrip import _without_weight_zero, convert, openai_chat, openai_dpo

# (native format, the codes of its target's rules, OpenAI source, strategy)
B_CONVERSATION = "B001,B002,B003,B004,B005,B007,B008,B009,B011,B012,B013,B014,B015,B016"
CASES = [
    ("bedrock-conversation", B_CONVERSATION, "openai-chat", openai_chat(images=False)),
    (
        "gemini-contents",
        "Q001,Q002,Q003,Q004,Q005,Q006,Q007,Q008",
        "openai-chat",
        openai_chat(images=True),
    ),
    (
        "claude-messages",
        "B100,B101,B102,B103,B104",
        "openai-chat",
        openai_chat(tools=False, parts=False, systems=1),
    ),
]
CASES = [
    (fmt, select, source, strategy.map(_without_weight_zero))
    for fmt, select, source, strategy in CASES
]
CASES += [
    ("bedrock-nova-dpo", B_CONVERSATION + ",B020,B021", "openai-dpo", openai_dpo()),
    ("gemini-preference", "Q001,Q002,Q003,Q004,Q005,Q050,Q051", "openai-dpo", openai_dpo()),
]

# The target whose format each native format is (the engine takes a format of its target).
TARGET_OF = {
    "bedrock-conversation": "bedrock-nova",
    "bedrock-nova-dpo": "bedrock-nova",
    "claude-messages": "bedrock-claude",
    "gemini-contents": "vertex-gemini",
    "gemini-preference": "vertex-gemini",
}


def native_errors(lines: list[dict[str, Any]], fmt: str, select: str) -> list[str]:
    data = [json.dumps(line).encode() + b"\n" for line in lines]
    rules = ftlint.select_rules(select.split(","))
    report = ftlint.check_lines(data, format=fmt, rules=rules, target=TARGET_OF[fmt])
    return [
        f"line {f.line}: {f.code} {f.json_path}: {f.message}"
        for f in report.findings
        if f.severity is ftlint.Severity.ERROR and f.line is not None
    ]


@pytest.mark.parametrize(("fmt", "select", "source", "strategy"), CASES, ids=[c[0] for c in CASES])
def test_converted_lines_decode_and_pass(fmt: str, select: str, source: str, strategy: Any) -> None:
    decoder = schema.decoder(fmt)

    @given(st.lists(strategy, min_size=1, max_size=4))
    def check(examples: list[dict[str, Any]]) -> None:
        lines = [convert(example, source, fmt) for example in examples]
        for line in lines:
            decoder.decode(json.dumps(line).encode())  # the fast path takes it
            assert schema.detect_native(line) == fmt
            assert schema.detect(line) != fmt  # never auto-detected
        assert native_errors(lines, fmt, select) == []

    check()


def test_openai_auto_detection_is_unchanged() -> None:
    chat = b'{"messages": [{"role": "user", "content": "Hi"}, '
    chat += b'{"role": "assistant", "content": "Hello"}]}\n'
    assert ftlint.check_lines([chat]).format == "chat"
    gemini = b'{"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]}\n'
    report = ftlint.check_lines([gemini])
    assert report.format is None
    assert "F003" in {f.code for f in report.findings}


def test_native_formats_are_named_formats() -> None:
    assert set(schema.NATIVE_FORMATS) == {
        "bedrock-conversation",
        "bedrock-nova-dpo",
        "claude-messages",
        "gemini-contents",
        "gemini-preference",
        "bedrock-nova-rft",
        "bedrock-nova-cpt",
        "bedrock-distillation",
        "mistral-classifier",
        "parquet",
        "text",
    }
    assert set(schema.OPENAI_FORMATS) == {"chat", "completion", "preference", "reinforcement"}
    assert set(ftlint.FORMAT_CHOICES) >= set(schema.NATIVE_FORMATS)


_U = {"role": "user", "content": "Capital of France?"}
_BLOCKS = {"role": "user", "content": [{"text": "Capital of France?"}]}
_ANSWER = {"role": "assistant", "content": [{"text": "Paris."}]}


@pytest.mark.parametrize(
    ("target", "line", "fmt"),
    [
        ("bedrock-nova", {"messages": [_U], "reference_answer": "Paris"}, "bedrock-nova-rft"),
        ("bedrock-nova", {"messages": [_U]}, "bedrock-nova-rft"),
        ("bedrock-claude", {"messages": [_U]}, "claude-messages"),
        ("bedrock-nova", {"text": "Paris is the capital of France."}, "bedrock-nova-cpt"),
        ("together", {"text": "Paris is the capital of France."}, "text"),
        ("bedrock-nova", {"schemaVersion": "x", "messages": [_BLOCKS]}, "bedrock-distillation"),
        ("bedrock-nova", {"messages": [_BLOCKS, _ANSWER]}, "bedrock-conversation"),
        ("bedrock-llama", {"messages": [_BLOCKS]}, "bedrock-conversation"),
        ("mistral", {"text": "Great!", "labels": {"sentiment": "positive"}}, "mistral-classifier"),
        ("mistral", {"messages": [_U], "labels": {"intent": ["geo"]}}, "mistral-classifier"),
        ("mistral", {"messages": [_U, {"role": "assistant", "content": "Paris."}]}, "chat"),
        ("together", {"text": "Great!", "labels": {"sentiment": "positive"}}, "text"),
    ],
)
def test_a_target_detects_its_own_formats(target: str, line: dict[str, Any], fmt: str) -> None:
    """Formats that share keys (string messages; `text`; a one-turn conversation) are
    told apart by the target: the first of the line's candidates that it takes."""
    report = ftlint.check_lines([json.dumps(line).encode() + b"\n"], target=target)
    assert report.format == fmt


def test_native_rules_run_only_under_their_target() -> None:
    line = b'{"messages": [{"role": "user", "content": [{"text": "User: hi"}]}]}\n'
    with pytest.raises(ValueError, match="unknown format"):
        ftlint.check_lines([line], format="bedrock-conversation")  # not an OpenAI format
    report = ftlint.check_lines([line], format="bedrock-conversation", target="bedrock-nova")
    codes = {f.code for f in report.findings}
    # Nova's own rules (B...), and no OpenAI message rule: they belong to OpenAI's formats.
    assert any(code.startswith("B") for code in codes)
    assert {code[0] for code in codes} <= {"B", "F", "J"}


def _codes(line: str, fmt: str, select: str) -> set[str]:
    report = ftlint.check_lines(
        [line.encode() + b"\n"], format=fmt, rules=set(select.split(",")), target=TARGET_OF[fmt]
    )
    return {f.code for f in report.findings}


def test_vendor_checker_bugs_follow_the_docs() -> None:
    """Where AWS's checkers are wrong, ftlint follows the documentation (reference D-BN5,
    D-BC2): a bare `Thought:`, which AWS's Nova checker (1e88f24) skips because a missing
    comma joins it to `assistant:`, is still reported (B006, a warning); a lower-case
    documented keyword, which its other version (8c76875) lets pass, is an error (B005);
    an extra key, which AWS's Claude checker ignores, is an error (B101, per Anthropic)."""
    from ftlint.rules.bedrock_words import CHECKER_RESERVED, DOC_RESERVED

    nova = (
        '{"messages": [{"role": "user", "content": [{"text": "%s"}]},'
        ' {"role": "assistant", "content": [{"text": "Paris."}]}]}'
    )
    assert _codes(nova % "Thought: capital?", "bedrock-conversation", "B005,B006") == {"B006"}
    assert DOC_RESERVED.search("Thought: x") is None and CHECKER_RESERVED.search("thought: x")
    assert _codes(nova % "user: capital?", "bedrock-conversation", "B005,B006") == {"B005"}
    claude = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant",'
    claude += ' "content": "Hello"}], "id": 7}'
    assert _codes(claude, "claude-messages", "B101") == {"B101"}
