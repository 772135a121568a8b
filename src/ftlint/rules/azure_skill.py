"""Microsoft's agent-skill checker for Azure supervised data (AZ16): its two warnings.

Provider-only rules for ``--target azure`` (codes x2xx). The skill's `validate_sft.py` is
not the service: it warns, and so does ftlint. Its other checks are OpenAI's rules (S008:
a user and an assistant message) or D007 (identical DPO outputs). The figures are the
target's limits (``checker_tokens``, ``checker_chars_per_token`` in ``targets/openai.py``,
with their source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..schema.messages import TextPart
from ..targets.openai import AZURE
from .context import Emit, FileEnd
from .file_rules import file_rule
from .registry import define, on_example, on_system

if TYPE_CHECKING:
    from .context import LineContext

CHECKER = (
    "https://github.com/microsoft/GitHub-Copilot-for-Azure/blob/22318af/plugin/skills/"
    "microsoft-foundry/finetuning/scripts/validate/validate_sft.py"
)
TOKENS = AZURE.limits["checker_tokens"]
RATIO = AZURE.limits["checker_chars_per_token"]
# The skill keys a system prompt by its first 100 characters, stripped.
PROMPT_KEY = 100
# Distinct prompts counted exactly up to here: a file of per-example prompts keeps no more.
PROMPTS_KEPT = 1_000

_U = '{"role": "user", "content": "Hi"}'
_A = '{"role": "assistant", "content": "%s"}'

CHECKER_TOKENS = define(
    "K201",
    "azure-skill-token-estimate",
    ["AZ16"],
    f"""
    An Azure supervised example is over 4,096 tokens by Microsoft's skill checker's
    estimate: its message contents' characters // 4.

    Microsoft's agent skill ({CHECKER}) warns "exceeds 4096 limit for most models"; the
    per-model limit itself (65,536 for gpt-4o and gpt-4.1) is K001's, with `--model`.
    The count is the skill's estimate, not tokens: `content` strings and text parts are
    counted, tool calls and images are not. A warning, as the skill gives it.
    """,
    treatment="WARN",
    confidence="M",
    source="AZ-SKILL",
    formats=("chat",),
    default=False,
    bad='{"messages": [' + _U + ", " + _A % ("x" * (RATIO * (TOKENS + 1) - 2)) + "]}",
    good='{"messages": [' + _U + ", " + _A % ("x" * (RATIO * (TOKENS + 1) - 3)) + "]}",
)

SYSTEM_PROMPTS = define(
    "F201",
    "azure-several-system-prompts",
    ["AZ16"],
    f"""
    An Azure supervised file has more than one distinct system prompt.

    Microsoft's agent skill ({CHECKER}) warns "Found N different system prompts — ensure
    this is intentional": a model tuned on one prompt is served with it. Prompts are told
    apart as the skill does, by their first 100 characters, stripped. Reported once per
    file, naming the first two lines that differ. A warning, as the skill gives it.
    """,
    treatment="WARN",
    confidence="M",
    source="AZ-SKILL",
    formats=("chat",),
    default=False,
    bad='{"messages": [{"role": "system", "content": "Be brief."}, '
    + _U
    + ", "
    + _A % "Hello."
    + ']}\n{"messages": [{"role": "system", "content": "Be kind."}, '
    + _U
    + ", "
    + _A % "Hello."
    + "]}",
    good='{"messages": [{"role": "system", "content": "Be brief."}, '
    + _U
    + ", "
    + _A % "Hello."
    + ']}\n{"messages": [{"role": "system", "content": " Be brief. "}, '
    + _U
    + ", "
    + _A % "Hi."
    + "]}",
)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(part.text for part in content or () if type(part) is TextPart)


@on_example("chat")
def _long(example: Any, ctx: LineContext) -> None:
    # A content's characters are at most the line's bytes: a short line is under.
    if len(ctx.raw) // RATIO <= TOKENS or not ctx.enabled("K201"):
        return
    chars = sum(len(_text(message.content)) for message in example.messages)
    if chars // RATIO > TOKENS:
        ctx.report(
            "K201",
            f"about {chars // RATIO:,} tokens by Microsoft's skill checker (characters //"
            f" {RATIO}), over the {TOKENS:,} it warns about",
            hint="an estimate, not a token count; with --model, K001 checks the model's limit",
        )


@on_system("chat")
def _prompt(ctx: LineContext, message: Any) -> None:
    if ctx.enabled("F201"):
        ctx.dataset.state(Prompts).add(_text(message.content).strip()[:PROMPT_KEY], ctx.line)


class Prompts:
    """F201: the distinct system prompts (their keys, up to :data:`PROMPTS_KEPT`), each
    with the first line that holds it."""

    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}

    def add(self, key: str, line: int) -> None:
        """Record a system prompt's key, found on ``line``."""
        if key not in self.keys and len(self.keys) < PROMPTS_KEPT:
            self.keys[key] = line

    def merge(self, other: Prompts, base: int) -> None:
        """Add the next byte range's prompts, its lines numbered from ``base + 1``."""
        for key, line in other.keys.items():
            self.add(key, line + base)


@file_rule("F201", state=Prompts)
def _several_prompts(state: Prompts, emit: Emit, end: FileEnd) -> None:
    if end.format != "chat" or len(state.keys) < 2:
        return
    count = f"{len(state.keys):,}" if len(state.keys) < PROMPTS_KEPT else f"{PROMPTS_KEPT:,}+"
    first, second = sorted(state.keys.values())[:2]
    emit(
        "F201",
        None,
        None,
        f"{count} different system prompts (lines {first} and {second} differ)",
        hint="Microsoft's skill checker warns: ensure this is intentional",
    )
