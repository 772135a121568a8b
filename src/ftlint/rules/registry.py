"""The rule registry: every code ftlint can report, its documentation, and the hooks
that check it.

A rule is registered with :func:`define` in the module of its area (``structure.py`` for
the S codes, ``tools.py`` for the T codes...). Every rule cites the spec's rule numbers,
says how OpenAI treats a violation and how sure the spec is, and carries a failing and a
passing example line. The default severity follows from the treatment and the confidence
(see :func:`severity_for`).

Where a rule is detected depends on what it looks at:

- the reader and format detection (the J codes, F002, F003) and the explanation of lines
  that fail the typed decode (``explain_schema.py``: unknown keys, wrong types, bad roles)
  report from the engine's slow path;
- file-level rules report once every line is read (``Dataset.finish``);
- every check on a decoded, schema-valid example is a *hook*, a function registered with
  a decorator of this module (:func:`on_example`, :func:`on_message`, :func:`on_part`,
  :func:`on_text`, ...) in the module that defines its rules. ``walk.py`` makes one walk
  over each example and calls the hooks; a hook reports the rules of its own module, and
  it runs when any of them is enabled for the file's format.

So adding a rule checked on valid examples is one module (its ``define`` and its hook)
plus its fixtures and the README row, as S012 shows in ``structure.py``::

    NO_USER = define("S012", "no-user-message", ["R42"], doc, ..., formats=("chat",))

    @on_no_user("chat")
    def _no_user(ctx, messages, path):
        ...
        ctx.report("S012", "example has ... no user message", path)

A rule detected by the schema explanation or at file level also touches that layer.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterable
from typing import Literal, NamedTuple, TypeVar

import msgspec

from ..findings import Severity
from ..schema import FORMAT_NAMES, OPENAI_FORMATS

# Rule areas, by the letter that starts their codes, in the order the docs list them.
AREAS = {
    "J": "JSONL and encoding",
    "F": "File and dataset",
    "S": "Example and message structure",
    "C": "Message content",
    "T": "Tools and functions",
    "O": "Message order and training weights",
    "X": "Special tokens",
    "K": "Token limits",
    "V": "Vision",
    "D": "Preference (DPO)",
    "G": "Reinforcement (RFT)",
    "L": "Legacy prompt/completion",
    "B": "Amazon Bedrock",
    "Q": "Google Vertex AI Gemini",
    "M": "Conversion (ftlint convert)",
}
# The one format of the conversion rules (area M): what ``ftlint convert`` cannot carry
# from one format to another. No target checks them; their treatment is what the
# converter does (REJECT: the line goes to the rejects file unless an option allows a
# logged change), and they need not cite a spec rule (the source shapes have none).
CONVERSION = "convert"
# A rule's formats by default: OpenAI's. Native formats (issue #14) are named by their rules.
ALL_FORMATS = frozenset(OPENAI_FORMATS)
# Every format: the rules of the JSON Lines file itself and of its format as a whole (J,
# F002-F005), which hold whatever its examples look like.
EVERY_FORMAT = frozenset(FORMAT_NAMES)
# The formats whose examples hold a list of messages.
MESSAGE_FORMATS = ("chat", "preference", "reinforcement")
CODE_PATTERN = re.compile(r"^[A-Z][0-9]{3}$")
# A rule cites the OpenAI spec's rules (R13) or, for a provider-only rule, the provider
# reference's (AZ7 for Azure, TG10 for Together, ...: provider-formats.md), or one of
# its conversion tables (§8.1 to §8.4).
REF_PATTERN = re.compile(r"(R|AZ|TG|FW|MI|BN|BC|BL|BT|GV|GP)[0-9]+|§8\.[1-4]")

Treatment = Literal["REJECT", "REJECT?", "SKIP", "WARN", "INFO"]
Confidence = Literal["H", "M", "L"]
F = TypeVar("F", bound=Callable[..., object])


def severity_for(treatment: Treatment, confidence: Confidence) -> Severity:
    """The default severity of a rule, from how OpenAI treats a violation.

    - REJECT or REJECT? with confidence H or M: error (the upload or job fails);
    - REJECT or REJECT? with confidence L: warning (likely, but never observed);
    - SKIP (the item is dropped or truncated) and WARN (OpenAI tooling flags it): warning;
    - INFO (advice or a statistic): info.
    """
    if treatment in ("REJECT", "REJECT?"):
        return Severity.ERROR if confidence in ("H", "M") else Severity.WARNING
    if treatment in ("SKIP", "WARN"):
        return Severity.WARNING
    return Severity.INFO


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """A registered rule.

    Attributes:
        code: stable code, a letter for the area and three digits (``S005``).
        name: a short kebab-case name (``invalid-role``).
        severity: the default severity.
        refs: the spec's rule numbers this rule implements (``("R13",)``).
        treatment: how OpenAI treats a violation (REJECT, REJECT?, SKIP, WARN, INFO).
        confidence: how sure the spec is of that (H, M, L).
        source: where the rule comes from, in the spec's source tags.
        formats: the formats the rule applies to.
        doc: the user documentation; its first paragraph is the summary.
        bad: an example line that breaks the rule, or ``None`` for file-level rules.
        good: a near miss that passes, or ``None``.
        default: whether the rule is on without being selected (opt-in rules are costly).
        module: the module that defines the rule; its hooks report it.
    """

    code: str
    name: str
    severity: Severity
    refs: tuple[str, ...]
    treatment: str
    confidence: str
    source: str
    formats: frozenset[str]
    doc: str
    bad: str | None = None
    good: str | None = None
    default: bool = True
    module: str = ""

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation, on one line."""
        return " ".join(self.doc.strip().split("\n\n")[0].split())


