"""``Stats.merge``: exact, associative, with an identity; and per-part checks merge exactly."""

from __future__ import annotations

import functools
import json
import random

import msgspec
import pytest

import ftlint
from ftlint import Stats

FIELDS = [f.name for f in msgspec.structs.fields(Stats)]
SUMS = ("lines", "bytes", "blank", "examples", "invalid", "messages")


def random_stats(rng: random.Random) -> Stats:
    if rng.random() < 0.25:
        return Stats()  # a part without any valid example
    examples = rng.randint(1, 500)
    lo = rng.randint(1, 10)
    hi = rng.randint(lo, 40)
    blank = rng.randint(0, 20)
    return Stats(
        lines=examples + blank,
        bytes=rng.randint(0, 10**9),
        blank=blank,
        examples=examples,
        invalid=rng.randint(0, examples),
        messages=rng.randint(lo, hi * examples),
        min_messages=lo,
        max_messages=hi,
    )


def as_tuple(s: Stats) -> tuple:
    return tuple(getattr(s, name) for name in FIELDS)


def test_merge_is_exact():
    a = Stats(
        lines=12,
        bytes=3000,
        blank=2,
        examples=10,
        invalid=3,
        messages=21,
        min_messages=2,
        max_messages=4,
    )
    b = Stats(
        lines=5,
        bytes=700,
        blank=0,
        examples=5,
        invalid=0,
        messages=30,
        min_messages=1,
        max_messages=9,
    )
    merged = a.merge(b)
    for name in SUMS:
        assert getattr(merged, name) == getattr(a, name) + getattr(b, name), name
    assert merged.min_messages == min(a.min_messages, b.min_messages)
    assert merged.max_messages == max(a.max_messages, b.max_messages)
    assert merged.valid == a.valid + b.valid


def test_merge_min_ignores_parts_without_valid_examples():
    a = Stats(lines=3, examples=3, invalid=3)  # no valid example, so no min
    b = Stats(lines=2, examples=2, messages=8, min_messages=3, max_messages=5)
    assert a.min_messages is None
    assert a.merge(b).min_messages == 3
    assert b.merge(a).min_messages == 3
    assert a.merge(a).min_messages is None


def test_merge_does_not_mutate_operands():
    a = Stats(lines=1, examples=1, messages=2, min_messages=2, max_messages=2)
    b = Stats(lines=4, examples=4, messages=4, min_messages=1, max_messages=1)
    before = (as_tuple(a), as_tuple(b))
    a.merge(b)
    assert (as_tuple(a), as_tuple(b)) == before


@pytest.mark.parametrize("seed", range(25))
def test_merge_is_associative_and_commutative(seed):
    rng = random.Random(seed)
    a, b, c = random_stats(rng), random_stats(rng), random_stats(rng)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    assert a.merge(b) == b.merge(a)


@pytest.mark.parametrize("seed", range(10))
def test_empty_stats_is_the_identity(seed):
    s = random_stats(random.Random(seed))
    assert s.merge(Stats()) == s
    assert Stats().merge(s) == s
    assert Stats().merge(Stats()) == Stats()


def test_report_stats_is_the_merge_of_file_stats(write_jsonl, valid_chat):
    bad = json.dumps({"messages": [{"role": "bot", "content": "x"}]})
    a = write_jsonl("a.jsonl", valid_chat(10))
    b = write_jsonl("b.jsonl", [*valid_chat(12), "", bad])
    report = ftlint.check_paths([str(a), str(b)])
    assert report.stats == report.files[0].stats.merge(report.files[1].stats)
    assert report.stats.examples == 10 + 13


# -- whole file versus halves ------------------------------------------------------------


def _example(n_pairs: int, i: int) -> bytes:
    messages = []
    for t in range(n_pairs):
        messages.append({"role": "user", "content": f"q{i}.{t}"})
        messages.append({"role": "assistant", "content": f"a{i}.{t}"})
    return json.dumps({"messages": messages}).encode()


