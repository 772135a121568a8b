"""The engine: checks files line by line and turns what it finds into a report.

- :mod:`.options`: :class:`Options` (how to check) and the callback types.
- :mod:`.api`: the public ``check_*`` functions and :func:`detect_format`.
- :mod:`.filecheck`: :class:`FileCheck`, the state and hot loop of one file's check.
- :mod:`.explain`: the slow path, which explains a line that failed the typed decode.
- :mod:`.sink`: :class:`FindingSink`, where findings are counted, capped and ordered.
- :mod:`.counts`: :class:`FileCounts`, the per-file counters.
- :mod:`.ranges`: :class:`RangeResult`, one byte range's results (see ``ftlint.parallel``).
"""

from __future__ import annotations

from .api import check_file, check_lines, check_paths, check_source, check_stream, detect_format
from .counts import FileCounts
from .explain import SNIFF_BYTES, sniff_text
from .filecheck import FileCheck
from .options import (
    FORMAT_CHOICES,
    MODEL_RULES,
    Listener,
    Observer,
    OptionFields,
    Options,
    Progress,
    options_of,
)
from .ranges import RangeResult
from .sink import FindingSink

__all__ = [
    "FORMAT_CHOICES",
    "MODEL_RULES",
    "SNIFF_BYTES",
    "FileCheck",
    "FileCounts",
    "FindingSink",
    "Listener",
    "Observer",
    "OptionFields",
    "Options",
    "Progress",
    "RangeResult",
    "check_file",
    "check_lines",
    "check_paths",
    "check_source",
    "check_stream",
    "detect_format",
    "options_of",
    "sniff_text",
]
