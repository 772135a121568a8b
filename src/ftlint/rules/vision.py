"""Vision rules (V): image parts, their URLs and their limits."""

from __future__ import annotations

import binascii
import re
from typing import TYPE_CHECKING

from ..schema.collect import Path
from ..schema.messages import ImagePart
from .context import Emit, FileEnd
from .explain_common import schema_area
from .file_rules import file_rule
from .registry import define, on_images, on_part
from .structure import MESSAGE_FORMATS, with_article

if TYPE_CHECKING:
    from .context import LineContext
    from .walk import Visit

MAX_IMAGES_PER_EXAMPLE = 10
MAX_IMAGE_EXAMPLES = 50_000
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MIME_TYPES = {"image/jpeg": "JPEG", "image/jpg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_DATA_URL = re.compile(r"data:([^;,]*)((?:;[^;,]*)*),", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_PNG_MODES = {0: "grayscale", 2: "RGB", 3: "palette", 4: "grayscale with alpha", 6: "RGBA"}

_A = '{"role": "assistant", "content": "A cat."}'
_PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
    "rkJggg=="
)


def _image(url: str, detail: str = "auto") -> str:
    return (
        '{"messages": [{"role": "user", "content": [{"type": "text", "text": "What is this?"}, '
        f'{{"type": "image_url", "image_url": {{"url": "{url}", "detail": "{detail}"}}}}'
        f"]}}, {_A}]}}"
    )


GOOD = _image("https://example.com/cat.png")

IMAGE_OUTSIDE_USER = define(
    "V001",
    "image-outside-user",
    ["R45", "R47"],
    """
    An image part appears in a message that is not a user message.

    Images are inputs: only user messages take `image_url` parts. "You cannot include
    images as output from messages with the `assistant` role"; system, developer and tool
    content is text only.
    """,
    treatment="REJECT",
    confidence="H",
    source="G-VIS, G-FT24, SPEC-2507",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": "Draw a cat."}, {"role": "assistant", '
    '"content": [{"type": "image_url", "image_url": {"url": "https://example.com/c.png"}}]}]}',
    good=GOOD,
)

