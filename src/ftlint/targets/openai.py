"""OpenAI and the providers that take OpenAI's formats: Azure, Together, Fireworks, Mistral.

The facts are those of the provider reference (``provider-formats.md`` §1-§4 and §7); each
target's ``sources`` names the page of every limit, so that messages and docs can cite it.
Azure, Together, Fireworks and Mistral start from OpenAI's rules (``base="openai"``) and
add their own (codes O2xx, C3xx, ... per the scheme of :mod:`ftlint.targets`).
"""

from __future__ import annotations

from .. import base_models
from ..findings import Severity
from .base import Target, TargetModel, register

MB = 1000**2
GB = 1000**3

# The four OpenAI formats, in the order of ftlint.schema.ROOTS.
OPENAI_FORMATS = ("chat", "completion", "preference", "reinforcement")

_AZ_MODELS = (
    "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models#fine-tuning-models"
)
_AZ_SKILL = (
    "https://github.com/microsoft/GitHub-Copilot-for-Azure/tree/main/plugin/skills/"
    "microsoft-foundry/finetuning"
)
_TG_SKILL = (
    "https://github.com/togethercomputer/skills/blob/main/skills/together-fine-tuning/"
    "references/supported-models.md"
)
_MI_DOC = "https://docs.mistral.ai/resources/deprecated/finetuning/text-vision-finetuning"
_MI_CLASSIFIER = "https://docs.mistral.ai/capabilities/finetuning/classifier_factory"


def _openai_models() -> tuple[TargetModel, ...]:
    """The rows of :mod:`ftlint.base_models`, in its order (vision is a method here)."""
    return tuple(
        TargetModel(
            name=m.name,
            methods=m.methods | ({base_models.VISION} if m.vision else set()),
            max_tokens=m.max_tokens,
            tokenizer=m.tokenizer,
            source=m.source,
        )
        for m in base_models.MODELS.values()
    )


OPENAI = register(
    Target(
        name="openai",
        label="OpenAI",
        formats=OPENAI_FORMATS,
        limits={
            "min_examples": 10,
            "images_per_example": 10,
            "image_examples": 50_000,
            "upload_bytes": 512 * MB,
            "multipart_bytes": 8 * GB,
        },
        models=_openai_models(),
        aliases=dict(base_models.ALIASES),
        sources={
            "min_examples": "https://platform.openai.com/docs/guides/supervised-fine-tuning",
            "images_per_example": "https://platform.openai.com/docs/guides/vision-fine-tuning",
            "image_examples": "https://platform.openai.com/docs/guides/vision-fine-tuning",
            "upload_bytes": "https://platform.openai.com/docs/api-reference/files/create",
            "multipart_bytes": "https://platform.openai.com/docs/api-reference/uploads",
        },
    )
)


def _azure(
    name: str, methods: tuple[str, ...], max_tokens: int | None, **kw: object
) -> TargetModel:
    tokenizer = kw.get("tokenizer", "o200k_base")
    ratio = kw.get("chars_per_token")
    return TargetModel(
        name=name,
        methods=frozenset(methods),
        max_tokens=max_tokens,
        tokenizer=tokenizer if isinstance(tokenizer, str) else None,
        chars_per_token=float(ratio) if isinstance(ratio, (int, float)) else None,
        source=str(kw.get("source", _AZ_MODELS)),
    )


_SFT, _DPO, _RFT, _VIS = "supervised", "dpo", "reinforcement", "vision"
# A byte-order mark makes line 1 fail in the vendor checkers that read the file as plain
# UTF-8 (mistral-finetune, AWS's and Google's); the services were never seen on it, so a
# warning (reference §7.3), where OpenAI's is an info finding.
_BOM_WARNING = Severity.WARNING

