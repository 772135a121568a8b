"""The fuzz harness (fuzz/fuzz_check_lines.py) stays runnable, and its invariants hold.

atheris is not needed: the harness's ``check_invariants`` is run on seeds made from the
fixtures (the same seeds the fuzzer starts from), in every mode of its first byte, and on
the inputs that once broke ftlint (regressions from fuzzing; see fuzz/README.md).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "fuzz" / "fuzz_check_lines.py"
FIXTURES = sorted(
    p for p in (ROOT / "fixtures").glob("*/*") if p.name.endswith((".jsonl", ".ndjson"))
)
# Inputs found by fuzzing or by the property tests: (first byte, file body).
REGRESSIONS = [
    (0, b"\x00"),  # J007 and J001 on one line (max-findings order; stats still add up)
    (1, b'{"prompt": 1, "completion": "\xff"}\n'),
    (0, b'{"prompt": "p", "completion": "\\ud800"}\n'),  # msgspec says "truncated"
    (0, b"\xff\xfe{\x00}\x00\n\x00"),  # UTF-16 BOM: J008, reading stops
    # UTF-16 without a BOM whose last line has no newline: a stream cut it into a block of
    # its own, and the sniff saw the first block only (no J008; as lines, J008).
    (0, b"\n\x00\x10\x00\x01\x00a\x00"),
    (128, b'{"a": 1, "a": 2}\n' * 3),  # J010 with every rule on
    (129, b'{"messages": [{"role": "user", "content": "<|endoftext|>"}]}\n'),
    # Invalid UTF-8 in `parameters` (msgspec.Raw), read by K001 with a model: a crash.
    (
        131,
        b'{"messages": [{"role": "user", "content": "\xc3\xa9"}, {"role": "assistant",'
        b' "content": "a"}], "tools": [{"type": "function", "function": {"name": "f",'
        b' "parameters": {"d": "\xff"}}}]}\n',
    ),
    # A property name msgspec cannot rename a Struct field to: typed decoding of T012.
    (
        1,
        b'{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls":'
        b' [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},'
        b' {"role": "tool", "tool_call_id": "c", "content": "r"}, {"role": "assistant",'
        b' "content": "a"}], "tools": [{"type": "function", "function": {"name": "f",'
        b' "parameters": {"type": "object", "properties": {"a\\"b": {"type": "string"}},'
        b' "required": ["a\\"b"]}}}]}\n',
    ),
]


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_check_lines", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("flags", [0, 1, 2, 3, 4, 128, 131])
def test_harness_invariants_on_fixture_seeds(flags: int) -> None:
    harness = _harness()
    for fixture in FIXTURES:
        harness.check_invariants(bytes([flags]) + fixture.read_bytes()[:4096])


@pytest.mark.parametrize(("flags", "body"), REGRESSIONS)
def test_harness_regressions(flags: int, body: bytes) -> None:
    _harness().check_invariants(bytes([flags]) + body)


def test_harness_splits_like_the_reader() -> None:
    split = _harness().split_lines
    assert split(b"") == []
    assert split(b"a\nb") == [b"a\n", b"b"]
    assert split(b"a\r\n\n") == [b"a\r\n", b"\n"]
    assert split(b"a\rb\xe2\x80\xa8c\n") == [b"a\rb\xe2\x80\xa8c\n"]


def test_harness_seeds_every_fixture() -> None:
    """``--make-seeds`` walks the fixtures' whole tree (targets and pairs are folders of
    folders) and names each seed by its path, so that no two fixtures share a seed."""
    sources = _harness().seed_sources()
    files = [
        p
        for p in (ROOT / "fixtures").rglob("*")
        if p.is_file() and p.suffix != ".expected" and not p.name.endswith(".gz")
    ]
    names = [name for name, _ in sources]
    assert len(files) > 100 and len(set(names)) == len(names) >= len(files)
    nested = next(p for p in files if len(p.relative_to(ROOT / "fixtures").parts) > 2)
    name = "-".join(nested.relative_to(ROOT / "fixtures").with_suffix("").parts)
    assert dict(sources)[name] == nested.read_bytes()[:4096]


def test_harness_instruments_modules_that_exist() -> None:
    """The fuzzer loads the checking code under instrumentation by name: every name must
    import (a renamed module once broke the harness), and the walk and T012 are among them."""
    import importlib

    names = _harness().checking_modules()
    for name in names:
        importlib.import_module(name)
    assert {"ftlint.rules.walk", "ftlint.rules.argschema_quick", "ftlint.engine.explain"} <= set(
        names
    )
