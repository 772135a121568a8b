"""Limits too large for committed fixtures: sizes (F004, F005) and counts (F008, V007)."""

from __future__ import annotations

import json

import ftlint
from ftlint.engine import FileCheck, Options
from ftlint.reader import batched
from ftlint.rules import REGISTRY, vision
from ftlint.rules import file as file_rules

# The rules shown here rather than by a committed fixture (see tests/test_fixtures.py).
LIMIT_RULES = frozenset({"F004", "F005", "F008", "V007"})


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