def _dataset() -> list[bytes]:
    """Chat lines with varied message counts, blank lines, invalid and broken lines."""
    rng = random.Random(1234)
    bad_role = json.dumps(
        {"messages": [{"role": "human", "content": "x"}, {"role": "assistant", "content": "y"}]}
    ).encode()
    bad_weight = json.dumps(
        {
            "messages": [
                {"role": "user", "content": "x"},
                {"role": "assistant", "content": "y", "weight": 2},
            ]
        }
    ).encode()
    lines: list[bytes] = []
    for i in range(60):
        roll = rng.random()
        if roll < 0.08:
            lines.append(b"")
        elif roll < 0.14:
            lines.append(bad_role)
        elif roll < 0.18:
            lines.append(bad_weight)
        elif roll < 0.21:
            lines.append(b'{"messages": [')
        else:
            lines.append(_example(rng.randint(1, 6), i))
    # The extremes sit at the very start of each half, where format detection happens.
    lines[0] = _example(9, 0)
    lines[30] = _example(1, 30)
    lines[31] = _example(8, 31)
    return [line + b"\n" for line in lines]


def _expected_valid_message_counts(lines: list[bytes]) -> list[int]:
    """Message counts of the lines that are valid chat examples, computed independently."""
    counts = []
    for raw in lines:
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        roles = [m.get("role") for m in obj["messages"]]
        weights_ok = all(m.get("weight", 0) in (0, 1) for m in obj["messages"])
        if set(roles) <= {"system", "user", "assistant"} and weights_ok:
            counts.append(len(obj["messages"]))
    return counts


@pytest.mark.parametrize("fmt", ["chat", "auto"])
@pytest.mark.parametrize("cut", [1, 17, 30, 31, 59])
def test_whole_file_equals_merged_halves(fmt, cut):
    lines = _dataset()
    whole = ftlint.check_lines(lines, format=fmt).stats
    first = ftlint.check_lines(lines[:cut], format=fmt).stats
    second = ftlint.check_lines(lines[cut:], format=fmt).stats
    merged = first.merge(second)
    for name in FIELDS:
        assert getattr(merged, name) == getattr(whole, name), name
    assert merged.valid == whole.valid


@pytest.mark.parametrize("fmt", ["chat", "auto"])
def test_message_stats_count_every_valid_example(fmt):
    lines = _dataset()
    expected = _expected_valid_message_counts(lines)
    stats = ftlint.check_lines(lines, format=fmt).stats
    assert stats.valid == len(expected)
    assert stats.messages == sum(expected)
    assert stats.min_messages == min(expected)
    assert stats.max_messages == max(expected)
    assert stats.lines == len(lines)
    assert stats.blank == sum(1 for raw in lines if not raw.strip())
    assert stats.bytes == sum(map(len, lines))


def test_merging_many_parts_equals_whole():
    lines = _dataset()
    whole = ftlint.check_lines(lines).stats
    parts = [ftlint.check_lines(lines[i : i + 7]).stats for i in range(0, len(lines), 7)]
    assert functools.reduce(Stats.merge, parts, Stats()) == whole


@pytest.mark.parametrize(
    "broken",
    [
        # Invalid UTF-8 inside a string: J006, the rest of the line is still checked.
        b'{"messages": [{"role": "user", "content": "caf\xe9"},'
        b' {"role": "assistant", "content": "ok"}, {"role": "user", "content": "again"}]}',
        # A raw NUL between members: J007, the rest of the line is still checked.
        b'{"messages": [{"role": "user", "content": "x"},\x00'
        b' {"role": "assistant", "content": "ok"}, {"role": "user", "content": "again"}]}',
    ],
    ids=["J006", "J007"],
)
def test_message_stats_skip_examples_with_encoding_errors(broken):
    # Stats.messages/min/max cover valid examples only; a line with an error finding is
    # invalid even when the rest of it decodes after the bad bytes are dropped.
    good = [_example(1, i) + b"\n" for i in range(10)]
    report = ftlint.check_lines([*good, broken + b"\n"], format="chat")
    assert report.errors == 1
    assert report.stats.invalid == 1
    assert report.stats.valid == 10
    assert report.stats.messages == 2 * 10
    assert report.stats.max_messages == 2
