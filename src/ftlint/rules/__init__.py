"""Rules: every code ftlint reports, grouped by area, in one registry.

Areas: J (JSONL and encoding), F (file and dataset), S (structure), C (content), T (tools
and functions), O (order and weights), X (special tokens), K (token limits), V (vision), D
(preference), G (reinforcement) and L (legacy completion); B and Q for Amazon Bedrock and
Gemini; M for what ``ftlint convert`` cannot carry between formats. Importing this package registers
them all, with the hooks that check them on valid examples (see ``registry`` and ``walk``).
"""

from __future__ import annotations

from . import (
    azure,
    bedrock,
    bedrock_dpo,
    bedrock_files,
    bedrock_tools,
    claude,
    completion,
    content,
    conversion,
    file,
    fireworks,
    gemini,
    gemini_preference,
    jsonl,
    mistral,
    order,
    pair,
    preference,
    reinforcement,
    special_tokens,
    structure,
    together,
    token_limit,
    tool_shapes,
    tools,
    validation,
    vision,
)
from .registry import AREAS, HOOKS, REGISTRY, Rule, get, ordered
from .walk import checks_for

__all__ = [
    "AREAS",
    "HOOKS",
    "REGISTRY",
    "Rule",
    "azure",
    "bedrock",
    "bedrock_dpo",
    "bedrock_files",
    "bedrock_tools",
    "checks_for",
    "claude",
    "completion",
    "content",
    "conversion",
    "file",
    "fireworks",
    "gemini",
    "gemini_preference",
    "get",
    "jsonl",
    "mistral",
    "order",
    "ordered",
    "pair",
    "preference",
    "reinforcement",
    "special_tokens",
    "structure",
    "together",
    "token_limit",
    "tool_shapes",
    "tools",
    "validation",
    "vision",
]
