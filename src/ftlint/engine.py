"""The check loop: read, decode, check, accumulate. One pass, constant memory.

The hot path is a typed msgspec decode per line with the file's reusable Decoder, then
the format's semantic checks. Everything else (blank lines, a BOM, NUL bytes, bad UTF-8,
syntax errors, schema errors, format detection) is handled in :meth:`_FileCheck._slow`,
which only lines that fail the typed decode reach. Valid data never pays for it.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, BinaryIO

import msgspec

from . import base_models, schema
from .digests import SEGMENT, DigestLog, DigestStore, digest
from .findings import Finding, Severity
from .jsonpos import Locator, char_column
from .reader import Source, batched, discover, open_source, read_blocks
from .results import FileReport, Report
from .rules import REGISTRY, checks_for
from .rules.context import FileEnd, LineContext
from .rules.dataset import Dataset
from .rules.explain_schema import describe, explain, short_key
from .schema.collect import Path, collect, format_path
from .selection import DEFAULT as DEFAULT_RULES
from .stats import Stats

# Rules that only mean something for a given --model (token limits, method and vision).
MODEL_RULES = frozenset({"K001", "F009", "F010"})

FORMAT_CHOICES = ("auto", *schema.FORMAT_NAMES)
Progress = Callable[[int], None]
Listener = Callable[[Finding], None]
# Called with (example, line number, raw line) for each valid example, after its checks:
# how statistics see the data without a second pass.
Observer = Callable[[Any, int, bytes], None]

BOM = b"\xef\xbb\xbf"
_FAST_ERRORS = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)
_UNTYPED = msgspec.json.Decoder()
_MESSAGES = {
    "chat": operator.attrgetter("messages"),
    "reinforcement": operator.attrgetter("messages"),
    "preference": operator.attrgetter("input.messages"),
}


class _Sink:
    """Counts every finding exactly; keeps, or streams, at most ``limit`` line findings.

    The findings of one line are held until the line is done, then sorted (by column and
    code) before the cap applies, so --max-findings N keeps the first N findings a reader
    of the full report would see. Without a listener the kept findings are returned by
    :meth:`close`; with one, each line's findings go to the listener as soon as the line is
    done. Findings made once the lines are read (:meth:`lines_done`) and that point back
    at a line, such as duplicates (F006) and J005, are *late*: streamed after the
    file's other line findings, or put in their place by :meth:`close`. Memory stays
    bounded however many findings a file has: with a cap, late findings beyond it are
    dropped as they come.
    """

    __slots__ = (
        "_late",
        "_pending",
        "_tail",
        "counts",
        "error_lines",
        "kept",
        "last_error_line",
        "limit",
        "line_kept",
        "listener",
    )

    def __init__(self, limit: int | None, listener: Listener | None = None) -> None:
        self.kept: list[Finding] = []
        self.counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
        self.limit = limit
        self.listener = listener
        self.line_kept = 0
        self.error_lines = 0
        self.last_error_line: int | None = None
        self._pending: list[Finding] = []
        self._tail: list[Finding] = []  # file-level findings
        self._late: list[Finding] = []  # late line findings, without a listener

    def add(self, finding: Finding, *, late: bool = False) -> None:
        """Count a finding, and keep or stream it unless the cap is reached.

        A ``late`` finding is made after :meth:`lines_done` but points at a line.
        """
        self.counts[finding.severity] += 1
        line = finding.line
        if finding.severity is Severity.ERROR and line is not None and line != self.last_error_line:
            self.error_lines += 1
            self.last_error_line = line
        self.keep(finding, late=late)

    def keep(self, finding: Finding, *, late: bool = False) -> None:
        """Keep or stream a finding that is already counted (unless the cap is reached)."""
        if finding.line is None:
            self._tail.append(finding)
        elif late:
            self._keep_late(finding)
        else:
            pending = self._pending
            if pending and pending[0].line != finding.line:
                self._flush()
            pending.append(finding)

    def _keep_late(self, finding: Finding) -> None:
        limit = self.limit
        if self.listener is not None:
            if limit is None or self.line_kept < limit:
                self.line_kept += 1
                self.listener(finding)
            return
        late = self._late
        late.append(finding)
        if limit is not None and len(late) >= 2 * limit + 1024:
            # Only the first `limit` findings in report order can survive the cap.
            late.sort(key=Finding.sort_key)
            del late[limit:]

    def lines_done(self) -> None:
        """Every line has been read: release the last line's findings."""
        self._flush()

    def _flush(self) -> None:
        pending = self._pending
        if len(pending) > 1:
            pending.sort(key=Finding.sort_key)
        for finding in pending:
            if self.limit is not None and self.line_kept >= self.limit:
                break
            self.line_kept += 1
            if self.listener is not None:
                self.listener(finding)
            else:
                self.kept.append(finding)
        pending.clear()

    def close(self) -> tuple[Finding, ...]:
        """Finish: the kept findings in report order (none when they were streamed)."""
        self._flush()
        tail = sorted(self._tail, key=Finding.sort_key)
        if self.listener is not None:
            for finding in tail:
                self.listener(finding)
            return ()
        by_line = self.kept
        if self._late:
            by_line = sorted(by_line + self._late, key=Finding.sort_key)
        if self.limit is not None:
            by_line = by_line[: self.limit]
        return tuple(tail + by_line)


