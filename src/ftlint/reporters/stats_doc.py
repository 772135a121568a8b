"""The document every ``ftlint stats`` reporter renders (:func:`document`): per training
file, the totals over them, then the validation file and its overlap with the training
files. The JSON output is this document; the text and Markdown forms show the same
numbers.

Schema (``"version": 1``)::

    {
      "version": 1,
      "tool": {"name": "ftlint", "version": "..."},
      "quantiles": "...the method...",
      "accounting": "...the token accounting...", "token_accounting": "server",
      "target": {"name", "label"},
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
            "tokens_counted": "exact", "estimate", "none" or null (no model),
            "estimate": null or {"chars_per_token", "source"}, "tokens_note",
            "limit", "examples", "valid", "invalid", "duplicates", "errors", "warnings",
            "infos", "messages": SUMMARY, "roles": {role: n}, "without_system",
            "without_user", "with_tools", "with_tool_calls", "tool_calls", "with_images",
            "images", "with_weight0", "weight0_turns", "tokens": SUMMARY,
            "cookbook_tokens", "trained_tokens": SUMMARY, "histogram": [[low, high, count]],
            "over_limit": {"count", "examples": [{"line", "tokens"}]},
            "cannot_train": [why the --model cannot train the file (F009, F010); for the
            validation file, also why the pair cannot run (F012, F013, F903)],
            "billing": "tokens", "time" or null, "epochs", "epochs_source", "billed_tokens",
            "charged_tokens", "cookbook_billed_tokens", "cookbook_charged_tokens", "cost"}
    SUMMARY = null or {"count", "total", "min", "p10", "median", "mean", "p90", "max"}

Token counts are the server's (``token_accounting``): OpenAI's ``trained_tokens`` for a
chat example is the cookbook's count less 2 (spec §7.1; other formats keep the cookbook's
count). ``cookbook_tokens`` (a total), ``cookbook_billed_tokens`` and
``cookbook_charged_tokens`` are the cookbook notebook's figures, for comparing with it.
``billed_tokens`` is the sum over examples of ``min(limit, tokens)``; ``charged_tokens``
is that times the epochs (the job's ``trained_tokens``); ``cost`` needs
``--price-per-mtok``. Reinforcement fine-tuning is billed by training time, so its billing
fields are null.

Under ``--target``, a model whose provider publishes no tokenizer is counted with the
provider's own characters-per-token ratio: ``tokens_counted`` is ``"estimate"`` and
``estimate`` gives the ratio and its source; with no ratio either, nothing is counted
(``"none"``, and ``tokens_note`` says why). The epochs default to the cookbook's only for
OpenAI and Azure (whose copy of the cookbook it is); for another target, ``epochs`` and
the charged tokens are null unless ``--epochs`` is given.

The per-example limit (``over_limit``, K001) is checked on the cookbook's count, the
larger. When ``--model`` names a model that cannot train the file (the method,
or images for a text-only model), the numbers are still given, for a job that cannot run,
and every form says so.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec

from .. import targets
from .._version import __version__
from ..stats import QUANTILE_METHOD, ExampleStats, Summary, histogram, summarize, target_epochs
from ..stats_run import FileStats, StatsResult
from ..tokens import IMAGE_TOKENS, REPLY_PRIMING, SERVER_DISCOUNT

VERSION = 1
TOKEN_ACCOUNTING = "server"
ACCOUNTING = (
    "the server's: 3 tokens per message, its role, its name and 1 more, and 1 at the end"
    f" of a chat example (the cookbook's count less {SERVER_DISCOUNT['chat']}; the cookbook"
    f" adds {REPLY_PRIMING} for reply priming, as do the other formats); approximations:"
    f" {IMAGE_TOKENS} tokens per image, a tool or function definition as its compact JSON,"
    " a call as its name and arguments"
)


class Options(msgspec.Struct, frozen=True, kw_only=True):
    """Billing options: ``epochs`` overrides the default; ``price_per_mtok`` adds a cost."""

    epochs: int | None = None
    price_per_mtok: float | None = None


def _summary(summary: Summary | None) -> dict[str, Any] | None:
    return None if summary is None else msgspec.structs.asdict(summary)


def _billing(file: FileStats, options: Options) -> dict[str, Any]:
    how = file.counting
    counted = file.examples.counted and how is not None
    if file.report.format == "reinforcement" or not counted:
        return {
            "billing": "time" if file.report.format == "reinforcement" else None,
            "epochs": None,
            "epochs_source": None,
            "billed_tokens": None,
            "charged_tokens": None,
            "cookbook_billed_tokens": None,
            "cookbook_charged_tokens": None,
            "cost": None,
        }
    examples = file.examples
    epochs = options.epochs
    if epochs is None and how is not None:
        epochs = target_epochs(how.target, examples.examples)
    charged = None if epochs is None else examples.billed * epochs
    cost = None
    if options.price_per_mtok is not None and charged is not None:
        cost = charged * options.price_per_mtok / 1_000_000
    return {
        "billing": "tokens",
        "epochs": epochs,
        "epochs_source": None if epochs is None else "option" if options.epochs else "default",
        "billed_tokens": examples.billed,
        "charged_tokens": charged,
        "cookbook_billed_tokens": examples.cookbook_billed,
        "cookbook_charged_tokens": None if epochs is None else examples.cookbook_billed * epochs,
        "cost": cost,
    }


def _file(file: FileStats, options: Options, *, bill: bool = True) -> dict[str, Any]:
    report, ex = file.report, file.examples
    counted = ex.counted
    how = file.counting
    doc: dict[str, Any] = {
        "path": report.path,
        "format": report.format,
        "format_source": report.format_source,
        "model": None if how is None else how.model,
        "model_source": file.model_source,
        "encoding": file.encoding,
        "tokens_counted": None if how is None else how.how if counted else "none",
        "estimate": None
        if how is None or how.how != "estimate"
        else {"chars_per_token": how.ratio, "source": how.source},
        "tokens_note": None if how is None or counted else how.tokens_note,
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
    charged = [f for f in billed if f["charged_tokens"] is not None]
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
        "charged_tokens": sum(f["charged_tokens"] for f in charged),
        "cost": sum(costs) if costs and None not in costs else None,
        "cookbook_tokens": merged.cookbook if merged.counted else None,
        "cookbook_billed_tokens": sum(f["cookbook_billed_tokens"] for f in billed),
        "cookbook_charged_tokens": sum(f["cookbook_charged_tokens"] for f in charged),
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
        "target": {"name": result.target, "label": targets.get(result.target).label},
        "encodings": dict(sorted(result.origins.items())),
        "epochs": options.epochs,
        "price_per_mtok": options.price_per_mtok,
        "files": files,
        "total": _total(result, files),
        "validation": validation,
    }
