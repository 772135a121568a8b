"""Together AI's own rules (codes x3xx; see :mod:`ftlint.targets`), in force with
``--target together`` only.

Together's checker (``together files check``, run on upload) is the source of most: the
quoted messages are its. Its newest client leaves these checks to the server, whose code
is not public, so they are the best public description of the server's rules
(provider-formats.md D-TG5). Its 1-example minimum and 10 images per example are limits
of the target, read by F001 and V006.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.collect import Issue, Path
from ..schema.messages import ImagePart, UserMessage
from .explain_common import (
    Explained,
    describe,
    explains_format,
    short_key,
    value_at,
)
from .registry import define, on_example, on_message, on_part
from .structure import with_article

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .context import LineContext
    from .walk import Visit

_CHECKER = (
    "https://github.com/togethercomputer/together-python/blob/main/src/together/utils/files.py"
)
_DATA_PREP = "https://docs.together.ai/docs/fine-tuning/data-preparation"
_S = '{"role": "system", "content": "Be brief."}'
_U = '{"role": "user", "content": "Hi"}'
_A = '{"role": "assistant", "content": "Hello!"}'
_PNG = "data:image/png;base64,iVBORw0KGgo="
_IMG_USER = (
    '{"role": "user", "content": [{"type": "text", "text": "What is it?"}, {"type": "image_url",'
    ' "image_url": {"url": "URL"}}]}'
)
_PART_A = '{"role": "assistant", "content": [{"type": "text", "text": "A cat."}]}'

REPEATED_ROLE = define(
    "O301",
    "repeated-role",
    ["TG10"],
    f"""
    Two messages in a row have the same role (Together AI).

    Together's checker rejects it whatever the role (user, assistant or system): "Invalid
    role turns ... conversation roles must alternate between user/assistant/user/assistant".
    Consecutive tool messages (answers to parallel calls, which the function-calling docs
    allow) are not reported. This replaces the warning O001.

    Provider: Together AI. Source: {_CHECKER} and {_DATA_PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY; TG-DP",
    formats=("chat", "preference"),
    default=False,
    bad='{"messages": [' + _S + ", " + _S + ", " + _U + ", " + _A + "]}",
    good='{"messages": [' + _S + ", " + _U + ", " + _A + "]}",
)

