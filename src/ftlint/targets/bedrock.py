"""Amazon Bedrock targets: ``bedrock-nova``, ``bedrock-llama``, ``bedrock-claude``,
``bedrock-text`` (provider reference §5).

Bedrock publishes no tokenizer for these models: token counts are estimates, with AWS's
own ratio where it gives one (3 characters per token for Claude 3 Haiku in AWS's checker,
6 for text-to-text models in the Bedrock guide, which ftlint applies to Llama 3.2 too).
No per-sample token limit is published for Nova (BN16).
"""

from __future__ import annotations

from ..findings import Severity
from .base import Target, TargetModel, register

# AWS's checkers read files as plain UTF-8: a byte-order mark fails line 1 (reference §7.3).
_BOM = {"J004": Severity.WARNING}

NOVA_DOC = (
    "https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html"
)
NOVA2_DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/nova-2-sft-data-prep.html"
NOVA_CHECKER = (
    "https://github.com/aws-samples/amazon-nova-samples/blob/1e88f24/customization/"
    "bedrock-finetuning/understanding/dataset_validation/nova_ft_dataset_validator.py"
)
LLAMA_CHECKER = (
    "https://github.com/aws-samples/amazon-bedrock-samples/tree/85fba9d/custom-models/"
    "bedrock-fine-tuning/meta-llama/dataset_validation"
)
CLAUDE_CHECKER = (
    "https://github.com/aws-samples/amazon-bedrock-samples/blob/e51a399/custom-models/"
    "bedrock-fine-tuning/claude-haiku/DataValidation/data_validation.py"
)
TEXT_DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/preparing-text-data.html"
TEXT_QUOTAS = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-training-validation-requirements.html"
CLAUDE_README = (
    "https://github.com/aws-samples/amazon-bedrock-samples/blob/e51a399/custom-models/"
    "bedrock-fine-tuning/claude-haiku/DataValidation/README.md"
)
# BN14, BN17: Nova 2 Lite's RFT data, and the prompts of a distillation job.
RFT_DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/rft-prepare-data.html"
DISTILL_DOC = (
    "https://docs.aws.amazon.com/bedrock/latest/userguide/distillation-data-prep-option-1.html"
)
# Methods of Nova's other formats. AWS's checker takes continued pre-training data (BN15)
# for every Nova model, with the SFT bounds; distillation trains Micro, Lite or Pro.
CPT = "continued pre-training"
DISTILLATION = "distillation"
MB = 1024**2
GB = 1024**3

