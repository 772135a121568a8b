"""Bedrock's hooks share one reading of an example's content lists (rules/bedrock_lists.py),
the hooks that look for media, tool use or reasoning see every list that holds one, and
Nova's reserved words are looked for only under the rules that report them."""

from __future__ import annotations

import msgspec

import ftlint
from ftlint.rules import bedrock_lists
from ftlint.rules.bedrock_lines import assistant, line, media, text, user
from ftlint.schema.bedrock import ConversationExample, NovaDpoExample

_TOOL_USE = '{"toolUse": {"toolUseId": "t1", "name": "f", "input": {}}}'


def test_the_lists_are_read_once_per_example(monkeypatch) -> None:
    made = []
    real = bedrock_lists.ContentLists

    def counted(*args):
        made.append(1)
        return real(*args)

    monkeypatch.setattr(bedrock_lists, "ContentLists", counted)
    lines = [line(user(text(f"q{i}")), assistant(text("a"))) + "\n" for i in range(40)]
    report = ftlint.check_lines([x.encode() for x in lines], target="bedrock-nova")
    assert report.stats.examples == 40 and report.stats.invalid == 0 and report.errors == 0
    # Four hook modules read the lists (B003-B011, B012-B015, B010, B019): once a line.
    assert len(made) == 40


def test_special_lists_are_those_with_a_block_other_than_text() -> None:
    raw = line(
        user(text("look"), media("image", "png")),
        assistant(text("a cat")),
        user(text("and?")),
        assistant(_TOOL_USE),
    )
    example = msgspec.json.decode(raw, type=ConversationExample)
    lists = bedrock_lists.content_lists(example)
    assert [path for _, _, path in lists.every] == [("messages", i, "content") for i in range(4)]
    assert [path for _, _, path in lists.special] == [
        ("messages", 0, "content"),
        ("messages", 3, "content"),
    ]
    assert bedrock_lists.content_lists(example) is lists  # the same example: not read again


def test_dpo_candidates_are_lists_of_the_assistant() -> None:
    good = '{"content": [' + text("good") + '], "preferenceLabel": "preferred"}'
    video = media("video", "mp4", "s3://b/v.mp4")
    bad = '{"content": [' + video + '], "preferenceLabel": "non-preferred"}'
    last = '{"role": "assistant", "candidates": [' + good + ", " + bad + "]}"
    example = msgspec.json.decode(line(user(text("q")), last), type=NovaDpoExample)
    lists = bedrock_lists.content_lists(example)
    assert [(role, path) for role, _, path in lists.every] == [
        ("user", ("messages", 0, "content")),
        ("assistant", ("messages", 1, "candidates", 0, "content")),
        ("assistant", ("messages", 1, "candidates", 1, "content")),
    ]
    assert [path for _, _, path in lists.special] == [("messages", 1, "candidates", 1, "content")]


def test_reserved_words_are_looked_for_only_where_their_rules_are_on(monkeypatch) -> None:
    from ftlint.rules import bedrock

    calls = []
    real = bedrock._reserved
    monkeypatch.setattr(bedrock, "_reserved", lambda *a: calls.append(a[1]) or real(*a))
    example = line(
        user(text("User: hi")), assistant(text("a")), user(text("b: c")), assistant(text("d"))
    )
    lines = [(example + "\n").encode()] * 5
    llama = ftlint.check_lines(lines, target="bedrock-llama")
    assert calls == [] and not [f for f in llama.findings if f.code in ("B005", "B006")]
    nova = ftlint.check_lines(lines, target="bedrock-nova")
    assert calls == ["User: hi", "b: c"] * 5  # texts without ":", "<" or "[" hold no word
    assert [f.code for f in nova.findings if f.code == "B005"] == ["B005"] * 5
