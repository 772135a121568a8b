"""Azure OpenAI's own rules (codes x2xx; see :mod:`ftlint.targets`), in force with
``--target azure`` only.

Azure runs OpenAI's formats and rules; its differences in limits (64 images per example)
and severities (G002 is an error) are facts of the target, read by the OpenAI rules. Its
looser DPO outputs are a schema difference (``schema.providers.AzurePreferenceExample``):
D201 and D202 say what Azure still asks of them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import msgspec

from .registry import MESSAGE_FORMATS, define, on_example, on_repeated_role

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import LineContext

_DPO_DOC = (
    "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/"
    "fine-tuning-direct-preference-optimization"
)
_RFT_DOC = "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/reinforcement-fine-tuning"
_SKILL = (
    "https://github.com/microsoft/GitHub-Copilot-for-Azure/tree/main/plugin/skills/"
    "microsoft-foundry/finetuning"
)
_COOKBOOK = (
    "https://github.com/microsoft-foundry/fine-tuning/blob/main/cookbooks/shared/"
    "dataset_validation.py"
)
_IN = '"input": {"messages": [{"role": "user", "content": "Weather in Oslo?"}]}'
_NO = '"non_preferred_output": [{"role": "assistant", "content": "No idea."}]'

_U = '{"role": "user", "content": "Weather in Oslo?"}'
_CALL = (
    '{"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function":'
    ' {"name": "get_weather", "arguments": "{}"}}]}'
)
_ANSWER = '{"role": "tool", "tool_call_id": "call_1", "content": "12 C"}'
_A = '{"role": "assistant", "content": "It is 12 C."}'

CONSECUTIVE_ASSISTANT = define(
    "O201",
    "consecutive-assistant-messages",
    ["AZ7"],
    """
    Two assistant messages in a row (Azure OpenAI).

    Azure failed a supervised job whose examples had an assistant `tool_calls` message
    followed directly by an assistant text message, with "contains invalid schema (20)"
    and no line number; Microsoft's own trace converter merges such messages "so Azure FT
    preprocessing accepts it". Put the tool's answer between the two, or merge them. This
    replaces the warning O001 gives for assistant messages under other targets.

    Provider: Azure OpenAI / Microsoft Foundry. Sources:
    https://github.com/microsoft-foundry/fine-tuning/issues/23 (the failed job) and
    https://github.com/microsoft-foundry/fine-tuning/pull/38 (the converter). Confidence
    M: one of Microsoft's demo files has such pairs, and was maybe never submitted.
    """,
    treatment="REJECT",
    confidence="M",
    source="AZ-ISS23; AZ-PR38",
    formats=MESSAGE_FORMATS,
    default=False,
    bad='{"messages": [' + _U + ", " + _CALL + ", " + _A + "]}",
    good='{"messages": [' + _U + ", " + _CALL + ", " + _ANSWER + ", " + _A + "]}",
)


@on_repeated_role(*MESSAGE_FORMATS)
def _consecutive_assistant(ctx: LineContext, role: str, path: Path) -> None:
    if role == "assistant":
        ctx.report(
            "O201",
            "two assistant messages in a row; Azure OpenAI rejects the file",
            path,
            hint="put the tool's answer between them, or merge them into one message",
        )


OUTPUT_WITHOUT_ASSISTANT = define(
    "D201",
    "output-without-assistant",
    ["AZ11"],
    f"""
    A DPO output holds no assistant message (Azure OpenAI).

    Azure takes outputs of one or more messages, of roles assistant and tool, where
    OpenAI takes exactly one assistant message; but each `preferred_output` and
    `non_preferred_output` "must contain at least one assistant message".

    Provider: Azure OpenAI / Microsoft Foundry. Source: {_DPO_DOC}. Confidence M: the
    docs and Microsoft's agent skill ("exactly two completions compared") differ.
    """,
    treatment="REJECT",
    confidence="M",
    source="AZ-DPO; AZ-SKILL",
    formats=("preference",),
    default=False,
    bad="{"
    + _IN
    + ', "preferred_output": [{"role": "tool", "tool_call_id": "call_1", "content": "12 C"}], '
    + _NO
    + "}",
    good="{" + _IN + ', "preferred_output": [' + _A + "], " + _NO + "}",
)

SEVERAL_OUTPUT_MESSAGES = define(
    "D202",
    "several-output-messages",
    ["AZ11"],
    f"""
    A DPO output holds more than one message (Azure OpenAI).

    Azure's docs let an output hold several messages (assistant and tool), but OpenAI's
    schema takes one, and Microsoft's own agent skill compares "exactly two completions
    per example": such a file may not carry over to OpenAI, and how Azure trains on the
    extra messages is not documented (reference D-AZ3). A warning.

    Provider: Azure OpenAI / Microsoft Foundry. Sources: {_DPO_DOC} and {_SKILL}.
    """,
    treatment="WARN",
    confidence="M",
    source="AZ-DPO; AZ-SKILL",
    formats=("preference",),
    default=False,
    bad="{"
    + _IN
    + ', "preferred_output": ['
    + _CALL
    + ", "
    + _ANSWER
    + ", "
    + _A
    + "], "
    + _NO
    + "}",
    good="{" + _IN + ', "preferred_output": [' + _A + "], " + _NO + "}",
)

RFT_WITHOUT_GRADER_FIELDS = define(
    "G201",
    "no-grader-fields",
    ["AZ12"],
    f"""
    A reinforcement example has no field besides `messages` and `tools` (Azure OpenAI).

    Azure passes a line's other top-level fields to its graders, which read the
    reference answer from them; Microsoft's checker for RFT data fails a line without
    one. (OpenAI's graders may read the messages only, so OpenAI's rules do not ask.)

    Provider: Azure OpenAI / Microsoft Foundry. Sources: {_RFT_DOC} and {_SKILL}
    (`scripts/validate/validate_rft.py`). Confidence M: only Microsoft's checker says it.
    """,
    treatment="REJECT?",
    confidence="M",
    source="AZ-RFT; AZ-SKILL",
    formats=("reinforcement",),
    default=False,
    bad='{"messages": [{"role": "developer", "content": "Answer with a number."},'
    ' {"role": "user", "content": "What is 2+2?"}]}',
    good='{"messages": [{"role": "developer", "content": "Answer with a number."},'
    ' {"role": "user", "content": "What is 2+2?"}], "answer": "4"}',
)

POSSIBLE_SECRET = define(
    "C201",
    "possible-secret",
    ["AZ15"],
    f"""
    A line holds what looks like a credential: `api_key=...`, `client_secret: ...`, a
    bearer token, or an `sk-`/`pk-` key (Azure OpenAI).

    Microsoft's dataset checker for Foundry fails such a line ("A possible credential
    or secret was detected"): training data ends up in the model's weights. The service
    itself does not check; remove or mask the secret.

    Provider: Azure OpenAI / Microsoft Foundry. Source: {_COOKBOOK}.
    """,
    treatment="WARN",
    confidence="H",
    source="AZ-CB",
    formats=MESSAGE_FORMATS,
    default=False,
    bad='{"messages": [{"role": "user", "content": "My api_key=abcdefghijklmnop, is it safe?"},'
    ' {"role": "assistant", "content": "Revoke it now."}]}',
    good='{"messages": [{"role": "user", "content": "Where do I put my API key?"},'
    ' {"role": "assistant", "content": "In an environment variable."}]}',
)


@on_example("preference")
def _outputs(example: Any, ctx: LineContext) -> None:
    for key in ("preferred_output", "non_preferred_output"):
        output = getattr(example, key)
        if all(m.__struct_config__.tag != "assistant" for m in output):
            ctx.report(
                "D201",
                f"`{key}` holds no assistant message; Azure OpenAI requires one",
                (key,),
                hint="the output is the assistant's answer: include it",
            )
        elif len(output) > 1:
            ctx.report(
                "D202",
                f"`{key}` holds {len(output)} messages; OpenAI takes one, and Azure's own"
                " tools compare one completion with another",
                (key,),
                hint="keep the final assistant answer, unless the tool turns are meant",
            )


class _Reserved(msgspec.Struct, forbid_unknown_fields=True):
    """The keys of an RFT line that are not for the graders."""

    messages: msgspec.Raw
    tools: msgspec.Raw = msgspec.Raw(b"null")


_ONLY_RESERVED = msgspec.json.Decoder(_Reserved)


@on_example("reinforcement")
def _grader_fields(example: Any, ctx: LineContext) -> None:
    try:
        _ONLY_RESERVED.decode(ctx.raw)
    except msgspec.ValidationError:
        return  # another key: a field for the graders
    ctx.report(
        "G201",
        "the example has no field for the graders (a reference answer, say)",
        (),
        hint="add the fields your grader reads, such as a reference answer",
    )


# Microsoft's checker's patterns (dataset_validation.py), over the line's JSON.
_SECRETS = re.compile(
    rb"(?i:\b(?:api[-_ ]?key|client[-_ ]?secret)\b\s*[:=]\s*[^\s\\\"]+)"
    rb"|(?i:\bbearer\s+[A-Za-z0-9._~+/\-=]{12,})"
    rb"|\b(?:sk|pk)-[A-Za-z0-9_-]{16,}\b"
)

# The words of the pre-check ("key" and "k-", "secret", "bearer"), each as a pattern that
# starts with a literal: `re` scans for it about twice as fast as `in` on bytes does.
_KEY, _CRET, _BEARER = map(re.compile, (rb"k(?:ey|-)", rb"cret", rb"bearer"))


@on_example(*MESSAGE_FORMATS)
def _secrets(example: Any, ctx: LineContext) -> None:
    raw = ctx.raw
    # The case-insensitive patterns cost ~40 ns a byte. Each match holds one of these
    # words in the lowered line (ASCII only, as the patterns' case-insensitivity on bytes).
    low = raw.lower()
    if _KEY.search(low) is None and _CRET.search(low) is None and _BEARER.search(low) is None:
        return
    found = _SECRETS.search(raw)
    if found is not None:
        shown = found.group().decode("utf-8", "replace")[:12]
        ctx.report(
            "C201",
            f"the example holds what looks like a credential ({shown}...)",
            (),
            hint="remove or mask it: training data can be repeated by the model",
        )


STARTS_WITH_ASSISTANT = define(
    "O202",
    "starts-with-assistant",
    ["AZ15"],
    f"""
    A conversation starts with an assistant message (Azure OpenAI).

    Microsoft's dataset checker for Foundry fails it ("A conversation cannot start with
    an assistant message"). OpenAI's rules do not ask for a user message first, and the
    service was not seen rejecting it, so this is a warning.

    Provider: Azure OpenAI / Microsoft Foundry. Source: {_COOKBOOK}.
    """,
    treatment="WARN",
    confidence="H",
    source="AZ-CB",
    formats=("chat",),
    default=False,
    bad='{"messages": [' + _A + ", " + _U + ", " + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + "]}",
)


@on_example("chat")
def _first(example: Any, ctx: LineContext) -> None:
    if example.messages[0].__struct_config__.tag == "assistant":
        ctx.report(
            "O202",
            "the conversation starts with an assistant message; Microsoft's checker fails it",
            ("messages", 0),
            hint="start with the user's turn (or a system message)",
        )
