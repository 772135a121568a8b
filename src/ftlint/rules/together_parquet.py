"""Together AI's pre-tokenized Parquet files (S302; reference TG20), in force with
``--target together`` only.

Together's checker (``_check_parquet`` in together-python's ``utils/files.py``) loads the
file with pyarrow, then requires an ``input_ids`` column, refuses any column but
``input_ids``, ``attention_mask``, ``labels`` (and ``position_ids`` in the newer SDK),
and counts the rows (at least one: F001). It checks no column's type or value. ftlint
does the same from the file's footer (:mod:`ftlint.parquet`), without pyarrow: a file
whose footer cannot be read is S302 too. Not checked, since no row is read: the values
(that ``labels`` masks with -100, that the columns of a row have equal lengths).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..parquet import Footer
from ..schema.collect import Issue
from ..schema.parquet import COLUMNS, REQUIRED
from .explain_common import Explained, explains_format, plain
from .registry import define, on_example

if TYPE_CHECKING:
    from .context import LineContext

_CHECKER = (
    "https://github.com/togethercomputer/together-python/blob/main/src/together/utils/files.py"
)
_CONSTANTS = (
    "https://github.com/togethercomputer/together-py/blob/main/src/together/lib/constants.py"
)
_DATA_PREP = "https://docs.together.ai/docs/fine-tuning/data-preparation"
FORMAT = "parquet"

PARQUET_COLUMNS = define(
    "S302",
    "invalid-parquet-file",
    ["TG20"],
    f"""
    A Parquet file cannot be read, lacks the `input_ids` column, or has a column Together
    does not take (Together AI).

    Together's pre-tokenized files hold `input_ids` (required), and optionally
    `attention_mask`, `labels` (-100 masks a token) and `position_ids` (Together's newer
    SDK, {_CONSTANTS}); its checker fails any other column ("contains an unexpected
    column") and a file pyarrow cannot load. ftlint reads the columns from the file's
    footer; it does not read the rows, so their values are not checked. Reported once per
    file, once for each problem.

    Provider: Together AI. Sources: {_CHECKER} and {_DATA_PREP}.
    """,
    treatment="REJECT",
    confidence="H",
    source="TG-PY; TG-PY2; TG-SKILL",
    formats=(FORMAT,),
    default=False,
)

Report = Callable[[str, str | None], None]


def check_columns(footer: Footer, report: Report) -> bool:
    """Report S302 for each missing or unknown column (``report(message, hint)``); whether
    the columns are what Together takes."""
    names = [column.name for column in footer.columns]
    good = True
    for name in REQUIRED:
        if name not in names:
            good = False
            report(
                f"no `{name}` column; Together's pre-tokenized data requires one",
                "write the token ids of each sequence in an `input_ids` column",
            )
    for column in footer.columns:
        if column.name not in COLUMNS:
            good = False
            report(
                f"unexpected column `{column.name}` ({column.type}); Together takes only"
                f" {', '.join(COLUMNS)}",
                "drop the column, or tokenize it into the ones Together takes",
            )
    return good


# A JSON line read as `parquet` (``--format parquet`` on JSON Lines, or ``check_lines``):
# Parquet data is a file, whose footer the engine reads (engine/parquet_check.py).
_JSON = "this line is JSON; Parquet data is a .parquet file, read from its footer"


@on_example(FORMAT)
def _json_line(example: Any, ctx: LineContext) -> None:
    ctx.report("S302", _JSON, (), hint="give the .parquet file, or another --format")


@explains_format(FORMAT)
def _explain(issue: Issue, obj: Mapping[str, Any]) -> Explained:
    """Each problem of a JSON line read as `parquet`, which is wrong as a whole too."""
    kind, path, key, reason = issue
    hint = "give the .parquet file, or another --format"
    if kind == "unknown":
        return Explained("S302", f"`{key}` is not a column Together takes; {_JSON}", hint, path)
    if kind == "missing":
        return Explained("S302", f"no `{key}`; {_JSON}", hint, path)
    return Explained("S302", f"{plain(reason)}; {_JSON}", hint, path)
