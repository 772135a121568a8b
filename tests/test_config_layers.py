"""The command line is a layer over ``[tool.ftlint]`` (issue 18, items 5, 6 and 8).

Rule selectors layer as in ruff: ``--ignore`` and ``--extend-select`` change what the
configuration enabled, ``--select`` starts over. The whole matrix of a configuration key
under a command-line option is checked against the rules reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ftlint
from ftlint.selection import Layer, resolve, resolve_layers

# One example per line, each breaking one rule: S005 (error), O001 (warning), C008
# (warning), and a J010 duplicate key (opt-in).


def _example(*turns: tuple[str, str]) -> str:
    return json.dumps({"messages": [{"role": role, "content": text} for role, text in turns]})


LINES = [
    _example(("human", "Hi"), ("assistant", "Yo")),
    _example(("user", "a"), ("user", "b"), ("assistant", "c")),
    _example(("user", " "), ("assistant", "d")),
    '{"messages": [{"role": "user", "content": "e", "content": "f"},'
    ' {"role": "assistant", "content": "g"}]}',
    *(_example(("user", f"q{i}"), ("assistant", f"a{i}")) for i in range(8)),
]

CONFIGS = {
    "none": "",
    "select": 'select = ["S005", "O001"]',
    "ignore": 'ignore = ["S005"]',
    "extend-select": 'extend-select = ["J010"]',
}
FLAGS = {
    "none": [],
    "select": ["--select", "C008"],
    "ignore": ["--ignore", "O001"],
    "extend-select": ["--extend-select", "J010"],
}
# The codes reported, for each (configuration, command line); F001 (ten examples or
# more) never fires, and the file-level F007 never does either.
EXPECTED = {
    ("none", "none"): {"S005", "O001", "C008"},
    ("none", "select"): {"C008"},
    ("none", "ignore"): {"S005", "C008"},
    ("none", "extend-select"): {"S005", "O001", "C008", "J010"},
    ("select", "none"): {"S005", "O001"},
    ("select", "select"): {"C008"},  # --select starts over
    ("select", "ignore"): {"S005"},  # --ignore narrows the configured selection
    ("select", "extend-select"): {"S005", "O001", "J010"},
    ("ignore", "none"): {"O001", "C008"},
    ("ignore", "select"): {"C008"},
    ("ignore", "ignore"): {"C008"},  # both lists apply
    ("ignore", "extend-select"): {"O001", "C008", "J010"},
    ("extend-select", "none"): {"S005", "O001", "C008", "J010"},
    ("extend-select", "select"): {"C008"},
    ("extend-select", "ignore"): {"S005", "C008", "J010"},
    ("extend-select", "extend-select"): {"S005", "O001", "C008", "J010"},
}


def _pyproject(directory: Path, table: str) -> Path:
    path = directory / "pyproject.toml"
    path.write_text(f"[tool.ftlint]\n{table}\n", encoding="utf-8")
    return path


def _codes(stdout: str) -> set[str]:
    return {line.split()[1] for line in stdout.splitlines() if line.split()[1:2]}


@pytest.mark.parametrize("flag", FLAGS)
@pytest.mark.parametrize("configured", CONFIGS)
def test_the_command_line_is_a_layer_over_the_configuration(
    run, write_jsonl, tmp_path, configured, flag
):
    data = write_jsonl("data.jsonl", LINES)
    config = _pyproject(tmp_path, CONFIGS[configured])
    result = run("check", "-q", "--config", str(config), *FLAGS[flag], str(data))
    assert result.exit_code in (0, 1), result.output
    assert _codes(result.stdout) == EXPECTED[configured, flag]


def test_select_checks_a_rule_the_configuration_ignores(run, write_jsonl, tmp_path):
    # The case: the project ignores C008, the command line asks for it alone.
    data = write_jsonl("data.jsonl", LINES)
    config = _pyproject(tmp_path, 'ignore = ["C008"]')
    result = run("check", "-q", "--config", str(config), "--select", "C008", str(data))
    assert _codes(result.stdout) == {"C008"}


def test_one_layer_is_the_plain_selection():
    cases = [
        (None, (), ()),
        (["ALL"], ["O001"], ()),
        (["S"], ["S005"], ["J010"]),
        (None, ["S"], ["S005"]),
        (["S005"], ["S"], ()),
    ]
    for select, ignore, extend in cases:
        assert resolve_layers([Layer(select, ignore, extend)]) == resolve(select, ignore, extend)


def test_scalars_from_the_command_line_win(run, write_jsonl, tmp_path):
    data = write_jsonl("data.jsonl", LINES)
    config = _pyproject(tmp_path, "max-findings = 1\nstrict = true")
    result = run("check", "--config", str(config), "--ignore", "S005", str(data))
    assert result.exit_code == 1  # strict from the configuration: warnings fail
    assert "more findings not shown" in result.stdout
    result = run("check", "--config", str(config), "--max-findings", "5", str(data))
    assert "more findings not shown" not in result.stdout


@pytest.mark.parametrize(
    "table",
    ["max-findings = -1", "max-findings = 1.5", "max-line-bytes = 0", "max-line-bytes = -5"],
)
def test_every_bad_value_exits_2(run, write_jsonl, tmp_path, table):
    data = write_jsonl("data.jsonl", LINES)
    config = _pyproject(tmp_path, table)
    result = run("check", "--config", str(config), str(data))
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("ftlint: error: ") and table.split()[0] in line


def test_bad_counts_in_the_api_are_value_errors():
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(ValueError, match="max_findings"):
            ftlint.Options(max_findings=bad)  # type: ignore[arg-type]


# -- models ------------------------------------------------------------------------------

DPO = json.dumps({
    "input": {"messages": [{"role": "user", "content": "2+2?"}]},
    "preferred_output": [{"role": "assistant", "content": "4"}],
    "non_preferred_output": [{"role": "assistant", "content": "5"}],
})  # fmt: skip
DPO_LINES = [DPO.replace("2+2", f"{i}+{i}").replace('"4"', f'"{2 * i}"') for i in range(10)]


@pytest.mark.parametrize(
    "model",
    [
        "ft:gpt-4o-mini-2024-07-18:my-org::abc123",
        "ft:gpt-4o-mini:my-org:custom:abc123",
        "gpt-4o-mini-2024-07-18.ft-0123456789abcdef",
    ],
)
def test_a_fine_tuned_model_trains_as_its_base(run, write_jsonl, model):
    data = write_jsonl("dpo.jsonl", DPO_LINES)
    result = run("check", "-q", "--model", model, str(data))
    assert result.exit_code == 1 and result.stderr == ""
    assert "F009" in result.stdout and "gpt-4o-mini" in result.stdout
    report = ftlint.check_file(str(data), model=model)
    assert [f.code for f in report.findings()] == ["F009"]


@pytest.mark.parametrize("where", ["flag", "config"])
def test_an_unknown_model_is_one_warning_and_no_model_rules(run, write_jsonl, tmp_path, where):
    data = write_jsonl("dpo.jsonl", DPO_LINES)
    args = ["--model", "gpt-9"]
    if where == "config":
        args = ["--config", str(_pyproject(tmp_path, 'model = "gpt-9"'))]
    result = run("check", "-q", *args, str(data))
    assert result.exit_code == 0 and result.stdout == ""
    [warning] = result.stderr.splitlines()
    assert warning.startswith("ftlint: warning: unknown model 'gpt-9' (known: babbage-002,")
    assert warning.endswith("the model rules (F009, F010, K001) are off")


def test_stats_with_an_unknown_model_counts_with_the_default(run, write_jsonl):
    data = write_jsonl("dpo.jsonl", DPO_LINES)
    result = run("stats", "--model", "gpt-9", str(data))
    assert result.exit_code == 0
    assert "counting with the format's default model" in result.stderr
    assert "gpt-4.1-mini-2025-04-14 (default for preference)" in result.stdout


def test_check_help_lists_the_model_families(run):
    help_text = " ".join(run("check", "--help").stdout.split())
    for family in ("gpt-4o-mini", "gpt-4.1-nano", "o4-mini", "davinci-002"):
        assert family in help_text
