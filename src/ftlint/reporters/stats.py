"""Reporters of ``ftlint stats``: text for people, JSON for programs, Markdown for CI.

All three render one document (:func:`document`): per training file, the totals over
them, then the validation file and its overlap with the training files. The JSON output
is that document; the text and Markdown forms show the same numbers.

Schema (``"version": 1``)::

    {
      "version": 1,
      "tool": {"name": "ftlint", "version": "..."},
      "quantiles": "...the method...",
      "accounting": "...the token accounting...", "token_accounting": "server",
      "encodings": {"o200k_base": "where its file came from"},
      "epochs": null or the --epochs value, "price_per_mtok": null or the price,
      "files": [FILE, ...],
      "total": {"files", "examples", "valid", "invalid", "duplicates", "formats",
                "tokens", "trained_tokens", "over_limit", "billed_tokens",
                "charged_tokens", "cost", "cookbook_tokens", "cookbook_billed_tokens",
                "cookbook_charged_tokens"},
      "validation": null or FILE (without billing) plus "overlap": [{"train_path",
                    "train_line", "validation_line"}]
    }

    FILE = {"path", "format", "format_source", "model", "model_source", "encoding",
            "limit", "examples", "valid", "invalid", "duplicates", "errors", "warnings",
            "infos", "messages": SUMMARY, "roles": {role: n}, "without_system",
            "without_user", "with_tools", "with_tool_calls", "tool_calls", "with_images",
            "images", "with_weight0", "weight0_turns", "tokens": SUMMARY,
            "cookbook_tokens", "trained_tokens": SUMMARY, "histogram": [[low, high, count]],
            "over_limit": {"count", "examples": [{"line", "tokens"}]},
            "cannot_train": [why the --model cannot train the file (F009, F010)],
            "billing": "tokens" or "time", "epochs", "epochs_source", "billed_tokens",
            "charged_tokens", "cookbook_billed_tokens", "cookbook_charged_tokens", "cost"}
    SUMMARY = null or {"count", "total", "min", "p10", "median", "mean", "p90", "max"}

Token counts are the server's (``token_accounting``): OpenAI's ``trained_tokens`` for a
chat example is the cookbook's count less 2 (spec §7.1; other formats keep the cookbook's
count). ``cookbook_tokens`` (a total), ``cookbook_billed_tokens`` and
``cookbook_charged_tokens`` are the cookbook notebook's figures, for comparing with it.
``billed_tokens`` is the sum over examples of ``min(limit, tokens)``; ``charged_tokens``
is that times the epochs (the job's ``trained_tokens``); ``cost`` needs
``--price-per-mtok``. Reinforcement fine-tuning is billed by training time, so its billing
fields are null. The per-example limit (``over_limit``, K001) is checked on the cookbook's
count, the larger. When ``--model`` names a model that cannot train the file (the method,
or images for a text-only model), the numbers are still given, for a job that cannot run,
and every form says so.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from .. import base_models
from .._version import __version__
from ..stats import QUANTILE_METHOD, ExampleStats, Summary, default_epochs, histogram, summarize
from ..tokens import IMAGE_TOKENS, REPLY_PRIMING, SERVER_DISCOUNT
from .common import plural
from .markdown import escape

if TYPE_CHECKING:
    # Only the types: the run of `ftlint stats` (its pool) is not needed to list formats.
    from ..stats_run import FileStats, StatsResult

VERSION = 1
TOKEN_ACCOUNTING = "server"
ACCOUNTING = (
    "the server's: 3 tokens per message, its role, its name and 1 more, and 1 at the end"
    f" of a chat example (the cookbook's count less {SERVER_DISCOUNT['chat']}; the cookbook"
    f" adds {REPLY_PRIMING} for reply priming, as do the other formats); approximations:"
    f" {IMAGE_TOKENS} tokens per image, a tool or function definition as its compact JSON,"
    " a call as its name and arguments"
)
# How many over-limit examples the text and Markdown forms list (JSON lists all).
SHOW_LINES = 10
BAR_WIDTH = 30


class Options(msgspec.Struct, frozen=True, kw_only=True):
    """Billing options: ``epochs`` overrides the default; ``price_per_mtok`` adds a cost."""

    epochs: int | None = None
    price_per_mtok: float | None = None


def _summary(summary: Summary | None) -> dict[str, Any] | None:
    return None if summary is None else msgspec.structs.asdict(summary)


def _billing(file: FileStats, options: Options) -> dict[str, Any]:
    if file.report.format == "reinforcement":
        return {
            "billing": "time",
            "epochs": None,
            "epochs_source": None,
            "billed_tokens": None,
            "charged_tokens": None,
            "cookbook_billed_tokens": None,
            "cookbook_charged_tokens": None,
            "cost": None,
        }
    examples = file.examples
    epochs = options.epochs if options.epochs is not None else default_epochs(examples.examples)
    charged = examples.billed * epochs
    cost = None
    if options.price_per_mtok is not None:
        cost = charged * options.price_per_mtok / 1_000_000
    return {
        "billing": "tokens",
        "epochs": epochs,
        "epochs_source": "option" if options.epochs is not None else "default",
        "billed_tokens": examples.billed,
        "charged_tokens": charged,
        "cookbook_billed_tokens": examples.cookbook_billed,
        "cookbook_charged_tokens": examples.cookbook_billed * epochs,
        "cost": cost,
    }


def _file(file: FileStats, options: Options, *, bill: bool = True) -> dict[str, Any]:
    report, ex = file.report, file.examples
    counted = ex.counted
    doc: dict[str, Any] = {
        "path": report.path,
        "format": report.format,
        "format_source": report.format_source,
        "model": None if file.model is None else base_models.get(file.model).name,
        "model_source": file.model_source,
        "encoding": file.encoding,
        "limit": file.limit,
        "examples": report.stats.examples,
        "valid": report.stats.valid,
        "invalid": report.stats.invalid,
        "duplicates": file.duplicates,
        "errors": report.errors,
        "warnings": report.warnings,
        "infos": report.infos,
        "messages": None if report.format == "completion" else _summary(summarize(ex.messages)),
        "roles": dict(sorted(ex.roles.items())),
        "without_system": ex.no_system,
        "without_user": ex.no_user,
        "with_tools": ex.with_tools,
        "with_tool_calls": ex.with_tool_calls,
        "tool_calls": ex.tool_calls,
        "with_images": ex.with_images,
        "images": ex.images,
        "with_weight0": ex.with_weight0,
        "weight0_turns": ex.weight0_turns,
        "tokens": _summary(summarize(ex.tokens)) if counted else None,
        "cookbook_tokens": ex.cookbook if counted else None,
        "trained_tokens": _summary(summarize(ex.trained)) if counted else None,
        "histogram": [list(row) for row in histogram(ex.tokens)],
        "over_limit": {
            "count": len(ex.over_lines),
            "examples": [{"line": line, "tokens": n} for line, n in ex.over_limit()],
        },
        "cannot_train": list(file.cannot_train),
    }
    if report.identity is not None:  # a URL: which bytes were counted
        doc["identity"] = report.identity
    if bill:
        doc.update(_billing(file, options))
    return doc


def _total(result: StatsResult, files: list[dict[str, Any]]) -> dict[str, Any]:
    merged = functools.reduce(
        ExampleStats.merge, (f.examples for f in result.files), ExampleStats()
    )
    formats: dict[str, dict[str, int]] = {}
    for file in result.files:
        entry = formats.setdefault(
            file.report.format or "unknown", {"files": 0, "examples": 0, "valid": 0, "invalid": 0}
        )
        entry["files"] += 1
        entry["examples"] += file.report.stats.examples
        entry["valid"] += file.report.stats.valid
        entry["invalid"] += file.report.stats.invalid
    billed = [f for f in files if f.get("billing") == "tokens"]
    costs = [f["cost"] for f in billed]
    return {
        "files": len(files),
        "examples": sum(f["examples"] for f in files),
        "valid": sum(f["valid"] for f in files),
        "invalid": sum(f["invalid"] for f in files),
        "duplicates": sum(f["duplicates"] for f in files),
        "formats": dict(sorted(formats.items())),
        "tokens": _summary(summarize(merged.tokens)) if merged.counted else None,
        "trained_tokens": _summary(summarize(merged.trained)) if merged.counted else None,
        "over_limit": len(merged.over_lines),
        "billed_tokens": sum(f["billed_tokens"] for f in billed),
        "charged_tokens": sum(f["charged_tokens"] for f in billed),
        "cost": sum(costs) if costs and None not in costs else None,
        "cookbook_tokens": merged.cookbook if merged.counted else None,
        "cookbook_billed_tokens": sum(f["cookbook_billed_tokens"] for f in billed),
        "cookbook_charged_tokens": sum(f["cookbook_charged_tokens"] for f in billed),
    }


def document(result: StatsResult, options: Options) -> dict[str, Any]:
    """The statistics as one versioned document (before encoding)."""
    files = [_file(f, options) for f in result.files]
    validation = None
    if result.validation is not None:
        validation = _file(result.validation, options, bill=False)
        validation["overlap"] = [
            {
                "train_path": o.train_path,
                "train_line": o.train_line,
                "validation_line": o.validation_line,
            }
            for o in result.overlap
        ]
    return {
        "version": VERSION,
        "tool": {"name": "ftlint", "version": __version__},
        "quantiles": QUANTILE_METHOD,
        "accounting": ACCOUNTING,
        "token_accounting": TOKEN_ACCOUNTING,
        "encodings": dict(sorted(result.origins.items())),
        "epochs": options.epochs,
        "price_per_mtok": options.price_per_mtok,
        "files": files,
        "total": _total(result, files),
        "validation": validation,
    }


# -- text ------------------------------------------------------------------------------


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.1f}"


def _dist(summary: dict[str, Any]) -> str:
    return (
        f"{_num(summary['total'])} in all; per example min {_num(summary['min'])},"
        f" p10 {_num(summary['p10'])}, median {_num(summary['median'])},"
        f" mean {_num(summary['mean'])}, p90 {_num(summary['p90'])}, max {_num(summary['max'])}"
    )


def _cost(value: float) -> str:
    return f"{value:,.2f}"


def _unicode_ok() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or ""
    return encoding.lower().replace("-", "") in ("utf8", "utf8sig")


def _bars(rows: list[list[int]], unicode: bool) -> Iterator[str]:
    top = max((row[2] for row in rows), default=0)
    width = max(len(f"{row[0]:,}–{row[1]:,}") for row in rows) if rows else 0
    for low, high, n in rows:
        span = f"{low:,}–{high:,}" if unicode else f"{low:,}-{high:,}"
        eighths = round(n * BAR_WIDTH * 8 / top) if top else 0
        if unicode:
            bar = "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
        else:
            bar = "#" * round(eighths / 8)
        if n and not bar:
            bar = "▏" if unicode else "#"
        yield f"    {span:>{width}} {bar:<{BAR_WIDTH + 1}} {n:,}\n"


def _over_limit(doc: dict[str, Any]) -> Iterator[str]:
    """The examples over the model's per-example limit (K001), if it has one."""
    over = doc["over_limit"]
    if doc["limit"] is None:
        return
    if not over["count"]:
        yield f"  over limit  none over {doc['limit']:,} tokens\n"
        return
    shown = ", ".join(
        f"line {e['line']:,} ({e['tokens']:,})" for e in over["examples"][:SHOW_LINES]
    )
    more = over["count"] - min(over["count"], SHOW_LINES)
    yield (
        f"  over limit  {plural(over['count'], 'example')} over {doc['limit']:,} tokens (K001),"
        f" truncated by OpenAI: {shown}{f', and {more:,} more' if more else ''}\n"
    )


