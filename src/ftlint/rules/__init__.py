"""Rules: every code ftlint reports, grouped by area, in one registry.

Areas: J (JSONL and encoding), F (file and dataset), S (structure), C (content), T (tools
and functions), O (order and weights), X (special tokens), K (token limits), V (vision), D
(preference), G (reinforcement) and L (legacy completion). Importing this package registers
them all, with the hooks that check them on valid examples (see ``registry`` and ``walk``).
"""

from __future__ import annotations

from . import (
    completion,
    content,
    file,
    jsonl,
    order,
    pair,
    preference,
    reinforcement,
    special_tokens,
    structure,
    token_limit,
    tools,
    vision,
)
from .registry import AREAS, HOOKS, REGISTRY, Rule, get, ordered
from .walk import checks_for

__all__ = [
    "AREAS",
    "HOOKS",
    "REGISTRY",
    "Rule",
    "checks_for",
    "completion",
    "content",
    "file",
    "get",
    "jsonl",
    "order",
    "ordered",
    "pair",
    "preference",
    "reinforcement",
    "special_tokens",
    "structure",
    "token_limit",
    "tools",
    "vision",
]
