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
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..findings import Severity
from ..results import FileReport, Report
from .base import ReportOptions
from .common import counts, plural
from .text import format_finding

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
    errors = [f for f in file.findings if f.severity is Severity.ERROR]
    for finding in errors:
        failure = ET.SubElement(
            case,
            "failure",
            message=xml_safe(f"{finding.code} {finding.message}"),
            type=finding.code,
        )
        failure.text = xml_safe(format_finding(finding))
    if file.errors > len(errors):
        more = plural(file.errors - len(errors), "more error")
        ET.SubElement(case, "failure", message=f"{more} not kept (--max-findings)", type="ftlint")
    others = [format_finding(f) for f in file.findings if f.severity is not Severity.ERROR]
    if file.omitted:
        others.append(f"{plural(file.omitted, 'more finding')} not kept (--max-findings)")
    if file.errors or others:
        head = [counts(file.errors, file.warnings, file.infos)] if file.errors else []
        ET.SubElement(case, "system-out").text = xml_safe("\n".join(head + others))
    return bool(file.errors)


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
