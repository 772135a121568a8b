"""Pretty-printed JSON documents whose one long list is encoded a batch at a time.

A report of millions of findings would otherwise be held three times over: as Python
values, as encoded bytes, and formatted. :func:`pretty` writes the document around a
hole, and the list's items batch by batch, with the indentation that formatting the whole
document at once would give them, so the text is the same byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

# Put where the list goes in the document; a NUL keeps it apart from any real text.
HOLE = "\x00ftlint:items\x00"
BATCH = 4096
_ENCODER = msgspec.json.Encoder()


def pretty(document: Any, batches: Iterable[list[Any]]) -> Iterator[str]:
    """The document, indented by 2 as ``msgspec.json.format`` does it, with the items of
    ``batches`` in place of :data:`HOLE`, and a final newline."""
    text = msgspec.json.format(_ENCODER.encode(document), indent=2).decode()
    head, tail = text.split(_ENCODER.encode(HOLE).decode())
    key = head[head.rfind("\n") + 1 :]
    pad = " " * (len(key) - len(key.lstrip(" ")))  # the key's indentation: items go 2 deeper
    first = True
    for batch in batches:
        if not batch:
            continue
        formatted = msgspec.json.format(_ENCODER.encode(batch), indent=2).decode()
        # The batch's items without its brackets, moved in to the list's depth.
        items = formatted[2:-2].replace("\n", "\n" + pad)
        yield (head + "[\n" + pad if first else ",\n" + pad) + items
        first = False
    yield (head + "[]" if first else "\n" + pad + "]") + tail + "\n"


def batches(items: list[Any]) -> Iterator[list[Any]]:
    """``items`` in slices of :data:`BATCH`."""
    size = BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]
