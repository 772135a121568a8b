"""Preference (DPO) rules (D)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from ..schema.collect import Issue, Path
from ..schema.messages import AssistantOutput
from .explain_common import (
    DROP,
    OUTPUTS,
    Explained,
    describe,
    did_you_mean,
    explains_format,
    output_depth,
    short_key,
    short_value,
    value_at,
)
from .registry import define, on_last_not_user, on_message, on_same_outputs
from .remedies import remedy
from .structure import with_article

if TYPE_CHECKING:
    from .context import LineContext
    from .walk import Visit

OLD_NAMES = {
    "preferred_completion": "preferred_output",
    "non_preferred_completion": "non_preferred_output",
}
_IN = '"input": {"messages": [{"role": "user", "content": "Capital of France?"}]}'
_P = '"preferred_output": [{"role": "assistant", "content": "Paris."}]'
_N = '"non_preferred_output": [{"role": "assistant", "content": "Lyon."}]'
GOOD = "{" + f"{_IN}, {_P}, {_N}" + "}"

MISSING_KEY = define(
    "D001",
    "missing-preference-key",
    ["R53"],
    """
    A preference example lacks `input`, `preferred_output` or `non_preferred_output`, or
    `input` is not an object.

    OpenAI: "Example 1 is missing key 'input'". `input` holds the conversation
    (`messages`, and optionally `tools` and `parallel_tool_calls`).
    """,
    treatment="REJECT",
    confidence="H",
    source="G-DPO, CB-DPO, SPEC-2507, OBS-MISC",
    formats=("preference",),
    bad="{" + f"{_IN}, {_P}" + "}",
    good=GOOD,
)

INVALID_OUTPUT = define(
    "D002",
    "invalid-output",
    ["R54"],
    """
    `preferred_output` or `non_preferred_output` is not a list of exactly one assistant
    message.

    Each output is the final assistant turn that answers `input`: one message, with role
    `assistant`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507 (maxItems 1), G-DPO, AZ-DPO",
    formats=("preference",),
    bad=GOOD.replace(_N, '"non_preferred_output": [{"role": "user", "content": "Lyon."}]'),
    good=GOOD,
)

UNKNOWN_KEY = define(
    "D003",
    "unknown-preference-key",
    ["R53"],
    """
    A preference example, or its `input`, has a key outside the schema.

    The top level takes `input`, `preferred_output` and `non_preferred_output`; `input`
    takes `messages`, `tools` and `parallel_tool_calls`.
    """,
    treatment="REJECT",
    confidence="H",
    source="SPEC-2507",
    formats=("preference",),
    bad=GOOD[:-1] + ', "id": 7}',
    good=GOOD,
)

OLD_FIELD_NAME = define(
    "D004",
    "old-output-name",
    ["R58"],
    """
    A preference example uses `preferred_completion` or `non_preferred_completion`.

    These names come from OpenAI's API spec of December 2024 to May 2025 and from SDKs
    generated from it. The live API and every guide use `preferred_output` and
    `non_preferred_output`; the old names fail as missing and extra keys.
    """,
    treatment="REJECT",
    confidence="H",
    source="§5 D1 (SPEC-2412, SPEC-2505 vs SPEC-2507, G-DPO)",
    formats=("preference",),
    bad=GOOD.replace("preferred_output", "preferred_completion"),
    good=GOOD,
)

INPUT_END = define(
    "D005",
    "input-not-ending-with-user",
    ["R56"],
    """
    `input.messages` does not end with a user message.

    Both outputs answer the last turn of `input`: "the preferred and non-preferred
    messages need to be the last assistant message", and every official example ends
    `input` with the user turn.
    """,
    treatment="WARN",
    confidence="L",
    source="G-DPO (inference)",
    formats=("preference",),
    bad=GOOD.replace(
        '"content": "Capital of France?"}]',
        '"content": "Capital of France?"}, {"role": "assistant", "content": "Hm."}]',
    ),
    good=GOOD,
)

WEIGHT_IN_OUTPUT = define(
    "D006",
    "weight-in-output",
    ["R59"],
    """
    A DPO output message carries `weight`.

    Outputs use the plain assistant schema, which has no `weight`; it is an extra key
    there, and the whole output is what DPO compares.
    """,
    treatment="REJECT?",
    confidence="L",
    source="SPEC-2507",
    formats=("preference",),
    bad=GOOD.replace('"content": "Paris."}', '"content": "Paris.", "weight": 1}'),
    good=GOOD,
)

