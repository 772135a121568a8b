"""Dataset statistics that merge, so per-file and per-worker results combine exactly."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from .counting import Estimate, count_example
from .schema import NATIVE_FORMATS, preference_messages
from .schema.messages import INSTRUCTION_ROLES, ROLE_OF, ImagePart
from .tokens import SERVER_DISCOUNT

if TYPE_CHECKING:
    from .schema.shapes import Shape

# Formats of a single text or prompt and completion: no messages to count.
_NO_MESSAGES = frozenset({"completion", "text", "bedrock-nova-cpt"})


class Stats(msgspec.Struct, kw_only=True):
    """Counts over the lines of one or more files.

    Every field is a sum, a minimum or a maximum, so :meth:`merge` is exact and
    associative: checking parts of a file (or several files) and merging the results gives
    the same numbers as one pass over everything.

    Attributes:
        lines: lines read, blank ones included.
        bytes: bytes read.
        blank: blank or whitespace-only lines.
        examples: non-blank lines; each is meant as one training example.
        invalid: examples that are not valid: not decodable in the file's format, or with
            an error finding. With every rule enabled, the examples with an error finding;
            a rule turned off does not make its lines valid.
        messages: messages in valid examples (for preference data, the input's messages
            and both outputs: :func:`ftlint.schema.preference_messages`).
        min_messages: fewest messages in a valid example, ``None`` if there is none.
        max_messages: most messages in a valid example.
    """

    lines: int = 0
    bytes: int = 0
    blank: int = 0
    examples: int = 0
    invalid: int = 0
    messages: int = 0
    min_messages: int | None = None
    max_messages: int = 0

    @property
    def valid(self) -> int:
        """Examples that decoded in the file's format without an error finding.

        The examples that ``messages`` and ``ftlint stats`` describe: its example count is
        this number.
        """
        return self.examples - self.invalid

    def merge(self, other: Stats) -> Stats:
        """Return the statistics of both parts together."""
        mins = [m for m in (self.min_messages, other.min_messages) if m is not None]
        return Stats(
            lines=self.lines + other.lines,
            bytes=self.bytes + other.bytes,
            blank=self.blank + other.blank,
            examples=self.examples + other.examples,
            invalid=self.invalid + other.invalid,
            messages=self.messages + other.messages,
            min_messages=min(mins) if mins else None,
            max_messages=max(self.max_messages, other.max_messages),
        )


# -- example statistics with tokens (``ftlint stats``) -----------------------------------

# The cookbook's epoch heuristic (spec §3.1), meant to match the service's n_epochs="auto".
TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25

QUANTILE_METHOD = "linear interpolation between closest ranks (numpy's default, as the cookbook)"


def default_epochs(examples: int) -> int:
    """The default number of epochs for a training file of ``examples`` examples.

    3, unless 3 passes see fewer than 100 examples (then ``min(25, 100 // n)``) or more
    than 25,000 (then ``max(1, 25,000 // n)``). 0 for a file without examples.
    """
    if examples <= 0:
        return 0
    epochs = TARGET_EPOCHS
    if examples * epochs < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // examples)
    elif examples * epochs > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // examples)
    return epochs


# The targets whose default epochs are the cookbook's: OpenAI, and Azure, whose copy of
# the cookbook it is (provider reference §7.2). Another provider's default is its own.
COOKBOOK_EPOCHS = frozenset({"openai", "azure"})


def target_epochs(target: str, examples: int) -> int | None:
    """The epochs a job of ``examples`` examples trains for by default on ``target``:
    the cookbook's (:func:`default_epochs`) for OpenAI and Azure, ``None`` (not known)
    for another target."""
    return default_epochs(examples) if target in COOKBOOK_EPOCHS else None


def quantile(ordered: Sequence[int], q: float) -> float:
    """The ``q`` quantile of sorted values, by linear interpolation (numpy's default).

    With ``n`` values, the position is ``h = (n - 1) * q``; the result is
    ``x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])``.
    """
    if not ordered:
        raise ValueError("quantile of no values")
    h = (len(ordered) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """A distribution in a few numbers: the cookbook's, with the true p10/p90 labels.

    The cookbook prints ``p5 / p95`` but computes ``np.quantile`` at 0.1 and 0.9; these
    are ``p10`` and ``p90``, by :data:`QUANTILE_METHOD`.
    """

    count: int
    total: int
    min: int
    p10: float
    median: float
    mean: float
    p90: float
    max: int


def summarize(values: Iterable[int]) -> Summary | None:
    """Summarize values (``None`` when there are none). Sorts a copy of them."""
    ordered = sorted(values)
    if not ordered:
        return None
    total = sum(ordered)
    return Summary(
        count=len(ordered),
        total=total,
        min=ordered[0],
        p10=quantile(ordered, 0.1),
        median=quantile(ordered, 0.5),
        mean=total / len(ordered),
        p90=quantile(ordered, 0.9),
        max=ordered[-1],
    )


def histogram(values: Iterable[int]) -> list[tuple[int, int, int]]:
    """``(low, high, count)`` rows over power-of-two bins, from the lowest to the highest.

    0 has a bin of its own; bin ``k`` holds ``2**k`` to ``2**(k+1) - 1``. Empty bins between
    the first and the last are kept, so the shape reads correctly.
    """
    counts: dict[int, int] = {}
    for value in values:
        key = value.bit_length()
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return []
    rows = []
    for key in range(min(counts), max(counts) + 1):
        low = 0 if key == 0 else 1 << (key - 1)
        high = 0 if key == 0 else (1 << key) - 1
        rows.append((low, high, counts.get(key, 0)))
    return rows


_NO_WEIGHT: Any = object()


class ExampleStats:
    """Statistics of the valid examples of one or more files, with their tokens.

    Fed one example at a time (:meth:`add`, from the engine's observer hook or from a
    worker process), and merged exactly: every field is a sum, a per-role count or a
    per-example array, so :meth:`merge` of the parts of a file (or of several files)
    equals one pass over everything, in any grouping. Memory is bounded by the example
    count: each per-example distribution is an ``array('I')`` of 4 bytes per example
    (three of them: messages, tokens, trained tokens), plus the line numbers of the
    examples over the limit.

    Attributes:
        examples: valid examples seen.
        roles: messages by role (DPO: the input's messages and both outputs).
        no_system: examples without a system (or, in RFT data, developer) message.
        no_user: examples without a user message.
        with_tools: examples that define tools or functions.
        with_tool_calls: examples whose assistant turns call tools or functions.
        tool_calls: tool and function calls.
        with_images: examples with an image part.
        images: image parts.
        with_weight0: examples with an assistant turn of weight 0.
        weight0_turns: assistant turns of weight 0.
        messages: the message count of each example.
        tokens: the token count of each example (when counted), as the server counts
            it (``tokens.SERVER_DISCOUNT`` below the cookbook's).
        trained: the trained-token count of each example (when counted).
        over_lines: line numbers of the examples over the per-example limit.
        over_tokens: their token counts (the longest sequence, see ``tokens.Count``).
        billed: the sum over examples of ``min(limit, tokens)``.
        cookbook: the sum of the examples' token counts as the cookbook counts them.
        cookbook_billed: ``billed`` with the cookbook's counts.
    """

    __slots__ = (
        "billed",
        "cookbook",
        "cookbook_billed",
        "examples",
        "images",
        "messages",
        "no_system",
        "no_user",
        "over_lines",
        "over_tokens",
        "roles",
        "tokens",
        "tool_calls",
        "trained",
        "weight0_turns",
        "with_images",
        "with_tool_calls",
        "with_tools",
        "with_weight0",
    )

    def __init__(self) -> None:
        self.examples = 0
        self.roles: dict[str, int] = {}
        self.no_system = 0
        self.no_user = 0
        self.with_tools = 0
        self.with_tool_calls = 0
        self.tool_calls = 0
        self.with_images = 0
        self.images = 0
        self.with_weight0 = 0
        self.weight0_turns = 0
        self.messages = array("I")
        self.tokens = array("I")
        self.trained = array("I")
        self.over_lines = array("I")
        self.over_tokens = array("I")
        self.billed = 0
        self.cookbook = 0
        self.cookbook_billed = 0

    def add(
        self,
        example: Any,
        fmt: str,
        line: int,
        tokenizer: Any = None,
        limit: int | None = None,
    ) -> None:
        """Count one valid example of format ``fmt`` found on ``line``.

        With a ``tokenizer`` (``ftlint.tokens.Tokenizer``, or a provider's
        ``ftlint.counting.Estimate``), count its tokens too, and compare them with ``limit``
        (the model's per-example limit, ``None`` for none). OpenAI's server count
        (``SERVER_DISCOUNT``) applies to exact counts only.
        """
        self.examples += 1
        if fmt in _NO_MESSAGES:
            self.messages.append(0)
        elif fmt in NATIVE_FORMATS:
            from .schema.shapes import SHAPES  # the native Structs: only their targets' runs

            self._native(SHAPES[fmt](example))
        else:
            self._structure(example, fmt)
        if tokenizer is None:
            return
        counted = count_example(example, fmt, tokenizer)
        cookbook = counted.tokens
        exact = not isinstance(tokenizer, Estimate)
        served = cookbook - (SERVER_DISCOUNT.get(fmt, 0) if exact else 0)
        self.tokens.append(served)
        self.trained.append(counted.trained)
        self.cookbook += cookbook
        if limit is None:
            self.billed += served
            self.cookbook_billed += cookbook
        else:
            self.billed += min(limit, served)
            self.cookbook_billed += min(limit, cookbook)
            if counted.longest > limit:
                self.over_lines.append(line)
                self.over_tokens.append(counted.longest)

    def _structure(self, example: Any, fmt: str) -> None:
        if fmt == "preference":
            holder = example.input
            messages = preference_messages(example)
            context = holder.messages
        else:
            holder = example
            messages = context = example.messages
        self.messages.append(len(messages))
        roles = self.roles
        for message in messages:
            role = ROLE_OF[type(message)]
            roles[role] = roles.get(role, 0) + 1
        seen = {ROLE_OF[type(m)] for m in context}
        if not seen & INSTRUCTION_ROLES:
            self.no_system += 1
        if "user" not in seen:
            self.no_user += 1
        if holder.tools or getattr(holder, "functions", None):
            self.with_tools += 1
        calls = images = weight0 = 0
        for message in messages:
            content = message.content
            if content and type(content) is list:
                images += sum(1 for part in content if type(part) is ImagePart)
            if hasattr(message, "tool_calls"):
                if message.tool_calls:
                    calls += len(message.tool_calls)
                if message.function_call:
                    calls += 1
                if getattr(message, "weight", _NO_WEIGHT) == 0:
                    weight0 += 1
        self.tool_calls += calls
        self.with_tool_calls += calls > 0
        self.images += images
        self.with_images += images > 0
        self.weight0_turns += weight0
        self.with_weight0 += weight0 > 0

    def _native(self, shape: Shape) -> None:
        self.messages.append(len(shape.roles))
        roles = self.roles
        for role in shape.roles:
            roles[role] = roles.get(role, 0) + 1
        self.no_system += not shape.system
        self.no_user += "user" not in shape.roles
        self.with_tools += shape.tools
        self.tool_calls += shape.tool_calls
        self.with_tool_calls += shape.tool_calls > 0
        self.images += shape.images
        self.with_images += shape.images > 0

    def update(self, other: ExampleStats, base: int = 0) -> None:
        """Add ``other``'s examples to these statistics, in place; ``base`` is the line
        before ``other``'s first (a later byte range of the file, numbered from 1)."""
        for name in (
            "examples",
            "no_system",
            "no_user",
            "with_tools",
            "with_tool_calls",
            "tool_calls",
            "with_images",
            "images",
            "with_weight0",
            "weight0_turns",
            "billed",
            "cookbook",
            "cookbook_billed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for role, n in other.roles.items():
            self.roles[role] = self.roles.get(role, 0) + n
        for name in ("messages", "tokens", "trained", "over_tokens"):
            getattr(self, name).extend(getattr(other, name))
        if base:
            self.over_lines.extend(line + base for line in other.over_lines)
        else:
            self.over_lines.extend(other.over_lines)

    def merge(self, other: ExampleStats) -> ExampleStats:
        """Return the statistics of both parts together; neither operand changes."""
        merged = ExampleStats()
        merged.update(self)
        merged.update(other)
        return merged

    @property
    def counted(self) -> bool:
        """Whether tokens were counted (for every example)."""
        return len(self.tokens) == self.examples and self.examples > 0

    def over_limit(self) -> list[tuple[int, int]]:
        """``(line, tokens)`` of the examples over the limit, by line."""
        return sorted(zip(self.over_lines, self.over_tokens, strict=True))

    def state(self) -> dict[str, Any]:
        """Every field as plain Python values (for comparing and for JSON)."""
        return {
            name: (
                list(value)
                if isinstance(value, array)
                else dict(sorted(value.items()))
                if isinstance(value, dict)
                else value
            )
            for name in self.__slots__
            for value in (getattr(self, name),)
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExampleStats):
            return NotImplemented
        return self.state() == other.state()

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
