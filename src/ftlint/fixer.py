"""The line fixer of ``ftlint fix`` (see :mod:`ftlint.fix` for its promises).

A :class:`Fixer` is fed a file's blocks of lines. Each block is checked by the engine as
``check`` checks it (a :class:`~ftlint.engine.filecheck.FileCheck` with a listener); a
line without a finding that a selected remedy acts on, nor an error, is copied as read.
Any other line takes the slow path: line remedies (BOM, CRLF, blank), body remedies
(several objects, an array, a JSON string, trailing commas) and object remedies (roles,
arguments, key names...), in that order and until none changes it; each result is
checked again by a second ``FileCheck`` of the file's format, and kept only if it has no
error. Changes are told to a ``log`` callback as :class:`Change` records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import msgspec

from . import targets
from .engine import Options
from .engine.explain import SNIFF_BYTES, sniff_text
from .engine.filecheck import FileCheck
from .findings import Finding, Severity
from .reader import batched
from .rules.registry import CODE_PATTERN
from .rules.remedies import REMEDIES, Remedy, chosen
from .selection import in_force, resolve

# How often a line is remedied and checked again, at most, and how deep its pieces split.
MAX_ROUNDS = 4
MAX_DEPTH = 2
_DECODE = msgspec.json.decode
_ENCODE = msgspec.json.encode


class FixError(Exception):
    """A file that ``fix`` cannot work on (not UTF-8 text), or a bad selection."""


class FixOptions(msgspec.Struct, frozen=True, kw_only=True):
    """What to fix: ``check``'s selection among the rules of ``target``, and the opt-in
    flags given (``--drop-duplicates``, ``--upgrade-functions``)."""

    format: str = "auto"
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    target: str = targets.DEFAULT


class Change(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One record of LOG: what happened to input line ``line`` (to ``end_line`` for a
    re-flowed object), under rule ``code``. ``before`` and ``after`` are SHA-256 digests
    of the line with its ending; ``after`` is a list when the line was split, and absent
    when it was dropped or rejected."""

    line: int
    end_line: int | None = None
    code: str
    action: str
    reason: str | None = None
    before: str | None = None
    after: str | list[str] | None = None


class FixSummary(msgspec.Struct, kw_only=True):
    """Where the lines went.

    ``records`` are the lines fixed one by one: the input lines, or the objects of a
    re-flowed file (``reflowed`` input lines). ``records == unchanged + fixed + declined
    + rejected + kept + blank + duplicates``. ``declined`` lines had no error, and their
    remedies would have made one: they are copied unchanged. ``changes`` counts the
    remedies applied by (code, remedy), ``reasons`` the unfixable lines by their first
    error, ``first`` gives the first line of each.
    """

    name: str
    format: str | None = None
    lines: int = 0
    reflowed: int = 0
    records: int = 0
    written: int = 0
    unchanged: int = 0
    fixed: int = 0
    declined: int = 0
    rejected: int = 0
    kept: int = 0
    blank: int = 0
    duplicates: int = 0
    changes: dict[tuple[str, str], int] = msgspec.field(default_factory=dict)
    reasons: dict[str, int] = msgspec.field(default_factory=dict)
    first: dict[str, int] = msgspec.field(default_factory=dict)


def sha(data: bytes) -> str:
    """The digest of a line in LOG."""
    return hashlib.sha256(data).hexdigest()


def _exact_codes(selectors: Iterable[str]) -> set[str]:
    codes = (part.strip().upper() for item in selectors for part in item.split(","))
    return {code for code in codes if CODE_PATTERN.match(code)}


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("repeated key")
    return dict(pairs)


def _repeats_key(body: bytes) -> bool:
    """Whether an object repeats a key: serializing it again would lose a value."""
    try:
        json.loads(body, object_pairs_hook=_pairs)
    except (ValueError, RecursionError):
        return True
    return False


def _first_error(findings: Iterable[Finding]) -> Finding | None:
    return next((f for f in findings if f.severity is Severity.ERROR), None)


