"""The verdicts of a tool-argument validator that are not values (see :mod:`.argschema`).

Apart, so that the tool rules can tell them without importing the validator, which only
data with function schemas needs.
"""

from typing import Any

ACCEPTED: Any = object()  # `Validator.judge`: the arguments are valid
NOT_DECODED: Any = object()  # `Validator.judge`: rejected before a value was decoded
