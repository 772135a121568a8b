"""The pre-commit hook: its manifest, the README snippet, and the hook run as pre-commit runs it.

pre-commit itself is not run: ``pre-commit try-repo`` would pip-install ftlint's
dependencies into a fresh environment, and tests never download anything. What pre-commit
adds to a hook is simple (pick files by the ``files`` pattern, run the entry with them,
no terminal, ``PRE_COMMIT=1``), and that is what these tests do with the installed script.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ftlint.reporters import REPORTERS

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
README = REPO / "README.md"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BAD_ROLE = json.dumps(
    {"messages": [{"role": "human", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
)


def load_manifest() -> list[dict[str, object]]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_manifest_declares_the_ftlint_hook():
    (hook,) = load_manifest()
    assert hook["id"] == "ftlint"
    assert hook["entry"] == "ftlint check"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.(jsonl|ndjson)$"
    # Every rule is per file, so parallel batches give the same findings.
    assert hook["require_serial"] is False
    # identify has no jsonl tag, and binary-tagged files (UTF-16, bad bytes) must be checked.
    assert "types" not in hook and "types_or" not in hook


def test_manifest_files_pattern():
    (hook,) = load_manifest()
    pattern = re.compile(str(hook["files"]))
    for name in ("train.jsonl", "data/x.ndjson", "a.b.jsonl"):
        assert pattern.search(name), name
    for name in ("train.json", "train.jsonl.gz", "notes.txt", "jsonl", "x.jsonlx"):
        assert not pattern.search(name), name


def test_manifest_entry_is_our_console_script():
    (hook,) = load_manifest()
    script = str(hook["entry"]).split()[0]
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'{script} = "ftlint._entry:main"' in pyproject


def test_readme_has_the_hook_and_the_github_workflow():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    configs = [yaml.safe_load(b) for b in blocks]
    (config,) = [c for c in configs if isinstance(c, dict) and "repos" in c]
    ids = [h["id"] for repo in config["repos"] for h in repo["hooks"]]
    assert ids == [hook["id"] for hook in load_manifest()]
    (workflow,) = [c for c in configs if isinstance(c, dict) and "jobs" in c]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "") for s in steps]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert "ftlint check -o github data/" in runs
    assert "-o sarif" in runs


def test_readme_options_table_lists_every_output_format():
    text = README.read_text(encoding="utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith("| `-o, --output-format")]
    for name in REPORTERS:
        assert name in row, name


# -- the hook run as pre-commit runs it ---------------------------------------------------


def _clean_env() -> dict[str, str]:
    drop = ("FTLINT_", "GITHUB_", "TQDM_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    for name in ("CI", "NO_COLOR", "FORCE_COLOR", "TERM", "PYTHON_COLORS"):
        env.pop(name, None)
    env["PRE_COMMIT"] = "1"  # pre-commit sets it for every hook it runs
    return env


def _run_hook(
    project: Path, *names: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the manifest's hook on the ``names`` its ``files`` pattern keeps, in ``project``.

    As pre-commit does for a ``language: python`` hook: the entry's first word is the
    console script installed in the hook's environment (here, beside this Python), the
    matching file names are appended, and the output goes to pipes, not a terminal.
    """
    (hook,) = load_manifest()
    script, *args = shlex.split(str(hook["entry"]))
    found = shutil.which(script, path=str(Path(sys.executable).parent))
    assert found is not None, f"{script} is not installed beside {sys.executable}"
    files = [name for name in names if re.search(str(hook["files"]), name)]
    return subprocess.run(
        [found, *args, *files],
        cwd=project,
        env={**_clean_env(), **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    good = [
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                 {"role": "assistant", "content": f"a{i}"}]})
        for i in range(10)
    ]  # fmt: skip
    (tmp_path / "good.jsonl").write_text("\n".join(good) + "\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("\n".join([*good, BAD_ROLE]) + "\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text("[1, 2]\n", encoding="utf-8")  # not a hook file
    return tmp_path


def _show(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"exit {result.returncode}\n--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )


def _assert_plain(output: str) -> None:
    assert not ANSI.search(output), "colour codes in the hook output"
    assert "\r" not in output, "a carriage return: a progress bar redraw"
    assert not re.search(r"\d+(\.\d+)?[kMG]?(B|it)/s", output), "a progress bar"


# Inside GitHub Actions too: under pre-commit the output stays text, with no job summary.
@pytest.mark.parametrize("env", [{}, {"GITHUB_ACTIONS": "true", "CI": "true"}], ids=["local", "ci"])
def test_hook_passes_on_a_good_file(project: Path, env: dict[str, str]) -> None:
    result = _run_hook(project, "good.jsonl", "notes.json", env=env)
    assert result.returncode == 0, _show(result)
    assert result.stdout.splitlines() == [
        "good.jsonl: chat (detected), 10 examples (10 valid, 0 invalid), 0 errors, 0 warnings,"
        " 0 info",
        "stats: 10 valid examples, 2 messages each (mean 2.0), 10 epochs by default;"
        " tokens, limits and cost: ftlint stats",
    ]
    assert result.stderr == ""
    _assert_plain(result.stdout)


def test_hook_fails_on_a_bad_file(project: Path) -> None:
    result = _run_hook(project, "good.jsonl", "bad.jsonl", "notes.json")
    assert result.returncode == 1, _show(result)
    out = result.stdout
    assert re.search(
        r"^bad\.jsonl:11:24: S005 \[error\] invalid role \"human\" at \$\.messages\[0\]\.role",
        out,
        re.M,
    ), _show(result)
    assert "bad.jsonl: chat (detected), 11 examples (10 valid, 1 invalid), 1 error" in out
    assert "notes.json" not in out
    assert result.stderr == ""
    _assert_plain(out)