class _FileCheck:
    """The state of checking one file (or one byte range of it)."""

    def __init__(
        self,
        name: str,
        options: Options,
        listener: Listener | None = None,
        *,
        size: int | None = None,
        observer: Observer | None = None,
        file_start: bool = True,
        chunk: bool = False,
    ) -> None:
        fmt, max_findings, enabled, model = (
            options.format,
            options.max_findings,
            options.rules,
            options.model,
        )
        if fmt not in FORMAT_CHOICES:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMAT_CHOICES)}")
        if model is not None:
            base_models.get(model)  # KeyError for an unknown model, before any work
        self.name = name
        self.observer = observer
        # False for a byte range that starts inside the file (see ftlint.parallel).
        self.file_start = file_start
        self.enabled = DEFAULT_RULES if enabled is None else enabled
        if model is None:
            # Model rules need a model: without one, not even their checks run.
            self.enabled = self.enabled - MODEL_RULES
        self.dup_keys = "J010" in self.enabled
        self.model = model
        self.size = size
        self.sink = _Sink(max_findings, listener)
        self.dataset = Dataset()
        # Duplicates (F006): the (digest, line, offset) of every valid line, in line
        # order, 20 bytes a line, logged here and kept in segments by the store (on disk
        # past a budget); the repeats are found once the file is read. A byte range
        # (chunk) only logs: the parent stores the logs of all ranges.
        self.digest_log: DigestLog | None = DigestLog() if "F006" in self.enabled else None
        self.digests: DigestStore | None = (
            DigestStore() if self.digest_log is not None and not chunk else None
        )
        # The digest of a line the slow path accepted, by line number: the block it is in
        # logs it in its place.
        self.accepted: dict[int, int] = {}
        # Lines from a file end with "\n" but the last; lines given through check_lines()
        # may lack it anywhere, so their digests are taken line by line.
        self.loose_endings = False
        self.ctx = LineContext(self.report_at, self.enabled, model, self.dataset)
        self.source = "auto" if fmt == "auto" else "option"
        self.fmt: str | None = None
        self.fmt_line: int | None = None
        self.decode: Callable[[bytes], Any] | None = None
        self.checks: tuple[Callable[[Any, LineContext], None], ...] = ()
        self.messages: Callable[[Any], Sequence[Any]] | None = None
        self.utf8_check: Callable[[Any], bool] | None = None
        self.examples = 0
        self.blank = 0
        self.crlf = 0
        # (line, byte offset) of the first line that ends with CRLF.
        self.first_crlf: tuple[int, int] | None = None
        self.n_messages = 0
        self.min_messages: int | None = None
        self.max_messages = 0
        self.lines = 0
        self.bytes = 0
        # Byte offset of the current line's start, for the findings of that line.
        self.offset = 0
        # False when reading stopped early; the example count is then incomplete.
        self.complete = True
        if fmt != "auto":
            self._set_format(fmt, None)

    def _set_format(self, fmt: str, line: int | None) -> None:
        self.fmt = fmt
        self.fmt_line = line
        self.ctx.format = fmt
        self.decode = schema.decoder(fmt).decode
        self.checks = checks_for(fmt, self.enabled.__contains__)
        self.lenient = schema.LENIENT.get(fmt)
        self.messages = _MESSAGES.get(fmt)
        self.utf8_check = schema.UNCHECKED_BYTES.get(fmt)

    # -- reporting -------------------------------------------------------------------

    def emit(
        self,
        code: str,
        line: int | None,
        column: int | None,
        message: str,
        *,
        json_path: str | None = None,
        hint: str | None = None,
        late: bool = False,
        offset: int | None = None,
    ) -> None:
        if code not in self.enabled:
            return
        rule = REGISTRY[code]
        self.sink.add(
            Finding(
                path=self.name,
                line=line,
                column=column,
                json_path=json_path,
                code=code,
                severity=rule.severity,
                message=message,
                hint=hint,
                offset=None if line is None else self.offset if offset is None else offset,
            ),
            late=late,
        )

    def report_at(
        self,
        line: int,
        raw: bytes,
        shift: int,
        code: str,
        message: str,
        path: Path,
        key: str | None,
        hint: str | None,
        locator: Locator | None = None,
    ) -> None:
        locator = locator or Locator(raw)
        offset = locator.locate(path, key)
        column = None if offset is None else locator.column(offset) + shift
        full = (*path, key) if key is not None else path
        self.emit(code, line, column, message, json_path=format_path(full), hint=hint)

    # -- the loop --------------------------------------------------------------------

    def run(
        self, blocks: Iterable[list[bytes]], first_line: int = 1, progress: Progress | None = None
    ) -> None:
        """Check every line of ``blocks``; the first line has number ``first_line``.

        Byte offsets continue from ``self.bytes``, so a file can be fed in several runs.
        """
        lineno = first_line - 1
        decode = self.decode
        checks = self.checks
        messages = self.messages
        utf8_check = self.utf8_check
        ctx = self.ctx
        sink = self.sink
        digest_log = self.digest_log
        dup_keys = self.dup_keys
        observer = self.observer
        fast = 0
        crlf = 0
        first_crlf: tuple[int, int] | None = None
        total = 0
        lo: int | None = None
        hi = 0
        offset = self.bytes
        sniff = self.file_start and lineno == 0
        try:
            for block in _guard(blocks, self._read_error):
                if sniff:
                    sniff = False
                    if self._not_text(block):
                        return
                if progress is not None:
                    progress(sum(map(len, block)))
                # Duplicate digests are logged a block at a time, in C, after the block's
                # lines are checked. Lines that are not valid are left out (skip); a block
                # with such lines, or with odd line endings, is logged line by line.
                block_line = lineno + 1
                block_offset = offset
                skip: list[int] = []
                odd = False
                for raw in block:
                    lineno += 1
                    start = offset
                    offset += len(raw)
                    if decode is None:
                        self.offset = start
                        self._slow(raw, lineno, first_line)
                        skip.append(lineno)
                        decode, checks = self.decode, self.checks
                        messages, utf8_check = self.messages, self.utf8_check
                        continue
                    try:
                        example = decode(raw)
                        # Raw `parameters` and skipped keys escape msgspec's UTF-8 check.
                        # Asking the example first is cheaper than scanning every line.
                        if utf8_check is not None and utf8_check(example) and not raw.isascii():
                            raw.decode()
                    except _FAST_ERRORS:
                        self.offset = start
                        self._slow(raw, lineno, first_line)
                        skip.append(lineno)
                        continue
                    fast += 1
                    if dup_keys:
                        self.offset = start
                        self._duplicate_keys(raw, lineno, 0)
                    # A decoded line is at least "{}", so raw[-2] exists; 13 is "\r".
                    if raw[-2] == 13 and raw[-1] == 10:
                        odd = True
                        crlf += 1
                        if first_crlf is None:
                            first_crlf = (lineno, start)
                    if checks:
                        self.offset = start
                        ctx.line = lineno
                        ctx.raw = raw
                        before = sink.error_lines
                        for check in checks:
                            check(example, ctx)
                        if sink.error_lines != before:
                            skip.append(lineno)
                            continue
                    if messages is not None:
                        n = len(messages(example))
                        total += n
                        if lo is None or n < lo:
                            lo = n
                        if n > hi:
                            hi = n
                    if observer is not None:
                        observer(example, lineno, raw)
                if digest_log is not None and block:
                    if skip or odd or block[-1][-1] != 10 or self.loose_endings:
                        digest_log.add_lines(block, block_line, block_offset, skip, self.accepted)
                    else:
                        digest_log.add_block(block, block_line, block_offset)
                    if self.digests is not None and len(digest_log.keys) >= SEGMENT:
                        self.digests.add(0, digest_log)
                        digest_log = self.digest_log = DigestLog()
        finally:
            self.lines += lineno - first_line + 1
            self.bytes = offset
            self.examples += fast
            self.crlf += crlf
            # The slow path may have seen a later CRLF line first: keep the earliest.
            if first_crlf is not None and (
                self.first_crlf is None or first_crlf[0] < self.first_crlf[0]
            ):
                self.first_crlf = first_crlf
            self._count_messages(total, lo, hi)

    def _read_error(self, exc: BaseException, lines_read: int) -> None:
        self.complete = False
        self.emit("J009", None, None, f"could not read past line {lines_read}: {exc}")

    def _not_text(self, block: list[bytes]) -> bool:
        """J008 when the file's first bytes show it is not UTF-8 text; then stop."""
        head = b"".join(block[:64])[:512]
        problem = _not_utf8_text(head)
        if problem is None:
            return False
        self.complete = False
        self.emit(
            "J008",
            None,
            None,
            f"{problem}; not checked further",
            hint=_NOT_TEXT_HINTS.get(problem.split(",")[0], "re-save the data as UTF-8 JSON Lines"),
        )
        return True

    def _slow(self, raw: bytes, lineno: int, first_line: int) -> None:
        """Explain a line that failed the typed decode (or precedes format detection)."""
        if not raw.strip():
            self.blank += 1
            what = "empty line" if raw in (b"\n", b"\r\n", b"") else "whitespace-only line"
            self.emit(
                "J003",
                lineno,
                1,
                f"{what}: not an example",
                hint="remove it; JSON Lines has one JSON object on every line",
            )
            return
        self.examples += 1
        if raw.endswith(b"\r\n"):
            self.crlf += 1
            if self.first_crlf is None:
                self.first_crlf = (lineno, self.offset)
        data, shift = raw, 0
        if data.startswith(BOM):
            where = "file starts" if lineno == first_line and self.file_start else "line starts"
            self.emit(
                "J004",
                lineno,
                1,
                f"{where} with a UTF-8 byte-order mark",
                hint="save the file as UTF-8 without BOM"
                + ("" if where == "file starts" else " (were files concatenated?)"),
            )
            data, shift = data[3:], 1
        nul = data.find(b"\x00")
        if nul >= 0:
            count = data.count(b"\x00")
            self.emit(
                "J007",
                lineno,
                char_column(data, nul) + shift,
                f"line contains {count} NUL byte{'s' if count > 1 else ''}",
                hint="a raw NUL is never valid JSON; is the file binary or corrupt?",
            )
            data = data.replace(b"\x00", b"")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start : exc.start + 1].hex()
            self.emit(
                "J006",
                lineno,
                char_column(data, exc.start) + shift,
                f"invalid UTF-8 byte 0x{bad}",
                hint="re-save the file as UTF-8 (was it written as Latin-1 or cp1252?)",
            )
            data = data.decode("utf-8", "replace").encode()
        try:
            obj = _UNTYPED.decode(data)
        except msgspec.DecodeError as exc:
            self._syntax_error(data, shift, lineno, str(exc))
            return
        except RecursionError:
            self.emit("J001", lineno, 1, "invalid JSON: nested too deeply to decode")
            return
        if self.dup_keys:
            self._duplicate_keys(data, lineno, shift)
        if not isinstance(obj, dict):
            self._not_object(obj, lineno, shift)
            return
        if self.fmt is None:
            detected = schema.detect(obj)
            if detected is None:
                self._unknown_format(obj, lineno, shift, data)
                return
            self._set_format(detected, lineno)
        assert self.fmt is not None and self.decode is not None
        fam = schema.family(obj)
        if fam is not None and fam != schema.family_of(self.fmt):
            self._mixed(fam, obj, lineno, shift, data)
            return
        try:
            example = self.decode(data)
        except msgspec.ValidationError:
            self._schema_errors(obj, data, shift, lineno)
            return
        except _FAST_ERRORS as exc:
            self.emit("J001", lineno, 1, f"invalid JSON: {exc}")
            return
        self._accept(example, data, shift, lineno)

    def _accept(self, example: Any, data: bytes, shift: int, lineno: int) -> None:
        """Run the semantic checks on a line that decoded in the slow path.

        This is the tail of the fast path in :meth:`run` (checks, duplicates, message
        counts, observer), which is written out inline there because it runs per line.
        """
        ctx = self.ctx
        ctx.line, ctx.raw, ctx.shift = lineno, data, shift
        for check in self.checks:
            check(example, ctx)
        ctx.shift = 0  # the fast path in run() counts on it
        # Errors of one line are reported together, so this also sees the encoding errors
        # the slow path reported before decoding.
        if self.sink.last_error_line == lineno:
            return
        if self.digest_log is not None:
            self.accepted[lineno] = digest(data)
        if self.messages is not None:
            n = len(self.messages(example))
            self._count_messages(n, n, n)
        if self.observer is not None:
            self.observer(example, lineno, data)

    def _duplicate_keys(self, data: bytes, lineno: int, shift: int) -> None:
        """J010: parse the line again with a parser that sees repeated keys."""
        try:
            tree = _PAIRS.decode(data.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
            return  # not JSON: J001 says so
        locator = None
        for path, key, count in _repeated_keys(tree):
            locator = locator or Locator(data)
            self.report_at(
                lineno,
                data,
                shift,
                "J010",
                f"key `{key}` appears {count} times in one object; only the last value counts",
                path,
                None,
                "remove the repeated key",
                locator,
            )

    def _duplicates(self, store: DigestStore) -> None:
        """F006 for every line whose digest an earlier line has, once the file is read."""
        for line, earlier, offset in store.duplicates():
            self.offset = offset
            self.emit(
                "F006",
                line,
                1,
                f"example is a duplicate of line {earlier}",
                hint="remove the copy; duplicates weigh an example more and cost tokens",
                late=True,
            )

    def _count_messages(self, total: int, lo: int | None, hi: int) -> None:
        self.n_messages += total
        if lo is not None and (self.min_messages is None or lo < self.min_messages):
            self.min_messages = lo
        self.max_messages = max(self.max_messages, hi)

    def _syntax_error(self, data: bytes, shift: int, lineno: int, text: str) -> None:
        reason = text.removeprefix("JSON is malformed: ")
        head, sep, tail = reason.rpartition(" (byte ")
        hint = _syntax_hint(data)
        special = _special_syntax(data, text)
        if special is not None:
            at, reason, hint = special
            column = char_column(data, at) + shift
        elif sep:
            reason = head
            at = int(tail.rstrip(")"))
            if reason == "trailing characters":
                at -= 1  # msgspec counts one past the first trailing character
            column = char_column(data, at) + shift
        else:
            column = char_column(data, len(data.rstrip())) + shift
            reason = "the line ends before the JSON value does" if "truncated" in text else reason
        self.emit("J001", lineno, column, f"invalid JSON: {reason}", hint=hint)

    def _not_object(self, obj: Any, lineno: int, shift: int) -> None:
        hint = "every line must be one JSON object"
        if isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj):
            hint = "this is a JSON array of examples; write each example on its own line"
        self.emit(
            "J002",
            lineno,
            1 + shift,
            f"line is {describe(obj)}, not a JSON object",
            json_path="$",
            hint=hint,
        )

    def _unknown_format(self, obj: dict[str, Any], lineno: int, shift: int, data: bytes) -> None:
        foreign = schema.foreign_format(obj)
        keys = ", ".join(f"`{short_key(k)}`" for k in list(obj)[:5]) or "no keys at all"
        hint = (
            f"this looks like {foreign}, which OpenAI fine-tuning does not accept"
            if foreign
            else "expected `messages` (chat or reinforcement), `input` with `preferred_output`"
            " and `non_preferred_output` (preference), or `prompt` and `completion`"
        )
        self.report_at(
            lineno,
            data,
            shift,
            "F003",
            f"cannot tell the format of this line (it has {keys})",
            (),
            None,
            hint,
        )

    def _mixed(self, fam: str, obj: dict[str, Any], lineno: int, shift: int, data: bytes) -> None:
        assert self.fmt is not None
        line_fmt = schema.detect(obj) or fam
        origin = (
            f"detected from line {self.fmt_line}" if self.fmt_line is not None else "from --format"
        )
        self.report_at(
            lineno,
            data,
            shift,
            "F002",
            f"line is in {schema.LABELS[line_fmt]} format, but the file is"
            f" {schema.LABELS[self.fmt]} ({origin})",
            (),
            None,
            "a file holds one format, matching the job's method; move this line to its own file",
        )

    def _schema_errors(self, obj: dict[str, Any], data: bytes, shift: int, lineno: int) -> None:
        assert self.fmt is not None
        locator = Locator(data)
        only_warnings = True
        for issue in collect(obj, schema.ROOTS[self.fmt]):
            explained = explain(self.fmt, issue, obj)
            if explained is None:
                continue
            code, message, hint, path, key = explained
            if REGISTRY[code].severity is Severity.ERROR:
                only_warnings = False
            self.report_at(
                lineno,
                data,
                shift,
                code,
                message,
                path[:-1] if key is not None else path,
                key,
                hint,
                locator,
            )
        if only_warnings and self.lenient is not None:
            # Only warnings (extra legacy keys): the example is still checked and counted.
            self._accept(self.lenient.decode(data), data, shift, lineno)

    # -- byte ranges (see ftlint.parallel) --------------------------------------------

    def part(self) -> Part:
        """What checking one byte range found, to be merged by :meth:`absorb`."""
        sink = self.sink
        sink._flush()
        if self.digest_log is not None:
            self.digest_log.seal()
        return Part(
            kept=sink.kept,
            counts=(
                sink.counts[Severity.ERROR],
                sink.counts[Severity.WARNING],
                sink.counts[Severity.INFO],
            ),
            error_lines=sink.error_lines,
            lines=self.lines,
            bytes=self.bytes,
            blank=self.blank,
            examples=self.examples,
            crlf=self.crlf,
            first_crlf=self.first_crlf,
            n_messages=self.n_messages,
            min_messages=self.min_messages,
            max_messages=self.max_messages,
            complete=self.complete,
            fmt=self.fmt,
            fmt_line=self.fmt_line,
            digest_log=self.digest_log,
            dataset=self.dataset,
        )

    def absorb(self, part: Part, base: int) -> None:
        """Merge the next byte range's results; its lines are numbered from ``base + 1``.

        Ranges must come in file order. Findings keep the order of a serial run (line by
        line, F006 after the other findings of its line), so the result is identical.
        """
        sink = self.sink
        for severity, n in zip(
            (Severity.ERROR, Severity.WARNING, Severity.INFO), part.counts, strict=True
        ):
            sink.counts[severity] += n
        sink.error_lines += part.error_lines
        for finding in part.kept:
            sink.keep(msgspec.structs.replace(finding, line=(finding.line or 0) + base))
        if part.digest_log is not None and self.digests is not None:
            self.digests.add(base, part.digest_log)
        if self.fmt is None and part.fmt is not None:
            self.fmt = part.fmt
            self.fmt_line = None if part.fmt_line is None else part.fmt_line + base
        self.lines += part.lines
        self.bytes += part.bytes
        self.blank += part.blank
        self.examples += part.examples
        self.crlf += part.crlf
        if self.first_crlf is None and part.first_crlf is not None:
            self.first_crlf = (part.first_crlf[0] + base, part.first_crlf[1])
        self._count_messages(part.n_messages, part.min_messages, part.max_messages)
        self.complete = self.complete and part.complete
        self.dataset.merge(part.dataset, base)

    # -- the end ---------------------------------------------------------------------

    def finish(self) -> FileReport:
        """File-level rules, then the frozen report."""
        examples = self.examples
        self.sink.lines_done()
        store = self.digests
        if store is not None:
            assert self.digest_log is not None
            store.add(0, self.digest_log)
            self.digest_log = None
            self._duplicates(store)
            store.close()
        size = self.size if self.size is not None else self.bytes
        self.dataset.finish(
            self.emit,
            FileEnd(
                format=self.fmt,
                model=self.model,
                examples=examples,
                size=size,
                complete=self.complete,
                crlf=self.crlf,
                first_crlf=self.first_crlf,
            ),
        )
        sink = self.sink
        stats = Stats(
            lines=self.lines,
            bytes=self.bytes,
            blank=self.blank,
            examples=examples,
            invalid=sink.error_lines,
            messages=self.n_messages,
            min_messages=self.min_messages,
            max_messages=self.max_messages,
        )
        return FileReport(
            path=self.name,
            format=self.fmt,
            format_source=self.source,
            stats=stats,
            findings=sink.close(),
            errors=sink.counts[Severity.ERROR],
            warnings=sink.counts[Severity.WARNING],
            infos=sink.counts[Severity.INFO],
        )


