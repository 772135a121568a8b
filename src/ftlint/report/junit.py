"""The JUnit XML reporter, for Jenkins, Azure DevOps and GitLab test reports.

One ``<testsuite name="ftlint">`` with one ``<testcase>`` per file (``name`` and ``file``
are the path as given). A file with at least one error finding fails: its test case has
one ``<failure>`` whose ``message`` gives the counts and whose text lists every kept
finding, one text-format line each. A single failure per test case, rather than one per
finding, is what these readers handle: Jenkins and Azure DevOps show only the first
failure of a test case. A file with only warnings or info passes, and lists them in
``<system-out>``.

Characters that XML 1.0 forbids (most control characters, lone surrogates, U+FFFE and
U+FFFF) are replaced by their ``\\xNN`` / ``\\uNNNN`` escapes, so the document always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..results import FileReport, Report
from .common import counts, plural
from .text import format_finding

if TYPE_CHECKING:
    from . import ReportOptions

_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    """Replace the characters XML 1.0 forbids by a visible escape."""
    return _FORBIDDEN.sub(_escape_char, text)


def _testcase(parent: ET.Element, file: FileReport) -> bool:
    path = xml_safe(file.path)
    case = ET.SubElement(parent, "testcase", name=path, classname="ftlint", file=path)
    lines = [format_finding(f) for f in file.findings]
    if file.omitted:
        lines.append(f"{plural(file.omitted, 'more finding')} not kept (--max-findings)")
    body = xml_safe("\n".join(lines))
    if file.errors:
        failure = ET.SubElement(
            case,
            "failure",
            message=counts(file.errors, file.warnings, file.infos),
            type="ftlint",
        )
        failure.text = body
        return True
    if lines:
        ET.SubElement(case, "system-out").text = body
    return False


def document(report: Report) -> ET.Element:
    """The report as a ``<testsuites>`` element tree."""
    root = ET.Element("testsuites", name="ftlint")
    suite = ET.SubElement(root, "testsuite", name="ftlint")
    failures = sum(_testcase(suite, file) for file in report.files)
    for element in (root, suite):
        element.set("tests", str(len(report.files)))
        element.set("failures", str(failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    return root


def render(report: Report, options: ReportOptions) -> Iterator[str]:
    """Render a report as one indented JUnit XML document."""
    del options
    root = document(report)
    ET.indent(root)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
