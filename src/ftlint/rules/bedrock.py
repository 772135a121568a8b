"""Amazon Bedrock conversation schema (B001-B049): Nova SFT and DPO, Llama 3.2.

Provider-only rules (``default=False``): the ``bedrock-nova`` and ``bedrock-llama`` targets
turn them on. Rule numbers BN1-BN17 and BL1-BL5 are those of the provider reference §5.1
and §5.3, which gives each one's source. Tools and reasoning are in
:mod:`.bedrock_tools`, Nova DPO's candidates in :mod:`.bedrock_dpo`, whole files in
:mod:`.bedrock_files`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from ..schema.bedrock import BLOCK_KEYS, SCHEMA_VERSION, ContentBlock
from ..schema.collect import Issue, Path
from .bedrock_lines import assistant, line, media, text, user
from .bedrock_lists import content_lists
from .bedrock_words import CHECKER_RESERVED, CHECKER_WORDS, DOC_RESERVED, DOC_WORDS, may_hold_word
from .explain_common import Explained, explains_format, plain, short_key, short_value, value_at
from .registry import define, on_example
from .remedies import remedy

if TYPE_CHECKING:
    from .context import LineContext

CONVERSATION = "bedrock-conversation"
DPO = "bedrock-nova-dpo"
BOTH = (CONVERSATION, DPO)
# Nova's other formats (BN14, BN15, BN17): rules in bedrock_rft, bedrock_cpt, bedrock_distill.
RFT = "bedrock-nova-rft"
CPT = "bedrock-nova-cpt"
DISTILLATION = "bedrock-distillation"

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


def _words(words: tuple[str, ...]) -> str:
    """``words`` as the rules' documentation lists them: `a`, `b` and `c`."""
    quoted = [f"`{word}`" for word in words]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


MAX_IMAGES_PER_MESSAGE = 10


QA = (user(text("Capital of France?")), assistant(text("Paris.")))
GOOD = line(*QA)

INVALID = define(
    "B001",
    "invalid-bedrock-example",
    ["BN3", "BN5"],
    f"""
    A Bedrock conversation line lacks `messages`, or a key holds the wrong type.

    Amazon Bedrock (Nova, Llama 3.2) takes `{{schemaVersion, system, toolConfig,
    messages}}`: `system` a list of `{{text}}`, each message `{{role, content}}` with a list
    of content blocks. Sources: {NOVA_DOC} and AWS's checker {NOVA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN-VAL",
    formats=BOTH,
    bad=line('{"role": "user", "content": "Capital of France?"}', assistant(text("Paris."))),
    good=GOOD,
    default=False,
)

INVALID_ROLE = define(
    "B002",
    "invalid-bedrock-role",
    ["BN3"],
    f"""
    A Bedrock message's role is not `user` or `assistant`.

    Amazon Bedrock's conversation schema has two roles; the system prompt goes in the
    top-level `system` list of `{{text}}` blocks. Source: {NOVA_DOC}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN-VAL",
    formats=BOTH,
    bad=line('{"role": "system", "content": [{"text": "Be brief."}]}', *QA),
    good=GOOD,
    default=False,
)