MIXED_CONTENT = define(
    "C301",
    "mixed-content-shapes",
    ["TG15"],
    f"""
    An example mixes string content and lists of content parts (Together AI).

    Together's checker requires one shape per example: "Messages in the conversation must
    be either all in multimodal or all in text-only format". Write every message's
    content as parts, or every one as a string.

    Provider: Together AI. Source: {_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY",
    formats=("chat", "preference"),
    default=False,
    bad='{"messages": [' + _IMG_USER.replace("URL", _PNG) + ", " + _A + "]}",
    good='{"messages": [' + _IMG_USER.replace("URL", _PNG) + ", " + _PART_A + "]}",
)

IMAGE_NOT_DATA_URL = define(
    "V301",
    "image-not-base64",
    ["TG14"],
    f"""
    An image is not a base64 data URL of a JPEG, PNG or WEBP image (Together AI).

    Together takes images only inline: the URL must start with `data:image/jpeg`,
    `data:image/png` or `data:image/webp` and `;base64,`. HTTP URLs fail, and so does the
    non-standard `image/jpg`. (Images in other roles than user are V001; more than 10 per
    example is V006, with Together's limit.)

    Provider: Together AI. Source: {_CHECKER} and {_DATA_PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY; TG-SKILL",
    formats=("chat", "preference"),
    default=False,
    bad='{"messages": ['
    + _IMG_USER.replace("URL", "https://example.com/cat.png")
    + ", "
    + _PART_A
    + "]}",
    good='{"messages": [' + _IMG_USER.replace("URL", _PNG) + ", " + _PART_A + "]}",
)

INPUT_ENDS_WITH_ASSISTANT = define(
    "D301",
    "input-ends-with-assistant",
    ["TG17"],
    f"""
    A preference example's `input.messages` ends with an assistant message (Together AI).

    Together's checker rejects it: the two outputs are the assistant's answer to the
    input, so the input must end with another role. (OpenAI only warns that it should end
    with a user message, D005.)

    Provider: Together AI. Source: {_CHECKER} and
    https://docs.together.ai/docs/preference-fine-tuning.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY; TG-PREF",
    formats=("preference",),
    default=False,
    bad='{"input": {"messages": ['
    + _U
    + ", "
    + _A
    + ']}, "preferred_output": ['
    + _A
    + '], "non_preferred_output": [{"role": "assistant", "content": "Go away."}]}',
    good='{"input": {"messages": ['
    + _U
    + ']}, "preferred_output": ['
    + _A
    + '], "non_preferred_output": [{"role": "assistant", "content": "Go away."}]}',
)

TEXT_SHAPE = define(
    "S301",
    "invalid-text-example",
    ["TG16", "TG6"],
    f"""
    A generic text line is not `{{"text": "..."}}` (Together AI).

    Together's generic format (for supervised or continued pre-training data) is one
    string under `text`, and nothing else: Together's checker fails a `text` that is not
    a string ("Expected string") and any other column ("Found extra column").

    Provider: Together AI. Sources: {_CHECKER} and {_DATA_PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY; TG-DP",
    formats=("text",),
    default=False,
    bad='{"text": "Paris is the capital of France.", "source": "wiki"}',
    good='{"text": "Paris is the capital of France."}',
)

IMAGE_IN_COMPLETION = define(
    "V302",
    "image-in-completion",
    ["TG16"],
    f"""
    An instruction example's `completion` holds an image (Together AI).

    Together's instruction data (`prompt`/`completion`) takes images in the `prompt`
    only: the completion is what the model learns to write, as an assistant message.

    Provider: Together AI. Sources: {_CHECKER} and {_DATA_PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY",
    formats=("completion",),
    default=False,
    bad='{"prompt": "Draw a cat.", "completion": [{"type": "image_url", "image_url": {"url": "'
    + _PNG
    + '"}}]}',
    good='{"prompt": [{"type": "text", "text": "What is it?"}, {"type": "image_url", "image_url":'
    ' {"url": "' + _PNG + '"}}], "completion": "A cat."}',
)

WEIGHTED_IMAGES = define(
    "V303",
    "weighted-image-message",
    ["TG15"],
    f"""
    A message that holds images has a `weight` other than 0 (Together AI).

    Together trains on any message with `weight` 1, but not on images: its checker
    rejects a message with image parts and a non-zero weight. Give that message `weight`
    0, or none (user messages are not trained by default).

    Provider: Together AI. Source: {_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY",
    formats=("chat", "preference"),
    default=False,
    bad='{"messages": ['
    + _IMG_USER.replace("URL", _PNG)[:-1]
    + ', "weight": 1}, '
    + _PART_A
    + "]}",
    good='{"messages": ['
    + _IMG_USER.replace("URL", _PNG)[:-1]
    + ', "weight": 0}, '
    + _PART_A
    + "]}",
)

FIRST_ROLE = define(
    "O302",
    "first-role",
    ["TG10"],
    f"""
    A conversation starts with an assistant or tool message (Together AI).

    Together's docs: a conversation starts with a `system` or `user` message. Its checker
    does not test it, and its own preference example starts `input.messages` with an
    assistant message, so this is a warning, for supervised data only.

    Provider: Together AI. Source: {_DATA_PREP}.
    """,
    treatment="WARN",
    confidence="M",
    source="TG-DP",
    formats=("chat",),
    default=False,
    bad='{"messages": [' + _A + ", " + _U + ", " + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)

_DATA_PREFIXES = ("data:image/jpeg;base64,", "data:image/png;base64,", "data:image/webp;base64,")


def _conversation(example: Any, ctx: LineContext) -> tuple[Sequence[Any], Path]:
    if ctx.format == "preference":
        return example.input.messages, ("input", "messages")
    return example.messages, ("messages",)


@on_example("chat", "preference")
def _shapes(example: Any, ctx: LineContext) -> None:
    messages, at = _conversation(example, ctx)
    first = messages[0].__struct_config__.tag
    if ctx.format == "chat" and first in ("assistant", "tool"):
        ctx.report(
            "O302",
            f"conversation starts with {with_article(first)} message; Together AI's docs"
            " start it with a system or user message",
            (*at, 0),
            hint="start with the user's turn (or a system message)",
        )
    # One class per role: classes compare faster than role names, once per message.
    previous: type | None = None
    shapes = 0  # 1: a string content, 2: content parts
    for i, m in enumerate(messages):
        kind = type(m)
        if kind is previous and m.__struct_config__.tag != "tool":
            ctx.report(
                "O301",
                f"two {m.__struct_config__.tag} messages in a row; Together AI requires"
                " alternating roles",
                (*at, i),
                hint="merge them into one message",
            )
        previous = kind
        content = getattr(m, "content", None)
        if content is not None and (content or m.__struct_config__.tag != "assistant"):
            shapes |= 1 if type(content) is str else 2
    if shapes == 3:
        ctx.report(
            "C301",
            "the example mixes string content and content parts; Together AI requires one"
            " shape for all messages",
            at,
            hint="write every message's content as parts, or every one as a string",
        )
    last = messages[-1].__struct_config__.tag if messages else None
    if ctx.format == "preference" and last == "assistant":
        ctx.report(
            "D301",
            "`input.messages` ends with an assistant message; Together AI rejects it",
            (*at, len(messages) - 1),
            hint="end the input with the user turn the outputs answer",
        )


@on_part(ImagePart, formats=("chat", "preference", "completion"))
def _image(ctx: LineContext, part: ImagePart, path: Path, role: str, visit: Visit) -> None:
    if ctx.format == "completion" and role == "assistant":
        ctx.report(
            "V302",
            "the completion holds an image; Together AI takes images in the prompt only",
            (*path, "type"),
            hint="put the image in the prompt; the completion is the text to learn",
        )
    url = part.image_url.url
    if not url[:24].lower().startswith(_DATA_PREFIXES):
        shown = url if len(url) <= 40 else url[:39] + "…"
        ctx.report(
            "V301",
            f"image URL {shown!r} is not a base64 data URL of a JPEG, PNG or WEBP image;"
            " Together AI takes no other",
            (*path, "image_url", "url"),
            hint="inline the image as data:image/png;base64,...",
        )


@on_message(UserMessage, formats=("chat", "preference"))
def _weighted(ctx: LineContext, m: Any, path: Path, visit: Visit) -> None:
    # Together's messages all carry `weight` (schema.providers); a message with images
    # has a list of parts, so it is not plain and the walk calls this.
    if m.weight and type(m.content) is list and any(type(p) is ImagePart for p in m.content):
        ctx.report(
            "V303",
            "a message with images has weight 1; Together AI does not train on images",
            (*path, "weight"),
            hint="give it weight 0, or no weight",
        )


# -- schema issues: S301, and the parts of instruction data (L001) ----------------------


@explains_format("text")
def _explain_text(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    kind, path, key, _text = issue
    if kind == "unknown":
        full = key or ""
        message = f"extra column `{short_key(full)}` besides `text`"
        return Explained("S301", message, 'the generic format is only {"text": ...}', (full,), full)
    if kind == "missing":
        return Explained("S301", "the line has no `text`", None, path)
    got = describe(value_at(obj, path))
    return Explained("S301", f"`text` must be a string, got {got}", None, path)
