"""Mistral AI's classifier data (S504-S505; reference MI14), in force with
``--target mistral`` only.

A classifier line is ``text`` (or ``messages``, a conversation to classify) plus
``labels``: an object that maps each label name to one value or a list of values, so
that several independent targets share a line. Sources: Mistral's classifier factory,
https://docs.mistral.ai/capabilities/finetuning/classifier_factory (MI-DOC).

Not checked: that every line names the same labels, and how many values a label takes
across the file (Mistral publishes no limit on either).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schema.collect import Issue
from .explain_common import Explained, describe, explains_format, plain, short_value, value_at
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

FORMAT = "mistral-classifier"
DOC = "https://docs.mistral.ai/capabilities/finetuning/classifier_factory"
GOOD = '{"text": "I love this product!", "labels": {"sentiment": "positive"}}'

INVALID = define(
    "S504",
    "invalid-classifier-example",
    ["MI14"],
    f"""
    A Mistral classifier line lacks `labels`, or a key holds the wrong type.

    Mistral's classifier data is `{{"text": "...", "labels": {{...}}}}` (or `messages`, a
    list of `{{role, content}}` string messages, instead of `text`); `labels` maps each
    label name to a string value or a list of string values. Source: {DOC}.
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-DOC",
    formats=(FORMAT,),
    default=False,
    bad='{"text": "I love this product!", "labels": ["positive"]}',
    good=GOOD,
)

SHAPE = define(
    "S505",
    "classifier-example-shape",
    ["MI14"],
    f"""
    A Mistral classifier line has both `text` and `messages`, or neither; or its text,
    labels or a label's list of values is empty.

    Each line classifies one text or one conversation, with at least one label and a
    value for each label. Source: {DOC}.
    """,
    treatment="REJECT",
    confidence="H",
    source="MI-DOC",
    formats=(FORMAT,),
    default=False,
    bad='{"labels": {"sentiment": "positive"}}',
    good=GOOD,
)


@on_example(FORMAT)
def _classifier(example: Any, ctx: LineContext) -> None:
    text, messages = example.text, example.messages
    has_text, has_messages = isinstance(text, str), isinstance(messages, list)
    if has_text == has_messages:
        what = "both `text` and `messages`" if has_text else "neither `text` nor `messages`"
        ctx.report(
            "S505", f"the line has {what}", (), hint="classify one text, or one conversation"
        )
    if has_text and not text.strip():
        ctx.report("S505", "`text` is blank", ("text",))
    if has_messages and not messages:
        ctx.report("S505", "`messages` is empty", ("messages",))
    if not example.labels:
        ctx.report("S505", "`labels` is empty; give at least one label", ("labels",))
    for name, value in example.labels.items():
        if isinstance(value, list) and not value:
            ctx.report("S505", f"label {name!r} has an empty list of values", ("labels", name))
        elif isinstance(value, str) and not value.strip():
            ctx.report("S505", f"label {name!r} has a blank value", ("labels", name))


@explains_format(FORMAT)
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a classifier line."""
    kind, path, key, reason = issue
    if kind == "missing":
        hint = '"labels": {"label name": "value"}' if key == "labels" else None
        return Explained("S504", f"missing required key `{key}`", hint, path)
    if path[:1] == ("labels",):
        hint = "labels maps each label name to a string or a list of strings"
        labels = value_at(obj, path[:1])
        if not isinstance(labels, dict):
            return Explained(
                "S504", f"`labels` must be an object, got {describe(labels)}", hint, path[:1]
            )
        # msgspec names the object, not the value in it: find the first wrong value.
        for name, value in labels.items():
            if not _label_value(value):
                message = (
                    f"label {name!r} must be a string or a list of strings, got {describe(value)}"
                )
                return Explained("S504", message, hint, ("labels", name))
    if path[-1:] == ("role",) or kind == "tag":
        value = short_value(value_at(obj, path))
        return Explained("S504", f"role {value} is not system, user or assistant", None, path)
    return Explained("S504", plain(reason), None, path)


def _label_value(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )
