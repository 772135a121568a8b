"""Hostile inputs: shapes of data, and numbers of findings, that a linter must survive.

Each case is a file of about ``--size-mb`` MB built from generate.py's chat examples.
For each, the yardstick (a bare typed decode, as in compare_refs.py) and ``ftlint check
--jobs 1`` run ``--repeat`` times (minimum kept), then once each: ``check -o json``,
``-o sarif``, ``-o gitlab``, ``-o junit``, ``ftlint stats``, and the commands that write
data: ``fix`` (with rejects and a log), ``split`` and ``convert`` (to Claude). Peak memory
is the child's maximum resident size. A case whose check is far slower than the
yardstick, or whose memory grows with its findings, is a cliff.

    .venv/bin/python bench/hostile.py [--size-mb 8] [--repeat 3] [--only CASE ...]

Cases: truncated JSON on every line; a message without a role on every line; one huge
line; 400 messages a line; 200 tools an example; a 60-level and a 120-level tool schema;
a tool schema whose `$ref` leads back to itself, and one whose references branch into
2**30 paths; a 3,000-value enum, and one of 2,000 objects; a tool schema's `pattern`
that backtracks exponentially (an e-mail pattern of the web) on a near miss; 300 objects
under `uniqueItems`; a discriminated union (Pydantic's `oneOf`) in each example's own
tool; the same line again and again; special tokens everywhere; CJK and emoji; findings
on every line; CRLF with blank lines; 1,000 blank lines an example; 300 unknown keys; a
file in another format (ShareGPT's ``conversations``), and a chat file whose lines after
the first are prompt/completion.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import _ensure  # noqa: E402
from compare_refs import YARDSTICK  # noqa: E402

OUT = HERE / "data" / "hostile"
Example = dict[str, Any]


def _enc(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def _copy(ex: Example) -> Example:
    return json.loads(json.dumps(ex))


def _call(name: str, args: Any) -> list[Example]:
    call = {
        "id": "c",
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(args)},
    }
    return [
        {"role": "user", "content": "call"},
        {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c", "content": "ok"},
        {"role": "assistant", "content": "done"},
    ]


def _tool(name: str, parameters: Any) -> Example:
    return {"type": "function", "function": {"name": name, "parameters": parameters}}


def _no_role(ex: Example, i: int) -> bytes:
    ex = _copy(ex)
    del ex["messages"][0]["role"]
    return _enc(ex)


def _many_tools(ex: Example, i: int) -> bytes:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    tools = [_tool(f"fn_{i}_{k}", schema) for k in range(200)]
    return _enc({"messages": _call(f"fn_{i}_3", {"a": "x"}), "tools": tools})


def _deep(ex: Example, i: int, levels: int = 60) -> bytes:
    schema: Any = {"type": "string"}
    value: Any = "x"
    for depth in range(levels):
        key = f"k{depth}_{i}"
        schema = {"type": "object", "properties": {key: schema}, "required": [key]}
        value = {key: value}
    return _enc({"messages": _call("f", value), "tools": [_tool("f", schema)]})


def _ref_loop(ex: Example, i: int) -> bytes:
    """Each example's own tool refers back to itself without going into the arguments."""
    loop = {"$ref": f"#/properties/step_{i}"}
    schema = {"type": "object", "properties": {f"step_{i}": loop}}
    return _enc({"messages": _call("f", {f"step_{i}": i}), "tools": [_tool("f", schema)]})


def _ref_ladder(ex: Example, i: int) -> bytes:
    """Each example's own tool: 30 `$defs`, each an `anyOf` of two references to the
    next (2**30 paths), and arguments that fail it."""
    defs: Example = {
        f"d{k}_{i}": {"anyOf": [{"$ref": f"#/$defs/d{k + 1}_{i}"}] * 2} for k in range(30)
    }
    defs[f"d30_{i}"] = {"type": "string"}
    schema = {"$defs": defs, "type": "object", "properties": {"a": {"$ref": f"#/$defs/d0_{i}"}}}
    return _enc({"messages": _call("f", {"a": i}), "tools": [_tool("f", schema)]})


def _enum_objects(ex: Example, i: int) -> bytes:
    """Each example's own tool takes one of 2,000 small objects, and gets another."""
    allowed = [{"a": [1, {"b": k, "line": i}]} for k in range(2000)]
    schema = {"type": "object", "properties": {"e": {"enum": allowed}}}
    return _enc(
        {"messages": _call("f", {"e": {"a": [1, {"b": "x"}]}}), "tools": [_tool("f", schema)]}
    )


def _big_enum(ex: Example, i: int) -> bytes:
    values = [f"v{i}_{k}" for k in range(3000)]
    schema = {"type": "object", "properties": {"e": {"type": "string", "enum": values}}}
    return _enc({"messages": _call("f", {"e": values[-1]}), "tools": [_tool("f", schema)]})


