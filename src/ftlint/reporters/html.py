"""``ftlint report``: one self-contained HTML page for a dataset review.

The page model is built from :func:`ftlint.reporters.stats.document`, the very document
that ``stats -o json`` prints, plus the bounded extras of
:class:`~ftlint.report_run.ReportResult` (findings with their lines, role sequences,
Unicode blocks, duplicate groups, other models' token counts). A number that ``stats -o
json`` has is rendered with a ``data-stat`` attribute naming its place in that document,
so a test can compare the page with the JSON.

The page is a Jinja2 template with autoescaping on; the charts are inline SVG
(:mod:`.svg`). Nothing is fetched: no CDN, no font, no image file. Every table is
bounded, so the page stays small whatever the input's size, and the same input gives
the same bytes (no clock, unless a timestamp is asked for).
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from .. import counting, targets
from .._version import __version__
from ..profile import SCRIPT_OF, Lengths, Shape
from ..report_run import (
    ReportResult,
    Watcher,
    comparable_models,
    key,
)
from ..stats import ExampleStats, histogram
from . import html_findings, svg
from . import stats as stats_report

# Rows shown: role sequences, Unicode blocks, duplicate groups, overlap pairs, files
# with charts.
SEQUENCES_SHOWN, BLOCKS_SHOWN, GROUPS_SHOWN, OVERLAP_SHOWN, CHART_FILES = 10, 24, 20, 50, 8
# Files with sections of their own (tokens, cost, duplicates), and rows of the per-file
# and input tables: the page's size must not grow with the number of files either.
DETAIL_FILES, TABLE_FILES = 12, 250
NEAR_SHARE = svg.NEAR_SHARE


class PageOptions(NamedTuple):
    """What the run was asked: shown in the provenance table.

    Attributes:
        format: the ``--format`` value.
        model: ``--model``, or ``None`` for each format's default.
        validation: the ``--validation`` path.
        tokenizer_files: ``--tokenizer-file`` values.
        timestamp: a time to print, or ``None`` for none (the default: same bytes).
    """

    format: str = "auto"
    model: str | None = None
    validation: str | None = None
    tokenizer_files: tuple[str, ...] = ()
    timestamp: str | None = None


def num(value: float | None) -> str:
    """A number as the text report writes it: ``1,234`` or ``12.5``; empty for none."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


_TICKS = re.compile(r"`([^`<>]+)`")


def ticks(text: str) -> Markup:
    """Escape ``text``, then show its `backticked` spans as code (as the rule docs do)."""
    return Markup(_TICKS.sub(r"<code>\1</code>", str(escape(text))))


def _lookup(doc: Any, path: str) -> Any:
    for part in path.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def stat_function(doc: dict[str, Any]) -> Callable[..., Markup]:
    """The template's ``stat(path)``: the value at ``path`` of the stats document, marked
    with ``data-stat`` so that tests can read it back."""

    def stat(path: str, cost: bool = False) -> Markup:
        value = _lookup(doc, path)
        text = "" if value is None else (f"{value:,.2f}" if cost else num(value))
        return Markup('<span data-stat="{}">{}</span>').format(path, text)

    return stat


def _main_lengths(stats: ExampleStats, watcher: Watcher, encoding: str | None) -> Lengths | None:
    """Token counts under the file's own encoding; outside DPO they are the main count."""
    if encoding is None or not stats.counted:
        return None
    if encoding in watcher.lengths:
        return watcher.lengths[encoding]
    lengths = Lengths(encoding)
    lengths.tokens = array("I", stats.tokens)
    lengths.longest = lengths.tokens
    return lengths


def near_limit(lengths: Lengths | None, limit: int | None) -> int | None:
    """Examples within 85% of the limit: over ``0.85 * limit`` and not over it."""
    if lengths is None or limit is None:
        return None
    floor = limit * NEAR_SHARE
    return sum(1 for n in lengths.longest if floor < n <= limit)


def compare(
    file: dict[str, Any],
    stats: ExampleStats,
    watcher: Watcher,
    price: float | None,
    target: str = targets.DEFAULT,
) -> list[dict[str, Any]]:
    """The same data under every model of ``target`` that trains its format and counts
    exactly: tokens, limit, cost."""
    fmt = file["format"]
    if fmt is None or not stats.counted:
        return []
    own_key = _own_key(file)
    own = _main_lengths(stats, watcher, own_key)
    epochs = file.get("epochs")
    rows = []
    for model in comparable_models(fmt, target):
        name = key(model)
        lengths = own if name == own_key else watcher.lengths.get(name or "")
        if lengths is None:
            continue
        billed = lengths.billed(model.max_tokens)
        charged = None if epochs is None else billed * epochs
        ratio = None if model.tokenizer else model.chars_per_token
        rows.append(
            {
                "model": model.name,
                "current": model.name == file["model"],
                "encoding": model.tokenizer or f"≈ {ratio:g} characters per token",
                # A provider's estimate: its counts are marked ≈, its ratio and source noted.
                "estimate": None
                if ratio is None
                else {"chars_per_token": ratio, "source": model.source},
                "limit": model.max_tokens,
                "tokens": sum(lengths.tokens),
                "over": lengths.over(model.max_tokens),
                "billed": None if fmt == "reinforcement" else billed,
                "charged": None if fmt == "reinforcement" else charged,
                "cost": None if price is None or charged is None else charged * price / 1e6,
            }
        )
    return rows


