"""``ftlint split``: a train/validation split that is stable and never splits a group.

Each line belongs to a *group* (its key: the whole example, the conversation before the
last assistant turn, the first user message, or a top-level field), and each group gets a
64-bit salted hash, ``xxh3_64(canonical JSON of the key, seed=xxh3_64(salt))``. Sides are
chosen by hash, never by position or a shuffle:

- ``fraction F``: a group is in validation when its hash is below ``F * 2**64``. The
  choice depends on the group alone, so reordering the input moves nothing and
  appending lines never moves an old line.
- ``size N``: the groups with the smallest hashes, until they hold at least N lines.
  Reordering moves nothing; an appended group with a smaller hash can push the largest
  one out (that is what a fixed size means). A group is never cut, so the size is
  exact unless the last group taken holds several lines; the result says so.

With several inputs, size mode is stratified: each file's share of N (largest remainder,
in proportion to its lines) is filled with the groups that first appear in it. Fraction
mode needs no stratifying: the same threshold applies to every file.

Two passes over the input, in bounded memory: the first decodes each line and keeps its
group hash (8 bytes a line, in an ``array``) and a table of groups (hash to line count
and first file, about 100 bytes a group), never the lines. The second copies each line,
byte for byte, to its side through :class:`~ftlint.output.AtomicOutput`. Then both
outputs are read back and their overlap counted, comparing the canonical JSON of each
example (whitespace and key order do not matter) as ``ftlint stats --validation`` does;
it must be zero.

Every line is accounted for: lines read = train + validation + blank lines, which are
dropped (and counted). A line that is not JSON is kept and grouped by its text. Output
lines end with ``\\n`` (one is added to a last line without it), and a UTF-8 byte order
mark at the start of an input is dropped, since it would land mid-file. Standard input and
pipes are refused: they cannot be read twice.
"""

from __future__ import annotations

import os
import stat
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO

import msgspec
from xxhash import xxh3_64_intdigest

from . import schema
from .output import AtomicOutput, check_outputs
from .reader import Source, open_source, read_blocks

GROUP_MODES = ("context", "line", "first-user")
# Provider limits (OpenAI): every training or validation file needs at least 10 examples,
# and reinforcement fine-tuning accepts at most 1,000 validation (test) examples.
MIN_EXAMPLES = 10
RFT_MAX_VALIDATION = 1000

_BOM = b"\xef\xbb\xbf"
_CANON = msgspec.json.Encoder(order="sorted")
_decode = msgspec.json.decode
_MASK = (1 << 64) - 1

Key = Callable[[Any], "bytes | None"]


class SplitError(Exception):
    """A split that cannot be made (an input that cannot be read twice, a size too big)."""


class SplitOptions(msgspec.Struct, frozen=True, kw_only=True):
    """What to split off.

    Attributes:
        fraction: the share of groups for validation, 0 < F < 1 (or ``None``).
        size: the number of validation lines (or ``None``); exactly one of the two.
        group_by: ``context``, ``line``, ``first-user``, or a top-level key (``key:NAME``
            always means a key, even one named like a mode).
        salt: any string; another salt gives another split.
    """

    fraction: float | None = None
    size: int | None = None
    group_by: str = "context"
    salt: str = ""


class FileSplit(msgspec.Struct, kw_only=True):
    """What happened to the lines of one input."""

    name: str
    lines: int = 0
    blank: int = 0
    train: int = 0
    validation: int = 0
    invalid: int = 0
    first_invalid: int = 0
    ungrouped: int = 0
    format: str | None = None
    quota: int | None = None


class SplitResult(msgspec.Struct, kw_only=True):
    """The outcome: per-file counts, groups, the overlap check, notes and warnings."""

    files: list[FileSplit]
    groups: int
    validation_groups: int
    overlap: int
    notes: list[str]
    warnings: list[str]

    @property
    def train(self) -> int:
        return sum(f.train for f in self.files)

    @property
    def validation(self) -> int:
        return sum(f.validation for f in self.files)


def key_function(group_by: str) -> tuple[Key, str]:
    """The group key of a decoded line for ``group_by``, and what the key is called.

    The function returns ``None`` when the line has no such key; the caller then groups
    the line by itself.
    """
    if group_by == "line":
        return _CANON.encode, "example"
    if group_by == "context":
        return _context, "conversation context"
    if group_by == "first-user":
        return _first_user, "user message"
    name = group_by.removeprefix("key:")
    if not name:
        raise SplitError(f"--group-by {group_by!r}: name a key after 'key:'")

    def field(obj: Any) -> bytes | None:
        if isinstance(obj, dict) and name in obj:
            return _CANON.encode(obj[name])
        return None

    return field, f"top-level key {name!r}"