# Copied around the web as an e-mail check; Python's `re` takes exponential time on a near
# miss such as 40 letters and "!" (T012 searches it with `regex`, within a time limit).
_EMAIL = (
    r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}"
    r"(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"
)


def _slow_pattern(ex: Example, i: int) -> bytes:
    pattern, value = (r"^(a|aa)+$", "a" * 40 + "!") if i % 10 == 0 else (_EMAIL, "b" * 40 + "!")
    schema = {"type": "object", "properties": {"to": {"type": "string", "pattern": pattern}}}
    return _enc({"messages": _call("send", {"to": value}), "tools": [_tool("send", schema)]})


def _unique_objects(ex: Example, i: int) -> bytes:
    items = {"type": "array", "uniqueItems": True, "items": {"type": "object"}}
    schema = {"type": "object", "properties": {"rows": items}}
    rows = [{"id": k, "line": i} for k in range(300)]
    return _enc({"messages": _call("save", {"rows": rows}), "tools": [_tool("save", schema)]})


def _discriminated(ex: Example, i: int) -> bytes:
    """Each example's own tool takes a discriminated union, as Pydantic writes it (`oneOf`
    of `$ref`s, with a `discriminator`): a realistic case, not a hostile one."""
    kinds = {f"Cat{i}": ("cat", "lives", "integer"), f"Dog{i}": ("dog", "breed", "string")}
    defs = {
        name: {
            "type": "object",
            "properties": {"kind": {"const": kind}, field: {"type": type_}},
            "required": ["kind"],
        }
        for name, (kind, field, type_) in kinds.items()
    }
    pet = {
        "oneOf": [{"$ref": f"#/$defs/{n}"} for n in defs],
        "discriminator": {"propertyName": "kind"},
    }
    schema = {"type": "object", "properties": {"pet": pet}, "required": ["pet"], "$defs": defs}
    args = {"pet": {"kind": "cat", "lives": 9} if i % 2 else {"kind": "dog", "breed": "collie"}}
    return _enc({"messages": _call("adopt", args), "tools": [_tool("adopt", schema)]})


def _texts(ex: Example, change: Callable[[str], str]) -> bytes:
    ex = _copy(ex)
    for m in ex["messages"]:
        if isinstance(m.get("content"), str):
            m["content"] = change(m["content"])
    return _enc(ex)


def _cjk(text: str) -> str:
    return "".join(chr(0x4E00 + ord(c) * 7 % 20000) if c.isalpha() else c for c in text) + " 😀"


def _findings(ex: Example, i: int) -> bytes:
    ex = _copy(ex)
    ex["messages"] += [{"role": "user", "content": "   "}, {"role": "user", "content": ""}]
    return _enc(ex)


def _turns(i: int) -> list[Example]:
    return [{"role": ("user", "assistant")[k % 2], "content": f"hi {i} {k}"} for k in range(400)]


_SHAREGPT_ROLES = {"system": "system", "user": "human", "assistant": "gpt", "tool": "tool"}


def _sharegpt(ex: Example, i: int) -> bytes:
    """The example in ShareGPT's shape, a format OpenAI does not take: F003 on every line."""
    turns = [
        {"from": _SHAREGPT_ROLES[m["role"]], "value": m["content"]}
        for m in ex["messages"]
        if isinstance(m.get("content"), str)
    ]
    return _enc({"conversations": turns})


def _prompt_completion(ex: Example, i: int) -> bytes:
    """After a first chat line, the example as a prompt and a completion: F002 on every
    line, as in a file that two exports were joined into."""
    if i == 0:
        return _enc(ex)
    texts = [m["content"] for m in ex["messages"] if isinstance(m.get("content"), str)]
    return _enc({"prompt": texts[0], "completion": texts[-1]})


def _extra_keys(ex: Example, i: int) -> bytes:
    ex = _copy(ex)
    ex["metadata"] = {f"k{k}": k for k in range(300)}
    return _enc(ex)


