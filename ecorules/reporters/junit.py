"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure Pipelines, test-report actions).

Each submission is a ``<testsuite>`` and each finding (one rule, one sub-item) a
``<testcase>``, so the CI's test view lists every rule checked and not only the failing
ones. A not-met or missing-data finding is a ``<failure>``; 不涉及 / 未考核 findings and
waived or baselined findings are ``<skipped>``, with the reason, because they neither pass
nor fail the gate. A finding in progress (a planned target not yet due) passes, as it does
the gate, and carries both figures and the gap in its ``<system-out>``. An expired waiver fails again and says so. The counts on each suite
(tests, failures, skipped, errors = 0) are computed from the same testcases, so a viewer
that trusts the attributes and one that counts elements agree.

Test identities survive what CI systems do with them. GitLab keys a test case by its class
name and name with every character other than an ASCII letter or digit turned into ``-``, so
Chinese text alone would make the cases of every district one. Class names are therefore
``<rule set>.<district code, else the file>.<year>.indicator-<number>``, the same in every
language (a CI's history of a test survives switching ``--lang``); test names are the rule
ID and the sub-item in ``--lang``, and a project rule's case also carries the first twelve
characters of the finding's fingerprint, which tells its projects apart and does not change
when rows move. Each case has a ``file`` attribute.

The XML is built with :mod:`xml.etree.ElementTree`, which escapes markup; characters that
XML 1.0 cannot hold at all (control characters in a submitted value) become U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.errors import InputError
from ecorules.model.findings import CheckResult, Finding, Status, Suppression
from ecorules.model.fingerprints import finding_fingerprint, portable_path
from ecorules.model.text import Lang, T
from ecorules.reporters.wording import summary_line

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry

# Characters XML 1.0 does not allow, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: object) -> str:
    return NOT_XML.sub("\ufffd", str(text))


def suppression_text(s: Suppression, lang: Lang) -> str:
    kind = T("豁免", "waived") if s.kind == "waiver" else T("已纳入基线", "in the baseline")
    expires = s.expires.isoformat() if s.expires else None
    if s.expired:
        return T(
            f"豁免已于 {expires or '此前'} 到期（原因：{s.reason}），本项重新计入",
            f"the waiver expired on {expires or 'an earlier date'} (reason: {s.reason}); the finding counts again",
        ).get(lang)
    if lang == "zh":
        return f"{kind.zh}：{s.reason}" + (f"（{expires} 到期）" if expires else "")
    return f"{kind.en}: {s.reason}" + (f" (until {expires})" if expires else "")


def verdict(f: Finding, lang: Lang) -> str:
    """One line: the sub-item, its status, the value and the requirement."""
    actual = f.actual_in(lang) or T("无数据", "no value").get(lang)
    if lang == "zh":
        return f"{f.title.zh}：{f.status.label.zh}（实际值 {actual}；要求：{f.expected.zh}）"
    return f"{f.title.en}: {f.status.label.en} (actual {actual}; required: {f.expected.en})"


def test_class(r: CheckResult, f: Finding) -> str:
    """``cn-eco-county-2024.500112.2023.indicator-4``: which district, year and indicator, in
    characters that survive GitLab's key (see the module docstring)."""
    who = r.district_code or portable_path(r.source)
    return f"{r.ruleset.id}.{who}.{r.year if r.year is not None else 'table'}.indicator-{f.indicator.number}"


def test_name(r: CheckResult, f: Finding, lang: Lang) -> str:
    name = f"{f.rule_id} {f.title.get(lang)}"
    if f.subject is not None:  # a project rule: one case per project, group or table
        name += f" [{finding_fingerprint(r, f)[:12]}]"
    return name


class JunitReporter:
    name = "junit"
    description = T("JUnit XML（CI 测试结果视图）", "JUnit XML for CI test views")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult], options: ReportOptions) -> Iterator[str]:
        """The document once every result is in (the totals head it), keeping of each result only
        its suite as text: what the report prints, not the result."""
        root = ET.Element("testsuites", name="ecorules")
        totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
        suites: list[str] = []
        for r in results:
            suite = self._suite(r, options.lang)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            ET.indent(suite, level=1)  # as ET.indent(root) indents it
            suites.append(ET.tostring(suite, encoding="unicode"))
        for error in options.unreadable:  # complete once the results are
            suite = self._unreadable(error, options.lang)
            totals["tests"] += 1
            totals["errors"] += 1
            ET.indent(suite, level=1)
            suites.append(ET.tostring(suite, encoding="unicode"))
        for key, value in totals.items():
            root.set(key, str(value))
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if not suites:
            yield ET.tostring(root, encoding="unicode") + "\n"
            return
        root.text = "\x00"  # no XML text holds a NUL (xml_text replaces it): the place of the suites
        opening, closing = ET.tostring(root, encoding="unicode").split("\x00")
        yield opening
        for suite_xml in suites:
            yield "\n  " + suite_xml
        yield "\n" + closing + "\n"

    def _suite(self, r: CheckResult, lang: Lang) -> ET.Element:
        path = portable_path(r.source)
        suite = ET.Element("testsuite", name=xml_text(f"{path} ({r.heading.get(lang)})"))
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("source", path),
            ("district", r.district),
            ("district_code", r.district_code),
            ("year", r.year),
            ("ruleset", f"{r.ruleset.id} {r.ruleset.version}"),
            ("document", r.ruleset.document),
        ):
            if value is not None:
                ET.SubElement(properties, "property", name=name, value=xml_text(value))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for f in r.findings:
            case = self._case(r, f, lang)
            suite.append(case)
            counts["tests"] += 1
            counts["failures"] += int(case.find("failure") is not None)
            counts["skipped"] += int(case.find("skipped") is not None)
        for key, value in counts.items():
            suite.set(key, str(value))
        ET.SubElement(suite, "system-out").text = xml_text(summary_line(r, lang))
        return suite

    @staticmethod
    def _unreadable(error: InputError, lang: Lang) -> ET.Element:
        """A file that could not be read: a suite of one test case in error."""
        path = portable_path(error.file) if error.file else "-"
        suite = ET.Element(
            "testsuite",
            name=xml_text(f"{path} ({T('无法读取', 'could not be read').get(lang)})"),
            tests="1",
            failures="0",
            errors="1",
            skipped="0",
        )
        code = error.problems[0].code if error.problems else "input.invalid"
        case = ET.SubElement(suite, "testcase", classname=xml_text(f"ecorules.input.{path}"), name=code, file=path)
        lines = [p.render(lang) for p in error.problems]
        failure = ET.SubElement(case, "error", message=xml_text(lines[0] if lines else code), type=code)
        failure.text = xml_text(error.render(lang))
        return suite

    @staticmethod
    def _case(r: CheckResult, f: Finding, lang: Lang) -> ET.Element:
        case = ET.Element(
            "testcase",
            classname=xml_text(test_class(r, f)),
            name=xml_text(test_name(r, f, lang)),
            file=xml_text(portable_path(f.location.file if f.location is not None else r.source)),
        )
        if f.fails:
            failure = ET.SubElement(case, "failure", message=xml_text(verdict(f, lang)), type=f.status.value)
            lines = [verdict(f, lang), *(f"- {d.get(lang)}" for d in f.details)]
            if f.location is not None:
                lines.append(T("位置：", "Location: ").get(lang) + f.location.describe())
            lines.append(T("依据：", "Source: ").get(lang) + f.citation.describe(lang))
            if f.suppression is not None:  # an expired waiver: say why it no longer covers the finding
                lines.append(suppression_text(f.suppression, lang))
            failure.text = xml_text("\n".join(lines))
        elif f.status.fails and f.suppression is not None:
            ET.SubElement(case, "skipped", message=xml_text(suppression_text(f.suppression, lang)))
        elif f.status in (Status.not_applicable, Status.not_assessed):
            ET.SubElement(case, "skipped", message=xml_text(verdict(f, lang)))
        elif f.status is Status.progress:
            lines = [verdict(f, lang), *(f"- {d.get(lang)}" for d in f.details)]
            ET.SubElement(case, "system-out").text = xml_text("\n".join(lines))
        return case


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(JunitReporter())
