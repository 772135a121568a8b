"""Conversion rules (M001-M199): what ``ftlint convert`` cannot carry between formats.

``ftlint convert`` names a rule for every line it rejects and every lossy change it makes.
Where ``ftlint check --target T`` has a rule for the situation (B003 for Bedrock's
alternation, B011 for an image outside S3, Q005 for Gemini's consecutive turns...), the
converter names that rule. The rules here are for the rest, which no check can report
because no line of the target's format can hold the problem:

- M001-M099: the shapes users bring (ShareGPT, Alpaca, TRL preference), which no target
  checks;
- M100-M199: what one side of a mapping has and the other has no place for, following the
  conversion tables of the provider reference (§8.1 OpenAI and Bedrock, §8.2 OpenAI and
  Gemini, §8.3 OpenAI and Claude 3 Haiku, §8.4 preference pairs).

They are reported by the converter only (its log and summary), never by ``check``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .bedrock import NOVA_DOC
from .claude import COOKBOOK
from .gemini import FUNCTIONS, PREP
from .registry import CONVERSION, Rule, define

OPENAI_SFT = "https://platform.openai.com/docs/guides/supervised-fine-tuning"
SHAREGPT = "https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md"
ALPACA = "https://github.com/tatsu-lab/stanford_alpaca"
TRL = "https://huggingface.co/docs/trl/dataset_formats"
DROP = "`--drop-unsupported` drops it instead, and the log records the change."
MERGE = "`--merge-consecutive` joins them instead, and the log records the change."


def _conversion(code: str, name: str, refs: Iterable[str], doc: str, *, source: str) -> Rule:
    return define(
        code,
        name,
        refs,
        doc,
        treatment="REJECT",
        confidence="H",
        source=source,
        formats=(CONVERSION,),
        default=False,
    )


# -- the shapes users bring ---------------------------------------------------------------

SHAREGPT_LINE = _conversion(
    "M001",
    "invalid-sharegpt-line",
    [],
    f"""
    A ShareGPT line is not `{{"conversations": [{{"from", "value"}}], "system"?}}` with
    string values and a known `from`.

    `from` is `human` or `user`, `gpt`, `assistant`, `model`, `chatgpt` or `bard`, or
    `system`, as LLaMA-Factory's description of the format has it ({SHAREGPT}). A key
    the format does not define is rejected; {DROP}
    """,
    source="ShareGPT (LLaMA-Factory data/README.md)",
)

ALPACA_LINE = _conversion(
    "M002",
    "invalid-alpaca-line",
    [],
    f"""
    An Alpaca line is not `{{"instruction", "input"?, "output", "system"?, "history"?}}`
    with string values, and `history` a list of `[user, assistant]` pairs.

    The fields of Stanford Alpaca ({ALPACA}), with the `system` and `history` that
    LLaMA-Factory adds ({SHAREGPT}). A key the format does not define is rejected; {DROP}
    """,
    source="Alpaca (tatsu-lab/stanford_alpaca; LLaMA-Factory data/README.md)",
)

ALPACA_INPUT = _conversion(
    "M003",
    "alpaca-input",
    [],
    f"""
    An Alpaca line has both an `instruction` and an `input`, which a chat format holds as
    one user message.

    Alpaca does not say how the two make one prompt: Stanford Alpaca's template puts them
    under `### Instruction:` and `### Input:` headers ({ALPACA}), other tools join them
    with a newline or make the instruction a system message. `--merge-consecutive` joins
    them with a blank line (instruction first), and the log records the change: where
    one ends and the other starts cannot be told from the result. A line whose `input`
    is empty, or has no `input`, converts without it.
    """,
    source="Alpaca (tatsu-lab/stanford_alpaca)",
)

TRL_LINE = _conversion(
    "M004",
    "invalid-trl-line",
    [],
    f"""
    A TRL preference line is not `{{"prompt"?, "chosen", "rejected"}}`: the prompt a
    string or messages, each reply a string or one assistant message, or, without a
    prompt, `chosen` and `rejected` whole conversations.

    The preference formats of TRL ({TRL}). A key the format does not define is
    rejected; {DROP}
    """,
    source="TRL dataset formats",
)

TRL_PROMPT = _conversion(
    "M005",
    "trl-implicit-prompt",
    ["§8.4"],
    f"""
    A TRL preference line without `prompt` has `chosen` and `rejected` conversations that
    differ before their last turn, or that hold only the replies.

    The implicit-prompt form ({TRL}) is split into the shared prompt and the two last
    assistant turns; when the two conversations differ earlier, or share nothing, there
    is no one prompt to keep (reference §8.4, for Fireworks' `{{chosen, rejected}}`).
    """,
    source="TRL dataset formats; §8.4",
)

UNCONVERTIBLE = _conversion(
    "M010",
    "unconvertible-line",
    [],
    """
    A line is nested too deeply to convert, or its conversion cannot be written as JSON.

    The converter reads each line into one conversation model and writes it out again;
    a line past the interpreter's recursion limit, or holding a string that JSON cannot
    encode, has no output line.
    """,
    source="ftlint convert",
)

# -- OpenAI -> native formats -------------------------------------------------------------

UNTRAINED_TURN = _conversion(
    "M101",
    "untrained-turn",
    ["§8.1", "§8.2", "R20"],
    f"""
    An assistant message has `weight: 0`, and the target trains every assistant turn.

    Amazon Bedrock's conversation schema ({NOVA_DOC}) and Gemini's `contents` ({PREP})
    have no per-message loss control: the turn would be trained. Cut the example before
    that turn, or remove the turn. (Claude 3 Haiku's `{{role, content}}` forbids the key
    itself: B101.)
    """,
    source="§8.1; §8.2",
)

OPENAI_ONLY_FIELD = _conversion(
    "M102",
    "openai-only-field",
    ["§8.1", "§8.2", "§8.3"],
    f"""
    A line has a field only OpenAI's format has: a message `name`, an image `detail`
    other than `auto`, `parallel_tool_calls: false`, a function's `strict: true`, or an
    assistant `refusal`.

    Amazon Bedrock ({NOVA_DOC}), Gemini ({PREP}) and Claude 3 Haiku ({COOKBOOK}) have no
    place for them, and the conversion model keeps only what two formats share. {DROP}
    Values that say the same as their absence (`detail: "auto"`, `strict: false`,
    `refusal: null`) are dropped without a record.
    """,
    source="§8.1; §8.2; §8.3",
)

OPENAI_ONLY_MESSAGE = _conversion(
    "M103",
    "openai-only-message",
    ["§8.1", "R33", "R22"],
    f"""
    A line uses the deprecated `functions`, `function_call` or `function` role, or an
    assistant `refusal` content part.

    The native formats know tools only ({NOVA_DOC}, {FUNCTIONS}); the reference's
    mapping converts deprecated functions to `tools` first (§8.1). A refusal part has no
    place in any of them ({OPENAI_SFT}).
    """,
    source="§8.1",
)

ARGUMENTS_NOT_OBJECT = _conversion(
    "M104",
    "arguments-not-object",
    ["§8.1", "§8.2", "R24"],
    f"""
    A tool call's `arguments` string is valid JSON but not an object.

    Amazon Bedrock's `toolUse.input` ({NOVA_DOC}) and Gemini's `functionCall.args`
    ({FUNCTIONS}) are objects. (Arguments that are not JSON at all are T011.)
    """,
    source="§8.1; §8.2",
)

TEXTS_JOINED = _conversion(
    "M105",
    "texts-joined",
    ["§8.1"],
    f"""
    Several texts must become one: the text parts of an OpenAI system message, or the
    items of an Amazon Bedrock `toolResult`.

    The conversion model holds one text per system message and per tool result, as
    OpenAI's `tool` message does ({OPENAI_SFT}, {NOVA_DOC}). {MERGE} (Claude 3 Haiku's
    string content is B100; Llama's one system block B018.)
    """,
    source="§8.1",
)

TEXT_AFTER_TOOL_CALL = _conversion(
    "M106",
    "text-after-tool-call",
    ["§8.1", "§8.2"],
    f"""
    An assistant turn has text after its tool calls.

    OpenAI's assistant message holds its `content` and then its `tool_calls`
    ({OPENAI_SFT}); Amazon Bedrock's blocks ({NOVA_DOC}) and Gemini's parts ({PREP}) may
    come in any order, which OpenAI cannot keep. (Text before the tool results of a user
    turn is T003: the call is not answered before the next turn.)
    """,
    source="§8.1; §8.2",
)

GEMINI_CALL_IDS = _conversion(
    "M107",
    "gemini-call-ids",
    ["§8.2", "GV12"],
    f"""
    OpenAI tool-call ids that Gemini cannot keep: ids other than `call_1`, `call_2`...,
    or results that Gemini's pairing would give to another call.

    Gemini's `functionCall` has no id; a `functionResponse` pairs with a call by name and
    order ({FUNCTIONS}). Reading Gemini numbers the calls `call_1`, `call_2`... in order,
    so other ids are lost on the way there: {DROP} Results that answer two calls of one
    function out of order would pair differently: the line is rejected.
    """,
    source="§8.2; GV-FC",
)

# -- native formats -> OpenAI -------------------------------------------------------------

NATIVE_ONLY_FIELD = _conversion(
    "M110",
    "native-only-field",
    ["§8.1", "§8.2", "BN10"],
    f"""
    A native line has a field that OpenAI's format has no place for and that can be left
    out: a key the conversion does not know, Nova's `reasoningContent`, or a Gemini
    `mimeType` that the file's URL does not imply.

    OpenAI's supervised format has no reasoning field and states an image's type only by
    its URL ({OPENAI_SFT}). {DROP}
    """,
    source="§8.1; §8.2",
)

NATIVE_ONLY_CONTENT = _conversion(
    "M111",
    "native-only-content",
    ["§8.1", "§8.2", "BN8"],
    f"""
    A native line holds content OpenAI's format cannot express: Amazon Bedrock media in
    S3 (images, videos, documents) or a block of several kinds, a Gemini thought part, a
    file that is not an image, a tool that is not a function, or both
    `systemInstruction` and `system_instruction`.

    OpenAI fine-tuning takes images by https or data URL, and function tools only
    ({OPENAI_SFT}); Bedrock reads media from the dataset's S3 bucket ({NOVA_DOC}), Gemini
    from Cloud Storage or inline data ({PREP}).
    """,
    source="§8.1; §8.2",
)

NOT_A_PAIR = _conversion(
    "M112",
    "preference-not-a-pair",
    ["§8.1", "BN13"],
    f"""
    A Nova DPO line has more than one preferred and one non-preferred candidate.

    Nova takes two or more candidates ({NOVA_DOC}); OpenAI's preference format holds
    exactly one `preferred_output` and one `non_preferred_output`.
    """,
    source="§8.1; BN-DPO",
)

IMAGE_TYPE = _conversion(
    "M113",
    "image-media-type",
    ["§8.2", "GV11"],
    f"""
    An image's media type cannot be carried over: a data URL that is not base64 with a
    type, for Gemini's `inlineData`, or a type that the image's URL does not state, for
    OpenAI.

    Gemini states an image's type in `mimeType` ({PREP}); OpenAI only by the URL itself
    ({OPENAI_SFT}).
    """,
    source="§8.2",
)