def _text_file(doc: dict[str, Any], unicode: bool, *, validation: bool = False) -> Iterator[str]:
    fmt = doc["format"] or "format unknown"
    if doc["format"] is not None:
        fmt += " (detected)" if doc["format_source"] == "auto" else " (from --format)"
    yield (
        f"{'validation: ' if validation else ''}{doc['path']}: {fmt},"
        f" {plural(doc['examples'], 'example')} ({doc['valid']:,} valid, {doc['invalid']:,}"
        f" invalid), {plural(doc['duplicates'], 'duplicate')}\n"
    )
    if doc["model"] is None:
        yield "  no valid example: nothing to count (`ftlint check` shows why)\n"
        return
    limit = (
        f"at most {doc['limit']:,} tokens per example"
        if doc["limit"] is not None
        else "no known per-example limit"
    )
    source = "--model" if doc["model_source"] == "option" else f"default for {doc['format']}"
    yield f"  model       {doc['model']} ({source}): {doc['encoding']}, {limit}\n"
    if doc["messages"] is not None:
        roles = ", ".join(f"{role} {n:,}" for role, n in doc["roles"].items())
        yield f"  messages    {_dist(doc['messages'])}\n"
        yield f"  roles       {roles}\n"
        yield f"  without     system {doc['without_system']:,}, user {doc['without_user']:,}\n"
        yield (
            f"  with        tools {doc['with_tools']:,}, tool calls {doc['with_tool_calls']:,}"
            f" ({plural(doc['tool_calls'], 'call')}), images {doc['with_images']:,}"
            f" ({plural(doc['images'], 'image')}), weight-0 turns {doc['with_weight0']:,}"
            f" ({plural(doc['weight0_turns'], 'turn')})\n"
        )
    if doc["tokens"] is None:
        return
    yield f"  tokens      {_dist(doc['tokens'])}\n"
    yield f"  trained     {_dist(doc['trained_tokens'])}\n"
    yield "  histogram   tokens per example\n"
    yield from _bars(doc["histogram"], unicode)
    yield from _over_limit(doc)
    for reason in doc["cannot_train"]:
        yield f"  cannot run  {reason}; OpenAI would refuse the job\n"
    if validation:
        return
    if doc["billing"] == "time":
        yield "  billing     reinforcement fine-tuning is billed by training time, not tokens\n"
        return
    how = "--epochs" if doc["epochs_source"] == "option" else "cookbook default"
    yield (
        f"  training    {doc['epochs']:,} epochs ({how} for {doc['valid']:,} examples);"
        f" billed {doc['billed_tokens']:,} tokens × {doc['epochs']:,} ="
        f" {doc['charged_tokens']:,} tokens\n"
    )
    if doc["cost"] is not None:
        note = "; for a job that cannot run (see above)" if doc["cannot_train"] else ""
        yield f"  cost        ≈ {_cost(doc['cost'])} at the given price per 1M tokens{note}\n"