REGISTRY: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if not CODE_PATTERN.match(rule.code) or rule.code[0] not in AREAS:
        raise ValueError(f"bad rule code {rule.code!r}")
    if rule.code in REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    conversion = rule.formats == {CONVERSION}
    if conversion != (rule.code[0] == "M") or (conversion and rule.default):
        raise ValueError(f"rule {rule.code}: area M is the opt-in conversion rules, alone")
    if (not rule.refs and not conversion) or not all(REF_PATTERN.fullmatch(r) for r in rule.refs):
        raise ValueError(f"rule {rule.code} must cite spec rule numbers such as R13 or AZ7")
    REGISTRY[rule.code] = rule
    return rule


def define(
    code: str,
    name: str,
    refs: Iterable[str],
    doc: str,
    *,
    treatment: Treatment,
    confidence: Confidence,
    source: str,
    formats: Iterable[str] = ALL_FORMATS,
    severity: Severity | None = None,
    bad: str | None = None,
    good: str | None = None,
    default: bool = True,
) -> Rule:
    """Register a rule, in the module whose hooks report it (if any hook does).

    ``severity`` overrides the mapping of :func:`severity_for`; the rule's doc must say why.
    """
    return _register(
        Rule(
            code=code,
            name=name,
            severity=severity or severity_for(treatment, confidence),
            refs=tuple(refs),
            treatment=treatment,
            confidence=confidence,
            source=source,
            formats=frozenset(formats),
            doc=inspect.cleandoc(doc),
            bad=bad,
            good=good,
            default=default,
            module=sys._getframe(1).f_globals["__name__"],
        )
    )


def get(code: str) -> Rule:
    """Return the rule for ``code`` (case-insensitive); raise ``KeyError`` if unknown."""
    return REGISTRY[code.upper()]


def ordered() -> list[Rule]:
    """Every rule registered so far, grouped by area in :data:`AREAS` order, then by code
    (:func:`ftlint.rules.ordered` registers them all first)."""
    area = list(AREAS)
    return sorted(REGISTRY.values(), key=lambda r: (area.index(r.code[0]), r.code))


# -- hooks: what the rule modules look at, for the one walk over each example -------------

Event = Literal[
    "example", "definitions", "message", "tool_calls", "part", "text", "tool_answer",
    "repeated_role",
    "late_system", "untrained", "no_user", "images", "turn_end", "last_not_user", "same_outputs",
    "end", "output", "system",
]  # fmt: skip


class Hook(NamedTuple):
    """A check that ``walk.py`` calls on one kind of event of the examples of ``formats``.

    ``types`` are the message or part classes that a ``message`` or ``part`` hook takes.
    """

    event: Event
    formats: frozenset[str]
    func: Callable[..., object]
    types: tuple[type, ...] = ()

    @property
    def module(self) -> str:
        """The module that registered the hook: the rules it reports are defined there."""
        return str(self.func.__module__)


HOOKS: list[Hook] = []


def _hook(event: Event, formats: Iterable[str], types: tuple[type, ...] = ()) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        HOOKS.append(Hook(event, frozenset(formats), func, types))
        return func

    return decorate


def on_example(*formats: str) -> Callable[[F], F]:
    """``func(example, ctx)``: once per schema-valid example of ``formats``."""
    return _hook("example", formats)


def on_message(*types: type, formats: Iterable[str] = MESSAGE_FORMATS) -> Callable[[F], F]:
    """``func(ctx, message, path, visit)``: each message of one of ``types`` that is not
    plain, at ``path``.

    A plain message has string content that is not empty, not only whitespace and has no
    "<", and no optional field (no ``name``, no tool or function call, ...): nothing in it
    can break a rule, so the walk skips it without a call (a tool message's
    ``tool_call_id`` is :func:`on_tool_answer`'s). Function messages are never plain.
    ``visit`` is the :class:`~ftlint.rules.walk.Visit` of the conversation.
    """
    return _hook("message", formats, types)


def on_tool_calls(*types: type, formats: Iterable[str] = MESSAGE_FORMATS) -> Callable[[F], F]:
    """``func(ctx, message, path, visit)``: each assistant message (of one of ``types``)
    with ``tool_calls`` or a ``function_call``.

    Such a message gets its :func:`on_message` hooks too, unless the calls are all it has
    (no content, name, audio, refusal or DPO weight).
    """
    return _hook("tool_calls", formats, types)


