"""``[tool.ftlint]`` in pyproject.toml: found upward from the working directory.

Discovery follows black and ruff: walk up from the working directory, and take the first
``pyproject.toml`` that has a ``[tool.ftlint]`` table; stop at the repository root (a
directory with ``.git`` or ``.hg``). ``--config FILE`` names the file instead. Options given
on the command line go on top of the file: a scalar given there wins, and rule selectors
are a layer over the file's (see :mod:`ftlint.selection`). Unknown keys, wrong types and
values out of range are errors (exit 2). An unknown ``model`` is not: as on the command
line, ftlint warns and skips the model rules.

Example::

    [tool.ftlint]
    format = "chat"
    select = ["ALL"]
    ignore = ["O001", "C006"]
    strict = true
    model = "gpt-4.1-mini"
    max-findings = 100
    max-line-bytes = 268435456
    target = "openai"
    validation = "data/valid.jsonl"
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, get_args

import msgspec

from . import targets
from .engine import FORMAT_CHOICES
from .reporters import REPORTERS

OUTPUT_FORMATS: Final = tuple(REPORTERS)
MODEL_NAMES: Final = tuple(
    sorted({name for target in targets.TARGETS.values() for name in target.model_names()})
)
TARGET_NAMES: Final = tuple(targets.names())

if TYPE_CHECKING:
    # The allowed values come from the registries at run time: to mypy they are strings.
    FormatChoice = str
    OutputFormat = str
    ModelName = str
    TargetName = str
else:
    FormatChoice = Literal[FORMAT_CHOICES]
    OutputFormat = Literal[OUTPUT_FORMATS]
    ModelName = Literal[MODEL_NAMES]
    TargetName = Literal[TARGET_NAMES]


class ConfigError(Exception):
    """A configuration file that cannot be read or does not validate."""


class Config(msgspec.Struct, rename="kebab", forbid_unknown_fields=True, frozen=True):
    """The ``[tool.ftlint]`` table. Every key is optional; names are kebab-case."""

    format: FormatChoice | None = None
    output_format: OutputFormat | None = None
    max_findings: Annotated[int, msgspec.Meta(ge=0)] | None = None
    max_line_bytes: Annotated[int, msgspec.Meta(ge=1)] | None = None
    select: list[str] | None = None
    extend_select: list[str] | None = None
    ignore: list[str] | None = None
    strict: bool | None = None
    model: str | None = None
    quiet: bool | None = None
    target: TargetName | None = None
    # The validation file of `check --validation`, relative to the working directory.
    validation: str | None = None


def find(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` with a [tool.ftlint] table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
        if (directory / ".git").exists() or (directory / ".hg").exists():
            return None
    return None


def _has_table(path: Path) -> bool:
    try:
        return "ftlint" in _read(path).get("tool", {})
    except ConfigError:
        return True  # let load() report the problem


def _read(path: Path) -> dict[str, Any]:
    # Imported here: a run with no pyproject.toml above it parses no TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    try:
        with open(path, "rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: Path) -> Config:
    """Read and validate the [tool.ftlint] table of ``path`` (empty if it has none)."""
    table = _read(path).get("tool", {}).get("ftlint", {})
    try:
        return msgspec.convert(table, Config)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{path} [tool.ftlint]: {_explain(str(exc), table)}") from None


def _explain(message: str, table: dict[str, Any]) -> str:
    """msgspec's message, or for a value not among a key's choices, the choices."""
    reason, _, where = message.partition(" - at `$.")
    key = where.rstrip("`")
    field = {f.encode_name: f for f in msgspec.structs.fields(Config)}.get(key)
    if not reason.startswith("Invalid enum value") or field is None:
        return message
    # The field's type is `Literal[...] | None`.
    choices = [c for arg in get_args(field.type) for c in get_args(arg) if isinstance(c, str)]
    return f"{key} = {table[key]!r}; choose from {', '.join(choices)}"