def render_text(
    result: StatsResult, options: Options, *, unicode: bool | None = None
) -> Iterator[str]:
    """The statistics for a terminal: a block per file, the total, then the validation."""
    doc = document(result, options)
    uni = _unicode_ok() if unicode is None else unicode
    for file in doc["files"]:
        yield from _text_file(file, uni)
    total = doc["total"]
    if len(doc["files"]) > 1:
        formats = ", ".join(
            f"{fmt} {plural(entry['files'], 'file')}" for fmt, entry in total["formats"].items()
        )
        yield (
            f"total: {plural(total['files'], 'file')} ({formats}),"
            f" {plural(total['examples'], 'example')} ({total['valid']:,} valid,"
            f" {total['invalid']:,} invalid), {plural(total['duplicates'], 'duplicate')}\n"
        )
        if total["tokens"] is not None:
            yield f"  tokens      {_dist(total['tokens'])}\n"
            yield f"  trained     {_dist(total['trained_tokens'])}\n"
        yield (
            f"  training    {plural(total['over_limit'], 'example')} over the limit;"
            f" billed {total['billed_tokens']:,} tokens, charged {total['charged_tokens']:,}"
            " (each file with its epochs)\n"
        )
        if total["cost"] is not None:
            yield f"  cost        ≈ {_cost(total['cost'])} at the given price per 1M tokens\n"
    validation = doc["validation"]
    if validation is not None:
        yield from _text_file(validation, uni, validation=True)
        overlap = validation["overlap"]
        if not overlap:
            yield "  overlap     no example is also in the training data\n"
        else:
            vpath = validation["path"]
            pairs = ", ".join(
                f"{o['train_path']}:{o['train_line']} = {vpath}:{o['validation_line']}"
                for o in overlap[:SHOW_LINES]
            )
            more = len(overlap) - min(len(overlap), SHOW_LINES)
            yield (
                f"  overlap     {plural(len(overlap), 'example')} also in the training data"
                f" (R43): {pairs}{f', and {more:,} more' if more else ''}\n"
            )
    if doc["price_per_mtok"] is None and any(f.get("billing") == "tokens" for f in doc["files"]):
        yield "note: add --price-per-mtok PRICE for a cost estimate\n"
    encodings = ", ".join(f"{name} from {origin}" for name, origin in doc["encodings"].items())
    if encodings:
        yield (
            f"note: p10/p90 are the cookbook's 'p5/p95' ({QUANTILE_METHOD.split(' (')[0]});"
            f" tokens as OpenAI's server counts them (the cookbook's count less"
            f" {SERVER_DISCOUNT['chat']} per chat example; -o json has both), images and"
            f" tools approximated; {encodings}\n"
        )


