"""``ftlint fix``: each remedy on its fixture both ways (fixed when selected, the file
unchanged when not), the lines that must not be touched, rejects and the log, the guarded
outputs, --dry-run, and the remedy functions themselves.

Fixtures: ``fixtures/fix/NAME.jsonl`` and ``NAME.fixed.jsonl``, the expected OUT.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ftlint import check_lines
from ftlint.rules import REGISTRY, jsonl, structure, tool_shapes
from ftlint.rules.remedies import REMEDIES, describe
from ftlint.schema.messages import CHAT_ROLES, REINFORCEMENT_ROLES

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "fix"
Run = Callable[..., Result]

# name: (extra arguments, exit code, the codes of the changes made, arguments that turn
# the remedies off so the file stays as it is)
CASES: dict[str, tuple[list[str], int, set[str], list[str]]] = {
    "bom": ([], 0, {"J004"}, ["--ignore", "J004"]),
    "crlf": ([], 0, {"J005"}, ["--ignore", "J005"]),
    "blank": ([], 0, {"J003"}, ["--ignore", "J003"]),
    "trailing_comma": ([], 1, {"J001"}, ["--ignore", "J001"]),
    "several_objects": ([], 1, {"J001"}, ["--ignore", "J001"]),
    "array_line": ([], 1, {"J002"}, ["--ignore", "J002"]),
    "pretty_array": ([], 0, {"J001", "S005"}, ["--ignore", "J001"]),
    "pretty_stream": ([], 0, {"J001"}, ["--ignore", "J001"]),
    "roles": ([], 1, {"S005"}, ["--ignore", "S005"]),
    "arguments_object": ([], 1, {"T001", "T008"}, ["--ignore", "T001,T008"]),
    "double_encoded": ([], 0, {"T013"}, ["--ignore", "T013"]),
    "dpo_old_names": ([], 1, {"D004"}, ["--ignore", "D004"]),
    "duplicates": (["--drop-duplicates"], 0, {"F006", "J005"}, ["--ignore", "J005"]),
    "functions": (["--upgrade-functions"], 0, {"T010"}, []),
    "legacy": (["--extend-select", "L006"], 0, {"L006"}, []),
    # T014 is opt-in under OpenAI: not named, nothing changes. The last line's type
    # ("varchar") has no plain fix: its warning stays, and the line with it.
    "parameters_schema": (["--extend-select", "T014"], 0, {"T014"}, []),
    # Provider remedies: only under their target (OpenAI takes these ids as they are).
    "mistral_call_ids": (["--target", "mistral"], 0, {"T501"}, []),
    "llama_schema_version": (
        ["--target", "bedrock-llama"],
        1,
        {"B017"},
        ["--target", "bedrock-llama", "--ignore", "B017"],
    ),
    "mixed": (
        ["--drop-duplicates"],
        1,
        {"J001", "J003", "J004", "S005", "F006"},
        ["--ignore", "J,S005"],
    ),
}
UNFIXABLE = ("rejected", "kept unchanged")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def fix(run: Run, source: Path, out: Path, *args: str) -> Result:
    return run("fix", str(source), "-o", str(out), *args)


def test_every_fixture_has_a_case() -> None:
    names = {p.name.removesuffix(".jsonl") for p in ROOT.glob("*.jsonl")}
    assert {n for n in names if not n.endswith(".fixed")} == set(CASES)
    assert {n.removesuffix(".fixed") for n in names if n.endswith(".fixed")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_is_fixed(run: Run, tmp_path: Path, name: str) -> None:
    args, code, codes, _ = CASES[name]
    source = ROOT / f"{name}.jsonl"
    before = source.read_bytes()
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    result = fix(run, source, out, "--log", str(log), *args)
    assert result.exit_code == code, result.output
    assert out.read_bytes() == (ROOT / f"{name}.fixed.jsonl").read_bytes()
    assert source.read_bytes() == before
    records = _log(log)
    assert {r["code"] for r in records if not r["action"].startswith(UNFIXABLE)} == codes
    # Idempotent: fixing OUT changes nothing and logs no change.
    again, log2 = tmp_path / "again.jsonl", tmp_path / "log2.jsonl"
    assert fix(run, out, again, "--log", str(log2), *args).exit_code == code
    assert again.read_bytes() == out.read_bytes()
    assert all(r["action"].startswith(UNFIXABLE) for r in _log(log2))


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_unchanged_without_its_remedies(run: Run, tmp_path: Path, name: str) -> None:
    """The other way: with its remedies off (or opt-in ones not asked for), nothing moves."""
    source = ROOT / f"{name}.jsonl"
    out = tmp_path / "out.jsonl"
    result = fix(run, source, out, *CASES[name][3])
    assert result.exit_code in (0, 1), result.output
    # Without re-flow, each line of pretty-printed JSON is unfixable, and kept as it is.
    assert out.read_bytes() == source.read_bytes()


def _all() -> set[str]:
    """The default line rules (not the file-level ones, which point at no line)."""
    return {c for c, r in REGISTRY.items() if r.default and c not in ("F001", "F006", "F007")}


# Re-flowed files have no lines to copy; T010 and L006 change lines no finding points at.
@pytest.mark.parametrize(
    "name", sorted(set(CASES) - {"pretty_array", "pretty_stream", "functions", "legacy"})
)
def test_clean_lines_are_copied_byte_for_byte(run: Run, tmp_path: Path, name: str) -> None:
    args = CASES[name][0]
    source = ROOT / f"{name}.jsonl"
    lines = source.read_bytes().splitlines(keepends=True)
    target = args[args.index("--target") + 1] if "--target" in args else "openai"
    named = (
        set(args[args.index("--extend-select") + 1].split(","))
        if "--extend-select" in args
        else set()
    )
    rules = _all() | named if target == "openai" else None  # a target's own default rules
    report = check_lines(lines, rules=rules, target=target)
    flagged = {f.line for f in report.findings if f.line is not None}
    out = tmp_path / "out.jsonl"
    fix(run, source, out, *args)
    written = out.read_bytes().splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        if number not in flagged and not line.endswith(b"\r\n") and line.endswith(b"\n"):
            assert line in written, (number, line)


def test_rejects_get_unfixable_lines_byte_for_byte(run: Run, tmp_path: Path) -> None:
    source = ROOT / "roles.jsonl"
    lines = source.read_bytes().splitlines(keepends=True)
    out, rej, log = (tmp_path / n for n in ("out.jsonl", "rej.jsonl", "log.jsonl"))
    result = fix(run, source, out, "--rejects", str(rej), "--log", str(log))
    assert result.exit_code == 0, result.output
    assert rej.read_bytes() == lines[4] + lines[5]  # moderator, developer: no remedy
    rejected = [r for r in _log(log) if r["action"].startswith("rejected")]
    assert [(r["line"], r["code"]) for r in rejected] == [(5, "S005"), (6, "S005")]
    assert rejected[0]["before"] == _sha(lines[4])
    assert "moderator" in rejected[0]["reason"]
    assert check_lines(out.read_bytes().splitlines(keepends=True)).errors == 1  # F001 only
    assert "unfixable  2  -> " in result.output


def test_log_digests_chain_from_input_to_output(run: Run, tmp_path: Path) -> None:
    source = ROOT / "bom.jsonl"
    lines = source.read_bytes().splitlines(keepends=True)
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    fix(run, source, out, "--log", str(log))
    written = out.read_bytes().splitlines(keepends=True)
    records = _log(log)
    assert [(r["line"], r["code"]) for r in records] == [(1, "J004"), (3, "J004")]
    for r in records:
        assert r["before"] == _sha(lines[r["line"] - 1])
        assert r["after"] == _sha(written[r["line"] - 1])
        assert set(r) == {"line", "code", "action", "before", "after"}


def test_every_line_is_accounted_for(run: Run, tmp_path: Path) -> None:
    source = ROOT / "several_objects.jsonl"
    out, rej, log = (tmp_path / n for n in ("out.jsonl", "rej.jsonl", "log.jsonl"))
    fix(run, source, out, "--rejects", str(rej), "--log", str(log))
    records = _log(log)
    split = [r for r in records if r["code"] == "J001"]
    assert [r["line"] for r in split] == [1, 2, 3]
    assert isinstance(split[0]["after"], list) and len(split[0]["after"]) == 2
    assert len(out.read_bytes().splitlines()) == 2 + 2 + 1 + 1
    assert rej.read_bytes() == source.read_bytes().splitlines(keepends=True)[4]


def test_the_input_is_never_an_output(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes((ROOT / "bom.jsonl").read_bytes())
    before = source.read_bytes()
    for args in (["-o", str(source)], ["-o", str(tmp_path / "o"), "--log", str(source)]):
        result = run("fix", str(source), *args, "--force")
        assert result.exit_code == 2
        assert "is an input" in result.output
    exists = tmp_path / "exists.jsonl"
    exists.write_bytes(b"keep me\n")
    result = run("fix", str(source), "-o", str(exists))
    assert result.exit_code == 2 and "--force" in result.output
    assert exists.read_bytes() == b"keep me\n"
    assert run("fix", str(source), "-o", str(exists), "--force").exit_code == 0
    assert exists.read_bytes() == (ROOT / "bom.fixed.jsonl").read_bytes()
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.jsonl", "in.jsonl"]


def test_dry_run_writes_nothing_and_prints_the_changes(run: Run, tmp_path: Path) -> None:
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    result = run("fix", str(ROOT / "blank.jsonl"), "-o", str(out), "--log", str(log), "--dry-run")
    assert result.exit_code == 0
    assert not out.exists() and not log.exists()
    assert "line 2: J003 dropped a blank line" in result.output
    assert "dry run: nothing written" in result.output
    assert run("fix", str(ROOT / "blank.jsonl"), "--dry-run").exit_code == 0
    assert run("fix", str(ROOT / "blank.jsonl")).exit_code == 2  # no -o


def test_usage_errors_exit_2(run: Run, tmp_path: Path) -> None:
    out = str(tmp_path / "out.jsonl")
    result = run("fix", str(ROOT / "bom.jsonl"), "-o", out, "--select", "Z9")
    assert result.exit_code == 2 and "unknown rule code" in result.output
    result = run("fix", str(tmp_path / "missing.jsonl"), "-o", out)
    assert result.exit_code == 2 and "missing.jsonl" in result.output
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes('{"messages": []}\n'.encode("utf-16"))
    result = run("fix", str(utf16), "-o", out)
    assert result.exit_code == 2 and "UTF-8" in result.output
    assert not Path(out).exists()


def test_standard_input(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("fix", "-", "-o", str(out), input=(ROOT / "crlf.jsonl").read_bytes())
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (ROOT / "crlf.fixed.jsonl").read_bytes()


def test_select_limits_the_remedies(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'\xef\xbb\xbf{"messages": [{"role": "human", "content": "Hi"},'
        b' {"role": "assistant", "content": "Yo"}]}\r\n\n'
    )
    out = tmp_path / "out.jsonl"
    assert fix(run, source, out, "--select", "J004,J003").exit_code == 0
    assert out.read_bytes() == source.read_bytes()[3:-1]
    result = fix(run, source, tmp_path / "all.jsonl")
    assert result.exit_code == 0
    assert (tmp_path / "all.jsonl").read_bytes() == (
        b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Yo"}]}\n'
    )


def test_a_line_that_repeats_a_key_is_never_serialized_again(run: Run, tmp_path: Path) -> None:
    # Serializing the decoded object would keep only the last "content": a lost value.
    line = (
        b'{"messages": [{"role": "human", "content": "a", "content": "b"},'
        b' {"role": "assistant", "content": "Yo"}]}\n'
    )
    source = tmp_path / "in.jsonl"
    source.write_bytes(line)
    out = tmp_path / "out.jsonl"
    result = fix(run, source, out)
    assert result.exit_code == 1  # S005 stays: the line repeats a key
    assert out.read_bytes() == line


def test_rule_command_shows_the_remedy(run: Run) -> None:
    assert "ftlint fix: removed the byte-order mark" in run("rule", "J004").output
    assert "--drop-duplicates" in run("rule", "F006").output
    assert "ftlint fix:" not in run("rule", "S007").output


# -- the remedy functions --------------------------------------------------------------


def test_every_remedy_names_a_rule_and_describes_itself() -> None:
    for r in REMEDIES:
        assert r.code in REGISTRY
        assert describe(r.code)
        assert r.kind != "object" or r.formats <= REGISTRY[r.code].formats | {"chat"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}{"b": 2}', ['{"a": 1}', '{"b": 2}']),
        ('{"a": 1} , {"b": "}{"},', ['{"a": 1}', '{"b": "}{"}']),
        ('{"a": 1},,{"b": 2}', None),
        ('{"a": 1} [1]', None),
        ("", None),
    ],
)
def test_object_stream(text: str, expected: list[str] | None) -> None:
    assert jsonl.object_stream(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[{"a": 1}, {"b": 2}]', ['{"a": 1}', '{"b": 2}']),
        ('[{"a": 1},]', ['{"a": 1}']),
        ("[]", None),
        ('[{"a": 1}, 2]', None),
        ('[{"a": 1}] x', None),
        ('[{"a": 1} {"b": 2}]', None),
    ],
)
def test_object_array(text: str, expected: list[str] | None) -> None:
    assert jsonl.object_array(text) == expected


def test_trailing_commas_outside_strings_only() -> None:
    fixed = jsonl._trailing_commas('{"a": [1, 2, ], "b": "x,}", "c": "\\",]",}')
    assert fixed == ['{"a": [1, 2 ], "b": "x,}", "c": "\\",]"}']
    assert jsonl._trailing_commas('{"a": "x,}"}') is None


def test_minify_keeps_strings() -> None:
    assert jsonl.minify('{\n  "a b": "c  d",\n  "e": [1, 2]\n}') == '{"a b":"c  d","e":[1,2]}'


def test_reflow_spans_cover_the_file() -> None:
    data = b'[\n  {"a": 1},\n\n  {"b":\n 2}, {"c": 3}\n]\n'
    lines = jsonl._reflow(data)
    assert lines == [(b'{"a":1}\n', 1, 2), (b'{"b":2}\n', 3, 5), (b'{"c":3}\n', 5, 6)]
    assert jsonl._reflow(b'[\n{"a": 1},\n2\n]\n') is None
    assert jsonl._reflow(b'{\n"a": 1\n}\nnot json\n') is None


def test_pretty_start_is_a_fragment_only() -> None:
    assert jsonl._pretty_start(b"[\n") and jsonl._pretty_start(b'\xef\xbb\xbf{"messages": [\n')
    assert not jsonl._pretty_start(b'{"a": 1,}\n')  # broken mid-line: a line's problem
    assert not jsonl._pretty_start(b'{"a": 1}\n')


def test_roles_map_only_into_the_format() -> None:
    assert structure.role_for("Developer", REINFORCEMENT_ROLES) == "developer"
    assert structure.role_for("Developer", CHAT_ROLES) is None
    assert structure.role_for("HUMAN", CHAT_ROLES) == "user"
    assert structure.role_for("model", CHAT_ROLES) == "assistant"
    assert structure.role_for("moderator", CHAT_ROLES) is None


def test_function_call_ids_are_a_hash_of_the_example() -> None:
    def example() -> dict[str, Any]:
        call = {
            "role": "assistant",
            "content": None,
            "function_call": {"name": "f", "arguments": "{}"},
        }
        messages = [
            {"role": "user", "content": "q"},
            call,
            {"role": "function", "name": "f", "content": "r"},
            dict(call),
            {"role": "function", "name": "f", "content": "s"},
        ]
        return {"messages": messages}  # fmt: skip

    a, b = example(), example()
    assert tool_shapes._upgrade_functions(a, "chat") and tool_shapes._upgrade_functions(b, "chat")
    assert a == b
    ids = [m["tool_calls"][0]["id"] for m in a["messages"] if "tool_calls" in m]
    assert len(set(ids)) == 2 and all(i.startswith("call_") for i in ids)
    assert [m.get("tool_call_id") for m in a["messages"] if m["role"] == "tool"] == ids
    other = example()
    other["messages"][0]["content"] = "another question"
    assert tool_shapes._upgrade_functions(other, "chat")
    assert other["messages"][1]["tool_calls"][0]["id"] != ids[0]


def test_functions_beside_tools_are_not_merged() -> None:
    obj = {"messages": [{"role": "user", "content": "q"}], "functions": [{"name": "f"}],
           "tools": [{"type": "function", "function": {"name": "f"}}]}  # fmt: skip
    assert not tool_shapes._upgrade_functions(obj, "chat")
    answer = {"messages": [{"role": "function", "name": "f", "content": "r"}]}
    assert not tool_shapes._upgrade_functions(answer, "chat")  # no call to answer


def test_readme_example_is_a_real_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT.parents[1] / "README.md").read_text(encoding="utf-8")
    command = "$ ftlint fix fixtures/fix/mixed.jsonl -o fixed.jsonl --rejects rejects.jsonl"
    block = readme[readme.index(command) :].split("```", 1)[0].splitlines()
    monkeypatch.chdir(ROOT.parents[1])
    out, rej, log = (str(tmp_path / n) for n in ("fixed.jsonl", "rejects.jsonl", "log.jsonl"))
    args = ["-o", out, "--rejects", rej, "--log", log, "--drop-duplicates"]
    result = run("fix", "fixtures/fix/mixed.jsonl", *args)
    summary = result.output.replace(f"{tmp_path}/", "").splitlines()
    assert block[1 : 1 + len(summary)] == summary
    start = block.index("$ cat fixed.jsonl") + 1
    assert block[start : start + 5] == Path(out).read_text(encoding="utf-8").splitlines()
    start = block.index("$ sed -n 5,7p log.jsonl") + 1
    assert block[start:] == Path(log).read_text(encoding="utf-8").splitlines()[4:7]


def test_gzip_in_and_out(run: Run, tmp_path: Path) -> None:
    import gzip

    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(gzip.compress((ROOT / "bom.jsonl").read_bytes()))
    out = tmp_path / "out.jsonl.gz"
    assert run("fix", str(source), "-o", str(out)).exit_code == 0
    assert gzip.decompress(out.read_bytes()) == (ROOT / "bom.fixed.jsonl").read_bytes()


def test_a_line_without_errors_is_not_given_one(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A remedy whose result would have an error is declined for a line that had none."""
    from ftlint.rules import remedies

    def _break_roles(obj: dict[str, Any], fmt: str) -> bool:
        obj["messages"][0]["role"] = "moderator"
        return True

    broken = remedies.Remedy("T013", "breaks the example", "object", _break_roles)
    monkeypatch.setattr(remedies, "REMEDIES", [*remedies.REMEDIES, broken])
    source = ROOT / "double_encoded.jsonl"
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    result = fix(run, source, out, "--log", str(log))
    assert result.exit_code == 0, result.output
    lines = source.read_bytes().splitlines(keepends=True)
    assert out.read_bytes().splitlines(keepends=True)[0] == lines[0]
    declined = [r for r in _log(log) if r["action"].startswith("left unchanged")]
    assert [(r["line"], r["code"]) for r in declined] == [(1, "S005")]
    assert "note: 1 line left unchanged" in result.output
