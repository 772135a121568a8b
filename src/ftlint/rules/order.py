"""Message order and training-weight rules (O)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema.messages import AssistantMessage
from .registry import define, on_late_system, on_repeated_role, on_untrained
from .structure import MESSAGE_FORMATS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..schema.collect import Path
    from .context import LineContext

_U = '{"role": "user", "content": "Hi"}'
_A = '{"role": "assistant", "content": "Hello!"}'

CONSECUTIVE_ROLES = define(
    "O001",
    "consecutive-roles",
    ["R15"],
    """
    Two messages in a row have the same role (two user or two assistant messages).

    No rule requires alternation, but Azure rejected a tool-calling example with two
    consecutive assistant messages ("contains invalid schema"), and merged turns are
    usually a data-preparation slip. Consecutive tool messages (answers to parallel calls)
    are normal and not reported.
    """,
    treatment="WARN",
    confidence="L",
    source="CB-PREP; microsoft-foundry/fine-tuning#23 (Azure)",
    formats=MESSAGE_FORMATS,
    bad='{"messages": [' + _U + ", " + _U + ", " + _A + "]}",
    good='{"messages": [' + _U + ", " + _A + ", " + _U + ", " + _A + "]}",
)

LATE_SYSTEM = define(
    "O002",
    "late-system-message",
    ["R15"],
    """
    A system message comes after the conversation has started.

    Instructions belong at the start; a system message in the middle is usually a merge
    of two conversations.
    """,
    treatment="WARN",
    confidence="L",
    source="CB-PREP",
    formats=("chat", "preference"),
    bad='{"messages": [' + _U + ', {"role": "system", "content": "Be brief."}, ' + _A + "]}",
    good='{"messages": [{"role": "system", "content": "Be brief."}, ' + _U + ", " + _A + "]}",
)

NOTHING_TRAINED = define(
    "O003",
    "nothing-trained",
    ["R16"],
    """
    Every assistant message of the example has `weight: 0`, so it trains nothing.

    Weight 0 skips a message in training; with all of them skipped the example only costs
    tokens.
    """,
    treatment="WARN",
    confidence="L",
    source="G-FT24",
    formats=("chat",),
    bad='{"messages": [' + _U + ', {"role": "assistant", "content": "Hi", "weight": 0}]}',
    good='{"messages": ['
    + _U
    + ', {"role": "assistant", "content": "Hi", "weight": 0}, '
    + _U
    + ", "
    + _A
    + "]}",
)


# -- checks on valid examples ------------------------------------------------------------


@on_repeated_role(*MESSAGE_FORMATS)
def _repeated(ctx: LineContext, role: str, path: Path) -> None:
    if role == "assistant" and ctx.enabled("O201"):
        return  # Azure's own error (rules/azure.py) says it
    hint = (
        "Azure rejects two assistant messages in a row; merge them"
        if role == "assistant"
        else "merge them into one message"
    )
    ctx.report("O001", f"two {role} messages in a row", path, hint=hint)


@on_late_system("chat", "preference")
def _late_system(ctx: LineContext, path: Path) -> None:
    ctx.report(
        "O002",
        "system message after the conversation has started",
        path,
        hint="put system messages first",
    )


@on_untrained("chat")
def _nothing_trained(ctx: LineContext, messages: Sequence[Any], path: Path, last: int) -> None:
    if last < 0:
        return  # no assistant message at all: S008
    assistants = sum(1 for m in messages if isinstance(m, AssistantMessage))
    ctx.report(
        "O003",
        "the only assistant message has weight 0: nothing is trained"
        if assistants == 1
        else f"all {assistants} assistant messages have weight 0: nothing is trained",
        path,
    )
