"""The human report: a table like the plan's own, details under each failing row,
and the summary line counted the way the plan counts ("27 met, 5 not met")."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import MARKS, BatchSummary
from ecorules.model.findings import CheckResult, Finding, GateCounts, PreparedResult, Status, unprepared
from ecorules.model.text import Lang, T, Text, printable
from ecorules.model.years import DistrictYears, YearsView

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry

HEAD = {
    "zh": ("指标", "规则", "名称", "状态", "实际值", "要求"),
    "en": ("No.", "Rule", "Sub-item", "Status", "Actual", "Required"),
}
PROJECT_HEAD = {
    "zh": ("要求", "规则", "对象：规则", "状态", "实际值", "要求内容"),
    "en": ("Req.", "Rule", "Subject: rule", "Status", "Actual", "Required"),
}


# What a multi-file run checked, by record kind.
_CHECKED = {"indicators": T("份提交", "submissions"), "projects": T("份项目表", "project tables")}
_CHECKED_MIXED = T("份结果（提交与项目表）", "results (submissions and project tables)")


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, to: int) -> str:
    return text + " " * max(0, to - width(text))


def summary_line(result: CheckResult, lang: Lang) -> str:
    """'27 met, 5 not met' for indicators; for a project table, first what was checked."""
    coverage = result.words.coverage
    counts = counts_line(result, lang)
    return f"{coverage.get(lang)}{T('；', '; ').get(lang)}{counts}" if coverage is not None else counts


def counts_line(result: CheckResult, lang: Lang) -> str:
    """'32 indicators: 27 met …, 5 not met (4, 6, 8, 19, 23)', the plan's own count; when a
    waiver or the baseline took part, what the gate made of the failing findings."""
    line = _plan_counts(result, lang)
    gate = GateCounts.of(result).words()
    return line if gate is None else line + T("；", "; ").get(lang) + gate.get(lang)


def _plan_counts(result: CheckResult, lang: Lang) -> str:
    c = result.summary.indicators
    counted = result.words.group_word
    included = []
    if c.not_applicable:
        included.append(T(f"不涉及 {c.not_applicable} 项", f"{c.not_applicable} not applicable").get(lang))
    if c.not_assessed:
        included.append(T(f"未考核 {c.not_assessed} 项", f"{c.not_assessed} not assessed").get(lang))
    if lang == "zh":
        line = f"{c.total} 项{counted.zh}：达标 {c.met} 项"
        if included:
            line += f"（含{'、'.join(included)}）"
        if c.progress:
            line += f"，推进中 {c.progress} 项（{'、'.join(c.progress_numbers)}）"
        line += f"，未达标 {c.not_met} 项"
        if c.not_met:
            line += f"（{'、'.join(c.not_met_numbers)}）"
        if c.missing:
            line += f"，缺数据 {c.missing} 项（{'、'.join(c.missing_numbers)}）"
        return line
    line = f"{c.total} {counted.en}: {c.met} met"
    if included:
        line += f" (incl. {', '.join(included)})"
    if c.progress:
        line += f", {c.progress} in progress ({', '.join(c.progress_numbers)})"
    line += f", {c.not_met} not met"
    if c.not_met:
        line += f" ({', '.join(c.not_met_numbers)})"
    if c.missing:
        line += f", {c.missing} missing data ({', '.join(c.missing_numbers)})"
    return line


def batch_matrix(batch: BatchSummary, lang: Lang) -> list[str]:
    """The counts a reviewer reads first, then submissions × the indicators that fail somewhere
    (one mark each: ✓ met, ✗ not met, ? missing data, - not applicable, ○ not assessed)."""
    lines = [batch.headline().get(lang)]
    columns = batch.trouble()
    if not columns:
        lines.append(T("所有提交的全部指标均达标", "every submission meets every indicator").get(lang))
        return lines
    labels = [f"{PurePath(r.source).name}  {r.heading.get(lang)}" for r in batch.rows]
    left = max(width(label) for label in labels)
    cell = max(len(c) for c in columns) + 1
    lines.append(
        T("指标（仅列出有未达标或缺数据的）：", "Indicators (only those not met or missing somewhere):").get(lang)
    )
    lines.append(" " * (left + 2) + "".join(c.rjust(cell) for c in columns))
    for label, row in zip(labels, batch.rows, strict=True):
        marks = "".join(MARKS[row.statuses[c]].rjust(cell) if c in row.statuses else " " * cell for c in columns)
        lines.append(f"{pad(label, left)}  {marks}")
    shown = (row.statuses.get(c) for row in batch.rows for c in columns)
    lines.append(legend(any(s is Status.progress for s in shown)).get(lang))
    return lines


def years_by_indicator(district: DistrictYears, lang: Lang) -> list[str]:
    """One line per indicator with its verdict in each year: '4   2022 ✗  2023 ✗  环境空气质量',
    then the plan's count for each year."""
    years = district.years
    span = f"{years[0]}—{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else "、".join(map(str, years))
    head = T(
        f"{district.district} {span} 年逐年指标（{district.ruleset}）：",
        f"{district.district}, indicators by year, {span.replace('—', '–').replace('、', ', ')} ({district.ruleset}):",
    )
    lines = [head.get(lang)]
    number_width = max(len(n) for n in district.names)
    for number, name in district.names.items():
        marks = "  ".join(f"{y} {MARKS[s] if (s := district.status(number, y)) is not None else ' '}" for y in years)
        lines.append(f"  {number.ljust(number_width)}  {marks}  {name.get(lang)}")
    changed = district.changed()
    if changed:
        lines.append(
            T(
                f"  各年结果不同的指标：{'、'.join(changed)}",
                f"  indicators whose verdict changed: {', '.join(changed)}",
            ).get(lang)
        )
    progress = any(s is Status.progress for by_year in district.statuses.values() for s in by_year.values())
    lines.append("  " + legend(progress).get(lang))
    return lines