class Part(msgspec.Struct, kw_only=True):
    """The results of one byte range of a file, sent from a worker process to the parent."""

    kept: list[Finding]
    counts: tuple[int, int, int]
    error_lines: int
    lines: int
    bytes: int
    blank: int
    examples: int
    crlf: int
    first_crlf: tuple[int, int] | None
    n_messages: int
    min_messages: int | None
    max_messages: int
    complete: bool
    fmt: str | None
    fmt_line: int | None
    digest_log: DigestLog | None
    dataset: Dataset


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object as its list of (key, value) pairs, repeats kept."""


_PAIRS = json.JSONDecoder(object_pairs_hook=_Pairs)


def _repeated_keys(tree: Any) -> list[tuple[Path, str, int]]:
    """Every repeated key of every object in a decoded tree, with the object's path."""
    found: list[tuple[Path, str, int]] = []
    stack: list[tuple[Path, Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _Pairs):
            counts: dict[str, int] = {}
            for key, value in node:
                counts[key] = counts.get(key, 0) + 1
                stack.append(((*path, key), value))
            found.extend((path, key, n) for key, n in counts.items() if n > 1)
        elif isinstance(node, list):
            stack.extend(((*path, i), item) for i, item in enumerate(node))
    return sorted(found, key=lambda item: (len(item[0]), item[0].__repr__()))


_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an .xlsx/.docx document)"),
    (b"%PDF-", "a PDF document"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
)
_WIDE = "file is UTF-16 or UTF-32 encoded, not UTF-8"
_NOT_TEXT_HINTS = {
    _WIDE: "re-save the file as UTF-8",
    "file is binary, not text: gzip-compressed data": "name it .jsonl.gz, and ftlint"
    " decompresses it",
}


