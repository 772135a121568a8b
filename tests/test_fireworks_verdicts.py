"""Fireworks' role-order rules judge each sequence of roles once, with the same findings."""

from __future__ import annotations

import msgspec

import ftlint
from ftlint.rules import fireworks

_U = {"role": "user", "content": "Hi"}
_A = {"role": "assistant", "content": "Hello."}
_S = {"role": "system", "content": "Be brief."}


def _lines(*conversations: list[dict[str, object]]) -> list[bytes]:
    return [msgspec.json.encode({"messages": c}) + b"\n" for c in conversations]


def test_fireworks_judges_each_sequence_of_roles_once(monkeypatch) -> None:
    judged = []
    real = fireworks._judge

    def counted(tags, fmt):
        judged.append(tuple(tags))
        return real(tags, fmt)

    monkeypatch.setattr(fireworks, "_judge", counted)
    fireworks._VERDICTS.clear()
    lines = _lines(*([[_S, _U, _A]] * 30 + [[_U, _A, _S]] * 20 + [[_U, _U, _A]] * 10))
    report = ftlint.check_lines(lines, target="fireworks")
    assert sorted(judged) == sorted(
        [
            ("system", "user", "assistant"),
            ("user", "assistant", "system"),
            ("user", "user", "assistant"),
        ]
    )
    codes = [(f.line, f.code) for f in report.findings if f.code in ("S401", "O401")]
    assert codes == [(n, "S401") for n in range(31, 51)] + [(n, "O401") for n in range(51, 61)]
