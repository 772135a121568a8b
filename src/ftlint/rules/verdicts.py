"""The verdicts of a tool-argument validator that are not values (see :mod:`.argschema`).

Apart, so that the tool rules can tell them without importing the validator, which only
data with function schemas needs.
"""

from typing import Any

ACCEPTED: Any = object()  # `Validator.judge`: the arguments are valid
NOT_DECODED: Any = object()  # `Validator.judge`: rejected before a value was decoded
# `argschema_meta.problem`: whether the schema is valid cannot be told (jsonschema's own
# check fails on it, or, before jsonschema is asked, the walk does not follow its dialect).
UNSURE: Any = object()
# The longest a search of a schema's `pattern` may take (`argschema_regex`); tool
# arguments are short, and a sane pattern searches them in microseconds.
SEARCH_SECONDS = 0.1


class Unchecked(str):
    """`Validator.error`: why the arguments could not be judged (not an error of theirs),
    with what to do about it (``hint``)."""

    hint: str

    def __new__(cls, text: str, hint: str) -> "Unchecked":
        made = super().__new__(cls, text)
        made.hint = hint
        return made
