"""Conversation shape, scripts and token lengths for ``ftlint report``: bounded and mergeable.

Like :class:`~ftlint.stats.ExampleStats`, each accumulator is fed one valid example at a
time and merges exactly (every field is a sum keyed by a value drawn from a small,
fixed set), so the parts of a file, or of several files, combine into the same numbers
as one pass, in any grouping:

- :class:`Shape`: role sequences (long conversations keep their first three and last two
  roles, so the keys stay few), the ending role, and the characters of the text content
  by Unicode block (blocks need no model and no language detector).
- :class:`Lengths`: the token count of each example under one encoding, to price the
  same data for other models (their tokenizers and per-example limits).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from .counting import Estimate, count_example
from .schema.messages import ROLE_OF, RefusalPart, TextPart
from .schema.shapes import SHAPES
from .tokens import SERVER_DISCOUNT

# Conversations longer than this are keyed by their first and last roles only.
SEQUENCE_HEAD, SEQUENCE_TAIL = 3, 2
ELLIPSIS = "…"

# The Unicode blocks (Blocks.txt) that training text meets most, and their script;
# every other code point counts under OTHER_BLOCK.
_BLOCKS: tuple[tuple[int, int, str, str], ...] = (
    (0x0000, 0x007F, "Basic Latin", "Latin"),
    (0x0080, 0x00FF, "Latin-1 Supplement", "Latin"),
    (0x0100, 0x017F, "Latin Extended-A", "Latin"),
    (0x0180, 0x024F, "Latin Extended-B", "Latin"),
    (0x0250, 0x02AF, "IPA Extensions", "Latin"),
    (0x02B0, 0x02FF, "Spacing Modifier Letters", "Common"),
    (0x0300, 0x036F, "Combining Diacritical Marks", "Inherited"),
    (0x0370, 0x03FF, "Greek and Coptic", "Greek"),
    (0x0400, 0x04FF, "Cyrillic", "Cyrillic"),
    (0x0500, 0x052F, "Cyrillic Supplement", "Cyrillic"),
    (0x0530, 0x058F, "Armenian", "Armenian"),
    (0x0590, 0x05FF, "Hebrew", "Hebrew"),
    (0x0600, 0x06FF, "Arabic", "Arabic"),
    (0x0700, 0x074F, "Syriac", "Syriac"),
    (0x0750, 0x077F, "Arabic Supplement", "Arabic"),
    (0x0780, 0x07BF, "Thaana", "Thaana"),
    (0x0900, 0x097F, "Devanagari", "Devanagari"),
    (0x0980, 0x09FF, "Bengali", "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi", "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati", "Gujarati"),
    (0x0B00, 0x0B7F, "Oriya", "Oriya"),
    (0x0B80, 0x0BFF, "Tamil", "Tamil"),
    (0x0C00, 0x0C7F, "Telugu", "Telugu"),
    (0x0C80, 0x0CFF, "Kannada", "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam", "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala", "Sinhala"),
    (0x0E00, 0x0E7F, "Thai", "Thai"),
    (0x0E80, 0x0EFF, "Lao", "Lao"),
    (0x0F00, 0x0FFF, "Tibetan", "Tibetan"),
    (0x1000, 0x109F, "Myanmar", "Myanmar"),
    (0x10A0, 0x10FF, "Georgian", "Georgian"),
    (0x1100, 0x11FF, "Hangul Jamo", "Hangul"),
    (0x1200, 0x137F, "Ethiopic", "Ethiopic"),
    (0x13A0, 0x13FF, "Cherokee", "Cherokee"),
    (0x1780, 0x17FF, "Khmer", "Khmer"),
    (0x1800, 0x18AF, "Mongolian", "Mongolian"),
    (0x1E00, 0x1EFF, "Latin Extended Additional", "Latin"),
    (0x1F00, 0x1FFF, "Greek Extended", "Greek"),
    (0x2000, 0x206F, "General Punctuation", "Common"),
    (0x2070, 0x209F, "Superscripts and Subscripts", "Common"),
    (0x20A0, 0x20CF, "Currency Symbols", "Common"),
    (0x2100, 0x214F, "Letterlike Symbols", "Common"),
    (0x2150, 0x218F, "Number Forms", "Common"),
    (0x2190, 0x21FF, "Arrows", "Common"),
    (0x2200, 0x22FF, "Mathematical Operators", "Common"),
    (0x2300, 0x23FF, "Miscellaneous Technical", "Common"),
    (0x2500, 0x257F, "Box Drawing", "Common"),
    (0x2580, 0x259F, "Block Elements", "Common"),
    (0x25A0, 0x25FF, "Geometric Shapes", "Common"),
    (0x2600, 0x26FF, "Miscellaneous Symbols", "Common"),
    (0x2700, 0x27BF, "Dingbats", "Common"),
    (0x2E80, 0x2EFF, "CJK Radicals Supplement", "Han"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation", "Common"),
    (0x3040, 0x309F, "Hiragana", "Hiragana"),
    (0x30A0, 0x30FF, "Katakana", "Katakana"),
    (0x3100, 0x312F, "Bopomofo", "Bopomofo"),
    (0x3130, 0x318F, "Hangul Compatibility Jamo", "Hangul"),
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A", "Han"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs", "Han"),
    (0xA000, 0xA48F, "Yi Syllables", "Yi"),
    (0xAC00, 0xD7AF, "Hangul Syllables", "Hangul"),
    (0xD800, 0xDFFF, "Surrogates", "Unknown"),
    (0xE000, 0xF8FF, "Private Use Area", "Unknown"),
    (0xF900, 0xFAFF, "CJK Compatibility Ideographs", "Han"),
    (0xFB50, 0xFDFF, "Arabic Presentation Forms-A", "Arabic"),
    (0xFE00, 0xFE0F, "Variation Selectors", "Inherited"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms", "Common"),
    (0xFE70, 0xFEFF, "Arabic Presentation Forms-B", "Arabic"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms", "Common"),
    (0xFFF0, 0xFFFF, "Specials", "Common"),
    (0x1D400, 0x1D7FF, "Mathematical Alphanumeric Symbols", "Common"),
    (0x1F300, 0x1F5FF, "Miscellaneous Symbols and Pictographs", "Common"),
    (0x1F600, 0x1F64F, "Emoticons", "Common"),
    (0x1F680, 0x1F6FF, "Transport and Map Symbols", "Common"),
    (0x1F900, 0x1F9FF, "Supplemental Symbols and Pictographs", "Common"),
    (0x20000, 0x2A6DF, "CJK Unified Ideographs Extension B", "Han"),
)
OTHER_BLOCK = "Other"
BASIC_LATIN = _BLOCKS[0][2]
_STARTS = [start for start, _, _, _ in _BLOCKS]
SCRIPT_OF: dict[str, str] = {name: script for _, _, name, script in _BLOCKS}
SCRIPT_OF[OTHER_BLOCK] = "Unknown"


def block_of(char: str) -> str:
    """The Unicode block of one character (:data:`OTHER_BLOCK` when not in the table)."""
    point = ord(char)
    index = bisect_right(_STARTS, point) - 1
    if index >= 0 and point <= _BLOCKS[index][1]:
        return _BLOCKS[index][2]
    return OTHER_BLOCK


def sequence_key(roles: list[str]) -> str:
    """The role sequence as a short key: ``system, user, assistant``; long ones elided."""
    if len(roles) <= SEQUENCE_HEAD + SEQUENCE_TAIL + 1:
        return ", ".join(roles)
    hidden = len(roles) - SEQUENCE_HEAD - SEQUENCE_TAIL
    return ", ".join([*roles[:SEQUENCE_HEAD], f"{ELLIPSIS} {hidden} more", *roles[-SEQUENCE_TAIL:]])


def _texts(content: Any) -> Iterator[str]:
    if type(content) is str:
        yield content
    elif content and type(content) is list:
        for part in content:
            if type(part) is TextPart:
                yield part.text
            elif type(part) is RefusalPart:
                yield part.refusal


# The fields that hold text in the native formats (Bedrock's and Gemini's ``text``,
# Claude's ``content`` and ``system``); their names, tool ids and schemas are not text.
_NATIVE_TEXT = frozenset({"text", "content", "system"})
# The formats of one `text` string and no messages (Together's, Nova's pre-training data).
TEXT_FORMATS = frozenset({"text", "bedrock-nova-cpt"})


def _native_texts(value: Any) -> Iterator[str]:
    """The text fields of a native example, walked through its Structs and lists."""
    if isinstance(value, list):
        for item in value:
            yield from _native_texts(item)
        return
    for name in getattr(value, "__struct_fields__", ()):
        field = getattr(value, name)
        if type(field) is str:
            if name in _NATIVE_TEXT:
                yield field
        elif isinstance(field, (list, Struct)):
            yield from _native_texts(field)


def example_texts(example: Any, fmt: str) -> Iterator[str]:
    """The text an example trains on or prompts with: contents, prompts and completions
    (a native format's text fields)."""
    if fmt in SHAPES:
        yield from _native_texts(example)
        return
    if fmt in TEXT_FORMATS:
        yield example.text
        return
    if fmt == "completion":
        yield example.prompt
        yield example.completion
        return
    if fmt == "preference":
        messages = [*example.input.messages, *example.preferred_output]
        messages += example.non_preferred_output
    else:
        messages = example.messages
    for message in messages:
        yield from _texts(getattr(message, "content", None))


def _add(into: dict[str, int], other: dict[str, int]) -> None:
    for key, n in other.items():
        into[key] = into.get(key, 0) + n


class Shape:
    """Role sequences, ending roles and Unicode blocks of valid examples.

    Attributes:
        examples: valid examples seen.
        sequences: examples by role sequence (:func:`sequence_key`).
        endings: examples by the role of their last message (``"completion"`` for the
            prompt-completion format; DPO: the input's last message).
        chars: characters of text content by Unicode block.
        block_examples: examples with at least one character of each block.
    """

    __slots__ = ("block_examples", "chars", "endings", "examples", "sequences")

    def __init__(self) -> None:
        self.examples = 0
        self.sequences: dict[str, int] = {}
        self.endings: dict[str, int] = {}
        self.chars: dict[str, int] = {}
        self.block_examples: dict[str, int] = {}

    def add(self, example: Any, fmt: str) -> None:
        """Count one valid example of format ``fmt``."""
        self.examples += 1
        if fmt == "completion" or fmt in TEXT_FORMATS:
            key = ending = "completion" if fmt == "completion" else "text"
        elif fmt in SHAPES:  # a native format: its own turns and roles
            roles = list(SHAPES[fmt](example).roles)
            key = sequence_key(roles)
            ending = roles[-1] if roles else "none"
        else:
            messages = example.input.messages if fmt == "preference" else example.messages
            roles = [ROLE_OF[type(m)] for m in messages]
            if fmt == "preference":
                roles.append("assistant (preferred or not)")
            key = sequence_key(roles)
            ending = roles[-1] if roles else "none"
        self.sequences[key] = self.sequences.get(key, 0) + 1
        self.endings[ending] = self.endings.get(ending, 0) + 1
        seen: dict[str, int] = {}
        for text in example_texts(example, fmt):
            if text.isascii():
                if text:
                    seen[BASIC_LATIN] = seen.get(BASIC_LATIN, 0) + len(text)
                continue
            # Counted in C first: a block is looked up once per distinct character.
            for char, count in Counter(text).items():
                block = block_of(char)
                seen[block] = seen.get(block, 0) + count
        _add(self.chars, seen)
        for block in seen:
            self.block_examples[block] = self.block_examples.get(block, 0) + 1

    def update(self, other: Shape) -> None:
        """Add ``other``'s examples, in place."""
        self.examples += other.examples
        for name in ("sequences", "endings", "chars", "block_examples"):
            _add(getattr(self, name), getattr(other, name))

    def merge(self, other: Shape) -> Shape:
        """Both parts together; neither operand changes."""
        merged = Shape()
        merged.update(self)
        merged.update(other)
        return merged

    def state(self) -> dict[str, Any]:
        """Every field as plain values, dictionaries sorted (for comparing and JSON)."""
        return {
            name: dict(sorted(value.items())) if isinstance(value, dict) else value
            for name in self.__slots__
            for value in (getattr(self, name),)
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shape):
            return NotImplemented
        return self.state() == other.state()

    __hash__ = None  # type: ignore[assignment]


class Lengths:
    """Token counts of valid examples under one encoding, to price them for any model.

    Attributes:
        encoding: the encoding's name, or an estimate's key (:func:`ftlint.report_run.key`).
        tokens: each example's tokens, as the server counts them (see ``ExampleStats``).
        longest: each example's longest sequence, compared with a per-example limit.
    """

    __slots__ = ("encoding", "longest", "tokens")

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.tokens = array("I")
        self.longest = array("I")

    def add(self, example: Any, fmt: str, tokenizer: Any) -> None:
        """Count one valid example with ``tokenizer`` (a ``tokens.Tokenizer``, or a
        provider's ``counting.Estimate``)."""
        counted = count_example(example, fmt, tokenizer)
        # The server's count, as ExampleStats.tokens (an estimate is not reduced to it);
        # the limit takes the cookbook's.
        discount = 0 if isinstance(tokenizer, Estimate) else SERVER_DISCOUNT.get(fmt, 0)
        self.tokens.append(counted.tokens - discount)
        self.longest.append(counted.longest)

    def update(self, other: Lengths) -> None:
        """Add ``other``'s examples (of the same encoding), in place."""
        if other.encoding != self.encoding:
            raise ValueError(f"cannot merge {other.encoding} counts into {self.encoding}")
        self.tokens.extend(other.tokens)
        self.longest.extend(other.longest)

    def billed(self, limit: int | None) -> int:
        """The sum over examples of ``min(limit, tokens)``, as ``ExampleStats.billed``."""
        if limit is None:
            return sum(self.tokens)
        return sum(min(limit, n) for n in self.tokens)

    def over(self, limit: int | None) -> int:
        """Examples whose longest sequence exceeds ``limit``."""
        return 0 if limit is None else sum(1 for n in self.longest if n > limit)
