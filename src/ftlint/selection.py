"""Rule selection in the style of ruff: --select, --extend-select and --ignore.

Each option takes codes or prefixes (``S``, ``S00``, ``S005``) or ``ALL``. For each rule
the most specific matching selector decides; on a tie, ignore wins. Without --select, the
default rules are selected (every rule but the opt-in ones, such as J010).

Selections come in layers, as in ruff: ``[tool.ftlint]``, then the command line on top
(:func:`resolve_layers`). A layer with ``select`` starts over from its own selection; a
layer without one changes the rules the layers below enabled: its ``extend-select`` adds
rules, its ``ignore`` removes them. So ``--ignore X`` adds to the configuration's ignore
list, and ``--select V003`` checks V003 even when the configuration ignores it.

Selection happens among the rules of a target (``--target``, OpenAI by default): see
:func:`universe`. A selector must match some rule of any target; one that matches only
other targets' rules selects nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from . import targets
from .rules import REGISTRY, Rule, load, load_all


class SelectionError(ValueError):
    """A selector that matches no rule."""


def _normalise(selectors: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in selectors:
        for part in item.split(","):
            sel = part.strip().upper()
            if not sel:
                continue
            if sel != "ALL" and not _known(sel):
                raise SelectionError(f"unknown rule code or prefix {part.strip()!r}")
            out.append(sel)
    return out


def _known(selector: str) -> bool:
    """Whether ``selector`` matches a rule of some target (registering them all, if it
    matches none of those registered so far)."""
    if not any(code.startswith(selector) for code in REGISTRY):
        load_all()
    return any(code.startswith(selector) for code in REGISTRY)


def _specificity(code: str, selectors: list[str]) -> int:
    """Length of the longest selector matching ``code`` (ALL counts 0), or -1 for none."""
    best = -1
    for sel in selectors:
        if sel == "ALL":
            best = max(best, 0)
        elif code.startswith(sel):
            best = max(best, len(sel))
    return best


def universe(target: str = targets.DEFAULT) -> dict[str, Rule]:
    """The rules in force for ``target``: those of its base that apply to one of its
    formats, less every target's provider-only rules and its ``drop``, plus its ``add``.

    Registers the target's rules first (:func:`ftlint.rules.load`).

    Raises:
        KeyError: an unknown target.
    """
    load(target)
    spec = targets.get(target)
    if spec.base is not None:
        inherited = universe(spec.base)
    else:
        others = targets.provider_only()
        inherited = {c: r for c, r in REGISTRY.items() if c not in others}
    formats = set(spec.formats)
    rules = {
        code: rule
        for code, rule in inherited.items()
        if code not in spec.drop and not formats.isdisjoint(rule.formats)
    }
    rules.update((code, REGISTRY[code]) for code in spec.add)
    return rules


def resolve(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    target: str = targets.DEFAULT,
) -> frozenset[str]:
    """The codes of ``target``'s rules enabled by these selectors.

    Raises:
        SelectionError: a selector matches no rule code.
        KeyError: an unknown target.
    """
    chosen = _normalise(select) if select is not None else None
    extra = _normalise(extend_select)
    ignored = _normalise(ignore)
    spec = targets.get(target)
    added = spec.add | spec.enable
    enabled = set()
    for code, rule in universe(target).items():
        level = _specificity(code, extra)
        if chosen is None:
            if rule.default or code in added:
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


def resolve_layers(layers: Iterable[Layer], target: str = targets.DEFAULT) -> frozenset[str]:
    """The codes of ``target``'s rules enabled by layers of selectors, each over the ones
    before it.

    The first layer applies over the target's default rules, as :func:`resolve` does.

    Raises:
        SelectionError: a selector matches no rule code.
        KeyError: an unknown target.
    """
    enabled = set(default_rules(target))
    codes = in_force(target)
    for layer in layers:
        chosen = _normalise(layer.select) if layer.select is not None else None
        extra = _normalise(layer.extend_select)
        added = extra if chosen is None else chosen + extra
        ignored = _normalise(layer.ignore)
        if chosen is not None:
            enabled.clear()
        for code in codes:
            on, off = _specificity(code, added), _specificity(code, ignored)
            if on >= 0 and on > off:
                enabled.add(code)
            elif off >= 0:
                enabled.discard(code)
    return frozenset(enabled)


DEFAULT = resolve()


_IN_FORCE: dict[str, frozenset[str]] = {}


def in_force(target: str) -> frozenset[str]:
    """The codes of :func:`universe` (``target``), computed once per process."""
    codes = _IN_FORCE.get(target)
    if codes is None:
        codes = _IN_FORCE[target] = frozenset(universe(target))
    return codes


def default_rules(target: str) -> frozenset[str]:
    """The rules ``target`` checks without selectors (:data:`DEFAULT` for OpenAI)."""
    return DEFAULT if target == targets.DEFAULT else resolve(target=target)
