"""Google Vertex AI Gemini tuning data (Q001-Q099): supervised and preference.

Provider-only rules for the ``vertex-gemini`` target; GV1-GV14 and GP1-GP4 of the provider
reference §6 give the sources. Google publishes no current checker for the ``contents``
format (D-GV2); its September 2024 notebook checker is cited where a rule comes from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from ..schema.collect import Issue, Path
from ..schema.gemini import PART_KEYS, Content
from .explain_common import Explained, explains_format, plain, short_value, value_at
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

SUPERVISED = "gemini-contents"
PREFERENCE = "gemini-preference"
BOTH = (SUPERVISED, PREFERENCE)
PREP = (
    "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-supervised-tuning-prepare"
)
FUNCTIONS = "https://cloud.google.com/vertex-ai/generative-ai/docs/models/tune-function-calling"
PREF = (
    "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-preference-tuning-prepare"
)
NOTEBOOK = (
    "https://github.com/GoogleCloudPlatform/generative-ai/blob/de25d38/gemini/tuning/"
    "vertexai_supervised_tuning_token_count_and_cost_estimation.ipynb"
)
MAX_DECLARATIONS = 128


def turn(role: str, *parts: str) -> str:
    """A Gemini turn of parts (for the rules' documented examples)."""
    return '{"role": "' + role + '", "parts": [' + ", ".join(parts) + "]}"


def text(value: str) -> str:
    """A text part."""
    return '{"text": "' + value + '"}'


def contents(*turns: str, head: str = "") -> str:
    """A supervised line."""
    return "{" + head + '"contents": [' + ", ".join(turns) + "]}"


_Q = turn("user", text("Capital of France?"))
_A = turn("model", text("Paris."))
GOOD = contents(_Q, _A)

INVALID = define(
    "Q001",
    "invalid-gemini-example",
    ["GV2", "GV3"],
    f"""
    A Gemini line lacks `contents`, or a key holds the wrong type.

    Vertex AI Gemini tuning takes `{{"systemInstruction": {{"parts": [...]}}, "contents":
    [{{"role", "parts": [...]}}], "tools": [...]}}`; rows in the old `messages` or
    `input_text`/`output_text` shapes fail ("Missing required `contents` field"). Source:
    {PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="GV-PREP",
    formats=BOTH,
    bad='{"contents": [{"role": "user", "parts": "Capital of France?"}]}',
    good=GOOD,
    default=False,
)

INVALID_ROLE = define(
    "Q002",
    "invalid-gemini-role",
    ["GV3"],
    f"""
    A Gemini turn's role is not `user` or `model`.

    Gemini calls the assistant `model`, and has no `system` turn: the system prompt is
    `systemInstruction`. Source: {PREP}. Google's notebook checker ({NOTEBOOK}) compares
    roles case-insensitively; ftlint follows the documentation, which writes them in lower
    case.
    """,
    treatment="REJECT",
    confidence="H",
    source="GV-PREP; GV-NB",
    formats=BOTH,
    bad=contents(_Q, turn("assistant", text("Paris."))),
    good=GOOD,
    default=False,
)

NO_PARTS = define(
    "Q003",
    "gemini-empty-parts",
    ["GV3"],
    f"""
    A Gemini turn has an empty `parts` list.

    Each turn's `parts` is a non-empty list of objects. Source: {PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="GV-PREP; GV-NB",
    formats=BOTH,
    bad=contents(_Q, turn("model")),
    good=GOOD,
    default=False,
)

PART_UNION = define(
    "Q004",
    "gemini-part-fields",
    ["GV4"],
    f"""
    A Gemini part does not hold exactly one data field, or its text is empty.

    A part is a union: one of `text`, `fileData`, `inlineData`, `functionCall`,
    `functionResponse`. Google's notebook checker fails an empty text (`missing_text`).
    Sources: {PREP} and {NOTEBOOK}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="GV-PREP; GV-NB",
    formats=BOTH,
    bad=contents(_Q, turn("model", text(""))),
    good=GOOD,
    default=False,
)

ALTERNATION = define(
    "Q005",
    "gemini-consecutive-turns",
    ["GV5"],
    f"""
    Two consecutive Gemini turns have the same role.

    Google's notebook checker fails them (`consecutive_turns`). Source: {NOTEBOOK}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="GV-NB",
    formats=BOTH,
    bad=contents(_Q, _Q, _A),
    good=GOOD,
    default=False,
)

LAST_TURN = define(
    "Q006",
    "gemini-last-turn-not-model",
    ["GV6"],
    f"""
    A supervised Gemini conversation does not end with a `model` turn.

    Every model turn becomes one training record whose input is everything before it, so
    a trailing user turn trains nothing. No Google source states this as a rule; inferred
    from Google's token counting ({NOTEBOOK}).
    """,
    treatment="WARN",
    confidence="L",
    source="GV-NB",
    formats=(SUPERVISED,),
    bad=contents(_Q, _A, _Q),
    good=GOOD,
    default=False,
)

_FILE = '{"fileData": {"mimeType": "image/png", "fileUri": "gs://my-bucket/cat.png"}}'

FILE_DATA = define(
    "Q007",
    "gemini-file-data",
    ["GV11"],
    f"""
    A Gemini `fileData` part lacks `mimeType` or `fileUri`, or its URI is neither `gs://`
    nor HTTP(S).

    Sources: {PREP}, and {FUNCTIONS} ("a Cloud Storage URI or a publicly available HTTP(S)
    URL").
    """,
    treatment="REJECT",
    confidence="M",
    source="GV-PREP; GV-FC",
    formats=(SUPERVISED,),
    bad=contents(turn("user", text("What is this?"), _FILE.replace("gs://", "/tmp/")), _A),
    good=contents(turn("user", text("What is this?"), _FILE), _A),
    default=False,
)

_TOOLS = '"tools": [{"functionDeclarations": [{"name": "weather"}]}], '
_CALL = '{"functionCall": {"name": "weather", "args": {"city": "Paris"}}}'
_ANSWER = '{"functionResponse": {"name": "weather", "response": {"content": "Sunny"}}}'
_TOOL_CHAT = (
    turn("user", text("Weather in Paris?")),
    turn("model", _CALL),
    turn("user", _ANSWER),
    turn("model", text("Sunny.")),
)

FUNCTION_PARTS = define(
    "Q008",
    "gemini-function-parts",
    ["GV12"],
    f"""
    Gemini function parts are misplaced or do not pair up.

    `functionCall` parts are in model turns and `functionResponse` parts in the next user
    turn, answering a call of the same name (Gemini parts have no call id); a called
    function is declared in `tools` when `tools` is given, with at most 128 declarations.
    Source: {FUNCTIONS}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="GV-FC; GV-FCREF",
    formats=(SUPERVISED,),
    bad=contents(_TOOL_CHAT[0], turn("model", _ANSWER), *_TOOL_CHAT[2:], head=_TOOLS),
    good=contents(*_TOOL_CHAT, head=_TOOLS),
    default=False,
)


# -- schema issues: Q001-Q003, Q007 ----------------------------------------------------


def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a Gemini line (the OpenAI explanations never apply)."""
    kind, path, key, reason = issue
    value = value_at(obj, path)
    if kind == "tag" or (kind == "missing" and key == "role"):
        message = f"role {short_value(value)} is not user or model"
        return Explained("Q002", message, _role_hint(value), path)
    in_file = "fileData" in path
    if kind == "missing":
        if not path and key == "contents" and "messages" in obj:
            hint = "Gemini takes `contents` of {role, parts} turns, not OpenAI's `messages`"
            return Explained("Q001", "example has no `contents` key", hint, path)
        return Explained("Q007" if in_file else "Q001", f"missing required key `{key}`", None, path)
    return Explained("Q007" if in_file else "Q001", plain(reason), None, path)


def _role_hint(value: Any) -> str:
    if isinstance(value, str) and value.lower() in ("user", "model"):
        return f"roles are lower-case: use `{value.lower()}`"
    if value == "assistant":
        return "Gemini calls the assistant `model`"
    if value == "system":
        return "a system prompt goes in `systemInstruction`"
    return "roles are user and model"


explains_format(SUPERVISED)(_explain)
explains_format(PREFERENCE)(_explain)


# -- checks on valid examples ------------------------------------------------------------


def check_turns(ctx: LineContext, turns: Sequence[Content], base: Path) -> None:
    """Q003, Q004, Q005 on a list of turns at ``base``."""
    previous = ""
    for i, content in enumerate(turns):
        where = (*base, i)
        if content.role == previous:
            ctx.report("Q005", f"two {content.role} turns in a row", (*where, "role"))
        previous = content.role
        parts = content.parts
        if not parts:
            ctx.report("Q003", "parts is an empty list", (*where, "parts"))
        for j, part in enumerate(parts):
            text = part.text  # most parts are text that is not empty, and nothing else
            if (
                type(text) is not str
                or not text
                or part.fileData is not UNSET
                or part.inlineData is not UNSET
                or part.functionCall is not UNSET
                or part.functionResponse is not UNSET
            ):
                check_part(ctx, part, (*where, "parts", j))


def check_part(ctx: LineContext, part: Any, where: Path) -> None:
    """Q004 on one part."""
    found = [key for key in PART_KEYS if getattr(part, key) is not UNSET]
    if len(found) != 1:
        what = ", ".join(found) or "no data field"
        ctx.report("Q004", f"part holds {what}; a part holds exactly one", where)
    elif found[0] == "text" and not part.text:
        ctx.report("Q004", "text part is empty", (*where, "text"))


@on_example(PREFERENCE)
def _preference(example: Any, ctx: LineContext) -> None:
    check_turns(ctx, example.contents, ("contents",))
    for i, item in enumerate(example.completions):
        check_turns(ctx, (item.completion,), ("completions", i, "completion"))


@on_example(SUPERVISED)
def _supervised(example: Any, ctx: LineContext) -> None:
    turns = example.contents
    check_turns(ctx, turns, ("contents",))
    if turns and turns[-1].role != "model":
        ctx.report("Q006", "the conversation ends with a user turn", ("contents", len(turns) - 1))
    declared = _declared(example, ctx)
    calls: list[str] = []
    for i, content in enumerate(turns):
        answers = []
        made = []  # this turn's calls, which the next turn's responses answer
        for j, part in enumerate(content.parts):
            if not (part.fileData or part.functionCall or part.functionResponse):
                continue  # most parts are text
            where = ("contents", i, "parts", j)
            if part.fileData:
                uri = part.fileData.fileUri
                if not uri.startswith(("gs://", "https://", "http://")):
                    ctx.report("Q007", f"fileUri {uri[:60]!r} is not gs:// or HTTP(S)", where)
            if part.functionCall:
                made.append(part.functionCall.name)
                _call(ctx, part.functionCall.name, content.role, where, declared)
            if part.functionResponse:
                answers.append((part.functionResponse.name, where, content.role))
        for name, where, role in answers:
            if role != "user":
                ctx.report("Q008", "functionResponse in a model turn", where)
            elif name not in calls:
                ctx.report(
                    "Q008", f"functionResponse {name!r} answers no call of the turn before", where
                )
        calls = made


def _declared(example: Any, ctx: LineContext) -> frozenset[str] | None:
    if not example.tools:
        return None
    names = [d.name for tool in example.tools for d in (tool.functionDeclarations or ())]
    if len(names) > MAX_DECLARATIONS:
        ctx.report("Q008", f"{len(names)} function declarations; at most 128", ("tools",))
    return frozenset(names)


def _call(
    ctx: LineContext, name: str, role: str, where: Path, declared: frozenset[str] | None
) -> None:
    if role != "model":
        ctx.report("Q008", "functionCall in a user turn", where)
    if declared is not None and name not in declared:
        ctx.report("Q008", f"functionCall {name!r} is not declared in tools", where)
