"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Per submission: a heading (district, year, rule set), the official count line ("27 met,
5 not met") and a table of the findings that fail the gate, one row each, so a reviewer sees
what to fix without opening the log. Waived and baselined findings do not fail the gate;
they get a short table of their own with the reason and the expiry date, because a waiver
nobody sees is a waiver nobody renews or retires. A finding whose waiver has expired fails
again and is in the first table, marked as such. Findings in progress (a planned target not
yet due and not yet reached) do not fail either; they get a table of their own with both
figures and the gap.

Cells come from submissions and rule sets, so they are escaped: ``|`` would split the row,
``<`` and ``&`` could turn a value into HTML in a comment, and a line break would end the
table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.findings import CheckResult, Finding, Status
from ecorules.model.fingerprints import portable_path
from ecorules.model.text import Lang, T, printable
from ecorules.reporters.wording import summary_line

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry

FAILING_HEAD = {
    "zh": ("规则", "指标", "名称", "状态", "实际值", "要求", "位置"),
    "en": ("Rule", "Indicator", "Sub-item", "Status", "Actual", "Required", "Location"),
}
PROGRESS_HEAD = {
    "zh": ("规则", "指标", "名称", "实际值", "目标", "进展"),
    "en": ("Rule", "Indicator", "Sub-item", "Actual", "Target", "Progress"),
}
SUPPRESSED_HEAD = {
    "zh": ("规则", "指标", "名称", "方式", "原因", "到期"),
    "en": ("Rule", "Indicator", "Sub-item", "Kind", "Reason", "Expires"),
}


def cell(text: object) -> str:
    """Text that stays inside one GitHub-flavoured Markdown table cell and renders as written:
    no table break, no HTML, no link or image (``[…](…)``, ``![…](…)``), no @mention that
    would notify someone, no control character."""
    escaped = (
        printable(str(text))
        .replace("\ufffd", "")
        .replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("@", "@\u200b")  # a zero-width space: GitHub does not mention '@\u200bname'
    )
    return "<br>".join(line.strip() for line in escaped.splitlines()) or " "


def table(head: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def status_text(f: Finding, lang: Lang) -> str:
    text = f.status.label.get(lang)
    if f.severity == "warning":
        text += T("（参考性）", " (reference)").get(lang)
    s = f.suppression
    if s is not None and s.expired:
        until = s.expires.isoformat() if s.expires else "?"
        text += T(f"；豁免已于 {until} 到期", f"; waiver expired {until}").get(lang)
    return text


def where(f: Finding, lang: Lang) -> str:
    """The cell, line or pointer, without the file: the heading names the file."""
    loc = f.location
    if loc is None:
        return "-"
    if loc.sheet is None and loc.row is not None:
        return T(f"第 {loc.row} 行", f"line {loc.row}").get(lang)
    return loc.position(lang)


class MarkdownReporter:
    name = "markdown"
    description = T("Markdown 摘要（PR 评论、作业摘要）", "Markdown summary for PR comments and job summaries")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult], options: ReportOptions) -> Iterator[str]:
        """The summary a submission at a time (each block depends on its result alone)."""
        lang = options.lang
        yield T("## 生态文明建设指标检查（ecorules）", "## Indicator check (ecorules)").get(lang)
        for r in results:
            yield "\n\n" + "\n".join(self._one(r, lang))
        if options.unreadable:  # complete once the results are
            heading = T("### 无法读取的文件", "### Files that could not be read").get(lang)
            items = [f"- {cell(p.render(lang))}" for error in options.unreadable for p in error.problems]
            yield "\n\n" + "\n".join([heading, "", *items])
        yield "\n"

    @staticmethod
    def _one(r: CheckResult, lang: Lang) -> list[str]:
        title, document, path = cell(r.ruleset.title.get(lang)), cell(r.ruleset.document), cell(portable_path(r.source))
        lines = [
            f"### {cell(r.heading.get(lang))} — {cell(r.ruleset.id)} {cell(r.ruleset.version)}",
            "",
            T(f"文件 {path}；《{title}》（{document}）", f"File {path}; {title} ({document})").get(lang),
            "",
            f"**{cell(summary_line(r, lang))}**",
        ]
        failing = [f for f in r.findings if f.fails]
        if failing:
            rows = [
                (
                    f.rule_id,
                    f.indicator.number,
                    f.title.get(lang),
                    status_text(f, lang),
                    f.actual_in(lang) or "-",
                    f.expected.get(lang),
                    where(f, lang),
                )
                for f in failing
            ]
            lines += ["", *table(FAILING_HEAD[lang], rows)]
        else:
            lines += ["", T("没有未通过的规则。", "No rule fails.").get(lang)]
        progress = [f for f in r.findings if f.status is Status.progress]
        if progress:
            progress_rows = [
                (
                    f.rule_id,
                    f.indicator.number,
                    f.title.get(lang),
                    f.actual_in(lang) or "-",
                    f.expected.get(lang),
                    T("；", "; ").get(lang).join(d.get(lang) for d in f.details),
                )
                for f in progress
            ]
            said = T("推进中（目标尚未到期，不计入门禁）", "In progress (targets not yet due; not failing the gate)")
            lines += ["", f"**{said.get(lang)}**", "", *table(PROGRESS_HEAD[lang], progress_rows)]
        suppressed = [f for f in r.findings if f.status.fails and f.suppression is not None and f.suppression.active]
        if suppressed:
            kinds = {"waiver": T("豁免", "waiver"), "baseline": T("基线", "baseline")}
            suppressed_rows = [
                (
                    f.rule_id,
                    f.indicator.number,
                    f.title.get(lang),
                    kinds[f.suppression.kind].get(lang),
                    f.suppression.reason,
                    f.suppression.expires.isoformat() if f.suppression.expires else "-",
                )
                for f in suppressed
                if f.suppression is not None
            ]
            heading = T("已豁免或纳入基线（不计入门禁）", "Waived or baselined (not failing the gate)").get(lang)
            lines += ["", f"**{heading}**", "", *table(SUPPRESSED_HEAD[lang], suppressed_rows)]
        return lines


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(MarkdownReporter())
