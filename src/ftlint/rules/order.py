"""Message order and training-weight rules (O)."""

from __future__ import annotations

from .registry import define
from .structure import MESSAGE_FORMATS

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
