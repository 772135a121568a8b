"""Tool-argument validators (`argschema.function_validator`), imported on first use.

Only calls of functions with schemas need the validator, and start-up is part of every
pre-commit run; an import statement in the call path would cost an import lookup per call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .argschema import Validator


class _Validators:
    __slots__ = ("of",)

    def __init__(self) -> None:
        self.of = self._first

    def _first(self, name: str, parameters: Any) -> Validator:
        from .argschema import function_validator

        self.of = function_validator
        return function_validator(name, parameters)


# ``VALIDATORS.of(name, parameters)``: the shared validator of function ``name``'s
# ``parameters`` (see `argschema.function_validator`).
VALIDATORS = _Validators()
