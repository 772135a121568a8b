"""B005/B006 (Bedrock Nova): the word pre-check before the reserved-word patterns loses
nothing; it only spares the case-insensitive search for text that cannot match."""

from __future__ import annotations

import random
import re
import string
import sys

import msgspec

import ftlint
from ftlint.rules import bedrock_lines, bedrock_words

_PIECES = [
    "User", "USER", "bot", "Bot", "assistant", "ASSISTANT", "System", "sYsTeM", "Thought",
    "THOUGHT", ":", " :", "<", ">", "image", "IMAGE", "video", "unk", "UNK", "[", "]", "eos",
    "EOS", " ", "word", "é", "ſ", "K", "İ", "ı", "\n",
]  # fmt: skip
_CHOSEN = [
    "Note: the User: said", "say <IMAGE> here", "end [eos]", "THOUGHT: hmm", "<Unk>",
    "ſystem: with a long s", "İmage> <İMAGE>", "ASSıSTANT: dotless", "<unK>",  # folds
    "Ünïcode User: text", "über <image>",
    "user : spaced", "plain text", "",
]  # fmt: skip


def _texts(n: int = 1500, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    return _CHOSEN + ["".join(rng.choices(_PIECES, k=rng.randint(1, 8))) for _ in range(n)]


def _expected(text: str) -> set[str]:
    """What the patterns alone say of a user's text: B005 (documented), else B006."""
    if bedrock_words.DOC_RESERVED.search(text):
        return {"B005"}
    return {"B006"} if bedrock_words.CHECKER_RESERVED.search(text) else set()


def test_the_rules_fire_exactly_where_the_patterns_match() -> None:
    texts = _texts()
    lines = []
    for text in texts:
        block = msgspec.json.encode({"text": text}).decode()
        answer = bedrock_lines.assistant(bedrock_lines.text("ok"))
        line = bedrock_lines.line(bedrock_lines.user(block), answer)
        lines.append(line.encode() + b"\n")
    report = ftlint.check_lines(lines, rules={"B005", "B006"}, target="bedrock-nova")
    found: list[set[str]] = [set() for _ in texts]
    for finding in report.findings:
        assert finding.line is not None
        found[finding.line - 1].add(finding.code)
    expected = [_expected(text) for text in texts]
    assert 50 < sum(map(bool, expected)) < len(texts) - 500  # many matches, more misses
    assert found == expected


def test_the_folds_are_every_non_ascii_letter_that_re_matches_with_an_ascii_one() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {}
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        if letter.fullmatch(char):
            found[code] = next(a for a in string.ascii_lowercase if re.fullmatch(a, char, re.I))
    assert found == bedrock_words.ASCII_FOLDS


def test_every_word_is_looked_for_under_each_of_its_marks() -> None:
    # A word missing from a group would never be found: the patterns would not run.
    for marks, words in bedrock_words._BY_MARKS.items():
        present = [mark for mark, on in zip(":<[", marks, strict=True) if on]
        expected = [w for w in bedrock_words.RESERVED_WORDS if any(m in w for m in present)]
        assert words == tuple(expected)
    assert sorted(bedrock_words._BY_MARKS[True, True, True]) == sorted(bedrock_words.RESERVED_WORDS)
    assert all(bedrock_words._BY_MARKS[marks] for marks in bedrock_words._BY_MARKS if any(marks))


def test_the_converter_rejects_exactly_the_prompts_the_pattern_matches() -> None:
    # convert --to bedrock-nova shares the rules' words and pre-check (rules/bedrock_words).
    from ftlint.convert import Rejected, converter
    from ftlint.convert.common import ConvertOptions

    convert = converter("openai-chat", "bedrock-conversation")
    options = ConvertOptions(variant="nova")
    texts = [t for t in _texts() if t.strip()]
    refused = []
    for text in texts:
        line = {
            "messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]
        }
        result = convert(line, options)
        refused.append(isinstance(result, Rejected) and result.rule == "B005")
    expected = [bedrock_words.DOC_RESERVED.search(t) is not None for t in texts]
    assert 50 < sum(expected) < len(texts) - 500
    assert refused == expected
