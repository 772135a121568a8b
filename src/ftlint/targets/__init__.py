"""Provider targets: which formats a provider takes, which rules are in force, and its facts.

A target is a set of formats and rules, not a fork of the code. The OpenAI rules are the
default rule set (``Rule.default``). A target names:

- ``formats``: the formats it accepts, in the order ``--format auto`` tries them;
- ``base``: a target whose rules it starts from (``"openai"`` for Azure, Together,
  Fireworks and Mistral, which take OpenAI's formats), or ``None`` for a native format;
- ``add``: provider-only rules (defined with ``default=False``, so no other target runs
  them) that are in force for this target;
- ``enable``: rules of the base that are opt-in there (``default=False``) and that this
  provider enforces, so checks by default (Mistral rejects invalid tool schemas: T014);
- ``drop``: rules of the base that this provider does not enforce;
- ``severity``: a rule's severity where this provider treats it differently;
- ``limits``: the named numbers rules read through ``ctx.target`` (see :data:`LIMITS`);
- ``models``: the provider's models, with their per-example limits and how tokens count;
  ``aliases`` maps other names of a model (family names) to a model's ``name``;
- ``methods``: the training method of each of its formats (for F009), where
  :data:`ftlint.base_models.METHOD_OF_FORMAT` does not say it;
- ``tool_schema_draft``: the JSON Schema draft whose metaschema the provider checks every
  tool's ``parameters`` against, whatever the schema's ``$schema`` says (T014), or
  ``None``: the schema's own ``$schema``, else 2020-12.

Every fact carries the source it comes from, so that a rule's documentation can name it.

The rules in force for a target (see :func:`ftlint.selection.universe`) are the rules of
its base (or, without a base, every rule) that apply to one of its formats, less the
provider-only rules of every target (the union of their ``add``), less ``drop``, plus
``add``. ``--select``/``--ignore`` choose among them; the default selection is the default
rules among them plus ``add`` and ``enable``.

Codes of provider-only rules keep the area letters of :mod:`ftlint.rules.registry`; the
hundreds digit names the provider (``O201`` is Azure's): 0 OpenAI (every existing code),
2 Azure, 3 Together, 4 Fireworks, 5 Mistral, 9 rules that several providers share
(``F901``-``F904``). The native formats have letters of their own: B for Amazon Bedrock (B0xx
Nova and Llama, B1xx Claude 3 Haiku), Q for Vertex AI Gemini. So ``--select S3`` picks
Together's structure rules, and no code ever changes meaning.

The targets are registered when this package is imported: each module listed at the end
of this file registers its own.
"""

from __future__ import annotations

from . import bedrock, gemini, openai  # noqa: F401  (each registers its targets on import)
from .base import (
    DEFAULT,
    LIMITS,
    TARGETS,
    Target,
    TargetModel,
    adding,
    enabling,
    get,
    names,
    provider_only,
    register,
)

__all__ = [
    "DEFAULT",
    "LIMITS",
    "TARGETS",
    "Target",
    "TargetModel",
    "adding",
    "enabling",
    "get",
    "names",
    "openai",
    "provider_only",
    "register",
]
