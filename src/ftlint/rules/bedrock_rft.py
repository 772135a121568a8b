"""Amazon Nova 2 Lite reinforcement fine-tuning data (B040-B043; reference BN14).

Provider-only rules for the ``bedrock-nova`` target. Nova's RFT data is OpenAI's chat
format, "one prompt per line": messages of role system, user or assistant with string
content, and a ``reference_answer`` for the grader; any other key is passed to the grader.
Sources: the Bedrock RFT guide
https://docs.aws.amazon.com/bedrock/latest/userguide/rft-prepare-data.html and AWS's
checker (``NOVA_CHECKER``, aws-samples/amazon-nova-samples at 1e88f24).

Not checked: the checker's *required* non-empty ``tools`` list (D-BN3, confidence L: its
own README, the RFT guide and AWS's sample data leave ``tools`` out); the reserved words
the checker also looks for in RFT contents (B005's list, for the conversation schema);
the 100 to 20,000 records are B030's (:mod:`.bedrock_files`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.collect import Issue
from .bedrock import NOVA_CHECKER, RFT
from .explain_common import Explained, explains_format, plain, short_key, short_value, value_at
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

RFT_DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/rft-prepare-data.html"

_S = '{"role": "system", "content": "Answer with a number."}'
_U = '{"role": "user", "content": "What is 6 times 7?"}'
GOOD = '{"messages": [' + _S + ", " + _U + '], "reference_answer": "42"}'

INVALID = define(
    "B040",
    "nova-rft-invalid",
    ["BN14"],
    f"""
    A Nova RFT line lacks `messages`, or a key holds the wrong type or role.

    Amazon Nova 2 Lite's RFT data is OpenAI's chat format: `messages`, a list of
    `{{role, content}}` with role `system`, `user` or `assistant` and string content;
    `reference_answer` a string or an object; `id` a string. Other top-level keys are
    passed to the grader. Sources: {RFT_DOC} and AWS's checker {NOVA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-RFT; BN-VAL",
    formats=(RFT,),
    default=False,
    bad='{"messages": [{"role": "tool", "content": "42"}], "reference_answer": "42"}',
    good=GOOD,
)

MESSAGES = define(
    "B041",
    "nova-rft-messages",
    ["BN14"],
    f"""
    A Nova RFT prompt's messages are empty, out of order or blank.

    AWS's checker ({NOVA_CHECKER}): `messages` is not empty ("Invalid messages, cannot be
    empty"); a system message comes first if there is one ("system message must be first
    if present"); at least one message is the user's ("must have at least one user
    message"); a content, if given, is not blank ("if provided cannot be empty"), as is
    an `id`. Source also: {RFT_DOC}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-RFT; BN-VAL",
    formats=(RFT,),
    default=False,
    bad='{"messages": [' + _U + ", " + _S + '], "reference_answer": "42"}',
    good=GOOD,
)

REFERENCE_ANSWER = define(
    "B042",
    "nova-rft-empty-reference-answer",
    ["BN14"],
    f"""
    A Nova RFT line's `reference_answer` is blank or an empty object.

    The grader compares the model's answer with it: AWS's checker rejects a blank string
    ("if provided as string cannot be empty") and an empty object ("if provided as dict
    cannot be empty"). Sources: {RFT_DOC} and {NOVA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-RFT; BN-VAL",
    formats=(RFT,),
    default=False,
    bad='{"messages": [' + _U + '], "reference_answer": " "}',
    good=GOOD,
)

NO_REFERENCE_ANSWER = define(
    "B043",
    "nova-rft-no-reference-answer",
    ["BN14"],
    f"""
    A Nova RFT line has no `reference_answer`.

    The Bedrock RFT guide's data carries a `reference_answer` on every line for the grader
    ({RFT_DOC}); AWS's checker leaves it optional ({NOVA_CHECKER}), and a grader may read
    other keys instead, so this is a warning.
    """,
    treatment="WARN",
    confidence="M",
    source="BN-RFT; BN-VAL",
    formats=(RFT,),
    default=False,
    bad='{"messages": [' + _U + "]}",
    good=GOOD,
)


@on_example(RFT)
def _rft(example: Any, ctx: LineContext) -> None:
    messages = example.messages
    if not messages:
        ctx.report("B041", "`messages` is empty; an RFT prompt needs a user message", ("messages",))
        return
    for i, message in enumerate(messages):
        if message.role == "system" and i:
            ctx.report(
                "B041",
                "a system message must come first",
                ("messages", i, "role"),
                hint="put the system prompt at the start of `messages`",
            )
        content = message.content
        if isinstance(content, str) and not content.strip():
            ctx.report("B041", f"{message.role} content is blank", ("messages", i, "content"))
    if not any(m.role == "user" for m in messages):
        ctx.report("B041", "no user message; an RFT prompt needs one", ("messages",))
    if isinstance(example.id, str) and not example.id.strip():
        ctx.report("B041", "`id` is blank", ("id",))
    _reference(example.reference_answer, ctx)


def _reference(answer: Any, ctx: LineContext) -> None:
    if isinstance(answer, str):
        if not answer.strip():
            ctx.report("B042", "`reference_answer` is blank", ("reference_answer",))
    elif isinstance(answer, dict):
        if not answer:
            ctx.report("B042", "`reference_answer` is an empty object", ("reference_answer",))
    else:
        ctx.report(
            "B043",
            "no `reference_answer`; the RFT guide gives one on every line for the grader",
            (),
            hint='add "reference_answer": the answer the grader compares with',
        )


@explains_format(RFT)
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a Nova RFT line (unknown keys are the grader's, never one)."""
    kind, path, key, reason = issue
    if kind == "missing":
        where = "example" if not path else short_key(".".join(map(str, path)))
        return Explained("B040", f"{where} has no `{key}` key", None, path)
    value = value_at(obj, path)
    if path[-1:] == ("role",) or kind == "tag":
        return Explained(
            "B040",
            f"role {short_value(value)} is not system, user or assistant",
            "Nova RFT prompts take system, user and assistant messages",
            path,
        )
    hint = None
    if path[-1:] == ("content",):
        hint = "content is a string in Nova RFT data"
    elif path[-1:] == ("reference_answer",):
        hint = "reference_answer is a string or an object"
    return Explained("B040", plain(reason), hint, path)
