"""The partial result of one shard, and its file format (msgpack, versioned).

A partial holds the plan it belongs to (with the command's settings, its target among
them), its shard number, and one :class:`PieceResult`
per piece it checked: the piece's :class:`~ftlint.engine.RangeResult` (findings, counts,
cross-line state and the digests of its lines, from which the merge finds duplicates),
for ``stats`` also its example statistics, or the one-line reason the input could not be
read. Arrays travel as little-endian bytes, so a partial reads the same on any machine.
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

import msgspec

from ..digests import DigestLog
from ..engine import RangeResult
from ..rules.dataset import Dataset
from ..stats import ExampleStats
from .planning import Plan

MAGIC = "ftlint-partial"
# The layout of a partial; a change of the layout is a new number (2: the plan's settings
# carry the target).
FORMAT_VERSION = 2


class PartialError(Exception):
    """A file that is not a partial ftlint can merge, with a one-line reason."""


class StatsPiece(msgspec.Struct, kw_only=True):
    """What ``stats`` adds to a piece: its examples, findings by code, and the model."""

    examples: ExampleStats
    findings: dict[str, int]
    model: str | None
    origin: str | None


class PieceResult(msgspec.Struct, kw_only=True):
    """One piece of a shard: where it lies, and what it found (or why it could not).

    ``result`` is ``None`` for a piece with nothing to check: the rest of a file that
    the first piece checked whole.
    """

    input: int
    start: int
    error: str | None = None
    result: RangeResult | None = None
    stats: StatsPiece | None = None


class Partial(msgspec.Struct, kw_only=True):
    """The result of one shard (``--shard I/N --partial FILE``)."""

    plan: Plan
    shard: int
    pieces: list[PieceResult]
    magic: str = MAGIC
    format_version: int = FORMAT_VERSION


class _Header(msgspec.Struct):
    magic: str = ""
    format_version: int = 0


def _pack(values: array[int]) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover - no big-endian CI
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _unpack(code: str, data: bytes) -> array[int]:
    values = array(code)
    values.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        values.byteswap()
    return values


def _enc_hook(obj: Any) -> Any:
    if isinstance(obj, DigestLog):
        ordered = None if obj.ordered is None else _pack(obj.ordered)
        return [_pack(obj.keys), _pack(obj.lines), _pack(obj.offsets), ordered]
    if isinstance(obj, Dataset):
        # Each file rule's state by its class name, each slot as JSON: a state may hold any
        # decoded value (an output's content parts), which is then compared as plain data.
        return {
            _state_name(cls): {
                name: msgspec.json.encode(getattr(state, name))
                for name in getattr(cls, "__slots__", ())
            }
            for cls, state in obj.__getstate__().items()
        }
    if isinstance(obj, ExampleStats):
        return {
            name: _pack(value) if isinstance(value, array) else value
            for name, value in obj.__getstate__().items()
        }
    raise NotImplementedError(f"cannot write {type(obj).__name__} to a partial")


def _state_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _dec_hook(kind: type, obj: Any) -> Any:
    if kind is DigestLog:
        log = DigestLog()
        keys, lines, offsets, ordered = obj
        log.keys, log.lines, log.offsets = (
            _unpack("Q", keys),
            _unpack("I", lines),
            _unpack("Q", offsets),
        )
        log.ordered = None if ordered is None else _unpack("Q", ordered)
        return log
    if kind is Dataset:
        dataset = Dataset()
        classes = {_state_name(cls): cls for cls in dataset.__getstate__()}
        for cls_name, slots in obj.items():
            state = dataset.__getstate__()[classes[cls_name]]
            for name, value in slots.items():
                decoded = msgspec.json.decode(value)
                if isinstance(getattr(state, name), (set, frozenset)):  # JSON has no sets
                    decoded = type(getattr(state, name))(decoded)
                setattr(state, name, decoded)
        return dataset
    if kind is ExampleStats:
        examples = ExampleStats()
        blank = examples.__getstate__()
        examples.__setstate__(
            {
                name: _unpack(blank[name].typecode, value)
                if isinstance(blank[name], array)
                else value
                for name, value in obj.items()
            }
        )
        return examples
    raise NotImplementedError(kind)


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_enc_hook)
_DECODER = msgspec.msgpack.Decoder(Partial, dec_hook=_dec_hook)
_HEADER = msgspec.msgpack.Decoder(_Header)


def encode(partial: Partial) -> bytes:
    """The partial as bytes (msgpack)."""
    return _ENCODER.encode(partial)


def decode(data: bytes, name: str = "partial") -> Partial:
    """A partial from bytes; ``name`` is for the messages.

    Raises:
        PartialError: not a partial, or one of another format version, or damaged.
    """
    try:
        header = _HEADER.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise PartialError(f"{name}: not an ftlint partial result") from None
    if header.magic != MAGIC:
        raise PartialError(f"{name}: not an ftlint partial result")
    if header.format_version != FORMAT_VERSION:
        raise PartialError(
            f"{name}: partial format {header.format_version}; this ftlint reads format"
            f" {FORMAT_VERSION} (write and merge partials with the same ftlint version)"
        )
    try:
        return _DECODER.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise PartialError(f"{name}: damaged partial result: {exc}") from None


__all__ = [
    "FORMAT_VERSION",
    "MAGIC",
    "Partial",
    "PartialError",
    "PieceResult",
    "StatsPiece",
    "decode",
    "encode",
]
