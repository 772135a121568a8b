"""The check of one file: read, decode, check, accumulate. One pass, constant memory.

The hot path (:meth:`FileCheck.run`) is a typed msgspec decode per line with the file's
reusable Decoder, then the format's semantic checks. Everything else (blank lines, a BOM,
NUL bytes, bad UTF-8, syntax errors, schema errors, format detection) is explained by
:meth:`FileCheck.explain_line` (see :mod:`ftlint.engine.explain`), which only lines that
fail the typed decode reach. Valid data never pays for it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import msgspec

from .. import schema, targets
from ..digests import SEGMENT, DigestLog, DigestStore, digest
from ..findings import Finding, Severity
from ..jsonpos import Locator
from ..reader import LongLine
from ..results import FileReport
from ..rules import REGISTRY, compiled
from ..rules.context import FileEnd, LineContext
from ..rules.dataset import Dataset
from ..schema import evidence
from ..schema.collect import Path, format_path
from ..selection import default_rules, in_force
from .blocks import Held, guard, heads, size
from .counts import FileCounts
from .explain import DECODE_ERRORS, SNIFF_BYTES, SNIFF_LINES, LineExplainer
from .options import MODEL_RULES, Listener, Observer, Options, Progress
from .ranges import RangeResult
from .sink import FindingSink

# A line longer than this is not held in two decoded forms at once (see explain_line).
_LONG_LINE = 1 << 20

_MESSAGES: dict[str, Callable[[Any], Sequence[Any]]] = {
    "chat": operator.attrgetter("messages"),
    "reinforcement": operator.attrgetter("messages"),
    "preference": schema.preference_messages,
}


class FileCheck:
    """The state of checking one file (or one byte range of it).

    Feed it lines with :meth:`run` (once, or in several runs), then call :meth:`finish`
    for the report. A byte range of a file (see :mod:`ftlint.parallel`) is checked with
    ``chunk=True`` and ends in :meth:`range_result` instead; the parent merges the ranges
    in file order with :meth:`absorb`.
    """

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
        detected: tuple[str, int | None] | None = None,
        offset: int = 0,
        loose_endings: bool = False,
        head: list[bytes] | None = None,
    ) -> None:
        """Start checking the file ``name``.

        Args:
            name: the path to put in findings.
            options: how to check.
            listener: gets the findings as they are made, instead of the report.
            size: the file's size, when known (what an upload would send).
            observer: sees every valid example; see :data:`Observer`.
            file_start: ``False`` for a byte range that starts inside the file.
            chunk: a byte range: duplicates are only logged, for the parent to find.
            detected: (format, line) that an earlier part of the file showed; it
                overrides ``options.format`` (a byte range after the first).
            offset: the byte offset of the first line (a byte range's start).
            loose_endings: lines may lack "\\n" anywhere, not only the last one.
            head: the file's first lines (:func:`ftlint.schema.evidence.head`), for
                format detection, when the lines to check may end before them (the
                first byte range of a file). By default they are read ahead.
        """
        target = self.target = targets.get(options.target)
        enabled = _enabled(options)
        self.name = name
        self.enabled = enabled
        self.model, self.validation = options.model, options.validation
        self.max_line = options.max_line_bytes
        self.size = size
        self.observer = observer
        self.file_start = file_start
        self.loose_endings = loose_endings
        self.sink = FindingSink(options.max_findings, listener, options.fold_after)
        dataset = self.dataset = Dataset()
        self.counts = FileCounts(bytes=offset)
        self._start = offset
        # Byte offset of the current line's start, for the findings of that line.
        self.offset = 0
        counted = self.only_counted
        self.explainer = LineExplainer(
            self.emit, self.report_at, self.counts, dup_keys="J010" in enabled,
            file_start=file_start, target=target.name, severity=self.severity,
            counted=counted,
        )  # fmt: skip
        self._init_digests(chunk)
        self.ctx = LineContext(self.report_at, enabled, self.model, dataset, target, counted)
        self._init_format(options.format, detected)
        self.head = head

    def _init_digests(self, chunk: bool) -> None:
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

    def _init_format(self, fmt: str, detected: tuple[str, int | None] | None) -> None:
        self.source = "auto" if fmt == "auto" else "option"
        # The format's decoder, checks and helpers; all unset until the format is known.
        self.fmt: str | None = None
        self.fmt_line: int | None = None
        self.decode: Callable[[bytes], Any] | None = None
        self.checks: tuple[Callable[[Any, LineContext], None], ...] = ()
        self.messages: Callable[[Any], Sequence[Any]] | None = None
        self.utf8_check: Callable[[Any], bool] | None = None
        if detected is not None:
            self._set_format(*detected)
        elif fmt != "auto":
            self._set_format(fmt, None)

    def _set_format(self, fmt: str, line: int | None) -> None:
        self.fmt = fmt
        self.fmt_line = line
        self.ctx.format = fmt
        target = self.target.name
        self.decode = schema.decoder(fmt, target).decode
        self.checks = compiled(fmt, self.enabled, schema.kinds(target))
        self.messages = _MESSAGES.get(fmt)
        self.utf8_check = schema.unchecked_bytes(fmt, target)

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
        """Report a finding of rule ``code`` (dropped when the rule is not enabled).

        A line finding's byte offset is ``offset``, by default the current line's.
        """
        if code not in self.enabled:
            return
        severity = self.severity(code)
        if self.sink.tally(code, severity, line):  # a folding report only counts it
            return
        self.sink.keep(
            Finding(
                path=self.name,
                line=line,
                column=column,
                json_path=json_path,
                code=code,
                severity=severity,
                message=message,
                hint=hint,
                offset=None if line is None else self.offset if offset is None else offset,
            ),
            late=late,
        )

    def only_counted(self, code: str, line: int) -> bool:
        """Whether a finding of ``code`` on ``line`` is only counted (folded, or past the
        cap): it needs no position nor details."""
        sink = self.sink
        if sink.fold_after is not None and sink.folded(code, line):
            return True
        return sink.limit is not None and sink.capped(self.severity(code), line)

    def severity(self, code: str) -> Severity:
        """The severity of rule ``code`` under the file's target."""
        return self.target.severity.get(code) or REGISTRY[code].severity

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
        """Report a finding at JSON ``path`` (and ``key``) of a line, with its column."""
        if self.only_counted(code, line):
            self.emit(code, line, None, message, hint=hint)  # no position: not kept
            return
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

        Byte offsets continue from ``self.counts.bytes``, so a file can be fed in several
        runs. The loop is written out inline, with its state in local variables, because
        it runs once per line; the slow path and the per-block work are methods.
        """
        lineno = first_line - 1
        decode = self.decode
        checks = self.checks
        messages = self.messages
        utf8_check = self.utf8_check
        ctx = self.ctx
        sink = self.sink
        log_digests = self.digest_log is not None
        dup_keys = self.explainer.dup_keys
        repeated_keys = self.explainer.repeated_keys
        observer = self.observer
        fast = 0
        good = 0
        crlf = 0
        first_crlf: tuple[int, int] | None = None
        total = 0
        lo: int | None = None
        hi = 0
        offset = self.counts.bytes
        sniff = self.file_start and lineno == 0
        if sniff and decode is None and self.head is None and self.source == "auto":
            blocks = self._read_ahead(blocks)
        if sniff:
            blocks = self._sniffed(blocks)
        try:
            for block in guard(blocks, self._read_error):
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
                        self.explain_line(raw, lineno, first_line)
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
                    except DECODE_ERRORS as exc:
                        self.offset = start
                        self.explain_line(raw, lineno, first_line, exc)
                        skip.append(lineno)
                        continue
                    fast += 1
                    if dup_keys:
                        self.offset = start
                        repeated_keys(raw, lineno, 0)
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
                    good += 1
                    if messages is not None:
                        n = len(messages(example))
                        total += n
                        if lo is None or n < lo:
                            lo = n
                        if n > hi:
                            hi = n
                    if observer is not None:
                        observer(example, lineno, raw)
                if log_digests and block:
                    self._log_digests(block, block_line, block_offset, skip, odd)
        finally:
            lines = lineno - first_line + 1
            self.counts.add_run(lines, offset, fast, good, crlf, first_crlf, (total, lo, hi))

    def _read_ahead(self, blocks: Iterable[list[bytes]]) -> Iterator[list[bytes]]:
        """The blocks, once the file's first lines are kept as its head, for detection."""
        held = Held(blocks, evidence.HEAD_LINES, evidence.HEAD_BYTES, size)
        self.head = evidence.head(held.lines())
        yield from held.blocks()  # (a generator: nothing is read before the loop asks)

    def _sniffed(self, blocks: Iterable[list[bytes]]) -> Iterator[list[bytes]]:
        """The blocks, once the file's first bytes are known to be text (else J008, and
        none), however the file was cut in blocks (a stream's last line without a newline
        is a block of its own)."""
        held = Held(blocks, SNIFF_LINES, SNIFF_BYTES, heads)
        if not self.explainer.not_text(list(held.lines())):
            yield from held.blocks()

    def _log_digests(
        self, block: list[bytes], first: int, offset: int, skip: list[int], odd: bool
    ) -> None:
        """Log the digests of a block's valid lines; its first line is ``first``."""
        digest_log = self.digest_log
        assert digest_log is not None
        # [-1:]: an over-long line (LongLine) has no bytes of its own.
        if odd or block[-1][-1:] != b"\n" or self.loose_endings:
            digest_log.add_lines(block, first, offset, skip, self.accepted)
        elif skip:
            digest_log.add_runs(block, first, offset, skip, self.accepted)
        else:
            digest_log.add_block(block, first, offset)
        if self.digests is not None and len(digest_log.keys) >= SEGMENT:
            self.digests.add(0, digest_log)
            self.digest_log = DigestLog()

    def _read_error(self, exc: BaseException, lines_read: int) -> None:
        self.counts.complete = False
        self.emit("J009", None, None, f"could not read past line {lines_read}: {exc}")

    # -- the slow path ---------------------------------------------------------------

    def explain_line(
        self, raw: bytes, lineno: int, first_line: int = 1, error: Exception | None = None
    ) -> None:
        """Check a line that failed the typed decode, or that precedes format detection.

        Its problems are reported; a line that decodes after all (as the first line of a
        detected format, or with only warnings) is checked and counted like any other.
        ``first_line`` is the number of the first line read; ``error`` what the typed
        decode of the file's format raised for ``raw``, if it was tried.
        """
        explainer = self.explainer
        if type(raw) is LongLine:
            self._long_line(raw, lineno)
            return
        parsed = explainer.parse(raw, lineno, self.offset, lineno == first_line)
        if parsed is None:
            return
        obj: dict[str, Any] | None
        obj, data, shift = parsed
        del parsed
        if self.fmt is None:
            detected = schema.detect_for(obj, self.target.formats)
            if detected is None:
                explainer.unknown_format(obj, lineno, shift, data)
                return
            if detected in ("chat", "reinforcement") and set(self.target.formats) >= _CHAT_OR_RFT:
                detected = self._weigh(lineno)
            self._set_format(detected, lineno)
        assert self.fmt is not None
        if not explainer.same_family(obj, data, shift, lineno, self.fmt, self.fmt_line):
            return
        if len(data) > _LONG_LINE:
            obj = None  # not held beside the typed example: parsed again if that fails
        # The fast path's schema error, when it is about these very bytes: not met twice.
        failed = error if data is raw and type(error) is msgspec.ValidationError else None
        example = explainer.decode(obj, data, shift, lineno, self.fmt, failed)
        if example is not None:
            self._accept(example, data, shift, lineno)

    def _long_line(self, raw: LongLine, lineno: int) -> None:
        """J011: a line over the limit, which the reader skimmed without holding it."""
        self.counts.examples += 1
        self.emit(
            "J011",
            lineno,
            1,
            f"line is {len(raw):,} bytes long, over the limit of {self.max_line:,};"
            " it was skipped unread",
            hint="no training example is this long: is the file corrupt, or a decompression"
            " bomb? --max-line-bytes sets the limit",
        )

    def _weigh(self, lineno: int) -> str:
        """Chat or reinforcement, from the file's head (F011 when it is unclear)."""
        chat_only = schema.chat_only_roles(self.target.name)
        verdict = evidence.weigh(self.head or (), self.model, chat_only)
        self.head = None  # up to 1 MB, needed no more
        if verdict.note is not None:
            self.emit("F011", lineno, None, verdict.note)
        return verdict.format

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
        self.counts.valid += 1
        if self.messages is not None:
            n = len(self.messages(example))
            self.counts.count_messages(n, n, n)
        if self.observer is not None:
            self.observer(example, lineno, data)

    # -- byte ranges (see ftlint.parallel) --------------------------------------------

    def range_result(self) -> RangeResult:
        """What checking one byte range found, to be merged by :meth:`absorb`."""
        (sink := self.sink).lines_done()
        if self.digest_log is not None:
            self.digest_log.seal()
        return RangeResult(
            kept=sink.held(),
            severities=sink.severities(),
            error_lines=sink.error_lines,
            # Offsets are the whole file's; the range's length is what it read.
            counts=msgspec.structs.replace(self.counts, bytes=self.counts.bytes - self._start),
            fmt=self.fmt,
            fmt_line=self.fmt_line,
            digest_log=self.digest_log,
            dataset=self.dataset,
            folded=sink.runs(),
        )

    def absorb(self, part: RangeResult, base: int) -> None:
        """Merge the next byte range's results; its lines are numbered from ``base + 1``.

        Ranges must come in file order. Findings keep the order of a serial run (line by
        line, F006 after the other findings of its line), so the result is identical.
        """
        self.sink.merge(part.kept, part.severities, part.error_lines, base, part.folded)
        if part.digest_log is not None and self.digests is not None:
            self.digests.add(base, part.digest_log)
        if self.fmt is None and part.fmt is not None:
            self.fmt = part.fmt
            self.fmt_line = None if part.fmt_line is None else part.fmt_line + base
        self.counts.merge(part.counts, base)
        self.dataset.merge(part.dataset, base)

    # -- the end ---------------------------------------------------------------------

    def finish(self, identity: dict[str, str] | None = None) -> FileReport:
        """Duplicates and the file-level rules, then the frozen report.

        ``identity`` tells which bytes were read (a URL's ETag, version or commit).
        """
        counts = self.counts
        self.sink.lines_done()
        store = self.digests
        if store is not None:
            assert self.digest_log is not None
            store.add(0, self.digest_log)
            self.digest_log = None
            self._duplicates(store)
            store.close()
        self.dataset.finish(
            self.emit,
            FileEnd(
                format=self.fmt,
                model=self.model,
                examples=counts.examples,
                size=self.size if self.size is not None else counts.bytes,
                complete=counts.complete,
                crlf=counts.crlf,
                first_crlf=counts.first_crlf,
                target=self.target,
                validation=self.validation,
                name=self.name,
            ),
        )
        sink = self.sink
        return FileReport(
            path=self.name,
            format=self.fmt,
            format_source=self.source,
            stats=counts.stats(),
            findings=sink.close(),
            errors=sink.counts[Severity.ERROR],
            warnings=sink.counts[Severity.WARNING],
            infos=sink.counts[Severity.INFO],
            identity=identity,
            streamed=sink.streamed,
            folded=tuple(sink.runs()),
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


def _enabled(options: Options) -> frozenset[str]:
    """The rules a check runs: the selected ones among its target's, and the model rules
    only with a model (without one, not even their checks run)."""
    target = options.target
    # Rules of other targets never run, whatever the caller selects.
    enabled = default_rules(target) if options.rules is None else options.rules & in_force(target)
    return enabled if options.model is not None else enabled - MODEL_RULES


# The two formats whose lines can look alike: weighed only for a target that takes both.
_CHAT_OR_RFT = frozenset({"chat", "reinforcement"})
