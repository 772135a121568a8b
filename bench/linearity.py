"""Is checking linear in the input? Measures and prints; asserts nothing about time.

Each workload builds one hostile input at size n and at size k*n (k = 4 or 8) and times
``ftlint.check_lines`` on both (best CPU time of a few runs, GC off). Linear work gives a
ratio near k, quadratic work near k*k; the table marks a ratio over 2.5*k as suspect.
Then three single measurements: 100,000 messages in one example (ten times), a line of
a million NUL and invalid bytes, and the peak memory of one 50 MB line (in a child
process, ``ru_maxrss``; Linux).

The workloads are also what tests/test_hostile_sizes.py checks for correct findings
(at small sizes, without a clock), so this file is their one definition.

Usage::

    .venv/bin/python bench/linearity.py            # every workload
    .venv/bin/python bench/linearity.py --only roles --only messages
    .venv/bin/python bench/linearity.py --no-big   # skip the 50 MB line
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import ftlint

Make = Callable[[int], list[bytes]]


def _line(obj: Any) -> list[bytes]:
    return [json.dumps(obj, ensure_ascii=False).encode() + b"\n"]


def _calls(n: int, name: str = "f") -> list[dict[str, Any]]:
    return [
        {"id": f"c{i}", "type": "function", "function": {"name": name, "arguments": "{}"}}
        for i in range(n)
    ]


def _answered(calls: list[dict[str, Any]], tools: list[dict[str, Any]]) -> list[bytes]:
    """One example: a question, an assistant message with ``calls``, one result per call."""
    msgs: list[dict[str, Any]] = [
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": None, "tool_calls": calls},
    ]
    msgs += [{"role": "tool", "tool_call_id": c["id"], "content": "r"} for c in calls]
    msgs.append({"role": "assistant", "content": "done"})
    return _line({"messages": msgs, "tools": tools})


# -- valid data (the fast path) ---------------------------------------------------------


def many_messages(n: int) -> list[bytes]:
    msgs = [{"role": "user" if i % 2 else "assistant", "content": f"m{i}"} for i in range(n)]
    return _line({"messages": [*msgs, {"role": "assistant", "content": "end"}]})


def many_tool_calls(n: int) -> list[bytes]:
    tools = [{"type": "function", "function": {"name": "f", "parameters": {}}}]
    return _answered(_calls(n), tools)


def many_duplicates(n: int) -> list[bytes]:
    pair = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    return _line({"messages": pair}) * n


def many_parts(n: int) -> list[bytes]:
    parts = [{"type": "text", "text": f"t{i}"} for i in range(n)]
    return _line(
        {"messages": [{"role": "user", "content": parts}, {"role": "assistant", "content": "a"}]}
    )


def big_schema_calls(n: int) -> list[bytes]:
    """n calls to one function whose parameters schema has n properties."""
    params = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(n)}}
    calls = _calls(n)
    for call in calls:
        call["function"]["arguments"] = '{"p0": "x"}'
    return _answered(calls, [{"type": "function", "function": {"name": "f", "parameters": params}}])


# -- schema errors, one per message, call or key, on one line ---------------------------


def bad_roles(n: int, text: str = "x") -> list[bytes]:
    msgs = [{"role": "human", "content": text} for _ in range(n)]
    return _line({"messages": [*msgs, {"role": "assistant", "content": "a"}]})


def bad_keys(n: int, text: str = "x") -> list[bytes]:
    msgs = [{"role": "user", "content": text, "extra": 1} for _ in range(n)]
    return _line({"messages": [*msgs, {"role": "assistant", "content": "a"}]})


def bad_weights(n: int) -> list[bytes]:
    return _line({"messages": [{"role": "assistant", "content": "x", "weight": 2}] * n})


def bad_tool_calls(n: int) -> list[bytes]:
    calls = [{"type": "function", "function": {"name": "f", "arguments": "{}"}}] * n  # no id
    return _line(
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls": calls}]}
    )


def bad_top_level_keys(n: int) -> list[bytes]:
    obj: dict[str, Any] = {
        "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    }
    obj.update({f"key{i}": i for i in range(n)})
    return _line(obj)


def non_ascii_roles(n: int) -> list[bytes]:
    return bad_roles(n, "é" * 40)


def non_ascii_keys(n: int) -> list[bytes]:
    return bad_keys(n, "é" * 40)


def bad_lines(n: int) -> list[bytes]:
    """n times: an invalid role with non-ASCII text, a syntax error, a blank line."""
    return [b'{"messages": [{"role": "human", "content": "\xc3\xa9"}]}\n', b"{,\n", b"\n"] * n


# -- findings of the semantic rules, one per message or call ------------------------------


def consecutive_users(n: int) -> list[bytes]:
    msgs = [{"role": "user", "content": f"q{i}"} for i in range(n)]  # O001 for each
    return _line({"messages": [*msgs, {"role": "assistant", "content": "a"}]})


def empty_contents(n: int) -> list[bytes]:
    pair = [{"role": "user", "content": ""}, {"role": "assistant", "content": "a"}]  # C008
    return _line({"messages": pair * n})


def special_tokens(n: int) -> list[bytes]:
    pair = [{"role": "user", "content": "<|endoftext|>"}, {"role": "assistant", "content": "a"}]
    return _line({"messages": pair * n})  # X001 for each user message


def undefined_calls(n: int) -> list[bytes]:
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    return _answered(_calls(n, name="nope"), tools)  # T009 for each call


class Workload(NamedTuple):
    make: Make
    n: int  # the smaller size measured
    factor: int  # the larger size is factor * n


WORKLOADS: dict[str, Workload] = {
    "messages": Workload(many_messages, 25_000, 4),
    "tool-calls": Workload(many_tool_calls, 10_000, 4),
    "duplicate-lines": Workload(many_duplicates, 25_000, 4),
    "content-parts": Workload(many_parts, 25_000, 4),
    "big-schema-calls": Workload(big_schema_calls, 500, 8),
    "roles": Workload(bad_roles, 1_500, 4),
    "message-keys": Workload(bad_keys, 1_500, 4),
    "weights": Workload(bad_weights, 1_500, 4),
    "bad-tool-calls": Workload(bad_tool_calls, 1_500, 4),
    "top-level-keys": Workload(bad_top_level_keys, 1_500, 4),
    "non-ascii-roles": Workload(non_ascii_roles, 1_000, 8),
    "non-ascii-keys": Workload(non_ascii_keys, 1_000, 8),
    "bad-lines": Workload(bad_lines, 1_500, 4),
    "O001": Workload(consecutive_users, 50, 8),
    "C008": Workload(empty_contents, 50, 8),
    "X001": Workload(special_tokens, 50, 8),
    "T009": Workload(undefined_calls, 50, 8),
}


# -- measuring ---------------------------------------------------------------------------


def best_cpu(lines: list[bytes], repeat: int) -> float:
    """Best CPU time of ``repeat`` checks (CPU time: another busy process does not count)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            ftlint.check_lines(lines)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def ratio(work: Workload, repeat: int) -> tuple[float, float, float]:
    """CPU seconds at n and at factor*n, and their ratio."""
    small, large = work.make(work.n), work.make(work.factor * work.n)
    best_cpu(small, 1)  # warm caches (schema field tables, regexes)
    t_small = best_cpu(small, repeat + 1)
    t_large = best_cpu(large, repeat)
    return t_small, t_large, t_large / max(t_small, 1e-3)


