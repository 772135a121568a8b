"""Helpers the CI reporters share: repo-relative paths, finding text, rule data, fingerprints.

Fingerprints (GitLab ``fingerprint``, SARIF ``partialFingerprints``) come from one
function, :func:`fingerprints`, so every format tracks a finding the same way:

- the key is (repo-relative path, code, JSON path, SHA-1 of the line's content). The line
  *number* is left out, so inserting examples above a problem does not re-open it; the
  content is kept, so the same problem on two different lines stays two findings.
- the content is read back from the file at the finding's byte ``offset``, without its
  line ending (CRLF and LF give the same hash). That works for plain files only. For
  stdin, ``.gz`` files, a file that can no longer be read, or a finding without an offset,
  the key falls back to (path, code, JSON path, line number, message): unique, but it moves
  when lines are inserted above.
- file-level findings (no line) use (path, code, JSON path) alone, so a changing count in
  the message (``file has 9 examples``) does not make a new finding.
- when two findings still share a key (the same problem on identical lines), the second
  and later ones get their occurrence number mixed in, so every fingerprint in one report
  is unique.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import BinaryIO

from ..findings import Finding, LineRuns, Severity
from ..reader import is_url
from ..results import FileReport, Report
from ..rules import Rule, find

FINGERPRINT_VERSION = "v1"
_CHUNK = 1 << 16
# How much of a file LineReader reads at a time to find short lines in.
_WINDOW = 1 << 18


def relative_to_cwd(path: str, cwd: str | None = None) -> tuple[str, bool]:
    """The path in POSIX form, relative to ``cwd`` (default: the current directory).

    Returns ``(path, True)`` when the file lies below ``cwd``, and ``(absolute path,
    False)`` when it does not. Stdin (``-``) is returned unchanged, as relative; a URL
    unchanged, as outside.
    """
    if path == "-":
        return path, True
    if is_url(path):
        return path, False
    return _relative(path, os.getcwd() if cwd is None else cwd)


# Reports with a fingerprint or a location per finding ask this of the same few paths
# again and again, and each answer costs a dozen system calls (realpath).
@functools.lru_cache(maxsize=1024)
def _relative(path: str, base: str) -> tuple[str, bool]:
    absolute = os.path.abspath(os.path.join(base, path))
    for here, there in ((base, absolute), (os.path.realpath(base), os.path.realpath(absolute))):
        try:
            rel = os.path.relpath(there, os.path.abspath(here))
        except ValueError:  # another drive, on Windows
            continue
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
            return PurePath(rel).as_posix(), True
    return PurePath(absolute).as_posix(), False


def repo_path(path: str, cwd: str | None = None) -> str:
    """The path relative to the current directory in POSIX form, or absolute if outside."""
    return relative_to_cwd(path, cwd)[0]


def location(finding: Finding) -> str:
    """``path:line:col``, as far as the finding has a line and a column."""
    loc = finding.path
    if finding.line is not None:
        loc += f":{finding.line}"
        if finding.column is not None:
            loc += f":{finding.column}"
    return loc


def at_path(finding: Finding) -> str:
    """The finding's message, with the JSON path it is at (unless that is the root)."""
    if finding.json_path and finding.json_path != "$":
        return f"{finding.message} at {finding.json_path}"
    return finding.message


def hint_suffix(finding: Finding) -> str:
    """`` (hint: ...)``, or nothing for a finding without a hint."""
    return f" (hint: {finding.hint})" if finding.hint else ""


def describe(finding: Finding) -> str:
    """The finding's message with its JSON path and hint, as the text format shows it."""
    return at_path(finding) + hint_suffix(finding)


def rule_for(code: str) -> Rule | None:
    """The rule of ``code`` (of any target), or ``None`` for a code no rule has."""
    return find(code)


def not_kept(report: Report) -> list[tuple[str, str]]:
    """(path, sentence) for each file whose findings ``--max-findings`` cut.

    The machine formats say so inside the report itself, so no reader of a capped
    report takes it for the whole.
    """
    return [
        (
            file.path,
            f"{file.path}: {plural(file.omitted, 'more finding')} not kept (--max-findings);"
            f" the report keeps errors first, and counts all {plural(file.errors, 'error')},"
            f" {plural(file.warnings, 'warning')} and {file.infos:,} info",
        )
        for file in report.files
        if file.omitted
    ]


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``, with thousands separators."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def counts(errors: int, warnings: int, infos: int) -> str:
    """``6 errors, 1 warning, 1 info``."""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {infos:,} info"


SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class LineReader:
    """Hashes a finding's line, read back from its file by byte offset.

    Each file is opened once and kept open until :meth:`close`. Only plain files qualify:
    not stdin, not ``.gz`` (the offset counts decompressed bytes).
    """

    def __init__(self) -> None:
        self._files: dict[str, BinaryIO | None] = {}
        self._last: tuple[str, int, str | None] = ("", -1, None)
        # A window of the file last read (path, its first offset, its bytes): findings
        # come in line order, so most lines are found in it without a seek and a read.
        self._window: tuple[str, int, bytes] = ("", 0, b"")

    def _open(self, path: str) -> BinaryIO | None:
        if path in self._files:
            return self._files[path]
        handle: BinaryIO | None = None
        if path != "-" and not path.endswith(".gz") and os.path.isfile(path):
            try:
                handle = open(path, "rb")  # noqa: SIM115 - closed in close()
            except OSError:
                handle = None
        self._files[path] = handle
        return handle

    def line_hash(self, path: str, offset: int) -> str | None:
        """SHA-1 hex of the line at ``offset`` without its line ending, or ``None``."""
        # Findings come line by line: the findings of one line hash it once, however long.
        if self._last[:2] == (path, offset):
            return self._last[2]
        found = self._hash(path, offset)
        self._last = (path, offset, found)
        return found

    def _hash(self, path: str, offset: int) -> str | None:
        handle = self._open(path)
        if handle is None:
            return None
        import hashlib  # here: only the formats that fingerprint findings hash

        try:
            line = self._windowed(handle, path, offset)
        except OSError:
            return None
        if line is not None:
            return hashlib.sha1(line, usedforsecurity=False).hexdigest()
        digest = hashlib.sha1(usedforsecurity=False)
        try:
            handle.seek(offset)
            held = b""
            while True:
                chunk = handle.readline(_CHUNK)
                if not chunk:
                    digest.update(held)
                    break
                data = held + chunk
                if data.endswith(b"\n"):
                    data = data[:-1]
                    if data.endswith(b"\r"):
                        data = data[:-1]
                    digest.update(data)
                    break
                # Hold the last byte back: it may be the \r of a CRLF split across chunks.
                held = data[-1:]
                digest.update(data[:-1])
        except OSError:
            return None
        return digest.hexdigest()

    def _windowed(self, handle: BinaryIO, path: str, offset: int) -> bytes | None:
        """The line at ``offset`` without its line ending, if it fits in a window of the
        file (``None`` for a longer line: it is then read in chunks)."""
        name, start, window = self._window
        at = offset - start
        if name == path and 0 <= at < len(window):
            end = window.find(b"\n", at)
            if end >= 0 or len(window) < _WINDOW:
                return _line_in(window, at, end)
        handle.seek(offset)
        window = handle.read(_WINDOW)
        self._window = (path, offset, window)
        end = window.find(b"\n")
        if end >= 0 or len(window) < _WINDOW:
            return _line_in(window, 0, end)
        return None

    def close(self) -> None:
        """Close every file opened."""
        for handle in self._files.values():
            if handle is not None:
                handle.close()
        self._files.clear()


def _line_in(window: bytes, at: int, end: int) -> bytes:
    """The line from ``at`` to the newline at ``end`` (``-1``: to the end of the file),
    without its line ending."""
    if end < 0:
        return window[at:]  # the file's last line, which has no line ending
    return window[at : end - 1 if end > at and window[end - 1] == 13 else end]  # 13: \r


def _digest(parts: Iterable[str]) -> str:
    import hashlib

    joined = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()[:32]


