"""Google Vertex AI Gemini target: ``vertex-gemini`` (provider reference §6).

Tokens are counted with Google's Gemini tokenizer, which ftlint does not ship: counts are
estimates, with the ratio Google gives on its token page ("a token is equivalent to about
4 characters"; the tuning pages give none, GV13).
"""

from __future__ import annotations

from ..findings import Severity
from .base import Target, TargetModel, register

PREP = (
    "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-supervised-tuning-prepare"
)
ABOUT = "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-supervised-tuning"
PREF = (
    "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-preference-tuning-prepare"
)
TOKENS = "https://ai.google.dev/gemini-api/docs/tokens"
GB = 1024**3

GEMINI = register(
    Target(
        name="vertex-gemini",
        label="Google Vertex AI: Gemini (supervised, preference)",
        formats=("gemini-contents", "gemini-preference"),
        methods={"gemini-contents": "supervised", "gemini-preference": "dpo"},
        # Google's notebook checker reads files as plain UTF-8 (reference §7.3).
        severity={"J004": Severity.WARNING},
        add=frozenset(
            {"Q001", "Q002", "Q003", "Q004", "Q005", "Q006", "Q007", "Q008", "Q050", "Q051", "Q052"}
            | {"F901"}
        ),
        limits={
            "max_examples": 1_000_000,
            "validation_max_examples": 5_000,
            "upload_bytes": 1 * GB,
            # GP3: "The sum of maximum input and maximum completion token counts must be <=
            # 128K"; Google's Japanese page writes 128,000.
            "prompt_completion_tokens": 128_000,
        },
        models=(
            TargetModel(
                name="gemini-2.5-flash",
                methods=frozenset({"supervised", "dpo", "vision"}),
                max_tokens=131_072,
                chars_per_token=4,
                source=f"{ABOUT} (131,072 tokens per example); {PREF} (preference: input plus"
                f" completion at most 128K); {TOKENS} (about 4 characters per token)",
            ),
            TargetModel(
                name="gemini-2.5-flash-lite",
                methods=frozenset({"supervised", "vision"}),
                max_tokens=131_072,
                chars_per_token=4,
                source=f"{ABOUT} (131,072 tokens per example); {TOKENS} (about 4 characters"
                " per token)",
            ),
        ),
        sources={
            "prepare": PREP,
            "limits": ABOUT,
            "validation_max_examples": f"{ABOUT} (validation dataset at most 5,000 examples"
            " for Gemini 2.5; reference GV9)",
            "preference": PREF,
            "prompt_completion_tokens": f"{PREF} (the longest input plus the longest"
            " completion at most 128K; reference GP3)",
            "tokens": f"Gemini tokenizer (count_tokens); offline, an estimate at about 4"
            f" characters per token ({TOKENS})",
        },
    )
)
