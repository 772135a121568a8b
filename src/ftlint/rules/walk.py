"""The one walk over each valid example: it calls the hooks that the rule modules register.

One pass per example, whatever the number of rules, keeps the per-line cost low: each
message is visited once and its type decides which hooks apply. This module holds no rule
and reports nothing. It knows the shape of the formats (where the messages, texts, content
parts and outputs are) and which messages are plain, and it calls the hooks of the enabled
rules (``registry.hooks_for``). The walk is compiled per format and set of enabled rules
into one callable per event (the hook itself when it has one), so an event costs one call,
and nothing when no enabled hook takes it. Facts the walk keeps anyway (the roles met, the
last assistant message) are events too, rather than hooks that look at every example.

Most messages are plain: string content that is not empty, not only whitespace and has
no "<" (so no special token), and no optional field. They are recognised inline, without
a call, so the hooks, the paths and the :class:`Visit` are only made for the others.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import msgspec
from msgspec import UNSET

from ..schema import OPENAI_KINDS, Kinds
from ..schema.collect import Path
from ..schema.messages import AssistantOutput, RefusalPart, TextPart
from .context import LineContext
from .registry import Hook, hooks_for

ExampleCheck = Callable[[Any, LineContext], None]
Checks = tuple[ExampleCheck, ...]
_T = TypeVar("_T")
Hooks = tuple[Callable[..., Any], ...]
_Outputs = Callable[[LineContext, tuple[Any, Any], "Visit"], None]

_MESSAGES: Path = ("messages",)
_INPUT: Path = ("input",)
_INPUT_MESSAGES: Path = ("input", "messages")
_OUTPUTS = ("preferred_output", "non_preferred_output")
_SECOND_OUTPUT: Path = ("non_preferred_output", 0)


class Visit(msgspec.Struct, gc=False):
    """What the hooks share while the walk over one conversation lasts.

    Made when the first hook of the conversation is called; hooks must not keep it.

    Attributes:
        owner: the object that holds ``messages`` (and ``tools``): the example, or a DPO
            example's ``input`` (whose visit goes on over the two outputs).
        at: the path of ``owner``.
        images: the image parts of user messages so far.
        calls: the tool-call bookkeeping of ``tools.py``, made on first use.
        pending: truthy while a hook waits for the end of the turn (``on_turn_end``):
            the hook's own collection of open items, say, which empties as they close.
    """

    owner: Any
    at: Path
    images: int = 0
    calls: Any = None
    pending: Any = None


class _Table:
    """The enabled hooks of one format, as tuples by event (and by class).

    Hooks name OpenAI's classes; a target's dialect may decode other classes, which
    stand for them (:class:`~ftlint.schema.Kinds`): a hook takes those too. Each answer
    is worked out once (``_memo``): a table serves every file of its format and rules
    (:func:`compiled`), and each file's walk is made from it anew.
    """

    def __init__(self, hooks: list[Hook], kinds: Kinds) -> None:
        self.hooks = hooks
        self.kinds = kinds
        self.base = kinds.classes()
        self.variant = {base: cls for cls, base in self.base.items()}
        self._memo: dict[tuple[str, str, type | None], Any] = {}

    def event(self, event: str) -> Hooks:
        return self._memoized(
            ("event", event, None), lambda: tuple(h.func for h in self.hooks if h.event == event)
        )

    def typed(self, event: str, cls: type) -> Hooks:
        base = self.base.get(cls, cls)
        return self._memoized(
            ("typed", event, cls),
            lambda: tuple(h.func for h in self.hooks if h.event == event and base in h.types),
        )

    def by_type(self, event: str) -> dict[type, Hooks]:
        """The hooks of ``event`` by the class they take, as the dialect decodes it (the
        same dict for every caller: read it, do not change it)."""

        def make() -> dict[type, Hooks]:
            types = {t for h in self.hooks if h.event == event for t in h.types}
            return {self.variant.get(t, t): self.typed(event, t) for t in types}

        return self._memoized(("by_type", event, None), make)

    def one(self, event: str, cls: type | None = None) -> Callable[..., Any] | None:
        """The hooks of ``event`` (that take ``cls``) as one callable, or ``None``."""
        return self._memoized(
            ("one", event, cls),
            lambda: _chain(self.event(event) if cls is None else self.typed(event, cls)),
        )

    def _memoized(self, key: tuple[str, str, type | None], make: Callable[[], _T]) -> _T:
        memo = self._memo
        if key not in memo:
            memo[key] = make()
        return cast("_T", memo[key])


def _chain(hooks: Hooks) -> Callable[..., Any] | None:
    """``None`` for no hook, the hook itself for one (most events have one), else a
    callable that calls each in order: the walk makes one call per event, not a loop."""
    if not hooks:
        return None
    if len(hooks) == 1:
        return hooks[0]
    if len(hooks) == 2:  # (the usual case of several: two calls, no loop)
        first, second = hooks

        def both(*args: Any) -> None:
            first(*args)
            second(*args)

        return both

    def each(*args: Any) -> None:
        for hook in hooks:
            hook(*args)

    return each


def _content_walker(table: _Table) -> Callable[[LineContext, Any, Path, str, Visit], None]:
    """The dispatch of one message's content (a string, or parts) at ``path``."""
    text = table.one("text")
    parts = {t: _chain(hooks) for t, hooks in table.by_type("part").items()}
    image = table.kinds.image

    def content(ctx: LineContext, c: Any, path: Path, role: str, visit: Visit) -> None:
        if type(c) is str:
            if text is not None:
                text(ctx, c, path)
            return
        for j, part in enumerate(c):
            t = type(part)
            if t is TextPart:
                if text is not None:
                    text(ctx, part.text, (*path, j, "text"))
            elif t is RefusalPart and role == "assistant":
                if text is not None:
                    text(ctx, part.refusal, (*path, j, "refusal"))
            else:
                if t is image and role == "user":
                    visit.images += 1  # the example's images: only user messages take them
                hook = parts.get(t)
                if hook is not None:
                    hook(ctx, part, (*path, j), role, visit)

    return content


