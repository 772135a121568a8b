"""The public check functions: lines, a stream, a source, a file, paths.

Each takes one :class:`~ftlint.engine.options.Options`, or its fields as keywords
(``check_file(path, format="chat")``), which :func:`options_of` turns into one; the fields
are documented on :class:`Options`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, BinaryIO

from ..reader import Source, batched, discover, open_source, read_blocks
from ..results import FileReport, Report
from ..schema import evidence
from .filecheck import FileCheck
from .options import Listener, Observer, OptionFields, Options, Progress, options_of
from .parquet_check import check_parquet, seekable, sniff, takes_parquet

if TYPE_CHECKING:
    from typing_extensions import Unpack


def check_lines(
    lines: Iterable[bytes | str],
    options: Options | None = None,
    *,
    path: str = "<lines>",
    **fields: Unpack[OptionFields],
) -> FileReport:
    """Check JSONL lines (newline optional) as one file.

    Args:
        lines: the lines, in order; line numbers start at 1. ``bytes`` are checked as
            they are (bad UTF-8 included); ``str`` lines are encoded as UTF-8.
        options: how to check; keyword ``fields`` of :class:`Options` go over it.
        path: the name to put in findings.

    Raises:
        TypeError: a line that is neither ``bytes`` nor ``str``.
        ValueError: an unknown format or model.
    """
    options = options_of(options, fields)
    check = FileCheck(path, options, loose_endings=True)
    check.run(batched(map(_line_bytes, lines), max_line=options.max_line_bytes))
    return check.finish()


def _line_bytes(line: bytes | str) -> bytes:
    if type(line) is bytes:
        return line
    if isinstance(line, str):
        return line.encode("utf-8", "surrogatepass")
    if isinstance(line, (bytearray, memoryview)):
        return bytes(line)
    raise TypeError(f"check_lines takes lines as bytes or str, not {type(line).__name__}")


def check_stream(
    stream: BinaryIO,
    options: Options | None = None,
    *,
    path: str,
    progress: Progress | None = None,
    **fields: Unpack[OptionFields],
) -> FileReport:
    """Check an open binary stream of JSONL; ``progress`` is called with bytes read.

    ``options`` and ``fields`` are as for :func:`check_lines`.
    """
    options = options_of(options, fields)
    check = FileCheck(path, options)
    check.run(read_blocks(stream, max_line=options.max_line_bytes), progress=progress)
    return check.finish()


def check_source(
    source: Source,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    on_finding: Listener | None = None,
    observer: Observer | None = None,
) -> FileReport:
    """Check one discovered source. Raises ``OSError`` if it cannot be opened.

    With ``on_finding``, findings are streamed to it instead of kept in the report (see
    :class:`~ftlint.engine.sink.FindingSink` for their order), so memory stays bounded on
    files with many findings. ``observer`` sees every valid example (for statistics); see
    :data:`Observer`.
    """
    options = options or Options()
    check = FileCheck(source.name, options, on_finding, size=source.size, observer=observer)
    with open_source(source, stdin) as stream:
        # A target that takes Parquet (Together) reads its footer; its lines are not JSON.
        if takes_parquet(check) and (check.fmt is not None or (seekable(source) and sniff(stream))):
            check_parquet(check, stream, seekable(source))
            return check.finish(source.identity)
        blocks = read_blocks(stream, compressed=source.compressed, max_line=options.max_line_bytes)
        check.run(blocks, progress=progress)
    return check.finish(source.identity)


def check_file(path: str, options: Options | None = None, **fields: Unpack[OptionFields]) -> Report:
    """Check one JSONL file (``.gz`` is decompressed; ``-`` reads stdin).

    ``options`` and ``fields`` are as for :func:`check_lines`.

    Returns:
        A report holding the one file.

    Raises:
        OSError: the file cannot be opened.
        ValueError: an unknown format or model.
    """
    options = options_of(options, fields)
    source = Source("-" if path == "-" else path.replace("\\", "/"), None if path == "-" else path)
    return Report(files=(check_source(source, options),))


def check_paths(
    paths: Sequence[str], options: Options | None = None, **fields: Unpack[OptionFields]
) -> Report:
    """Check files and directories (walked for JSONL files) into one report.

    ``options`` and ``fields`` are as for :func:`check_lines`.

    Raises:
        OSError: a path is missing or unreadable.
        ValueError: an unknown format or model.
    """
    sources, errors = discover(paths)
    if errors:
        raise FileNotFoundError(str(errors[0]))
    options = options_of(options, fields)
    return Report(files=tuple(check_source(s, options) for s in sources))


def detect_format(
    name: str, options: Options, lines: Iterable[bytes]
) -> tuple[str, int | None] | None:
    """The format a check of ``lines`` (a file's first lines) settles on, and its line.

    With a given format, that format and ``None``. ``None`` when no line shows the format.
    The lines are read exactly as a check reads them, so the answer is the one a check
    of the whole file would find.
    """
    if options.format != "auto":
        return options.format, None
    lines = iter(lines)
    head = evidence.head(lines)
    check = FileCheck(name, options, head=head)
    for lineno, raw in enumerate(itertools.chain(head, lines), start=1):
        check.explain_line(raw, lineno)
        if check.fmt is not None:
            return check.fmt, check.fmt_line
    return None
