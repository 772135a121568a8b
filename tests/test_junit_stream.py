"""The JUnit reporter writes, a piece at a time, the document an ElementTree would."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from ftlint import FileReport, Finding, Report, Severity, Stats
from ftlint.reporters import ReportOptions, junit
from ftlint.reporters.common import counts, plural
from ftlint.reporters.text import format_finding


def tree_document(report: Report) -> str:
    """The reporter as it was before it streamed: a tree, indented, then serialized."""
    root = ET.Element("testsuites", name="ftlint")
    suite = ET.SubElement(root, "testsuite", name="ftlint")
    failures = 0
    for file in report.files:
        path = junit.xml_safe(file.path)
        case = ET.SubElement(suite, "testcase", name=path, classname="ftlint", file=path)
        errors = [f for f in file.findings if f.severity is Severity.ERROR]
        for f in errors:
            failure = ET.SubElement(
                case, "failure", message=junit.xml_safe(f"{f.code} {f.message}"), type=f.code
            )
            failure.text = junit.xml_safe(format_finding(f))
        if file.errors > len(errors):
            more = plural(file.errors - len(errors), "more error")
            ET.SubElement(
                case, "failure", message=f"{more} not kept (--max-findings)", type="ftlint"
            )
        others = [format_finding(f) for f in file.findings if f.severity is not Severity.ERROR]
        if file.omitted:
            others.append(f"{plural(file.omitted, 'more finding')} not kept (--max-findings)")
        if file.errors or others:
            head = [counts(file.errors, file.warnings, file.infos)] if file.errors else []
            ET.SubElement(case, "system-out").text = junit.xml_safe("\n".join(head + others))
        failures += bool(file.errors)
    for element in (root, suite):
        element.set("tests", str(len(report.files)))
        element.set("failures", str(failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


# Text with what XML escapes or forbids: markup, quotes, line ends, tabs, controls, a
# lone surrogate, U+FFFE.
NASTY = st.text(
    st.sampled_from(list("ab <>&\"'\r\n\t\x00\x07\x1b\ud800\ufffe\u00e9\U0001f600")), max_size=12
)
SEVERITIES = st.sampled_from(list(Severity))


@st.composite
def file_reports(draw: st.DrawFn) -> FileReport:
    path = draw(NASTY) or "t.jsonl"
    findings = tuple(
        Finding(
            path=path,
            line=draw(st.none() | st.integers(1, 99)),
            column=draw(st.none() | st.integers(1, 9)),
            json_path=draw(st.none() | st.just("$.messages[0]")),
            code=draw(st.sampled_from(["S005", "J003", "F001"])),
            severity=draw(SEVERITIES),
            message=draw(NASTY),
            hint=draw(st.none() | NASTY),
        )
        for _ in range(draw(st.integers(0, 6)))
    )
    kept = {s: sum(f.severity is s for f in findings) for s in Severity}
    # Counts at least those kept; more when --max-findings cut some.
    errors, warnings, infos = (kept[s] + draw(st.integers(0, 3)) for s in SEVERITIES_ORDER)
    return FileReport(
        path=path,
        format="chat",
        format_source="auto",
        stats=Stats(lines=9, bytes=99, examples=9, invalid=errors),
        findings=findings,
        errors=errors,
        warnings=warnings,
        infos=infos,
    )


SEVERITIES_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@given(files=st.lists(file_reports(), max_size=3), batch=st.integers(1, 3))
def test_streamed_document_is_the_trees_byte_for_byte(files: list[FileReport], batch: int) -> None:
    """Any report (no files, files without findings, cut findings, text XML must escape
    or cannot hold) gives the bytes of the tree, across batch edges of `<system-out>`."""
    report = Report(files=tuple(files))
    with mock.patch.object(junit, "_BATCH", batch):
        pieces = list(junit.render(report, ReportOptions()))
    assert "".join(pieces) == tree_document(report)


def test_many_findings_are_written_in_batches() -> None:
    """10,000 warnings: `<system-out>` is written a batch at a time, never joined whole."""
    findings = tuple(
        Finding(path="t.jsonl", line=n, column=1, json_path=None, code="J003",
                severity=Severity.WARNING, message="empty line")
        for n in range(1, 10_001)
    )  # fmt: skip
    file = FileReport(
        path="t.jsonl", format="chat", format_source="auto",
        stats=Stats(lines=10_000, bytes=10_000, examples=0, invalid=0),
        findings=findings, errors=0, warnings=10_000, infos=0,
    )  # fmt: skip
    pieces = list(junit.render(Report(files=(file,)), ReportOptions()))
    whole = "".join(pieces)
    assert whole == tree_document(Report(files=(file,)))
    assert max(len(p) for p in pieces) < len(whole) / 2
    assert sum("J003" in p for p in pieces) == -(-10_000 // junit._BATCH)