def _context(obj: Any) -> bytes | None:
    """The prompt: messages before the last assistant turn (with the tools), DPO's input,
    or a completion's prompt. RFT lines have no assistant turn: all their messages."""
    if not isinstance(obj, dict):
        return None
    messages = obj.get("messages")
    if isinstance(messages, list):
        cut = len(messages)
        for i in range(cut - 1, -1, -1):
            m = messages[i]
            if isinstance(m, dict) and m.get("role") == "assistant":
                cut = i
                break
        part = {k: obj[k] for k in ("tools", "functions") if k in obj}
        part["messages"] = messages[:cut]
        return _CANON.encode(part)
    if isinstance(obj.get("input"), dict):
        return _CANON.encode(obj["input"])
    if "prompt" in obj:
        return _CANON.encode(obj["prompt"])
    return None


def _first_user(obj: Any) -> bytes | None:
    if not isinstance(obj, dict):
        return None
    messages = obj.get("messages")
    if messages is None and isinstance(obj.get("input"), dict):
        messages = obj["input"].get("messages")
    if isinstance(messages, list):
        for m in messages:
            if isinstance(m, dict) and m.get("role") == "user":
                return _CANON.encode(m.get("content"))
        return None
    return _CANON.encode(obj["prompt"]) if "prompt" in obj else None


def example_key(raw: bytes) -> int:
    """The overlap key of a line: its canonical JSON, or its text if it is not JSON."""
    try:
        return xxh3_64_intdigest(_CANON.encode(_decode(raw)))
    except msgspec.DecodeError:
        return xxh3_64_intdigest(raw.strip())


def _blocks(source: Source) -> Iterator[list[bytes]]:
    """The blocks of raw lines of an input, without the byte order mark of its first."""
    with open_source(source) as stream:
        first = True
        for block in read_blocks(stream, compressed=source.compressed):
            if first and block:
                block[0] = block[0].removeprefix(_BOM)
                first = False
            yield block


def _scan(source: Source, key: Key, seed: int, tally: FileSplit) -> array[int]:
    """Pass 1: the group hash of each non-blank line of one input, in line order."""
    hashes: array[int] = array("Q")
    append = hashes.append
    line_seed = (seed + 1) & _MASK  # a line grouped by itself never meets a key's group
    fmt: str | None = None
    for block in _blocks(source):
        for raw in block:
            if raw.isspace():
                tally.blank += 1
                continue
            try:
                obj = _decode(raw)
            except msgspec.DecodeError:
                tally.invalid += 1
                if not tally.first_invalid:
                    tally.first_invalid = tally.lines + block.index(raw) + 1
                append(xxh3_64_intdigest(raw.strip(), line_seed))
                continue
            k = key(obj)
            if k is None:
                tally.ungrouped += 1
                k = _CANON.encode(obj)
                append(xxh3_64_intdigest(k, line_seed))
            else:
                append(xxh3_64_intdigest(k, seed))
            if fmt is None and isinstance(obj, dict):
                fmt = schema.detect(obj) or ""
        tally.lines += len(block)
    tally.format = fmt or None
    return hashes


def _quotas(size: int, lines: Sequence[int]) -> list[int]:
    """Split ``size`` among files in proportion to their lines (largest remainder)."""
    total = sum(lines)
    exact = [size * n / total for n in lines]
    quotas = [int(q) for q in exact]
    order = sorted(range(len(lines)), key=lambda i: (quotas[i] - exact[i], i))
    for i in order[: size - sum(quotas)]:
        quotas[i] += 1
    return quotas


def _by_size(table: dict[int, int], nfiles: int, quotas: list[int]) -> tuple[set[int], list[int]]:
    """The smallest-hash groups first seen in each file until they hold its quota of lines
    (the last may hold more: groups are never cut); the hashes, and the lines per file."""
    chosen: set[int] = set()
    taken = [0] * nfiles
    for h in sorted(table):
        count, home = divmod(table[h], nfiles)
        if taken[home] < quotas[home]:
            chosen.add(h)
            taken[home] += count
    return chosen, taken


def _choose(
    table: dict[int, int], files: list[FileSplit], options: SplitOptions, notes: list[str]
) -> set[int]:
    """The hashes of the validation groups; in size mode, notes on an inexact size."""
    if options.fraction is not None:
        threshold = int(options.fraction * 2.0**64)
        return {h for h in table if h < threshold}
    assert options.size is not None
    kept = [f.lines - f.blank for f in files]
    if options.size >= sum(kept):
        raise SplitError(
            f"--validation-size {options.size}: the input has only {sum(kept)} examples"
        )
    quotas = _quotas(options.size, kept)
    chosen, taken = _by_size(table, len(files), quotas)
    for f, quota, got in zip(files, quotas, taken, strict=True):
        f.quota = quota
        if got > quota and len(files) > 1:
            notes.append(
                f"{f.name}: its share is {quota} validation lines; the groups first seen in"
                f" it hold {got}"
            )
    total = sum(taken)
    if total != options.size:
        why = (
            "groups are never cut, and a group at the boundary holds several lines"
            if total > options.size
            else "the groups first seen in some files hold fewer lines than their share"
        )
        notes.append(f"validation has {total} lines, not {options.size}: {why}")
    return chosen


