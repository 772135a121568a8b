"""The JUnit XML reporter, for Jenkins, Azure DevOps and GitLab test reports.

One ``<testsuite name="ftlint">`` with one ``<testcase>`` per file (``name`` and ``file``
are the path as given). A file with at least one error finding fails: its test case has
one ``<failure>`` per kept error finding (``type`` is the rule code, ``message`` the code
and message, the text the whole text-format line), and a last one that counts the errors
``--max-findings`` did not keep. Warnings and info never fail a test; they are listed in
``<system-out>``. Some readers (Jenkins, Azure DevOps) show only the first failure of a
test case; the ``<system-out>`` of a failing file therefore also starts with the counts.

Characters that XML 1.0 forbids (most control characters, lone surrogates, U+FFFE and
U+FFFF) are replaced by their ``\\xNN`` / ``\\uNNNN`` escapes, so the document always parses.

The document is written as it is made, a batch of findings at a time, so a file with
millions of findings is not held as a tree, a joined text and its escaped copy at once.
The bytes are those of an ``xml.etree`` tree indented by ``ET.indent``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from ..findings import Finding, Severity
from ..results import FileReport, Report
from .base import ReportOptions
from .common import counts, plural
from .text import format_finding

_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Findings formatted and escaped per piece written.
_BATCH = 4096
# As xml.etree escapes text, and attribute values.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
     "\t": "&#09;"}
)  # fmt: skip


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    """Replace the characters XML 1.0 forbids by a visible escape."""
    return _FORBIDDEN.sub(_escape_char, text)


def _text(text: str) -> str:
    return xml_safe(text).translate(_TEXT)


def _open(tag: str, **attributes: str) -> str:
    """``<tag`` and its attributes, escaped as ElementTree escapes them (not closed)."""
    attrs = "".join(f' {k}="{xml_safe(v).translate(_ATTRIBUTE)}"' for k, v in attributes.items())
    return f"<{tag}{attrs}"


def _element(tag: str, text: str | None = None, **attributes: str) -> str:
    """One element without children, as ElementTree writes it (``text`` escaped here)."""
    start = _open(tag, **attributes)
    return f"{start}>{_text(text)}</{tag}>" if text else f"{start} />"


def _testcase(file: FileReport) -> Iterator[str]:
    """A file's ``<testcase>``, in pieces, indented as the fourth level."""
    path = file.path
    start = _open("testcase", name=path, classname="ftlint", file=path)
    errors = [f for f in file.findings if f.severity is Severity.ERROR]
    more = file.errors - len(errors)
    has_others = file.omitted or any(f.severity is not Severity.ERROR for f in file.findings)
    if not errors and more <= 0 and not has_others:
        yield start + " />"
        return
    yield start + ">"
    for f in errors:
        message = f"{f.code} {f.message}"
        yield "\n      " + _element("failure", format_finding(f), message=message, type=f.code)
    if more > 0:
        message = f"{plural(more, 'more error')} not kept (--max-findings)"
        yield "\n      " + _element("failure", message=message, type="ftlint")
    if file.errors or has_others:
        others = (f for f in file.findings if f.severity is not Severity.ERROR)
        yield "\n      <system-out>"
        yield from _system_out(file, others)
        yield "</system-out>"
    yield "\n    </testcase>"


def _system_out(file: FileReport, others: Iterable[Finding]) -> Iterator[str]:
    """The text of ``<system-out>``: the counts of a failing file, the findings that are
    not errors, and how many ``--max-findings`` did not keep."""
    sep = ""
    if file.errors:
        yield _text(counts(file.errors, file.warnings, file.infos))
        sep = "\n"
    it = iter(others)
    while batch := list(islice(it, _BATCH)):
        yield sep + _text("\n".join(map(format_finding, batch)))
        sep = "\n"
    if file.omitted:
        yield sep + _text(f"{plural(file.omitted, 'more finding')} not kept (--max-findings)")


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as one indented JUnit XML document, a piece at a time."""
    del options
    files = report.files
    failures = sum(1 for f in files if f.errors)
    totals = {"tests": str(len(files)), "failures": str(failures), "errors": "0"}
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield _open("testsuites", name="ftlint", **totals) + ">\n  "
    suite = _open("testsuite", name="ftlint", **totals, skipped="0")
    if not files:
        yield suite + " />\n</testsuites>\n"
        return
    yield suite + ">"
    for file in files:
        yield "\n    "
        yield from _testcase(file)
    yield "\n  </testsuite>\n</testsuites>\n"