ALTERNATION = define(
    "B003",
    "bedrock-alternation",
    ["BN4", "BL2"],
    f"""
    Bedrock messages do not alternate user, assistant, ..., assistant.

    Amazon Bedrock's conversation schema needs at least two messages: message 0, 2, 4...
    is `user`, message 1, 3, 5... is `assistant`, and the last is `assistant` (AWS's
    checker: "Invalid messages, expected user role but found assistant", "last turn should
    have assistant role"). Source: {NOVA_DOC}. AWS's Llama checker does not test
    alternation ({LLAMA_CHECKER}); the Nova documentation's rule is applied to Llama 3.2
    too.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN-VAL",
    formats=BOTH,
    bad=line(user(text("Hi")), user(text("Capital of France?")), assistant(text("Paris."))),
    good=GOOD,
    default=False,
)

EMPTY_CONTENT = define(
    "B004",
    "bedrock-empty-content",
    ["BN5"],
    f"""
    A Bedrock message's content is empty, or a block holds no known key.

    AWS's Nova checker requires a non-empty `content` list whose every block holds one of
    `text`, `image`, `video`, `document`, `reasoningContent`, `toolUse`, `toolResult`, and
    fails a message of text blocks whose total length is 0 ("Invalid content, empty text
    content"). Source: {NOVA_CHECKER}.
    """,
    treatment="REJECT?",
    confidence="M",
    source="BN-VAL",
    formats=BOTH,
    bad=line(user(text("Capital of France?")), assistant(text(""))),
    good=GOOD,
    default=False,
)

RESERVED = define(
    "B005",
    "nova-reserved-keyword",
    ["BN6"],
    f"""
    A user or system text contains a keyword Amazon Nova reserves.

    Nova's documentation lists {_words(DOC_WORDS)}:
    if a user or system prompt starts with or contains one, "the training job fails" on a
    data issue. Matched case-insensitively, as AWS's checker does. Source: {NOVA_DOC}.
    AWS's checker also rejects {_words(CHECKER_WORDS)}, and these words in assistant
    text: that is B006.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN-VAL",
    formats=BOTH,
    bad=line(user(text("User: capital of France?")), assistant(text("Paris."))),
    good=line(user(text("Username: capital of France?")), assistant(text("Paris."))),
    default=False,
)

CHECKER_WORD = define(
    "B006",
    "nova-checker-keyword",
    ["BN6"],
    f"""
    A text holds a word that only AWS's Nova checker reserves.

    AWS's checker ({NOVA_CHECKER}) rejects {_words(CHECKER_WORDS)} besides the documented
    keywords (B005), in any text including assistant text and reasoning, where the
    documentation names only user and system prompts. The documentation is followed, so
    this is a warning. A known bug of that checker: missing commas in its list join
    `assistant:` and `Thought:` into one string, so it lets a bare `Thought:` pass; the
    checker's other version (`8c76875`) lists it, and ftlint flags it.
    """,
    treatment="WARN",
    confidence="M",
    source="BN-VAL",
    formats=BOTH,
    bad=line(user(text("Capital of France?")), assistant(text("Thought: easy. Paris."))),
    good=line(user(text("Capital of France?")), assistant(text("Thoughts: easy. Paris."))),
    default=False,
)

MEDIA_ROLE = define(
    "B007",
    "bedrock-media-outside-user",
    ["BN7", "BL2"],
    f"""
    An image, video or document block is in an assistant message.

    Amazon Bedrock takes media in user messages only. Sources: {NOVA_DOC},
    {NOVA2_DOC}, and for Llama 3.2 AWS's checker {LLAMA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN2-DOC; BN-VAL; BL-VAL",
    formats=BOTH,
    bad=line(user(text("Draw a cat")), assistant(media("image", "png"))),
    good=line(user(text("What is this?"), media("image", "png")), assistant(text("A cat."))),
    default=False,
)

MEDIA_FORMAT = define(
    "B008",
    "bedrock-media-format",
    ["BN7", "BL2"],
    f"""
    A media block's `format` is not one Bedrock takes, or its source is malformed.

    Images are jpeg, png, gif or webp; videos mov, mkv, mp4 or webm; documents pdf; each
    with `source.s3Location.uri`. Sources: {NOVA_DOC}, {NOVA2_DOC} (Nova 2 Lite takes no
    webp image and no webm video).
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN2-DOC; BN-VAL",
    formats=BOTH,
    bad=line(user(text("What is this?"), media("image", "bmp")), assistant(text("A cat."))),
    good=line(user(text("What is this?"), media("image", "png")), assistant(text("A cat."))),
    default=False,
)

MEDIA_COUNT = define(
    "B009",
    "bedrock-media-count",
    ["BN7"],
    f"""
    An example holds more media than Nova takes, or mixes video with other media.

    At most one video per sample, and a content list cannot mix a video with images or
    documents ({NOVA_DOC}); AWS's checker also allows at most 10 images per message and one
    document per sample ({NOVA_CHECKER}).
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BN-VAL",
    formats=BOTH,
    bad=line(
        user(text("Compare"), media("video", "mp4", "s3://b/a.mp4"), media("video", "mp4")),
        assistant(text("Same.")),
    ),
    good=line(user(text("Describe"), media("video", "mp4", "s3://b/a.mp4")), assistant(text("A."))),
    default=False,
)

S3_URI = define(
    "B011",
    "bedrock-media-not-s3",
    ["BN8", "BL2"],
    f"""
    A media block's `s3Location.uri` does not start with `s3://`.

    Bedrock reads media from S3 only, from the dataset's own bucket (which ftlint cannot
    check offline). Sources: {NOVA_DOC}; AWS's Llama checker ({LLAMA_CHECKER}) matches
    `^s3://`.
    """,
    treatment="REJECT",
    confidence="H",
    source="BN-DOC; BL-VAL",
    formats=BOTH,
    bad=line(
        user(text("What is this?"), media("image", "png", "https://example.com/cat.png")),
        assistant(text("A cat.")),
    ),
    good=line(user(text("What is this?"), media("image", "png")), assistant(text("A cat."))),
    default=False,
)

SCHEMA_VERSION_INFO = define(
    "B016",
    "nova-schema-version",
    ["BN2"],
    f"""
    A Nova line has no `schemaVersion`, or one other than `bedrock-conversation-2024`.

    For Nova, `schemaVersion` "can be any string value" ({NOVA_DOC}); every AWS example
    writes `bedrock-conversation-2024`, and distillation and Llama 3.2 require exactly that
    value (B017), so the canonical value keeps one file usable for all of them.
    """,
    treatment="INFO",
    confidence="H",
    source="BN-DOC",
    formats=BOTH,
    bad='{"messages": [' + ", ".join(QA) + "]}",
    good=GOOD,
    default=False,
)

LLAMA_SCHEMA_VERSION = define(
    "B017",
    "llama-schema-version",
    ["BL2"],
    f"""
    A Llama 3.2 line's `schemaVersion` is not exactly `bedrock-conversation-2024`.

    AWS's Llama checker accepts no other value when the key is present. Source:
    {LLAMA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BL-VAL",
    formats=(CONVERSATION,),
    bad=GOOD.replace("2024", "2025"),
    good=GOOD,
    default=False,
)

LLAMA_SYSTEM = define(
    "B018",
    "llama-system-blocks",
    ["BL2"],
    f"""
    A Llama 3.2 line's `system` is not exactly one `{{text}}` block.

    AWS's Llama checker takes one system block when `system` is present. Source:
    {LLAMA_CHECKER}.
    """,
    treatment="REJECT",
    confidence="H",
    source="BL-VAL",
    formats=(CONVERSATION,),
    bad=line(
        user(text("Hi")),
        assistant(text("Hello.")),
        head='"system": [{"text": "A"}, {"text": "B"}], ',
    ),
    good=line(
        user(text("Hi")), assistant(text("Hello.")), head='"system": [{"text": "Be kind."}], '
    ),
    default=False,
)

# -- schema issues: B001, B002, B008 ---------------------------------------------------


def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Every schema issue of a Bedrock line (the OpenAI explanations never apply)."""
    kind, path, key, reason = issue
    if kind == "tag" or (kind == "missing" and key == "role" and _in_message(path, 0)):
        value = value_at(obj, path)
        return Explained(
            "B002",
            f"role {short_value(value)} is not user or assistant",
            "roles are user and assistant; a system prompt goes in the top-level `system`"
            " list of {text} blocks",
            path,
        )
    if kind == "missing":
        if not path:
            return Explained("B001", f"example has no `{key}` key", None, path)
        code = "B008" if _in_media(path) else "B001"
        return Explained(code, f"missing required key `{key}`", None, path)
    if _in_media(path):
        hint = _MEDIA_HINTS.get(str(path[-2])) if path[-1:] == ("format",) else None
        return Explained("B008", f"{short_key(_where(path))}: {plain(reason)}", hint, path)
    hint = None
    if path[-1:] == ("content",) and isinstance(value_at(obj, path), str):
        hint = 'content is a list of blocks: [{"text": "..."}]'
    if path[-1:] == ("system",) and isinstance(value_at(obj, path), str):
        hint = 'system is a list of blocks: [{"text": "..."}]'
    return Explained("B001", f"{short_key(_where(path))}: {plain(reason)}", hint, path)


_MEDIA_HINTS = {
    "image": "an image's format is jpeg, png, gif or webp",
    "video": "a video's format is mov, mkv, mp4 or webm",
    "document": "a document's format is pdf",
}


def _in_message(path: Path, extra: int) -> bool:
    return len(path) == 2 + extra and path[0] == "messages"


def _in_media(path: Path) -> bool:
    return any(seg in ("image", "video", "document") for seg in path)


def _where(path: Path) -> str:
    return ".".join(str(seg) for seg in path) or "example"


explains_format(CONVERSATION)(_explain)
explains_format(DPO)(_explain)


# -- checks on valid examples ------------------------------------------------------------


@on_example(*BOTH)
def _conversation(example: Any, ctx: LineContext) -> None:
    messages = example.messages
    _alternation(messages, ctx)
    system = example.system
    reserved = ctx.enabled("B005") or ctx.enabled("B006")  # Nova's, not Llama's
    if system and reserved:
        for i, block in enumerate(system):
            _reserved(ctx, block.text, "user", ("system", i, "text"))
    version = example.schemaVersion
    if version != SCHEMA_VERSION:
        if isinstance(version, str):
            ctx.report("B017", f"schemaVersion is {version!r}", ("schemaVersion",))
        ctx.report(
            "B016",
            "no schemaVersion" if not isinstance(version, str) else f"schemaVersion {version!r}",
            ("schemaVersion",) if isinstance(version, str) else (),
            hint=f'write "schemaVersion": "{SCHEMA_VERSION}"',
        )
    if system and len(system) != 1:
        ctx.report("B018", f"system has {len(system)} blocks; Llama takes one", ("system",))
    lists = content_lists(example)
    for role, blocks, path in lists.every:
        _content(ctx, role, blocks, path, reserved)
    videos = documents = 0
    for role, blocks, path in lists.special:  # media are in no other list
        v, d = _media(ctx, role, blocks, path)
        videos += v
        documents += d
    if videos > 1 or documents > 1:
        what = f"{videos} videos" if videos > 1 else f"{documents} documents"
        ctx.report("B009", f"example holds {what}; Nova takes at most one", ())


def _alternation(messages: Sequence[Any], ctx: LineContext) -> None:
    if len(messages) < 2:
        ctx.report("B003", "a conversation needs a user and an assistant message", ("messages",))
        return
    for i, message in enumerate(messages):
        expected = "user" if i % 2 == 0 else "assistant"
        if message.role != expected:
            ctx.report(
                "B003",
                f"message {i} is {message.role}; expected {expected} (strict alternation)",
                ("messages", i, "role"),
            )
            return
    if messages[-1].role != "assistant":
        ctx.report("B003", "the last message must be an assistant message", ("messages",))


def _content(
    ctx: LineContext, role: str, blocks: Sequence[ContentBlock], path: Path, reserved: bool
) -> None:
    if not blocks:
        ctx.report("B004", "content is an empty list", path)
        return
    only_text = True
    length = 0
    for i, block in enumerate(blocks):
        value = block.text
        if type(value) is str:
            length += len(value)
            if reserved and (":" in value or "<" in value or "[" in value):  # see _reserved
                _reserved(ctx, value, role, (*path, i, "text"))
            continue
        only_text = False
        if not any(getattr(block, key) is not UNSET for key in BLOCK_KEYS[1:]):
            hint = "a block holds one of: " + ", ".join(BLOCK_KEYS)
            ctx.report("B004", "content block holds no known key", (*path, i), hint=hint)
        reasoning = block.reasoningContent
        if reasoning and reserved:
            _reserved(ctx, reasoning.reasoningText.text, "reasoning", (*path, i))
    if only_text and not length:
        ctx.report("B004", "empty text content", path, hint="give the message some text")


def _reserved(ctx: LineContext, value: str, role: str, path: Path) -> None:
    if not may_hold_word(value):
        return
    found = DOC_RESERVED.search(value)
    if found is not None and role == "user":
        ctx.report(
            "B005",
            f"Nova reserves {found.group()!r}; the training job fails on it",
            path,
            hint="reword it (for example drop the colon or the brackets)",
        )
        found = None
    found = found or CHECKER_RESERVED.search(value)
    if found is not None:
        ctx.report(
            "B006",
            f"AWS's Nova checker rejects {found.group()!r} in {role} text",
            path,
            hint="the documentation reserves it only in user and system prompts",
        )


def _media(
    ctx: LineContext, role: str, blocks: Sequence[ContentBlock], path: Path
) -> tuple[int, int]:
    """B007, B009 (per message), B011; returns the message's (videos, documents)."""
    images = videos = documents = 0
    for i, block in enumerate(blocks):
        if not (block.image or block.video or block.document):
            continue  # most blocks are text
        for kind in ("image", "video", "document"):
            item = getattr(block, kind)
            if not item:
                continue
            images += kind == "image"
            videos += kind == "video"
            documents += kind == "document"
            where = (*path, i, kind)
            if role != "user":
                ctx.report("B007", f"{kind} block in an {role} message", where)
            uri = item.source.s3Location.uri
            if not uri.startswith("s3://"):
                ctx.report(
                    "B011",
                    f"{kind} is not in S3: {uri[:60]!r}",
                    (*where, "source", "s3Location", "uri"),
                    hint="upload it to the dataset's S3 bucket and give its s3:// URI",
                )
    if images > MAX_IMAGES_PER_MESSAGE:
        ctx.report("B009", f"message holds {images} images; Nova takes at most 10", path)
    if videos and (images or documents):
        ctx.report("B009", "a video cannot share a content list with images or documents", path)
    return videos, documents


@remedy(
    "B017",
    f'set a `schemaVersion` that is a string other than "{SCHEMA_VERSION}" to that value',
    kind="object",
    formats=(CONVERSATION,),
)
def _fix_schema_version(obj: dict[str, Any], fmt: str) -> bool:
    # The key names the schema, and the lines follow that one schema (or fail its rules):
    # its value carries no data of the example.
    version = obj.get("schemaVersion")
    if not isinstance(version, str) or version == SCHEMA_VERSION:
        return False
    obj["schemaVersion"] = SCHEMA_VERSION  # in place: the key keeps its position
    return True
