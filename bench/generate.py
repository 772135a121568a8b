"""Generate realistic OpenAI chat fine-tuning JSONL (supervised format) for benchmarks.

Seeded and deterministic: the same ``--seed``, ``--size-mb`` and ``--errors`` give the same
bytes (on the same Python version). Streams line by line, so memory stays constant
whatever the size.

What a line looks like:

- ``{"messages": [...]}`` with an optional system message, then 1-4 user/assistant turns;
  mean line length about 2.8 KB (1 MB = 10**6 bytes throughout).
- about 12% of examples use tools: a ``tools`` list of function definitions with JSON
  Schema ``parameters``, an assistant message with ``tool_calls`` and ``content: null``,
  one ``tool`` message per call (``tool_call_id``), then a final assistant answer.
- about 10% of multi-turn examples set ``weight: 0`` on earlier assistant turns.
- about 10% of examples are in non-ASCII text (accented Latin, Cyrillic, CJK), and some
  others carry an emoji or a typographic quote; ~4% of user messages use content parts.
- text has newlines, quotes, backslashes and code blocks, so JSON escapes appear.

``--errors RATE`` replaces that fraction of lines (never line 1) by a broken one, drawn
from an independent random stream so the clean lines stay the same bytes: invalid JSON
(truncated line or trailing comma), a bad role (``human``, ``gpt``...), a wrong content
type (a number or an object), a missing key (user ``content`` or ``tool_call_id``), or a
blank line. The kinds are used in turn, in equal numbers.

``--kind`` picks the data (the default, ``chat``, is the above, unchanged byte for byte):

- ``dpo``: preference (DPO) lines, ``{"input": {"messages": [...]}, "preferred_output":
  [...], "non_preferred_output": [...]}``. The input is an optional system message and 1-3
  user turns (earlier turns answered), ending with a user message; each output is one
  assistant message, the two always different. About 8% of inputs carry ``tools``, and
  then the preferred output is a tool call and the other a text answer. Mean line about
  2.8 KB, 2.9 input messages. Errors as above, except that a missing key drops
  ``non_preferred_output`` (half of the time) or a user ``content``.
- ``tools``: tool-call-heavy chat lines. Every example has a ``tools`` list (2-6
  definitions) and 1-3 user turns; each turn has 1-3 rounds of an assistant message with
  1-3 ``tool_calls`` (``content`` null, or a short text in 15% of them), one ``tool``
  message per call, then a final answer. Mean line about 8.1 KB, with 12.6 messages and
  5.2 tool calls.

Usage::

    python bench/generate.py --size-mb 100 --seed 1 --out bench/data/chat.jsonl
    python bench/generate.py --size-mb 100 --seed 1 --errors 0.01 --out bench/data/bad.jsonl
    python bench/generate.py --kind dpo --size-mb 100 --out bench/data/dpo.jsonl
    python bench/generate.py --kind tools --size-mb 100 --out bench/data/tools.jsonl

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections.abc import Iterator
from typing import Any

from variants import MORE_ERROR_KINDS, FreshTools, break_line

MB = 1_000_000
ERROR_KINDS = ("invalid_json", "bad_role", "wrong_content_type", "missing_key", "blank_line")
ERROR_MIXES = {"classic": ERROR_KINDS, "all": ERROR_KINDS + MORE_ERROR_KINDS}
KINDS = ("chat", "dpo", "tools")

_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"
_COMMON = (  # noqa: SIM905
    "the of and to in is that for it as with was on be by this are or from at an "
    "which have not you can will your data model file when each more use one all "
    "would there their what about if so than into other some time could these two may "
    "then only first also new because any most how should through where after before "
    "while"
).split()
_ACCENTED = "àáâäçèéêëìíîïñòóôöùúûüßøåæœ"
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщыэюя"
_CJK = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着"
    "去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主"
    "行方又如前所本见经头面公同三已老从动两长知民样现"
)
_EMOJI = ("🙂", "🚀", "✅", "📄", "🔍", "⚠️", "👍", "🎉", "→", "…", "“", "”", "€", "°C")
_ROLES_BAD = ("human", "gpt", "bot", "User", "model", "Assistant")


class _Text:
    """Pools of pseudo-words and sentences, built once from the seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        words = list(_COMMON)
        for _ in range(4000):
            n = rng.choice((1, 2, 2, 2, 3, 3, 4))
            words.append(
                "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(n))
                + rng.choice(("", "", "", "n", "s", "r", "t", "ing", "ed"))
            )
        self.words = words
        accented = []
        for _ in range(1500):
            n = rng.choice((2, 2, 3, 3, 4))
            accented.append(
                "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS + _ACCENTED) for _ in range(n))
            )
        cyrillic = [
            "".join(rng.choice(_CYRILLIC) for _ in range(rng.randint(2, 9))) for _ in range(1500)
        ]
        self.sentences = [self._sentence(words) for _ in range(6000)]
        self.foreign = (
            [self._sentence(accented) for _ in range(1500)]
            + [self._sentence(cyrillic) for _ in range(1500)]
            + [self._cjk() for _ in range(1500)]
        )
        self.system_prompts = [self.paragraph(rng.randint(1, 5)) for _ in range(40)]

    def _sentence(self, pool: list[str]) -> str:
        rng = self.rng
        n = rng.randint(3, 19)
        ws = [rng.choice(pool) for _ in range(n)]
        if n > 8 and rng.random() < 0.3:
            ws[rng.randrange(1, n - 1)] += ","
        if rng.random() < 0.05:
            i = rng.randrange(n)
            ws[i] = f'"{ws[i]}"'
        if rng.random() < 0.04:
            ws.append(str(rng.randint(0, 99999)))
        s = " ".join(ws)
        return s[0].upper() + s[1:] + rng.choice(".........?!:")

    def _cjk(self) -> str:
        rng = self.rng
        return "".join(rng.choice(_CJK) for _ in range(rng.randint(8, 40))) + rng.choice("。。？！")

    def paragraph(self, n: int, foreign: bool = False) -> str:
        rng = self.rng
        pool = self.foreign if foreign else self.sentences
        out = " ".join(rng.choice(pool) for _ in range(n))
        if not foreign and rng.random() < 0.015:
            out += " " + rng.choice(_EMOJI)
        return out

    def document(self, paragraphs: int, foreign: bool, code: float = 0.0) -> str:
        rng = self.rng
        parts = []
        for _ in range(paragraphs):
            r = rng.random()
            if r < code:
                parts.append(self.code_block())
            elif r < code + 0.12:
                items = rng.randint(2, 6)
                parts.append(
                    "\n".join(
                        f"{i + 1}. {self.paragraph(1, foreign)}"
                        if rng.random() < 0.5
                        else f"- {self.paragraph(1, foreign)}"
                        for i in range(items)
                    )
                )
            else:
                parts.append(self.paragraph(rng.randint(1, 5), foreign))
        return "\n\n".join(parts)

    def code_block(self) -> str:
        rng = self.rng
        lines = []
        for _ in range(rng.randint(3, 14)):
            indent = "    " * rng.randint(0, 2)
            a, b = rng.choice(self.words), rng.choice(self.words)
            lines.append(
                rng.choice(
                    (
                        f"{indent}{a} = {b}({rng.randint(0, 99)})",
                        f'{indent}print("{a}\\t{b}")',
                        f"{indent}if {a} == '{b}':",
                        f'{indent}return {{"{a}": {rng.random():.3f}}}',
                        f'{indent}path = r"C:\\{a}\\{b}.txt"',
                        f"{indent}# {a} {b}",
                    )
                )
            )
        return "```python\n" + "\n".join(lines) + "\n```"


