"""Properties of ``ftlint fix`` on generated files with mixed problems: every input line is
accounted for, ``check`` of OUT has none of the codes fixed, a second ``fix`` gives the
same bytes, and the input is never touched."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ftlint import check_lines
from ftlint.fix import Change, FixOptions, FixRequest, FixSummary, fix

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def _chat(q: str, a: str, role: str = "user") -> dict[str, Any]:
    return {"messages": [{"role": role, "content": q}, {"role": "assistant", "content": a}]}


def _call(arguments: Any) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "user", "content": "q"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "f", "arguments": arguments}}
            ]},
            {"role": "tool", "tool_call_id": "c1", "content": "r"},
            {"role": "assistant", "content": "done"},
        ]
    }  # fmt: skip


def _dumps(obj: Any, compact: bool) -> bytes:
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(obj, ensure_ascii=compact, separators=separators).encode()


# Each kind makes one line (without its ending) from two texts and a flag.
KINDS: dict[str, Callable[[str, str, bool], bytes]] = {
    "valid": lambda q, a, c: _dumps(_chat(q, a), c),
    "bom": lambda q, a, c: b"\xef\xbb\xbf" + _dumps(_chat(q, a), c),
    "blank": lambda q, a, c: b" \t" if c else b"",
    "trailing": lambda q, a, c: _dumps(_chat(q, a), c)[:-1] + b",}",
    "two": lambda q, a, c: _dumps(_chat(q, a), c) + b" " + _dumps(_chat(a, q), c),
    "array": lambda q, a, c: b"[" + _dumps(_chat(q, a), c) + b", " + _dumps(_chat(a, q), c) + b"]",
    "string": lambda q, a, c: _dumps(_dumps(_chat(q, a), c).decode(), c),
    "role": lambda q, a, c: _dumps(_chat(q, a, "human" if c else "User"), c),
    "args_object": lambda q, a, c: _dumps(_call({"q": q}), c),
    "args_twice": lambda q, a, c: _dumps(_call(json.dumps(json.dumps({"a": a}))), c),
    "no_content": lambda q, a, c: _dumps({"messages": [{"role": "user"}]}, c),
    "garbage": lambda q, a, c: b"{not json " + q.encode(),
    "bad_role": lambda q, a, c: _dumps(_chat(q, a, "moderator"), c),
}  # fmt: skip

LINE = st.tuples(st.sampled_from(sorted(KINDS)), TEXT, TEXT, st.booleans(), st.booleans())


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """A file of mixed lines, some CRLF, with repeats, maybe without a final newline."""
    specs = draw(st.lists(LINE, min_size=1, max_size=14))
    lines = [KINDS[kind](q, a, c) + (b"\r\n" if crlf else b"\n") for kind, q, a, c, crlf in specs]
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), lines[draw(st.integers(0, len(lines) - 1))])
    data = b"".join(lines)
    return data.rstrip(b"\n") if draw(st.booleans()) else data


def _run(directory: Path, data: bytes, name: str, rejects: bool, dedup: bool) -> tuple[
    FixSummary, list[Change], dict[str, bytes]
]:  # fmt: skip
    source = directory / f"{name}.jsonl"
    source.write_bytes(data)
    paths = {k: directory / f"{name}.{k}" for k in ("out", "rej")}
    changes: list[Change] = []
    request = FixRequest(
        path=str(source),
        output=str(paths["out"]),
        rejects=str(paths["rej"]) if rejects else None,
        options=FixOptions(flags=frozenset({"--drop-duplicates"} if dedup else ())),
    )
    summary = fix(request, on_change=changes.append)
    assert source.read_bytes() == data  # the input is never touched
    written = {k: p.read_bytes() if p.exists() else b"" for k, p in paths.items()}
    return summary, changes, written


def _lines(data: bytes) -> list[bytes]:
    """Lines as JSON Lines splits them: on "\\n" only (``splitlines`` splits on "\\r")."""
    *lines, tail = data.split(b"\n")
    return [line + b"\n" for line in lines] + ([tail] if tail else [])


def _is_subsequence(items: list[bytes], of: list[bytes]) -> bool:
    it = iter(of)
    return all(any(x == y for y in it) for x in items)


@given(data=files(), rejects=st.booleans(), dedup=st.booleans())
def test_fix_accounts_for_every_line_and_is_idempotent(
    data: bytes, rejects: bool, dedup: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        summary, changes, written = _run(directory, data, "in", rejects, dedup)
        inputs = _lines(data)
        out = _lines(written["out"])

        # Accounted for: the summary adds up; lines without a record are in OUT as read.
        assert summary.lines == summary.records == len(inputs)
        assert summary.records == (
            summary.unchanged + summary.fixed + summary.declined + summary.rejected
            + summary.kept + summary.blank + summary.duplicates
        )  # fmt: skip
        logged = {c.line for c in changes}
        untouched = [raw for n, raw in enumerate(inputs, 1) if n not in logged]
        assert len(untouched) == summary.unchanged
        assert _is_subsequence(untouched, out)
        rejected = [c for c in changes if c.action.startswith("rejected")]
        assert written["rej"] == b"".join(inputs[c.line - 1] for c in rejected)
        assert len(out) == summary.written

        # check of OUT has none of the codes fixed. Unfixable lines kept in OUT (no REJ)
        # stay as they were, so they are left out: J005 of a kept CRLF line is theirs.
        fixed = {code for code, _ in summary.changes}
        kept = [inputs[c.line - 1] for c in changes if c.action.startswith("kept")]
        assert len(kept) == summary.kept
        valid = list(out)
        for raw in kept:
            valid.remove(raw)
        report = check_lines(valid)
        assert not fixed & {f.code for f in report.findings}, (fixed, report.findings)
        if rejects:
            assert report.errors == sum(f.code == "F001" for f in report.findings)

        # A second fix gives identical bytes, and changes nothing.
        again, changes2, written2 = _run(directory, written["out"], "again", rejects, dedup)
        assert written2["out"] == written["out"]
        assert again.fixed == again.blank == again.duplicates == 0
        assert all(c.action.startswith(("kept", "rejected")) for c in changes2)