AZURE = register(
    Target(
        name="azure",
        label="Azure OpenAI",
        # Legacy prompt/completion has left Azure's model tables (AZ-MODELS).
        formats=("chat", "preference", "reinforcement"),
        base="openai",
        add=frozenset({"O201", "O202", "D201", "D202", "G201", "C201", "K201", "F201"}),
        # AZ12: "the final message in the data must be assigned a user role" (H).
        severity={"G002": Severity.ERROR},
        limits={
            "min_examples": 10,
            "images_per_example": 64,
            "image_examples": 50_000,
            "upload_bytes": 512 * MB,
            "multipart_bytes": 8 * GB,
            # AZ16: Microsoft's skill checker warns above 4,096 tokens, len(text) // 4.
            "checker_tokens": 4_096,
            "checker_chars_per_token": 4,
        },
        models=(
            _azure("gpt-4o-mini", (_SFT,), 65_536),
            _azure("gpt-4o", (_SFT, _DPO, _VIS), 65_536),
            _azure("gpt-4.1", (_SFT, _DPO, _VIS), 65_536),
            _azure("gpt-4.1-mini", (_SFT, _DPO), 65_536),
            _azure("gpt-4.1-nano", (_SFT,), 32_768),
            _azure("o4-mini", (_RFT,), 65_536),
            _azure("gpt-5", (_RFT,), None),
            _azure("gpt-35-turbo", (_SFT,), 16_385, tokenizer="cl100k_base"),
            # Open-weight models: no tiktoken encoding; Microsoft's skill estimates tokens
            # at 4 characters each.
            _azure(
                "Ministral-3B",
                (_SFT,),
                None,
                tokenizer=None,
                chars_per_token=4,
                source=f"{_AZ_MODELS} ; {_AZ_SKILL} (4 characters per token)",
            ),
            _azure("Qwen-32B", (_SFT,), 8_192, tokenizer=None, chars_per_token=4, source=_AZ_SKILL),
        ),
        aliases={
            "gpt-4o-mini-2024-07-18": "gpt-4o-mini",
            "gpt-4o-2024-08-06": "gpt-4o",
            "gpt-4.1-2025-04-14": "gpt-4.1",
            "gpt-4.1-mini-2025-04-14": "gpt-4.1-mini",
            "gpt-4.1-nano-2025-04-14": "gpt-4.1-nano",
            "o4-mini-2025-04-16": "o4-mini",
            "gpt-35-turbo-0125": "gpt-35-turbo",
            "gpt-35-turbo-1106": "gpt-35-turbo",
        },
        sources={
            "min_examples": "https://learn.microsoft.com/azure/ai-services/openai/how-to/fine-tuning",
            "images_per_example": "https://learn.microsoft.com/azure/foundry/openai/how-to/fine-tuning-vision",
            "image_examples": "https://learn.microsoft.com/azure/foundry/openai/how-to/fine-tuning-vision",
            "upload_bytes": "https://learn.microsoft.com/azure/ai-services/openai/how-to/fine-tuning",
            "multipart_bytes": "https://learn.microsoft.com/azure/ai-services/openai/how-to/fine-tuning",
            "models": _AZ_MODELS,
            "chars_per_token": _AZ_SKILL,
            "checker_tokens": f"{_AZ_SKILL}/scripts/validate/validate_sft.py (a warning above"
            " 4,096 tokens; reference AZ16)",
            "checker_chars_per_token": f"{_AZ_SKILL}/scripts/validate/validate_sft.py"
            " (len(text) // 4)",
        },
    )
)


def _together(name: str, context: int) -> TargetModel:
    # Together publishes no tokenizer ratio: its base models' own tokenizers count.
    return TargetModel(
        name=name, methods=frozenset({_SFT, _DPO}), max_tokens=context, source=_TG_SKILL
    )


TOGETHER = register(
    Target(
        name="together",
        label="Together AI",
        # Conversational, instruction (prompt/completion), preference and generic text
        # data (TG5), and pre-tokenized Parquet files (TG20); Together has no RFT data
        # format (its RL is a separate API).
        formats=("chat", "completion", "preference", "text", "parquet"),
        base="openai",
        add=frozenset(
            {"O301", "O302", "C301", "V301", "V302", "V303", "D301", "S301", "S302", "F904"}
        ),
        # O301 (no repeated role, TG10) replaces the warning O001. Together's model list is
        # partial and names no vision models, so F010 would be a guess. L004-L006 are
        # advice for the GPT-3 tokenizers of OpenAI's legacy models.
        drop=frozenset({"O001", "F010", "L004", "L005", "L006"}),
        # TG6: extra columns are errors; TG3: a byte-order mark makes line 1 fail to parse.
        severity={"L002": Severity.ERROR, "J004": Severity.ERROR},
        # Together's prompt/completion ("instruction") and text data are supervised.
        methods={"completion": "supervised", "text": "supervised", "parquet": "supervised"},
        limits={
            "min_examples": 1,
            "images_per_example": 10,
            "upload_bytes": 100 * GB,
        },
        models=(
            _together("meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", 131_072),
            _together("meta-llama/Llama-3.3-70B-Instruct-Reference", 24_576),
            _together("openai/gpt-oss-20b", 24_576),
            _together("openai/gpt-oss-120b", 16_384),
            _together("deepseek-ai/DeepSeek-R1", 131_072),
            _together("google/gemma-3-27b-it", 49_152),
            _together("mistralai/Mixtral-8x7B-Instruct-v0.1", 32_768),
            _together("Qwen/Qwen3-8B", 40_960),
            _together("Qwen/Qwen3-32B", 40_960),
            _together("Qwen/Qwen3-30B-A3B", 8_192),
            _together("Qwen/Qwen3-Coder-30B-A3B-Instruct", 262_144),
        ),
        sources={
            "min_examples": "https://github.com/togethercomputer/together-python/blob/main/"
            "src/together/constants.py (MIN_SAMPLES = 1)",
            "images_per_example": "https://github.com/togethercomputer/together-python/blob/main/"
            "src/together/constants.py (MAX_IMAGES_PER_EXAMPLE)",
            "upload_bytes": "https://docs.together.ai/docs/fine-tuning/data-preparation"
            " (100 GB; the SDK says 50.1 GB)",
            "models": _TG_SKILL,
        },
    )
)

