"""``ftlint report`` in a real browser: headless Chromium loads the page from ``file://``.

What a person sees: the page loads with no console message and no network request, the
headings, the verdict and the histograms are there, the numbers in the rendered DOM are
those of ``stats -o json``, a screenshot is taken and the page prints to PDF. One launch
of Chromium does all three (it runs --dump-dom, --screenshot and --print-to-pdf in turn),
so the console and the network are watched while it prints too.

Chromium is driven with its own flags (``--dump-dom``, ``--screenshot``,
``--print-to-pdf``); its console goes to stderr (``--enable-logging=stderr``) and its
network events to a NetLog file (``--log-net-log``). A control page with a console
error and a remote image proves that both checks would catch a fault. ``.ci/run``
installs Chromium; the tests skip only where it is absent.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ftlint.reporters.html import num

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.xdist_group("chromium"),  # one worker: the report page is visited once
]
Run = Callable[..., Result]
ARGS = [
    str(FIXTURES / "valid/chat_basic.jsonl"),
    str(FIXTURES / "valid/chat_tool_calls.jsonl"),
    str(FIXTURES / "invalid/C006_invalid_name.jsonl"),
    "--validation",
    str(FIXTURES / "valid/chat_weights.jsonl"),
    "--price-per-mtok",
    "3",
]


class Visit:
    """What Chromium made of one page: stdout, console lines, URLs the page requested."""

    def __init__(self, stdout: bytes, console: list[str], requests: list[str]) -> None:
        self.stdout = stdout
        self.console = console
        self.requests = requests


def chromium(page: Path, tmp: Path, *action: str) -> Visit:
    """Open ``page`` in headless Chromium with ``action`` flags (such as --dump-dom)."""
    assert CHROMIUM is not None
    netlog = tmp / "net.json"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        f"--log-net-log={netlog}",
        *action,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    console = [
        line
        for line in done.stderr.decode(errors="replace").splitlines()
        if ":CONSOLE" in line or "Content Security Policy" in line
    ]
    return Visit(done.stdout, console, _page_requests(netlog))


def _page_requests(netlog: Path) -> list[str]:
    """URLs requested on behalf of a ``file://`` page, other than ``file:`` and ``data:``
    (Chromium's own background requests have another network isolation key)."""
    events: list[dict[str, Any]] = json.loads(netlog.read_text())["events"]
    urls = []
    for event in events:
        params = event.get("params", {})
        if "file://" not in str(params.get("network_isolation_key", "")):
            continue
        url = str(params.get("url", ""))
        if url and not url.startswith(("file:", "data:")):
            urls.append(url)
    return urls


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from click.testing import CliRunner

    import ftlint.cli

    folder = tmp_path_factory.mktemp("report")
    page = folder / "report.html"
    runner = CliRunner()
    made = runner.invoke(ftlint.cli.main, ["report", *ARGS, "-o", str(page), "-j", "1"])
    assert made.exit_code == 0, made.output
    stats = runner.invoke(ftlint.cli.main, ["stats", *ARGS, "-o", "json", "-j", "1"])
    assert stats.exit_code == 0, stats.output
    return page, json.loads(stats.stdout)


def test_the_checks_catch_a_console_error_and_a_request(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        '<html><body><img src="https://example.invalid/x.png">'
        '<script>console.error("boom")</script></body></html>'
    )
    visit = chromium(control, tmp_path, "--dump-dom")
    assert any("boom" in line for line in visit.console)
    assert visit.requests == ["https://example.invalid/x.png"]


@pytest.fixture(scope="module")
def visit(
    report_page: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Visit, Path]:
    """The report page's one visit: its DOM, a screenshot and a PDF, in a folder."""
    page, _ = report_page
    folder = tmp_path_factory.mktemp("visit")
    shot, pdf = folder / "report.png", folder / "report.pdf"
    done = chromium(
        page,
        folder,
        "--dump-dom",
        f"--screenshot={shot}",
        "--window-size=1200,2400",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
    )
    return done, folder


def test_the_page_loads_quietly_and_shows_the_stats(
    report_page: tuple[Path, dict[str, Any]], visit: tuple[Visit, Path]
) -> None:
    _, doc = report_page
    seen, _ = visit
    assert seen.console == []
    assert seen.requests == []
    dom = seen.stdout.decode()
    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>", dom)
    assert headings == [
        "1. Verdict",
        "2. Tokens against the limit",
        "3. Cost and epochs",
        "4. Conversation shape",
        "5. Duplicates and leakage",
        "6. Languages and scripts",
        "7. Per file",
        "8. Provenance",
    ]
    assert re.search(r'<div class="verdict ok" role="status"><strong[^>]*>✔ Upload accepted', dom)
    assert "<code>--target</code></th><td>openai</td>" in dom  # the target it was checked for
    charts = re.findall(r'<svg class="chart"[^>]*role="img"[^>]*aria-label="([^"]*)"', dom)
    assert f"Tokens per example, {doc['files'][0]['path']}" in map(html.unescape, charts)
    assert dom.count('class="limit"') >= 2 * len(doc["files"])
    marked = re.findall(r'<span data-stat="([^"]*)">([^<]*)</span>', dom)
    assert len(marked) > 100
    for path, text in marked:
        value: Any = doc
        for part in path.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        assert html.unescape(text) == (f"{value:,.2f}" if path.endswith("cost") else num(value))


def test_screenshot_and_print(visit: tuple[Visit, Path]) -> None:
    _, folder = visit
    shot = folder / "report.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-"
