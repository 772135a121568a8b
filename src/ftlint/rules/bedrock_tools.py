"""Amazon Bedrock conversation schema: tool use and reasoning (B012-B015, B019).

Provider-only rules for the ``bedrock-nova`` target (B019 for ``bedrock-llama``); BN9 and
BN10 of the provider reference §5.1, and BL2 of §5.3, give the sources. The tool rules
follow AWS's Nova checker, which checks ``toolConfig``, ``toolUse`` and ``toolResult`` for
every SFT model, while the Nova 2 SFT page says tool use "is not currently supported by
Amazon Nova 2.0 SFT" (D-BN2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from ..schema.bedrock import ContentBlock
from ..schema.collect import Path
from .bedrock import (
    BOTH,
    CONVERSATION,
    LLAMA_CHECKER,
    NOVA2_DOC,
    NOVA_CHECKER,
)
from .bedrock_lines import assistant, line, text, user
from .bedrock_lists import content_lists
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

_CONFIG = (
    '"toolConfig": {"tools": [{"toolSpec": {"name": "weather", "description": "Weather of a'
    ' city", "inputSchema": {"json": {"type": "object"}}}}]}, '
)
_USE = '{"toolUse": {"toolUseId": "t1", "name": "weather", "input": {"city": "Paris"}}}'
_RESULT = '{"toolResult": {"toolUseId": "t1", "content": [{"text": "Sunny"}]}}'
_TOOL_CHAT = (
    user(text("Weather in Paris?")),
    assistant(_USE),
    user(_RESULT),
    assistant(text("Sunny.")),
)

TOOL_ROLE = define(
    "B012",
    "bedrock-tool-block-role",
    ["BN9"],
    f"""
    A `toolUse` block is in a user message, or a `toolResult` block in an assistant one.

    Amazon Bedrock's conversation schema puts calls in assistant messages and their results
    in the next user message. Source: AWS's Nova checker, {NOVA_CHECKER}. The Nova 2 SFT page
    ({NOVA2_DOC}) says tool use is not supported by Nova 2 SFT.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BN-VAL",
    formats=BOTH,
    bad=line(
        user(text("Weather in Paris?")),
        assistant(_RESULT),
        user(_USE),
        assistant(text("OK")),
        head=_CONFIG,
    ),
    good=line(*_TOOL_CHAT, head=_CONFIG),
    default=False,
)

TOOL_PAIRING = define(
    "B013",
    "bedrock-tool-pairing",
    ["BN9"],
    f"""
    Bedrock tool blocks do not pair up: an undeclared tool, a reused id, or an answer to no
    call.

    AWS's Nova checker requires every `toolUse.name` to be declared in `toolConfig`, each
    `toolUseId` to be unique, every `toolResult.toolUseId` to answer an earlier `toolUse`
    at most once, and each result item to hold `text` or `json`, not both. Source:
    {NOVA_CHECKER}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BN-VAL",
    formats=BOTH,
    bad=line(*_TOOL_CHAT[:2], user(_RESULT.replace("t1", "t2")), _TOOL_CHAT[3], head=_CONFIG),
    good=line(*_TOOL_CHAT, head=_CONFIG),
    default=False,
)

TOOL_CONFIG = define(
    "B014",
    "bedrock-tool-config",
    ["BN9"],
    f"""
    A Bedrock `toolConfig` is empty, repeats a name, or has a tool without a name, a
    description or an input schema `type`.

    AWS's Nova checker requires a non-empty `toolConfig.tools` with unique names, a
    non-empty `name` and `description` for each, and an `inputSchema.json` with a `type`.
    Source: {NOVA_CHECKER}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BN-VAL",
    formats=BOTH,
    bad=line(*_TOOL_CHAT, head=_CONFIG.replace("Weather of a city", "")),
    good=line(*_TOOL_CHAT, head=_CONFIG),
    default=False,
)

_REASON = '{"reasoningContent": {"reasoningText": {"text": "It is the capital."}}}'