def _any_content(table: _Table) -> bool:
    """Whether a hook looks into content: its texts, its parts, or the images it holds."""
    return bool(table.event("text") or table.by_type("part") or table.event("images"))


def _assistant_walker(table: _Table, cls: type) -> Callable[[LineContext, Any, Path, Visit], None]:
    """The hooks and texts of an assistant message (or DPO output) that is not plain."""
    hooks = table.one("message", cls)
    calls_hooks = table.one("tool_calls", cls)
    weighted = cls is table.kinds.output  # a DPO output's `weight` is for a hook to see
    text = table.one("text")
    content = _content_walker(table)
    any_content = _any_content(table)

    def assistant(ctx: LineContext, m: Any, path: Path, visit: Visit) -> None:
        c = m.content
        calls, fcall = m.tool_calls, m.function_call
        if calls is not UNSET or fcall is not UNSET:
            if calls_hooks is not None:
                calls_hooks(ctx, m, path, visit)
            # A message of calls and nothing else is plain but for its calls.
            if (
                (c is None or c is UNSET)
                and (calls or (fcall is not UNSET and fcall is not None))
                and m.name is UNSET
                and m.audio is UNSET
                and m.refusal is UNSET
                and (not weighted or m.weight is UNSET)
            ):
                return
        if hooks is not None:
            hooks(ctx, m, path, visit)
        if any_content and c is not UNSET and c is not None:
            content(ctx, c, (*path, "content"), "assistant", visit)
        if text is not None and type(m.refusal) is str:
            text(ctx, m.refusal, (*path, "refusal"))

    return assistant


def _plain_assistant(m: Any) -> bool:
    """An assistant message with plain text (see the module doc) and no other field."""
    c = m.content
    return (
        type(c) is str
        and c != ""
        and "<" not in c
        and not c.isspace()
        and m.tool_calls is UNSET
        and m.function_call is UNSET
        and m.name is UNSET
        and m.audio is UNSET
        and m.refusal is UNSET
    )


def _outputs_walker(table: _Table) -> _Outputs | None:
    """The hooks of the two outputs of a DPO example, or ``None`` if none is enabled."""
    if not (table.typed("message", AssistantOutput) or _any_content(table)):
        return None
    assistant = _assistant_walker(table, table.kinds.output)

    def outputs(ctx: LineContext, pair: tuple[Any, Any], visit: Visit) -> None:
        for output, key in zip(pair, _OUTPUTS, strict=True):
            if output.weight is not UNSET or not _plain_assistant(output):
                assistant(ctx, output, (key, 0), visit)

    return outputs


