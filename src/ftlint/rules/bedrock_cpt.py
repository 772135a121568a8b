"""Amazon Nova continued pre-training data (B050; reference BN15).

A provider-only rule for the ``bedrock-nova`` target: one line is ``{"text": ...}``, a
string that is not blank. Other keys are skipped, as AWS's checker skips them. The number
of lines is B030's (:mod:`.bedrock_files`): the checker holds CPT data to the SFT bounds.
Source: AWS's checker, ``CPTDatasetSample`` in
https://github.com/aws-samples/amazon-nova-samples/blob/1e88f24/customization/bedrock-finetuning/understanding/dataset_validation/nova_ft_dataset_validator.py
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.collect import Issue
from .bedrock import CPT, NOVA_CHECKER
from .explain_common import Explained, describe, explains_format, value_at
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

CPT_TEXT = define(
    "B050",
    "nova-cpt-text",
    ["BN15"],
    f"""
    A Nova continued pre-training line has no `text`, or a `text` that is not a string or
    is blank.

    AWS's checker takes `{{"text": "..."}}`: "'text' field must be a string", "'text'
    field must not be empty" (blank text counts as empty). Source: {NOVA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="M",
    source="BN-VAL",
    formats=(CPT,),
    default=False,
    bad='{"text": "   "}',
    good='{"text": "Paris is the capital of France."}',
)


@on_example(CPT)
def _cpt(example: Any, ctx: LineContext) -> None:
    if not example.text.strip():
        ctx.report("B050", "`text` is blank", ("text",), hint="give the document's text")


@explains_format(CPT)
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a CPT line: no `text`, or one that is not a string."""
    kind, path, _key, _reason = issue
    if kind == "missing":
        return Explained("B050", "the line has no `text`", 'a CPT line is {"text": "..."}', path)
    got = describe(value_at(obj, path))
    return Explained("B050", f"`text` must be a string, got {got}", None, path)