def _own_key(file: dict[str, Any]) -> str | None:
    """The key (``report_run.key``) of the counts of the file's own model."""
    if file["estimate"] is not None:
        return f"≈{file['estimate']['chars_per_token']:g}"
    encoding: str | None = file["encoding"]
    return encoding


def compare_notes(rows: list[dict[str, Any]]) -> list[str]:
    """One sentence per estimate of the comparison: its models, its ratio, its source."""
    groups: dict[tuple[float, str], list[str]] = {}
    for row in rows:
        if row["estimate"] is not None:
            estimate = row["estimate"]
            groups.setdefault((estimate["chars_per_token"], estimate["source"]), []).append(
                row["model"]
            )
    return [
        f"≈ {', '.join(models)}: estimates at {ratio:g} characters per token (no tokenizer"
        f" is published), per {source}"
        for (ratio, source), models in groups.items()
    ]


def _charts(file: dict[str, Any], stats: ExampleStats) -> dict[str, Any]:
    limit = file["limit"]
    trained = [list(row) for row in histogram(stats.trained)]
    name = file["path"]
    return {
        "tokens": Markup(
            svg.histogram(file["histogram"], title=f"Tokens per example, {name}", limit=limit)
        ),
        "trained": Markup(
            svg.histogram(trained, title=f"Trained tokens per example, {name}", limit=limit)
        ),
        "trained_rows": trained,
    }