NOVA = register(
    Target(
        name="bedrock-nova",
        label="Amazon Bedrock: Amazon Nova (SFT, DPO, RFT, CPT, distillation)",
        formats=(
            "bedrock-conversation",
            "bedrock-nova-dpo",
            "bedrock-nova-rft",
            "bedrock-nova-cpt",
            "bedrock-distillation",
        ),
        methods={
            "bedrock-conversation": "supervised",
            "bedrock-nova-dpo": "dpo",
            "bedrock-nova-rft": "reinforcement",
            "bedrock-nova-cpt": CPT,
            "bedrock-distillation": DISTILLATION,
        },
        severity=_BOM,
        add=frozenset(
            {
                *(f"B{n:03}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
                *("B012", "B013", "B014", "B015", "B016", "B020", "B021", "B030", "F903"),
                *("B040", "B041", "B042", "B043", "B050", "B060", "B061", "B062"),
                *("F904", "F905"),
            }
        ),
        # BN11: the minimum is the training set's; the maximum counts both files.
        limits={"min_examples": 8, "max_examples": 20_000, "total_max_examples": 20_000},
        models=(
            *(
                TargetModel(
                    name=f"amazon.nova-{size}-v1:0",
                    methods=frozenset(
                        {"supervised", "dpo", CPT, DISTILLATION}
                        | ({"vision"} if size != "micro" else set())
                    ),
                    source=f"{NOVA_DOC} ; {NOVA_CHECKER} (8 to 20,000 samples) ;"
                    f" {DISTILL_DOC} (students: Micro, Lite, Pro)",
                )
                for size in ("micro", "lite", "pro")
            ),
            TargetModel(
                name="amazon.nova-2-lite-v1:0",
                methods=frozenset({"supervised", "reinforcement", CPT, "vision"}),
                source=f"{NOVA2_DOC} ; {NOVA_CHECKER} (200 to 20,000 SFT samples)",
                # BN12: the checker fails a validation file for lite-2.0 as well.
                no_validation='a validation dataset "will not be supported during SFT'
                f" training\" ({NOVA2_DOC}; AWS's checker fails one: {NOVA_CHECKER})",
            ),
        ),
        sources={
            "docs": NOVA_DOC,
            "nova-2": NOVA2_DOC,
            "rft": RFT_DOC,
            "distillation": DISTILL_DOC,
            "checker": NOVA_CHECKER,
            "total_max_examples": f"{NOVA_CHECKER} (training plus validation at most the"
            " maximum, 20,000 samples; reference BN11)",
            "tokens": "not published: no tokenizer and no per-sample limit (reference BN16)",
        },
    )
)

LLAMA = register(
    Target(
        name="bedrock-llama",
        label="Amazon Bedrock: Meta Llama 3.2 (conversation schema)",
        formats=("bedrock-conversation",),
        methods={"bedrock-conversation": "supervised"},
        severity=_BOM,
        add=frozenset(
            {
                *("B001", "B002", "B003", "B004", "B007", "B008", "B011"),
                *("B017", "B018", "B019", "B031", "F901"),
            }
        ),
        limits={"max_examples": 10_000, "validation_max_examples": 1_000},
        models=(
            *(
                TargetModel(
                    name=f"meta.llama3-2-{size}-instruct-v1:0",
                    methods=frozenset(
                        {"supervised"} | ({"vision"} if size in ("11b", "90b") else set())
                    ),
                    max_tokens=10_000 if size == "90b" else 16_000,
                    # AWS publishes no Llama tokenizer; its ratio for text-to-text models.
                    chars_per_token=6,
                    source=f"{LLAMA_CHECKER} (README: 16K input tokens per row, 10K for 90B)"
                    f" ; {TEXT_DOC} (about 6 characters per token)",
                )
                for size in ("1b", "3b", "11b", "90b")
            ),
        ),
        sources={
            "checker": LLAMA_CHECKER,
            "validation_max_examples": f"{LLAMA_CHECKER} (README and checker: at most 10,000"
            " training and 1,000 validation records; reference BL3)",
            "tokens": "estimate, about 6 characters per token (Bedrock guide for text-to-text"
            " models; no Llama tokenizer is published)",
        },
    )
)

CLAUDE = register(
    Target(
        name="bedrock-claude",
        label="Amazon Bedrock: Anthropic Claude 3 Haiku",
        formats=("claude-messages",),
        methods={"claude-messages": "supervised"},
        severity=_BOM,
        add=frozenset({"B100", "B101", "B102", "B103", "B104", "B105", "F901", "F902", "F903"}),
        limits={
            "min_examples": 32,
            "max_examples": 10_000,
            # D-BC1: AWS's README gives 32 to 1,000 validation records, and its checker
            # applies the training limits to the validation file, a bug ftlint does not copy.
            "validation_min_examples": 32,
            "validation_max_examples": 1_000,
            "total_max_examples": 10_000,
            "upload_bytes": 10 * GB,
            "validation_bytes": 1 * GB,
        },
        models=(
            TargetModel(
                name="anthropic.claude-3-haiku-20240307-v1:0:200k",
                methods=frozenset({"supervised"}),
                max_tokens=32_000,
                chars_per_token=3,
                source=f"{CLAUDE_CHECKER} (estimate: len(text) // 3)",
            ),
        ),
        sources={
            "checker": CLAUDE_CHECKER,
            "validation_min_examples": f"{CLAUDE_README} (validation: 32 to 1,000 records;"
            " reference BC5, D-BC1)",
            "validation_max_examples": f"{CLAUDE_README} (validation: 32 to 1,000 records;"
            " reference BC5, D-BC1)",
            "total_max_examples": f"{CLAUDE_README} (training plus validation at most 10,000"
            " records; reference BC5)",
            "validation_bytes": f"{CLAUDE_CHECKER} (validation file at most 1 GB; reference BC7)",
            "tokens": "estimate, 3 characters per token (AWS)",
        },
    )
)

TEXT = register(
    Target(
        name="bedrock-text",
        label="Amazon Bedrock: text-to-text models (prompt/completion)",
        formats=("completion",),
        methods={"completion": "supervised"},
        severity=_BOM,
        # The shape is OpenAI's legacy one (BT1): L001, one of OpenAI's rules on that format
        # (so in force here without being added), says when it is broken.
        limits={"upload_bytes": 1 * GB, "validation_bytes": 100 * MB},
        models=(
            TargetModel(
                name="meta.llama3-1-8b-instruct-v1:0",
                methods=frozenset({"supervised"}),
                chars_per_token=6,
                source=f"{LLAMA_CHECKER} ; {TEXT_DOC} (about 6 characters per token)",
            ),
            TargetModel(
                name="meta.llama3-1-70b-instruct-v1:0",
                methods=frozenset({"supervised"}),
                chars_per_token=6,
                source=f"{LLAMA_CHECKER} ; {TEXT_DOC} (about 6 characters per token)",
            ),
        ),
        add=frozenset({"F902"}),
        sources={
            "docs": TEXT_DOC,
            "quotas": TEXT_QUOTAS,
            "validation_bytes": f"{TEXT_QUOTAS} (validation file 100 MB; reference BT2)",
            "tokens": "estimate, about 6 characters per token (Bedrock guide)",
        },
    )
)