REASONING = define(
    "B015",
    "nova-reasoning-content",
    ["BN10"],
    f"""
    A `reasoningContent` block is outside an assistant message, is empty, or comes with
    media.

    Nova 2 Lite takes reasoning in assistant messages only, with non-empty text, not in a
    block with an image or video, and not in a multimodal sample ("multimodal reasoning is
    not supported"). Source: {NOVA2_DOC}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN2-DOC; BN-VAL",
    formats=BOTH,
    bad=line(user(text("Capital of France?"), _REASON), assistant(text("Paris."))),
    good=line(user(text("Capital of France?")), assistant(_REASON, text("Paris."))),
    default=False,
)

LLAMA_TOOLS = define(
    "B019",
    "llama-tool-use",
    ["BL2"],
    f"""
    A Llama 3.2 line declares tools (`toolConfig`) or holds a `toolUse` or `toolResult`
    block.

    Meta Llama 3.2 on Amazon Bedrock takes text and media blocks only: AWS's Llama checker
    reads `text` from every block that is not an image, so a tool block fails it with a
    missing key. It ignores a top-level `toolConfig`, but no block of a Llama line can
    use the tools it declares. Source: {LLAMA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="M",
    source="BL-VAL",
    formats=(CONVERSATION,),
    bad=line(*_TOOL_CHAT, head=_CONFIG),
    good=line(user(text("Weather in Paris?")), assistant(text("Sunny."))),
    default=False,
)


@on_example(CONVERSATION)
def _llama_tools(example: Any, ctx: LineContext) -> None:
    if not ctx.enabled("B019"):  # a Llama rule; the hook runs for Nova's rules too
        return
    if example.toolConfig:
        ctx.report("B019", "toolConfig: Llama 3.2 has no tool use", ("toolConfig",))
    for _role, blocks, path in content_lists(example).special:
        for i, block in enumerate(blocks):
            if block.toolUse or block.toolResult:
                kind = "toolUse" if block.toolUse else "toolResult"
                ctx.report("B019", f"{kind} block: Llama 3.2 has no tool use", (*path, i))


@on_example(*BOTH)
def _tools(example: Any, ctx: LineContext) -> None:
    declared = _config(example, ctx)
    calls: dict[str, bool] = {}  # toolUseId -> answered
    multimodal = False
    reasoning: Path | None = None
    for role, blocks, path in content_lists(example).special:  # no list of text only
        for i, block in enumerate(blocks):
            where = (*path, i)
            if block.toolUse:
                _use(ctx, block, role, where, declared, calls)
            if block.toolResult:
                _result(ctx, block, role, where, calls)
            if block.image or block.video or block.document:
                multimodal = True
            if block.reasoningContent:
                reasoning = reasoning or where
                _reasoning(ctx, block, role, where)
    if multimodal and reasoning is not None:
        ctx.report(
            "B015", "reasoning in a multimodal sample; Nova 2 SFT does not take it", reasoning
        )


def _config(example: Any, ctx: LineContext) -> frozenset[str] | None:
    """B014; the declared tool names, or ``None`` without a ``toolConfig``."""
    config = example.toolConfig
    if not config:
        return None
    if not config.tools:
        ctx.report("B014", "toolConfig.tools is empty", ("toolConfig", "tools"))
    names: set[str] = set()
    for i, entry in enumerate(config.tools):
        spec = entry.toolSpec
        where: Path = ("toolConfig", "tools", i, "toolSpec")
        if not spec.name.strip():
            ctx.report("B014", "tool has an empty name", (*where, "name"))
        elif spec.name in names:
            ctx.report("B014", f"tool {spec.name!r} is declared twice", (*where, "name"))
        names.add(spec.name)
        if not isinstance(spec.description, str) or not spec.description.strip():
            ctx.report("B014", f"tool {spec.name!r} has no description", where)
        if "type" not in spec.inputSchema.json:
            ctx.report("B014", f"tool {spec.name!r}: inputSchema.json has no `type`", where)
    return frozenset(names)


def _use(
    ctx: LineContext,
    block: ContentBlock,
    role: str,
    where: Path,
    declared: frozenset[str] | None,
    calls: dict[str, bool],
) -> None:
    use = block.toolUse
    assert use
    if role != "assistant":
        ctx.report("B012", f"toolUse block in a {role} message", where)
    if declared is None or use.name not in declared:
        ctx.report(
            "B013",
            f"toolUse calls {use.name!r}, which toolConfig does not declare",
            (*where, "toolUse", "name"),
        )
    if use.toolUseId in calls:
        ctx.report("B013", f"toolUseId {use.toolUseId!r} is used twice", (*where, "toolUse"))
    calls[use.toolUseId] = False


def _result(
    ctx: LineContext, block: ContentBlock, role: str, where: Path, calls: dict[str, bool]
) -> None:
    result = block.toolResult
    assert result
    if role != "user":
        ctx.report("B012", f"toolResult block in an {role} message", where)
    answered = calls.get(result.toolUseId)
    if answered is None:
        ctx.report(
            "B013",
            f"toolResult answers {result.toolUseId!r}, which no earlier toolUse has",
            (*where, "toolResult", "toolUseId"),
        )
    elif answered:
        ctx.report("B013", f"toolUse {result.toolUseId!r} is answered twice", where)
    else:
        calls[result.toolUseId] = True
    for j, item in enumerate(result.content):
        if isinstance(item.text, str) == (item.json is not UNSET):
            ctx.report(
                "B013",
                "a tool result item holds `text` or `json`, exactly one",
                (*where, "toolResult", "content", j),
            )


def _reasoning(ctx: LineContext, block: ContentBlock, role: str, where: Path) -> None:
    reasoning = block.reasoningContent
    assert reasoning
    if role != "assistant":
        ctx.report("B015", f"reasoningContent in a {role} message", where)
    if not reasoning.reasoningText.text.strip():
        ctx.report("B015", "reasoningContent has no text", where)
    if block.image or block.video:
        ctx.report("B015", "reasoningContent shares a block with media", where)