class _Tools:
    """A pool of function definitions, and arguments and results that fit them."""

    _TYPES = ("string", "string", "string", "integer", "number", "boolean", "enum", "array")

    def __init__(self, rng: random.Random, text: _Text) -> None:
        self.rng = rng
        self.text = text
        self.defs: list[dict[str, Any]] = []
        for i in range(36):
            verb = rng.choice(("get", "search", "create", "update", "lookup", "list", "send"))
            name = f"{verb}_{rng.choice(text.words)}_{i}"
            props: dict[str, Any] = {}
            for _ in range(rng.randint(1, 6)):
                kind = rng.choice(self._TYPES)
                pname = rng.choice(text.words)
                desc = text.paragraph(1)
                if kind == "enum":
                    props[pname] = {
                        "type": "string",
                        "enum": rng.sample(text.words[:800], rng.randint(2, 5)),
                        "description": desc,
                    }
                elif kind == "array":
                    props[pname] = {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": desc,
                    }
                else:
                    props[pname] = {"type": kind, "description": desc}
            required = [p for p in props if rng.random() < 0.6]
            params: dict[str, Any] = {"type": "object", "properties": props}
            if required:
                params["required"] = required
            if rng.random() < 0.3:
                params["additionalProperties"] = False
            fn: dict[str, Any] = {
                "name": name,
                "description": text.paragraph(rng.randint(1, 2)),
                "parameters": params,
            }
            if rng.random() < 0.2:
                fn["strict"] = False
            self.defs.append({"type": "function", "function": fn})
        self.fresh: FreshTools | None = None  # --own-tools

    def pick(self, rng: random.Random, n: int) -> list[dict[str, Any]]:
        """The ``n`` definitions of one example: from the shared pool, or its own."""
        if self.fresh is not None:
            return self.fresh.define(rng, n)
        return rng.sample(self.defs, n)

    def arguments(self, tool: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        if self.fresh is not None:
            return self.fresh.arguments(rng, tool)
        args: dict[str, Any] = {}
        for pname, spec in tool["function"]["parameters"]["properties"].items():
            if "enum" in spec:
                args[pname] = rng.choice(spec["enum"])
            elif spec["type"] == "integer":
                args[pname] = rng.randint(0, 10000)
            elif spec["type"] == "number":
                args[pname] = round(rng.uniform(-100, 100), 3)
            elif spec["type"] == "boolean":
                args[pname] = rng.random() < 0.5
            elif spec["type"] == "array":
                args[pname] = [rng.choice(self.text.words) for _ in range(rng.randint(1, 4))]
            else:
                words = self.text.words
                args[pname] = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        return args

    def result(self) -> str:
        rng = self.rng
        obj: dict[str, Any] = {"status": rng.choice(("ok", "ok", "ok", "not_found"))}
        for _ in range(rng.randint(1, 8)):
            key = rng.choice(self.text.words)
            obj[key] = rng.choice(
                (
                    rng.randint(0, 10**6),
                    self.text.paragraph(1),
                    [rng.choice(self.text.words) for _ in range(3)],
                    {"id": rng.randint(1, 999), "name": rng.choice(self.text.words)},
                )
            )
        return json.dumps(obj, ensure_ascii=False)


def _call_id(rng: random.Random) -> str:
    return "call_" + "".join(rng.choices(string.ascii_letters + string.digits, k=24))


def _example(rng: random.Random, text: _Text, tools: _Tools) -> dict[str, Any]:
    foreign = rng.random() < 0.10
    messages: list[dict[str, Any]] = []
    if rng.random() < 0.8:
        messages.append({"role": "system", "content": rng.choice(text.system_prompts)})
    example: dict[str, Any] = {"messages": messages}

    if rng.random() < 0.12:
        chosen = tools.pick(rng, rng.randint(1, 4))
        messages.append({"role": "user", "content": text.document(rng.randint(1, 2), foreign)})
        calls = []
        for tool in rng.sample(chosen, min(len(chosen), rng.choice((1, 1, 1, 2)))):
            calls.append(
                {
                    "id": _call_id(rng),
                    "type": "function",
                    "function": {
                        "name": tool["function"]["name"],
                        "arguments": json.dumps(tools.arguments(tool), ensure_ascii=False),
                    },
                }
            )
        messages.append({"role": "assistant", "content": None, "tool_calls": calls})
        for call in calls:
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": tools.result()})
        messages.append(
            {"role": "assistant", "content": text.document(rng.randint(1, 3), foreign, 0.1)}
        )
        example["tools"] = chosen
        if rng.random() < 0.2:
            example["parallel_tool_calls"] = False
        return example

    turns = rng.choice((1, 1, 1, 2, 2, 3, 4))
    weight0 = turns > 1 and rng.random() < 0.10
    for t in range(turns):
        user: dict[str, Any] = {"role": "user"}
        body = text.document(rng.randint(1, 3), foreign, 0.05)
        if rng.random() < 0.04:
            user["content"] = [{"type": "text", "text": body}]
        else:
            user["content"] = body
        messages.append(user)
        answer: dict[str, Any] = {
            "role": "assistant",
            "content": text.document(rng.randint(1, 4), foreign, 0.12),
        }
        if weight0 and t < turns - 1:
            answer["weight"] = 0
        elif weight0 and rng.random() < 0.5:
            answer["weight"] = 1
        messages.append(answer)
    return example


def _calls(rng: random.Random, tools: _Tools, chosen: list[dict[str, Any]], n: int) -> list[Any]:
    """``n`` tool calls (at most one per chosen tool) with arguments that fit the tool."""
    calls = []
    for tool in rng.sample(chosen, min(len(chosen), n)):
        calls.append(
            {
                "id": _call_id(rng),
                "type": "function",
                "function": {
                    "name": tool["function"]["name"],
                    "arguments": json.dumps(tools.arguments(tool), ensure_ascii=False),
                },
            }
        )
    return calls


def _tools_example(rng: random.Random, text: _Text, tools: _Tools) -> dict[str, Any]:
    """A tool-call-heavy chat example (``--kind tools``)."""
    foreign = rng.random() < 0.10
    messages: list[dict[str, Any]] = []
    if rng.random() < 0.8:
        messages.append({"role": "system", "content": rng.choice(text.system_prompts)})
    chosen = tools.pick(rng, rng.randint(2, 6))
    example: dict[str, Any] = {"messages": messages, "tools": chosen}
    turns = rng.choice((1, 1, 2, 3))
    weight0 = turns > 1 and rng.random() < 0.10
    parallel = False
    for t in range(turns):
        messages.append({"role": "user", "content": text.document(rng.randint(1, 2), foreign)})
        for _ in range(rng.choice((1, 1, 2, 3))):
            calls = _calls(rng, tools, chosen, rng.choice((1, 1, 2, 3)))
            parallel = parallel or len(calls) > 1
            content = text.paragraph(1, foreign) if rng.random() < 0.15 else None
            messages.append({"role": "assistant", "content": content, "tool_calls": calls})
            for call in calls:
                messages.append(
                    {"role": "tool", "tool_call_id": call["id"], "content": tools.result()}
                )
        answer: dict[str, Any] = {
            "role": "assistant",
            "content": text.document(rng.randint(1, 2), foreign, 0.1),
        }
        if weight0 and t < turns - 1:
            answer["weight"] = 0
        messages.append(answer)
    if not parallel and rng.random() < 0.3:
        example["parallel_tool_calls"] = False
    return example


def _dpo_example(rng: random.Random, text: _Text, tools: _Tools) -> dict[str, Any]:
    """A preference (DPO) example (``--kind dpo``)."""
    foreign = rng.random() < 0.10
    messages: list[dict[str, Any]] = []
    if rng.random() < 0.7:
        messages.append({"role": "system", "content": rng.choice(text.system_prompts)})
    turns = rng.choice((1, 1, 1, 2, 3))
    for t in range(turns):
        body = text.document(rng.randint(1, 3), foreign, 0.05)
        if rng.random() < 0.04:
            messages.append({"role": "user", "content": [{"type": "text", "text": body}]})
        else:
            messages.append({"role": "user", "content": body})
        if t < turns - 1:
            messages.append(
                {"role": "assistant", "content": text.document(rng.randint(1, 3), foreign, 0.1)}
            )
    conversation: dict[str, Any] = {"messages": messages}
    worse = {"role": "assistant", "content": text.document(rng.randint(1, 3), foreign, 0.1)}
    if rng.random() < 0.08:
        chosen = tools.pick(rng, rng.randint(1, 4))
        conversation["tools"] = chosen
        better: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": _calls(rng, tools, chosen, rng.choice((1, 1, 2))),
        }
    else:
        better = {"role": "assistant", "content": text.document(rng.randint(1, 4), foreign, 0.12)}
    return {"input": conversation, "preferred_output": [better], "non_preferred_output": [worse]}


