"""Amazon Nova 1.0 DPO (B020-B021): ``candidates`` in the last message.

Provider-only rules for the ``bedrock-nova`` target; BN13 of the provider reference §5.1
gives the sources. The earlier turns follow the conversation rules of :mod:`.bedrock`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .bedrock import DPO, NOVA_CHECKER
from .bedrock_lines import line, media, text, user
from .bedrock_lists import content_lists
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

NOVA_DPO_DOC = "https://docs.aws.amazon.com/nova/latest/userguide/nova-fine-tune-1.html"
LABELS = ("preferred", "non-preferred")


def candidates(*pairs: tuple[str, str]) -> str:
    """A last message of DPO candidates: (text, label) pairs."""
    items = [f'{{"content": [{text(t)}], "preferenceLabel": "{label}"}}' for t, label in pairs]
    return '{"role": "assistant", "candidates": [' + ", ".join(items) + "]}"


_Q = user(text("Capital of France?"))
GOOD = line(_Q, candidates(("Paris.", "preferred"), ("Lyon.", "non-preferred")))

CANDIDATES = define(
    "B020",
    "nova-dpo-candidates",
    ["BN13"],
    f"""
    A Nova DPO line's candidates are missing, misplaced or mislabelled.

    Amazon Nova 1.0 DPO puts `candidates` in the last message, an assistant message,
    and nowhere else: at least two, each with `preferenceLabel` `preferred` or
    `non-preferred`, not all the same. Every earlier message has `content`. Sources:
    {NOVA_DPO_DOC} and AWS's checker {NOVA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DPO; BN-VAL",
    formats=(DPO,),
    bad=line(_Q, candidates(("Paris.", "preferred"), ("Lyon.", "preferred"))),
    good=GOOD,
    default=False,
)

DPO_MEDIA = define(
    "B021",
    "nova-dpo-media",
    ["BN13"],
    f"""
    A Nova DPO candidate holds more than text and reasoning, or the sample holds a video.

    Nova DPO candidates are text (and reasoning) only, and no video appears anywhere in
    a DPO sample. Sources: {NOVA_DPO_DOC} and AWS's checker {NOVA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DPO; BN-VAL",
    formats=(DPO,),
    bad=line(
        user(text("Describe"), media("video", "mp4", "s3://b/a.mp4")),
        candidates(("A dog.", "preferred"), ("A cat.", "non-preferred")),
    ),
    good=GOOD,
    default=False,
)


@on_example(DPO)
def _dpo(example: Any, ctx: LineContext) -> None:
    messages = example.messages
    last = len(messages) - 1
    for i, message in enumerate(messages):
        where = ("messages", i)
        if i < last:
            if message.candidates:
                ctx.report("B020", "candidates before the last message", (*where, "candidates"))
            if not isinstance(message.content, list):
                ctx.report("B020", "message has no `content`", where)
            continue
        if message.role != "assistant" or not message.candidates:
            ctx.report("B020", "the last message must be an assistant message of candidates", where)
            continue
        _labels(ctx, message.candidates, (*where, "candidates"))
        if isinstance(message.content, list):
            ctx.report("B020", "the last message has both content and candidates", where)
    for _role, blocks, path in content_lists(example).special:  # video and media are there
        in_candidate = "candidates" in path
        for j, block in enumerate(blocks):
            if block.video:
                ctx.report("B021", "a DPO sample holds no video", (*path, j, "video"))
            elif in_candidate and not _text_only(block):
                ctx.report("B021", "a candidate holds text and reasoning only", (*path, j))


def _text_only(block: Any) -> bool:
    return not (block.image or block.document or block.toolUse or block.toolResult)


def _labels(ctx: LineContext, items: list[Any], path: tuple[str | int, ...]) -> None:
    if len(items) < 2:
        ctx.report("B020", f"{len(items)} candidate; DPO needs at least two", path)
    labels = set()
    for k, item in enumerate(items):
        label = item.preferenceLabel
        labels.add(label)
        if label not in LABELS:
            ctx.report(
                "B020",
                f"preferenceLabel {label!r} is not preferred or non-preferred",
                (*path, k, "preferenceLabel"),
            )
    if len(items) >= 2 and len(labels) == 1:
        ctx.report("B020", f"every candidate is {labels.pop()!r}", path)
