"""The console entry point: light enough that Ctrl-C during start-up is still handled.

Importing the CLI pulls in msgspec, click and the rules (a good part of the start-up
time); a Ctrl-C then must end the program like any other: one line, exit 130.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    """Run ``ftlint``."""
    # Start-up is part of every pre-commit run. Importing makes many objects and no
    # garbage, so the collector is off meanwhile; then the imported objects are frozen out
    # of its reach, so no later collection (nor the one at exit) walks them again.
    gc.disable()
    try:
        from .cli import main as cli
    except KeyboardInterrupt:
        sys.stderr.write("ftlint: interrupted\n")
        raise SystemExit(130) from None
    finally:
        gc.enable()
    gc.freeze()
    cli(prog_name="ftlint")
