"""What the explanations of schema issues share: paths, values in words, and two registries.

A schema issue (from :mod:`ftlint.schema.collect`) says *what* is wrong at *which* path.
:mod:`ftlint.rules.explain_schema` turns it into a finding; the rule modules take part
through two registries, so that a rule's words sit beside its definition:

- :func:`explains_format` registers a function that explains the issues proper to one
  format (the preference example's own keys, the legacy keys, an RFT role). It answers
  with an :class:`Explained`, with :data:`DROP` to report nothing, or with ``None`` when
  the issue is not its own (the shared message-structure rules then explain it).
- :func:`schema_area` registers the area of a rule by path (tool calls, tool
  definitions, image options): a function that returns the hint for a path in the area,
  and ``None`` for a path outside it. Areas are tried in the order they are registered;
  those of different modules must not overlap.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import msgspec

from ..schema.collect import Issue, Path

OUTPUTS = ("preferred_output", "non_preferred_output")

_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "null": "null",
    "array": "an array",
    "object": "an object",
}


# msgspec's reasons, parsed to reword them: compiled on first use (a slow-path need).
@functools.cache
def _expected_got() -> re.Pattern[str]:
    return re.compile(r"^Expected `([^`]+)`, got `([^`]+)`$")


@functools.cache
def _expected_len() -> re.Pattern[str]:
    return re.compile(r"^Expected `(\w+)` of length ([<>]=) (\d+)$")


class Explained(NamedTuple):
    """A schema issue as a finding's parts."""

    code: str
    message: str
    hint: str | None
    path: Path
    key: str | None = None


# An explainer's answer for "report nothing": another finding of the line says it all.
DROP = Explained("", "", None, ())

FormatExplainer = Callable[[Issue, Mapping[str, Any]], "Explained | None"]
AreaHint = Callable[[Path], "str | None"]

FORMAT_EXPLAINERS: dict[str, list[FormatExplainer]] = {}
AREAS: list[tuple[str, AreaHint]] = []


def explains_format(fmt: str) -> Callable[[FormatExplainer], FormatExplainer]:
    """Register the decorated function to explain, first, the issues of format ``fmt``."""

    def decorate(func: FormatExplainer) -> FormatExplainer:
        FORMAT_EXPLAINERS.setdefault(fmt, []).append(func)
        return func

    return decorate


def schema_area(code: str) -> Callable[[AreaHint], AreaHint]:
    """Register the decorated ``hint(path)`` as the area of rule ``code``.

    Areas are tried in code order, whatever order the modules are imported in: where two
    match (a tool call's `function` is T001's area before T008's), the lower code wins.
    """

    def decorate(func: AreaHint) -> AreaHint:
        AREAS.append((code, func))
        AREAS.sort(key=lambda area: area[0])
        return func

    return decorate


def describe(value: Any) -> str:
    """Name a JSON value's type in words, with a short preview for scalars."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {short_value(value)}"
    if isinstance(value, str):
        return f"the string {short_value(value)}"
    if isinstance(value, list):
        if not value:
            return "an empty array"
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    return "an object"


def short_value(value: Any, limit: int = 40) -> str:
    """A JSON value as shown in a message: long values are cut."""
    text = msgspec.json.encode(value).decode()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_key(key: str, limit: int = 40) -> str:
    """A key as shown in a message: long keys are cut."""
    return key if len(key) <= limit else key[: limit - 1] + "…"


# A line with hundreds of schema errors gives the same few reasons again and again.
@functools.lru_cache(maxsize=256)
def plain(text: str) -> str:
    """Reword a msgspec reason in plain words."""
    match = _expected_got().match(text)
    if match:
        return f"expected {_words(match.group(1))}, got {_words(match.group(2))}"
    match = _expected_len().match(text)
    if match:
        kind, op, n = match.groups()
        bound = "at least" if op == ">=" else "at most"
        return f"expected {_words(kind)} of {bound} {n} item{'s' if n != '1' else ''}"
    if text.startswith("Invalid enum value "):
        return "invalid value " + text.removeprefix("Invalid enum value ")
    return text[:1].lower() + text[1:]


def _words(types: str) -> str:
    names = [_TYPE_WORDS.get(t.strip(), t.strip()) for t in types.split("|")]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def value_at(obj: Any, path: Iterable[str | int]) -> Any:
    """The value at ``path`` in a decoded JSON value, or ``None`` if it is not there."""
    for seg in path:
        try:
            obj = obj[seg]
        except (KeyError, IndexError, TypeError):
            return None
    return obj


def did_you_mean(key: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt key, or ``None``."""
    if len(key) > 64:  # no misspelling of a short key; and difflib is quadratic-ish
        return None
    return _did_you_mean(key, tuple(choices))


@functools.lru_cache(maxsize=1024)
def _did_you_mean(key: str, choices: tuple[str, ...]) -> str | None:
    # Cached: a file with a wrong key has it on many lines, and difflib is slow.
    import difflib  # here: only a misspelt key needs it

    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.7)
    return f"did you mean `{close[0]}`?" if close else None


def message_depth(fmt: str, path: Path) -> int | None:
    """Length of the message prefix of ``path`` if it lies in a message of ``messages``."""
    root: Path = ("input", "messages") if fmt == "preference" else ("messages",)
    n = len(root)
    if path[:n] == root and len(path) > n and isinstance(path[n], int):
        return n + 1
    return None


def output_depth(fmt: str, path: Path) -> int | None:
    """Length of the message prefix of ``path`` if it lies in a preference output."""
    if fmt == "preference" and len(path) >= 2 and path[0] in OUTPUTS and isinstance(path[1], int):
        return 2
    return None