# -- JSON ------------------------------------------------------------------------------


def render_json(result: StatsResult, options: Options) -> Iterator[str]:
    """The statistics as one pretty-printed JSON document."""
    raw = msgspec.json.encode(document(result, options))
    yield msgspec.json.format(raw, indent=2).decode() + "\n"


# -- Markdown ----------------------------------------------------------------------------


def _cell(value: float | None) -> str:
    return "" if value is None else _num(value)


def _md_row(doc: dict[str, Any], *, label: str | None = None) -> str:
    tokens = doc["tokens"] or {}
    trained = doc["trained_tokens"] or {}
    over = doc["over_limit"]
    over_count = over["count"] if isinstance(over, dict) else over
    name = label or escape(doc["path"])
    model = escape(doc["model"]) if doc.get("model") else ""
    cost = doc.get("cost")
    cells = [
        name,
        doc.get("format") or "",
        model,
        _cell(doc["examples"]),
        _cell(doc["valid"]),
        _cell(doc["duplicates"]),
        _cell(tokens.get("total")),
        _cell(trained.get("total")),
        _cell(tokens.get("max")),
        _cell(over_count),
        _cell(doc.get("epochs")),
        _cell(doc.get("charged_tokens")),
        "" if cost is None else _cost(cost),
    ]
    return "| " + " | ".join(cells) + " |\n"


