"""Reinforcement fine-tuning rules (G, for graded data)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.collect import Issue
from .explain_common import Explained, explains_format, message_depth, value_at
from .registry import define, on_last_not_user

if TYPE_CHECKING:
    from ..schema.collect import Path
    from .context import LineContext

_GOOD = (
    '{"messages": [{"role": "developer", "content": "Answer with a number."}, '
    '{"role": "user", "content": "2+2?"}], "reference_answer": "4"}'
)

INVALID_ROLE = define(
    "G001",
    "invalid-rft-role",
    ["R61"],
    """
    A reinforcement example has a `system` or `function` message.

    RFT messages are `developer`, `user`, `assistant` and `tool` only ("system messages
    aren't supported"). Put instructions in a `developer` message instead. Extra top-level
    keys are allowed in RFT data: they are passed to the graders as `{{ item.<key> }}`
    (R62).
    """,
    treatment="REJECT",
    confidence="M",
    source="SPEC-2507 role union; AZ-RFT",
    formats=("reinforcement",),
    bad=_GOOD.replace('"developer"', '"system"'),
    good=_GOOD,
)

LAST_NOT_USER = define(
    "G002",
    "last-message-not-user",
    ["R63"],
    """
    A reinforcement example does not end with a user message.

    The model samples the reply to the last message, and the graders judge that reply
    against the example's reference fields; an example that already ends with an
    assistant answer gives it nothing to answer. Low confidence: OpenAI says nothing
    explicit.
    """,
    treatment="REJECT?",
    confidence="L",
    source="MS-SKILL; CB-RFT and G-RFT examples",
    formats=("reinforcement",),
    bad=_GOOD.replace(
        '"content": "2+2?"}]', '"content": "2+2?"}, {"role": "assistant", "content": "4"}]'
    ),
    good=_GOOD,
)


# -- schema issues: G001 -----------------------------------------------------------------


@explains_format("reinforcement")
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained | None:
    """A role that supervised data takes but reinforcement data does not."""
    kind, path, _key, _text = issue
    if kind != "tag" or path[-1:] != ("role",):
        return None
    if message_depth("reinforcement", path) != len(path) - 1:
        return None
    value = value_at(obj, path)
    if value == "system":
        hint = "put instructions in a `developer` message"
    elif value == "function":
        hint = "use `tool` messages for tool results"
    else:
        return None
    return Explained("G001", f"role `{value}` is not allowed in reinforcement data", hint, path)


# -- checks on valid examples ------------------------------------------------------------


@on_last_not_user("reinforcement")
def _last_message(ctx: LineContext, message: Any, path: Path) -> None:
    ctx.report(
        "G002",
        f"example ends with a {message.__struct_config__.tag} message, not a user message",
        path,
        hint="the model answers the last message; put reference answers in extra keys",
    )
