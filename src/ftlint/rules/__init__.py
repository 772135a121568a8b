"""Rules: every code ftlint reports, grouped by area, in one registry.

Areas: J (JSONL and encoding), F (file), S (structure), D (preference), G
(reinforcement) and L (legacy completion). Importing this package registers them all.
"""

from __future__ import annotations

from . import completion, file, jsonl, preference, reinforcement, structure
from .registry import AREAS, REGISTRY, Rule, checks_for, get, ordered

__all__ = [
    "AREAS",
    "REGISTRY",
    "Rule",
    "checks_for",
    "completion",
    "file",
    "get",
    "jsonl",
    "ordered",
    "preference",
    "reinforcement",
    "structure",
]
