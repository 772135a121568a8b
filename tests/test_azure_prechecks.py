"""Azure rules that look for a word in the raw line before doing costly work: C201's
word pre-check loses no credential pattern; F201 skips only lines without a system role."""

from __future__ import annotations

import random

import msgspec

import ftlint
from ftlint.rules import azure

# Fragments that make and break the patterns, in every case.
_PIECES = [
    "api", "API", "Api", "_", "-", " ", "key", "KEY", "Key", "client", "CLIENT", "secret",
    "SeCrEt", "bearer", "BEARER", ":", "=", "sk", "pk", "SK", "abcdefgh", "ABCDEFGH12",
    "0123456789", "~+/", "\\", '"', "é", "\n", "sk-", "pk-",
]  # fmt: skip
_WORDS = ["apikey", "api_key", "api-key", "api key", "clientsecret", "client_secret",
          "client-secret", "bearer", "sk-", "pk-"]  # fmt: skip
_CHOSEN = [
    "x Api-Key: abc", "CLIENTsecret=abc", "token: Bearer abcdefghijklmnop",
    "sk-abcdefghijklmnop", "PK-abcdefghijklmnop",  # case-sensitive: no match
    "keybearer abcdefghijklmnop",  # no word boundary: no match
    "the key to success is a secret bearer of news", "",
]  # fmt: skip


def _mixed_case(rng: random.Random, word: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in word)


def _texts(n: int = 1500, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    texts = list(_CHOSEN)
    for _ in range(n):
        around = ["".join(rng.choices(_PIECES, k=rng.randint(0, 3))) for _ in range(2)]
        word = _mixed_case(rng, rng.choice(_WORDS))
        sep = rng.choice(["", " ", ": ", "=", " = ", "\t"])
        value = rng.choice(["", "abc", "abcdefghijklmnop", "ABCDEFGH12ABCDEFGH", "a b"])
        texts.append(around[0] + word + sep + value + around[1])
    return texts


def _line(*messages: dict[str, str]) -> bytes:
    return msgspec.json.encode({"messages": list(messages)}) + b"\n"


def test_c201_fires_exactly_where_the_patterns_match() -> None:
    texts = _texts()
    lines = [_line({"role": "user", "content": t}, {"role": "assistant", "content": "ok"})
             for t in texts]  # fmt: skip
    report = ftlint.check_lines(lines, rules={"C201"}, target="azure")
    found = {f.line for f in report.findings if f.code == "C201"}
    expected = {i for i, line in enumerate(lines, 1) if azure._SECRETS.search(line)}
    assert 100 < len(expected) < len(lines) - 100  # many matches, many near misses
    assert found == expected


def test_f201_sees_a_system_role_spelled_with_an_escape() -> None:
    """F201 skips lines without the word "system", but not a role escaped in JSON."""
    user = {"role": "user", "content": "Hi"}
    plain = _line({"role": "system", "content": "Be brief."}, user)
    escaped = _line({"role": "system", "content": "Be kind."}, user)
    escaped = escaped.replace(b'"system"', b'"\\u0073ystem"')
    report = ftlint.check_lines([plain, escaped], rules={"F201"}, target="azure")
    assert [f.code for f in report.findings] == ["F201"]
