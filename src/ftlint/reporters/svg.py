"""Inline SVG charts for the HTML report, drawn from our own statistics.

A chart is a few rectangles and lines; no plotting library is needed. Each chart has a
title and a description for screen readers (``role="img"``), and its numbers are in a
table next to it, so colour and shape are never the only way to read it. Every string
put in the markup passes through :func:`html.escape`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 22, 44
NEAR_SHARE = 0.85


def short(n: int) -> str:
    """A compact axis label: ``512``, ``4,096``, ``64K``, ``1M``."""
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20}M"
    if n >= 16_384 and n % 1024 == 0:
        return f"{n >> 10}K"
    return f"{n:,}"


def _slot(value: float) -> float:
    """Where a token count falls on the axis, in bins: bin ``k`` holds ``2**(k-1)`` up
    to ``2**k - 1``, and spans ``[k, k + 1)`` on a log scale inside the bin."""
    if value < 1:
        return 0.0
    return 1.0 + math.log2(value)


def _grid(top: int, plot_h: float) -> list[str]:
    """The horizontal grid lines at 0, half and all of the tallest bar, with their counts."""
    lines = []
    for tick in (0.0, 0.5, 1.0):
        y = TOP + plot_h - tick * plot_h
        lines.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{round(top * tick):,}</text>"
        )
    return lines


def histogram(
    rows: Sequence[Sequence[int]],
    *,
    title: str,
    limit: int | None,
    unit: str = "examples",
) -> str:
    """A histogram of power-of-two bins (``(low, high, count)`` rows), with the model's
    per-example limit and 85% of it drawn as vertical lines."""
    if not rows:
        return ""
    first = _slot(rows[0][0])
    last = _slot(rows[-1][1] + 1) if rows[-1][1] else 1.0
    if limit is not None:
        last = max(last, math.floor(_slot(limit)) + 1.0)
    span = max(last - first, 1.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max(row[2] for row in rows) or 1

    def x(slot: float) -> float:
        return LEFT + (slot - first) / span * plot_w

    desc = "; ".join(f"{low:,} to {high:,}: {n:,}" for low, high, n in rows)
    if limit is not None:
        desc += f". Limit: {limit:,} tokens per example."
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"'
        f' role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}"'
        f' y2="{TOP + plot_h}"/>',
    ]
    parts.extend(_grid(top, plot_h))
    for low, high, n in rows:
        start = _slot(low)
        x0, x1 = x(start), x(start + 1.0)
        h = n / top * plot_h
        parts.append(
            f'<rect class="bar" x="{x0 + 1:.1f}" y="{TOP + plot_h - h:.1f}"'
            f' width="{max(x1 - x0 - 2, 1):.1f}" height="{h:.1f}">'
            f"<title>{low:,}–{high:,} tokens: {n:,} {unit}</title></rect>"
        )
    for slot in range(math.ceil(first), math.floor(last) + 1):
        value = 0 if slot == 0 else 1 << (slot - 1)
        parts.append(
            f'<text class="tick" x="{x(slot):.1f}" y="{TOP + plot_h + 15}"'
            f' text-anchor="middle">{short(value)}</text>'
        )
    parts.append(
        f'<text class="label" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}"'
        f' text-anchor="middle">tokens per example (log scale)</text>'
    )
    if limit is not None:
        parts.append(_marker(x(_slot(limit * NEAR_SHARE)), plot_h, "near", "85%"))
        parts.append(_marker(x(_slot(limit)), plot_h, "limit", f"limit {short(limit)}"))
    parts.append("</svg>")
    return "".join(parts)


def _marker(at: float, plot_h: int, kind: str, label: str) -> str:
    # The limit's label sits above the plot, to the right of its line; the 85% label
    # sits inside the plot, to the left of its own: the two never overlap.
    if kind == "limit":
        anchor = "end" if at > WIDTH - RIGHT - 70 else "start"
        tx, ty = (at - 4 if anchor == "end" else at + 4), TOP - 8
    else:
        anchor, tx, ty = "end", at - 4, TOP + 10
    return (
        f'<line class="{kind}" x1="{at:.1f}" y1="{TOP - 6}" x2="{at:.1f}" y2="{TOP + plot_h}"/>'
        f'<text class="{kind}-label" x="{tx:.1f}" y="{ty}" text-anchor="{anchor}">'
        f"{escape(label)}</text>"
    )
