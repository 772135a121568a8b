"""File and dataset rules (F): properties of the file as a whole, and of its examples together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xxhash import xxh3_128_intdigest

from .. import base_models
from ..findings import Severity
from .context import Emit, FileEnd
from .file_rules import file_rule
from .registry import EVERY_FORMAT, define, on_output
from .remedies import remedy
from .vision import ImageExamples

if TYPE_CHECKING:
    from .context import LineContext

MIN_EXAMPLES = 10
UPLOAD_LIMIT = 512 * 1000**2  # Files API
MULTIPART_LIMIT = 8 * 1000**3  # Uploads API
RFT_MAX_EXAMPLES = 50_000
RFT_MAX_TEST_EXAMPLES = 1_000

TOO_FEW_EXAMPLES = define(
    "F001",
    "too-few-examples",
    ["R4"],
    """
    The file has fewer than 10 examples.

    OpenAI fails the job with "Training file has N example(s), but must have at least 10
    examples". Every non-blank line counts as an example, valid or not. OpenAI recommends
    starting with 50 to 100 well-made examples. Not reported when the file could not be
    read to its end (J008, J009), since the count is then unknown.
    """,
    treatment="REJECT",
    confidence="H",
    source="G-SFT, G-FT24, OBS-NEX",
)

MIXED_FORMATS = define(
    "F002",
    "mixed-formats",
    ["R6"],
    """
    A line is in a different format from the file.

    All lines of a file share one format, and it must match the job's method (supervised
    chat, dpo, reinforcement, or legacy prompt/completion); OpenAI fails a mismatched job.
    The file's format comes from --format, or else from its first decodable line. The
    finding names both formats. Chat and reinforcement lines share the `messages` key, so a
    difference between those two is reported by the schema rules instead. Like the server,
    which names the file's format once, the text, Markdown and GitHub outputs say it once
    per file: the first such line, then one line with how many more and where (JSON and
    the other formats for programs list every line).
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-FMT, OBS-MISC",
    formats=EVERY_FORMAT,
    bad='{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content":'
    ' "Hello!"}]}\n{"prompt": "Hi", "completion": " Hello!"}',
    good='{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content":'
    ' "Hello!"}]}',
)

UNKNOWN_FORMAT = define(
    "F003",
    "unknown-format",
    ["R6"],
    """
    A line matches none of the four formats, so its format cannot be told.

    With --format auto, ftlint reads the format from the keys of the first object:
    `messages` (chat or reinforcement), `input`/`preferred_output`/`non_preferred_output`
    (preference) or `prompt`/`completion` (legacy completion). A line with none of these
    is reported here, with a hint when its keys belong to a format OpenAI does not accept
    (ShareGPT `conversations`, Alpaca `instruction`, plain `text`, TRL `chosen`/`rejected`).
    """,
    treatment="REJECT",
    confidence="H",
    source="OBS-MISC ('Unexpected file format')",
    formats=EVERY_FORMAT,
    bad='{"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Yo"}]}',
    good='{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content":'
    ' "Yo"}]}',
)

LARGE_FILE = define(
    "F004",
    "over-upload-limit",
    ["R7"],
    """
    The file is larger than 512 MB, the Files API limit.

    Such a file must be sent through the multipart Uploads API, which takes up to 8 GB.
    This is a warning, not an error, because that route exists; over 8 GB is F005.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507 /files, G-FT24",
    formats=EVERY_FORMAT,
    severity=Severity.WARNING,
)

TOO_LARGE_FILE = define(
    "F005",
    "file-too-large",
    ["R7"],
    """
    The file is larger than 8 GB, the limit of the Uploads API.

    Split the data, or sample it: OpenAI rejects larger uploads. Under another target, the
    limit is the largest upload that provider takes (Mistral's 512 MB, Together's 100 GB...).
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507, G-FT24",
    formats=EVERY_FORMAT,
)