def _output_lists_walker(table: _Table) -> _Outputs | None:
    """The hooks of every message of the two outputs of a DPO example whose outputs may
    hold several messages, tool messages among them (Azure), or ``None``."""
    if not (table.typed("message", AssistantOutput) or _any_content(table)):
        return None
    output: Any = table.kinds.output  # Any: `type(m) is output` must not narrow m
    assistant = _assistant_walker(table, output)
    message = _message_walker(table)

    def outputs(ctx: LineContext, pair: tuple[Any, Any], visit: Visit) -> None:
        for items, key in zip(pair, _OUTPUTS, strict=True):
            for j, m in enumerate(items):
                if type(m) is output:
                    if m.weight is not UNSET or not _plain_assistant(m):
                        assistant(ctx, m, (key, j), visit)
                else:
                    message(ctx, m, (key, j), "tool", visit)

    return outputs


def _message_walker(table: _Table) -> Callable[[LineContext, Any, Path, str, Visit], None]:
    """The hooks and content of a user, system, developer, tool or function message that
    is not plain (its content is walked only if it is not plain text)."""
    hooks = {t: _chain(by_type) for t, by_type in table.by_type("message").items()}
    text = table.one("text")
    content = _content_walker(table)
    any_content = _any_content(table)

    def message(ctx: LineContext, m: Any, path: Path, role: str, visit: Visit) -> None:
        hook = hooks.get(type(m))
        if hook is not None:
            hook(ctx, m, path, visit)
        c = m.content
        if type(c) is str:
            if text is not None and (not c or "<" in c or c.isspace()):
                text(ctx, c, (*path, "content"))
        elif any_content and c is not None:
            content(ctx, c, (*path, "content"), role, visit)

    return message