def on_part(*types: type, formats: Iterable[str] = MESSAGE_FORMATS) -> Callable[[F], F]:
    """``func(ctx, part, path, role, visit)``: each content part of one of ``types`` in a
    message of ``role``, at ``path``.

    Text parts, and the refusal parts of assistant content, are texts (:func:`on_text`).
    """
    return _hook("part", formats, types)


def on_text(*formats: str) -> Callable[[F], F]:
    """``func(ctx, text, path)``: each text of a message that is not plain (string content,
    text and refusal parts, an assistant's ``refusal``), of a DPO output, and the prompt
    and completion of a legacy example."""
    return _hook("text", formats or ALL_FORMATS)


def on_tool_answer(*formats: str) -> Callable[[F], F]:
    """``func(ctx, message, base, index, visit)``: every tool message, the ``index``-th of
    the messages at ``base`` (its path is built only to report)."""
    return _hook("tool_answer", formats)


def on_repeated_role(*formats: str) -> Callable[[F], F]:
    """``func(ctx, role, path)``: a user or assistant message right after one of its role."""
    return _hook("repeated_role", formats)


def on_late_system(*formats: str) -> Callable[[F], F]:
    """``func(ctx, path)``: a system message after a message of another role."""
    return _hook("late_system", formats)


def on_system(*formats: str) -> Callable[[F], F]:
    """``func(ctx, message)``: every system message, plain or not (the walk calls no
    ``message`` hook for a plain one)."""
    return _hook("system", formats)


def on_untrained(*formats: str) -> Callable[[F], F]:
    """``func(ctx, messages, path, last_assistant)``: a conversation without an assistant
    message of weight other than 0; ``last_assistant`` is -1 when it has none at all."""
    return _hook("untrained", formats)


def on_no_user(*formats: str) -> Callable[[F], F]:
    """``func(ctx, messages, path)``: a conversation without a user message, at ``path``
    (the walk keeps the roles it meets, so the common conversation costs no call)."""
    return _hook("no_user", formats)


def on_images(*formats: str) -> Callable[[F], F]:
    """``func(ctx, count, path)``: a conversation whose user messages hold ``count`` > 0
    images (counted in ``visit.images`` by the hooks of image parts)."""
    return _hook("images", formats)


def on_turn_end(*formats: str) -> Callable[[F], F]:
    """``func(ctx, visit)``: a turn ends (a message that is not a tool message, or the end
    of the conversation after a tool message) while ``visit.pending`` is truthy."""
    return _hook("turn_end", formats)


def on_last_not_user(*formats: str) -> Callable[[F], F]:
    """``func(ctx, message, path)``: a conversation whose last message, at ``path``, is
    not a user message."""
    return _hook("last_not_user", formats)


def on_same_outputs(*formats: str) -> Callable[[F], F]:
    """``func(ctx, path)``: a DPO example whose two outputs are equal; ``path`` is the
    non-preferred one's."""
    return _hook("same_outputs", formats)


def on_output(*formats: str) -> Callable[[F], F]:
    """``func(ctx, output) -> bool``: the output of each example: the last assistant
    message (a message Struct), a DPO example's preferred output (one too), or a legacy
    completion (a string).

    A hook returns whether it wants more: once it returns ``False`` the walk stops calling
    it for the rest of the file.
    """
    return _hook("output", formats)


def on_definitions(*formats: str) -> Callable[[F], F]:
    """``func(ctx, visit)``: the start of a conversation whose owner (``visit.owner``)
    defines `tools` (or, in chat, `functions`)."""
    return _hook("definitions", formats)


def on_end(*formats: str) -> Callable[[F], F]:
    """``func(ctx, visit)``: the end of a conversation in which a hook was called (a DPO
    example's ends after its outputs)."""
    return _hook("end", formats)


def module_rules(module: str) -> tuple[Rule, ...]:
    """The rules that ``module`` defines."""
    if _INDEXED[0] != len(REGISTRY):  # indexed again only if a rule was registered since
        index: dict[str, list[Rule]] = {}
        for rule in REGISTRY.values():
            index.setdefault(rule.module, []).append(rule)
        _BY_MODULE.clear()
        _BY_MODULE.update((name, tuple(rules)) for name, rules in index.items())
        _INDEXED[0] = len(REGISTRY)
    return _BY_MODULE.get(module, ())


# The rules of each module, which hooks_for asks for on every file, and how many rules
# were registered when the index was made.
_BY_MODULE: dict[str, tuple[Rule, ...]] = {}
_INDEXED = [0]


def hooks_for(fmt: str, enabled: Callable[[str], bool]) -> list[Hook]:
    """The hooks for ``fmt`` that report at least one enabled rule of the format, in
    registration order.

    The rules a hook reports are those of its module, so no list of codes is kept by hand;
    a hook may report a disabled rule of its module, and the engine drops that finding.
    """
    on: dict[str, bool] = {}
    chosen = []
    for hook in HOOKS:
        if fmt not in hook.formats:
            continue
        module = hook.module
        if module not in on:
            on[module] = any(
                fmt in rule.formats and enabled(rule.code) for rule in module_rules(module)
            )
        if on[module]:
            chosen.append(hook)
    return chosen
