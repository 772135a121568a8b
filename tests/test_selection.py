"""Rule selection (--select, --extend-select, --ignore, --strict), models and [tool.ftlint]."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ftlint
from ftlint.rules import REGISTRY
from ftlint.selection import DEFAULT, SelectionError, resolve, universe

# A chat example with a bad role (S005, error) and two user turns in a row (O001, warning).
BAD = {
    "messages": [
        {"role": "user", "content": "Hi"},
        {"role": "user", "content": "Hello?"},
        {"role": "assistant", "content": "Hello!"},
    ]
}
WARN_ONLY = json.dumps(BAD)
ERROR = json.dumps(
    {"messages": [{"role": "human", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}
)


def chat_lines(n: int) -> list[str]:
    return [
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                 {"role": "assistant", "content": f"a{i}"}]})
        for i in range(n)
    ]  # fmt: skip


def test_default_is_every_rule_but_the_opt_in_ones() -> None:
    assert resolve() == DEFAULT == {c for c, r in REGISTRY.items() if r.default}
    assert "J010" not in DEFAULT and "S005" in DEFAULT


def test_prefixes_specificity_and_all() -> None:
    assert resolve(["S"]) == {c for c in universe() if c.startswith("S")}
    assert resolve(["S"], ignore=["S005"]) == {c for c in universe() if c.startswith("S")} - {
        "S005"
    }
    assert resolve(["S005"], ignore=["S"]) == {"S005"}  # more specific wins
    assert resolve(["S005"], ignore=["S005"]) == frozenset()  # a tie: ignore wins
    assert resolve(["ALL"]) == set(universe())
    assert resolve(extend_select=["J010"]) == DEFAULT | {"J010"}
    assert resolve(["s005, t0"]) == {"S005"} | {c for c in universe() if c.startswith("T0")}


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(SelectionError, match="Z9"):
        resolve(["Z9"])


def test_disabled_rules_are_not_reported_or_counted() -> None:
    lines = [line.encode() for line in [*chat_lines(10), ERROR, WARN_ONLY]]
    full = ftlint.check_lines(lines)
    assert {f.code for f in full.findings} == {"S005", "O001"}
    quiet = ftlint.check_lines(lines, rules=resolve(ignore=["S005"]))
    assert {f.code for f in quiet.findings} == {"O001"}
    assert (quiet.errors, quiet.warnings) == (0, 1)


def test_select_through_the_cli(run, write_jsonl) -> None:
    path = write_jsonl("data.jsonl", [*chat_lines(10), ERROR, WARN_ONLY])
    result = run("check", "-q", "--select", "O", str(path))
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["O001"]
    result = run("check", "-q", "--ignore", "S005", "--ignore", "O001", str(path))
    assert result.exit_code == 0 and result.stdout == ""
    result = run("check", "-q", "--select", "S005,O001", str(path))
    assert result.exit_code == 1
    assert {line.split()[1] for line in result.stdout.splitlines()} == {"S005", "O001"}


def test_unknown_selector_exits_2(run, write_jsonl) -> None:
    path = write_jsonl("data.jsonl", chat_lines(10))
    result = run("check", "--select", "Q123", str(path))
    assert result.exit_code == 2
    assert "Q123" in result.stderr and "Traceback" not in result.stderr


def test_strict_makes_warnings_fail(run, write_jsonl) -> None:
    path = write_jsonl("data.jsonl", [*chat_lines(10), WARN_ONLY])
    assert run("check", "-q", str(path)).exit_code == 0
    assert run("check", "-q", "--strict", str(path)).exit_code == 1
    # Info never fails: a BOM is info.
    bom = write_jsonl("bom.jsonl", ["\ufeff" + chat_lines(11)[10], *chat_lines(10)])
    assert run("check", "-q", "--strict", str(bom)).exit_code == 0


def test_extend_select_turns_on_opt_in_duplicate_keys(run, write_jsonl) -> None:
    dup = '{"messages": [{"role": "user", "content": "a", "content": "b"}, ' \
        '{"role": "assistant", "content": "c"}]}'  # fmt: skip
    path = write_jsonl("dup.jsonl", [*chat_lines(10), dup])
    assert run("check", "-q", str(path)).stdout == ""
    result = run("check", "-q", "--extend-select", "J010", str(path))
    assert result.exit_code == 0  # J010 is a warning
    assert "11:15: J010" in result.stdout and "`content` appears 2 times" in result.stdout


def test_model_checks(run, write_jsonl) -> None:
    dpo = json.dumps({
        "input": {"messages": [{"role": "user", "content": "2+2?"}]},
        "preferred_output": [{"role": "assistant", "content": "4"}],
        "non_preferred_output": [{"role": "assistant", "content": "5"}],
    })  # fmt: skip
    lines = [dpo.replace("2+2", f"{i}+{i}").replace('"4"', f'"{2 * i}"') for i in range(10)]
    path = write_jsonl("dpo.jsonl", lines)
    assert run("check", "-q", str(path)).exit_code == 0  # no --model, nothing assumed
    result = run("check", "-q", "--model", "gpt-4o-mini", str(path))
    assert result.exit_code == 1 and "F009" in result.stdout and "dpo" in result.stdout
    assert run("check", "-q", "--model", "gpt-4.1-mini", str(path)).exit_code == 0
    # A fine-tuned model trains as its base (continued training).
    result = run("check", "-q", "--model", "ft:gpt-4o-mini-2024-07-18:my-org::abc123", str(path))
    assert result.exit_code == 1 and "F009" in result.stdout
    # A model newer than this release: one warning, and the model rules are off.
    result = run("check", "-q", "--model", "gpt-5-turbo", str(path))
    assert result.exit_code == 0 and "F009" not in result.stdout
    assert result.stderr.count("warning: unknown model 'gpt-5-turbo'") == 1


def _pyproject(directory: Path, table: str) -> Path:
    path = directory / "pyproject.toml"
    path.write_text(f"[project]\nname = 'x'\n\n[tool.ftlint]\n{table}\n", encoding="utf-8")
    return path


def test_config_is_found_upward_and_flags_win(run, write_jsonl, tmp_path, monkeypatch) -> None:
    data = write_jsonl("sub/data.jsonl", [*chat_lines(10), ERROR, WARN_ONLY])
    _pyproject(tmp_path, 'ignore = ["S005"]\nstrict = true')
    monkeypatch.chdir(tmp_path / "sub")
    result = run("check", "-q", str(data))
    assert result.exit_code == 1  # strict from the config: the O001 warning fails
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["O001"]
    # The flag adds to the configuration's list: S005 stays ignored.
    result = run("check", "-q", "--ignore", "O001", str(data))
    assert result.exit_code == 0 and result.stdout == ""


def test_config_stops_at_the_repository_root(run, write_jsonl, tmp_path, monkeypatch) -> None:
    _pyproject(tmp_path, 'select = ["O"]')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    data = write_jsonl("repo/data.jsonl", [*chat_lines(10), ERROR])
    monkeypatch.chdir(tmp_path / "repo")
    assert run("check", "-q", str(data)).exit_code == 1  # the outer config is not read


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("selct = ['S']", "unknown field `selct`"),
        ("strict = 'yes'", "$.strict"),
        ("format = 'sharegpt'", "format"),
        ("select = ['Q9']", "Q9"),
        ("max-findings = -1", "$.max-findings"),
        ("max-findings = true", "$.max-findings"),
        ("max-line-bytes = 0", "$.max-line-bytes"),
        ("model = 5", "$.model"),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_config_exits_2_with_one_line(run, write_jsonl, tmp_path, monkeypatch, table, words):
    data = write_jsonl("data.jsonl", chat_lines(10))
    _pyproject(tmp_path, table)
    monkeypatch.chdir(tmp_path)
    result = run("check", str(data))
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_explicit_config_file(run, write_jsonl, tmp_path) -> None:
    data = write_jsonl("data.jsonl", [*chat_lines(10), WARN_ONLY])
    (tmp_path / "elsewhere").mkdir()
    config = _pyproject(tmp_path / "elsewhere", "strict = true")
    assert run("check", "-q", str(data)).exit_code == 0
    assert run("check", "-q", "--config", str(config), str(data)).exit_code == 1


def test_a_target_selects_among_its_own_rules() -> None:
    """OpenAI never runs a provider-only rule; a provider runs its base's rules for its
    formats, less what it drops, plus what it adds, and --select works within them."""
    assert not {"O201", "O301", "S401", "T501"} & resolve(["ALL"])
    azure = resolve(target="azure")
    assert "O201" in azure and "O001" in azure and not {"L001", "O301"} & azure
    together = resolve(target="together")
    assert {"O301", "C301", "V301", "D301", "L001"} <= together and "O001" not in together
    assert not {c for c in together if c.startswith("G")}  # no RFT format at Together
    mistral = resolve(target="mistral")
    assert {"S501", "T501"} <= mistral and not {"O001", "F001", "D001"} & mistral
    assert resolve(["T5"], target="mistral") == {"T501", "T502", "T503"}
    assert resolve(["T5"]) == frozenset()  # known codes, but not OpenAI's


def test_the_engine_drops_rules_of_other_targets() -> None:
    line = b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "user", "content": "Hi"}]}\n'
    everything = frozenset(REGISTRY)
    openai = {f.code for f in ftlint.check_lines([line], rules=everything).findings}
    together = {
        f.code for f in ftlint.check_lines([line], rules=everything, target="together").findings
    }
    assert "O001" in openai and "O301" not in openai
    assert "O301" in together and "O001" not in together


def test_check_target_on_the_command_line_and_in_the_config(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ftlint.cli import main

    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(chat_lines(3)) + "\n")
    run = CliRunner().invoke
    assert run(main, ["check", "-q", str(data)]).exit_code == 1  # OpenAI: F001, 10 needed
    assert run(main, ["check", "-q", "--target", "fireworks", str(data)]).exit_code == 0
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.ftlint]\ntarget = "together"\n')
    result = run(main, ["check", "-o", "jsonl", "--config", str(config), str(data)])
    assert result.exit_code == 0, result.output
    # A model the target does not train is a warning, and the model rules are off (#18).
    wrong = run(main, ["check", "--target", "mistral", "--model", "gpt-4o", str(data)])
    assert wrong.exit_code == 0 and "unknown model 'gpt-4o' for target mistral" in wrong.output
    rules = run(main, ["rules", "--target", "mistral"]).output
    assert "T501" in rules and "O001" not in rules and "O201" not in rules
    assert "T009  error" in rules  # Mistral's severity
    assert "Mistral AI: REJECT" in run(main, ["rule", "T501"]).output
