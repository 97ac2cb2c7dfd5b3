"""The human report: a table like the plan's own, details under each failing row,
and the summary line counted the way the plan counts ("27 met, 5 not met")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import MARKS, BatchSummary
from ecorules.model.findings import CheckResult, Finding, PreparedResult, Status, unprepared
from ecorules.model.text import Lang, T, Text, printable
from ecorules.model.years import DistrictYears, YearsView
from ecorules.reporters.layout import MIN_COLUMN, fit_columns, pad, table_lines, width, wrap_indented
from ecorules.reporters.wording import summary_line

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


# How narrow each column of the table may get when the terminal is narrow: the number and the
# rule ID stay whole, the status and the value wrap last, the names and the wording first.
# The names and the wording keep 20 columns as long as narrowing the others can make room.
_SOFT_FLOORS = (None, None, 20, 10, 10, 20)
_FLOORS = (None, None, MIN_COLUMN, 10, 10, MIN_COLUMN)

# What a multi-file run checked, by record kind.
_CHECKED = {"indicators": T("份提交", "submissions"), "projects": T("份项目表", "project tables")}
_CHECKED_MIXED = T("份结果（提交与项目表）", "results (submissions and project tables)")


def batch_matrix(batch: BatchSummary, lang: Lang, cols: int | None = None) -> list[str]:
    """The counts a reviewer reads first, then submissions × the indicators that fail somewhere
    (one mark each: ✓ met, ✗ not met, ? missing data, - not applicable, ○ not assessed).
    Within ``cols`` columns, the matrix is cut into blocks of indicators, each under its labels."""
    lines = wrap_indented(batch.headline().get(lang), cols, "", "")
    columns = batch.trouble()
    if not columns:
        lines.append(T("所有提交的全部指标均达标", "every submission meets every indicator").get(lang))
        return lines
    labels = [f"{PurePath(r.source).name}  {r.heading.get(lang)}" for r in batch.rows]
    cell = max(len(c) for c in columns) + 1
    left = max(width(label) for label in labels)
    if cols is not None and left + 2 + cell > cols:  # cut the labels, never the marks
        left = max(cols - 2 - cell, 4)
        labels = [_cut(label, left) for label in labels]
    per_block = len(columns) if cols is None else max(1, (cols - left - 2) // cell)
    lines += wrap_indented(
        T("指标（仅列出有未达标或缺数据的）：", "Indicators (only those not met or missing somewhere):").get(lang),
        cols,
        "",
        "",
    )
    for start in range(0, len(columns), per_block):
        block = columns[start : start + per_block]
        if start:
            lines.append("")
        lines.append(" " * (left + 2) + "".join(c.rjust(cell) for c in block))
        for label, row in zip(labels, batch.rows, strict=True):
            marks = "".join(MARKS[row.statuses[c]].rjust(cell) if c in row.statuses else " " * cell for c in block)
            lines.append(f"{pad(label, left)}  {marks}")
    shown = (row.statuses.get(c) for row in batch.rows for c in columns)
    lines += wrap_indented(legend(any(s is Status.progress for s in shown)).get(lang), cols, "", "")
    return lines


def years_by_indicator(district: DistrictYears, lang: Lang, cols: int | None = None) -> list[str]:
    """One line per indicator with its verdict in each year: '4   2022 ✗  2023 ✗  环境空气质量',
    then the plan's count for each year. Within ``cols`` columns the name wraps under itself."""
    years = district.years
    span = f"{years[0]}—{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else "、".join(map(str, years))
    head = T(
        f"{district.district} {span} 年逐年指标（{district.ruleset}）：",
        f"{district.district}, indicators by year, {span.replace('—', '–').replace('、', ', ')} ({district.ruleset}):",
    )
    lines = wrap_indented(head.get(lang), cols, "", "  ")
    number_width = max(len(n) for n in district.names)
    for number, name in district.names.items():
        marks = "  ".join(f"{y} {MARKS[s] if (s := district.status(number, y)) is not None else ' '}" for y in years)
        first = f"  {number.ljust(number_width)}  {marks}  "
        lines += wrap_indented(name.get(lang), cols, first, " " * width(first))
    changed = district.changed()
    if changed:
        lines += wrap_indented(
            T(
                f"各年结果不同的指标：{'、'.join(changed)}",
                f"indicators whose verdict changed: {', '.join(changed)}",
            ).get(lang),
            cols,
            "  ",
            "    ",
        )
    progress = any(s is Status.progress for by_year in district.statuses.values() for s in by_year.values())
    lines += wrap_indented(legend(progress).get(lang), cols, "  ", "  ")
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


