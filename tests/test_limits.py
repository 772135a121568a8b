"""Limits too large for committed fixtures: sizes (F004, F005) and counts (F008, V007)."""

from __future__ import annotations

import json

import ftlint
from ftlint.engine import FileCheck, Options
from ftlint.reader import batched
from ftlint.rules import REGISTRY, vision
from ftlint.rules import file as file_rules

# The rules shown here rather than by a committed fixture (see tests/test_fixtures.py).
LIMIT_RULES = frozenset({"F004", "F005", "F008", "V007", "F401"})


def test_limit_rules_have_no_line_example() -> None:
    # A rule with a one-line example could have a fixture like every other rule.
    assert all(REGISTRY[code].bad is None for code in LIMIT_RULES)


def _codes_for_size(size: int) -> set[str]:
    lines = [
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                 {"role": "assistant", "content": f"a{i}"}]}).encode() + b"\n"
        for i in range(10)
    ]  # fmt: skip
    check = FileCheck("big.jsonl", Options(), size=size)
    check.run(batched(lines))
    return {f.code for f in check.finish().findings}


def test_file_size_limits() -> None:
    assert not _codes_for_size(file_rules.UPLOAD_LIMIT) & {"F004", "F005"}
    assert _codes_for_size(file_rules.UPLOAD_LIMIT + 1) & {"F004", "F005"} == {"F004"}
    assert _codes_for_size(file_rules.MULTIPART_LIMIT) & {"F004", "F005"} == {"F004"}
    assert _codes_for_size(file_rules.MULTIPART_LIMIT + 1) & {"F004", "F005"} == {"F005"}


def test_size_of_an_unsized_stream_is_the_bytes_read() -> None:
    # check_lines has no file size: the bytes read decide, so a small input never warns.
    report = ftlint.check_lines([b'{"prompt": "a", "completion": " b"}\n'] * 10)
    assert not {f.code for f in report.findings} & {"F004", "F005"}


def _rft(n: int) -> list[bytes]:
    return [
        b'{"messages": [{"role": "developer", "content": "Add."}, {"role": "user", "content": "'
        + str(i).encode()
        + b'+1?"}], "answer": "'
        + str(i + 1).encode()
        + b'"}\n'
        for i in range(n)
    ]


def test_reinforcement_example_cap() -> None:
    limit = file_rules.RFT_MAX_EXAMPLES
    at = ftlint.check_lines(_rft(limit), format="reinforcement")
    assert "F008" not in {f.code for f in at.findings}
    over = ftlint.check_lines(_rft(limit + 1), format="reinforcement")
    [f008] = [f for f in over.findings if f.code == "F008"]
    assert f008.line is None and f"{limit + 1:,}" in f008.message


def _image_lines(n: int) -> list[bytes]:
    return [
        b'{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": '
        b'{"url": "https://example.com/' + str(i).encode() + b'.png"}}]}, '
        b'{"role": "assistant", "content": "cat ' + str(i).encode() + b'"}]}\n'
        for i in range(n)
    ]


def test_image_example_cap() -> None:
    limit = vision.MAX_IMAGE_EXAMPLES
    at = ftlint.check_lines(_image_lines(limit))
    assert "V007" not in {f.code for f in at.findings}
    over = ftlint.check_lines(_image_lines(limit + 1))
    assert [f.code for f in over.findings] == ["V007"]


def test_provider_limits_come_from_the_target() -> None:
    """F401 (Fireworks' 3,000,000 examples) and F005 (Mistral's 512 MB: it has no multipart
    upload)."""
    from ftlint.rules import fireworks
    from ftlint.rules.context import FileEnd
    from ftlint.targets import TARGETS

    found: list[tuple[str, str]] = []

    def emit(code: str, line: object, column: object, message: str, **kw: object) -> None:
        found.append((code, message))

    def end(n: int, target: str, size: int = 1) -> FileEnd:
        return FileEnd(
            format="chat", model=None, examples=n, size=size, complete=True, target=TARGETS[target]
        )

    fireworks._too_many(None, emit, end(3_000_000, "fireworks"))
    fireworks._too_many(None, emit, end(10**9, "openai"))  # OpenAI has no such limit
    assert found == []
    fireworks._too_many(None, emit, end(3_000_001, "fireworks"))
    assert found == [("F401", "file has 3,000,001 examples; Fireworks AI takes at most 3,000,000")]
    lines = [
        b'{"messages": [{"role": "user", "content": "Hi"}, '
        b'{"role": "assistant", "content": "Yo"}]}\n'
    ]
    check = FileCheck("big.jsonl", Options(target="mistral"), size=512 * 1000**2 + 1)
    check.run(batched(lines))
    (f005,) = [f for f in check.finish().findings if f.code in ("F004", "F005")]
    assert f005.code == "F005" and f005.severity is ftlint.Severity.ERROR
    assert "Mistral AI takes at most 512 MB" in f005.message


def test_token_estimate_is_labelled_with_the_providers_ratio_and_source() -> None:
    """Azure's Qwen-32B has no tiktoken encoding: K001 estimates at Microsoft's 4
    characters per token and says so; under its limit (8,192) it stays silent."""

    def line(chars: int) -> bytes:
        return json.dumps(
            {"messages": [{"role": "user", "content": "x" * chars},
                          {"role": "assistant", "content": "ok"}]}
        ).encode() + b"\n"  # fmt: skip

    def k001(chars: int) -> list[str]:
        report = ftlint.check_lines([line(chars)], target="azure", model="Qwen-32B")
        return [f.message for f in report.findings if f.code == "K001"]

    assert k001(30_000) == []  # about 7,500 tokens
    (message,) = k001(40_000)
    assert message.startswith("example has about 10,")
    assert "an estimate at 4 characters per token, per https://github.com/microsoft/" in message
    assert "over the 8,192 that Qwen-32B takes per example on Azure OpenAI" in message