_MD_HEAD = (
    "| File | Format | Model | Examples | Valid | Duplicates | Tokens | Trained | Max per"
    " example | Over limit | Epochs | Charged tokens | Cost |\n"
    "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
)


def _md_dist(docs: list[dict[str, Any]]) -> Iterator[str]:
    rows = []
    for doc in docs:
        for label, key in (
            ("messages", "messages"),
            ("tokens", "tokens"),
            ("trained", "trained_tokens"),
        ):
            s = doc.get(key)
            if s is not None:
                rows.append(
                    f"| {escape(doc['path'])} | {label} | {_num(s['min'])} | {_num(s['p10'])}"
                    f" | {_num(s['median'])} | {_num(s['mean'])} | {_num(s['p90'])}"
                    f" | {_num(s['max'])} |\n"
                )
    if rows:
        yield "\n<details><summary>Distributions per example</summary>\n\n"
        yield "| File | Per example | Min | p10 | Median | Mean | p90 | Max |\n"
        yield "|---|---|--:|--:|--:|--:|--:|--:|\n"
        yield from rows
        yield "\n</details>\n"


def render_markdown(result: StatsResult, options: Options) -> Iterator[str]:
    """The statistics as GitHub-flavoured Markdown, small enough for a job summary."""
    doc = document(result, options)
    yield "## ftlint stats\n\n"
    yield _MD_HEAD
    for file in doc["files"]:
        yield _md_row(file)
    if len(doc["files"]) > 1:
        yield _md_row(doc["total"], label="**Total**")
    validation = doc["validation"]
    if validation is not None:
        yield _md_row(validation, label=f"{escape(validation['path'])} (validation)")
    yield from _md_dist([*doc["files"], *([validation] if validation else [])])
    over = [
        (file["path"], e)
        for file in [*doc["files"], *([validation] if validation else [])]
        for e in file["over_limit"]["examples"]
    ]
    if over:
        yield "\n### Over the per-example limit (K001)\n\n| File | Line | Tokens |\n|---|--:|--:|\n"
        for path, e in over[: SHOW_LINES * 5]:
            yield f"| {escape(path)} | {e['line']:,} | {e['tokens']:,} |\n"
        if len(over) > SHOW_LINES * 5:
            yield f"\n{plural(len(over) - SHOW_LINES * 5, 'more example')} not listed.\n"
    if validation is not None and validation["overlap"]:
        overlap = validation["overlap"]
        yield (
            "\n### Examples in both training and validation data (R43)\n\n"
            "| Training file | Training line | Validation line |\n|---|--:|--:|\n"
        )
        for o in overlap[: SHOW_LINES * 5]:
            path, line, vline = o["train_path"], o["train_line"], o["validation_line"]
            yield f"| {escape(path)} | {line:,} | {vline:,} |\n"
        if len(overlap) > SHOW_LINES * 5:
            yield f"\n{plural(len(overlap) - SHOW_LINES * 5, 'more example')} not listed.\n"
    notes = [
        f"Quantiles: {QUANTILE_METHOD}; the cookbook labels p10/p90 as p5/p95.",
        f"Tokens: {ACCOUNTING}.",
    ]
    if doc["price_per_mtok"] is not None:
        notes.append(f"Cost at {doc['price_per_mtok']:g} per 1M charged tokens.")
    for file in doc["files"]:
        for reason in file["cannot_train"]:
            notes.append(
                f"**{escape(file['path'])} cannot be trained:** {escape(reason)}; its numbers"
                " are for a job that cannot run."
            )
    yield "\n" + " ".join(notes) + "\n"


class StatsReporter(NamedTuple):
    """An output format of ``ftlint stats``; ``machine``: for programs, no progress bar.

    The registry is :data:`ftlint.reporters.STATS_REPORTERS`, which imports this module
    only when ``ftlint stats`` prints.
    """

    render: Callable[[StatsResult, Options], Iterator[str]]
    machine: bool = False
