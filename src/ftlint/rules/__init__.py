"""Rules: every code ftlint reports, grouped by area, in one registry.

Areas: J (JSONL and encoding), F (file and dataset), S (structure), C (content), T (tools
and functions), O (order and weights), X (special tokens), K (token limits), V (vision), D
(preference), G (reinforcement) and L (legacy completion). Importing this package registers
them all.
"""

from __future__ import annotations

from . import (
    completion,
    content,
    conversation,
    file,
    jsonl,
    order,
    preference,
    reinforcement,
    special_tokens,
    structure,
    token_limit,
    tools,
    vision,
)
from .registry import AREAS, CHECKS, REGISTRY, Rule, checks_for, get, ordered

__all__ = [
    "AREAS",
    "CHECKS",
    "REGISTRY",
    "Rule",
    "checks_for",
    "completion",
    "content",
    "conversation",
    "file",
    "get",
    "jsonl",
    "order",
    "ordered",
    "preference",
    "reinforcement",
    "special_tokens",
    "structure",
    "token_limit",
    "tools",
    "vision",
]
