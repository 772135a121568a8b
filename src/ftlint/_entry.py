"""The console entry point: light enough that Ctrl-C during start-up is still handled.

Importing the CLI pulls in msgspec, click and the rules (a good part of the start-up
time); a Ctrl-C then must end the program like any other: one line, exit 130.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run ``ftlint``."""
    try:
        from .cli import main as cli
    except KeyboardInterrupt:
        sys.stderr.write("ftlint: interrupted\n")
        raise SystemExit(130) from None
    cli(prog_name="ftlint")
