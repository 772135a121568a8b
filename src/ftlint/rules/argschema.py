"""Validate tool-call arguments against a function's ``parameters`` JSON Schema (R36), fast.

`jsonschema` is the authority, but building one of its validators costs about a
millisecond (it checks the schema against the metaschema, resolving references through
URLs), and its error path as much again. Real function-calling data gives each example
its own tools, and a schema that drifted makes most calls fail: then that cost was paid
on nearly every tool-using line.

Tool schemas nearly always keep to a small subset of JSON Schema (``type`` with nullable
unions, ``properties``, ``required``, ``additionalProperties``, ``items``, ``enum``,
``const``, numeric bounds, lengths, annotations): `argschema_subset` checks those itself,
verdicts and messages. Generated schemas (Pydantic's) add ``anyOf``, ``allOf``,
``oneOf``, ``pattern`` and ``$ref`` into ``$defs``: `argschema_quick` walks those too,
and the rarer keywords (`argschema_more`), and where its walk is exact, gives the
verdict and the message (`argschema_errors`). jsonschema only sees the rest, with
the cost of each call bounded (`argschema_bounded`: patterns, ``uniqueItems``). A
validator is shared per distinct schema (cached by a digest of the schema's bytes, least
recently used out); a schema used again gets a compiled checker (of the schema flattened
by `argschema_flat`, where Pydantic's optionals and references kept it out of the
subset), and `argschema_typed` adds a typed msgspec decode.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import msgspec
from xxhash import xxh3_128_digest

from ..clip import clip
from .argschema_quick import exact, judged
from .argschema_regex import SlowPattern
from .argschema_subset import _ABSENT, Checker, _Outside, compile_fast, in_subset
from .argschema_typed import typed_decoder
from .verdicts import ACCEPTED, NOT_DECODED, UNSURE, Unchecked

if TYPE_CHECKING:
    from .argschema_meta import Problem

__all__ = [
    "ACCEPTED",
    "NOT_DECODED",
    "UNDETAILED",
    "Checker",
    "Validator",
    "compile_fast",
    "function_validator",
    "validator",
]

# -- validators, shared per distinct schema ------------------------------------------------

_DECODE = msgspec.json.Decoder().decode
# Uses of a validator from which the checker is compiled, and from which its typed decoder
# is built (see argschema_typed). Until then, each use walks the schema
# (`argschema_quick`). Each is built about when its savings would have paid for it.
# Measured on `bench/generate.py` schemas, a use costs 4-7 us walked, 2-3 us checked and
# 0.4-1.8 us decoded typed; compiling the checker costs about 34 us, building the decoder
# 190 us more. Uses are counted while the validator is kept: a schema that comes back
# after it was dropped (tools drawn from a pool larger than the cache) starts again from
# walks, rather than paying for builds it would leave unused.
_COMPILE_AT = 4
_TYPED_AT = 64
# A schema seen again before this many other schemas were met is shared (a dataset with a
# few tools, each in example after example): decoded typed from its first use on. One that
# comes back later is counted as above.
_SHARED_GAP = 64
_UNCOMPILED: Any = object()
UNDETAILED = "(details left out)"  # `Validator.error` without detail
# `Validator.error` of arguments that the walk rejects, where no first error was found.
UNWORDED = "(the first error was not found within the references followed)"
# `Validator.error` where the schema's references branch into more paths than a call may
# follow (`argschema_bounded.jsonschema_error`).
TOO_MANY_REFS = "its references lead along too many paths to follow"
TOO_MANY_REFS_HINT = (
    "a schema reached along several anyOf or oneOf branches is applied once per path;"
    " give each branch a schema of its own, or merge the branches"
)
# `Validator.error` where a `$ref` leads nowhere: to no part of the schema, or out of it.
UNRESOLVED = "cannot be resolved within the schema"
UNRESOLVED_HINT = (
    "a $ref names a part of the same schema, such as #/$defs/Name; ftlint fetches no other document"
)
# `Validator.error` where even jsonschema exceeds Python's recursion limit.
TOO_DEEP = "applying the schema exceeds Python's recursion limit"
TOO_DEEP_HINT = (
    "tool schemas nest a few levels: flatten this one, and see that no reference leads"
    " back to a schema it came from without going into the arguments"
)


class Validator:
    """Arguments validation for one schema. Its first uses walk the schema along the
    arguments (`argschema_quick`: nothing is built, as most schemas of a dataset whose
    examples define their own tools serve a call or two); later uses and every failure
    compile the checker; from `_TYPED_AT` uses on, typed decoding is tried first. A schema
    the checker cannot compile is still walked, and jsonschema judges only what the walk
    is not certain of."""

    __slots__ = (
        "_exactly",
        "_fast",
        "_flat",
        "_full",
        "_meta",
        "_rejected",
        "_subset",
        "_typed",
        "_uses",
        "schema",
    )

    def __init__(self, schema: Any, *, shared: bool = False) -> None:
        """``shared``: a schema that other examples use often (see `_SHARED_GAP`), so
        likely to be used many times: typed decoding is tried from its first use on."""
        self.schema = schema
        self._fast: Any = _UNCOMPILED
        self._flat: Any = schema  # what the checker was compiled from
        self._typed: msgspec.json.Decoder[Any] | None = None
        self._uses = _TYPED_AT - 1 if shared else 0
        self._full: Any = None
        self._meta: tuple[str | None, Problem | None] | None = None  # (draft, its problem)
        self._subset: bool | None = None  # whether compile_fast compiles it, once known
        # Whether argschema_quick.exact holds, once known (a cell the walks share).
        self._exactly: list[bool | None] = [None]
        # The latest value that `judge` rejected: for a schema in the subset, its walks
        # are exact, so the value is invalid and a verdict without detail needs no walk.
        self._rejected: Any = _UNCOMPILED

    @property
    def fast(self) -> Checker | None:
        """The compiled checker, or ``None`` if jsonschema must judge (built on first need):
        of the schema, or of the schema flattened (`argschema_flat`), where it is exact."""
        if self._fast is _UNCOMPILED:
            self._fast = compile_fast(self.schema)
            if self._fast is None and self._exact():
                from .argschema_flat import flattened  # few schemas need it: import then

                flat = flattened(self.schema)
                if flat is not _ABSENT:
                    self._fast = compile_fast(flat)
                    self._flat = flat
        return self._fast  # type: ignore[no-any-return]

    @property
    def typed(self) -> msgspec.json.Decoder[Any] | None:
        """The typed decoder of the schema, if it has one (built on first need)."""
        if self._uses < _TYPED_AT:
            self._build_typed()
        return self._typed

    def _build_typed(self) -> None:
        self._uses = _TYPED_AT
        # Only where the checker applies: what the decoder accepts, it accepts too.
        self._typed = None if self.fast is None else typed_decoder(self._flat)

    def accepts(self, arguments: str) -> bool:
        """Whether the JSON text ``arguments`` certainly parses to a valid value that is not
        a string; ``False`` means: parse it and ask `error`."""
        return self.judge(arguments) is ACCEPTED

    def judge(self, arguments: str) -> Any:
        """`ACCEPTED` if the JSON text ``arguments`` certainly parses to a valid value that
        is not a string. Otherwise the parsed value, to ask `error` about, or `NOT_DECODED`
        if it was not parsed (or does not parse)."""
        typed = self._typed
        if typed is not None:
            try:
                typed.decode(arguments)
            except Exception:  # any failure only means that the general way decides
                return NOT_DECODED
            return ACCEPTED
        self._uses = uses = self._uses + 1
        if uses == _TYPED_AT:
            self._build_typed()
            if self._typed is not None:
                return self.judge(arguments)
        try:
            value = _DECODE(arguments)
        except Exception:
            return NOT_DECODED
        if type(value) is str:
            return value
        fast = self._fast
        try:
            if fast is _UNCOMPILED and uses < _COMPILE_AT:
                valid = judged(self.schema, value, self._exactly)
            else:
                fast = self.fast
                # A schema outside the subset still gets the walk, which follows what
                # generated schemas add (`anyOf`, `$ref`): a jsonschema call costs far more.
                valid = (
                    fast(value) if fast is not None else judged(self.schema, value, self._exactly)
                )
        except RecursionError:  # a deep schema, judged from deep in the caller's stack
            valid = None
        if valid:
            return ACCEPTED
        if valid is not None:  # None: the walk gave up, so the rejection is not certain
            self._rejected = value
        return value

    def error(self, value: Any, *, detail: bool = True) -> str | None:
        """The first validation error of ``value``, as text, or ``None`` if it is valid;
        an `Unchecked` text if it cannot be judged (a ``pattern`` too slow to search).

        Without ``detail``, the text only says that there is one."""
        try:
            return self._error(value, detail)
        except SlowPattern as slow:
            return Unchecked(str(slow), SlowPattern.HINT)
        except RecursionError:
            return Unchecked(TOO_DEEP, TOO_DEEP_HINT)

    def _error(self, value: Any, detail: bool) -> str | None:
        if self._subset is None:
            fast = self._fast
            # (A checker of the flattened schema does not make the schema the subset's.)
            compiled = fast is not _UNCOMPILED and self._flat is self.schema
            self._subset = fast is not None if compiled else in_subset(self.schema)
        if self._subset:
            if not detail and value is self._rejected:
                return UNDETAILED
            # Mostly asked about invalid arguments: the first error is the verdict.
            found = _first_error(self._root(), value)
            if found is not None:
                return _text(*found) if detail else UNDETAILED
            fast = self.fast
            if fast is not None and fast(value):
                return None
        elif value is self._rejected and self._exact():
            # The walk's rejection is the verdict there too, and the first error is found
            # as in the subset.
            if not detail:
                return UNDETAILED
            try:
                found = _first_error(self._root(), value)
            except (_Outside, RecursionError):
                found = None  # the search gave up: jsonschema words it
            if found is not None:
                return _text(*found)
            worded = self._jsonschema_error(value)
            # Invalid all the same, where jsonschema gives up on wording it.
            return UNWORDED if worded is None or isinstance(worded, Unchecked) else worded
        return self._jsonschema_error(value)

    def _exact(self) -> bool:
        known = self._exactly[0]
        if known is None:
            known = self._exactly[0] = exact(self.schema)
        return known

    def _root(self) -> Any:
        schema = self.schema
        if isinstance(schema, dict) and "$schema" in schema:
            return {k: v for k, v in schema.items() if k != "$schema"}
        return schema

    def _jsonschema_error(self, value: Any) -> str | None:
        full = self._jsonschema()
        if full is None:
            return None
        if isinstance(full, Unchecked):  # (no call can be judged: see `_unappliable`)
            return full
        from .argschema_bounded import TooManyRefs, jsonschema_error  # (imported with `full`)

        try:
            error = jsonschema_error(full, value)
        except SlowPattern:
            raise
        except RecursionError:
            return Unchecked(TOO_DEEP, TOO_DEEP_HINT)
        except TooManyRefs:
            return Unchecked(TOO_MANY_REFS, TOO_MANY_REFS_HINT)
        except Exception as exc:
            # The schema passed check_schema but cannot be applied. A `$ref` that leads
            # nowhere, or out of the schema (nothing is fetched), is said; for anything
            # else (a `pattern` that is not a Python regex: T014) nothing is reported.
            ref = getattr(exc, "ref", None)
            if type(ref) is str and _unresolvable(exc):
                ref = "#" + ref if ref.startswith("/") else ref  # (a pointer, as written)
                return Unchecked(f"its $ref {clip(ref, 60)!r} {UNRESOLVED}", UNRESOLVED_HINT)
            return None
        if error is None:
            return None
        return _text(str(error.message), list(reversed(error.path)))

    def problem(self, draft: str | None = None) -> Problem | None:
        """What makes the schema invalid against its dialect's metaschema (``draft``'s,
        if given), ``None`` if nothing, or `UNSURE` if that cannot be told
        (`argschema_meta`; jsonschema only where its walk cannot tell): asked once."""
        known = self._meta
        if known is None or known[0] != draft:
            # (Imported here: only T014 and the schemas that jsonschema judges ask.)
            from .argschema_meta import checked, problem

            found = problem(self.schema, draft)
            if found is UNSURE:
                found = checked(self.schema, draft)
            known = self._meta = (draft, found)
        return known[1]

    def _jsonschema(self) -> Any:
        if self._full is None:
            # False: no validation, for a schema that is not an object or boolean (T005
            # and T006 report it), or not a valid JSON Schema (T014 reports it: jsonschema
            # would refuse it, after a metaschema check of 0.4-2 ms). One that jsonschema
            # cannot check (UNSURE: its check of a schema nested some 50 objects deep
            # exceeds Python's recursion limit, where its validation does not) is applied
            # all the same: the walks gave up on it too, and the call needs a verdict.
            self._full = False
            if isinstance(self.schema, (dict, bool)):
                found = self.problem()
                if found is None or found is UNSURE:
                    self._full = _unappliable(self.schema) or _built(self.schema)
        return self._full or None


def _built(schema: Any) -> Any:
    """jsonschema's validator of ``schema`` (known to pass its metaschema: `problem`),
    with bounded keywords, or False."""
    import jsonschema  # imported on first need: it is slow to import

    from .argschema_bounded import bounded

    try:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        return bounded(cls)(schema)
    except Exception:
        return False


def _unappliable(schema: Any) -> Unchecked | None:
    """Why jsonschema cannot judge a call against ``schema``: a ``$ref`` of it loops, or
    its references lead along more paths than a call may follow (`argschema_loops`)."""
    # (Imported here: only the schemas that jsonschema judges ask.)
    from .argschema_bounded import REFS
    from .argschema_loops import references

    found = references(schema)
    if found is None:
        return None
    if found.loop is not None:
        return Unchecked(
            f"its $ref {clip(found.loop, 60)!r} leads back to a schema it came from, without"
            " going into the arguments",
            "a $ref must pass through properties or items before it comes back to the same schema",
        )
    return Unchecked(TOO_MANY_REFS, TOO_MANY_REFS_HINT) if found.paths > REFS else None


def _unresolvable(exc: Exception) -> bool:
    """Whether jsonschema raised ``exc`` for a reference it could not resolve."""
    from referencing.exceptions import Unresolvable  # (imported with jsonschema)

    return isinstance(exc, Unresolvable)


def _first_error(schema: Any, value: Any) -> tuple[str, list[Any]] | None:
    """`argschema_errors.first_error`, imported on the first failing call: a file whose
    calls are all valid needs none of it."""
    global _first_error
    from .argschema_errors import first_error

    _first_error = first_error  # later calls go straight to it (an import costs 1-2 us)
    return first_error(schema, value)


def _text(message: str, path: list[Any]) -> str:
    """The finding's text: the message, cut to 160 characters, then where (``path`` is
    innermost first; of a path over 120 characters, its first and last 60 are shown)."""
    where = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in reversed(path))
    if len(where) > 120:
        where = where[:60] + "…" + where[-60:]
    message = message if len(message) <= 160 else message[:159] + "…"
    return message + (f" (at arguments{where})" if where else "")


# Digest of a schema's JSON -> its validator, least recently used first. The digest is
# the key, so a schema's bytes are neither kept nor copied to be hashed.
_BY_DIGEST: OrderedDict[bytes, Validator] = OrderedDict()
_BY_DIGEST_MAX = 1024


# Digests of the schemas seen once, whose validators are not kept (most schemas of a
# dataset whose examples define their own tools are never seen again), each with the count
# of schemas met (and not kept) before it (`_MET`).
_SEEN: dict[bytes, int] = {}
_SEEN_MAX = 8192
_MET = itertools.count()


def _by_json(schema_json: Any) -> tuple[Validator, bool]:
    """The validator of a schema's JSON, and whether it is kept (seen before)."""
    digest = xxh3_128_digest(schema_json)
    found = _BY_DIGEST.get(digest)
    if found is not None:
        _BY_DIGEST.move_to_end(digest)
        return found, True
    met = next(_MET)
    first = _SEEN.pop(digest, None)
    if first is None:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        _SEEN[digest] = met
        return Validator(_DECODE(schema_json)), False
    shared = met - first <= _SHARED_GAP
    found = _BY_DIGEST[digest] = Validator(_DECODE(schema_json), shared=shared)
    if len(_BY_DIGEST) > _BY_DIGEST_MAX:
        _BY_DIGEST.popitem(last=False)
    return found, True