def _not_utf8_text(head: bytes) -> str | None:
    """Why the first bytes of a file show it is not UTF-8 text, or ``None``.

    UTF-16 and UTF-32 show by their byte-order mark, or by ASCII text with NUL bytes at
    every other (or three in four) positions; binary formats by their magic numbers. A file
    of NUL bytes alone is neither: its lines get J007.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return _WIDE
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"file is binary, not text: {what}"
    if len(head) >= 8:
        for width in (2, 4):
            for phase in range(width):
                text = head[phase::width]
                zeros = b"".join(head[i::width] for i in range(width) if i != phase)
                if text.count(0) * 10 < len(text) and zeros.count(0) * 10 >= len(zeros) * 9:
                    return _WIDE
    return None


def _guard(
    blocks: Iterable[list[bytes]], on_error: Callable[[BaseException, int], None]
) -> Iterator[list[bytes]]:
    """The blocks until reading fails; then ``on_error`` reports it and the blocks stop.

    Only reading is guarded: an OSError from writing findings (a closed pipe, a full disk)
    is not a read error, and must reach the caller.
    """
    iterator = iter(blocks)
    lines = 0
    while True:
        try:
            block = next(iterator)
        except StopIteration:
            return
        except (OSError, EOFError) as exc:
            on_error(exc, lines)
            return
        lines += len(block)
        yield block


_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|(-?[0-9][0-9.eE+-]*)', re.DOTALL)
_LONE_HIGH = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")


def _special_syntax(data: bytes, text: str) -> tuple[int, str, str] | None:
    """(offset, reason, hint) for errors msgspec reports without a useful position."""
    if "out of range" in text:
        for match in _TOKENS.finditer(data):
            number = match.group(1)
            if number is None:
                continue
            try:
                _UNTYPED.decode(number)
            except msgspec.DecodeError:
                return (
                    match.start(1),
                    "number out of range",
                    "JSON numbers here must fit a 64-bit float (about ±1.8e308); write huge"
                    " values as strings",
                )
    if "truncated" in text:
        lone = _LONE_HIGH.search(data)
        if lone is not None:
            return (
                lone.start(),
                f"lone surrogate escape {lone.group().decode()} (no low surrogate follows)",
                "a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one;"
                " a lone surrogate is not valid Unicode text",
            )
    return None


def _syntax_hint(data: bytes) -> str | None:
    stripped = data.strip()
    if stripped in (b"{", b"[", b"}", b"]", b"},", b"],") or (
        stripped.startswith(b'"') and b'":' in stripped and not stripped.startswith(b"{")
    ):
        return "this looks like pretty-printed JSON; JSONL needs each example on one line"
    if stripped.endswith(b","):
        return "remove the trailing comma: JSONL has no separators between lines"
    if stripped.startswith(b"{'"):
        return "JSON strings and keys need double quotes; this looks like a Python dict"
    if b"\\ud" in stripped.lower():
        return (
            "a \\uD800-\\uDFFF escape must be half of a surrogate pair; a lone surrogate is"
            " not valid Unicode text"
        )
    if b"NaN" in stripped or b"Infinity" in stripped:
        return "NaN and Infinity are not valid JSON"
    return None


class Options(msgspec.Struct, frozen=True, kw_only=True):
    """How to check.

    Attributes:
        format: ``"auto"`` or one of ``chat``, ``completion``, ``preference``,
            ``reinforcement``.
        max_findings: keep at most this many line findings per file; all are counted.
        rules: the enabled rule codes (see :func:`ftlint.select_rules`); ``None`` for the
            default rules.
        model: a base model name (``ftlint.base_models``) for the model-dependent rules.
    """

    format: str = "auto"
    max_findings: int | None = None
    rules: frozenset[str] | None = None
    model: str | None = None


def _options(
    format: str, max_findings: int | None, rules: Collection[str] | None, model: str | None
) -> Options:
    return Options(
        format=format,
        max_findings=max_findings,
        rules=None if rules is None else frozenset(rules),
        model=model,
    )


def check_lines(
    lines: Iterable[bytes],
    *,
    path: str = "<lines>",
    format: str = "auto",
    max_findings: int | None = None,
    rules: Collection[str] | None = None,
    model: str | None = None,
) -> FileReport:
    """Check raw JSONL lines (``bytes``, newline optional) as one file.

    Args:
        lines: the lines, in order; line numbers start at 1.
        path: the name to put in findings.
        format: ``"auto"`` or one of ``chat``, ``completion``, ``preference``,
            ``reinforcement``.
        max_findings: keep at most this many line findings; all are still counted.
        rules: the enabled rule codes; ``None`` for the default rules.
        model: a base model name, for the model-dependent rules.

    Returns:
        The file's report.
    """
    check = _FileCheck(path, _options(format, max_findings, rules, model))
    check.loose_endings = True
    check.run(batched(lines))
    return check.finish()


def check_stream(
    stream: BinaryIO,
    *,
    path: str,
    format: str = "auto",
    max_findings: int | None = None,
    rules: Collection[str] | None = None,
    model: str | None = None,
    progress: Progress | None = None,
) -> FileReport:
    """Check an open binary stream of JSONL; ``progress`` is called with bytes read."""
    check = _FileCheck(path, _options(format, max_findings, rules, model))
    check.run(read_blocks(stream), progress=progress)
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
    :class:`_Sink` for their order), so memory stays bounded on files with many findings.
    ``observer`` sees every valid example (for statistics); see :data:`Observer`.
    """
    check = _FileCheck(
        source.name, options or Options(), on_finding, size=source.size, observer=observer
    )
    with open_source(source, stdin) as stream:
        check.run(read_blocks(stream, compressed=source.compressed), progress=progress)
    report = check.finish()
    if source.identity is not None:  # a URL: the report tells which bytes were checked
        report = msgspec.structs.replace(report, identity=source.identity)
    return report