def _blocks(shape: Shape) -> dict[str, Any]:
    total = sum(shape.chars.values())
    ranked = sorted(shape.chars.items(), key=lambda item: (-item[1], item[0]))
    scripts: dict[str, int] = {}
    for block, n in shape.chars.items():
        scripts[SCRIPT_OF[block]] = scripts.get(SCRIPT_OF[block], 0) + n
    return {
        "total": total,
        "rows": [
            {
                "block": block,
                "script": SCRIPT_OF[block],
                "chars": n,
                "share": n / total * 100 if total else 0.0,
                "examples": shape.block_examples.get(block, 0),
            }
            for block, n in ranked[:BLOCKS_SHOWN]
        ],
        "more": max(0, len(ranked) - BLOCKS_SHOWN),
        "scripts": [
            {"script": s, "chars": n, "share": n / total * 100 if total else 0.0}
            for s, n in sorted(scripts.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def _ranked(counts: dict[str, int], shown: int) -> list[dict[str, Any]]:
    total = sum(counts.values()) or 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"key": k, "count": n, "share": n / total * 100} for k, n in ranked[:shown]]


def _shape(watchers: Sequence[Watcher]) -> dict[str, Any]:
    shape = functools.reduce(Shape.merge, (w.shape for w in watchers), Shape())
    return {
        "examples": shape.examples,
        "sequences": _ranked(shape.sequences, SEQUENCES_SHOWN),
        "sequence_kinds": len(shape.sequences),
        "endings": _ranked(shape.endings, len(shape.endings)),
        "blocks": _blocks(shape),
    }


def _duplicates(watcher: Watcher, path: str) -> dict[str, Any]:
    dup = watcher.duplicates
    ranked = sorted(dup.groups.items(), key=lambda item: (-item[1], item[0]))
    return {
        "path": path,
        "groups": len(dup.groups),
        "copies": sum(dup.groups.values()),
        "rows": [
            {
                "first": first,
                "copies": n,
                "lines": dup.lines.get(first, []),
                "more": n - len(dup.lines.get(first, [])),
            }
            for first, n in ranked[:GROUPS_SHOWN]
        ],
    }


def _file_extra(
    file: dict[str, Any],
    stats: ExampleStats,
    watcher: Watcher,
    price: float | None,
    target: str = targets.DEFAULT,
) -> dict[str, Any]:
    lengths = _main_lengths(stats, watcher, _own_key(file))
    rows = compare(file, stats, watcher, price, target)
    return {
        "near_limit": near_limit(lengths, file["limit"]),
        "charts": _charts(file, stats) if stats.counted else None,
        "compare": rows,
        "compare_notes": compare_notes(rows),
        "duplicates": _duplicates(watcher, file["path"]),
    }


def _verdict(doc: dict[str, Any], groups: list[dict[str, Any]]) -> dict[str, Any]:
    files = [*doc["files"], *([doc["validation"]] if doc["validation"] else [])]
    errors = sum(f["errors"] for f in files)
    return {
        "accepted": errors == 0 and bool(doc["files"]),
        "errors": errors,
        "warnings": sum(f["warnings"] for f in files),
        "infos": sum(f["infos"] for f in files),
        "error_codes": [g["code"] for g in groups if g["severity"] == "error"],
    }


def _how(target: str, name: str) -> tuple[str, str, int | None]:
    """A model of the provenance table: its name, how it counts tokens, its limit."""
    how = counting.resolve(target, name)
    if how is None:  # not in the target's table: not counted for (see stats)
        return name, "not in the target's model table", None
    if how.encoding is not None:
        return name, how.encoding, how.limit
    if how.ratio is not None:
        return name, f"≈ {how.ratio:g} characters per token (estimate)", how.limit
    return name, "tokens not counted", how.limit


def _provenance(result: ReportResult, options: PageOptions, doc: dict[str, Any]) -> dict[str, Any]:
    models = sorted({f["model"] for f in doc["files"] if f["model"]})
    target = doc["target"]["name"]
    return {
        "inputs": [i._asdict() for i in result.inputs],
        "version": __version__,
        "options": [
            ("--target", target),
            ("--format", options.format),
            ("--model", options.model or "default per format"),
            ("--validation", options.validation or "none"),
            ("--epochs", "default" if doc["epochs"] is None else str(doc["epochs"])),
            (
                "--price-per-mtok",
                "none" if doc["price_per_mtok"] is None else num(doc["price_per_mtok"]),
            ),
            ("--tokenizer-file", ", ".join(options.tokenizer_files) or "none"),
        ],
        "models": [_how(target, name) for name in models],
        "encodings": list(doc["encodings"].items()),
        "timestamp": options.timestamp,
    }


def page(
    result: ReportResult, options: PageOptions, billing: stats_report.Options
) -> dict[str, Any]:
    """The page model: the stats document, and the extras the page shows beside it."""
    doc = stats_report.document(result.stats, billing)
    price = billing.price_per_mtok
    target = result.stats.target
    files = [
        _file_extra(f, s.examples, w, price, target)
        for f, s, w in zip(doc["files"], result.stats.files, result.watchers, strict=True)
    ]
    validation = None
    if doc["validation"] is not None and result.validation is not None:
        assert result.stats.validation is not None
        validation = _file_extra(doc["validation"], result.stats.validation.examples,
                                 result.validation, None, target)  # fmt: skip
        overlap = doc["validation"]["overlap"]
        validation["overlap"] = {
            "rows": overlap[:OVERLAP_SHOWN],
            "more": max(0, len(overlap) - OVERLAP_SHOWN),
        }
    budget = html_findings.Budget()
    groups = html_findings.groups(result.log, budget)
    return {
        "doc": doc,
        "provider": "OpenAI" if target == targets.DEFAULT else doc["target"]["label"],
        "notes": stats_report.estimate_notes(doc),
        "files": files,
        "validation": validation,
        "verdict": _verdict(doc, groups),
        "groups": groups,
        "every": html_findings.every(result.log, budget),
        "shape": _shape(result.watchers),
        "totals": _totals(doc, files),
        "provenance": _provenance(result, options, doc),
        "chart_files": CHART_FILES,
        "detail_files": DETAIL_FILES,
        "table_files": TABLE_FILES,
    }


def _totals(doc: dict[str, Any], files: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("without_system", "without_user", "with_tools", "with_tool_calls", "tool_calls",
            "with_images", "images", "with_weight0", "weight0_turns")  # fmt: skip
    near = [f["near_limit"] for f in files if f["near_limit"] is not None]
    return {
        **{key: sum(f[key] for f in doc["files"]) for key in keys},
        "near_limit": sum(near) if near else None,
        "duplicate_groups": sum(f["duplicates"]["groups"] for f in files),
    }


def render(model: dict[str, Any]) -> str:
    """The page, from its model (Jinja2 is imported here: only ``report`` needs it)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ftlint.reporters", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = num
    env.filters["ticks"] = ticks
    env.filters["clip"] = html_findings.clip
    env.filters["pct"] = lambda x: f"{x:.1f}%"
    env.globals["stat"] = stat_function(model["doc"])
    return env.get_template("report.html.j2").render(escape=escape, **model)
