"""The semantic checks: one walk over each valid example reports every message-level rule.

One pass per example, whatever the number of rules, keeps the per-line cost low: each
message is visited once, its type decides what applies, and costly work (special-token
regex, JSON parsing of tool arguments, JSON Schema validation, image sniffing) happens
only when a cheap test says it can matter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import UNSET

from ..schema.messages import (
    AssistantMessage,
    AssistantOutput,
    FunctionCall,
    FunctionMessage,
    ImagePart,
    RefusalPart,
    SystemMessage,
    TextPart,
    ToolMessage,
    UserMessage,
)
from . import argschema
from .registry import example_check
from .special_tokens import SPECIAL_TOKEN
from .tools import FUNCTION_NAME
from .vision import MAX_IMAGES_PER_EXAMPLE, check_url

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..schema.chat import ChatExample
    from ..schema.collect import Path
    from ..schema.completion import CompletionExample
    from ..schema.preference import PreferenceExample
    from ..schema.reinforcement import ReinforcementExample
    from .context import LineContext

_MESSAGE_NAME = re.compile(r"[a-zA-Z0-9_]{1,64}")
_JSON = msgspec.json.Decoder()

CONVERSATION_CODES = (
    "S008", "C002", "C003", "C004", "C005", "C006", "C007", "C008", "T002", "T003",
    "T004", "T007", "T008", "T009", "T010", "T011", "T012", "T013", "O001", "O002",
    "O003", "X001", "V003", "V004", "V005", "V006",
)  # fmt: skip


class _Calls:
    """Tool calls of one example: the ids seen, those still unanswered, and definitions."""

    __slots__ = (
        "defs", "function_call_at", "ids", "open", "schemas", "tool_calls_at", "validators",
    )  # fmt: skip

    def __init__(self, defs: dict[str, Any] | None, schemas: bool) -> None:
        # Per function of this example: a schema is looked up (its bytes compared) once,
        # however many calls there are.
        self.validators: dict[str, argschema.Validator] = {}
        self.ids: set[str] = set()
        # Call id -> the `tool_calls` path and index of the call: its path is built only
        # if it is reported.
        self.open: dict[str, tuple[Path, int]] = {}
        self.defs = defs
        self.schemas = schemas  # whether T012 is checked, asked once per example
        # The first message that uses each mechanism, for T010.
        self.tool_calls_at: Path | None = None
        self.function_call_at: Path | None = None


# Names already known to be valid, so that each regex runs once per distinct name rather
# than once per use. Only valid names are kept, so a name's verdict never depends on other
# lines; the sets are emptied when full, to bound their memory.
_KNOWN_NAMES_MAX = 4096
_KNOWN_FUNCTION_NAMES: set[str] = set()
_KNOWN_MESSAGE_NAMES: set[str] = set()


def _valid(name: str, pattern: re.Pattern[str], known: set[str]) -> bool:
    if name in known:
        return True
    if pattern.fullmatch(name) is None:
        return False
    if len(known) >= _KNOWN_NAMES_MAX:
        known.clear()
    known.add(name)
    return True


def _object_json(raw: Any) -> bool:
    """Whether raw ``parameters`` JSON is an object (or absent)."""
    # The first byte decides, without decoding the schema (a rare leading space aside).
    return raw is UNSET or bytes(raw)[:1] == b"{" or bytes(raw).lstrip()[:1] == b"{"


def _definitions(tools: Any, functions: Any) -> tuple[dict[str, Any] | None, bool]:
    """Function name -> its ``parameters`` (or UNSET), or ``None`` when nothing is defined;
    and whether every definition is fine (else `_definition_names` reports it).

    One pass serves both, so the common example reads its definitions once; the rare one
    with a bad definition reads them again to report, after the messages' findings.
    """
    if tools is UNSET and functions is UNSET:
        return None, True
    defs: dict[str, Any] = {}
    fine = True
    known = _KNOWN_FUNCTION_NAMES
    if tools is not UNSET:
        for tool in tools:
            function = tool.function
            name = function.name
            params = defs[name] = function.parameters
            if fine and not (
                (name in known or _valid(name, FUNCTION_NAME, known)) and _object_json(params)
            ):
                fine = False
    if functions is not UNSET:
        for function in functions:
            name = function.name
            params = defs[name] = function.parameters
            if fine and not (
                (name in known or _valid(name, FUNCTION_NAME, known)) and _object_json(params)
            ):
                fine = False
    return defs, fine


def _text(ctx: LineContext, text: str, path: Path, *, empty_ok: bool = False) -> None:
    """Special tokens and emptiness of one text."""
    # A one-character search runs at memchr speed; "<|" as a two-character needle is
    # several times slower, and "<" is rare in most text.
    if "<" in text and "<|" in text:
        match = SPECIAL_TOKEN.search(text)
        if match is not None:
            ctx.report(
                "X001",
                f"text contains the special token {match.group()}",
                path,
                hint="OpenAI rejects special-token strings in training data; remove or escape"
                " it (for example `<| endoftext |>`)",
            )
    if not empty_ok and (not text or text.isspace()):
        ctx.report("C008", "content is empty" if not text else "content is only whitespace", path)


def _a(word: str) -> str:
    """``"an assistant"``, ``"a user"``: the article for a role name."""
    return f"{'an' if word[:1] in 'aei' else 'a'} {word}"


_TAKES = {
    "system": "text",
    "developer": "text",
    "tool": "text (and tool content should be a plain string)",
    "user": "text and image_url",
    "assistant": "text, or one refusal",
}


def _parts(
    ctx: LineContext, parts: Sequence[Any], path: Path, role: str, *, empty_ok: bool = False
) -> int:
    """Check a content part array of a ``role`` message; return its number of images.

    The schema takes every part type for every role, so that one line with several
    problems reports them all; which parts a role takes is checked here.
    """
    blank = True
    images = 0
    for j, part in enumerate(parts):
        t = type(part)
        if t is TextPart:
            _text(ctx, part.text, (*path, j, "text"), empty_ok=True)
            if part.text and not part.text.isspace():
                blank = False
            continue
        blank = False
        if t is ImagePart:
            if role == "user":
                images += 1
                url = part.image_url.url
                if not url.startswith("https://"):
                    problem = check_url(url)
                    if problem is not None:
                        ctx.report(problem[0], problem[1], (*path, j, "image_url", "url"))
            else:
                ctx.report(
                    "V001",
                    f"an image part in {_a(role)} message",
                    (*path, j, "type"),
                    hint="only user messages take images"
                    + ("; assistants cannot output images" if role == "assistant" else ""),
                )
        elif t is RefusalPart and role == "assistant":
            _text(ctx, part.refusal, (*path, j, "refusal"), empty_ok=True)
        elif role in ("system", "developer"):
            ctx.report(
                "C001",
                f"{role} content takes text parts only, not `{part.__struct_config__.tag}`",
                (*path, j, "type"),
            )
        elif role == "user" and t is not RefusalPart:
            ctx.report(
                "C002",
                f"`{part.__struct_config__.tag}` parts are not supported for fine-tuning",
                (*path, j, "type"),
                hint="user content takes text and image_url parts",
            )
        elif role != "tool":
            ctx.report(
                "S011",
                f"content part type `{part.__struct_config__.tag}` is not allowed in"
                f" {_a(role)} message",
                (*path, j, "type"),
                hint=f"{role} content takes {_TAKES[role]} parts",
            )
    if blank and not empty_ok:
        ctx.report("C008", "content has only empty text parts", path)
    return images


def _name(ctx: LineContext, name: str, path: Path) -> None:
    if not _valid(name, _MESSAGE_NAME, _KNOWN_MESSAGE_NAMES):
        ctx.report(
            "C006",
            f"name {msgspec.json.encode(name).decode()} is not 1-64 letters, digits or underscores",
            path,
        )


def _function_name(ctx: LineContext, name: str, path: Path) -> None:
    if not _valid(name, FUNCTION_NAME, _KNOWN_FUNCTION_NAMES):
        ctx.report(
            "T007",
            f"function name {msgspec.json.encode(name).decode()} is not 1-64 characters of"
            " a-z, A-Z, 0-9, _ and -",
            path,
        )


def _arguments(
    ctx: LineContext, arguments: str, validator: argschema.Validator | None, path: Path
) -> None:
    try:
        value = _JSON.decode(arguments)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        ctx.report(
            "T011",
            f"arguments are not valid JSON: {exc}".replace("JSON is malformed: ", ""),
            path,
            hint='arguments is a JSON-encoded string, such as "{\\"city\\": \\"Oslo\\"}"',
        )
        return
    if isinstance(value, str):
        try:
            inner = _JSON.decode(value)
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            inner = None
        if isinstance(inner, (dict, list)):
            ctx.report(
                "T013",
                "arguments are JSON-encoded twice (a string holding JSON)",
                path,
                hint="encode the arguments object once: json.dumps(args)",
            )
            return
    if validator is None:
        return
    error = validator.error(value)
    if error is not None:
        ctx.report("T012", f"arguments do not match the function's parameters: {error}", path)


def _tool_calls(ctx: LineContext, calls: Sequence[Any], path: Path, state: _Calls) -> None:
    """The calls of one `tool_calls` list, at ``path``."""
    ids, unanswered = state.ids, state.open
    for j, call in enumerate(calls):
        cid = call.id
        if cid in ids:
            ctx.report(
                "T004", f"tool call id {cid!r} is used twice in this example", (*path, j, "id")
            )
        ids.add(cid)
        unanswered[cid] = (path, j)
        _call(ctx, call.function, state, path, (j, "function"))


_UNDEFINED: Any = object()  # not in `defs`; UNSET there means defined without parameters


def _call(ctx: LineContext, function: FunctionCall, state: _Calls, parent: Path, at: Path) -> None:
    """Name, definition and arguments of one call, whose function object is at
    ``(*parent, *at)``: a path only built to report, as most calls report nothing."""
    name = function.name
    if name not in _KNOWN_FUNCTION_NAMES:
        _function_name(ctx, name, (*parent, *at, "name"))
    params: Any = UNSET
    defs = state.defs
    if defs is not None:
        params = defs.get(name, _UNDEFINED)
        if params is _UNDEFINED:
            params = UNSET
            ctx.report(
                "T009",
                f"function {name!r} is not defined in this example's tools or functions",
                (*parent, *at, "name"),
                hint="defined: " + (", ".join(sorted(defs)) or "none"),
            )
    validator = None
    if params is not UNSET and params is not None and state.schemas:
        validator = state.validators.get(name)
        if validator is None:
            validator = state.validators[name] = argschema.function_validator(name, params)
    arguments = function.arguments
    if validator is not None and validator.accepts(arguments):
        return  # well-formed, valid arguments: nothing that `_arguments` could report
    _arguments(ctx, arguments, validator, (*parent, *at, "arguments"))


def _unanswered(ctx: LineContext, state: _Calls) -> None:
    for cid, (path, j) in state.open.items():
        ctx.report(
            "T003",
            f"tool call {cid!r} is not answered by a tool message",
            (*path, j, "id"),
            hint="add a tool message with this tool_call_id before the next turn",
        )
    state.open.clear()


def _assistant(ctx: LineContext, m: Any, path: Path, state: _Calls) -> None:
    """Content, refusal, audio, tool and function calls of one assistant message."""
    calls = m.tool_calls
    fcall = m.function_call
    has_calls = (calls is not UNSET and len(calls) > 0) or (
        fcall is not UNSET and fcall is not None
    )
    content = m.content
    if content is UNSET or content is None:
        if not has_calls:
            ctx.report(
                "C003",
                "assistant message has no content and no tool or function call",
                path,
                hint="give the answer the model should learn in `content`",
            )
    elif type(content) is str:
        _text(ctx, content, (*path, "content"), empty_ok=has_calls)
    else:
        refusals = sum(1 for p in content if type(p) is RefusalPart)
        if refusals and len(content) > 1:
            ctx.report(
                "C004",
                "assistant content mixes a refusal part with other parts"
                if refusals == 1
                else f"assistant content has {refusals} refusal parts",
                (*path, "content"),
                hint="use text parts, or exactly one refusal part",
            )
        _parts(ctx, content, (*path, "content"), "assistant", empty_ok=has_calls)
    if type(m.refusal) is str:
        _text(ctx, m.refusal, (*path, "refusal"), empty_ok=True)
    if m.name is not UNSET:
        _name(ctx, m.name, (*path, "name"))
    if m.audio is not UNSET and m.audio is not None:
        ctx.report("C005", "assistant `audio` is not supported in training data", (*path, "audio"))
    if calls is not UNSET:
        at = (*path, "tool_calls")
        if state.tool_calls_at is None:
            state.tool_calls_at = at
        _tool_calls(ctx, calls, at, state)
    if fcall is not UNSET and fcall is not None:
        if state.function_call_at is None:
            state.function_call_at = (*path, "function_call")
        if (type(content) is str and content.strip()) or type(content) is list:
            ctx.report(
                "T008",
                "a message with `function_call` must have null or no content",
                (*path, "content"),
            )
        _call(ctx, fcall, state, path, ("function_call",))


def _tool(ctx: LineContext, m: ToolMessage, base: Path, i: int, state: _Calls) -> None:
    """Check tool message ``i`` of the messages at ``base`` (its path is built to report)."""
    content = m.content
    if type(content) is str:
        if not content or "<" in content or content.isspace():
            _text(ctx, content, (*base, i, "content"))
    else:
        ctx.report(
            "C007",
            "tool message content is an array of parts, not a string",
            (*base, i, "content"),
            hint="join the texts into one string",
        )
        _parts(ctx, content, (*base, i, "content"), "tool")
    cid = m.tool_call_id
    if cid not in state.ids:
        ctx.report(
            "T002",
            f"tool message answers {cid!r}, which no earlier tool call has",
            (*base, i, "tool_call_id"),
        )
    state.open.pop(cid, None)


def _user(ctx: LineContext, m: UserMessage, path: Path) -> int:
    """Check a user message; return its number of images."""
    content = m.content
    images = 0
    if isinstance(content, str):
        _text(ctx, content, (*path, "content"))
    else:
        images = _parts(ctx, content, (*path, "content"), "user")
    if m.name is not UNSET:
        _name(ctx, m.name, (*path, "name"))
    return images


def _twice(ctx: LineContext, t: type, path: Path) -> None:
    """O001: a message of the same role (user or assistant) as the one before it."""
    role = "user" if t is UserMessage else "assistant"
    hint = (
        "Azure rejects two assistant messages in a row; merge them"
        if role == "assistant"
        else "merge them into one message"
    )
    ctx.report("O001", f"two {role} messages in a row", path, hint=hint)


def _plain_assistant(m: AssistantMessage | AssistantOutput) -> bool:
    """An assistant message with plain text (see `walk`) and no other field to check."""
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


def walk(
    ctx: LineContext,
    messages: Sequence[Any],
    base: Path,
    defs: dict[str, Any] | None,
    *,
    supervised: bool,
) -> tuple[int, int, _Calls | None]:
    """Check every message once; return the number of images, the index of the last
    assistant message, and the tool-call state (``None`` if no message used tools).

    ``defs`` are the example's function definitions (see `_definitions`).

    Most messages are plain: string content that is not empty, not only whitespace and
    has no "<" (so no special token), and no optional field. They are recognised inline,
    so the helpers, the paths and the tool-call bookkeeping are only made for the others.
    """
    state: _Calls | None = None
    previous: type | None = None
    systems = 0  # system messages so far: one after any other message is out of place
    images = 0
    last_assistant = -1
    trained = False  # whether an assistant message has a weight other than 0
    for i, m in enumerate(messages):
        t = type(m)
        if state is not None and state.open and t is not ToolMessage:
            _unanswered(ctx, state)
        if t is UserMessage:
            c = m.content
            if type(c) is not str or not c or "<" in c or c.isspace() or m.name is not UNSET:
                images += _user(ctx, m, (*base, i))
            if previous is UserMessage:
                _twice(ctx, t, (*base, i))
        elif t is AssistantMessage:
            last_assistant = i
            if not trained and (m.weight is UNSET or m.weight):
                trained = True
            c = m.content
            if (
                type(c) is not str
                or not c
                or "<" in c
                or c.isspace()
                or m.tool_calls is not UNSET
                or m.function_call is not UNSET
                or m.name is not UNSET
                or m.audio is not UNSET
                or m.refusal is not UNSET
            ):
                if state is None:
                    state = _Calls(defs, ctx.enabled("T012"))
                _assistant(ctx, m, (*base, i), state)
            if previous is AssistantMessage:
                _twice(ctx, t, (*base, i))
        elif t is ToolMessage:
            if state is None:
                state = _Calls(defs, ctx.enabled("T012"))
            _tool(ctx, m, base, i, state)
        elif t is FunctionMessage:
            path = (*base, i)
            if m.content is not None:
                _text(ctx, m.content, (*path, "content"), empty_ok=True)
            _function_name(ctx, m.name, (*path, "name"))
        else:  # system or developer
            c = m.content
            if type(c) is not str or not c or "<" in c or c.isspace() or m.name is not UNSET:
                path = (*base, i)
                if type(c) is str:
                    _text(ctx, c, (*path, "content"))
                else:
                    _parts(ctx, c, (*path, "content"), m.__struct_config__.tag)
                if m.name is not UNSET:
                    _name(ctx, m.name, (*path, "name"))
            if t is SystemMessage:
                if i > systems:
                    ctx.report(
                        "O002",
                        "system message after the conversation has started",
                        (*base, i),
                        hint="put system messages first",
                    )
                systems += 1
        previous = t
    if state is not None and state.open and previous is ToolMessage:
        _unanswered(ctx, state)
    if supervised and not trained:
        if last_assistant < 0:
            ctx.report("S008", "example has no assistant message to train on", base)
        else:
            assistants = sum(1 for m in messages if type(m) is AssistantMessage)
            ctx.report(
                "O003",
                "the only assistant message has weight 0: nothing is trained"
                if assistants == 1
                else f"all {assistants} assistant messages have weight 0: nothing is trained",
                base,
            )
    if images:
        if images > MAX_IMAGES_PER_EXAMPLE:
            ctx.report(
                "V006",
                f"example has {images} images; OpenAI allows at most {MAX_IMAGES_PER_EXAMPLE}",
                base,
            )
        ctx.dataset.image_examples += 1
    return images, last_assistant, state


def _definition_names(ctx: LineContext, tools: Any, functions: Any, base: Path) -> None:
    """T007 for the names a tools or functions list defines; T005/T006 for parameters
    that are not a JSON object (R32)."""
    if tools is not UNSET:
        for j, tool in enumerate(tools):
            fpath = (*base, "tools", j, "function")
            _function_name(ctx, tool.function.name, (*fpath, "name"))
            _parameters(ctx, tool.function.parameters, (*fpath, "parameters"), "T005")
    if functions is not UNSET:
        for j, function in enumerate(functions):
            fpath = (*base, "functions", j)
            _function_name(ctx, function.name, (*fpath, "name"))
            _parameters(ctx, function.parameters, (*fpath, "parameters"), "T006")


def _parameters(ctx: LineContext, raw: Any, path: Path, code: str) -> None:
    if not _object_json(raw):
        ctx.report(
            code,
            "`parameters` must be a JSON Schema object",
            path,
            hint='use {"type": "object", "properties": {...}}, or leave it out',
        )


def _mixed(ctx: LineContext, tools: Any, functions: Any, state: _Calls | None) -> None:
    """T010: `tools`/`tool_calls` in the same example as `functions`/`function_call`."""
    tools_at = ("tools",) if tools is not UNSET else state and state.tool_calls_at
    functions_at = ("functions",) if functions is not UNSET else state and state.function_call_at
    if tools_at and functions_at:
        ctx.report(
            "T010",
            "example mixes tools (`tools`, `tool_calls`) with the deprecated functions"
            " (`functions`, `function_call`)",
            functions_at,
            hint="use tools throughout",
        )


@example_check(formats=("chat",), codes=(*CONVERSATION_CODES, "F007"))
def check_chat(example: ChatExample, ctx: LineContext) -> None:
    """Supervised chat examples."""
    messages = example.messages
    tools, functions = example.tools, example.functions
    if tools is UNSET and functions is UNSET:  # most examples
        _, last, state = walk(ctx, messages, ("messages",), None, supervised=True)
    else:
        defs, fine = _definitions(tools, functions)
        _, last, state = walk(ctx, messages, ("messages",), defs, supervised=True)
        if not fine:
            _definition_names(ctx, tools, functions, ())
    # Without `functions` or a `function_call`, the example cannot mix the two (T010).
    if functions is not UNSET or (state is not None and state.function_call_at is not None):
        _mixed(ctx, tools, functions, state)
    dataset = ctx.dataset
    if last >= 0 and dataset.same_outputs:
        dataset.output(messages[last].content, ctx.line)


@example_check(formats=("reinforcement",), codes=(*CONVERSATION_CODES, "G002", "F007"))
def check_reinforcement(example: ReinforcementExample, ctx: LineContext) -> None:
    """Reinforcement examples: the shared walk, then RFT's own ending."""
    messages = example.messages
    defs, fine = _definitions(example.tools, UNSET)
    walk(ctx, messages, ("messages",), defs, supervised=False)
    if not fine:
        _definition_names(ctx, example.tools, UNSET, ())
    if type(messages[-1]) is not UserMessage:
        ctx.report(
            "G002",
            f"example ends with a {messages[-1].__struct_config__.tag} message, not a user message",
            ("messages", len(messages) - 1),
            hint="the model answers the last message; put reference answers in extra keys",
        )


