"""Legacy prompt/completion rules (L)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.collect import Issue
from .context import Emit, FileEnd
from .explain_common import (
    Explained,
    describe,
    did_you_mean,
    explains_format,
    short_key,
    short_value,
    value_at,
)
from .file_rules import file_rule
from .registry import define, on_example
from .remedies import remedy

if TYPE_CHECKING:
    from ..schema.completion import CompletionExample
    from .context import LineContext

_GOOD = '{"prompt": "Capital of France?\\n\\n###\\n\\n", "completion": " Paris END"}'

INVALID_EXAMPLE = define(
    "L001",
    "invalid-completion-example",
    ["R68"],
    """
    A legacy example lacks `prompt` or `completion`, or one of them is not a string.

    Each line of a babbage-002 or davinci-002 file is `{"prompt": str, "completion": str}`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2412, SPEC-2505",
    formats=("completion",),
    bad='{"prompt": "Capital of France?", "completion": 42}',
    good=_GOOD,
)

EXTRA_KEYS = define(
    "L002",
    "extra-keys",
    ["R69"],
    """
    A legacy example has keys besides `prompt` and `completion`.

    The legacy `prepare_data` tool removes them as a necessary fix; what the server does
    with them is not known.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL additional_column_validator",
    formats=("completion",),
    bad=_GOOD[:-1] + ', "id": 3}',
    good=_GOOD,
)

EMPTY_COMPLETION = define(
    "L003",
    "empty-completion",
    ["R70"],
    """
    A legacy example has an empty or whitespace-only completion.

    The legacy tool drops such rows as a necessary fix: they teach nothing.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL non_empty_field_validator",
    formats=("completion",),
    bad='{"prompt": "Capital of France?", "completion": " "}',
    good=_GOOD,
)

NO_SEPARATOR = define(
    "L004",
    "no-common-separator",
    ["R71"],
    """
    The prompts do not all end with the same separator.

    The legacy guide advised ending every prompt with a fixed separator (such as
    `\\n\\n###\\n\\n`) that appears nowhere else, so the model knows where the prompt
    ends. Reported once per file.
    """,
    treatment="INFO",
    confidence="H",
    source="PY-VAL common_prompt_suffix_validator",
    formats=("completion",),
)

NO_STOP = define(
    "L005",
    "no-common-stop",
    ["R71"],
    """
    The completions do not all end with the same stop sequence.

    The legacy guide advised ending every completion with a fixed stop sequence (such as
    `\\n`, ` END` or `###`), to pass as `stop` at inference. Reported once per file. Not
    for classification data, where the completion is a short label (the legacy tool's
    test: the prompts are not all empty, and there are fewer distinct completions than a
    third of the examples; ftlint counts up to 1,000 distinct ones), as the legacy tool
    gives this advice only to other tasks.
    """,
    treatment="INFO",
    confidence="H",
    source="PY-VAL common_completion_suffix_validator",
    formats=("completion",),
)

NO_LEADING_SPACE = define(
    "L006",
    "no-leading-space",
    ["R71"],
    """
    Some completions do not start with a space.

    With the GPT-3 tokenizers a completion that starts with a space "tends to produce
    better results". Reported once per file, at the first such line, with the count.
    """,
    treatment="INFO",
    confidence="H",
    source="PY-VAL completions_space_start_validator",
    formats=("completion",),
)


# -- file-level checks: L004, L005, L006 -----------------------------------------------


def common_suffix(a: str, b: str) -> str:
    """The longest common suffix of two strings."""
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return a[len(a) - n :] if n else ""


def _joined(mine: str | None, theirs: str | None) -> str | None:
    if theirs is None:
        return mine
    return theirs if mine is None else common_suffix(mine, theirs)


# The legacy tool calls a task classification when it has fewer distinct completions than
# a third of its examples (CLASSIFICATION_THRESHOLD). ftlint remembers at most this many
# distinct completions: a file with more is taken to be no classification task.
CLASSIFICATION_THRESHOLD = 3
MAX_LABELS = 1000


class Completions:
    """L004-L006: the common suffixes of the prompts and completions, which completions
    do not start with a space, and whether the task is a classification (L005)."""

    __slots__ = (
        "completion_suffix",
        "examples",
        "first_unspaced",
        "labels",
        "prompt_suffix",
        "prompted",
        "unspaced",
    )

    def __init__(self) -> None:
        self.prompt_suffix: str | None = None  # None until an example is seen
        self.completion_suffix: str | None = None
        self.unspaced = 0
        self.first_unspaced: int | None = None
        self.examples = 0
        # The distinct completions, until there are more than MAX_LABELS (then None).
        self.labels: set[str] | None = set()
        self.prompted = False  # whether any prompt is not empty

    def add(self, prompt: str, completion: str, line: int) -> None:
        """Record a legacy example."""
        # Inline, not _joined: this runs once a line.
        mine = self.prompt_suffix
        self.prompt_suffix = prompt if mine is None else common_suffix(mine, prompt)
        mine = self.completion_suffix
        self.completion_suffix = completion if mine is None else common_suffix(mine, completion)
        if not completion.startswith(" "):
            self.unspaced += 1
            if self.first_unspaced is None:
                self.first_unspaced = line
        self.examples += 1
        labels = self.labels
        if labels is not None and completion not in labels:
            if len(labels) < MAX_LABELS:
                labels.add(completion)
            else:
                self.labels = None
        if prompt:
            self.prompted = True

    def merge(self, other: Completions, base: int) -> None:
        """Add the next byte range's examples, whose lines are numbered from base + 1."""
        self.prompt_suffix = _joined(self.prompt_suffix, other.prompt_suffix)
        self.completion_suffix = _joined(self.completion_suffix, other.completion_suffix)
        self.unspaced += other.unspaced
        if self.first_unspaced is None and other.first_unspaced is not None:
            self.first_unspaced = other.first_unspaced + base
        self.examples += other.examples
        self.prompted = self.prompted or other.prompted
        if self.labels is not None and other.labels is not None:
            self.labels |= other.labels
            if len(self.labels) > MAX_LABELS:
                self.labels = None
        else:
            self.labels = None

    @property
    def classification(self) -> bool:
        """Whether the legacy tool would call the task a classification: prompts that are
        not all empty, and fewer distinct completions than a third of the examples."""
        labels = self.labels
        return (
            self.prompted
            and labels is not None
            and len(labels) * CLASSIFICATION_THRESHOLD < self.examples
        )


