"""Rules: every code ftlint reports, grouped by area, in one registry.

Areas: J (JSONL and encoding), F (file and dataset), S (structure), C (content), T (tools
and functions), O (order and weights), X (special tokens), K (token limits), V (vision), D
(preference), G (reinforcement) and L (legacy completion); B (Amazon Bedrock) and Q
(Vertex AI Gemini) for native formats; M for what ``ftlint convert`` cannot carry between
formats. A module registers its rules, with the hooks that check them on valid examples
(see ``registry`` and ``walk``), when it is imported.

Importing this package imports the modules of OpenAI's rules (those imported below), which
every target starts from. A provider's own modules (:data:`PROVIDERS`) are imported when its
target is first used (:func:`load`, which :func:`ftlint.selection.universe` calls), and
every module by :func:`load_all`: for the whole catalogue (:func:`ordered`, ``ftlint
rules``), and for a rule code that no module imported so far defines (:func:`find`, a
selector of another target's codes). So :data:`REGISTRY` holds the rules imported so far,
and ``ftlint check`` on OpenAI's formats never imports the code of Bedrock's or Gemini's.
"""

from __future__ import annotations

import importlib

from .. import targets
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
    tool_schemas,
    tool_shapes,
    tools,
    validation,
    vision,
)
from .registry import AREAS, HOOKS, REGISTRY, Rule
from .registry import ordered as _ordered
from .walk import checks_for, compiled

# The modules that define a target's own rules (those its `add` names, or those of its
# native formats), beyond OpenAI's and its base's. tests/test_startup.py checks that they hold
# every rule in force for the target and every explainer of its formats.
PROVIDERS: dict[str, tuple[str, ...]] = {
    "azure": ("azure", "azure_skill"),
    "together": ("together", "together_parquet"),
    "fireworks": ("fireworks",),
    "mistral": ("mistral", "mistral_classifier"),
    "bedrock-nova": (
        "bedrock",
        "bedrock_cpt",
        "bedrock_distill",
        "bedrock_dpo",
        "bedrock_files",
        "bedrock_rft",
        "bedrock_tools",
    ),
    "bedrock-claude": ("claude",),
    "bedrock-llama": ("bedrock", "bedrock_files", "bedrock_tools"),
    "vertex-gemini": ("gemini", "gemini_preference"),
}


def load(target: str) -> None:
    """Import the rule modules of ``target`` (and of its base); an unknown name loads none."""
    for module in PROVIDERS.get(target, ()):
        importlib.import_module(f"{__name__}.{module}")
    spec = targets.TARGETS.get(target)
    if spec is not None and spec.base is not None:
        load(spec.base)


# Rules that no target checks: those of ftlint convert (area M), for the catalogue only.
CONVERTER = ("conversion",)


def load_all() -> None:
    """Import every rule module: the whole catalogue."""
    for module in sorted({name for modules in PROVIDERS.values() for name in modules}):
        importlib.import_module(f"{__name__}.{module}")
    for module in CONVERTER:
        importlib.import_module(f"{__name__}.{module}")


def ordered() -> list[Rule]:
    """Every rule, grouped by area in :data:`AREAS` order, then by code."""
    load_all()
    return _ordered()


def find(code: str) -> Rule | None:
    """The rule ``code`` (case-insensitive) of any target, or ``None`` if there is none."""
    code = code.upper()
    if code not in REGISTRY:
        load_all()
    return REGISTRY.get(code)


def get(code: str) -> Rule:
    """The rule ``code`` (case-insensitive) of any target; ``KeyError`` if there is none."""
    rule = find(code)
    if rule is None:
        raise KeyError(code)
    return rule


__all__ = [
    "AREAS",
    "CONVERTER",
    "HOOKS",
    "PROVIDERS",
    "REGISTRY",
    "Rule",
    "checks_for",
    "compiled",
    "completion",
    "content",
    "file",
    "find",
    "get",
    "jsonl",
    "load",
    "load_all",
    "order",
    "ordered",
    "pair",
    "preference",
    "reinforcement",
    "special_tokens",
    "structure",
    "token_limit",
    "tool_schemas",
    "tool_shapes",
    "tools",
    "validation",
    "vision",
]
