"""The human report: a table like the plan's own, details under each failing row,
and the summary line counted the way the plan counts ("27 met, 5 not met")."""

from __future__ import annotations

import unicodedata

from ecorules.findings import CheckResult, Finding, Status
from ecorules.plugins import hookimpl
from ecorules.registry import ReportOptions
from ecorules.text import Lang, T

HEAD = {
    "zh": ("指标", "规则", "名称", "状态", "实际值", "要求"),
    "en": ("No.", "Rule", "Sub-item", "Status", "Actual", "Required"),
}


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, to: int) -> str:
    return text + " " * max(0, to - width(text))


def summary_line(result: CheckResult, lang: Lang) -> str:
    c = result.summary.indicators
    included = []
    if c.not_applicable:
        included.append(T(f"不涉及 {c.not_applicable} 项", f"{c.not_applicable} not applicable").get(lang))
    if c.not_assessed:
        included.append(T(f"未考核 {c.not_assessed} 项", f"{c.not_assessed} not assessed").get(lang))
    if lang == "zh":
        line = f"{c.total} 项指标：达标 {c.met} 项"
        if included:
            line += f"（含{'、'.join(included)}）"
        line += f"，未达标 {c.not_met} 项"
        if c.not_met:
            line += f"（{'、'.join(c.not_met_numbers)}）"
        if c.missing:
            line += f"，缺数据 {c.missing} 项（{'、'.join(c.missing_numbers)}）"
        return line
    line = f"{c.total} indicators: {c.met} met"
    if included:
        line += f" (incl. {', '.join(included)})"
    line += f", {c.not_met} not met"
    if c.not_met:
        line += f" ({', '.join(c.not_met_numbers)})"
    if c.missing:
        line += f", {c.missing} missing data ({', '.join(c.missing_numbers)})"
    return line


class TextReporter:
    name = "text"
    description = T("终端表格与汇总（默认）", "table and summary for the terminal (default)")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        lang = options.lang
        blocks = [self._one(r, lang) for r in results]
        if len(results) > 1:
            total = T(f"共检查 {len(results)} 份提交", f"{len(results)} submissions checked").get(lang)
            lines = [total, *(f"  {r.source}: {summary_line(r, lang)}" for r in results)]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"

    def _one(self, r: CheckResult, lang: Lang) -> str:
        title = r.ruleset.title.get(lang)
        head = [
            f"{r.district} {r.year}{'年' if lang == 'zh' else ''} — {r.source}",
            T(
                f"规则集：{r.ruleset.id} {r.ruleset.version}《{title}》（{r.ruleset.document}），{r.ruleset.chosen_because.zh}",
                f"Rule set: {r.ruleset.id} {r.ruleset.version}, {title} ({r.ruleset.document}); {r.ruleset.chosen_because.en}",
            ).get(lang),
            "",
        ]
        rows = [HEAD[lang]] + [self._row(f, lang) for f in r.findings]
        widths = [max(width(row[i]) for row in rows) for i in range(len(HEAD[lang]) - 1)]
        lines = []
        for i, row in enumerate(rows):
            cells = [pad(cell, widths[j]) for j, cell in enumerate(row[:-1])]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
            if i and r.findings[i - 1].status in (Status.not_met, Status.missing):
                lines.extend(self._details(r.findings[i - 1], lang))
        return "\n".join(head + lines + ["", summary_line(r, lang)])

    @staticmethod
    def _row(f: Finding, lang: Lang) -> tuple[str, ...]:
        status = f.status.label.get(lang)
        if f.status.fails and f.severity == "warning":
            status += T("（参考性）", " (reference)").get(lang)
        if f.suppression is not None and f.suppression.active:
            status += (
                T("（已豁免）", " (waived)") if f.suppression.kind == "waiver" else T("（基线已有）", " (in baseline)")
            ).get(lang)
        return (f.indicator.number, f.rule_id, f.name.get(lang), status, f.actual or "-", f.expected.get(lang))

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
def ecorules_register_reporters(registry) -> None:
    registry.add(TextReporter())
