"""How to check: the :class:`Options` value, and the callbacks a check takes.

The check functions take one :class:`Options`; their keyword form (``format="chat"``)
goes through :func:`options_of`, so the fields are listed and documented once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, TypedDict

import msgspec

from .. import schema, targets
from ..findings import Finding
from ..reader import MAX_LINE_BYTES

# Rules that only mean something for a given --model (token limits, method and vision).
MODEL_RULES = frozenset({"K001", "F009", "F010"})

FORMAT_CHOICES = ("auto", *schema.FORMAT_NAMES)
Progress = Callable[[int], None]
Listener = Callable[[Finding], None]
# Called with (example, line number, raw line) for each valid example, after its checks:
# how statistics see the data without a second pass.
Observer = Callable[[Any, int, bytes], None]


class Options(msgspec.Struct, frozen=True, kw_only=True):
    """How to check.

    Attributes:
        format: ``"auto"`` or one of ``chat``, ``completion``, ``preference``,
            ``reinforcement``.
        max_findings: keep at most this many line findings per file; all are counted.
        rules: the enabled rule codes (see :func:`ftlint.select_rules`); ``None`` for the
            default rules.
        model: a model of the target (``ftlint.base_models`` for OpenAI, where a fine-tuned
            ``ft:BASE:ORG::ID`` counts as its base) for the model-dependent rules.
        target: the provider whose formats and rules apply (``ftlint.targets``).
        max_line_bytes: a line longer than this (without its newline) is not read into
            memory: it is skimmed to its end and reported (J011).
        validation: the file is a job's validation file (``check --validation``): the
            file-level rules apply the target's validation limits, not the training ones.
        fold_after: for a report that shows only the first findings of each rule and
            counts the rest (``ftlint check``'s text output folds a rule's findings past
            ``reporters.common.FOLD_ABOVE``): once a rule has this many line findings on
            earlier lines of a file, its next ones are only counted, with their lines
            (``FileReport.folded``), and rules may leave out the costly parts of their
            message. ``None``: every finding in full.

    Raises:
        ValueError: an unknown target, a format the target does not take, a model it does
            not train, or a count out of range, when the options are made.
    """

    format: str = "auto"
    max_findings: int | None = None
    rules: frozenset[str] | None = None
    model: str | None = None
    target: str = targets.DEFAULT
    max_line_bytes: int = MAX_LINE_BYTES
    validation: bool = False
    fold_after: int | None = None

    def __post_init__(self) -> None:
        _check_count("max_line_bytes", self.max_line_bytes, 1)
        if self.max_findings is not None:
            _check_count("max_findings", self.max_findings, 0)
        if self.fold_after is not None:
            _check_count("fold_after", self.fold_after, 0)
        if self.target not in targets.TARGETS:
            choices = ", ".join(targets.names())
            raise ValueError(f"unknown target {self.target!r}; choose from {choices}")
        spec = targets.get(self.target)
        if self.format != "auto" and self.format not in spec.formats:
            choices = ", ".join(("auto", *spec.formats))
            raise ValueError(
                f"unknown format {self.format!r}"
                + ("" if self.target == targets.DEFAULT else f" for target {self.target}")
                + f"; choose from {choices}"
            )
        if self.model is not None and spec.model(self.model) is None:
            choices = ", ".join(spec.model_names()) or "none (it publishes no model table)"
            raise ValueError(
                f"unknown model {self.model!r}"
                + ("" if self.target == targets.DEFAULT else f" for target {self.target}")
                + f"; choose from {choices}"
            )


def _check_count(name: str, value: object, least: int) -> None:
    if type(value) is not int or value < least:
        raise ValueError(f"{name} must be an integer of at least {least}, not {value!r}")


class OptionFields(TypedDict, total=False):
    """The fields of :class:`Options`, as keyword arguments of the check functions.

    ``rules`` may be any collection of codes here; it becomes a frozenset.
    """

    format: str
    max_findings: int | None
    rules: Collection[str] | None
    model: str | None
    target: str
    max_line_bytes: int
    validation: bool
    fold_after: int | None


def options_of(options: Options | None, fields: OptionFields) -> Options:
    """``options`` (by default ``Options()``) with the keyword ``fields`` put over it.

    Raises:
        TypeError: a keyword that is not a field of :class:`Options`.
        ValueError: an unknown format or model.
    """
    base = Options() if options is None else options
    if not fields:
        return base
    changes: dict[str, Any] = dict(fields)
    rules = changes.get("rules")
    if rules is not None:
        changes["rules"] = frozenset(rules)
    return msgspec.structs.replace(base, **changes)