FILE_EXTENSION = define(
    "F904",
    "file-extension",
    ["TG1", "FW1", "BN1"],
    """
    The file's name does not end with `.jsonl` (Together AI, Fireworks AI, Amazon Nova).

    These providers tell the format by the extension: Together's checker fails any other
    ("Unknown extension"; its pre-tokenized data, the format `parquet`, must end with
    `.parquet`), Fireworks takes `.jsonl` files, and AWS's Nova checker requires the
    extension. A compressed file (`.jsonl.gz`, which ftlint reads) must be decompressed
    before upload. Standard input and `ftlint.check_lines` have no name and are not
    checked.

    Providers: Together AI (https://docs.together.ai/docs/fine-tuning/data-preparation),
    Fireworks AI (https://docs.fireworks.ai/fine-tuning/fine-tuning-models), Amazon Nova
    (https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html).
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY; TG-DP; FW-SFT; BN-VAL",
    formats=EVERY_FORMAT,
    default=False,
)

DUPLICATE_EXAMPLE = define(
    "F006",
    "duplicate-example",
    ["R41"],
    """
    An example is an exact copy of an earlier one.

    Duplicates weigh those examples more in training and waste tokens; the legacy
    `prepare_data` tool offers to drop them. Lines are compared byte for byte, ignoring the
    line ending. The finding names the line of the first occurrence. Memory stays small:
    ftlint keeps a 64-bit digest (xxHash3) per valid example, not the example, and finds
    the repeats once the file is read. Streamed output (`-o jsonl`) therefore lists a
    file's duplicates after its other line findings.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL duplicated_rows_validator",
)

IDENTICAL_OUTPUTS = define(
    "F007",
    "identical-outputs",
    ["R44"],
    """
    Every example has the same output.

    The output is what the model is trained to produce: the last assistant message
    (chat), the preferred output (preference) or the completion (legacy). When that
    message calls tools or a function, the calls' names and arguments are its output,
    besides its (often empty) content; the calls' ids are not compared. A model trained
    on one answer learns to give it whatever the input; the legacy tool treats identical
    completions as fatal. Reported once per file, for files of at least two valid
    examples.
    """,
    treatment="WARN",
    confidence="H",
    source="PY-VAL common_completion_suffix_validator",
)

TOO_MANY_EXAMPLES = define(
    "F008",
    "too-many-examples",
    ["R5", "R64"],
    """
    A reinforcement file has more than 50,000 examples.

    Reinforcement fine-tuning takes at most 50,000 training examples (and 1,000 in the test
    file). Text supervised and DPO files have no documented count limit; only their size
    (F004, F005) is limited. Images have their own cap (V007).
    """,
    treatment="REJECT?",
    confidence="H",
    source="G-RFT",
    formats=("reinforcement",),
)

MODEL_MISMATCH = define(
    "F009",
    "model-method-mismatch",
    ["R6", "R60", "R64", "R72"],
    """
    The model given with --model cannot be trained with this file's method.

    Prompt/completion files train only babbage-002 and davinci-002 (R72). Reinforcement
    files train only o4-mini-2025-04-16, which trains nothing else (R64). DPO runs on the
    gpt-4.1 family and gpt-4o-2024-08-06 (R60). Without --model nothing is assumed, and
    this rule stays silent.
    """,
    treatment="REJECT",
    confidence="M",
    source="G-RFT, G-DPO, G-FT24, OBS-MISC",
)

MODEL_WITHOUT_VISION = define(
    "F010",
    "model-without-vision",
    ["R52"],
    """
    The file has images, but the model given with --model is not a vision model.

    Vision fine-tuning runs on gpt-4o-2024-08-06 (and gpt-4.1-2025-04-14 per Azure).
    What other base models do with images is not documented. Silent without --model.
    """,
    treatment="REJECT?",
    confidence="M",
    source="G-VIS, AZ-MODELS",
)


