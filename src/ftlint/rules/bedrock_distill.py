"""Amazon Bedrock distillation prompts, Nova teacher to student (B060-B062; reference BN17).

Provider-only rules for the ``bedrock-nova`` target. A distillation job reads prompts in
the conversation schema, with stricter rules than supervised data: ``schemaVersion``
exactly ``bedrock-conversation-2024`` (the guide misspells it "bedrock-conversion-2024"),
no extra key anywhere, one ``{text}`` system block, one or two messages that alternate
from ``user``, each with one ``{text}`` block. At least 100 prompts is B030's
(:mod:`.bedrock_files`). Not checked: the 1 GB of all the job's files together.

Sources: https://docs.aws.amazon.com/bedrock/latest/userguide/distillation-data-prep-option-1.html
and AWS's checker, aws-samples/amazon-bedrock-samples
``custom-models/model_distillation/dataset-validation/schema.py`` and ``constants.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.bedrock import SCHEMA_VERSION
from ..schema.collect import Issue
from .bedrock import DISTILLATION
from .explain_common import Explained, explains_format, plain, short_key, short_value, value_at
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/distillation-data-prep-option-1.html"
CHECKER = (
    "https://github.com/aws-samples/amazon-bedrock-samples/tree/main/custom-models/"
    "model_distillation/dataset-validation"
)
_HEAD = '{"schemaVersion": "bedrock-conversation-2024", '
_SYSTEM = '"system": [{"text": "Answer briefly."}], '
_U = '{"role": "user", "content": [{"text": "Capital of France?"}]}'
GOOD = _HEAD + _SYSTEM + '"messages": [' + _U + "]}"

INVALID = define(
    "B060",
    "distillation-invalid",
    ["BN17"],
    f"""
    A distillation prompt has a key the schema does not take, lacks `messages`, or a key
    holds the wrong type or role.

    A prompt is `{{schemaVersion, system, messages}}`: `system` a list of `{{text}}`,
    each message `{{role, content}}` with role `user` or `assistant` and a list of
    `{{text}}` blocks. The guide allows no extra key anywhere. Sources: {DOC} and
    AWS's checker {CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DIST",
    formats=(DISTILLATION,),
    default=False,
    bad=GOOD[:-1] + ', "label": "geo"}',
    good=GOOD,
)

VERSION = define(
    "B061",
    "distillation-schema-version",
    ["BN17"],
    f"""
    A distillation prompt's `schemaVersion` is missing or not `bedrock-conversation-2024`.

    Supervised Nova data takes any string (BN2); a distillation job takes exactly
    `bedrock-conversation-2024` (its guide misspells it "bedrock-conversion-2024"; AWS's
    checker has the right one). Sources: {DOC} and {CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DIST",
    formats=(DISTILLATION,),
    default=False,
    bad=GOOD.replace("bedrock-conversation-2024", "bedrock-conversion-2024"),
    good=GOOD,
)

SHAPE = define(
    "B062",
    "distillation-prompt-shape",
    ["BN17"],
    f"""
    A distillation prompt's system prompt, turns or blocks are not what the job takes.

    `system`, if given, is exactly one `{{text}}` block; `messages` holds one or two
    messages that alternate from `user` (a prompt, and optionally its answer), each with
    exactly one `{{text}}` block. Sources: {DOC} (H) and AWS's checker {CHECKER} (M, the
    block counts).
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DIST",
    formats=(DISTILLATION,),
    default=False,
    bad=_HEAD + '"messages": [' + _U + ", " + _U + "]}",
    good=GOOD,
)

_ROLES = ("user", "assistant")


@on_example(DISTILLATION)
def _prompt(example: Any, ctx: LineContext) -> None:
    if example.schemaVersion != SCHEMA_VERSION:
        ctx.report(
            "B061",
            f"schemaVersion {short_value(example.schemaVersion)} is not {SCHEMA_VERSION!r}",
            ("schemaVersion",),
            hint=f'a distillation prompt needs "schemaVersion": "{SCHEMA_VERSION}"',
        )
    system = example.system
    if isinstance(system, list) and len(system) != 1:
        ctx.report("B062", f"`system` has {len(system)} blocks; it takes one {{text}}", ("system",))
    messages = example.messages
    if not 1 <= len(messages) <= 2:
        ctx.report(
            "B062",
            f"{len(messages)} messages; a prompt has one or two (user, then assistant)",
            ("messages",),
        )
    for i, message in enumerate(messages[:2]):
        if message.role != _ROLES[i]:
            ctx.report(
                "B062", f"message {i} is {message.role}; expected {_ROLES[i]}", ("messages", i)
            )
        if len(message.content) != 1:
            ctx.report(
                "B062",
                f"{len(message.content)} content blocks; a prompt's message has one {{text}}",
                ("messages", i, "content"),
            )


@explains_format(DISTILLATION)
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a distillation prompt."""
    kind, path, key, reason = issue
    if kind == "unknown":
        full = key or ""
        return Explained(
            "B060",
            f"extra key `{short_key(full)}`; a distillation prompt takes none",
            "keys: schemaVersion, system, messages (role, content); blocks: {text}",
            (*path, full),
            full,
        )
    if kind == "missing":
        code = "B061" if not path and key == "schemaVersion" else "B060"
        return Explained(code, f"missing required key `{key}`", None, path)
    if path[-1:] == ("role",) or kind == "tag":
        value = short_value(value_at(obj, path))
        return Explained("B060", f"role {value} is not user or assistant", None, path)
    return Explained("B060", plain(reason), None, path)
