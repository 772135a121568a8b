"""A schema's ``pattern`` searched within a time limit (rule T012; see `argschema`).

jsonschema searches a ``pattern`` with Python's `re`, which backtracks: a pattern whose
repeated groups can match the same text in several ways takes exponential time on a value
that almost matches. An e-mail pattern copied around the web,
``^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}...``, against 40 letters and a "!",
did not finish in minutes, and ftlint hung on that one line. The `regex` package (which
tiktoken needs anyway) reads `re`'s syntax (``VERSION0``), answers most such patterns at
once (that one in microseconds), and gives up on the rest at a time limit.
There a search raises `SlowPattern`, which T012 reports: the arguments are then not
judged against the schema.

Only the search is `regex`'s: a pattern is a regex only if `re` compiles it, as for
jsonschema, so a finding's verdict does not depend on `regex`'s wider syntax. And the
patterns that cannot backtrack much (`linear`: anchored at the start, no group or
alternation, at most one repeat of varying length, as in ``^[A-Z]{3}$`` or
``^\\d{4}-\\d{2}-\\d{2}$``) are searched with `re` itself: importing `regex` costs about
15 ms, once per process.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from typing import Any

from ..clip import clip
from .verdicts import SEARCH_SECONDS

__all__ = ["SlowPattern", "compiles", "search"]

# A pattern that reached the limit is not searched again on a value at least as long as
# the shortest it failed on: a file whose every call carries such a value costs one wait,
# not one per line. Past this many waits (values ever shorter still reach the limit), that
# length is halved at each further one, so the waits stay few whatever the order.
_STRIKES = 4
_SLOW: dict[str, tuple[int, int]] = {}  # pattern -> (times it reached the limit, shortest)
_SLOW_MAX = 256


class SlowPattern(Exception):
    """A ``pattern`` whose search reached the time limit on a value."""

    HINT = (
        "a pattern whose repeated groups can match the same text in several ways backtracks"
        " exponentially, such as (a|aa)+: rewrite it"
    )

    def __init__(self, pattern: str, value: str) -> None:
        super().__init__(
            f"the pattern {clip(pattern, 80)!r} takes over {SEARCH_SECONDS:g} s to search"
            f" {clip(value, 40)!r}"
        )


def compiles(pattern: str) -> bool:
    """Whether ``pattern`` is a regex for jsonschema (Python's `re` compiles it)."""
    return _searcher(pattern) is not None


def search(pattern: str, value: str) -> bool | None:
    """Whether ``pattern`` matches somewhere in ``value``, as ``re.search`` would find;
    ``None`` if it is not a regex (see `compiles`).

    Raises:
        SlowPattern: the search reached the time limit (now or on an earlier value).
    """
    searcher = _searcher(pattern)
    if searcher is None:
        return None
    slow = _SLOW.get(pattern)
    if slow is not None and len(value) >= slow[1]:
        raise SlowPattern(pattern, value)
    try:
        return searcher(value) is not None
    except TimeoutError:
        strikes, shortest = slow or (0, len(value))
        shortest = min(shortest, len(value))
        if strikes >= _STRIKES:
            shortest //= 2
        if len(_SLOW) >= _SLOW_MAX:
            _SLOW.clear()
        _SLOW[pattern] = (strikes + 1, shortest)
        raise SlowPattern(pattern, value) from None


_FIXED = re.compile(r"\{\d+\}")  # a repeat of one length: `{3}`
_VARYING = re.compile(r"[*+?]|\{\d*,\d*\}")


def linear(pattern: str) -> bool:
    """Whether `re` searches ``pattern`` in time linear in the value's length: anchored
    at the start (so one start is tried), no group, alternation or escape that `re` could
    read otherwise, and at most one repeat whose length varies (two, as in ``^a*a*$``,
    already take quadratic time on a near miss)."""
    if not pattern.startswith("^"):
        return False
    # Escapes stand for one character each (\\d, \\., \\u00e9); a class, for one too.
    rest = re.sub(r"\\.", "x", pattern[1:])
    rest = re.sub(r"\[\^?\]?[^\]]*\]", "x", rest)
    if any(c in rest for c in "()|[]\\"):
        return False
    rest = _FIXED.sub("", rest)
    return len(_VARYING.findall(rest)) <= 1


@functools.lru_cache(maxsize=256)
def _searcher(pattern: str) -> Callable[[str], Any] | None:
    try:
        with warnings.catch_warnings():  # "Possible nested set": not the user's to read
            warnings.simplefilter("ignore", FutureWarning)
            fallback = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    if "[:" in pattern:  # `regex` reads [[:alpha:]] as a POSIX class, `re` as characters
        return fallback.search  # (rare: not ECMA-262 either), searched without a limit
    if linear(pattern):
        return fallback.search
    import regex  # on first need: it takes 10-20 ms to import, and few schemas have a pattern

    try:
        compiled = regex.compile(pattern, flags=regex.VERSION0)
    except Exception:  # `re` syntax that `regex` does not read: searched without a limit
        return fallback.search
    return functools.partial(compiled.search, timeout=SEARCH_SECONDS)
