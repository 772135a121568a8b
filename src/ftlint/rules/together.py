"""Together AI's own rules (codes x3xx; see :mod:`ftlint.targets`), in force with
``--target together`` only.

Together's checker (``together files check``, run on upload) is the source of most: the
quoted messages are its. Its newest client leaves these checks to the server, whose code
is not public, so they are the best public description of the server's rules
(provider-formats.md D-TG5). Its 1-example minimum and 10 images per example are limits
of the target, read by F001 and V006.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema.messages import AssistantMessage, ImagePart, ToolMessage
from .registry import define, on_example, on_part

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..schema.collect import Path
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

_DATA_PREFIXES = ("data:image/jpeg;base64,", "data:image/png;base64,", "data:image/webp;base64,")


def _conversation(example: Any, ctx: LineContext) -> tuple[Sequence[Any], Path]:
    if ctx.format == "preference":
        return example.input.messages, ("input", "messages")
    return example.messages, ("messages",)


@on_example("chat", "preference")
def _shapes(example: Any, ctx: LineContext) -> None:
    messages, at = _conversation(example, ctx)
    previous: type | None = None
    shapes = set()
    for i, m in enumerate(messages):
        t = type(m)
        if t is previous and t is not ToolMessage:
            ctx.report(
                "O301",
                f"two {m.__struct_config__.tag} messages in a row; Together AI requires"
                " alternating roles",
                (*at, i),
                hint="merge them into one message",
            )
        previous = t
        content = getattr(m, "content", None)
        if content is not None and not (t is AssistantMessage and not content):
            shapes.add(type(content) is str)
    if len(shapes) > 1:
        ctx.report(
            "C301",
            "the example mixes string content and content parts; Together AI requires one"
            " shape for all messages",
            at,
            hint="write every message's content as parts, or every one as a string",
        )
    if ctx.format == "preference" and messages and type(messages[-1]) is AssistantMessage:
        ctx.report(
            "D301",
            "`input.messages` ends with an assistant message; Together AI rejects it",
            (*at, len(messages) - 1),
            hint="end the input with the user turn the outputs answer",
        )


@on_part(ImagePart, formats=("chat", "preference"))
def _image(ctx: LineContext, part: ImagePart, path: Path, role: str, visit: Visit) -> None:
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