def check_file(
    path: str,
    *,
    format: str = "auto",
    max_findings: int | None = None,
    rules: Collection[str] | None = None,
    model: str | None = None,
) -> Report:
    """Check one JSONL file (``.gz`` is decompressed; ``-`` reads stdin).

    Args:
        path: the file.
        format: ``"auto"`` or one of ``chat``, ``completion``, ``preference``,
            ``reinforcement``.
        max_findings: keep at most this many line findings; all are still counted.
        rules: the enabled rule codes (see :func:`ftlint.select_rules`); ``None`` for the
            default rules.
        model: a base model name, for the model-dependent rules.

    Returns:
        A report holding the one file.

    Raises:
        OSError: the file cannot be opened.
    """
    source = Source("-" if path == "-" else path.replace("\\", "/"), None if path == "-" else path)
    return Report(files=(check_source(source, _options(format, max_findings, rules, model)),))


def check_paths(
    paths: Sequence[str],
    *,
    format: str = "auto",
    max_findings: int | None = None,
    rules: Collection[str] | None = None,
    model: str | None = None,
) -> Report:
    """Check files and directories (walked for JSONL files) into one report.

    Raises:
        OSError: a path is missing or unreadable.
    """
    sources, errors = discover(paths)
    if errors:
        raise FileNotFoundError(str(errors[0]))
    options = _options(format, max_findings, rules, model)
    return Report(files=tuple(check_source(s, options) for s in sources))
