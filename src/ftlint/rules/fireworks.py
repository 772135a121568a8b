"""Fireworks AI's own rules (codes x4xx; see :mod:`ftlint.targets`), in force with
``--target fireworks`` only.

Fireworks takes OpenAI's chat, DPO and RFT files, with a stricter shape: the system
message first, one-turn DPO, inline PNG or JPEG images, and at most 3,000,000 examples
(its minimum of 3 is F001's limit for this target). O401 comes from the pre-upload assert
script of Fireworks' cookbook, which says `firectl dataset create` validates the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..schema.messages import (
    ImagePart,
)
from .file_rules import file_rule
from .registry import define, on_example, on_part
from .structure import with_article

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import Emit, FileEnd, LineContext
    from .walk import Visit

_SFT = "https://docs.fireworks.ai/fine-tuning/fine-tuning-models"
_VLM = "https://docs.fireworks.ai/fine-tuning/fine-tuning-vlm"
_DPO = "https://docs.fireworks.ai/fine-tuning/dpo-fine-tuning"
_SCRIPT = (
    "https://github.com/fw-ai/cookbook/tree/main/skills/fireworks-training"
    " (references/choose-method.md)"
)
_S = '{"role": "system", "content": "Be brief."}'
_U = '{"role": "user", "content": "Hi"}'
_A = '{"role": "assistant", "content": "Hello!"}'
_B = '{"role": "assistant", "content": "Go away."}'
_IMG = (
    '{"messages": [{"role": "user", "content": [{"type": "text", "text": "What is it?"},'
    ' {"type": "image_url", "image_url": {"url": "URL"}}]}, ' + _A + "]}"
)

TOO_MANY_EXAMPLES = define(
    "F401",
    "too-many-examples",
    ["FW2"],
    f"""
    The file has more than 3,000,000 examples (Fireworks AI).

    Fireworks takes between 3 and 3,000,000 examples per dataset, for supervised (text
    and vision) and DPO data; below 3 is F001. Split the data, or sample it.

    Provider: Fireworks AI. Sources: {_SFT}, {_VLM} and {_DPO}.
    """,
    treatment="REJECT",
    confidence="H",
    source="FW-SFT; FW-VLM; FW-DPO",
    default=False,
)

SYSTEM_NOT_FIRST = define(
    "S401",
    "system-not-first",
    ["FW3"],
    f"""
    A system message is not the first message (Fireworks AI).

    Fireworks: a system message is optional "but, if present, must be the first message".
    (OpenAI only warns about a system message after the conversation has started, O002;
    this also reports a second system message right after the first.)

    Provider: Fireworks AI. Source: {_SFT}.
    """,
    treatment="REJECT",
    confidence="H",
    source="FW-SFT",
    formats=("chat", "preference", "reinforcement"),
    default=False,
    bad='{"messages": [' + _U + ", " + _S + ", " + _A + "]}",
    good='{"messages": [' + _S + ", " + _U + ", " + _A + "]}",
)

ROLE_ORDER = define(
    "O401",
    "role-order",
    ["FW6"],
    f"""
    The roles of a supervised example are out of the order Fireworks checks.

    Fireworks' cookbook script asserts, after the system message: the first message is a
    user message; a user message follows an assistant message; an assistant message
    follows a user or tool message; a tool message follows an assistant or tool message;
    the example ends with an assistant message. So two user or two assistant messages in
    a row fail (this replaces the warning O001). The script says `firectl dataset create`
    validates the same on upload; the documentation does not list these rules, hence
    confidence M.

    Provider: Fireworks AI. Source: {_SCRIPT}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="FW-CB",
    formats=("chat",),
    default=False,
    bad='{"messages": [' + _U + ", " + _U + ", " + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + ", " + _U + ", " + _A + "]}",
)

IMAGE_NOT_DATA_URL = define(
    "V401",
    "image-not-base64",
    ["FW7"],
    f"""
    An image is not a base64 data URL of a PNG or JPEG image (Fireworks AI).

    Fireworks' vision fine-tuning takes images only as base64 data URLs with a MIME
    prefix, in PNG, JPG or JPEG: "raw HTTP URLs are not supported" in training data, and
    WEBP is not listed.

    Provider: Fireworks AI. Source: {_VLM}.
    """,
    treatment="REJECT",
    confidence="H",
    source="FW-VLM",
    formats=("chat", "preference", "reinforcement"),
    default=False,
    bad=_IMG.replace("URL", "https://example.com/cat.png"),
    good=_IMG.replace("URL", "data:image/png;base64,iVBORw0KGgo="),
)

