"""Google Vertex AI Gemini preference tuning (Q050-Q099): ``contents`` and ``completions``.

Provider-only rules for the ``vertex-gemini`` target; GP1-GP4 of the provider reference
§6.3 give the sources. The turns themselves follow :mod:`.gemini` (Q001-Q005).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import counting
from ..targets.gemini import GEMINI, TOKENS
from .context import Emit, FileEnd
from .file_rules import file_rule
from .gemini import PREF, PREFERENCE, text, turn
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext


def preference(*turns: str, scores: tuple[str, str] = ("1", "0")) -> str:
    """A preference line: the prompt turns, then two completions scored ``scores``."""
    done = [
        f'{{"score": {score}, "completion": {turn("model", text(answer))}}}'
        for score, answer in zip(scores, ("Paris.", "Lyon."), strict=True)
    ]
    return '{"contents": [' + ", ".join(turns) + '], "completions": [' + ", ".join(done) + "]}"


_Q = turn("user", text("Capital of France?"))
GOOD = preference(_Q)

PROMPT = define(
    "Q050",
    "gemini-preference-prompt",
    ["GP1"],
    f"""
    A Gemini preference prompt does not end with a user turn, or holds more than text.

    Preference `contents` use the supervised format but end with a `user` turn and are
    text only ("It doesn't support multi-modal data"). Source: {PREF}.
    """,
    treatment="REJECT",
    confidence="H",
    source="GV-PREF",
    formats=(PREFERENCE,),
    bad=preference(_Q, turn("model", text("Paris."))),
    good=GOOD,
    default=False,
)

COMPLETIONS = define(
    "Q051",
    "gemini-preference-completions",
    ["GP2"],
    f"""
    Gemini preference `completions` are not one preferred (score 1) and one dispreferred
    (score 0) model turn of text.

    "The only possible value is zero or one" ({PREF}); Google's notebooks write `1.0` and
    `0.0`, so floats 0 and 1 are accepted too. Each completion is a single `model` turn of
    text parts.
    """,
    treatment="REJECT",
    confidence="H",
    source="GV-PREF; GV-NB-DPO",
    formats=(PREFERENCE,),
    bad=preference(_Q, scores=("1", "1")),
    good=preference(_Q, scores=("1.0", "0.0")),
    default=False,
)


# GP3, from the target's limits (targets/gemini.py, with its source).
PROMPT_COMPLETION_TOKENS = GEMINI.limits["prompt_completion_tokens"]
_LONG = "x" * 4 * 100_000  # 100,000 tokens at Google's 4 characters per token

PROMPT_COMPLETION = define(
    "Q052",
    "gemini-preference-too-long",
    ["GP3"],
    f"""
    A Gemini preference file's longest prompt plus its longest completion is over 128,000
    tokens.

    "The sum of maximum input and maximum completion token counts must be <= 128K"
    ({PREF}); the two maxima are the file's, which may come from different lines (both
    are named), and the prompt includes `system_instruction`. Google's Japanese page
    writes the limit 128,000. Google publishes no offline tokenizer: tokens are an
    estimate at Google's "about 4 characters" per token ({TOKENS}), the ratio of the
    `--model` (Gemini 2.5 Flash without one), and the message says so. Reported once per
    file. Each example's own limit (131,072 tokens, GV8) is K001's, with `--model`.
    """,
    treatment="REJECT?",
    confidence="H",
    source="GV-PREF",
    formats=(PREFERENCE,),
    bad=preference(turn("user", text(_LONG))).replace("Paris.", "x" * (4 * 28_000 + 1)),
    good=preference(turn("user", text(_LONG))).replace("Paris.", "x" * 4 * 28_000),
    default=False,
)


@lru_cache(maxsize=8)
def _estimate(target: str, model: str | None) -> tuple[Any, str] | None:
    """The measure of ``model`` (the format's default without one) and how to label it;
    ``None`` when it has no ratio."""
    name = model or counting.default_model(target, PREFERENCE)
    how = None if name is None else counting.resolve(target, name)
    if how is None or how.ratio is None:
        return None
    return how.measure(), f"an estimate at {how.ratio:g} characters per token, per {TOKENS}"


class Longest:
    """Q052: the most tokens of a prompt and of a completion, and their first lines."""

    __slots__ = ("completion", "completion_line", "label", "prompt", "prompt_line")

    def __init__(self) -> None:
        self.prompt = self.completion = 0
        self.prompt_line = self.completion_line = 0
        self.label = ""

    def add(self, line: int, prompt: int, completion: int, label: str) -> None:
        """Record one example's prompt and longer completion."""
        self.label = label
        if prompt > self.prompt:
            self.prompt, self.prompt_line = prompt, line
        if completion > self.completion:
            self.completion, self.completion_line = completion, line

    def merge(self, other: Longest, base: int) -> None:
        """Add the next byte range's maxima, its lines numbered from ``base + 1``."""
        self.label = self.label or other.label
        if other.prompt > self.prompt:
            self.prompt, self.prompt_line = other.prompt, other.prompt_line + base
        if other.completion > self.completion:
            self.completion, self.completion_line = other.completion, other.completion_line + base


@file_rule("Q052", state=Longest)
def _too_long(state: Longest, emit: Emit, end: FileEnd) -> None:
    total = state.prompt + state.completion
    limit = end.target.limit("prompt_completion_tokens")
    if end.format != PREFERENCE or limit is None or total <= limit:
        return
    emit(
        "Q052",
        None,
        None,
        f"the longest prompt (about {state.prompt:,} tokens, line {state.prompt_line}) plus"
        f" the longest completion (about {state.completion:,}, line"
        f" {state.completion_line}) is {total:,} tokens, over the {limit:,} that Gemini"
        f" preference tuning takes ({state.label})",
        hint="shorten the longest prompts or completions, or drop those examples",
    )


def _text_only(content: Any) -> bool:
    return all(isinstance(part.text, str) and not part.fileData for part in content.parts)


@on_example(PREFERENCE)
def _preference(example: Any, ctx: LineContext) -> None:
    turns = example.contents
    if not turns or turns[-1].role != "user":
        ctx.report("Q050", "the prompt must end with a user turn", ("contents",))
    for i, content in enumerate(turns):
        if not _text_only(content):
            ctx.report("Q050", "preference data is text only", ("contents", i, "parts"))
    items = example.completions
    scores = sorted(item.score for item in items)
    if scores != [0, 1]:
        shown = ", ".join(f"{s:g}" for s in scores) or "none"
        ctx.report(
            "Q051",
            f"completions score {shown}; exactly one scores 1 and one 0",
            ("completions",),
        )
    for i, item in enumerate(items):
        completion = item.completion
        if completion.role != "model":
            ctx.report("Q051", "a completion is a model turn", ("completions", i, "completion"))
        elif not _text_only(completion):
            ctx.report("Q051", "a completion is text only", ("completions", i, "completion"))
    if ctx.enabled("Q052"):
        _longest(example, ctx)


def _longest(example: Any, ctx: LineContext) -> None:
    found = _estimate(ctx.target.name, ctx.model)
    if found is None:
        return
    measure, label = found
    counted = counting.native_count(example, PREFERENCE, measure)
    prompt = counted.tokens - counted.trained  # only the completions are trained
    ctx.dataset.state(Longest).add(ctx.line, prompt, counted.longest - prompt, label)