IDENTICAL_OUTPUTS = define(
    "D007",
    "identical-outputs",
    ["R59"],
    """
    The preferred and the non-preferred output are identical.

    The pair then carries no preference signal.
    """,
    treatment="WARN",
    confidence="L",
    source="SPEC-2507 (inference)",
    formats=("preference",),
    bad=GOOD.replace("Lyon.", "Paris."),
    good=GOOD,
)


# -- schema issues: D001-D004 ------------------------------------------------------------


@explains_format("preference")
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained | None:
    """The issues of a preference example's own keys and of its outputs; ``None`` for the
    issues of `input.messages`, which the message-structure rules explain."""
    kind, path, key, _text = issue
    if kind == "unknown":
        return _unknown_key(path, key or "") if not path or path == ("input",) else None
    if kind == "missing":
        if not path:
            if any(old in obj and new == key for old, new in OLD_NAMES.items()):
                return DROP  # D004 on the old name says it all.
            return Explained("D001", f"preference example is missing `{key or ''}`", None, path)
        if key == "role" and output_depth("preference", path) == len(path):
            return Explained(
                "D002", "output message has no `role` (must be `assistant`)", None, path
            )
        return None
    value = value_at(obj, path)
    if kind == "tag":
        if output_depth("preference", path) and len(path) == 3 and path[-1] == "role":
            return Explained(
                "D002",
                f"output message has role {short_value(value)}; it must be `assistant`",
                None,
                path,
            )
        return None
    got = describe(value)
    if path == ("input",):
        return Explained(
            "D001", f"`input` must be an object with `messages`, got {got}", None, path
        )
    if len(path) == 1 and path[0] in OUTPUTS:
        return Explained(
            "D002",
            f"`{path[0]}` must be a list of exactly one assistant message, got {got}",
            None,
            path,
        )
    if output_depth("preference", path) == len(path):
        return Explained("D002", f"output message must be an object, got {got}", None, path)
    return None


def _unknown_key(path: Path, full_key: str) -> Explained:
    kpath = (*path, full_key)
    key = short_key(full_key)
    if not path and key in OLD_NAMES:
        return Explained(
            "D004",
            f"`{key}` is the old name of `{OLD_NAMES[key]}`",
            f"did you mean `{OLD_NAMES[key]}`? The live API renamed it in 2025",
            kpath,
            key,
        )
    allowed = ("input", *OUTPUTS) if not path else ("messages", "tools", "parallel_tool_calls")
    where = "preference example" if not path else "`input`"
    return Explained(
        "D003", f"unknown key `{key}` in {where}", did_you_mean(key, allowed), kpath, full_key
    )


# -- checks on valid examples ------------------------------------------------------------


@on_last_not_user("preference")
def _input_end(ctx: LineContext, message: Any, path: Path) -> None:
    ctx.report(
        "D005",
        f"`input.messages` ends with {with_article(str(message.__struct_config__.tag))} message,"
        " not a user message",
        path,
        hint="both outputs answer the last user turn",
    )


@on_same_outputs("preference")
def _identical(ctx: LineContext, path: Path) -> None:
    ctx.report(
        "D007",
        "the preferred and non-preferred outputs are identical",
        path,
        hint="a pair without a difference teaches no preference",
    )


@on_message(AssistantOutput, formats=("preference",))
def _output_weight(ctx: LineContext, output: AssistantOutput, path: Path, visit: Visit) -> None:
    if output.weight is not UNSET:
        ctx.report(
            "D006",
            "DPO outputs take no `weight`",
            path,
            key="weight",
            hint="remove it; the whole output is what DPO compares",
        )


# -- remedy (ftlint fix): D004 -----------------------------------------------------------


@remedy(
    "D004",
    "renamed preferred_completion and non_preferred_completion to preferred_output and"
    " non_preferred_output",
    kind="object",
    formats=("preference",),
)
def _rename_outputs(obj: dict[str, Any], fmt: str) -> bool:
    # An old name whose new name is there too is two values for one key: not renamed.
    old = [k for k in obj if k in OLD_NAMES and OLD_NAMES[k] not in obj]
    if not old:
        return False
    items = [(OLD_NAMES[k] if k in old else k, v) for k, v in obj.items()]
    obj.clear()
    obj.update(items)  # the renamed keys keep their places
    return True
