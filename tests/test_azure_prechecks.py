"""Azure rules that look for a word in the raw line before doing costly work: C201's
word pre-check loses no credential pattern; F201 skips only lines without a system role."""

from __future__ import annotations

import msgspec
from hypothesis import example, given
from hypothesis import strategies as st

import ftlint
from ftlint.rules import azure

# Fragments that make and break the patterns, in every case.
_PIECES = st.sampled_from(
    [
        "api", "API", "Api", "_", "-", " ", "key", "KEY", "Key", "client", "CLIENT", "secret",
        "SeCrEt", "bearer", "BEARER", ":", "=", "sk", "pk", "SK", "abcdefgh", "ABCDEFGH12",
        "0123456789", "~+/", "\\", '"', "é", "\n",
    ]
)  # fmt: skip


def _c201(text: str) -> bool:
    line = msgspec.json.encode(
        {"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]}
    )
    report = ftlint.check_lines([line + b"\n"], rules={"C201"}, target="azure")
    return any(f.code == "C201" for f in report.findings)


_WORDS = ("apikey", "api_key", "api-key", "api key", "clientsecret", "client_secret",
          "client-secret", "bearer", "sk-", "pk-")  # fmt: skip


@st.composite
def _mixed_case(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_WORDS))
    flags = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if up else c for c, up in zip(word, flags, strict=True))


_AROUND = st.lists(_PIECES, max_size=4).map("".join)
_NEAR_MISSES = st.tuples(
    _AROUND,
    _mixed_case(),
    st.sampled_from(["", " ", ": ", "=", " = ", "\t"]),
    st.sampled_from(["", "abc", "abcdefghijklmnop", "ABCDEFGH12ABCDEFGH", "a b"]),
    _AROUND,
).map("".join)


@given(st.one_of(_NEAR_MISSES, st.lists(_PIECES, max_size=12).map("".join)))
@example("x Api-Key: abc")
@example("CLIENTsecret=abc")
@example("token: Bearer abcdefghijklmnop")
@example("sk-abcdefghijklmnop")
@example("PK-abcdefghijklmnop")  # case-sensitive: no match
@example("keybearer abcdefghijklmnop")  # no word boundary: no match
def test_the_rule_fires_exactly_where_the_patterns_match(text: str) -> None:
    line = msgspec.json.encode(
        {"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]}
    )
    assert _c201(text) == (azure._SECRETS.search(line) is not None), text


def test_each_pattern_fires_in_any_case() -> None:
    for text in (
        "API-KEY: abc123",
        "Client_Secret = s3cr3t",
        "BEARER abcdefghijklmnop",
        "use sk-ABCDEFGHIJKLMNOP1234",
        "use pk-ABCDEFGHIJKLMNOP1234",
    ):
        assert _c201(text), text
    assert not _c201("the key to success is a secret bearer of news")


def test_f201_sees_a_system_role_spelled_with_an_escape() -> None:
    """F201 skips lines without the word "system", but not a role escaped in JSON."""
    user = {"role": "user", "content": "Hi"}
    plain = msgspec.json.encode(
        {"messages": [{"role": "system", "content": "Be brief."}, user]}
    ).replace(b'"user"', b'"us\\u0065r"')
    escaped = msgspec.json.encode({"messages": [{"role": "system", "content": "Be kind."}, user]})
    escaped = escaped.replace(b'"system"', b'"\\u0073ystem"')
    report = ftlint.check_lines([plain + b"\n", escaped + b"\n"], rules={"F201"}, target="azure")
    assert [f.code for f in report.findings] == ["F201"]