def _messages_walker(table: _Table, fmt: str) -> ExampleCheck:
    """The walk over the messages of an example of ``fmt`` (for DPO, over its input, then
    its two outputs), for the enabled hooks of ``table``.

    Each event is one callable or ``None`` (see :func:`_chain`), so a message costs at most
    one call per event, and none for an event that no enabled hook takes.
    """
    kinds = table.kinds
    # The classes of the target's messages, as locals of the walk (OpenAI's by default).
    User, Assistant, System = kinds.user, kinds.assistant, kinds.system
    Tool, Function, Output = kinds.tool, kinds.function, kinds.output
    dpo = fmt == "preference"
    several = dpo and kinds.outputs  # DPO outputs of several messages (Azure)
    functions = fmt == "chat" and kinds.functions  # only chat examples may define `functions`
    base, at = (_INPUT_MESSAGES, _INPUT) if dpo else (_MESSAGES, ())
    outputs = _outputs_walker(table) if dpo and not several else None
    output_lists = _output_lists_walker(table) if several else None
    assistant = _assistant_walker(table, Assistant)
    message = _message_walker(table)
    on = {
        cls: bool(table.typed("message", cls) or _any_content(table))
        for cls in (User, System, kinds.developer, Tool)
    }
    on_user, on_system, on_developer, on_tool = on.values()
    on_function = bool(table.typed("message", Function) or table.event("text"))
    on_assistant = bool(
        table.typed("message", Assistant)
        or table.typed("tool_calls", Assistant)
        or _any_content(table)
    )
    # An assistant message of tool calls and nothing else (most of them in tool-heavy
    # data) goes to its `tool_calls` hook straight from the loop.
    calls_only = table.one("tool_calls", Assistant)
    facts = ("tool_answer", "repeated_role", "late_system", "untrained", "images", "turn_end")
    answer, repeated, late_system, untrained, images, turn_end = map(table.one, facts)
    system = table.one("system")
    no_user, last_not_user, same_outputs = map(
        table.one, ("no_user", "last_not_user", "same_outputs")
    )
    definitions, end = table.one("definitions"), table.one("end")
    output = table.event("output")

    def outputs_of(ctx: LineContext, message: Any) -> None:
        nonlocal output
        for hook in output:
            if not hook(ctx, message):
                output = tuple(h for h in output if h is not hook)  # retired for the file

    def walk(example: Any, ctx: LineContext) -> None:
        owner = example.input if dpo else example
        messages = owner.messages
        visit: Visit | None = None
        if definitions is not None and (
            owner.tools is not UNSET or (functions and owner.functions is not UNSET)
        ):
            visit = Visit(owner, at)
            definitions(ctx, visit)
        previous: type | None = None
        users = False  # whether a user message was met
        systems = 0  # system messages so far: one after any other message is late
        last_assistant = -1
        trained = False  # whether an assistant message has a weight other than 0
        for i, m in enumerate(messages):
            t = type(m)
            if visit is not None and visit.pending and t is not Tool and turn_end is not None:
                turn_end(ctx, visit)
            if t is User:
                users = True
                c = m.content
                if (
                    type(c) is not str or not c or "<" in c or c.isspace() or m.name is not UNSET
                ) and on_user:
                    message(ctx, m, (*base, i), "user", visit or (visit := Visit(owner, at)))
                if previous is User and repeated is not None:
                    repeated(ctx, "user", (*base, i))
            elif t is Assistant:
                last_assistant = i
                if not trained and (m.weight is UNSET or m.weight):
                    trained = True
                c = m.content
                if type(c) is str:
                    if (
                        not c
                        or "<" in c
                        or c.isspace()
                        or m.tool_calls is not UNSET
                        or m.function_call is not UNSET
                        or m.name is not UNSET
                        or m.audio is not UNSET
                        or m.refusal is not UNSET
                    ) and on_assistant:
                        assistant(ctx, m, (*base, i), visit or (visit := Visit(owner, at)))
                elif (
                    (c is None or c is UNSET)
                    and m.tool_calls
                    and m.function_call is UNSET
                    and m.name is UNSET
                    and m.audio is UNSET
                    and m.refusal is UNSET
                ):
                    if calls_only is not None:
                        calls_only(ctx, m, (*base, i), visit or (visit := Visit(owner, at)))
                elif on_assistant:
                    assistant(ctx, m, (*base, i), visit or (visit := Visit(owner, at)))
                if previous is Assistant and repeated is not None:
                    repeated(ctx, "assistant", (*base, i))
            elif t is Tool:
                if answer is not None:
                    answer(ctx, m, base, i, visit or (visit := Visit(owner, at)))
                c = m.content
                if (type(c) is not str or not c or "<" in c or c.isspace()) and on_tool:
                    message(ctx, m, (*base, i), "tool", visit or (visit := Visit(owner, at)))
            elif t is Function:
                if on_function:
                    message(ctx, m, (*base, i), "function", visit or (visit := Visit(owner, at)))
            else:  # system or developer
                c = m.content
                if (
                    type(c) is not str or not c or "<" in c or c.isspace() or m.name is not UNSET
                ) and (on_system if t is System else on_developer):
                    role = m.__struct_config__.tag
                    message(ctx, m, (*base, i), role, visit or (visit := Visit(owner, at)))
                if t is System:
                    if system is not None:
                        system(ctx, m)
                    if i > systems and late_system is not None:
                        late_system(ctx, (*base, i))
                    systems += 1
            previous = t
        if visit is not None:
            if visit.pending and previous is Tool and turn_end is not None:
                turn_end(ctx, visit)
            if visit.images and images is not None:
                images(ctx, visit.images, base)
        if not trained and untrained is not None:
            untrained(ctx, messages, base, last_assistant)
        if not users and no_user is not None:
            no_user(ctx, messages, base)
        if previous is not User and last_not_user is not None:
            last_not_user(ctx, messages[-1], (*base, len(messages) - 1))
        if several:  # the two outputs continue the input
            pair = example.preferred_output, example.non_preferred_output
            if same_outputs is not None and pair[0] == pair[1]:
                same_outputs(ctx, _SECOND_OUTPUT[:1])
            if output_lists is not None:
                output_lists(ctx, pair, visit or (visit := Visit(owner, at)))
        elif dpo:  # the two outputs continue the input
            preferred, other = example.preferred_output[0], example.non_preferred_output[0]
            if same_outputs is not None and preferred == other:
                same_outputs(ctx, _SECOND_OUTPUT)
            # Most pairs are two plain answers without `weight`: nothing to look at.
            if outputs is not None and not (
                preferred.weight is UNSET
                and other.weight is UNSET
                and _plain_assistant(preferred)
                and _plain_assistant(other)
            ):
                outputs(ctx, (preferred, other), visit or (visit := Visit(owner, at)))
        if visit is not None and end is not None:
            end(ctx, visit)
        if output and (dpo or last_assistant >= 0):
            if several:  # the first assistant message of the preferred output, if any
                first = next((m for m in example.preferred_output if type(m) is Output), None)
                if first is not None:
                    outputs_of(ctx, first)
            else:
                outputs_of(ctx, example.preferred_output[0] if dpo else messages[last_assistant])

    return walk


