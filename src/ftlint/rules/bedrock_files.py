"""Amazon Bedrock conversation schema: rules about whole files (B010, B030, B031).

Provider-only rules for the ``bedrock-nova`` and ``bedrock-llama`` targets; BN7, BN11 and
BL3 of the provider reference §5 give the sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .bedrock import (
    BOTH,
    CONVERSATION,
    CPT,
    DISTILLATION,
    LLAMA_CHECKER,
    NOVA_CHECKER,
    NOVA_DOC,
    RFT,
)
from .bedrock_lists import content_lists
from .context import Emit, FileEnd
from .file_rules import file_rule
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

MIXED_MEDIA = define(
    "B010",
    "bedrock-mixed-media-file",
    ["BN7"],
    f"""
    A file holds both examples with images and examples with videos.

    A Nova dataset is homogeneous: text with images, or text with video, never both.
    Reported once per file. Source: {NOVA_DOC}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC",
    formats=BOTH,
    default=False,
)

# BN11 and BL3: (fewest, most) training examples, by model; the first is the default.
NOVA_BOUNDS: Mapping[str, tuple[int, int]] = {
    "amazon.nova-lite-v1:0": (8, 20_000),
    "amazon.nova-micro-v1:0": (8, 20_000),
    "amazon.nova-pro-v1:0": (8, 20_000),
    "amazon.nova-2-lite-v1:0": (200, 20_000),
}
# By format, where it is not the model's: RFT 100 to 20,000 (BN11: checker and the RFT
# guide's "minimum of 100 records"), distillation at least 100 prompts and no maximum
# (BN17). CPT data has the SFT bounds (the checker's default).
FORMAT_BOUNDS: Mapping[str, tuple[int, int | None]] = {
    RFT: (100, 20_000),
    DISTILLATION: (100, None),
}
NOVA_FORMATS = (*BOTH, RFT, CPT, DISTILLATION)
LLAMA_MAX = 10_000

NOVA_COUNT = define(
    "B030",
    "nova-example-count",
    ["BN11", "BN17"],
    f"""
    A Nova training file has fewer or more examples than Bedrock takes.

    AWS's checker ({NOVA_CHECKER}) takes 8 to 20,000 samples for Nova 1.0 Micro, Lite and
    Pro (continued pre-training data too), and 200 to 20,000 for Nova 2 Lite SFT
    (`--model`); training plus validation must not exceed the maximum (F903, with
    `--validation`). The minimum is the training set's: a validation file is not held to
    it. The Nova documentation only recommends at least 100 samples per task
    ({NOVA_DOC}). RFT data takes 100 to 20,000 records (the checker, and the Bedrock RFT
    guide's "minimum of 100 records",
    https://docs.aws.amazon.com/bedrock/latest/userguide/rft-prepare-data.html); a
    distillation job at least 100 prompts
    (https://docs.aws.amazon.com/bedrock/latest/userguide/distillation-data-prep-option-1.html).
    Reported once per file.
    """,
    treatment="REJECT",
    confidence="M",
    source="BN-VAL; BN-DOC; BN-RFT; BN-DIST",
    formats=NOVA_FORMATS,
    default=False,
)

LLAMA_COUNT = define(
    "B031",
    "llama-example-count",
    ["BL3"],
    f"""
    A Llama training file has more than 10,000 examples.

    AWS's Llama README and checker ({LLAMA_CHECKER}): at most 10,000 training and 1,000
    validation records (F901 holds a file given with `--validation` to the 1,000).
    Reported once per file.
    """,
    treatment="REJECT",
    confidence="M",
    source="BL-VAL",
    formats=(CONVERSATION,),
    default=False,
)


@on_example(*BOTH)
def _media_kinds(example: Any, ctx: LineContext) -> None:
    if not ctx.enabled("B010"):  # a Nova rule; the hook runs for Llama's rules too
        return
    images = videos = False
    for _role, blocks, _path in content_lists(example).special:
        for block in blocks:
            images = images or bool(block.image)
            videos = videos or bool(block.video)
    if images or videos:
        ctx.dataset.state(MediaKinds).add(ctx.line, videos)


class MediaKinds:
    """B010: the first line with images and the first with video."""

    __slots__ = ("image_line", "video_line")

    def __init__(self) -> None:
        self.image_line: int | None = None
        self.video_line: int | None = None

    def add(self, line: int, video: bool) -> None:
        """Record an example with images (``video`` false) or video."""
        if video:
            self.video_line = self.video_line or line
        else:
            self.image_line = self.image_line or line

    def merge(self, other: MediaKinds, base: int) -> None:
        """Add the next byte range's lines, numbered from ``base + 1``."""
        if self.image_line is None and other.image_line is not None:
            self.image_line = other.image_line + base
        if self.video_line is None and other.video_line is not None:
            self.video_line = other.video_line + base


@file_rule("B010", state=MediaKinds)
def _mixed_media(state: MediaKinds, emit: Emit, end: FileEnd) -> None:
    if end.format in BOTH and state.image_line and state.video_line:
        emit(
            "B010",
            None,
            None,
            f"the file mixes images (line {state.image_line}) and video (line"
            f" {state.video_line}); a Nova dataset takes one or the other",
        )


@file_rule("B030", "B031")
def _example_count(state: None, emit: Emit, end: FileEnd) -> None:
    # Training files' bounds: a validation file has its own (F901), and Nova's maximum
    # counts both files (F903).
    if end.format not in NOVA_FORMATS or not end.complete or end.validation:
        return
    low, high = FORMAT_BOUNDS.get(end.format) or NOVA_BOUNDS.get(end.model or "", (8, 20_000))
    if end.examples < low or (high is not None and end.examples > high):
        takes = f"{low:,} to {high:,}" if high is not None else f"at least {low:,}"
        emit("B030", None, None, f"the file has {end.examples:,} examples; Nova takes {takes}")
    if end.format == CONVERSATION and end.examples > LLAMA_MAX:
        emit("B031", None, None, f"the file has {end.examples:,} examples; Llama takes 10,000")
