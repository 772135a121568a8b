"""The engine's seams: what ``ftlint.parallel`` may use of it, and how options are given."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import ftlint
import ftlint.engine
from ftlint.engine import FileCheck, Options, detect_format

PARALLEL = Path(ftlint.__file__).parent / "parallel.py"

CHAT = json.dumps(
    {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]}
).encode()


def _engine_imports(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("engine"):
            assert node.level == 1 and node.module == "engine", ast.unparse(node)
            names += [alias.name for alias in node.names]
    return names


def test_parallel_uses_only_public_names_of_the_engine() -> None:
    tree = ast.parse(PARALLEL.read_text(encoding="utf-8"))
    names = _engine_imports(tree)
    assert names, "parallel.py no longer imports the engine: update this test"
    assert [n for n in names if n.startswith("_")] == []
    assert set(names) <= set(ftlint.engine.__all__)
    # Nor does it reach into an engine object: no `check._x`, no private attribute at all.
    private = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert private == []


def test_the_engine_exports_no_private_name() -> None:
    assert [n for n in ftlint.engine.__all__ if n.startswith("_")] == []
    for name in ftlint.engine.__all__:
        assert hasattr(ftlint.engine, name), name


def test_a_bad_model_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown model 'gpt-bogus'"):
        ftlint.check_lines([CHAT], model="gpt-bogus")
    with pytest.raises(ValueError, match="unknown model"):
        Options(model="gpt-bogus")


def test_a_bad_format_is_a_value_error_when_the_options_are_made() -> None:
    with pytest.raises(ValueError, match="unknown format 'bogus'"):
        Options(format="bogus")


def test_an_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bogus"):
        ftlint.check_lines([CHAT], bogus=1)  # type: ignore[call-arg]


def test_keyword_fields_go_over_the_options() -> None:
    bad = b'{"messages": [{"role": "human", "content": "hi"}]}'
    options = Options(format="chat", rules=frozenset({"J003"}))
    quiet = ftlint.check_lines([CHAT, bad, b""], options)
    assert [f.code for f in quiet.findings] == ["J003"]
    # Keyword `rules` may be any collection; the other options still hold.
    loud = ftlint.check_lines([CHAT, bad, b""], options, rules=["S005", "J003"])
    assert [f.code for f in loud.findings] == ["S005", "J003"]
    assert loud.format == "chat" and loud.format_source == "option"


def test_the_options_form_and_the_keyword_form_agree(tmp_path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\n".join([CHAT, b"{", CHAT]) + b"\n")
    by_keywords = ftlint.check_file(str(path), format="chat", max_findings=1)
    by_options = ftlint.check_file(str(path), Options(format="chat", max_findings=1))
    assert by_keywords == by_options
    assert ftlint.check_paths([str(path)], max_findings=1) == ftlint.check_paths(
        [str(path)], Options(max_findings=1)
    )


def test_detect_format_reads_the_lines_as_a_check_does() -> None:
    rft = b'{"messages": [{"role": "developer", "content": "Add."}], "answer": 3}'
    lines = [b"\n", b"{oops\n", b"\xef\xbb\xbf" + CHAT + b"\n", rft + b"\n"]
    assert detect_format("x", Options(), lines) == ("chat", 3)
    assert detect_format("x", Options(), lines[:2]) is None
    assert detect_format("x", Options(format="completion"), lines) == ("completion", None)


def test_a_byte_range_keeps_the_offsets_of_the_whole_file() -> None:
    bad = b'{"messages": [{"role": "human", "content": "hi"}]}\n'
    check = FileCheck("f", Options(), detected=("chat", 1), file_start=False, offset=1000)
    check.run([[CHAT + b"\n", bad]])
    result = check.range_result()
    assert result.counts.bytes == len(CHAT) + 1 + len(bad)  # the range's length
    assert [(f.line, f.offset) for f in result.kept] == [(2, 1000 + len(CHAT) + 1)]
    assert (result.fmt, result.fmt_line) == ("chat", 1)


def test_the_keyword_fields_are_the_options_fields() -> None:
    """``OptionFields`` types the keyword form; it must name exactly the fields of Options."""
    import msgspec

    from ftlint.engine import OptionFields

    fields = [f.name for f in msgspec.structs.fields(Options)]
    assert list(OptionFields.__annotations__) == fields