def _cut(text: str, cols: int) -> str:
    """``text`` cut to ``cols`` columns, its end replaced by an ellipsis."""
    if width(text) <= cols:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > cols - 1:
            break
        out += ch
    return out + "…"


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
        return self._one(result, options)  # made printable by stream, as every chunk is

    def _stream(self, results: Iterable[CheckResult | PreparedResult], options: ReportOptions) -> Iterator[str]:
        """Each result's block as soon as it is checked; the run's summary at the end, made
        from what was kept of each result (its summary line, its verdicts), not the results."""
        lang, cols = options.lang, options.width
        lines: list[str] = []
        kinds: set[str] = set()
        sources: set[str] = set()
        batch = BatchSummary()
        years = YearsView()
        for item in results:
            r, part = unprepared(item)
            shown = self._one(r, options) if part is None else part if isinstance(part, str) else part.decode()
            yield ("\n\n" if lines else "") + shown
            # a year, or a table's heading: one file may hold several of either
            label = r.year if r.year is not None else r.heading.get(lang)
            head = f"  {r.source} {label}: "
            if cols is not None and width(head) > cols // 2:  # a long path: on a line of its own
                lines += wrap_indented(head.strip(), cols, "  ", "    ")
                head = "      "
            lines += wrap_indented(summary_line(r, lang), cols, head, "      ")
            kinds.add(r.words.record_kind)
            sources.add(r.source)
            batch.add(r)
            years.add(r)
        if batch.results > 1:
            what = _CHECKED[kinds.pop()] if len(kinds) == 1 else _CHECKED_MIXED
            total = T(f"共检查 {batch.results} {what.zh}", f"{batch.results} {what.en} checked").get(lang)
            yield "\n\n" + "\n".join([total, *lines])
            for district in years.several():  # a district checked for several years
                yield "\n\n" + "\n".join(years_by_indicator(district, lang, cols))
            if len(sources) > 1:  # a batch of files, not one workbook's years
                yield "\n\n" + "\n".join(batch_matrix(batch, lang, cols))
        yield "\n"

    def _one(self, r: CheckResult, options: ReportOptions) -> str:
        lang, cols = options.lang, options.width
        title = r.ruleset.title.get(lang)
        if options.compact:
            head = wrap_indented(
                f"{r.heading.get(lang)} — {r.source} [{r.ruleset.id} {r.ruleset.version}]", cols, "", "  "
            )
            failing = [f for f in r.findings if f.status.fails]
            rows = [wrap_indented(self._compact_row(f, lang), cols, "  ", "      ") for f in failing]
            return "\n".join(
                head + [line for row in rows for line in row] + wrap_indented(summary_line(r, lang), cols, "", "  ")
            )
        ruleset_line = T(
            f"规则集：{r.ruleset.id} {r.ruleset.version}《{title}》（{r.ruleset.document}），{r.ruleset.chosen_because.zh}",
            f"Rule set: {r.ruleset.id} {r.ruleset.version}, {title} ({r.ruleset.document}); {r.ruleset.chosen_because.en}",
        ).get(lang)
        head = [
            *wrap_indented(f"{r.heading.get(lang)} — {r.source}", cols, "", "  "),
            *wrap_indented(ruleset_line, cols, "", "  "),
            "",
        ]
        body = self._projects if r.words.record_kind == "projects" else self._indicators
        return "\n".join(head + body(r, lang, cols) + ["", *wrap_indented(summary_line(r, lang), cols, "", "  ")])

    def _compact_row(self, f: Finding, lang: Lang) -> str:
        """'4 EC24-04.1 空气质量优良天数比例：未达标，82.2%（要求 …）@ 第 12 行'."""
        _, rule, title, status, actual, required = self._row(f, lang)
        where = f" @ {f.location.position(lang)}" if f.location is not None else ""
        return T(
            f"{rule} {title}：{status}，{actual}（要求：{required}）{where}",
            f"{rule} {title}: {status}, {actual} (required: {required}){where}",
        ).get(lang)

    def _indicators(self, r: CheckResult, lang: Lang, cols: int | None) -> list[str]:
        """One row per sub-item, as the plan's own table."""
        rows: list[tuple[tuple[str, ...], Finding | None]] = [(self._row(f, lang), f) for f in r.findings]
        return self._table(HEAD[lang], rows, lang, cols)

    def _table(
        self,
        header: tuple[str, ...],
        rows: list[tuple[tuple[str, ...], Finding | None]],
        lang: Lang,
        cols: int | None,
    ) -> list[str]:
        """Aligned rows, long wording wrapped inside its column when the width is limited;
        under each failing finding, how the verdict was reached and where; under each finding
        in progress, both figures and the gap."""
        cells = [header, *(row for row, _ in rows)]
        natural = [max(width(row[i]) for row in cells) for i in range(len(header))]
        if cols is None:  # as wide as the wording: the last column is not padded
            widths: list[int | None] = [*natural[:-1], None]
        else:  # the number and the rule ID stay whole; the wording wraps
            widths = list(fit_columns(fit_columns(natural, _SOFT_FLOORS, cols), _FLOORS, cols))
        laid = table_lines([header, *(row for row, _ in rows)], widths)
        lines = []
        for block, finding in zip(laid, [None, *(f for _, f in rows)], strict=True):
            lines.extend(block)
            if finding is not None and finding.status in (Status.not_met, Status.missing, Status.progress):
                lines.extend(self._details(finding, lang, cols))
        return lines

    def _projects(self, r: CheckResult, lang: Lang, cols: int | None) -> list[str]:
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
        return self._table(PROJECT_HEAD[lang], rows, lang, cols)

    @staticmethod
    def _row(f: Finding, lang: Lang) -> tuple[str, ...]:
        status = f.status.label.get(lang)
        if f.status.fails and f.severity == "warning":
            status += T("（参考性）", " (reference)").get(lang)
        if f.suppression is not None and f.suppression.active:
            status += (
                T("（已豁免）", " (waived)") if f.suppression.kind == "waiver" else T("（基线已有）", " (in baseline)")
            ).get(lang)
        return (
            f.indicator.number,
            f.rule_id,
            f.title.get(lang),
            status,
            f.actual_in(lang) or "-",
            f.expected.get(lang),
        )

    @staticmethod
    def _details(f: Finding, lang: Lang, cols: int | None = None) -> list[str]:
        out = [line for d in f.details for line in wrap_indented(d.get(lang), cols, "      - ", "        ")]
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
            out += wrap_indented(note.get(lang), cols, "      ! ", "        ")
        elif s is not None:
            out += wrap_indented(
                T("基线中已记录，不计入本次门禁", "recorded in the baseline; does not fail this run").get(lang),
                cols,
                "      ! ",
                "        ",
            )
        if f.location is not None:
            out += wrap_indented(f.location.describe(), cols, "      @ ", "        ")
        return out


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(TextReporter())