def wall(label: str, lines: list[bytes]) -> None:
    start = time.perf_counter()
    ftlint.check_lines(lines)
    print(f"{label:<48} {time.perf_counter() - start:8.2f} s")


_MEASURE = textwrap.dedent(
    """
    import resource, sys, time
    from ftlint.cli import main
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        main(sys.argv[1:], prog_name="ftlint")
    except SystemExit:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        seconds = time.perf_counter() - start
        sys.stderr.write(f"growth_kb={peak - base} seconds={seconds:.2f}\\n")
    """
)
BIG = 50 * 1024 * 1024


def big_line_memory() -> None:
    """Peak memory growth of `ftlint check` on one 50 MB line (after ten normal ones)."""
    good = b"".join(
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                 {"role": "assistant", "content": f"a{i}"}]}).encode() + b"\n"
        for i in range(10)
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        with path.open("wb") as fh:
            fh.write(good + b'{"messages": [{"role": "user", "content": "')
            chunk = b"a" * (1024 * 1024)
            for _ in range(BIG // len(chunk)):
                fh.write(chunk)
            fh.write(b'"}, {"role": "bot", "content": "hi"}]}\n')
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, "check", "-q", "-o", "json", str(path)],
            capture_output=True,
            check=False,
        )
    report = proc.stderr.decode().strip().splitlines()[-1]
    growth_kb = int(report.split("growth_kb=")[1].split()[0])
    print(
        f"{'one 50 MB line: peak memory growth':<48} {growth_kb / 1024:8.0f} MB"
        f" ({growth_kb * 1024 / BIG:.1f}x the line; {report.split()[-1]})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=sorted(WORKLOADS), default=None)
    parser.add_argument("--repeat", type=int, default=2, help="runs of the larger size")
    parser.add_argument("--no-big", action="store_true", help="skip the 50 MB line")
    args = parser.parse_args()
    print(f"{'workload':<20} {'n':>7} {'k':>3} {'t(n) s':>9} {'t(kn) s':>9} {'ratio':>7}")
    for name in args.only or WORKLOADS:
        work = WORKLOADS[name]
        t_small, t_large, r = ratio(work, args.repeat)
        flag = "  <- suspect (linear ~k, quadratic ~k*k)" if r > 2.5 * work.factor else ""
        print(
            f"{name:<20} {work.n:>7,} {work.factor:>3} {t_small:>9.3f} {t_large:>9.3f}"
            f" {r:>7.1f}{flag}"
        )
    if args.only:
        return
    wall("100,000 messages in one example, ten lines", many_messages(100_000) * 10)
    good = [b'{"prompt": "p%d", "completion": " c"}\n' % i for i in range(10)]
    wall(
        "a line of 1,000,000 NUL and invalid bytes",
        [*good, b'{"prompt": "' + b"\x00\xff" * 500_000 + b'", "completion": " c"}\n'],
    )
    if not args.no_big:
        big_line_memory()


if __name__ == "__main__":
    main()