FORMAT_AMBIGUOUS = define(
    "F011",
    "format-ambiguous",
    ["R6", "R61", "R62"],
    """
    Under --format auto, the file's lines could be chat or reinforcement (RFT) data.

    Chat and RFT lines share `messages`, and an RFT line without extra keys is also a
    chat line. So auto-detection weighs the first 100 lines (up to 1 MB) together, and
    the model: a `developer` message, grader keys (top-level keys chat does not take)
    without a final assistant message, or a model that only takes reinforcement
    (o4-mini, weighing as much as the lines) point to RFT; a `system` or `function`
    message, or a conversation that ends with the assistant's answer point to chat. Public
    RFT files often hold only user messages and grader keys (spec §7.2): they are read as
    RFT, without this finding. When the evidence points both ways (neither side has more
    than 4 times the other's), or nowhere (user-only conversations without grader keys),
    ftlint says so once per file, at the line the format was detected on, and names the
    --format that settles it.
    """,
    treatment="WARN",
    confidence="M",
    source="OBS-FMT; spec §7.2 (microsoft-foundry/fine-tuning RFT demos)",
    formats=("chat", "reinforcement"),
    bad='{"messages": [{"role": "user", "content": "What is 6 x 7?"}]}',
    good='{"messages": [{"role": "user", "content": "What is 6 x 7?"}], "answer": "42"}',
)


# -- file-level checks: what each rule remembers across lines, and its end check -------


@file_rule("F001")
def _too_few_examples(state: None, emit: Emit, end: FileEnd) -> None:
    examples = end.examples
    target = end.target
    # The target's minimum (MIN_EXAMPLES for OpenAI); a target without one has none.
    minimum = target.limit("min_examples")
    if minimum is not None and examples < minimum and end.complete:
        emit(
            "F001",
            None,
            None,
            f"file has {examples} example{'s' if examples != 1 else ''}; {target.label}"
            f" needs at least {minimum}",
            hint="add examples: OpenAI suggests starting with 50 to 100"
            if target.name == "openai"
            else "add examples",
        )


def _gigabytes(size: int) -> str:
    return f"{size / 1000**3:.1f} GB"


def _megabytes(size: int) -> str:
    return f"{size / 1000**2:,.0f} MB"


@file_rule("F004", "F005")
def _upload_size(state: None, emit: Emit, end: FileEnd) -> None:
    """The upload limits, in the words of their constants."""
    size = end.size
    target = end.target
    if target.name != "openai":
        _provider_upload_size(size, emit, end)
    elif size > MULTIPART_LIMIT:
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


def _provider_upload_size(size: int, emit: Emit, end: FileEnd) -> None:
    """F004/F005 with a provider's limits: one upload, and a multipart upload if it has one."""
    target = end.target
    single, multipart = target.limit("upload_bytes"), target.limit("multipart_bytes")
    # Over the largest upload a provider takes is F005; over a single upload, where a
    # multipart one takes more, F004.
    largest = multipart if multipart is not None else single
    if largest is not None and size > largest:
        emit(
            "F005",
            None,
            None,
            f"file is {_size(size)}; {target.label} takes at most {_size(largest)}",
            hint="split or sample the data" if multipart else "split it into several files",
        )
    elif single is not None and multipart is not None and size > single:
        emit(
            "F004",
            None,
            None,
            f"file is {_size(size)}; {target.label} takes at most {_size(single)} in one upload",
            hint=f"upload it in parts (up to {_size(multipart)}), or split it",
        )


def _size(size: int) -> str:
    return _gigabytes(size) if size >= 1000**3 else _megabytes(size)


class Outputs:
    """F007: how many valid examples gave an output, and the output while they all agree."""

    __slots__ = ("count", "first", "same")

    def __init__(self) -> None:
        self.count = 0
        self.first: Any = None  # meaningful once count > 0
        self.same = True

    def add(self, value: Any, line: int) -> None:
        """Record the output (answer) of a valid example."""
        self.count += 1
        if self.count == 1:
            self.first = value
        elif self.same and value != self.first:
            self.same = False
            self.first = None  # no longer needed: free it

    def merge(self, other: Outputs, base: int) -> None:
        """Add the next byte range's outputs."""
        if not other.count:
            return
        if not self.count:
            self.first, self.same = other.first, other.same
        elif self.same and (not other.same or other.first != self.first):
            self.same = False
            self.first = None
        self.count += other.count


@file_rule("F007", state=Outputs)
def _identical_outputs(state: Outputs, emit: Emit, end: FileEnd) -> None:
    if state.count >= 2 and state.same:
        emit(
            "F007",
            None,
            None,
            f"all {state.count} valid examples have the same output",
            hint="a model trained on one answer learns to give it for any input",
        )


@file_rule("F008")
def _too_many_examples(state: None, emit: Emit, end: FileEnd) -> None:
    if end.format == "reinforcement" and end.examples > RFT_MAX_EXAMPLES:
        emit(
            "F008",
            None,
            None,
            f"file has {end.examples:,} examples; reinforcement fine-tuning takes at most"
            f" {RFT_MAX_EXAMPLES:,} (and {RFT_MAX_TEST_EXAMPLES:,} in the test file)",
        )


@file_rule("F009")
def _model_method(state: None, emit: Emit, end: FileEnd) -> None:
    name, fmt, target = end.model, end.format, end.target
    model = None if name is None else target.model(name)
    if model is None or fmt is None:
        return
    method = target.methods.get(fmt) or base_models.METHOD_OF_FORMAT[fmt]
    if method not in model.methods:
        takes = sorted(model.methods - {base_models.VISION})
        emit(
            "F009",
            None,
            None,
            f"{name} cannot be trained with {method} data (it takes: {', '.join(takes)})",
            hint=target.suggest(method),
        )


@file_rule("F010", state=ImageExamples)
def _model_vision(state: ImageExamples, emit: Emit, end: FileEnd) -> None:
    name, target = end.model, end.target
    if name is None or end.format is None or not state.count:
        return
    model = target.model(name)
    if model is not None and base_models.VISION not in model.methods:
        emit(
            "F010",
            None,
            None,
            f"{state.count:,} examples contain images, but {name} is not a"
            " vision fine-tuning model",
            hint=target.suggest(base_models.VISION),
        )


# -- what F007 records of each valid example ---------------------------------------------


def produced(output: Any) -> Any:
    """What the model is trained to produce in an output, comparable with ``==``.

    A legacy completion is its string. An assistant message is its content, unless it
    calls tools or a function: then the calls' names and arguments count too (their
    ``id`` does not, since every example has its own), because the content of a call is
    usually empty in every example alike.
    """
    if type(output) is str:
        return output
    calls = output.tool_calls
    function_call = output.function_call
    if not calls and not function_call:
        return output.content
    made = tuple((c.function.name, c.function.arguments) for c in calls) if calls else ()
    if function_call:
        made += ((function_call.name, function_call.arguments),)
    return (output.content, made)


@on_output("chat", "preference", "completion")
def _output(ctx: LineContext, output: Any) -> bool:
    """Record the example's output while every output so far is the same."""
    dataset = ctx.dataset
    dataset.output(produced(output), ctx.line)
    return dataset.same_outputs  # once two differ, F007 cannot fire: no need for more


# Names that are no file's: standard input, and the lines of ftlint.check_lines.
_NO_FILE = ("-", "<lines>")


@file_rule("F904")
def _extension(state: None, emit: Emit, end: FileEnd) -> None:
    name = end.name
    # Together tells its pre-tokenized Parquet files by their extension too (TG1).
    wanted = ".parquet" if end.format == "parquet" else ".jsonl"
    if name is None or name in _NO_FILE or name.lower().endswith(wanted):
        return
    suffix = name.rsplit("/", 1)[-1].partition(".")[2]
    named = f"a .{suffix} file" if suffix else "a file without an extension"
    emit(
        "F904",
        None,
        None,
        f"this is {named}; {end.target.label} takes {wanted} files",
        hint=f"rename it to {wanted}" + (" (decompress a .gz first)" if wanted == ".jsonl" else ""),
    )


# -- remedy (ftlint fix): F006, only when asked ------------------------------------------


@remedy(
    "F006",
    "dropped an exact copy of an earlier example",
    kind="dataset",
    opt_in=True,
    flag="--drop-duplicates",
)
def duplicate_key(body: bytes) -> int:
    """The key of an example for dropping copies: a 128-bit xxHash3 of the line without
    its ending. 128 bits, not F006's 64: a collision would drop a line, not misreport one."""
    return xxh3_128_intdigest(body)
