"""Chat or reinforcement? The evidence of a file's first lines, weighed together.

Every RFT line without extra keys is also a valid chat line, and many chat mistakes look
like RFT data, so one line cannot tell. Public RFT files often hold only `user` messages
plus the keys their graders read (`nums` and `target`, `reference_answer`), with no
`developer` message and no assistant message (spec §7.2). Read as chat, each of their
lines fails. So auto-detection weighs the first lines of the file (:data:`HEAD_LINES`,
within :data:`HEAD_BYTES`) and the model, if one is given:

- for reinforcement: a `developer` message and no `system` or `function` message (which
  RFT forbids); or no final assistant message but top-level keys chat does not take
  (grader keys); or a model that only takes reinforcement (o4-mini), which weighs as
  much as all the lines;
- for chat: a `system` or `function` message, or a conversation that ends with the
  assistant's answer (the training target). A model that takes no reinforcement is no
  evidence: with RFT lines, F009 says the model does not fit.

A side with more than :data:`MAJORITY` times the other's evidence wins outright. Evidence
on both sides closer than that (the larger wins, chat on a tie), or on neither (the file is
chat, as before), leaves the verdict uncertain: the caller reports that once per file
(F011), naming the flag that settles it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple

import msgspec

from .. import base_models
from . import CHAT_KEYS, family

HEAD_LINES: Final = 100
HEAD_BYTES: Final = 1 << 20
# A side wins outright with more than this many times the other side's evidence: a few
# broken lines (a `system` message in RFT data) do not make the verdict uncertain.
MAJORITY: Final = 4

_CHAT_ONLY: Final = frozenset({"system", "function"})
_DECODE = msgspec.json.Decoder().decode
_BOM: Final = b"\xef\xbb\xbf"


class Verdict(NamedTuple):
    """The format of a file whose lines have `messages`, and why it is uncertain.

    Attributes:
        format: ``"chat"`` or ``"reinforcement"``.
        note: ``None`` when the evidence is clear; else what makes it uncertain, to
            report once (F011).
    """

    format: str
    note: str | None = None


def head(lines: Iterable[bytes]) -> list[bytes]:
    """The lines the verdict looks at: the first :data:`HEAD_LINES` that start within
    the first :data:`HEAD_BYTES` bytes, less any line longer than that (decoding one for
    its vote would hold a second copy of a line the check holds already)."""
    iterator = iter(lines)  # no line past the head is taken from an iterator
    kept: list[bytes] = []
    size = 0
    while len(kept) < HEAD_LINES and size < HEAD_BYTES:
        line = next(iterator, None)
        if line is None:
            break
        if len(line) <= HEAD_BYTES:
            kept.append(line)
        size += len(line)
    return kept


def _vote(obj: Mapping[str, Any], chat_only: frozenset[str]) -> int:
    """+1 for reinforcement, -1 for chat, 0 for neither, from one `messages` object."""
    messages = obj["messages"]
    if not isinstance(messages, list):
        return 0
    roles = [m.get("role") if isinstance(m, dict) else None for m in messages]
    roles = [role if isinstance(role, str) else None for role in roles]  # hashable
    if not chat_only.isdisjoint(roles):
        return -1
    if "developer" in roles:
        return 1
    if roles and roles[-1] == "assistant":
        return -1
    return 1 if not CHAT_KEYS.issuperset(obj) else 0


def _only_reinforcement(model: str | None) -> bool:
    # A provider's own model (another target's) is no evidence here.
    if model is None or not base_models.known(model):
        return False
    return base_models.get(model).methods == {"reinforcement"}


def weigh(
    lines: Iterable[bytes], model: str | None = None, chat_only: frozenset[str] = _CHAT_ONLY
) -> Verdict:
    """The format of a `messages` file from its first lines (see :func:`head`).

    ``chat_only`` are the roles that only chat takes, for the target at hand (Fireworks'
    RFT prompts take a system message, OpenAI's do not).
    """
    rft = chat = seen = 0
    for raw in lines:
        try:
            obj = _DECODE(raw.removeprefix(_BOM))
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            continue  # the check reports the line
        if not isinstance(obj, dict) or family(obj) != "messages":
            continue
        seen += 1
        vote = _vote(obj, chat_only)
        rft += vote > 0
        chat += vote < 0
    weight = max(1, seen)  # the model weighs as much as the lines
    by_model = _only_reinforcement(model)
    rft += weight if by_model else 0
    if rft > MAJORITY * chat:
        return Verdict("reinforcement")
    if chat > MAJORITY * rft:
        return Verdict("chat")
    if not rft:
        return Verdict(
            "chat",
            "no example ends with an assistant message, and none has a developer message or"
            " grader keys: read as chat; if this is reinforcement (RFT) data, use --format"
            " reinforcement (--format chat settles it the other way)",
        )
    fmt = "reinforcement" if rft > chat else "chat"
    other = "chat" if fmt == "reinforcement" else "reinforcement"
    what = f"{rft:,} look like reinforcement (RFT) data and {chat:,} like chat"
    if by_model:
        what += f" (counting --model {model} as {weight:,})"
    return Verdict(
        fmt,
        f"of the first {seen:,} examples, {what}: read as {fmt}; use --format {other} if"
        f" that is wrong, or --format {fmt} to settle it",
    )