def fingerprint_key(finding: Finding, line_hash: str | None, path: str | None = None) -> list[str]:
    """The parts a finding's fingerprint hashes (see the module documentation);
    ``path`` is the finding's :func:`repo_path`, when the caller has it."""
    path = repo_path(finding.path) if path is None else path
    parts = [FINGERPRINT_VERSION, path, finding.code, finding.json_path or ""]
    if finding.line is None:
        parts.append("file")
    elif line_hash is not None:
        parts += ["content", line_hash]
    else:
        parts += ["line", str(finding.line), finding.message]
    return parts


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable fingerprint (32 hex digits) for each finding, unique within the list."""
    return list(iter_fingerprints(findings))


def iter_fingerprints(findings: Iterable[Finding]) -> Iterator[str]:
    """The fingerprints of :func:`fingerprints`, one at a time."""
    reader = LineReader()
    seen: dict[str, int] = {}
    paths: dict[str, str] = {}  # each file's repo path: one report, one current directory
    last: tuple[list[str], str] = ([], "")  # alike findings in a row (blank lines) hash once
    try:
        for finding in findings:
            line_hash = None
            if finding.line is not None and finding.offset is not None:
                line_hash = reader.line_hash(finding.path, finding.offset)
            path = paths.get(finding.path)
            if path is None:
                path = paths[finding.path] = repo_path(finding.path)
            key = fingerprint_key(finding, line_hash, path)
            if key != last[0]:
                last = (key, _digest(key))
            base = last[1]
            n = seen.get(base, 0)
            seen[base] = n + 1
            yield base if n == 0 else _digest([base, str(n)])
    finally:
        reader.close()


# -- grouping repeated findings (text, Markdown, GitHub) ---------------------------------

# A rule with more findings than FOLD_ABOVE in a file shows its first SHOWN_PER_RULE, and
# one line sums up the rest.
FOLD_ABOVE = 10
SHOWN_PER_RULE = 5
# Rules said once per file, as the server does: a file in another format than the job's.
SHOWN_ONCE = frozenset({"F002"})
# What a rule that fires on every example of a chat file suggests.
_EVERY_EXAMPLE = {
    "S008": "every example has no assistant message: is this RFT data? use --format reinforcement",
    "S003": "every example has keys chat does not take: is this RFT data, with grader keys?"
    " use --format reinforcement",
}
ALL_FINDINGS_HOW = "--all-findings or -o json"


class Folded:
    """The findings of one rule in one file beyond the first few: how many, on which lines.

    Memory is bounded: only the first few runs of lines are kept (:class:`LineRuns`).
    """

    __slots__ = ("every", "hint", "path", "runs")

    def __init__(self, path: str, code: str, severity: Severity) -> None:
        self.path = path
        self.runs = LineRuns(code=code, severity=severity)
        self.every = False  # the rule fires on every example of the file
        self.hint: str | None = None

    @property
    def code(self) -> str:
        return self.runs.code

    @property
    def severity(self) -> Severity:
        return self.runs.severity

    @property
    def count(self) -> int:
        return self.runs.count

    def add(self, line: int) -> None:
        self.runs.add(line)

    def lines(self) -> str:
        """``4-600`` or ``4-10, 12, 15-20 and more``."""
        return self.runs.text()

    def message(self) -> str:
        """What the summary line says after the code and severity."""
        what = "finding" if self.count == 1 else "findings"
        text = f"{self.count:,} more {what} of this rule, on lines {self.lines()}"
        if self.every:
            text += f" ({self.hint or 'every example has one'})"
        return f"{text}; to see all: {ALL_FINDINGS_HOW}"


def grouped(files: Iterable[FileReport]) -> Iterator[Finding | Folded]:
    """The findings of ``files`` in report order, with each file's repeats folded.

    Per file, a rule with more than :data:`FOLD_ABOVE` line findings shows its first
    :data:`SHOWN_PER_RULE` (a rule of :data:`SHOWN_ONCE`, with more than one, its first),
    and the rest are counted in one :class:`Folded`, which follows the file's findings.
    The findings that the check only counted (``FileReport.folded``, on lines after the
    kept findings of their rule) join their rule's :class:`Folded`. File-level findings
    are never folded.
    """
    for file in files:
        counted = {runs.code: runs for runs in file.folded}
        totals = Counter(f.code for f in file.findings if f.line is not None)
        for code, runs in counted.items():
            totals[code] += runs.count
        shown = {
            code: 1 if code in SHOWN_ONCE else SHOWN_PER_RULE
            for code, n in totals.items()
            if n > FOLD_ABOVE or (code in SHOWN_ONCE and n > 1)
        }
        seen: dict[str, int] = {}
        last: dict[str, int] = {}  # the last line of each rule, to count distinct lines
        distinct = {code: runs.lines for code, runs in counted.items()}
        folds: dict[str, Folded] = {}
        for finding in file.findings:
            line, code = finding.line, finding.code
            if line is None:
                yield finding
                continue
            if last.get(code) != line:
                last[code] = line
                distinct[code] = distinct.get(code, 0) + 1
            n = seen.get(code, 0)
            seen[code] = n + 1
            if n < shown.get(code, n + 1):
                yield finding
                continue
            fold = folds.get(code)
            if fold is None:
                fold = folds[code] = Folded(finding.path, code, finding.severity)
            fold.add(line)
        for code, runs in counted.items():
            fold = folds.get(code)
            if fold is None:
                fold = folds[code] = Folded(file.path, code, runs.severity)
            fold.runs.extend(runs)
        for code, fold in folds.items():
            if distinct[code] == file.stats.examples:
                fold.every = True
                if file.format == "chat":
                    fold.hint = _EVERY_EXAMPLE.get(code)
            yield fold
