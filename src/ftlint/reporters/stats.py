"""Reporters of ``ftlint stats``: text for people, JSON for programs, Markdown for CI.

All three render one document (:func:`ftlint.reporters.stats_doc.document`, whose schema
its module gives): per training file, the totals over them, then the validation file and
its overlap with the training files. The JSON output is that document; the text and
Markdown forms show the same numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import msgspec

from ..stats import QUANTILE_METHOD
from ..stats_run import StatsResult
from ..tokens import SERVER_DISCOUNT
from .common import plural
from .markdown import escape
from .stats_doc import ACCOUNTING, Options, document

__all__ = [
    "ACCOUNTING",
    "Options",
    "StatsReporter",
    "document",
    "estimate_notes",
]

# How many over-limit examples the text and Markdown forms list (JSON lists all).
SHOW_LINES = 10
BAR_WIDTH = 30

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


def _over_limit(doc: dict[str, Any], target: str) -> Iterator[str]:
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
        f"  over limit  {plural(over['count'], 'example')} over {doc['limit']:,} tokens (K001)"
        f"{', truncated by OpenAI' if target == 'openai' else ''}:"
        f" {shown}{f', and {more:,} more' if more else ''}\n"
    )


def _model_line(doc: dict[str, Any], label: str) -> str:
    """What is counted for the file: the model, how its tokens count, its limit."""
    if doc["model"] is None:
        return f"  model       none: {label} publishes no model table; tokens not counted\n"
    limit = (
        f"at most {doc['limit']:,} tokens per example"
        if doc["limit"] is not None
        else "no known per-example limit"
    )
    source = "--model" if doc["model_source"] == "option" else f"default for {doc['format']}"
    how = doc["encoding"]
    if doc["estimate"] is not None:
        estimate = doc["estimate"]
        how = f"estimated at {estimate['chars_per_token']:g} characters per token"
    elif doc["tokens_counted"] == "none":
        how = f"tokens not counted ({doc['tokens_note'] or 'no tokenizer for this format'})"
    return f"  model       {doc['model']} ({source}): {how}, {limit}\n"


def _text_file(
    doc: dict[str, Any], unicode: bool, target: dict[str, str], *, validation: bool = False
) -> Iterator[str]:
    fmt = doc["format"] or "format unknown"
    if doc["format"] is not None:
        fmt += " (detected)" if doc["format_source"] == "auto" else " (from --format)"
    yield (
        f"{'validation: ' if validation else ''}{doc['path']}: {fmt},"
        f" {plural(doc['examples'], 'example')} ({doc['valid']:,} valid, {doc['invalid']:,}"
        f" invalid), {plural(doc['duplicates'], 'duplicate')}\n"
    )
    if not doc["valid"]:
        yield "  no valid example: nothing to count (`ftlint check` shows why)\n"
        return
    yield _model_line(doc, target["label"])
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
    about = "≈ " if doc["estimate"] is not None else ""
    if doc["tokens"] is not None:
        yield f"  tokens      {about}{_dist(doc['tokens'])}\n"
        yield f"  trained     {about}{_dist(doc['trained_tokens'])}\n"
        yield "  histogram   tokens per example\n"
        yield from _bars(doc["histogram"], unicode)
        yield from _over_limit(doc, target["name"])
    provider = "OpenAI" if target["name"] == "openai" else target["label"]
    for reason in doc["cannot_train"]:
        yield f"  cannot run  {reason}; {provider} would refuse the job\n"
    if validation or doc["billing"] is None:
        return
    if doc["billing"] == "time":
        yield "  billing     reinforcement fine-tuning is billed by training time, not tokens\n"
        return
    if doc["epochs"] is None:
        yield (
            f"  training    billed {about}{doc['billed_tokens']:,} tokens per epoch; give --epochs"
            f" N for the charged tokens (the cookbook's default epochs are OpenAI's)\n"
        )
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
    target = doc["target"]
    if target["name"] != "openai":
        yield f"target: {target['name']} ({target['label']})\n"
    for file in doc["files"]:
        yield from _text_file(file, uni, target)
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
        yield from _text_file(validation, uni, target, validation=True)
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
    if doc["price_per_mtok"] is None and any(f.get("charged_tokens") for f in doc["files"]):
        yield "note: add --price-per-mtok PRICE for a cost estimate\n"
    for line in estimate_notes(doc, uncounted=False):  # the model line says why not
        yield f"note: {line}\n"
    encodings = ", ".join(f"{name} from {origin}" for name, origin in doc["encodings"].items())
    if encodings:
        yield (
            f"note: p10/p90 are the cookbook's 'p5/p95' ({QUANTILE_METHOD.split(' (')[0]});"
            f" tokens as OpenAI's server counts them (the cookbook's count less"
            f" {SERVER_DISCOUNT['chat']} per chat example; -o json has both), images and"
            f" tools approximated; {encodings}\n"
        )


def estimate_notes(doc: dict[str, Any], *, uncounted: bool = True) -> list[str]:
    """One sentence per model whose tokens are estimated or (with ``uncounted``) not
    counted: why, and with what ratio from which source."""
    files = [*doc["files"], *([doc["validation"]] if doc["validation"] else [])]
    notes: dict[str, None] = {}
    for file in files:
        estimate = file["estimate"]
        if estimate is not None and file["tokens"] is not None:
            notes[
                f"≈ {file['model']}'s tokens are estimates at {estimate['chars_per_token']:g}"
                f" characters per token (no tokenizer is published), per {estimate['source']}"
            ] = None
        elif uncounted and file["tokens_counted"] == "none" and file["valid"]:
            why = file["tokens_note"] or f"no token count is defined for {file['format']}"
            notes[f"{file['model']}: tokens not counted ({why})"] = None
    return list(notes)


# -- JSON ------------------------------------------------------------------------------


def render_json(result: StatsResult, options: Options) -> Iterator[str]:
    """The statistics as one pretty-printed JSON document."""
    raw = msgspec.json.encode(document(result, options))
    yield msgspec.json.format(raw, indent=2).decode() + "\n"


# -- Markdown ----------------------------------------------------------------------------


def _cell(value: float | None, about: str = "") -> str:
    return "" if value is None else about + _num(value)


def _md_row(doc: dict[str, Any], *, label: str | None = None) -> str:
    tokens = doc["tokens"] or {}
    trained = doc["trained_tokens"] or {}
    over = doc["over_limit"]
    over_count = over["count"] if isinstance(over, dict) else over
    name = label or escape(doc["path"])
    model = escape(doc["model"]) if doc.get("model") else ""
    cost = doc.get("cost")
    # An estimate's counts read as such in every cell (the notes give the ratio).
    about = "≈ " if doc.get("estimate") else ""
    cells = [
        name,
        doc.get("format") or "",
        model,
        _cell(doc["examples"]),
        _cell(doc["valid"]),
        _cell(doc["duplicates"]),
        _cell(tokens.get("total"), about),
        _cell(trained.get("total"), about),
        _cell(tokens.get("max"), about),
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
                about = "≈ " if key != "messages" and doc.get("estimate") else ""
                rows.append(
                    f"| {escape(doc['path'])} | {about}{label} | {_num(s['min'])}"
                    f" | {_num(s['p10'])} | {_num(s['median'])} | {_num(s['mean'])}"
                    f" | {_num(s['p90'])} | {_num(s['max'])} |\n"
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
    target = doc["target"]
    if target["name"] != "openai":
        yield f"Target: `{target['name']}` ({escape(target['label'])}).\n\n"
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
    notes = [f"Quantiles: {QUANTILE_METHOD}; the cookbook labels p10/p90 as p5/p95."]
    if doc["encodings"]:  # exact counts, OpenAI's accounting
        notes.append(f"Tokens: {ACCOUNTING}.")
    if doc["price_per_mtok"] is not None:
        notes.append(f"Cost at {doc['price_per_mtok']:g} per 1M charged tokens.")
    notes += [f"{escape(note)}." for note in estimate_notes(doc)]
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