INVALID_DETAIL = define(
    "V002",
    "invalid-detail",
    ["R49"],
    """
    An image's `detail` is not `auto`, `low` or `high`.

    The default is `auto`; `low` resizes the image to 512x512 and costs 85 tokens.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507, G-VIS",
    formats=MESSAGE_FORMATS,
    bad=_image("https://example.com/cat.png", "medium"),
    good=_image("https://example.com/cat.png", "low"),
)

INVALID_IMAGE_URL = define(
    "V003",
    "invalid-image-url",
    ["R46"],
    """
    An image URL is neither an http(s) URL nor a base64 data URL.

    The service fetches http(s) URLs (they must be publicly reachable; ftlint does not
    fetch them) and decodes `data:image/...;base64,...` URLs. Anything else, or a data URL
    whose payload is not valid base64, is skipped as an inaccessible image.
    """,
    treatment="SKIP",
    confidence="H",
    source="G-VIS, AZ-QA",
    formats=MESSAGE_FORMATS,
    bad=_image("file:///home/me/cat.png"),
    good=GOOD,
)

UNSUPPORTED_IMAGE = define(
    "V004",
    "unsupported-image-format",
    ["R48"],
    """
    A data-URL image is not JPEG, PNG or WEBP, does not match its declared type, or is a
    PNG that is not RGB or RGBA.

    ftlint reads the MIME type and the first bytes of the image, without fetching or fully
    decoding anything. Such images are skipped as "invalid image format".
    """,
    treatment="SKIP",
    confidence="H",
    source="G-VIS",
    formats=MESSAGE_FORMATS,
    bad=_image("data:image/gif;base64,R0lGODlhAQABAAAAACw="),
    good=_image("data:image/png;base64," + _PNG_1PX),
)

IMAGE_TOO_LARGE = define(
    "V005",
    "image-too-large",
    ["R50"],
    """
    A data-URL image is larger than 10 MB.

    Such images are skipped ("image too large"). The size is computed from the base64
    length, without decoding.
    """,
    treatment="SKIP",
    confidence="H",
    source="G-VIS",
    formats=MESSAGE_FORMATS,
)

TOO_MANY_IMAGES = define(
    "V006",
    "too-many-images",
    ["R50"],
    """
    An example has more than 10 images.

    OpenAI allows at most 10 images per example (Azure documents 64).
    """,
    treatment="REJECT?",
    confidence="M",
    source="G-VIS; AZ-VIS",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [{"role": "user", "content": ['
    + ", ".join(
        f'{{"type": "image_url", "image_url": {{"url": "https://example.com/{i}.png"}}}}'
        for i in range(11)
    )
    + "]}, "
    + _A
    + "]}",
    good=GOOD,
)

TOO_MANY_IMAGE_EXAMPLES = define(
    "V007",
    "too-many-image-examples",
    ["R5", "R50"],
    """
    More than 50,000 examples of the file contain images.

    Text-only examples do not count towards this cap.
    """,
    treatment="REJECT?",
    confidence="H",
    source="G-VIS",
    formats=MESSAGE_FORMATS,
)

IMAGES_IN_DPO = define(
    "V008",
    "images-in-dpo",
    ["R57"],
    """
    A preference (DPO) example contains an image.

    "DPO is currently only supported for text inputs and outputs", although the spec note
    still mentions images.
    """,
    treatment="REJECT?",
    confidence="M",
    source="G-DPO vs SPEC-2507",
    formats=("preference",),
    bad='{"input": {"messages": [{"role": "user", "content": [{"type": "image_url", '
    '"image_url": {"url": "https://example.com/c.png"}}]}]}, "preferred_output": [' + _A + "], "
    '"non_preferred_output": [{"role": "assistant", "content": "A dog."}]}',
    good='{"input": {"messages": [{"role": "user", "content": "What is a cat?"}]}, '
    '"preferred_output": [' + _A + '], "non_preferred_output": [{"role": "assistant", '
    '"content": "A dog."}]}',
)


def check_url(url: str) -> tuple[str, str] | None:
    """Check an image URL offline; return ``(code, message)`` of the problem, or ``None``."""
    low = url[:8].lower()
    if low.startswith(("https://", "http://")):
        return None
    if not low.startswith("data:"):
        shown = url if len(url) <= 40 else url[:39] + "…"
        return "V003", f"image URL {shown!r} is neither http(s) nor a data URL"
    match = _DATA_URL.match(url)
    if match is None:
        return "V003", "data URL has no ',' before its payload"
    mime = match.group(1).strip().lower()
    if ";base64" not in match.group(2).lower():
        return "V003", "data URL is not base64-encoded"
    payload = url[match.end() :]
    if len(payload) % 4 or not _BASE64.fullmatch(payload):
        return "V003", "data URL payload is not valid base64"
    size = len(payload) // 4 * 3 - payload[-2:].count("=")
    kind = MIME_TYPES.get(mime)
    if kind is None:
        return "V004", f"image type {mime or 'missing'!r} is not JPEG, PNG or WEBP"
    import base64  # here: only data URLs need it

    try:
        head = base64.b64decode(payload[:44])
    except (binascii.Error, ValueError):
        return "V003", "data URL payload is not valid base64"
    actual = _sniff(head)
    if actual is None:
        return "V004", f"data is not a JPEG, PNG or WEBP image (declared {mime})"
    if actual != kind:
        return "V004", f"image is {actual} but declared as {mime}"
    if kind == "PNG" and len(head) > 25 and head[25] not in (2, 6):
        mode = _PNG_MODES.get(head[25], f"colour type {head[25]}")
        return "V004", f"PNG image is {mode}; OpenAI takes RGB or RGBA"
    if size > MAX_IMAGE_BYTES:
        limit = f"{MAX_IMAGE_BYTES // 1024**2} MB ({MAX_IMAGE_BYTES:,} bytes)"
        return "V005", f"image is {size:,} bytes; the limit is {limit}"
    return None


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


# -- file-level check: V007 ------------------------------------------------------------


class ImageExamples:
    """V007 and F010: how many examples contain an image."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def merge(self, other: ImageExamples, base: int) -> None:
        """Add the next byte range's count."""
        self.count += other.count


@file_rule("V007", state=ImageExamples)
def _too_many_image_examples(state: ImageExamples, emit: Emit, end: FileEnd) -> None:
    # The target's limit (MAX_IMAGE_EXAMPLES for OpenAI); a target without one has none.
    limit = end.target.limit("image_examples")
    if limit is not None and state.count > limit:
        emit(
            "V007",
            None,
            None,
            f"{state.count:,} examples contain images; {end.target.label} takes at most"
            f" {limit:,} per file",
        )


# -- schema issues: the area of V002 ---------------------------------------------------


@schema_area("V002")
def _detail_hint(path: Path) -> str | None:
    # No tool or function path ends in image_url.detail, so the order of areas is moot.
    return "`detail` is one of auto, low or high" if path[-2:] == ("image_url", "detail") else None


# -- checks on valid examples ------------------------------------------------------------


@on_part(ImagePart)
def _image_part(ctx: LineContext, part: ImagePart, path: Path, role: str, visit: Visit) -> None:
    if role == "user":
        url = part.image_url.url
        if not url.startswith("https://"):
            problem = check_url(url)
            if problem is not None:
                ctx.report(problem[0], problem[1], (*path, "image_url", "url"))
    else:
        ctx.report(
            "V001",
            f"an image part in {with_article(role)} message",
            (*path, "type"),
            hint="only user messages take images"
            + ("; assistants cannot output images" if role == "assistant" else ""),
        )


@on_images(*MESSAGE_FORMATS)
def _images(ctx: LineContext, images: int, path: Path) -> None:
    # The target's limit (MAX_IMAGES_PER_EXAMPLE for OpenAI, 64 for Azure).
    target = ctx.target
    limit = target.limit("images_per_example")
    if limit is not None and images > limit:
        ctx.report(
            "V006",
            f"example has {images} images; {target.label} allows at most {limit}",
            path,
        )
    ctx.dataset.image_examples += 1


@on_images("preference")
def _images_in_dpo(ctx: LineContext, images: int, path: Path) -> None:
    ctx.report(
        "V008",
        f"preference example has {images} image{'s' if images > 1 else ''}; DPO takes text only",
        path,
    )
