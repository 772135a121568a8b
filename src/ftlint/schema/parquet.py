"""Together AI's pre-tokenized data, a Parquet file (reference TG20).

A row is one training sequence: ``input_ids`` (required), and optionally
``attention_mask``, ``labels`` (-100 masks a token from the loss) and ``position_ids``
(Together's newer SDK). No other column is taken. ftlint reads the file's column schema
from its footer (:mod:`ftlint.parquet`), never its rows: this Struct is the row those
columns make, and the one source of the allowed and required column names.
"""

from __future__ import annotations

from typing import Final

import msgspec
from msgspec import UNSET, Struct, UnsetType


class TokenizedExample(Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """One row of pre-tokenized data."""

    input_ids: list[int]
    attention_mask: list[int] | UnsetType = UNSET
    labels: list[int] | UnsetType = UNSET
    position_ids: list[int] | UnsetType = UNSET


_FIELDS = msgspec.structs.fields(TokenizedExample)
COLUMNS: Final = tuple(f.encode_name for f in _FIELDS)
REQUIRED: Final = tuple(f.encode_name for f in _FIELDS if f.required)