def validator(schema: Any) -> Validator:
    """The shared validator of a schema, compiled once per distinct schema.

    ``schema`` is the raw JSON of a ``parameters`` field (``msgspec.Raw``, as decoded), or
    a decoded value.
    """
    if isinstance(schema, msgspec.Raw):
        return _by_json(schema)[0]
    return _by_json(msgspec.json.encode(schema, order="sorted"))[0]


# Function name -> its latest schema (a standalone copy) and that schema's validator. A
# dataset defines the same functions in example after example, and comparing a schema's
# bytes (memcmp) is cheaper than hashing them for the cache above. An entry is only used
# if the bytes are equal, so it is always the validator of that very schema.
_BY_NAME: dict[str, tuple[msgspec.Raw, Validator]] = {}
_BY_NAME_MAX = 512


def function_validator(name: str, parameters: Any) -> Validator:
    """The shared validator of function ``name``'s ``parameters``, as `validator`."""
    if type(parameters) is not msgspec.Raw:
        return validator(parameters)
    known = _BY_NAME.get(name)
    if known is not None and known[0] == parameters:
        return known[1]
    found, kept = _by_json(parameters)
    if kept:  # a schema seen before: its name is likely to come again too
        if len(_BY_NAME) >= _BY_NAME_MAX:
            _BY_NAME.clear()
        # A copy: the decoded Raw shares the buffer of its whole line.
        _BY_NAME[name] = (parameters.copy(), found)
    return found