def legend(progress: bool) -> Text:
    """What the marks mean ('~ in progress' only where some verdict is progress)."""
    zh, en = (
        "✓ 达标  ✗ 未达标  ? 缺数据  - 不涉及  ○ 未考核",
        "✓ met  ✗ not met  ? missing data  - not applicable  ○ not assessed",
    )
    if progress:
        zh, en = zh + "  ~ 推进中", en + "  ~ in progress"
    return T(zh, en)


class TextReporter:
    name = "text"
    description = T("终端表格与汇总（默认）", "table and summary for the terminal (default)")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult | PreparedResult], options: ReportOptions) -> Iterator[str]:
        """The report for a terminal: what submissions and rule sets say is shown with its
        control characters as U+FFFD (:func:`~ecorules.model.text.printable`), whether it goes
        to the terminal or to a file."""
        return map(printable, self._stream(results, options))

    def part(self, result: CheckResult, options: ReportOptions) -> str:
        """One result's block (see :class:`~ecorules.model.findings.PreparedResult`)."""
        return self._one(result, options.lang)  # made printable by stream, as every chunk is

    def _stream(self, results: Iterable[CheckResult | PreparedResult], options: ReportOptions) -> Iterator[str]:
        """Each result's block as soon as it is checked; the run's summary at the end, made
        from what was kept of each result (its summary line, its verdicts), not the results."""
        lang = options.lang
        lines: list[str] = []
        kinds: set[str] = set()
        sources: set[str] = set()
        batch = BatchSummary()
        years = YearsView()
        for item in results:
            r, part = unprepared(item)
            yield ("\n\n" if lines else "") + (part if part is not None else self._one(r, lang))
            lines.append(f"  {r.source}: {summary_line(r, lang)}")
            kinds.add(r.words.record_kind)
            sources.add(r.source)
            batch.add(r)
            years.add(r)
        if len(lines) > 1:
            what = _CHECKED[kinds.pop()] if len(kinds) == 1 else _CHECKED_MIXED
            total = T(f"共检查 {len(lines)} {what.zh}", f"{len(lines)} {what.en} checked").get(lang)
            yield "\n\n" + "\n".join([total, *lines])
            for district in years.several():  # a district checked for several years
                yield "\n\n" + "\n".join(years_by_indicator(district, lang))
            if len(sources) > 1:  # a batch of files, not one workbook's years
                yield "\n\n" + "\n".join(batch_matrix(batch, lang))
        yield "\n"

    def _one(self, r: CheckResult, lang: Lang) -> str:
        title = r.ruleset.title.get(lang)
        head = [
            f"{r.heading.get(lang)} — {r.source}",
            T(
                f"规则集：{r.ruleset.id} {r.ruleset.version}《{title}》（{r.ruleset.document}），{r.ruleset.chosen_because.zh}",
                f"Rule set: {r.ruleset.id} {r.ruleset.version}, {title} ({r.ruleset.document}); {r.ruleset.chosen_because.en}",
            ).get(lang),
            "",
        ]
        body = self._projects if r.words.record_kind == "projects" else self._indicators
        return "\n".join(head + body(r, lang) + ["", summary_line(r, lang)])

    def _indicators(self, r: CheckResult, lang: Lang) -> list[str]:
        """One row per sub-item, as the plan's own table."""
        rows: list[tuple[tuple[str, ...], Finding | None]] = [(self._row(f, lang), f) for f in r.findings]
        return self._table(HEAD[lang], rows, lang)

    def _table(
        self, header: tuple[str, ...], rows: list[tuple[tuple[str, ...], Finding | None]], lang: Lang
    ) -> list[str]:
        """Aligned rows; under each failing finding, how the verdict was reached and where; under
        each finding in progress, both figures and the gap."""
        cells = [header, *(row for row, _ in rows)]
        widths = [max(width(row[i]) for row in cells) for i in range(len(header) - 1)]
        lines = []
        for row, finding in [(header, None), *rows]:
            lines.append("  ".join([*(pad(c, widths[j]) for j, c in enumerate(row[:-1])), row[-1]]).rstrip())
            if finding is not None and finding.status in (Status.not_met, Status.missing, Status.progress):
                lines.extend(self._details(finding, lang))
        return lines

    def _projects(self, r: CheckResult, lang: Lang) -> list[str]:
        """A project table has a finding per row and rule: aggregates are shown group by group,
        record rules as one line of counts each, followed by the rows that fail."""
        rows: list[tuple[tuple[str, ...], Finding | None]] = []
        by_rule: dict[str, list[Finding]] = {}
        for f in r.findings:
            by_rule.setdefault(f.rule_id, []).append(f)
        for rule_id, found in by_rule.items():
            first = found[0]
            if first.scope != "record":
                rows += [(self._row(f, lang), f) for f in found]
                continue
            counts = {s: sum(f.status is s for f in found) for s in Status}
            shown = [f"{n} {s.label.get(lang)}" for s, n in counts.items() if n]
            summary = (T("；", "; ").get(lang)).join(shown)
            rows.append(
                ((first.indicator.number, rule_id, first.name.get(lang), summary, "", first.expected.get(lang)), None)
            )
            for f in found:
                if f.status in (Status.not_met, Status.missing):
                    row = self._row(f, lang)
                    rows.append((("", "", "  " + (f.subject.get(lang) if f.subject else ""), *row[3:5], ""), f))
        return self._table(PROJECT_HEAD[lang], rows, lang)

    @staticmethod
    def _row(f: Finding, lang: Lang) -> tuple[str, ...]:
        status = f.status.label.get(lang)
        if f.status.fails and f.severity == "warning":
            status += T("（参考性）", " (reference)").get(lang)
        if f.suppression is not None and f.suppression.active:
            status += (
                T("（已豁免）", " (waived)") if f.suppression.kind == "waiver" else T("（基线已有）", " (in baseline)")
            ).get(lang)
        return (f.indicator.number, f.rule_id, f.title.get(lang), status, f.actual or "-", f.expected.get(lang))

    @staticmethod
    def _details(f: Finding, lang: Lang) -> list[str]:
        out = [f"      - {d.get(lang)}" for d in f.details]
        s = f.suppression
        if s is not None and s.kind == "waiver":
            until = s.expires.isoformat() if s.expires else "?"
            by = f"，{s.approved_by}" if s.approved_by else ""
            note = (
                T(
                    f"豁免已于 {until} 到期，重新计为未通过（{s.reason}）",
                    f"waiver expired on {until}; failing again ({s.reason})",
                )
                if s.expired
                else T(f"已豁免至 {until}：{s.reason}{by}", f"waived until {until}: {s.reason}{by.replace('，', ', ')}")
            )
            out.append(f"      ! {note.get(lang)}")
        elif s is not None:
            out.append(
                f"      ! {T('基线中已记录，不计入本次门禁', 'recorded in the baseline; does not fail this run').get(lang)}"
            )
        if f.location is not None:
            out.append(f"      @ {f.location.describe()}")
        return out


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(TextReporter())
