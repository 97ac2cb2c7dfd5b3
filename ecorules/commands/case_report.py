"""The report of ``ecorules test``: each failing case with what differs, the coverage of each
rule set, and a JUnit XML document for CI. Wholly in one language (``--lang``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ecorules.commands.cases import CaseResult, RulesetCoverage, TestRun
from ecorules.model.findings import Status
from ecorules.model.text import Lang, T


def _status(status: Status | str | None, lang: Lang) -> str:
    """As a case file writes it (not_met), with the label in Chinese: 未达标（not_met）."""
    if status is None:
        return T("无结论（没有该规则的结果）", "no finding for it").get(lang)
    value = Status(status).value
    return f"{Status(status).label.zh}（{value}）" if lang == "zh" else value


def difference(result: CaseResult, lang: Lang) -> list[str]:
    """What the case expected and what the engine gave, a line for each part that differs, then
    the findings themselves."""
    case = result.case
    lines = []
    if result.got is None or result.got.value != case.expect:
        lines.append(
            T(
                f"状态：期望 {_status(case.expect, lang)}，实际 {_status(result.got, lang)}",
                f"status: expected {_status(case.expect, lang)}, got {_status(result.got, lang)}",
            ).get(lang)
        )
    if case.actual is not None and case.actual not in [f.actual for f in result.findings]:
        got = ", ".join(repr(f.actual) for f in result.findings) or "-"
        lines.append(
            T(f"实际值：期望 {case.actual!r}，实际 {got}", f"actual value: expected {case.actual!r}, got {got}").get(
                lang
            )
        )
    texts = [t for f in result.findings for t in (f.message.zh, f.message.en)]
    if case.message is not None and not any(case.message in t for t in texts):
        lines.append(T(f"消息：期望包含 {case.message!r}", f"message: expected to contain {case.message!r}").get(lang))
    for finding in result.findings:
        lines.append(f"{finding.rule_id}: {finding.message.get(lang)}")
    return lines


def coverage_lines(coverage: RulesetCoverage, lang: Lang) -> list[str]:
    rules = coverage.rules.values()
    covered = sum(r.covered for r in rules)
    lines = [
        T(
            f"{coverage.ruleset_id}（{coverage.source}）：{covered}/{len(coverage.rules)} 条规则，{coverage.percent:.1f}%",
            f"{coverage.ruleset_id} ({coverage.source}): {covered}/{len(coverage.rules)} rules, {coverage.percent:.1f} %",
        ).get(lang)
    ]
    for rule in rules:
        missing = rule.missing
        if not missing:
            continue
        if not rule.reached:
            why = T("没有通过的用例", "no passing case")
        elif missing == ["met"]:
            why = T("没有用例达到其达标一侧（met）", "no case reaches its passing side (met)")
        else:
            why = T("没有用例达到其未达标一侧（not_met）", "no case reaches its failing side (not_met)")
        lines.append(f"  {rule.rule_id}: {why.get(lang)}")
    return lines


def render_text(run: TestRun, lang: Lang, *, verbose: bool = False, min_coverage: float | None = None) -> str:
    out: list[str] = []
    by_file: dict[Path, list[CaseResult]] = {}
    for result in run.results:
        by_file.setdefault(result.file, []).append(result)
    for file, results in by_file.items():
        failed = [r for r in results if not r.passed]
        out.append(
            T(
                f"{file}：{len(results)} 个用例，{len(results) - len(failed)} 个通过，{len(failed)} 个失败",
                f"{file}: {len(results)} case{'' if len(results) == 1 else 's'}, {len(results) - len(failed)} passed, {len(failed)} failed",
            ).get(lang)
        )
        for result in results:
            if result.passed and not verbose:
                continue
            mark = "PASS" if result.passed else "FAIL"
            out.append(f"  {mark}  {result.where}  {result.title(lang)}")
            if not result.passed:
                out += [f"        {line}" for line in difference(result, lang)]
    out.append("")
    out.append(T("覆盖率：", "Coverage:").get(lang))
    for coverage in run.coverage.values():
        out += ["  " + line for line in coverage_lines(coverage, lang)]
    for path in run.uncovered_files:
        out.append(
            "  " + T(f"{path}：没有测试用例文件测试此规则集", f"{path}: no case file tests this rule set").get(lang)
        )
    passed = len(run.results) - len(run.failed)
    summary = T(
        f"{len(run.results)} 个用例：{passed} 个通过，{len(run.failed)} 个失败；规则覆盖率 {run.percent:.1f}%",
        f"{len(run.results)} case{'' if len(run.results) == 1 else 's'}: {passed} passed, {len(run.failed)} failed; rule coverage {run.percent:.1f} %",
    ).get(lang)
    out.append("")
    out.append(summary)
    if min_coverage is not None and run.percent < min_coverage:
        out.append(
            T(
                f"覆盖率 {run.percent:.1f}% 低于要求的 {min_coverage:g}%",
                f"coverage {run.percent:.1f} % is below the required {min_coverage:g} %",
            ).get(lang)
        )
    return "\n".join(out) + "\n"


def render_junit(run: TestRun, lang: Lang, *, min_coverage: float | None = None) -> str:
    """One test suite per case file, one test case per case; a suite ``coverage`` with one test
    case per rule set, failing when it is below ``min_coverage``."""
    root = ET.Element("testsuites", name="ecorules test")
    by_file: dict[Path, list[CaseResult]] = {}
    for result in run.results:
        by_file.setdefault(result.file, []).append(result)
    for file, results in by_file.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=str(file),
            tests=str(len(results)),
            failures=str(sum(not r.passed for r in results)),
            errors="0",
        )
        for result in results:
            case = ET.SubElement(
                suite, "testcase", classname=result.ruleset.ruleset.ruleset.id, name=result.title(lang), file=str(file)
            )
            if result.line:
                case.set("line", str(result.line))
            if not result.passed:
                lines = difference(result, lang)
                failure = ET.SubElement(case, "failure", message=lines[0], type="ecorules.case")
                failure.text = "\n".join(lines)
    if run.errors:
        suite = ET.SubElement(root, "testsuite", name="case files", tests=str(len(run.errors)), failures="0")
        suite.set("errors", str(len(run.errors)))
        for error in run.errors:
            case = ET.SubElement(suite, "testcase", classname="case files", name=error.file or "?")
            ET.SubElement(case, "error", message=error.render(lang).splitlines()[0]).text = error.render(lang)
    coverage_suite = ET.SubElement(
        root, "testsuite", name="coverage", tests=str(len(run.coverage) + len(run.uncovered_files))
    )
    failures = 0
    for coverage in run.coverage.values():
        case = ET.SubElement(coverage_suite, "testcase", classname="coverage", name=coverage.ruleset_id)
        if min_coverage is not None and coverage.percent < min_coverage:
            failures += 1
            lines = coverage_lines(coverage, lang)
            ET.SubElement(case, "failure", message=lines[0], type="ecorules.coverage").text = "\n".join(lines)
    for path in run.uncovered_files:
        case = ET.SubElement(coverage_suite, "testcase", classname="coverage", name=str(path))
        if min_coverage is not None:
            failures += 1
            why = T(f"{path}：没有测试用例文件测试此规则集", f"{path}: no case file tests this rule set").get(lang)
            ET.SubElement(case, "failure", message=why, type="ecorules.coverage").text = why
    coverage_suite.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
