"""No cliff between targets: `ftlint check --target T` against a bare typed decode of T's
own format, on the same conversations.

The chat file of generate.py (12% of its examples use tools) is checked as it is for the
targets that take OpenAI's chat format (openai, azure, together, fireworks, mistral), and
converted once by ``ftlint convert --to T`` for the others (bedrock-nova, bedrock-llama,
bedrock-claude, vertex-gemini); lines a target cannot express go to the rejects file and
are not measured. Converted files are cached under bench/data/ beside their source.

Rows, per target: the yardstick (``python bench/targets.py --decode FORMAT TARGET FILE``:
imports msgspec and ftlint's Struct of that format, then decodes every line) and
``ftlint check --jobs 1 --target T FILE``. Each is run ``--repeat`` times, interleaved,
minimum kept, start-up (the same command on the file's first 10 lines) taken off, as in
cliffs.py; ``--cpu`` times CPU instead of wall, for a shared machine.

    .venv/bin/python bench/targets.py [--size-mb 20] [--repeat 5] [--cpu] [--targets a,b]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import MB, _ensure, _warm  # noqa: E402
from cliffs import FTLINT, _decode, _head, _run  # noqa: E402

CHAT_TARGETS = ("openai", "azure", "together", "fireworks", "mistral")
NATIVE_TARGETS = ("bedrock-nova", "bedrock-llama", "bedrock-claude", "vertex-gemini")


def _converted(chat: Path, target: str) -> Path:
    out = chat.with_name(f"{chat.stem}.{target}.jsonl")
    if not out.exists() or out.stat().st_mtime < chat.stat().st_mtime:
        rejects = out.with_suffix(".rejects")
        cmd = [FTLINT, "convert", str(chat), "--to", target, "-o", str(out)]
        done = subprocess.run([*cmd, "--rejects", str(rejects)], capture_output=True)
        if done.returncode not in (0, 1) or not out.exists():
            sys.exit(f"{' '.join(cmd)} failed: {done.stderr[-500:]!r}")
    return out


def _format_of(path: Path) -> str:
    from ftlint import schema

    with open(path, "rb") as f:
        first = json.loads(f.readline())
    return schema.detect_native(first) or "chat"


def measure(targets: list[str], chat: Path, repeat: int, cpu: bool) -> None:
    files = {t: chat if t in CHAT_TARGETS else _converted(chat, t) for t in targets}
    fmts = {t: "chat" if t in CHAT_TARGETS else _format_of(p) for t, p in files.items()}
    rows: dict[tuple[str, str], dict[str, list[float]]] = {}
    for t, path in files.items():
        _warm(path)
        small = _head(path)
        for row in ("yardstick", "ftlint"):
            rows[t, row] = {"file": [], "start": []}
        for _ in range(repeat):
            for row in ("yardstick", "ftlint"):
                for key, p in (("file", path), ("start", small)):
                    cmd = (
                        [sys.executable, __file__, "--decode", fmts[t], t, str(p)]
                        if row == "yardstick"
                        else [FTLINT, "check", "-q", "--jobs", "1", "--target", t, str(p)]
                    )
                    rows[t, row][key].append(_run(cmd, 0.10, cpu))
        print(f"  {t} done", file=sys.stderr, flush=True)
    what = "CPU" if cpu else "wall"
    print(f"\n| target | format | MB | yardstick MB/s | ftlint MB/s | ratio ({what}, net) |")
    print("|---|---|---:|---:|---:|---:|")
    for t, path in files.items():
        size = path.stat().st_size / MB
        net = {
            r: min(rows[t, r]["file"]) - min(rows[t, r]["start"]) for r in ("yardstick", "ftlint")
        }
        print(
            f"| {t} | {fmts[t]} | {size:,.1f} | {size / net['yardstick']:,.0f} |"
            f" {size / net['ftlint']:,.0f} | {net['yardstick'] / net['ftlint']:.2f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cpu", action="store_true", help="CPU time, not wall (shared machine)")
    parser.add_argument("--targets", default=",".join(CHAT_TARGETS + NATIVE_TARGETS))
    parser.add_argument(
        "--decode", nargs=3, metavar=("FORMAT", "TARGET", "PATH"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.decode:
        fmt, target, path = args.decode
        _decode(fmt, path, None if target == "openai" else target)
        return 0
    chat = _ensure(args.size_mb, args.seed, 0.0)
    measure([t.strip() for t in args.targets.split(",") if t.strip()], chat, args.repeat, args.cpu)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