_MAKERS = {"chat": _example, "dpo": _dpo_example, "tools": _tools_example}


def _encode(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode()


def _break(example: dict[str, Any], kind: str, erng: random.Random) -> bytes:
    """Turn a valid example into a line with one injected error of ``kind``."""
    dpo = "messages" not in example
    messages = example["input"]["messages"] if dpo else example["messages"]
    if kind in MORE_ERROR_KINDS:
        return break_line(example, kind, erng)
    if kind == "blank_line":
        return b"\n"
    if kind == "invalid_json":
        line = _encode(example)
        if erng.random() < 0.5:
            return line[: erng.randrange(10, len(line) - 2)] + b"\n"
        return line[:-1] + b",\n"
    users = [m for m in messages if m["role"] == "user"]
    if kind == "bad_role":
        erng.choice(users)["role"] = erng.choice(_ROLES_BAD)
    elif kind == "wrong_content_type":
        user = erng.choice(users)
        user["content"] = (
            erng.randint(0, 999) if erng.random() < 0.5 else {"text": str(user["content"])[:200]}
        )
    elif kind == "missing_key" and dpo:
        if erng.random() < 0.5:
            del example["non_preferred_output"]
        else:
            del erng.choice(users)["content"]
    elif kind == "missing_key":
        tool_msgs = [m for m in messages if m["role"] == "tool"]
        if tool_msgs:
            del erng.choice(tool_msgs)["tool_call_id"]
        else:
            del erng.choice(users)["content"]
    else:
        raise ValueError(kind)
    return _encode(example)


def generate(
    size_mb: float,
    seed: int = 1,
    errors: float = 0.0,
    kind: str = "chat",
    *,
    own_tools: bool = False,
    drift: bool = False,
    pydantic: bool = False,
    tool_pool: int = 0,
    error_mix: str = "classic",
    rare: bool = False,
    python_types: bool = False,
) -> Iterator[bytes]:
    """Yield lines (newline included) until at least ``size_mb`` * 10**6 bytes."""
    make = _MAKERS[kind]
    kinds = ERROR_MIXES[error_mix]
    rng = random.Random(seed)
    erng = random.Random(f"errors-{seed}")
    text = _Text(rng)
    tools = _Tools(rng, text)
    if own_tools or drift or pydantic or tool_pool or rare or python_types:
        # After the shared pool is drawn, so every other line keeps its bytes.
        drng = random.Random(f"drift-{seed}") if drift else None
        tools.fresh = FreshTools(
            text.words,
            lambda: rng.choice(text.sentences),
            drng,
            pydantic=pydantic,
            rare=rare,
            python_types=python_types,
        )
        if tool_pool:
            tools.fresh.use_pool(random.Random(f"pool-{seed}"), tool_pool)
    target = int(size_mb * MB)
    written = 0
    lineno = 0
    broken = 0
    while written < target:
        lineno += 1
        example = make(rng, text, tools)
        if lineno > 1 and errors > 0 and erng.random() < errors:
            line = _break(example, kinds[broken % len(kinds)], erng)
            broken += 1
        else:
            line = _encode(example)
        written += len(line)
        yield line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0, help="target size, 10**6 bytes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--errors",
        type=float,
        default=0.0,
        metavar="RATE",
        help="fraction of lines (after line 1) with one injected error",
    )
    parser.add_argument(
        "--kind", choices=KINDS, default="chat", help="chat (default), dpo or tools (see above)"
    )
    parser.add_argument(
        "--error-mix",
        choices=tuple(ERROR_MIXES),
        default="classic",
        help="classic: the five kinds above (default); all: every kind of invalid line",
    )
    parser.add_argument(
        "--own-tools",
        action="store_true",
        help="each example that uses tools defines its own, distinct functions",
    )
    parser.add_argument(
        "--drift",
        action="store_true",
        help="most calls' arguments ignore the declared types (implies --own-tools)",
    )
    parser.add_argument(
        "--pydantic",
        action="store_true",
        help="the tools' schemas as Pydantic writes them: anyOf, $ref, $defs (implies --own-tools)",
    )
    parser.add_argument(
        "--tool-pool",
        type=int,
        default=0,
        metavar="N",
        help="examples draw their tools from a pool of N distinct definitions, xLAM-style"
        " (implies --own-tools)",
    )
    parser.add_argument(
        "--rare-keywords",
        action="store_true",
        help="a quarter of the tools' properties use prefixItems, propertyNames,"
        " patternProperties, minProperties or multipleOf (implies --own-tools)",
    )
    parser.add_argument(
        "--python-types",
        action="store_true",
        help="the tools name their types as Python does (str, int, ...), as naive"
        " conversions of xLAM-style sets write them (implies --own-tools)",
    )
    parser.add_argument("--out", default="-", help="output path, or - for stdout")
    args = parser.parse_args(argv)
    if not 0.0 <= args.errors <= 1.0:
        parser.error("--errors must be between 0 and 1")
    if args.tool_pool and args.tool_pool < 6:
        parser.error("--tool-pool must be at least 6: an example draws up to 6 tools")
    out = sys.stdout.buffer if args.out == "-" else open(args.out, "wb")  # noqa: SIM115
    try:
        lines = generate(
            args.size_mb,
            args.seed,
            args.errors,
            args.kind,
            own_tools=args.own_tools,
            drift=args.drift,
            pydantic=args.pydantic,
            tool_pool=args.tool_pool,
            error_mix=args.error_mix,
            rare=args.rare_keywords,
            python_types=args.python_types,
        )
        for line in lines:
            out.write(line)
    finally:
        if out is not sys.stdout.buffer:
            out.close()
        else:
            out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