def _split_lines(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


class Fixer:
    """Fixes the lines of one file, fed in blocks, into ``write_out`` and ``write_rej``
    (``None``: unfixable lines stay in OUT), telling ``log`` each change."""

    def __init__(
        self,
        name: str,
        options: FixOptions,
        write_out: Callable[[list[bytes]], None],
        write_rej: Callable[[list[bytes]], None] | None,
        log: Callable[[Change], None],
    ) -> None:
        target = self.target = options.target
        if target not in targets.TARGETS:
            raise FixError(f"unknown target {target!r}; choose from {', '.join(targets.names())}")
        by_flag = {
            r.code: r.flag for r in REMEDIES if r.flag is not None and r.flag in options.flags
        }
        for code, flag in sorted(by_flag.items()):
            if code not in in_force(target):
                raise FixError(f"{flag}: {code} is not a rule of target {target}")
        extend = (*options.extend_select, *sorted(by_flag))
        enabled = resolve(options.select, options.ignore, extend, target)
        named = _exact_codes(options.select or ()) | _exact_codes(extend)
        remedies = chosen(enabled, frozenset(named), options.flags)
        self._init_remedies(remedies)
        # F006 is this driver's (a set of digests), not the check's.
        self.rules = enabled - {"F006"}
        self.format = options.format
        self.write_out, self.write_rej, self.log = write_out, write_rej, log
        self.summary = FixSummary(name=name)
        self.found: dict[int, list[Finding]] = {}
        try:
            checking = Options(format=options.format, rules=self.rules, target=target)
        except ValueError as exc:  # a format the target does not take
            raise FixError(str(exc)) from None
        self.check = FileCheck(name, checking, self._found)
        self._verifier: FileCheck | None = None
        self._verified: list[Finding] = []
        self._checked = self._vchecked = 0
        self.out: list[bytes] = []
        self.rej: list[bytes] = []

    def _init_remedies(self, remedies: list[Remedy]) -> None:
        def kind(name: str) -> list[Remedy]:
            return [r for r in remedies if r.kind == name]

        self.line_remedies = kind("line")
        self.body_remedies = kind("body")
        self.object_remedies = kind("object")
        files, dataset = kind("file"), kind("dataset")
        self.reflow = files[0] if files else None
        self.dedup: Callable[[bytes], int] | None = dataset[0].func if dataset else None
        self.dedup_action = dataset[0].action if dataset else ""
        self.seen: dict[int, int] = {}
        self.crlf = any(r.code == "J005" for r in self.line_remedies)
        self.triggers = [r.trigger for r in self.object_remedies if r.trigger is not None]
        # The codes whose findings send a line to the slow path (errors always do).
        self.codes = frozenset(r.code for r in remedies if r.kind in ("line", "body", "object"))

    def _found(self, finding: Finding) -> None:
        line = finding.line
        if line is not None and (finding.severity is Severity.ERROR or finding.code in self.codes):
            self.found.setdefault(line, []).append(finding)

    # -- reading ---------------------------------------------------------------------

    def feed(self, blocks: Iterable[list[bytes]]) -> None:
        """Fix every line of ``blocks``; a whole-file shape is re-flowed first."""
        it = iter(blocks)
        head = next(it, None)
        if head is None:
            return
        problem = sniff_text(b"".join(head[:64])[:SNIFF_BYTES])
        if problem is not None:
            raise FixError(f"{self.summary.name}: {problem}; fix reads UTF-8 JSON Lines only")
        rest: Iterable[list[bytes]] = it
        if self.reflow is not None and self._pretty(head):
            data = b"".join(head) + b"".join(b"".join(block) for block in it)
            lines = self.reflow.func(data)
            if lines is not None:
                self._reflowed(self.reflow, data, lines)
                return
            head, rest = [], batched(_split_lines(data))
        for block in _chain(head, rest):
            self.summary.lines += len(block)
            self.block(block)

    def _pretty(self, head: list[bytes]) -> bool:
        first = next((raw for raw in head if raw.strip()), None)
        trigger = self.reflow.trigger if self.reflow is not None else None
        return first is not None and trigger is not None and trigger(first)

    def _reflowed(self, remedy: Remedy, data: bytes, lines: list[tuple[bytes, int, int]]) -> None:
        """Log each re-flowed object, then fix the objects as lines."""
        inputs = _split_lines(data)
        self.summary.lines = self.summary.reflowed = len(inputs)
        for line, first, last in lines:
            span = b"".join(inputs[first - 1 : last])
            self._record(
                Change(
                    line=first,
                    end_line=last,
                    code=remedy.code,
                    action=remedy.action,
                    before=sha(span),
                    after=sha(line),
                )
            )
        for i in range(0, len(lines), 4096):
            part = lines[i : i + 4096]
            self.block([line for line, _, _ in part], [first for _, first, _ in part])

    def _record(self, change: Change, remedy: str | None = None) -> None:
        """Log a change made by a remedy (``remedy``: its action, if not the change's)."""
        key = (change.code, remedy or change.action)
        changes = self.summary.changes
        changes[key] = changes.get(key, 0) + 1
        self.log(change)

    # -- the lines -------------------------------------------------------------------

    def block(self, lines: list[bytes], numbers: list[int] | None = None) -> None:
        """Fix a block of lines (``numbers``: their input line numbers, if not in turn)."""
        found, check, summary = self.found, self.check, self.summary
        found.clear()
        first = self._checked + 1
        crlf = check.counts.crlf
        check.run([lines], first_line=first)
        check.sink.lines_done()
        self._checked += len(lines)
        summary.records += len(lines)
        summary.format = check.fmt
        per_line = self.dedup is not None or self.triggers
        if not found and not per_line and not (self.crlf and check.counts.crlf != crlf):
            self.write_out(lines)  # the common block: nothing to do
            summary.unchanged += len(lines)
            summary.written += len(lines)
            return
        for i, raw in enumerate(lines):
            k = first + i
            lineno = k if numbers is None else numbers[i]
            if (
                k in found
                or (self.crlf and raw.endswith(b"\r\n"))
                or any(trigger(raw) for trigger in self.triggers)
            ):
                self._slow(raw, lineno, found.get(k, []))
            elif self._emit(raw, lineno):
                summary.unchanged += 1
            else:
                summary.duplicates += 1
        self._flush()

    def _flush(self) -> None:
        if self.out:
            self.write_out(self.out)
            self.out = []
        if self.rej:
            assert self.write_rej is not None
            self.write_rej(self.rej)
            self.rej = []

    def _emit(self, line: bytes, lineno: int) -> bool:
        """Write a valid line to OUT, unless it copies an earlier one (when dropping)."""
        if self.dedup is not None:
            key = self.dedup(line.rstrip(b"\r\n"))
            earlier = self.seen.get(key)
            if earlier is not None:
                change = Change(
                    line=lineno,
                    code="F006",
                    before=sha(line),
                    action=f"dropped an exact copy of line {earlier}",
                )
                self._record(change, self.dedup_action)
                return False
            self.seen[key] = lineno
        self.out.append(line)
        self.summary.written += 1
        return True

    def _slow(self, raw: bytes, lineno: int, findings: list[Finding]) -> None:
        """A line that a remedy may change: remedy it, check it, and send it on."""
        changes: list[Change] = []
        # A last line without "\n" gets one, so "\r" there ends the line as CRLF does.
        line = raw if raw.endswith(b"\n") else raw + b"\n"
        for r in self.line_remedies:
            got = r.func(line)
            if got is None:
                continue
            if not got:  # a dropped line
                self._record(Change(line=lineno, code=r.code, action=r.action, before=sha(raw)))
                self.summary.blank += 1
                return
            changes.append(
                Change(line=lineno, code=r.code, action=r.action, before=sha(line), after=sha(got))
            )
            line = got
        ending = b"\r\n" if line.endswith(b"\r\n") else b"\n"
        body = line[: -len(ending)] if line.endswith(ending) else line
        pieces, problem = self._fix(body, ending, lineno, findings, changes, 0)
        if problem is None:
            self._fixed(raw, lineno, [p + ending for p in pieces], changes)
        elif _first_error(findings) is None:
            self.summary.declined += 1
            self.log(
                Change(
                    line=lineno,
                    code=problem.code,
                    reason=problem.message,
                    action="left unchanged: its remedies would leave an error",
                )
            )
            if not self._emit(raw, lineno):
                self.summary.duplicates += 1
        else:
            self._unfixable(raw, lineno, problem)

    def _fixed(self, raw: bytes, lineno: int, lines: list[bytes], changes: list[Change]) -> None:
        summary = self.summary
        if not changes:
            lines = [raw]
        for change in changes:
            self._record(change)
        written = sum(self._emit(line, lineno) for line in lines)
        if not written:
            summary.duplicates += 1
        elif changes:
            summary.fixed += 1
        else:
            summary.unchanged += 1

    def _unfixable(self, raw: bytes, lineno: int, problem: Finding) -> None:
        summary = self.summary
        summary.reasons[problem.code] = summary.reasons.get(problem.code, 0) + 1
        summary.first.setdefault(problem.code, lineno)
        if self.write_rej is not None:
            self.rej.append(raw)
            summary.rejected += 1
            action = "rejected: no remedy makes it valid"
        else:
            self.out.append(raw)
            summary.kept += 1
            summary.written += 1
            action = "kept unchanged: no remedy makes it valid"
        self.log(
            Change(
                line=lineno,
                code=problem.code,
                action=action,
                reason=problem.message,
                before=sha(raw),
            )
        )

    def _fix(
        self,
        body: bytes,
        ending: bytes,
        lineno: int,
        findings: list[Finding] | None,
        changes: list[Change],
        depth: int,
    ) -> tuple[list[bytes], Finding | None]:
        """The line's pieces once remedied, and the first error left in them, if any.

        ``findings`` are the line's findings, or ``None`` to check it first.
        """
        for _ in range(MAX_ROUNDS):
            if findings is None:
                findings = self.verify(body + ending, lineno)
            codes = {f.code for f in findings}
            split = self._split(body, ending, lineno, codes, changes) if depth < MAX_DEPTH else None
            if split is not None:
                pieces: list[bytes] = []
                problem = None
                for piece in split:
                    got, error = self._fix(piece, ending, lineno, None, changes, depth + 1)
                    pieces += got
                    problem = problem or error
                return pieces, problem
            new = self._objects(body, ending, lineno, codes, changes)
            if new is None:
                break
            body, findings = new, None
        if findings is None:
            findings = self.verify(body + ending, lineno)
        return [body], _first_error(findings)

    def _split(
        self, body: bytes, ending: bytes, lineno: int, codes: set[str], changes: list[Change]
    ) -> list[bytes] | None:
        """A line that is not one object, as the objects it holds (J001, J002)."""
        for r in self.body_remedies:
            if r.code not in codes:
                continue
            try:
                got = r.func(body.decode())
            except UnicodeDecodeError:
                return None
            if got is None:
                continue
            pieces = [text.encode() for text in got]
            if pieces == [body]:
                continue
            after = [sha(p + ending) for p in pieces]
            changes.append(
                Change(
                    line=lineno,
                    code=r.code,
                    action=r.action,
                    before=sha(body + ending),
                    after=after[0] if len(after) == 1 else after,
                )
            )
            return pieces
        return None

    def _objects(
        self, body: bytes, ending: bytes, lineno: int, codes: set[str], changes: list[Change]
    ) -> bytes | None:
        """The example with the object remedies applied, serialized; ``None`` if none
        changed it."""
        fmt = self._format()
        todo = [
            r
            for r in self.object_remedies
            if fmt in r.formats and (r.code in codes or (r.trigger is not None and r.trigger(body)))
        ]
        if not todo:
            return None
        try:
            obj = _DECODE(body)
        except (msgspec.DecodeError, RecursionError):
            return None
        if not isinstance(obj, dict) or _repeats_key(body):
            return None
        before = body
        for r in todo:
            if r.func(obj, fmt):
                after = _ENCODE(obj)
                if after != before:
                    changes.append(
                        Change(
                            line=lineno,
                            code=r.code,
                            action=r.action,
                            before=sha(before + ending),
                            after=sha(after + ending),
                        )
                    )
                    before = after
        return None if before is body else before

    # -- checking a remedied line ------------------------------------------------------

    def _format(self) -> str | None:
        if self.check.fmt is not None:
            return self.check.fmt
        return self._verifier.fmt if self._verifier is not None else None

    def verify(self, line: bytes, lineno: int | None = None) -> list[Finding]:
        """The findings of a remedied line (of input line ``lineno``), checked as the
        file's lines are."""
        fmt = self.check.fmt
        verifier = self._verifier
        if verifier is None or (fmt is not None and verifier.fmt != fmt):
            options = Options(format=fmt or self.format, rules=self.rules, target=self.target)
            verifier = self._verifier = FileCheck(
                "<fixed>", options, self._verified.append, file_start=False, loose_endings=True
            )
        self._verified.clear()
        verifier.run([[line]], first_line=self._vchecked + 1)
        verifier.sink.lines_done()
        self._vchecked += 1
        if fmt is None and verifier.fmt is not None and lineno is not None:
            # The first object of the file came out of a remedy (a split array): the file
            # is in its format, as a check of OUT will find. The lines after it are read
            # in that format, not in one a later line suggests (Nova's RFT or
            # conversation schema, which share keys).
            self.check._set_format(verifier.fmt, lineno)
        return list(self._verified)


def _chain(head: list[bytes], rest: Iterable[list[bytes]]) -> Iterator[list[bytes]]:
    if head:
        yield head
    yield from rest