FIREWORKS = register(
    Target(
        name="fireworks",
        label="Fireworks AI",
        formats=("chat", "preference", "reinforcement"),
        base="openai",
        add=frozenset({"F401", "F904", "S401", "O401", "V401", "D401"}),
        # O401 (the cookbook's role order) covers repeated roles.
        drop=frozenset({"O001"}),
        severity={"J004": _BOM_WARNING},
        limits={"min_examples": 3, "max_examples": 3_000_000},
        # Fireworks' base models and their context come from a live registry of training
        # shapes, not a published table: --model takes none.
        sources={
            "min_examples": "https://docs.fireworks.ai/fine-tuning/fine-tuning-models",
            "max_examples": "https://docs.fireworks.ai/fine-tuning/fine-tuning-models",
        },
    )
)


def _mistral(name: str, *methods: str) -> TargetModel:
    # Mistral counts with mistral-common's tokenizer and publishes no per-example limit.
    return TargetModel(name=name, methods=frozenset(methods), source=_MI_DOC)


MISTRAL = register(
    Target(
        name="mistral",
        label="Mistral AI",
        # Instruct data and classifier data (MI14): Mistral has no DPO or RFT format.
        formats=("chat", "mistral-classifier"),
        methods={"mistral-classifier": "classification"},
        base="openai",
        add=frozenset(
            {"S501", "S502", "S503", "S504", "S505", "C501", "T501", "T502", "T503", "F902"}
        ),
        # Repeated roles are valid (MI4); no minimum number of examples is documented (MI13);
        # T503 (one answer per call, a final call unanswered) replaces the warning T003.
        drop=frozenset({"O001", "F001", "T003"}),
        # MI8: each tool's `parameters` must be a valid JSON Schema (opt-in under OpenAI).
        enable=frozenset({"T014"}),
        # MI8: every tool used must be defined, its `parameters` a valid draft 7 schema;
        # MI6: every tool_call_id must match an earlier call. (MI12: 512 MB per file, a
        # hard limit (413), is F005: Mistral has no multipart upload.)
        severity={
            "T009": Severity.ERROR,
            "T002": Severity.ERROR,
            "T014": Severity.ERROR,
            "J004": _BOM_WARNING,
        },
        # MI8: mistral-common checks each tool's `parameters` as a draft 7 schema.
        tool_schema_draft="draft-07",
        limits={"upload_bytes": 512 * MB, "validation_bytes": 1 * MB},
        models=(
            _mistral("open-mistral-7b", _SFT),
            _mistral("mistral-small-latest", _SFT),
            _mistral("codestral-latest", _SFT),
            _mistral("open-mistral-nemo", _SFT),
            _mistral("mistral-large-latest", _SFT),
            _mistral("ministral-8b-latest", _SFT),
            # The classifier factory trains ministral-3b-latest (MI14).
            TargetModel(
                name="ministral-3b-latest",
                methods=frozenset({_SFT, "classification"}),
                source=f"{_MI_DOC} ; {_MI_CLASSIFIER}",
            ),
            _mistral("pixtral-12b-latest", _SFT, _VIS),
        ),
        sources={
            "upload_bytes": _MI_DOC + " (FAQ)",
            "validation_bytes": _MI_DOC + " (FAQ: validation data at most 1 MB; reference MI12)",
            "models": _MI_DOC,
        },
    )
)
