"""Shared fixtures: a CliRunner ``run`` fixture and helpers that write JSONL data."""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import CliRunner, Result

import ftlint.rules
from ftlint import Finding

# The tests see every rule, as `ftlint rules` does: a run registers only its target's
# (tests/test_startup.py checks what a fresh process registers).
ftlint.rules.load_all()

# The keys of a finding in the JSON outputs: the contract, plus `offset` (the byte
# offset of the finding's line). The JSON reporters encode the Struct, so they are its fields.
FINDING_KEYS = frozenset(f.encode_name for f in msgspec.structs.fields(Finding))


@pytest.hookimpl(tryfirst=True)  # before hypothesis' own, which loads --hypothesis-profile
def pytest_configure(config: pytest.Config) -> None:
    """Property tests (hypothesis) all run under the profile ``ftlint``.

    A modest, fixed set of examples (derandomized, so every run tries the same ones; no
    example database, so nothing is written into the checkout), and no deadline (a loaded
    machine is not a bug). A test's own @settings says only what differs. For a deeper
    search, with a fresh seed each run: ``python -m pytest --hypothesis-profile=deep``.
    """
    option = config.option
    controller = getattr(option, "dist", "no") != "no" and not hasattr(config, "workerinput")
    if controller and not option.collectonly and not getattr(option, "hypothesis_profile", None):
        return  # xdist's controller runs no test: spare it importing hypothesis

    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "ftlint",
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    settings.register_profile(
        "deep", settings.get_profile("ftlint"), max_examples=2000, derandomize=False
    )
    settings.load_profile("ftlint")


@pytest.hookimpl(trylast=True)  # after xdist's, which adds each test's group to its id
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup``, a test marked ``xdist_group`` must carry its group in its
    id, or xdist spreads the group over the workers and each builds the shared fixture
    (a Chromium visit, a Dask cluster, a moto server) again: pytest 9.2 broke that."""
    if not getattr(config.option, "loadgroup", False):  # set in xdist's workers only
        return
    lost = [i.nodeid for i in items if i.get_closest_marker("xdist_group") and "@" not in i.nodeid]
    if lost:
        raise pytest.UsageError(
            f"xdist_group is ignored by this pytest and pytest-xdist ({len(lost)} tests, such"
            f" as {lost[0]}): install the versions the test extra names"
        )


# Environment variables that change ftlint's behaviour; every CLI test starts without them.
_CLEAN_ENV: dict[str, str | None] = {
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TERM": None,
    "CI": None,
    "PRE_COMMIT": None,
    "FTLINT_DEBUG": None,
    "GITHUB_ACTIONS": None,
    "GITHUB_STEP_SUMMARY": None,
    "TQDM_DISABLE": None,
}


@contextlib.contextmanager
def ctrl_c_reaches_children() -> Iterator[None]:
    """Processes started meanwhile take Ctrl-C (SIGINT) by default, as from a terminal.

    A shell without job control starts a background command (``python -m pytest &`` in a
    script) with SIGINT ignored, and an ignored signal stays ignored across fork and exec:
    ftlint then ignores Ctrl-C too, as Python does and as it should, and a test that sends
    it waits in vain. A handler, unlike ``SIG_IGN``, is reset to the default by exec.
    """
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def jsonschema_reports(schema: Any, value: Any) -> bool:
    """Whether jsonschema, as T012 runs it, reports an error (nothing against a schema
    that fails the metaschema or cannot be applied)."""
    import jsonschema  # here: xdist's controller runs no test

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
        return next(iter(cls(schema).iter_errors(value)), None) is not None
    except Exception:
        return False


def call_example(parameters: Any, arguments: str) -> bytes:
    """A chat example whose one tool call passes ``arguments`` (JSON text) to function
    `f`, defined with ``parameters``."""
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": arguments}}
    return json.dumps(
        {
            "messages": [
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": None, "tool_calls": [call]},
                {"role": "tool", "tool_call_id": "c1", "content": "ok"},
                {"role": "assistant", "content": "done"},
            ],
            "tools": [{"type": "function", "function": {"name": "f", "parameters": parameters}}],
        }
    ).encode()


def chat_example(i: int = 0, *, turns: int = 1) -> dict[str, Any]:
    """A valid supervised chat example with ``turns`` user/assistant pairs."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": "You are terse."}]
    for t in range(turns):
        messages.append({"role": "user", "content": f"question {i}.{t}"})
        messages.append({"role": "assistant", "content": f"answer {i}.{t}"})
    return {"messages": messages}


def valid_chat_lines(n: int = 10) -> list[str]:
    """``n`` valid chat examples as JSON strings (no newline). ``n`` >= 10 avoids F001."""
    return [json.dumps(chat_example(i)) for i in range(n)]


def to_line(item: str | bytes | Mapping[str, Any]) -> bytes:
    """One JSONL line without its newline: dicts are encoded, strings UTF-8 encoded."""
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode("utf-8")
    return json.dumps(item).encode("utf-8")


def write_lines(
    path: Path,
    lines: Iterable[str | bytes | Mapping[str, Any]],
    *,
    newline: bytes = b"\n",
    final_newline: bool = True,
) -> Path:
    """Write JSONL lines to ``path`` (parents created) and return it."""
    encoded = [to_line(item) for item in lines]
    data = newline.join(encoded)
    if final_newline and encoded:
        data += newline
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """``write_jsonl(name, lines, newline=b"\\n", final_newline=True)`` under ``tmp_path``."""

    def _write(
        name: str,
        lines: Iterable[str | bytes | Mapping[str, Any]],
        *,
        newline: bytes = b"\n",
        final_newline: bool = True,
    ) -> Path:
        return write_lines(tmp_path / name, lines, newline=newline, final_newline=final_newline)

    return _write


@pytest.fixture
def valid_chat() -> Callable[..., list[str]]:
    """``valid_chat(n=10)``: n valid chat examples as JSON strings."""
    return valid_chat_lines


@pytest.fixture
def run() -> Callable[..., Result]:
    """``run(*args, input=None, env=None)``: invoke ``ftlint`` with a CliRunner.

    Exceptions are not caught by the runner, so a real crash fails the test loudly.
    Colour and CI environment variables are cleared unless ``env`` sets them.
    """
    import ftlint.cli  # here, not at the top: xdist's controller runs no test

    runner = CliRunner()

    def _run(
        *args: str,
        input: bytes | str | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> Result:
        full_env = dict(_CLEAN_ENV)
        if env:
            full_env.update(env)
        return runner.invoke(
            ftlint.cli.main,
            list(args),
            input=input,
            env=full_env,
            catch_exceptions=False,
        )

    return _run
