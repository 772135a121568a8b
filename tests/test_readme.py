"""The README: every rule as the registry describes it, and every ftlint command run.

A ``console`` block's ``$ ftlint …`` commands are run from a directory holding the
repository's fixtures, and their output (stdout and stderr, as a terminal shows them) is
compared with the block. A ``sh`` block's ``ftlint`` lines are run on small stand-ins for
the files they name and must not fail to run (exit 0 or 1). A block that cannot run
offline (S3, the Hub) is preceded by ``<!-- not run: REASON -->``.
"""

from __future__ import annotations

import gzip
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner

from ftlint.cli import main
from ftlint.rules import REGISTRY

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_lists_every_rule_code() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [code for code in REGISTRY if f"| {code} |" not in text]
    assert not missing, f"README.md has no table row for: {missing} (see `ftlint rules --markdown`)"


def test_readme_rule_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    table = CliRunner().invoke(main, ["rules", "--markdown"]).output
    stale = [row for row in table.splitlines()[2:] if row not in text]
    assert not stale, "README rule rows differ from `ftlint rules --markdown`:\n" + "\n".join(stale)


# -- every ftlint command of the README is run ----------------------------------------------

REPO = README.parent
# A block preceded by this comment is not run, and says why: `<!-- not run: needs S3 -->`.
NOT_RUN = re.compile(r"<!-- not run: [^>]+ -->\s*$")
# In a console block's shown output, `<…>` stands for text that depends on the machine
# (none today: every shown output is exact). Nothing else is loose.
WILDCARD = "<…>"


class Block(NamedTuple):
    lang: str
    text: str
    line: int  # the README line of the opening fence


def _blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M):
        before = text[: match.start()]
        if NOT_RUN.search(before):
            continue
        found.append(Block(match.group(1), match.group(2), before.count("\n") + 1))
    return found


def _console_commands(block: Block) -> list[tuple[str, str]]:
    """(command, shown output) for each ``$ `` line of a console block."""
    commands: list[tuple[str, list[str]]] = []
    lines = block.text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):  # a continued command
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            commands.append((command, []))
        else:
            assert commands, f"README line {block.line}: output before any command"
            commands[-1][1].append(line)
        i += 1
    return [(command, "".join(f"{out}\n" for out in shown)) for command, shown in commands]


def _matches(shown: str, actual: str) -> bool:
    if WILDCARD not in shown:
        return shown == actual
    pattern = ".*?".join(re.escape(part) for part in shown.split(WILDCARD))
    return re.fullmatch(pattern, actual, flags=re.S) is not None


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with the repository's fixtures, as the root of a checkout has them."""
    shutil.copytree(REPO / "fixtures", tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def workdir(checkout: Path) -> Path:
    """The checkout, with small stand-ins for the files the README's examples name."""
    valid = checkout / "fixtures" / "valid"
    shutil.copy(valid / "chat_basic.jsonl", checkout / "train.jsonl")
    shutil.copy(valid / "chat_weights.jsonl", checkout / "valid.jsonl")
    data = (valid / "chat_basic.jsonl").read_bytes()
    (checkout / "train.jsonl.gz").write_bytes(gzip.compress(data))
    (checkout / "data").mkdir()
    shutil.copy(valid / "chat_refusal.jsonl", checkout / "data" / "train.jsonl")
    return checkout


def _ftlint(run: Any, command: str) -> Any:
    """Run one README command line with the CLI; ``cat F | ftlint …`` feeds F on stdin."""
    stdin = None
    if " | " in command:
        feed, _, command = command.partition(" | ")
        words = shlex.split(feed)
        assert words[0] == "cat", f"unsupported pipe: {feed}"
        stdin = Path(words[1]).read_bytes()
    words = shlex.split(command)
    if words[:3] == ["python", "-m", "ftlint"]:
        words = words[2:]
    if words[0] in ("head", "grep", "cat", "sed"):  # a look at what ftlint wrote
        done = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
        return SimpleNamespace(output=done.stdout, exit_code=done.returncode)
    assert words[0] == "ftlint", f"not an ftlint command: {command}"
    return run(*words[1:], input=stdin)


def test_console_blocks_print_what_the_readme_shows(run, checkout):
    # In README order, in one directory: a later block may rely on an earlier one
    # (`ftlint split` refuses to overwrite what it wrote before).
    checked = 0
    for block in _blocks():
        if block.lang != "console":
            continue
        for command, shown in _console_commands(block):
            result = _chain(run, command)
            assert _matches(shown, result.output), (
                f"README line {block.line}: `{command}` prints\n{result.output}"
            )
            checked += 1
    assert checked >= 5


def _chain(run: Any, command: str) -> Any:
    """``A && B``: B runs only if A exits 0; the output is both outputs."""
    output, result = "", None
    for part in command.split(" && "):
        result = _ftlint(run, part)
        output += result.output
        if result.exit_code != 0:
            break
    return SimpleNamespace(output=output, exit_code=result.exit_code if result else 0)


def _sh_commands(block: Block) -> list[str]:
    commands = []
    for line in block.text.splitlines():
        command = line.split("  #")[0].strip()
        if re.match(r"(\S+ \| )?(ftlint|python -m ftlint) ", command):
            commands.append(command)
    return commands


def test_sh_block_commands_run(run, workdir):
    ran = []
    for block in _blocks():
        if block.lang != "sh":
            continue
        for command in _sh_commands(block):
            if "&&" in command:
                continue  # the quick start: tested as .ci/run runs it
            result = _ftlint(run, command)
            assert result.exit_code in (0, 1), (
                f"README line {block.line}: `{command}`\n{result.output}"
            )
            ran.append(command)
    assert "ftlint rule S005" in ran and "ftlint check train.jsonl.gz" in ran


def test_quick_start_is_two_complete_commands():
    text = README.read_text(encoding="utf-8")
    quick = text[text.index("## Quick start") : text.index("## Usage")]
    commands = [b.strip() for b in re.findall(r"```sh\n(.*?)```", quick, flags=re.S)]
    assert commands == [
        "pip install . && ftlint check fixtures/invalid/S005_invalid_role.jsonl",
        "pip install '.[test]' && python -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci  # .ci/run runs the second one, as it stands


def test_no_release_tag_is_claimed():
    # There is no v0.1.0 tag: snippets pin a commit until the release is tagged.
    text = README.read_text(encoding="utf-8")
    assert "@v0.1.0" not in text and "rev: v0.1.0" not in text


def test_readme_targets_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    table = CliRunner().invoke(main, ["targets", "-o", "markdown"]).output
    stale = [row for row in table.splitlines() if row not in text]
    assert not stale, "README targets rows differ from `ftlint targets -o markdown`:\n" + "\n".join(
        stale
    )