@example_check(
    formats=("preference",),
    codes=(*CONVERSATION_CODES, "D005", "D006", "D007", "V008", "F007"),
)
def check_preference(example: PreferenceExample, ctx: LineContext) -> None:
    """DPO examples: the input conversation, then both outputs."""
    inp = example.input
    messages = inp.messages
    defs, fine = (None, True) if inp.tools is UNSET else _definitions(inp.tools, UNSET)
    images, _, _ = walk(ctx, messages, ("input", "messages"), defs, supervised=False)
    if not fine:
        _definition_names(ctx, inp.tools, UNSET, ("input",))
    if images:
        ctx.report(
            "V008",
            f"preference example has {images} image{'s' if images > 1 else ''}; DPO takes text"
            " only",
            ("input", "messages"),
        )
    if type(messages[-1]) is not UserMessage:
        ctx.report(
            "D005",
            f"`input.messages` ends with {_a(str(messages[-1].__struct_config__.tag))} message, not"
            " a user message",
            ("input", "messages", len(messages) - 1),
            hint="both outputs answer the last user turn",
        )
    preferred, other = example.preferred_output[0], example.non_preferred_output[0]
    # Most pairs are two plain answers without `weight`: nothing more to check in them.
    if not (
        preferred.weight is UNSET
        and other.weight is UNSET
        and _plain_assistant(preferred)
        and _plain_assistant(other)
    ):
        _outputs(ctx, ((preferred, "preferred_output"), (other, "non_preferred_output")), defs)
    if preferred == other:
        ctx.report(
            "D007",
            "the preferred and non-preferred outputs are identical",
            ("non_preferred_output", 0),
            hint="a pair without a difference teaches no preference",
        )
    ctx.dataset.output(preferred.content, ctx.line)


