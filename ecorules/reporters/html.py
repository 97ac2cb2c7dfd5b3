"""A self-contained HTML report (``--format html``): one file with its styles, its trend
charts as inline SVG and a few lines of script, that opens with no request to the network,
prints on A4 and can be mailed to a department head.

Per district (one input file): a header naming the district, the years, the rule set with
its version and citation, the file and its SHA-256; summary cards counted the way the plan
counts, binding failures first; one table per area (目标责任, 生态安全, …, 参考性指标) with
each sub-item's value, threshold wording, target, status, rule ID, citation and source cell;
for a file of several years, a trend chart per numeric sub-item; the waived findings with
their reason and expiry. Several districts give one page that starts with the counts a
reviewer reads first and a districts × indicators matrix, each cell linking to the row in
that district's section.

Jinja2 is imported when this format is used, never otherwise; its templates ship with
ecorules (``reporters/templates``) and escape everything they print.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import MARKS, BatchSummary
from ecorules.model.findings import CheckResult, Finding, PreparedResult, Status, unprepared
from ecorules.model.text import Lang, T, printable
from ecorules.reporters.wording import WORDS, counts_line, generated_at, sha256_of

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry

MARK = MARKS  # one mark per status, as the text report's matrix shows it
# The order a sorted matrix column puts its rows in: the worst first.
RANK = {
    Status.not_met: 0,
    Status.missing: 1,
    Status.progress: 2,
    Status.not_assessed: 3,
    Status.not_applicable: 4,
    Status.met: 5,
}

_NUMBER = r"-?\d+(?:\.\d+)?"
# A value that is a number and its unit, nothing more: '82.2%', '34.1 μg/m³', '1998.6 t'.
_PLAIN_VALUE = re.compile(rf"^\s*({_NUMBER})\s*[^\d\s≥≤<>~～—-]{{0,12}}\s*$")
# The first comparison in a threshold's wording: '≥20 %', 'and ≤25 μg/m³ or falling'.
_COMPARISON = re.compile(rf"[≥≤<>]\s*({_NUMBER})")
# A target kind's step where the value itself is compared with its target: 'target: 34.1 ≤ 33 μg/m³'.
_TARGET = re.compile(rf"^target: ({_NUMBER}) [≥≤<>] ({_NUMBER})")


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def chart_value(actual: str | None) -> Decimal | None:
    """The number a finding's value is, when it is one with its unit ('82.2%'); None for
    words ('建立'), bounds ('≥25%') and anything else a chart would misrepresent."""
    match = _PLAIN_VALUE.match(actual or "")
    return _number(match.group(1)) if match else None


def chart_threshold(f: Finding) -> Decimal | None:
    """The number the rule's threshold wording compares with ('≥90 %' -> 90), or a bare
    level ('100 %'); None when the wording has none (a target, a trend)."""
    wording = f.expected.en.strip()
    bare = re.fullmatch(rf"({_NUMBER})\s*%?", wording)
    if bare:
        return _number(bare.group(1))
    match = _COMPARISON.search(wording)
    return _number(match.group(1)) if match else None


def chart_target(f: Finding, value: Decimal) -> Decimal | None:
    """The assigned target, where the target step compares this very value with it (a
    target on another quantity, such as good-air days for the good-air ratio, is not drawn)."""
    for step in f.details:
        match = _TARGET.match(step.en)
        if match and _number(match.group(1)) == value:
            return _number(match.group(2))
    return None


@dataclass
class Series:
    """One sub-item across a district's years, for its trend chart."""

    rule_id: str
    name: str
    unit: str
    points: list[tuple[int, Decimal]] = field(default_factory=list)
    threshold: Decimal | None = None
    targets: list[tuple[int, Decimal]] = field(default_factory=list)

    def svg(self) -> dict[str, Any]:
        """Coordinates for the template's inline SVG (240 × 110, margins for the labels)."""
        w, h, left, right, top, bottom = 240, 110, 44, 10, 10, 24
        values = [v for _, v in self.points] + [v for _, v in self.targets]
        if self.threshold is not None:
            values.append(self.threshold)
        low, high = float(min(values)), float(max(values))
        if high == low:
            low, high = low - 1, high + 1
        pad = (high - low) * 0.12
        low, high = low - pad, high + pad
        years = [y for y, _ in self.points]
        first, last = min(years), max(years)

        def x(year: int) -> float:
            return round(left + (w - left - right) * ((year - first) / (last - first) if last > first else 0.5), 1)

        def y(value: Decimal) -> float:
            return round(top + (h - top - bottom) * (1 - (float(value) - low) / (high - low)), 1)

        def label(v: Decimal) -> str:
            return f"{v.normalize():f}"

        return {
            "width": w,
            "height": h,
            "left": left,
            "right": w - right,
            "bottom": h - bottom,
            "top": top,
            "line": " ".join(f"{x(yr)},{y(v)}" for yr, v in self.points),
            "dots": [
                {"x": x(yr), "y": y(v), "value": label(v), "label": f"{yr}: {label(v)} {self.unit}".strip()}
                for yr, v in self.points
            ],
            "years": [{"x": x(yr), "year": yr} for yr in years],
            "threshold": None if self.threshold is None else {"y": y(self.threshold), "label": label(self.threshold)},
            "targets": [{"x": x(yr), "y": y(v), "label": f"{yr}: {label(v)}"} for yr, v in self.targets],
            # the axis names the lowest and highest value drawn, where they are drawn
            "ticks": [{"y": y(v), "label": label(v)} for v in sorted({min(values), max(values)})],
        }