def _joined_text(content: Any) -> str:
    """A string, or the text parts of a list of parts joined."""
    if type(content) is str:
        return content
    return "".join(part.text for part in content if type(part) is TextPart)


def _instruction_walker(table: _Table) -> ExampleCheck:
    """The walk over prompt/completion examples whose prompt and completion may be lists
    of parts (Together's instruction data): the prompt's parts are a user's, the
    completion's an assistant's, so an image in the completion is V001's."""
    content = _content_walker(table)
    output = table.event("output")
    images = table.one("images")

    def instruction(example: Any, ctx: LineContext) -> None:
        nonlocal output
        visit = Visit(example, ())
        content(ctx, example.prompt, ("prompt",), "user", visit)
        content(ctx, example.completion, ("completion",), "assistant", visit)
        if visit.images and images is not None:
            images(ctx, visit.images, ())
        for hook in output:
            if not hook(ctx, _joined_text(example.completion)):
                output = tuple(h for h in output if h is not hook)  # retired for the file

    return instruction


def _compile(fmt: str, table: _Table) -> ExampleCheck:
    """The walk over the examples of ``fmt``, calling the hooks of ``table``."""
    if fmt == "completion" and table.kinds.prompt_parts:
        return _instruction_walker(table)
    if fmt == "text":
        texts = table.one("text")

        def generic(example: Any, ctx: LineContext) -> None:
            if texts is not None:
                texts(ctx, example.text, ("text",))

        return generic
    if fmt == "completion":
        text = table.event("text")
        output = table.event("output")

        def completion(example: Any, ctx: LineContext) -> None:
            nonlocal output
            for hook in text:
                hook(ctx, example.prompt, ("prompt",))
                hook(ctx, example.completion, ("completion",))
            for hook in output:
                if not hook(ctx, example.completion):
                    output = tuple(h for h in output if h is not hook)  # retired for the file

        return completion
    return _messages_walker(table, fmt)


def checks_for(
    fmt: str, enabled: Callable[[str], bool] = lambda code: True, kinds: Kinds = OPENAI_KINDS
) -> tuple[ExampleCheck, ...]:
    """The checks to run on each schema-valid example of ``fmt``: the example hooks of the
    enabled rules, then the walk (if any of its hooks is enabled). ``kinds`` are the
    classes of the target's examples (see :mod:`ftlint.schema.dialects`)."""
    return _with_walk(fmt, *_plan(fmt, enabled, kinds))


@functools.lru_cache(maxsize=64)
def _planned(fmt: str, enabled: frozenset[str], kinds: Kinds) -> tuple[Checks, _Table | None]:
    return _plan(fmt, enabled.__contains__, kinds)


def _plan(fmt: str, enabled: Callable[[str], bool], kinds: Kinds) -> tuple[Checks, _Table | None]:
    """The example hooks of the enabled rules, and the table of the walk's (if any)."""
    hooks = hooks_for(fmt, enabled)
    checks = tuple(cast("ExampleCheck", h.func) for h in hooks if h.event == "example")
    walked = [h for h in hooks if h.event != "example"]
    return checks, _Table(walked, kinds) if walked else None


def compiled(fmt: str, enabled: frozenset[str], kinds: Kinds) -> Checks:
    """:func:`checks_for`, with the rules' hooks looked up once per format, set of enabled
    rules and dialect (a check of many small files spent a fifth of its time there). The
    walk itself is made anew for each file from the table: it holds the file's state
    (the output hooks done with the file)."""
    return _with_walk(fmt, *_planned(fmt, enabled, kinds))


def _with_walk(fmt: str, checks: Checks, table: _Table | None) -> Checks:
    """The example hooks, then a new walk over the table's hooks, if it has any."""
    return checks if table is None else (*checks, _compile(fmt, table))