def _outputs(
    ctx: LineContext, outputs: tuple[tuple[AssistantOutput, str], ...], defs: dict[str, Any] | None
) -> None:
    """D006 and the assistant checks of the two outputs of a DPO example."""
    state: _Calls | None = None  # shared by both outputs: a call id must not repeat (T004)
    for output, key in outputs:
        if output.weight is not UNSET:
            ctx.report(
                "D006",
                "DPO outputs take no `weight`",
                (key, 0),
                key="weight",
                hint="remove it; the whole output is what DPO compares",
            )
        if not _plain_assistant(output):
            if state is None:
                state = _Calls(defs, ctx.enabled("T012"))
            _assistant(ctx, output, (key, 0), state)
            state.open.clear()  # an output's calls are never answered; that is fine


@example_check(formats=("completion",), codes=("L003", "X001", "L004", "L005", "L006", "F007"))
def check_completion(example: CompletionExample, ctx: LineContext) -> None:
    """Legacy prompt/completion examples."""
    _text(ctx, example.prompt, ("prompt",), empty_ok=True)
    completion = example.completion
    _text(ctx, completion, ("completion",), empty_ok=True)
    if not completion or completion.isspace():
        ctx.report(
            "L003",
            "completion is empty" if not completion else "completion is only whitespace",
            ("completion",),
            hint="the legacy tool drops such rows",
        )
    else:  # the legacy tool drops empty rows before its advice (L004-L006)
        ctx.dataset.completion(example.prompt, completion, ctx.line)
    ctx.dataset.output(completion, ctx.line)


__all__ = ["CONVERSATION_CODES", "walk"]