def _table(hashes: list[array[int]]) -> dict[int, int]:
    """Each group's hash to ``lines * nfiles + first file``."""
    nfiles = len(hashes)
    table: dict[int, int] = {}
    for index, found in enumerate(hashes):
        get = table.get
        for h, count in Counter(found).items():  # counted in C
            v = get(h)
            table[h] = count * nfiles + index if v is None else v + count * nfiles
    return table


def _write(
    source: Source,
    hashes: array[int],
    chosen: set[int],
    sides: tuple[BinaryIO, BinaryIO],
    tally: FileSplit,
) -> None:
    """Pass 2: copy each non-blank line of one input to its side, in line order."""
    train, validation = sides
    i = 0
    for block in _blocks(source):
        to_train: list[bytes] = []
        to_validation: list[bytes] = []
        for raw in block:
            if raw.isspace():
                continue
            if i >= len(hashes):
                raise SplitError(f"{source.name}: changed while being split")
            side = to_validation if hashes[i] in chosen else to_train
            i += 1
            side.append(raw if raw[-1:] == b"\n" else raw + b"\n")
        train.writelines(to_train)
        validation.writelines(to_validation)
        tally.train += len(to_train)
        tally.validation += len(to_validation)
    if i != len(hashes):
        raise SplitError(f"{source.name}: changed while being split")


def overlap(train: Source, validation: Source) -> int:
    """Validation lines whose example (canonical JSON) is also in the training file."""
    pending: Counter[int] = Counter()
    for block in _blocks(validation):
        pending.update(example_key(raw) for raw in block if not raw.isspace())
    found = 0
    for block in _blocks(train):
        for raw in block:
            if not raw.isspace():
                found += pending.pop(example_key(raw), 0)
    return found


def _refuse_unrereadable(sources: Sequence[Source]) -> None:
    for source in sources:
        if source.path is None:
            raise SplitError(
                "split reads its input twice, so it cannot read standard input: save it"
                " to a file first"
            )
        if not stat.S_ISREG(os.stat(source.path).st_mode):
            raise SplitError(f"{source.name}: not a regular file; split reads its input twice")


def split(
    sources: Sequence[Source],
    options: SplitOptions,
    train_out: str,
    validation_out: str,
    *,
    force: bool = False,
) -> SplitResult:
    """Split ``sources`` into two new files, verify them, and say what happened.

    Raises:
        SplitError: an input that cannot be read twice, or a size that leaves no training.
        OutputError: an output that is an input, exists without ``force``, or cannot be made.
        OSError: an input that cannot be read; the outputs are then left as they were.
    """
    if (options.fraction is None) == (options.size is None):
        raise SplitError("give either a validation fraction or a validation size")
    _refuse_unrereadable(sources)
    inputs = [s.path for s in sources if s.path is not None]
    check_outputs([train_out, validation_out], inputs=inputs, force=force)
    key, key_name = key_function(options.group_by)
    seed = xxh3_64_intdigest(options.salt.encode())
    files = [FileSplit(name=s.name) for s in sources]
    hashes = [_scan(s, key, seed, f) for s, f in zip(sources, files, strict=True)]
    table = _table(hashes)
    notes: list[str] = []
    chosen = _choose(table, files, options, notes)
    outs = [AtomicOutput(p, inputs=inputs, force=force) for p in (train_out, validation_out)]
    try:
        for source, found, tally in zip(sources, hashes, files, strict=True):
            _write(source, found, chosen, (outs[0].stream, outs[1].stream), tally)
        for out in outs:
            out.commit()
    finally:
        for out in outs:
            out.discard()
    shared = overlap(Source(train_out, train_out), Source(validation_out, validation_out))
    result = SplitResult(
        files=files,
        groups=len(table),
        validation_groups=len(chosen),
        overlap=shared,
        notes=notes,
        warnings=[],
    )
    result.warnings.extend(_warnings(result, key_name))
    return result


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _warnings(result: SplitResult, key_name: str) -> list[str]:
    """Provider limits the outputs break, and lines that could not be grouped as asked."""
    found: list[str] = []
    for side, count in (("train", result.train), ("validation", result.validation)):
        if count < MIN_EXAMPLES:
            found.append(
                f"{side} has {_plural(count, 'example')}; a fine-tuning file needs at least"
                f" {MIN_EXAMPLES}"
            )
    rft = [f.name for f in result.files if f.format == "reinforcement"]
    if rft and result.validation > RFT_MAX_VALIDATION:
        found.append(
            f"validation has {result.validation:,} examples; reinforcement fine-tuning accepts"
            f" at most {RFT_MAX_VALIDATION:,} (test examples)"
        )
    for f in result.files:
        if f.invalid:
            found.append(
                f"{f.name}: {_plural(f.invalid, 'line')} not valid JSON (first: line"
                f" {f.first_invalid}), each grouped by its text"
            )
        if f.ungrouped:
            found.append(
                f"{f.name}: {_plural(f.ungrouped, 'line')} without a {key_name}; each is a"
                " group by itself"
            )
    if result.overlap:
        found.append(f"{_plural(result.overlap, 'validation example')} also in train")
    return found