@file_rule("L004", "L005", "L006", state=Completions)
def _completion_advice(state: Completions, emit: Emit, end: FileEnd) -> None:
    if end.format != "completion" or state.prompt_suffix is None:
        return
    if not state.prompt_suffix:
        emit(
            "L004",
            None,
            None,
            "the prompts do not end with a common separator",
            hint="end every prompt with a fixed separator such as \\n\\n###\\n\\n",
        )
    if not state.completion_suffix and not state.classification:
        emit(
            "L005",
            None,
            None,
            "the completions do not end with a common stop sequence",
            hint="end every completion with a fixed stop sequence such as \\n or ' END'",
        )
    if state.unspaced:
        emit(
            "L006",
            state.first_unspaced,
            1,
            f"{state.unspaced:,} completions do not start with a space",
            hint="start each completion with a space",
            late=True,
        )


# -- schema issues: L001, L002 -----------------------------------------------------------


@explains_format("completion")
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained | None:
    """A legacy example's missing, extra or mistyped `prompt` and `completion`."""
    kind, path, key, _text = issue
    if path:
        if kind == "invalid" and len(path) == 1 and path[0] in ("prompt", "completion"):
            got = describe(value_at(obj, path))
            return Explained("L001", f"`{path[0]}` must be a string, got {got}", None, path)
        return None
    if kind == "missing":
        return Explained("L001", f"example is missing `{key or ''}`", None, path)
    if kind == "unknown":
        full_key = key or ""
        shown = short_key(full_key)
        hint = did_you_mean(shown, ("prompt", "completion")) or "the legacy tool drops extra keys"
        return Explained(
            "L002",
            f"extra key `{shown}` besides prompt and completion",
            hint,
            (full_key,),
            full_key,
        )
    return None


# -- checks on valid examples ------------------------------------------------------------


@on_example("completion")
def _completion(example: CompletionExample, ctx: LineContext) -> None:
    completion = example.completion
    if type(completion) is not str:
        return  # a list of parts: Together's instruction data, not the legacy format
    if not completion or completion.isspace():
        ctx.report(
            "L003",
            "completion is empty" if not completion else "completion is only whitespace",
            ("completion",),
            hint="the legacy tool drops such rows",
        )
    else:  # the legacy tool drops empty rows before its advice (L004-L006)
        ctx.dataset.completion(example.prompt, completion, ctx.line)


# -- remedies (ftlint fix): L002, L006, only when selected -------------------------------


@remedy(
    "L002",
    "removed the keys besides prompt and completion",
    kind="object",
    opt_in=True,
    formats=("completion",),
)
def _drop_extra_keys(obj: dict[str, Any], fmt: str) -> bool:
    extra = [k for k in obj if k not in ("prompt", "completion")]
    for k in extra:
        del obj[k]
    return bool(extra)


def _any_line(raw: bytes) -> bool:
    return True  # L006 is reported once per file, so any line may need it


@remedy(
    "L006",
    "put a space before a completion that does not start with one",
    kind="object",
    opt_in=True,
    formats=("completion",),
    trigger=_any_line,
)
def _space_completion(obj: dict[str, Any], fmt: str) -> bool:
    completion = obj.get("completion")
    # As the rule counts: not empty completions (L003), not those that start with " ".
    if not isinstance(completion, str) or not completion or completion.isspace():
        return False
    if completion.startswith(" "):
        return False
    obj["completion"] = " " + completion
    return True


@explains_format("completion")
def _explain_parts(issue: Issue, obj: Mapping[str, Any]) -> Explained | None:
    """Issues inside a prompt or completion that is a list of parts: Together's
    instruction data, decoded by its dialect (OpenAI's decoder stops at the list itself,
    whose issue the legacy rules explain)."""
    kind, path, key, _text = issue
    if len(path) < 2 or path[0] not in ("prompt", "completion"):
        return None
    value = value_at(obj, path)
    if kind == "tag":
        message = f"content part type {short_value(value)} is neither text nor image_url"
    elif kind == "missing":
        message = f"content part is missing `{key}`"
    elif kind == "unknown":
        message = f"content part has an unknown key `{short_key(key or '')}`"
    else:
        message = f"invalid content part: {describe(value)}"
    return Explained("L001", message, "parts are text or image_url parts", path)
