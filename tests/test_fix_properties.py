"""Properties of ``ftlint fix`` on generated files with mixed problems, for OpenAI and for
several provider targets (``--target T``): every input line is accounted for, ``check
--target T`` of OUT has none of the codes fixed (and, with REJ, no line error at all), a
second ``fix`` gives the same bytes, the input is never touched, and each output is
written atomically (a temporary file renamed over it, none left behind)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint import Severity, check_lines
from ftlint.fix import Change, FixOptions, FixRequest, FixSummary, fix
from ftlint.selection import in_force

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


def _conversation(q: str, a: str, version: str = "bedrock-conversation-2024") -> dict[str, Any]:
    """A Bedrock conversation line (Nova, Llama 3.2); an empty text is a B-rule error."""
    return {
        "schemaVersion": version,
        "messages": [
            {"role": "user", "content": [{"text": q}]},
            {"role": "assistant", "content": [{"text": a}]},
        ],
    }


def _mistral_calls(q: str, kind: str = "object") -> dict[str, Any]:
    """A Mistral tool conversation with OpenAI-style call ids, which T501 replaces; with a
    ``kind`` other than "object", its schema is not valid (T014: "dict" has a fix, not
    "varchar")."""
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    return {
        "messages": [
            {"role": "user", "content": q or "q"},
            {"role": "assistant", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": "r"},
            {"role": "assistant", "content": "done"},
        ],
        "tools": [{"type": "function", "function": {
            "name": "f", "description": "d", "parameters": {"type": kind, "properties": {}}
        }}],
    }  # fmt: skip


Kind = Callable[[str, str, bool], bytes]
Valid = Callable[[str, str], dict[str, Any]]


def _jsonl_kinds(valid: Valid) -> dict[str, Kind]:
    """The JSON Lines problems of any format, around the target's valid example."""
    return {
        "valid": lambda q, a, c: _dumps(valid(q, a), c),
        "bom": lambda q, a, c: b"\xef\xbb\xbf" + _dumps(valid(q, a), c),
        "blank": lambda q, a, c: b" \t" if c else b"",
        "trailing": lambda q, a, c: _dumps(valid(q, a), c)[:-1] + b",}",
        "two": lambda q, a, c: _dumps(valid(q, a), c) + b" " + _dumps(valid(a, q), c),
        "array": lambda q, a, c: b"[" + _dumps(valid(q, a), c) + b", " + _dumps(valid(a, q), c)
        + b"]",
        "string": lambda q, a, c: _dumps(_dumps(valid(q, a), c).decode(), c),
        "garbage": lambda q, a, c: b"{not json " + q.encode(),
    }  # fmt: skip


# Each kind makes one line (without its ending) from two texts and a flag.
KINDS: dict[str, Kind] = {
    **_jsonl_kinds(_chat),
    "role": lambda q, a, c: _dumps(_chat(q, a, "human" if c else "User"), c),
    "args_object": lambda q, a, c: _dumps(_call({"q": q}), c),
    "args_twice": lambda q, a, c: _dumps(_call(json.dumps(json.dumps({"a": a}))), c),
    "no_content": lambda q, a, c: _dumps({"messages": [{"role": "user"}]}, c),
    "bad_role": lambda q, a, c: _dumps(_chat(q, a, "moderator"), c),
}  # fmt: skip

_BEDROCK: dict[str, Kind] = {
    **_jsonl_kinds(_conversation),
    "string_content": lambda q, a, c: _dumps({"messages": [
        {"role": "user", "content": q}, {"role": "assistant", "content": a}
    ]}, c),
    "system_role": lambda q, a, c: _dumps({"messages": [
        {"role": "system", "content": [{"text": q}]}, *_conversation(q, a)["messages"]
    ]}, c),
}  # fmt: skip

# The lines of each target: OpenAI's, and those of providers with remedies of their own
# (Mistral's call ids T501, Llama's schemaVersion B017) or formats of their own.
TARGET_KINDS: dict[str, dict[str, Kind]] = {
    "openai": KINDS,
    "mistral": {
        **KINDS,
        "call_ids": lambda q, a, c: _dumps(_mistral_calls(q), c),
        "python_type": lambda q, a, c: _dumps(_mistral_calls(q, "dict"), c),
        "unknown_type": lambda q, a, c: _dumps(_mistral_calls(q, "varchar"), c),
    },
    "together": KINDS,
    "bedrock-nova": _BEDROCK,
    "bedrock-llama": {
        **_BEDROCK,
        "schema_version": lambda q, a, c: _dumps(_conversation(q, a, "bedrock-conversion"), c),
    },
}


