"""Nova's reserved words (BN6, B005 and B006), and the quick test that spares most texts
the case-insensitive patterns: one list for the rules, their documentation and the
converter to Bedrock (which rejects a prompt that holds one).
"""

from __future__ import annotations

import itertools
import re

# BN6: the reserved keywords the Nova docs list, and those AWS's checker adds (D-BN5),
# each matched case-insensitively.
DOC_WORDS = ("User:", "Bot:", "Assistant:", "System:", "<image>", "<video>", "[EOS]")
CHECKER_WORDS = ("Thought:", "<unk>")
DOC_RESERVED = re.compile("|".join(map(re.escape, DOC_WORDS)), re.IGNORECASE)
CHECKER_RESERVED = re.compile("|".join(map(re.escape, CHECKER_WORDS)), re.IGNORECASE)
RESERVED_WORDS = tuple(word.lower() for word in (*DOC_WORDS, *CHECKER_WORDS))
# The non-ASCII letters that a case-insensitive `re` pattern matches with ASCII letters
# (tests/test_bedrock_reserved.py checks every code point).
ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDED = tuple(map(chr, ASCII_FOLDS))
# The words a text may hold, by which of ":", "<" and "[" it has (half the texts have ":").
_BY_MARKS = {
    on: tuple(w for w in RESERVED_WORDS if any(m in w for m in itertools.compress(":<[", on)))
    for on in itertools.product((False, True), repeat=3)
}


def may_hold_word(value: str) -> bool:
    """Whether ``value`` may hold one of Nova's reserved words (B005, B006): ``False`` is
    certain, ``True`` asks the patterns. The case-insensitive patterns cost ~1 us per 10
    characters; lowered text, with the four letters that `re` folds to ASCII ones made
    ASCII, holds a word wherever they match, and substring search runs at memchr speed."""
    colon, angle, square = ":" in value, "<" in value, "[" in value
    if not (colon or angle or square):
        return False  # every reserved word has one of these
    folded = value
    if not value.isascii() and any(letter in value for letter in _FOLDED):
        folded = value.translate(ASCII_FOLDS)  # rare, and slow: ~0.1 us a character
    low = folded.lower()
    for word in _BY_MARKS[colon, angle, square]:  # noqa: SIM110 (any() makes a generator)
        if word in low:
            return True
    return False
