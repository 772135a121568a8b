"""Dataset-level state: what the file-level rules need to remember across lines.

Everything here is bounded: a count, a reference to the first output, a common suffix. The
engine reports duplicates (F006) itself from a 64-bit digest per line.
"""

from __future__ import annotations

from typing import Any

from .. import base_models
from .context import Emit, FileEnd
from .file import MIN_EXAMPLES, MULTIPART_LIMIT, RFT_MAX_EXAMPLES, UPLOAD_LIMIT
from .vision import MAX_IMAGE_EXAMPLES


def _common_suffix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return a[len(a) - n :] if n else ""


class Dataset:
    """Accumulates what file-level rules need while the lines go by."""

    __slots__ = (
        "completion_suffix",
        "first_output",
        "first_unspaced",
        "image_examples",
        "outputs",
        "prompt_suffix",
        "same_outputs",
        "unspaced",
    )

    def __init__(self) -> None:
        self.image_examples = 0
        self.outputs = 0
        self.first_output: Any = None  # meaningful once outputs > 0
        self.same_outputs = True
        self.prompt_suffix: str | None = None
        self.completion_suffix: str | None = None
        self.unspaced = 0
        self.first_unspaced: int | None = None

    def output(self, value: Any, line: int) -> None:
        """Record the output (answer) of a valid example, for F007."""
        self.outputs += 1
        if self.outputs == 1:
            self.first_output = value
        elif self.same_outputs and value != self.first_output:
            self.same_outputs = False
            self.first_output = None  # no longer needed: free it

    def merge(self, other: Dataset, base: int) -> None:
        """Add the state of the next byte range, whose lines are numbered from base + 1."""
        if other.outputs:
            if not self.outputs:
                self.first_output, self.same_outputs = other.first_output, other.same_outputs
            elif self.same_outputs and (
                not other.same_outputs or other.first_output != self.first_output
            ):
                self.same_outputs = False
                self.first_output = None
            self.outputs += other.outputs
        self.image_examples += other.image_examples
        for name in ("prompt_suffix", "completion_suffix"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs is not None:
                setattr(self, name, theirs if mine is None else _common_suffix(mine, theirs))
        self.unspaced += other.unspaced
        if self.first_unspaced is None and other.first_unspaced is not None:
            self.first_unspaced = other.first_unspaced + base

    def completion(self, prompt: str, completion: str, line: int) -> None:
        """Record a legacy example, for the separator, stop-sequence and space advice."""
        self.prompt_suffix = (
            prompt if self.prompt_suffix is None else _common_suffix(self.prompt_suffix, prompt)
        )
        self.completion_suffix = (
            completion
            if self.completion_suffix is None
            else _common_suffix(self.completion_suffix, completion)
        )
        if not completion.startswith(" "):
            self.unspaced += 1
            if self.first_unspaced is None:
                self.first_unspaced = line

    def finish(self, emit: Emit, end: FileEnd) -> None:
        """Report the file-level rules that depend on the whole file."""
        fmt, examples, model = end.format, end.examples, end.model
        if end.first_crlf is not None:
            line, offset = end.first_crlf
            emit(
                "J005",
                line,
                None,
                f"{end.crlf} of {examples} lines end with CRLF (Windows line endings)",
                hint="harmless for OpenAI; convert to LF for other tools",
                late=True,
                offset=offset,
            )
        if self.outputs >= 2 and self.same_outputs:
            emit(
                "F007",
                None,
                None,
                f"all {self.outputs} valid examples have the same output",
                hint="a model trained on one answer learns to give it for any input",
            )
        if self.image_examples > MAX_IMAGE_EXAMPLES:
            emit(
                "V007",
                None,
                None,
                f"{self.image_examples:,} examples contain images; OpenAI takes at most"
                f" {MAX_IMAGE_EXAMPLES:,} per file",
            )
        if fmt == "reinforcement" and examples > RFT_MAX_EXAMPLES:
            emit(
                "F008",
                None,
                None,
                f"file has {examples:,} examples; reinforcement fine-tuning takes at most"
                f" {RFT_MAX_EXAMPLES:,} (and 1,000 in the test file)",
            )
        if fmt == "completion" and self.prompt_suffix is not None:
            self._completion_advice(emit)
        if model is not None and fmt is not None:
            self._model(emit, fmt, model)
        _upload_size(emit, end.size)
        if examples < MIN_EXAMPLES and end.complete:
            emit(
                "F001",
                None,
                None,
                f"file has {examples} example{'s' if examples != 1 else ''}; OpenAI"
                f" needs at least {MIN_EXAMPLES}",
                hint="add examples: OpenAI suggests starting with 50 to 100",
            )

    def _completion_advice(self, emit: Emit) -> None:
        if not self.prompt_suffix:
            emit(
                "L004",
                None,
                None,
                "the prompts do not end with a common separator",
                hint="end every prompt with a fixed separator such as \\n\\n###\\n\\n",
            )
        if not self.completion_suffix:
            emit(
                "L005",
                None,
                None,
                "the completions do not end with a common stop sequence",
                hint="end every completion with a fixed stop sequence such as \\n or ' END'",
            )
        if self.unspaced:
            emit(
                "L006",
                self.first_unspaced,
                1,
                f"{self.unspaced:,} completions do not start with a space",
                hint="start each completion with a space",
                late=True,
            )

    def _model(self, emit: Emit, fmt: str, name: str) -> None:
        model = base_models.get(name)
        method = base_models.METHOD_OF_FORMAT[fmt]
        if method not in model.methods:
            emit(
                "F009",
                None,
                None,
                f"{name} cannot be trained with {method} data (it takes:"
                f" {', '.join(sorted(model.methods))})",
                hint=base_models.suggest(method),
            )
        if self.image_examples and not model.vision:
            emit(
                "F010",
                None,
                None,
                f"{self.image_examples:,} examples contain images, but {name} is not a"
                " vision fine-tuning model",
                hint=base_models.suggest("vision"),
            )


def _gigabytes(size: int) -> str:
    return f"{size / 1000**3:.1f} GB"


def _megabytes(size: int) -> str:
    return f"{size / 1000**2:,.0f} MB"


def _upload_size(emit: Emit, size: int) -> None:
    """F004 and F005: the upload limits, in the words of their constants."""
    if size > MULTIPART_LIMIT:
        emit(
            "F005",
            None,
            None,
            f"file is {_gigabytes(size)}; uploads are limited to {MULTIPART_LIMIT // 1000**3} GB",
            hint="split or sample the data",
        )
    elif size > UPLOAD_LIMIT:
        emit(
            "F004",
            None,
            None,
            f"file is {_megabytes(size)}; the Files API takes at most {UPLOAD_LIMIT // 1000**2} MB",
            hint=f"upload it with the multipart Uploads API (up to"
            f" {MULTIPART_LIMIT // 1000**3} GB), or split it",
        )