CASES: dict[str, Callable[[Example, int], bytes]] = {
    "all_truncated": lambda ex, i: _enc(ex)[: len(_enc(ex)) // 2] + b"\n",
    "all_no_role": _no_role,
    "many_messages": lambda ex, i: _enc({"messages": _turns(i)}),
    "many_tools": _many_tools,
    "deep_schema": _deep,
    # Past the depth where T012's walks and jsonschema's check of the schema give up.
    "deeper_schema": lambda ex, i: _deep(ex, i, 120),
    "ref_loop": _ref_loop,
    "ref_ladder": _ref_ladder,
    "big_enum": _big_enum,
    "enum_objects": _enum_objects,
    "slow_pattern": _slow_pattern,
    "unique_objects": _unique_objects,
    "discriminated": _discriminated,
    "all_duplicates": lambda ex, i: _enc(ex) if i == 0 else b"",
    "special_tokens": lambda ex, i: _texts(ex, lambda t: t.replace(" ", " <|im_end|> ", 20)),
    "cjk_emoji": lambda ex, i: _texts(ex, _cjk),
    "many_findings": _findings,
    "crlf_blank": lambda ex, i: _enc(ex)[:-1] + b"\r\n" * 4,
    "blank_lines": lambda ex, i: b"\n" * 1000 + _enc(ex),
    "extra_keys": _extra_keys,
    "sharegpt": _sharegpt,
    "prompt_completion": _prompt_completion,
}


def _examples(size_mb: float) -> list[Example]:
    path = _ensure(max(size_mb, 5.0), 1, 0.0)
    with open(path, "rb") as f:
        return [json.loads(line) for _, line in zip(range(3000), f, strict=False)]


def _lines(name: str, examples: list[Example]) -> Iterator[bytes]:
    make = CASES[name]
    i = 0
    first = _enc(examples[0])
    while True:
        line = make(examples[i % len(examples)], i)
        yield line or first  # all_duplicates: the first line again
        i += 1


def _one_huge_line(examples: list[Example], size: int) -> bytes:
    messages: list[Example] = []
    total = 0
    for ex in examples:
        for m in ex["messages"]:
            if m["role"] in ("user", "assistant") and isinstance(m.get("content"), str):
                messages.append(m)
                total += len(m["content"])
        if total > size:
            break
    return _enc({"messages": messages})


def build(size_mb: float) -> dict[str, Path]:
    """Write every case's file (once per size), and return them by name."""
    OUT.mkdir(parents=True, exist_ok=True)
    size = int(size_mb * (1 << 20))
    examples: list[Example] | None = None
    files: dict[str, Path] = {}
    for name in [*CASES, "one_huge_line"]:
        path = files[name] = OUT / f"{name}_{size_mb:g}mb.jsonl"
        if path.exists():
            continue
        examples = examples or _examples(size_mb)
        with open(path, "wb") as f:
            if name == "one_huge_line":
                f.write(_one_huge_line(examples, size))
                continue
            written = 0
            for line in _lines(name, examples):
                f.write(line)
                written += len(line)
                if written >= size:
                    break
    return files


def _timed(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident KB of the child, and its exit status."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    peak = int(done.stderr.decode().strip().splitlines()[-1])
    if b"Traceback" in done.stderr:
        sys.exit(f"traceback from {args}:\n{done.stderr.decode()[-2000:]}")
    return wall, peak, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=8.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    files = build(args.size_mb)
    py = sys.executable
    ftlint = [py, "-m", "ftlint"]
    print("| case | MB | yardstick s | check s | × yardstick | check MB RSS | json s / MB"
          " | sarif s / MB | gitlab s / MB | junit s / MB | stats s | fix s | split s"
          " | convert s |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, path in files.items():
        if args.only and name not in args.only:
            continue
        mb = os.path.getsize(path) / (1 << 20)
        yard = min(_timed([py, "-c", YARDSTICK, str(path), "chat"])[0] for _ in range(args.repeat))
        runs = [_timed([*ftlint, "check", "--jobs", "1", str(path)]) for _ in range(args.repeat)]
        check = min(r[0] for r in runs)
        rss = max(r[1] for r in runs) / 1024
        cells = []
        for fmt in ("json", "sarif", "gitlab", "junit"):
            wall, peak, _ = _timed([*ftlint, "check", "--jobs", "1", "-o", fmt, str(path)])
            cells.append(f"{wall:.2f} / {peak / 1024:.0f}")
        stats = _timed([*ftlint, "stats", "--jobs", "1", str(path)])[0]
        cells += [f"{wall:.2f}" for wall in _writers(ftlint, path)]
        print(f"| {name} | {mb:.1f} | {yard:.2f} | {check:.2f} | {check / yard:.1f} | {rss:.0f}"
              f" | {' | '.join(cells[:4])} | {stats:.2f} | {' | '.join(cells[4:])} |",
              flush=True)  # fmt: skip


def _writers(ftlint: list[str], path: Path) -> Iterator[float]:
    """Wall seconds of fix (with rejects and log), split and convert (to Claude) on
    ``path``, each writing into a fresh temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for args in (
            ["fix", "-o", "f.jsonl", "--rejects", "fr.jsonl", "--log", "fl.jsonl"],
            ["split", "--validation-fraction", "0.1", "--train-out", "t.jsonl",
             "--validation-out", "v.jsonl"],
            ["convert", "--to", "bedrock-claude", "-o", "c.jsonl", "--rejects", "cr.jsonl",
             "--log", "cl.jsonl"],
        ):  # fmt: skip
            named = [str(out / a) if a.endswith(".jsonl") else a for a in args]
            yield _timed([*ftlint, named[0], str(path), *named[1:]])[0]


if __name__ == "__main__":
    main()