class HtmlReporter:
    name = "html"
    description = T(
        "独立的 HTML 报告：按领域分表、趋势图、可打印；多个区县时附总览矩阵",
        "self-contained HTML report: a table per area, trend charts, printable; an overview matrix for several districts",
    )

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult | PreparedResult], options: ReportOptions) -> Iterator[str]:
        """The page, once the run is over: its overview is known only then. A file's
        results (its years) are turned into its section as soon as the next file starts,
        so what is held is the sections' HTML, never the results."""
        lang = options.lang
        environment = _environment()
        template = environment.get_template("report.html.j2")
        section = environment.get_template("section.html.j2").module.section
        sections: list[Any] = []  # each file's section, rendered
        batch = BatchSummary()
        anchors: dict[str, str] = {}  # source -> section id
        group: list[CheckResult] = []
        years: list[int | None] = []  # the year of each of the batch's rows
        rulesets: dict[str, str] = {}
        for item in results:
            r, _ = unprepared(item)
            if group and group[0].source != r.source:
                sections.append(self._section(group, len(sections), lang, section, anchors))
                group = []
            group.append(r)
            batch.add(r)
            if r.words.record_kind == "indicators":
                years.append(r.year)
            rulesets.setdefault(
                f"{r.ruleset.id} {r.ruleset.version}",
                f"{r.ruleset.title.get(lang)}（{r.ruleset.document}）"
                if lang == "zh"
                else f"{r.ruleset.title.get(lang)} ({r.ruleset.document})",
            )
        if group:
            sections.append(self._section(group, len(sections), lang, section, anchors))
        from ecorules import __version__

        words = {k: v.get(lang) for k, v in WORDS.items()}
        overview = self._overview(batch, years, anchors, lang) if len(anchors) > 1 else None
        from markupsafe import Markup

        script = _script()
        yield template.render(
            script=Markup(script),
            # the page runs this script and no other (the Content-Security-Policy names its hash)
            script_hash=base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"),
            page=True,
            lang="zh-CN" if lang == "zh" else "en",
            w=words,
            version=__version__,
            generated=generated_at(),
            rulesets=rulesets,
            overview=overview,
            sections=sections,
            unreadable=[p.render(lang) for error in options.unreadable for p in error.problems],
        )

    def _section(self, group: list[CheckResult], index: int, lang: Lang, section: Any, anchors: dict[str, str]) -> Any:
        """One input file: its header, then each year's cards and tables, then its trends."""
        first = group[0]
        sid = f"d{index + 1}"
        anchors[first.source] = sid
        years = [r.year for r in group if r.year is not None]
        return section(
            {
                "id": sid,
                "heading": first.district or first.heading.get(lang),
                "years": "、".join(map(str, years)) if lang == "zh" else ", ".join(map(str, years)),
                "source": first.source,
                "sha256": sha256_of(first.source),
                "results": [self._result(r, sid, lang) for r in group],
                "charts": [
                    s.svg() | {"name": s.name, "rule_id": s.rule_id, "unit": s.unit} for s in self._series(group, lang)
                ],
            },
            {k: v.get(lang) for k, v in WORDS.items()},
        )

    def _result(self, r: CheckResult, sid: str, lang: Lang) -> dict[str, Any]:
        c = r.summary.indicators
        reference = WORDS["reference_area"].get(lang)
        areas: dict[str, list[dict[str, Any]]] = {}
        first_of: set[str] = set()
        # a project table has a finding per row and rule: a record rule is one line of counts,
        # followed by the rows that fail, as in the text report
        record_counts: dict[str, dict[Status, int]] = {}
        for f in r.findings:
            if f.scope == "record":
                counts = record_counts.setdefault(f.rule_id, dict.fromkeys(Status, 0))
                counts[f.status] += 1
        for f in r.findings:
            if f.scope == "record" and f.rule_id in record_counts:
                counts = record_counts.pop(f.rule_id)
                summary = T("；", "; ").get(lang).join(f"{n} {s.label.get(lang)}" for s, n in counts.items() if n)
                row = self._row(f, None, lang)
                row |= {"title": f.name.get(lang), "actual": "", "target": [], "steps": [], "where": ""}
                row |= {"status": "summary", "status_label": summary}
                areas.setdefault(WORDS["requirements"].get(lang), []).append(row)
            if f.scope == "record" and not f.status.fails:
                continue
            if r.words.record_kind == "projects":
                area = WORDS["requirements"].get(lang)
            elif f.indicator.category == "reference":
                area = reference
            elif f.indicator.number in r.words.areas:
                area = r.words.areas[f.indicator.number].get(lang)
            else:
                area = WORDS["other_area"].get(lang)
            anchor = None
            if f.indicator.number not in first_of:
                first_of.add(f.indicator.number)
                anchor = _row_id(sid, r.year, f.indicator.number)
            areas.setdefault(area, []).append(self._row(f, anchor, lang))
        if reference in areas:  # the reference indicators come last, as in the plan's table
            areas[reference] = areas.pop(reference)
        binding, ref = r.not_met_by_category()
        projects = r.words.record_kind == "projects"
        waived = [f for f in r.findings if f.suppression is not None and f.suppression.kind == "waiver"]
        baselined = [f for f in r.findings if f.suppression is not None and f.suppression.kind == "baseline"]
        return {
            "id": f"{sid}-{r.year or 'table'}",
            "heading": r.heading.get(lang),
            "ruleset": f"{r.ruleset.id} {r.ruleset.version}",
            "ruleset_title": r.ruleset.title.get(lang),
            "document": r.ruleset.document,
            "chosen_because": r.ruleset.chosen_because.get(lang),
            "year": r.year,
            "counts_line": counts_line(r, lang),
            "coverage": r.words.coverage.get(lang) if r.words.coverage is not None else None,
            "group_word": r.words.group_word.get(lang),
            "total": c.total,
            "met": c.met,
            "not_met": c.not_met,
            "binding": binding,
            "reference": ref,
            "binding_label": WORDS["binding_req_not_met" if projects else "binding_not_met"].get(lang),
            "reference_label": WORDS["reference_req_not_met" if projects else "reference_not_met"].get(lang),
            "missing": c.missing_numbers,
            "not_applicable": c.not_applicable,
            "not_assessed": c.not_assessed,
            "areas": list(areas.items()),
            "waived": [self._waiver(f, lang) for f in waived],
            "baselined": [self._row(f, None, lang) for f in baselined],
        }

    @staticmethod
    def _row(f: Finding, anchor: str | None, lang: Lang) -> dict[str, Any]:
        steps = [d.get(lang) for d in f.details]
        target = [d.get(lang) for d in f.details if d.en.startswith("target")]
        status = f.status.label.get(lang)
        if f.status.fails and f.severity == "warning":
            status += T("（参考性）", " (reference)").get(lang)
        s = f.suppression
        if s is not None and s.active:
            status += (T("（已豁免）", " (waived)") if s.kind == "waiver" else T("（基线已有）", " (in baseline)")).get(
                lang
            )
        return {
            "anchor": anchor,
            "number": f.indicator.number,
            "rule_id": f.rule_id,
            "title": f.title.get(lang),
            "actual": f.actual_in(lang) or "-",
            "expected": f.expected.get(lang),
            "target": target,
            "steps": [d for d in steps if d not in target],
            "status": f.status.value,
            "status_label": status,
            "suppressed": s is not None and s.active,
            "citation": f"{f.citation.document} {f.citation.indicator_label.get(lang)}",
            "where": f.location.position(lang) if f.location is not None else "",
        }

    @staticmethod
    def _waiver(f: Finding, lang: Lang) -> dict[str, Any]:
        s = f.suppression
        assert s is not None
        return {
            "rule_id": f.rule_id,
            "title": f.title.get(lang),
            "status": f.status.label.get(lang),
            "reason": s.reason,
            "approved_by": s.approved_by or "",
            "expires": s.expires.isoformat() if s.expires else "",
            "expired": s.expired,
        }

    @staticmethod
    def _series(group: list[CheckResult], lang: Lang) -> list[Series]:
        """A series per sub-item with a number in at least two of the file's years."""
        if len({r.year for r in group}) < 2:
            return []
        series: dict[str, Series] = {}
        for r in sorted(group, key=lambda r: r.year or 0):
            for f in r.findings:
                value = chart_value(f.actual)
                if value is None or r.year is None:
                    continue
                s = series.setdefault(f.rule_id, Series(f.rule_id, f.title.get(lang), f.unit if f.unit != "-" else ""))
                s.points.append((r.year, value))
                s.threshold = chart_threshold(f)
                target = chart_target(f, value)
                if target is not None:
                    s.targets.append((r.year, target))
        return [s for s in series.values() if len(s.points) >= 2]

    def _overview(
        self, batch: BatchSummary, years: list[int | None], anchors: dict[str, str], lang: Lang
    ) -> dict[str, Any]:
        """The counts a reviewer reads first, and every submission × every indicator."""
        rows = []
        for row, year in zip(batch.rows, years, strict=True):
            sid = anchors.get(row.source, "")
            statuses = row.statuses
            rows.append(
                {
                    "label": row.heading.get(lang),
                    "source": Path(row.source).name,
                    "href": f"#{sid}",
                    "fails_binding": row.fails_binding,
                    "cells": [
                        None
                        if n not in statuses
                        else {
                            "status": statuses[n].value,
                            "mark": MARK[statuses[n]],
                            "label": statuses[n].label.get(lang),
                            "rank": RANK[statuses[n]],
                            "href": "#" + _row_id(sid, year, n),
                        }
                        for n in batch.indicators
                    ],
                }
            )
        return {
            "checked": WORDS["checked"].get(lang).format(n=batch.submissions),
            "failing_binding": WORDS["failing_binding"].get(lang).format(n=batch.failing_binding),
            "failing_binding_n": batch.failing_binding,
            "most_failed": batch.most_failed(),
            "indicators": [{"number": n, "name": name.get(lang)} for n, name in batch.indicators.items()],
            "rows": rows,
        }


def _row_id(sid: str, year: int | None, number: str) -> str:
    """The id of an indicator's first row in a section: what a matrix cell links to."""
    return f"{sid}-{year or 'table'}-{re.sub(r'[^0-9A-Za-z]+', '_', number)}"


def _script() -> str:
    """The page's one script (sorting the overview matrix), packaged beside the templates."""
    from importlib.resources import files

    return files("ecorules.reporters").joinpath("templates", "sort.js").read_text(encoding="utf-8")


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        """No control character reaches the page, whatever a cell held (HTML the templates
        made themselves, a rendered section, is kept as it is)."""
        if isinstance(value, str) and not isinstance(value, Markup):
            return printable(value).replace("\ufffd", "")
        return value

    return Environment(
        loader=PackageLoader("ecorules.reporters", "templates"),
        autoescape=True,  # every value is text from a submission or a rule set
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(HtmlReporter())
