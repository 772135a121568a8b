"""Start-up: what ``ftlint check`` imports in a fresh process, and why that is enough.

``ftlint check`` runs in every pre-commit hook, so on OpenAI's formats it imports neither
the providers' rule modules, nor the other commands, output formats, the worker pool or
the token counter's files. This counts modules (deterministic), never time: a fresh
interpreter runs the command line and lists ``sys.modules``. A provider's modules are
registered when its target is used (``ftlint.rules.load``); the tests below check that
those listed hold every rule in force for the target, and every explainer of its formats.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from ftlint import rules, targets
from ftlint.rules.explain_common import FORMAT_EXPLAINERS
from ftlint.selection import universe

# Runs in a fresh interpreter: the modules `import ftlint.rules` imports, then each command
# line's exit code, output and the modules imported so far. It imports nothing ftlint does
# not (the commands are arguments split by ";", and JSON is imported at the end).
_SCRIPT = """
import io, sys
from contextlib import redirect_stderr, redirect_stdout

import click
import ftlint.rules
core = sorted(m for m in sys.modules if m.startswith("ftlint.rules."))
from ftlint.cli import main

runs = []
for command in " ".join(sys.argv[1:]).split(" ; "):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main.main(command.split(), prog_name="ftlint", standalone_mode=False)
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
    runs.append({"exit": code or 0, "stdout": out.getvalue(), "stderr": err.getvalue(),
                 "modules": sorted(sys.modules)})
import json
print(json.dumps({"core": core, "runs": runs}))
"""

PROVIDER_MODULES = sorted(
    {f"ftlint.rules.{name}" for names in rules.PROVIDERS.values() for name in names}
    | {f"ftlint.rules.{name}" for name in rules.CONVERTER}
)
# Imported only by the commands, options and output formats that use them.
NOT_FOR_A_CHECK = (
    "multiprocessing",
    "ftlint.pool",
    "ftlint.stats_run",
    "ftlint.pairs",
    "ftlint.shards",
    "ftlint.convert",
    "ftlint.fix",
    "ftlint.split",
    "ftlint.cli_fix",
    "ftlint.cli_split",
    "ftlint.cli_report",
    "ftlint.cli_convert",
    "ftlint.reporters.stats",
    "ftlint.reporters.markdown",
    "ftlint.reporters.junit",
    "ftlint.reporters.sarif",
    "ftlint.reporters.github",
    "ftlint.reporters.html",
    "ftlint.rules.argschema",
    "ftlint.schema.bedrock",
    "ftlint.schema.claude",
    "ftlint.schema.gemini",
    "xml.etree.ElementTree",
    "jinja2",
    "tiktoken",
    "jsonschema",
    # Only a token count, a duplicate log past its memory budget, a line that fails the
    # typed decode, or an image's data URL needs these.
    "hashlib",
    "tempfile",
    "importlib.resources",
    "json",
    "base64",
)


def _fresh(*commands: list[str]) -> dict[str, Any]:
    line = " ; ".join(" ".join(command) for command in commands)
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, line],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("startup") / "chat.jsonl"
    lines = [
        {
            "messages": [
                {"role": "user", "content": f"Hi {i}"},
                {"role": "assistant", "content": f"{i}"},
            ]
        }
        for i in range(10)
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return _fresh(
        ["check", "-q", str(path)],
        ["check", "-q", "--select", "B001", str(path)],
        ["check", "-q", "--select", "B999", str(path)],
    )


def test_a_check_on_openai_formats_imports_only_what_it_runs(fresh: dict[str, Any]) -> None:
    check = fresh["runs"][0]
    assert check["exit"] == 0 and check["stdout"] == ""
    loaded = set(check["modules"])
    assert [m for m in PROVIDER_MODULES if m in loaded] == []
    assert [m for m in NOT_FOR_A_CHECK if m in loaded] == []


def test_a_selector_of_another_targets_codes_is_known_without_a_catalogue(
    fresh: dict[str, Any],
) -> None:
    # B001 is Bedrock's: it selects nothing on OpenAI's target, as when every rule was
    # registered at import; an unknown code is still an error.
    other, unknown = fresh["runs"][1:]
    assert (other["exit"], other["stdout"], other["stderr"]) == (0, "", "")
    assert unknown["exit"] == 2
    assert unknown["stderr"] == "ftlint: error: unknown rule code or prefix 'B999'\n"
    assert set(PROVIDER_MODULES) <= set(other["modules"])


def test_every_rule_module_is_imported_with_the_package_or_listed_for_a_target(
    fresh: dict[str, Any],
) -> None:
    defining = {rule.module for rule in rules.ordered()}
    assert defining <= {*fresh["core"], *PROVIDER_MODULES}
    assert set(PROVIDER_MODULES).isdisjoint(fresh["core"])
    assert set(rules.PROVIDERS) <= set(targets.names())


@pytest.mark.parametrize("name", targets.names())
def test_a_targets_modules_hold_its_rules_and_explainers(fresh: dict[str, Any], name: str) -> None:
    spec = targets.get(name)
    listed = {*fresh["core"]}
    for owner in (name, spec.base):
        listed.update(f"ftlint.rules.{m}" for m in rules.PROVIDERS.get(owner or "", ()))
    needed = {rule.module for rule in universe(name).values()}
    needed.update(f.__module__ for fmt in spec.formats for f in FORMAT_EXPLAINERS.get(fmt, ()))
    assert needed - listed == set()