@st.composite
def files(draw: st.DrawFn, kinds: dict[str, Kind] = KINDS) -> bytes:
    """A file of mixed lines, some CRLF, with repeats, maybe without a final newline."""
    line = st.tuples(st.sampled_from(sorted(kinds)), TEXT, TEXT, st.booleans(), st.booleans())
    specs = draw(st.lists(line, min_size=1, max_size=14))
    lines = [kinds[kind](q, a, c) + (b"\r\n" if crlf else b"\n") for kind, q, a, c, crlf in specs]
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), lines[draw(st.integers(0, len(lines) - 1))])
    data = b"".join(lines)
    return data.rstrip(b"\n") if draw(st.booleans()) else data


def _run(
    directory: Path, data: bytes, name: str, rejects: bool, dedup: bool, target: str = "openai"
) -> tuple[FixSummary, list[Change], dict[str, bytes]]:
    source = directory / f"{name}.jsonl"
    source.write_bytes(data)
    paths = {k: directory / f"{name}.{k}" for k in ("out", "rej")}
    # OUT exists already (--force): an atomic write renames a new file over it, so the
    # old file is never written into.
    paths["out"].write_bytes(b"old\n")
    old = os.stat(paths["out"]).st_ino
    changes: list[Change] = []
    request = FixRequest(
        path=str(source),
        output=str(paths["out"]),
        rejects=str(paths["rej"]) if rejects else None,
        options=FixOptions(flags=frozenset({"--drop-duplicates"} if dedup else ()), target=target),
        force=True,
    )
    summary = fix(request, on_change=changes.append)
    assert source.read_bytes() == data  # the input is never touched
    assert os.stat(paths["out"]).st_ino != old
    assert not [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]
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
    _check_fix(data, rejects, dedup, "openai")


@pytest.mark.parametrize("target", sorted(set(TARGET_KINDS) - {"openai"}))
def test_fix_for_a_target_accounts_for_every_line_and_passes_its_check(target: str) -> None:
    """The same properties under ``--target T``, on the target's own lines; the output is
    checked with the target's rules."""
    # F006 is OpenAI's rule: --drop-duplicates is refused for a target without it.
    dedups = st.booleans() if "F006" in in_force(target) else st.just(False)

    # Fewer examples per target than the profile gives a test (15 of 25): four targets
    # share the time.
    @settings(max_examples=settings().max_examples * 3 // 5)
    @given(data=files(TARGET_KINDS[target]), rejects=st.booleans(), dedup=dedups)
    # Found by the deep profile: the first object comes out of a split array, and a later
    # line looks like another of the target's formats (Nova RFT); OUT is in the first's.
    @example(data=_SPLIT_THEN_RFT, rejects=True, dedup=False)
    def check(data: bytes, rejects: bool, dedup: bool) -> None:
        _check_fix(data, rejects, dedup, target)

    check()


_CONVERSATION = _dumps(_conversation("0", "0"), False)
_SPLIT_THEN_RFT = (
    b"[" + _CONVERSATION + b", " + _CONVERSATION + b"]\n"
    + _dumps({"messages": [{"role": "user", "content": ""}]}, False)
)  # fmt: skip


def _check_fix(data: bytes, rejects: bool, dedup: bool, target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        summary, changes, written = _run(directory, data, "in", rejects, dedup, target)
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

        # check --target T of OUT has none of the codes fixed. Unfixable lines kept in OUT
        # (no REJ) stay as they were, so they are left out: J005 of a kept CRLF line is
        # theirs. With REJ, what is left is valid: only counts of the file may fail.
        fixed = {code for code, _ in summary.changes}
        kept = [inputs[c.line - 1] for c in changes if c.action.startswith("kept")]
        assert len(kept) == summary.kept
        valid = list(out)
        for raw in kept:
            valid.remove(raw)
        report = check_lines(valid, target=target, format=summary.format or "auto")
        assert not fixed & {f.code for f in report.findings}, (fixed, report.findings)
        if rejects:
            assert all(f.line is None for f in report.findings if f.severity is Severity.ERROR)

        # A second fix gives identical bytes, and changes nothing.
        again, changes2, written2 = _run(directory, written["out"], "again", rejects, dedup, target)
        assert written2["out"] == written["out"]
        assert again.fixed == again.blank == again.duplicates == 0
        assert all(c.action.startswith(("kept", "rejected")) for c in changes2)
