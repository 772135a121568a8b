"""The pre-commit hook: its manifest, the README snippet, and a real ``pre-commit try-repo``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ftlint.reporters import REPORTERS

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
README = REPO / "README.md"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BAD_ROLE = json.dumps(
    {"messages": [{"role": "human", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
)


def load_manifest() -> list[dict[str, object]]:
    yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (the test extra)")
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
    yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (the test extra)")
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


# -- a real pre-commit run --------------------------------------------------------------

_COPY = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".mypy_cache")


def _git(*args: str, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


def _clean_env(tmp_path: Path) -> dict[str, str]:
    drop = ("GIT_", "FTLINT_", "PRE_COMMIT", "GITHUB_", "TQDM_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    for name in ("CI", "NO_COLOR", "FORCE_COLOR", "TERM", "PYTHON_COLORS"):
        env.pop(name, None)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="ftlint tests",
        GIT_AUTHOR_EMAIL="tests@ftlint.invalid",
        GIT_COMMITTER_NAME="ftlint tests",
        GIT_COMMITTER_EMAIL="tests@ftlint.invalid",
    )
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A committed copy of this working tree, and a project repository with two files.

    ``try-repo`` installs the hook repository's committed HEAD, so the working tree
    (with changes not committed yet) is copied into a fresh repository and committed there.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit needs it")
    pytest.importorskip(
        "pre_commit", reason="pre-commit is in the test extra: pip install '.[test]'"
    )
    tmp = tmp_path_factory.mktemp("pre-commit")
    env = _clean_env(tmp)
    hooks = tmp / "hook-repo"
    hooks.mkdir()
    for name in _COPY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, hooks / name, ignore=_IGNORE)
        else:
            shutil.copy2(source, hooks / name)
    _git("init", "-q", cwd=hooks, env=env)
    _git("add", "-A", cwd=hooks, env=env)
    _git("commit", "-q", "-m", "snapshot of the working tree", cwd=hooks, env=env)

    project = tmp / "project"
    project.mkdir()
    good = [
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                 {"role": "assistant", "content": f"a{i}"}]})
        for i in range(10)
    ]  # fmt: skip
    (project / "good.jsonl").write_text("\n".join(good) + "\n", encoding="utf-8")
    (project / "bad.jsonl").write_text("\n".join([*good, BAD_ROLE]) + "\n", encoding="utf-8")
    (project / "notes.json").write_text("[1, 2]\n", encoding="utf-8")
    _git("init", "-q", cwd=project, env=env)
    _git("add", "-A", cwd=project, env=env)
    return hooks, project, env


def _try_repo(
    hook_repo: tuple[Path, Path, dict[str, str]], *files: str
) -> subprocess.CompletedProcess[str]:
    hooks, project, env = hook_repo
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "ftlint", "--verbose",
         "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


def _show(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"exit {result.returncode}\n--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )


def _assert_plain(output: str) -> None:
    assert not ANSI.search(output), "colour codes in the hook output"
    assert "\r" not in output, "a carriage return: a progress bar redraw"
    assert not re.search(r"\d+(\.\d+)?[kMG]?(B|it)/s", output), "a progress bar"


def test_pre_commit_hook_passes_on_a_good_file(hook_repo):
    result = _try_repo(hook_repo, "good.jsonl", "notes.json")
    assert result.returncode == 0, _show(result)
    assert re.search(r"^ftlint \(fine-tuning JSONL\)\.+Passed$", result.stdout, re.M), _show(result)
    # --verbose shows the hook's own output: the summary line of good.jsonl only.
    assert (
        "good.jsonl: chat (detected), 10 examples (10 valid, 0 invalid), 0 errors" in result.stdout
    )
    assert "notes.json" not in result.stdout.split("Passed", 1)[1]
    _assert_plain(result.stdout + result.stderr)


def test_pre_commit_hook_fails_on_a_bad_file(hook_repo):
    result = _try_repo(hook_repo, "good.jsonl", "bad.jsonl")
    assert result.returncode == 1, _show(result)
    out = result.stdout
    assert re.search(r"^ftlint \(fine-tuning JSONL\)\.+Failed$", out, re.M), _show(result)
    assert "- hook id: ftlint" in out and "- exit code: 1" in out
    assert re.search(
        r"^bad\.jsonl:11:24: S005 \[error\] invalid role \"human\" at \$\.messages\[0\]\.role",
        out,
        re.M,
    ), _show(result)
    assert "bad.jsonl: chat (detected), 11 examples (10 valid, 1 invalid), 1 error" in out
    _assert_plain(out + result.stderr)
