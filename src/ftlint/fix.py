"""``ftlint fix``: the mechanical, safe remedies of what ``check`` finds, written to a new file.

The promises:

- **Never lose a line.** Every input line ends up in OUT (as it was, or fixed), in REJ
  (byte for byte, when no remedy makes it valid; LOG gives its line and the reason), or
  in LOG as a dropped blank line or duplicate. Without REJ, unfixable lines stay in OUT
  unchanged.
- **Never touch the input**: outputs go through :class:`~ftlint.output.AtomicOutput`.
- **Valid lines are copied byte for byte.** Each block of lines is checked by the
  engine, as ``check`` checks it; a line without a finding that a selected remedy could
  act on is copied as read. Only a changed example is serialized again (msgspec keeps
  the keys' order; numbers keep their value), and only when a remedy changes it.
- **Deterministic and idempotent.** Remedies are functions of the line (ids made by
  ``--upgrade-functions`` are hashes of the example), applied in a fixed order until
  none changes the line; each result is checked again and kept only if it has no error,
  so a second ``fix`` finds nothing to do.
- **Auditable.** Each change is a :class:`Change` record (LOG), with the SHA-256 of the
  line before and after.

The remedies live beside their rules (:mod:`ftlint.rules.remedies`). Pretty-printed JSON
is re-flowed only as a whole-file shape: when the file's first line opens an object or
array it does not close, and the whole file is one array of objects or objects one after
another (it is then read into memory). Otherwise each line is fixed by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

import msgspec

from .fixer import Change, Fixer, FixError, FixOptions, FixSummary
from .output import AtomicOutput, check_outputs
from .reader import Source, open_source, read_blocks


class FixRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One run of ``ftlint fix``: the input, the outputs and the options."""

    path: str
    output: str | None
    rejects: str | None = None
    log: str | None = None
    options: FixOptions = FixOptions()
    force: bool = False
    dry_run: bool = False


def fix(request: FixRequest, on_change: Callable[[Change], None] | None = None) -> FixSummary:
    """Fix the file ``request.path`` into the request's outputs; ``on_change`` sees each
    LOG record too. With ``dry_run``, nothing is written.

    Raises:
        FixError: the input is not UTF-8 text.
        OutputError: an output that is the input, exists without ``force``, or cannot be
            made; nothing is then written.
        SelectionError: an unknown rule code in the selection.
        OSError: the input cannot be read; the outputs are then left as they were.
    """
    path = request.path
    source = Source("-" if path == "-" else path.replace("\\", "/"), None if path == "-" else path)
    named = [p for p in (request.output, request.rejects, request.log) if p]
    inputs = [] if path == "-" else [path]
    check_outputs(named, inputs=inputs, force=request.force)
    if request.dry_run:
        return _run(source, request, None, None, None, on_change)
    outs = {p: AtomicOutput(p, inputs=inputs, force=request.force) for p in named}
    try:
        out = outs[request.output].stream if request.output else None
        rej = outs[request.rejects].stream if request.rejects else None
        log = outs[request.log].stream if request.log else None
        summary = _run(source, request, out, rej, log, on_change)
        for atomic in outs.values():
            atomic.commit()
    finally:
        for atomic in outs.values():
            atomic.discard()
    return summary


def _run(
    source: Source,
    request: FixRequest,
    out: BinaryIO | None,
    rej: BinaryIO | None,
    log: BinaryIO | None,
    on_change: Callable[[Change], None] | None,
) -> FixSummary:
    encoder = msgspec.json.Encoder()

    def record(change: Change) -> None:
        if log is not None:
            log.write(encoder.encode(change) + b"\n")
        if on_change is not None:
            on_change(change)

    def discard(lines: list[bytes]) -> None:
        pass

    write_rej = None if request.rejects is None else (discard if rej is None else rej.writelines)
    fixer = Fixer(
        source.name,
        request.options,
        discard if out is None else out.writelines,
        write_rej,
        record,
    )
    with open_source(source) as stream:
        fixer.feed(read_blocks(stream, compressed=source.compressed))
    return fixer.summary


__all__ = ["Change", "FixError", "FixOptions", "FixRequest", "FixSummary", "fix"]
