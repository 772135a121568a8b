"""Rule selection in the style of ruff: --select, --extend-select and --ignore.

Each option takes codes or prefixes (``S``, ``S00``, ``S005``) or ``ALL``. For each rule
the most specific matching selector decides; on a tie, ignore wins. Without --select, the
default rules are selected (every rule but the opt-in ones, such as J010).

Selections come in layers, as in ruff: ``[tool.ftlint]``, then the command line on top
(:func:`resolve_layers`). A layer with ``select`` starts over from its own selection; a
layer without one changes the rules the layers below enabled: its ``extend-select`` adds
rules, its ``ignore`` removes them. So ``--ignore X`` adds to the configuration's ignore
list, and ``--select V003`` checks V003 even when the configuration ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .rules import REGISTRY


class SelectionError(ValueError):
    """A selector that matches no rule."""


def _normalise(selectors: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in selectors:
        for part in item.split(","):
            sel = part.strip().upper()
            if not sel:
                continue
            if sel != "ALL" and not any(code.startswith(sel) for code in REGISTRY):
                raise SelectionError(f"unknown rule code or prefix {part.strip()!r}")
            out.append(sel)
    return out


def _specificity(code: str, selectors: list[str]) -> int:
    """Length of the longest selector matching ``code`` (ALL counts 0), or -1 for none."""
    best = -1
    for sel in selectors:
        if sel == "ALL":
            best = max(best, 0)
        elif code.startswith(sel):
            best = max(best, len(sel))
    return best


def resolve(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> frozenset[str]:
    """The codes enabled by these selectors.

    Raises:
        SelectionError: a selector matches no rule code.
    """
    chosen = _normalise(select) if select is not None else None
    extra = _normalise(extend_select)
    ignored = _normalise(ignore)
    enabled = set()
    for code, rule in REGISTRY.items():
        level = _specificity(code, extra)
        if chosen is None:
            if rule.default:
                level = max(level, 0)
        else:
            level = max(level, _specificity(code, chosen))
        if level >= 0 and level > _specificity(code, ignored):
            enabled.add(code)
    return frozenset(enabled)


class Layer(NamedTuple):
    """One layer of selectors: the configuration's, or the command line's."""

    select: Iterable[str] | None = None
    ignore: Iterable[str] = ()
    extend_select: Iterable[str] = ()


def resolve_layers(layers: Iterable[Layer]) -> frozenset[str]:
    """The codes enabled by layers of selectors, each over the ones before it.

    The first layer applies over the default rules, as :func:`resolve` does.

    Raises:
        SelectionError: a selector matches no rule code.
    """
    enabled = set(DEFAULT)
    for layer in layers:
        chosen = _normalise(layer.select) if layer.select is not None else None
        extra = _normalise(layer.extend_select)
        added = extra if chosen is None else chosen + extra
        ignored = _normalise(layer.ignore)
        if chosen is not None:
            enabled.clear()
        for code in REGISTRY:
            on, off = _specificity(code, added), _specificity(code, ignored)
            if on >= 0 and on > off:
                enabled.add(code)
            elif off >= 0:
                enabled.discard(code)
    return frozenset(enabled)


DEFAULT = resolve()