MULTI_TURN_DPO = define(
    "D401",
    "multi-turn-dpo",
    ["FW8"],
    f"""
    A preference example's input is not one user turn (Fireworks AI).

    Fireworks' DPO is one-turn only: "the preferred and non-preferred messages need to be
    the last assistant message". Its cookbook script requires the input to hold system
    messages and exactly one other message, a user message.

    Provider: Fireworks AI. Sources: {_DPO} and {_SCRIPT}.
    """,
    treatment="REJECT",
    confidence="H",
    source="FW-DPO; FW-CB",
    formats=("preference",),
    default=False,
    bad='{"input": {"messages": ['
    + _U
    + ", "
    + _A
    + ", "
    + _U
    + ']}, "preferred_output": ['
    + _A
    + '], "non_preferred_output": ['
    + _B
    + "]}",
    good='{"input": {"messages": ['
    + _S
    + ", "
    + _U
    + ']}, "preferred_output": ['
    + _A
    + '], "non_preferred_output": ['
    + _B
    + "]}",
)

# The roles each role may follow (the cookbook script's order); None is the start.
_AFTER: dict[str, tuple[str | None, ...]] = {
    "user": (None, "assistant"),
    "assistant": ("user", "tool"),
    "tool": ("assistant", "tool"),
}


@file_rule("F401")
def _too_many(state: None, emit: Emit, end: FileEnd) -> None:
    limit = end.target.limit("max_examples")
    if limit is not None and end.examples > limit:
        emit(
            "F401",
            None,
            None,
            f"file has {end.examples:,} examples; {end.target.label} takes at most {limit:,}",
            hint="split the data into several datasets, or sample it",
        )


# A finding of the roles' order: rule, message, index of the message (None: the list), hint.
_Finding = tuple[str, str, int | None, str]
_Verdict = tuple[_Finding, ...]
# S401, O401 and D401 depend on the sequence of roles alone, which a dataset repeats: each
# sequence (of classes, taken in C) is judged once.
_VERDICTS: dict[tuple[str, tuple[type, ...]], _Verdict] = {}
_VERDICTS_MAX = 4096


@on_example("chat", "preference", "reinforcement")
def _system_first(example: Any, ctx: LineContext) -> None:
    dpo = ctx.format == "preference"
    messages = example.input.messages if dpo else example.messages
    key = (ctx.format, tuple(map(type, messages)))
    verdict = _VERDICTS.get(key)
    if verdict is None:
        if len(_VERDICTS) >= _VERDICTS_MAX:
            _VERDICTS.clear()
        verdict = _VERDICTS[key] = tuple(_judge(list(map(_tag, messages)), ctx.format))
    at: Path = ("input", "messages") if dpo else ("messages",)
    for code, text, i, hint in verdict:
        ctx.report(code, text, at if i is None else (*at, i), hint=hint)


def _judge(tags: list[str], fmt: str) -> Iterator[_Finding]:
    for i, t in enumerate(tags):
        if i and t == "system":
            yield (
                "S401",
                "system message is not the first message; Fireworks AI requires it first",
                i,
                "put the system message first, and only one",
            )
    if fmt == "preference":
        others = [t for t in tags if t != "system"]
        if len(others) != 1 or others[0] != "user":
            yield (
                "D401",
                f"`input.messages` holds {len(others)} messages besides system messages;"
                " Fireworks AI's DPO takes one user turn",
                None,
                "keep one user message (and system messages) in the input",
            )
    elif fmt == "chat":
        yield from _role_order(tags)


def _role_order(tags: list[str]) -> Iterator[_Finding]:
    previous: str | None = None
    hint = "alternate user and assistant turns, with tool answers after calls"
    for i, t in enumerate(tags):
        if t == "system":
            continue
        allowed = _AFTER.get(t)
        if allowed is not None and previous not in allowed:
            after = "the start" if previous is None else f"{with_article(previous)} message"
            text = f"{t} message after {after}; Fireworks AI's role order does not allow it"
            yield "O401", text, i, hint
            return
        previous = t
    if previous != "assistant" and previous is not None:
        yield (
            "O401",
            f"example ends with {with_article(previous)} message; Fireworks AI requires an"
            " assistant message last",
            len(tags) - 1,
            "end with the assistant's answer",
        )


def _tag(message: Any) -> str:
    """A message's role (the classes of a target's dialect differ from OpenAI's)."""
    return str(message.__struct_config__.tag)


_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/jpg;base64,")


@on_part(ImagePart)
def _image(ctx: LineContext, part: ImagePart, path: Path, role: str, visit: Visit) -> None:
    url = part.image_url.url
    if not url[:24].lower().startswith(_PREFIXES):
        shown = url if len(url) <= 40 else url[:39] + "…"
        ctx.report(
            "V401",
            f"image URL {shown!r} is not a base64 data URL of a PNG or JPEG image;"
            " Fireworks AI takes no other",
            (*path, "image_url", "url"),
            hint="inline the image as data:image/png;base64,...",
        )
