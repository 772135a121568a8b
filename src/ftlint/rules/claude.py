"""Anthropic Claude 3 Haiku on Amazon Bedrock (B100-B149): ``{system, messages}``.

Provider-only rules for the ``bedrock-claude`` target; BC1-BC8 of the provider reference
§5.2 give the sources. AWS's checker differs from the documentation in two ways, both
followed by ftlint as documented: it accepts extra keys (the Anthropic cookbook forbids
them, B101), and it checks a validation file with the training limits (B105).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..counting import Estimate, claude_count
from ..schema.claude import RESERVED
from ..schema.collect import Issue
from ..targets.bedrock import CLAUDE
from .context import Emit, FileEnd
from .explain_common import Explained, explains_format, plain, short_key, short_value, value_at
from .file_rules import file_rule
from .registry import define, on_example

if TYPE_CHECKING:
    from ..schema.claude import ClaudeExample
    from .context import LineContext

FORMAT = "claude-messages"
CHECKER = (
    "https://github.com/aws-samples/amazon-bedrock-samples/blob/e51a399/custom-models/"
    "bedrock-fine-tuning/claude-haiku/DataValidation/data_validation.py"
)
COOKBOOK = "https://platform.claude.com/cookbook/finetuning-finetuning-on-bedrock"
DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/preparing-text-data.html"
BLOG = (
    "https://aws.amazon.com/blogs/machine-learning/fine-tune-anthropics-claude-3-haiku-in-"
    "amazon-bedrock-to-boost-model-accuracy-and-quality/"
)
# The figures of the target's model table and limits (targets/bedrock.py), where their
# sources are.
_MODEL = CLAUDE.models[0]
TOKEN_LIMIT = _MODEL.max_tokens or 0
CHARS_PER_TOKEN = _MODEL.chars_per_token or 1
_ESTIMATE = Estimate(CHARS_PER_TOKEN)
MIN_EXAMPLES = CLAUDE.limits["min_examples"]
MAX_EXAMPLES = CLAUDE.limits["max_examples"]

_U = '{"role": "user", "content": "Capital of France?"}'
_A = '{"role": "assistant", "content": "Paris."}'
GOOD = '{"system": "Be brief.", "messages": [' + _U + ", " + _A + "]}"

INVALID = define(
    "B100",
    "invalid-claude-example",
    ["BC1"],
    f"""
    A Claude 3 Haiku line lacks `messages`, or a key holds the wrong type or role.

    Amazon Bedrock's Claude 3 Haiku fine-tuning takes `{{"system": str, "messages":
    [{{"role": "user" | "assistant", "content": str}}]}}`: plain string content, no parts,
    images or tools. Sources: {DOC} and Anthropic's cookbook {COOKBOOK}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BT-DOC; BC-CB; BC-VAL",
    formats=(FORMAT,),
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": [{"type": "text"}]}]}',
    good=GOOD,
    default=False,
)

EXTRA_KEY = define(
    "B101",
    "claude-extra-key",
    ["BC3"],
    f"""
    A Claude 3 Haiku line has a key besides `system` and `messages` (or a message besides
    `role` and `content`).

    Anthropic's cookbook: "No extraneous keys are allowed" ({COOKBOOK}). AWS's checker
    ({CHECKER}) ignores extra keys; ftlint follows the cookbook.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BC-CB",
    formats=(FORMAT,),
    bad=GOOD[:-1] + ', "id": 7}',
    good=GOOD,
    default=False,
)

ALTERNATION = define(
    "B102",
    "claude-alternation",
    ["BC2"],
    f"""
    Claude 3 Haiku messages do not alternate from user to assistant.

    At least two messages, the first `user`, the last `assistant`, the roles alternating
    ("Messages must start with user and end with assistant", "Messages must alternate
    between user and assistant"). Sources: {COOKBOOK} and {CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BC-CB; BC-VAL",
    formats=(FORMAT,),
    bad='{"messages": [' + _U + ", " + _U + ", " + _A + "]}",
    good=GOOD,
    default=False,
)

RESERVED_STRING = define(
    "B103",
    "claude-reserved-string",
    ["BC4"],
    f"""
    A Claude 3 Haiku text contains `\\nHuman:` or `\\nAssistant:`.

    AWS's checker rejects these strings (newline, word, colon) in `system` and in every
    content; the forms without the colon pass. Source: {CHECKER}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BC-VAL",
    formats=(FORMAT,),
    bad=GOOD.replace("Be brief.", "Be brief.\\nHuman: hi"),
    good=GOOD.replace("Be brief.", "Be brief.\\nHuman hi"),
    default=False,
)

TOO_LONG = define(
    "B104",
    "claude-token-estimate",
    ["BC6"],
    f"""
    A Claude 3 Haiku record is over 32,000 tokens, estimated as characters // 3.

    Bedrock publishes no Claude tokenizer; AWS's checker ({CHECKER}) estimates the tokens
    of a record as the length of `system` and all contents divided by 3, and rejects more
    than 32,000. The count is an estimate with AWS's own ratio.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BC-VAL",
    formats=(FORMAT,),
    bad=GOOD.replace("Be brief.", "x" * 96_003),
    good=GOOD.replace("Be brief.", "x" * 95_900),
    default=False,
)

EXAMPLE_COUNT = define(
    "B105",
    "claude-example-count",
    ["BC5"],
    f"""
    A Claude 3 Haiku training file has fewer than 32 or more than 10,000 records.

    AWS's README and blog ({BLOG}): training 32-10,000 records, validation 32-1,000,
    training plus validation at most 10,000. AWS's checker ({CHECKER}) applies the
    training limits to the validation file too, a bug (its README gives 1,000); ftlint
    holds a file given with `--validation` to the validation bounds instead (F901), and
    the two files together to 10,000 (F903). Reported once per file.
    """,
    treatment="REJECT",
    confidence="M",
    source="BC-VAL; BC-BLOG",
    formats=(FORMAT,),
    default=False,
)


# -- schema issues: B100, B101 ---------------------------------------------------------


@explains_format(FORMAT)
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a Claude 3 Haiku line."""
    kind, path, key, reason = issue
    if kind == "unknown":
        full = key or ""
        where = "message" if path else "example"
        return Explained(
            "B101",
            f"extra key `{short_key(full)}` on a Claude 3 Haiku {where}",
            "no keys besides system and messages (role and content in a message)",
            (*path, full),
            full,
        )
    if kind == "missing":
        return Explained("B100", f"missing required key `{key}`", None, path)
    value = value_at(obj, path)
    if kind == "tag":
        roles = "roles are user and assistant; a system prompt is the top-level `system`"
        return Explained("B100", f"role {short_value(value)} is not user or assistant", roles, path)
    content = path[-1:] == ("content",)
    hint = "Claude 3 Haiku takes string content only" if content else None
    return Explained("B100", plain(reason), hint, path)


# -- checks on valid examples ------------------------------------------------------------


@on_example(FORMAT)
def _claude(example: ClaudeExample, ctx: LineContext) -> None:
    messages = example.messages
    # Alternation is looked at only between a user first and an assistant last.
    alternate = len(messages) >= 2 and messages[0].role == "user"
    if not alternate or messages[-1].role != "assistant":
        alternate = False
        ctx.report("B102", "messages must start with user and end with assistant", ("messages",))
    system = example.system if isinstance(example.system, str) else ""
    if "\n" in system:
        _reserved(ctx, system, ("system",))
    previous = None
    for i, message in enumerate(messages):  # one loop for B102 and B103
        role = message.role
        if role == previous and alternate:
            alternate = False  # the first repeat only
            text = "messages must alternate between user and assistant"
            ctx.report("B102", text, ("messages", i, "role"))
        previous = role
        if "\n" in message.content:
            _reserved(ctx, message.content, ("messages", i, "content"))
    # Characters are at most the line's bytes: a short line is under the limit.
    if len(ctx.raw) // _ESTIMATE.ratio <= TOKEN_LIMIT:
        return
    estimate = claude_count(example, _ESTIMATE).tokens
    if estimate > TOKEN_LIMIT:
        ctx.report(
            "B104",
            f"about {estimate:,} tokens (characters // {CHARS_PER_TOKEN}); Claude 3 Haiku takes"
            f" {TOKEN_LIMIT:,}",
            hint=f"an estimate with AWS's ratio of {CHARS_PER_TOKEN} characters per token",
        )


def _reserved(ctx: LineContext, value: str, path: tuple[str | int, ...]) -> None:
    for word in RESERVED:
        if word in value:
            ctx.report(
                "B103", f"reserved string {word!r}", path, hint="drop the colon or the newline"
            )


# -- file-level checks ------------------------------------------------------------------


@file_rule("B105")
def _example_count(state: None, emit: Emit, end: FileEnd) -> None:
    training = end.format == FORMAT and end.complete and not end.validation  # F901's then
    if training and not MIN_EXAMPLES <= end.examples <= MAX_EXAMPLES:
        emit(
            "B105",
            None,
            None,
            f"the file has {end.examples:,} records; Claude 3 Haiku takes"
            f" {MIN_EXAMPLES} to {MAX_EXAMPLES:,}",
        )
