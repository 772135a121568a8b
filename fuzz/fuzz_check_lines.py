"""Fuzz ``ftlint.check_lines`` (and ``check_stream``) with arbitrary bytes.

Run it with atheris (a dev tool, not a dependency of ftlint: ``pip install atheris``)::

    python fuzz/fuzz_check_lines.py --make-seeds /tmp/ftlint-corpus
    python fuzz/fuzz_check_lines.py -max_total_time=600 -dict=fuzz/jsonl.dict \\
        -artifact_prefix=/tmp/ftlint-crash- /tmp/ftlint-corpus

The first byte of an input picks the format (``auto`` or one of the four) and, when it is
128 or more, turns every rule on (opt-in ones too) and names a model for the model rules;
the rest is a JSONL file, split on ``b"\\n"`` only, as ftlint's reader splits it. Each input
is checked twice, as lines and as a stream, and the invariants of the robustness issue hold:
no exception, every finding's line exists in the input, ``examples + blank == lines``,
``invalid <= examples``, the severity counts match the findings, and both paths agree.

Without atheris, ``python fuzz/fuzz_check_lines.py --replay FILE...`` runs the same checks
on saved inputs (crash files, or a corpus), which is how a crash becomes a regression test.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

FORMATS = ("auto", "chat", "completion", "preference", "reinforcement")
ROOT = Path(__file__).resolve().parent.parent


def split_lines(body: bytes) -> list[bytes]:
    """Split on b"\\n" only, keeping it; a last line without newline is kept as is."""
    parts = body.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def check_invariants(data: bytes) -> None:
    """Check one fuzz input; raise AssertionError (or anything else) on a violation."""
    import ftlint
    from ftlint.rules import REGISTRY

    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    options = _options(data[0])
    body = data[1:]
    lines = split_lines(body)
    report = ftlint.check_lines(lines, format=fmt, **options)
    stats = report.stats
    codes = {f.code for f in report.findings}
    # J008 (UTF-16/32 file) stops reading after line 1 and does not count that line as an
    # example; see tests/test_hostile_inputs.py::test_utf16_stats_add_up (a known bug).
    wide = "J008" in codes
    if not wide:
        assert stats.lines == len(lines), (stats, len(lines))
        assert stats.examples + stats.blank == stats.lines, stats
    assert stats.invalid <= stats.examples, stats
    assert stats.bytes <= len(body), (stats.bytes, len(body))
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in report.findings:
        assert finding.code in REGISTRY, finding
        assert finding.line is None or 1 <= finding.line <= len(lines), (finding, len(lines))
        assert finding.column is None or finding.column >= 1, finding
        assert REGISTRY[finding.code].severity == finding.severity, finding
        counts[finding.severity.value] += 1
    assert (report.errors, report.warnings, report.infos) == (
        counts["error"],
        counts["warning"],
        counts["info"],
    ), report
    assert (report.errors > 0) == any(f.severity.value == "error" for f in report.findings)
    streamed = ftlint.check_stream(io.BytesIO(body), path="<lines>", format=fmt, **options)
    assert streamed.findings == report.findings, (streamed.findings, report.findings)
    assert streamed.stats == stats, (streamed.stats, stats)


def _options(flags: int) -> dict[str, Any]:
    """Every rule and a model for flags >= 128 (fields of ``ftlint.Options``)."""
    from ftlint.rules import REGISTRY

    if flags < 128:
        return {}
    try:
        from ftlint import base_models
    except ImportError:
        return {"rules": frozenset(REGISTRY)}
    names = [None, *base_models.names()]
    return {"rules": frozenset(REGISTRY), "model": names[(flags // 5) % len(names)]}


def seed_sources() -> list[tuple[str, bytes]]:
    """Each fixture's name (its path under ``fixtures/``, joined by ``-``) and first 4 KiB,
    from the whole tree (targets and pairs are folders of folders)."""
    import gzip

    found: list[tuple[str, bytes]] = []
    for fixture in sorted((ROOT / "fixtures").rglob("*")):
        if not fixture.is_file() or fixture.suffix == ".expected":
            continue
        raw = fixture.read_bytes()
        if fixture.name.endswith(".gz"):
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                continue
        name = "-".join(fixture.relative_to(ROOT / "fixtures").with_suffix("").parts)
        found.append((name, raw[:4096]))
    return found


def make_seeds(directory: Path) -> int:
    """Write a seed corpus from the repository's fixtures: one file per fixture and mode."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, raw in seed_sources():
        for i in (*range(len(FORMATS)), 128, 129, 130, 131, 132):
            (directory / f"{name}-{i}").write_bytes(bytes([i]) + raw)
            count += 1
    return count


def replay(paths: list[str]) -> int:
    """Run the invariants on saved inputs; return the number that fail."""
    failures = 0
    for name in paths:
        for path in sorted(Path(name).iterdir()) if Path(name).is_dir() else [Path(name)]:
            try:
                check_invariants(path.read_bytes())
            except Exception as exc:  # report every failing input, not just the first
                failures += 1
                print(f"{path}: {type(exc).__name__}: {str(exc)[:300]}")
    return failures


# The packages whose every module is loaded under instrumentation (see ``main``).
CHECKING_PACKAGES = ("ftlint.engine", "ftlint.rules", "ftlint.schema")


def checking_modules() -> list[str]:
    """The modules a check runs: the checking packages' modules, found rather than listed,
    so that a module renamed or added is still instrumented, and a few of the base."""
    import importlib
    import pkgutil

    names = ["ftlint.base_models", "ftlint.digests", "ftlint.jsonpos", "ftlint.reader"]
    for package in CHECKING_PACKAGES:
        path = importlib.import_module(package).__path__
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(path)]
    return names


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "--make-seeds":
        print(f"wrote {make_seeds(Path(sys.argv[2]))} seeds to {sys.argv[2]}")
        return
    if len(sys.argv) >= 2 and sys.argv[1] == "--replay":
        sys.exit(1 if replay(sys.argv[2:]) else 0)

    import atheris

    with atheris.instrument_imports(include=["ftlint"]):
        # `import ftlint` alone loads almost nothing (its exports are lazy), and modules
        # imported later are not instrumented: load the checking code here, so the
        # fuzzer gets coverage feedback from it.
        import importlib

        import ftlint

        for name in checking_modules():
            importlib.import_module(name)
        ftlint.check_lines([b"{}\n"])  # and what the first check imports

    atheris.Setup(sys.argv, check_invariants)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
