"""Google Vertex AI Gemini preference tuning (Q050-Q099): ``contents`` and ``completions``.

Provider-only rules for the ``vertex-gemini`` target; GP1-GP4 of the provider reference
§6.3 give the sources. The turns themselves follow :mod:`.gemini` (Q001-Q005).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
