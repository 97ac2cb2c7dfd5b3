"""Findings, per-indicator verdicts and the summary, counted the way the plans count.

A *finding* is the verdict on one rule (one sub-item). An *indicator* is met
when all its sub-items are; 不涉及 (not applicable) and 未考核 (not assessed)
count as met, as in the official summaries ("27 met, 5 not met"), and are
also counted on their own so a reader sees them.

*Progress* (推进中) is the verdict on a planned target that is not yet due and not
yet reached ("71.1 % now; 72 % due in 2025; 0.9 to go"): neither met nor not met,
counted on its own, and never a failure (see :mod:`ecorules.gate.policy`).

These are plain data classes, built by the engine thousands of times for a large table:
building one checks nothing, and a finding's message is only put together when a report
asks for it. :func:`to_json_data` turns a result into what ``--format json`` prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from ecorules.model.submission import Location
from ecorules.model.text import Lang, T, Text
from ecorules.model.values import format_decimal, unit_label


class Status(str, Enum):
    met = "met"
    not_met = "not_met"
    not_applicable = "not_applicable"
    not_assessed = "not_assessed"
    missing = "missing"
    progress = "progress"  # a planned target not yet due and not yet reached

    @property
    def counts_as_met(self) -> bool:
        return self in (Status.met, Status.not_applicable, Status.not_assessed)

    @property
    def fails(self) -> bool:
        """Statuses that can fail a gate: the data does not meet the rule, or cannot show it does.
        Progress toward a target not yet due is not one of them."""
        return self in (Status.not_met, Status.missing)

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, Text] = {
    Status.met: T("达标", "met"),
    Status.not_met: T("未达标", "not met"),
    Status.not_applicable: T("不涉及", "not applicable"),
    Status.not_assessed: T("未考核", "not assessed"),
    Status.missing: T("缺数据", "missing data"),
    Status.progress: T("推进中", "in progress"),
}

Severity = Literal["error", "warning"]
SEVERITY_RANK = {"warning": 1, "error": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    document: str  # 环办生态〔2024〕4号
    document_aliases: list[str] = field(default_factory=list)
    title: Text  # the document's (or table's) title
    indicator: str  # the indicator number as the table writes it
    indicator_label: Text  # "指标 4" / "indicator 4", "参考性指标 1" / "reference indicator 1"
    threshold: Text  # the regulation's wording of the threshold

    def describe(self, lang: Lang) -> str:
        return f"{self.document} {self.title.get(lang)} {self.indicator_label.get(lang)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorRef:
    number: str
    name: Text
    category: Literal["binding", "reference"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Suppression:
    """Why a failing finding does not fail the gate: a waiver (with a reason and a deadline)
    or a baseline of known findings. An expired waiver is kept, with ``expired=True``, so
    reports can say the finding is back and why."""

    kind: Literal["waiver", "baseline"]
    reason: str
    approved_by: str | None = None
    expires: date | None = None
    expired: bool = False
    source: str | None = None  # the waivers or baseline file

    @property
    def active(self) -> bool:
        return not self.expired


@dataclass(slots=True, kw_only=True)
class Finding:
    rule_id: str
    indicator: IndicatorRef  # for a project rule set: the requirement
    name: Text  # the sub-item (the rule's name, for a project rule)
    subject: Text | None = None  # what a project rule's finding is about: a project, a group, the table
    scope: Literal["record", "group", "table"] | None = None  # project rules only: what ``subject`` is
    status: Status
    severity: Severity
    actual: str | None  # the value as submitted (and derived), for display
    expected: Text  # the threshold wording
    unit: str
    citation: Citation
    location: Location | None
    details: list[Text] = field(default_factory=list)  # how the verdict was reached, step by step
    suppression: Suppression | None = None  # set after evaluation by waivers / a baseline

    @property
    def title(self) -> Text:
        """The sub-item, and for a project rule what the finding is about:
        '序号 34「污染地块风险管控项目」：实施年度'."""
        if self.subject is None:
            return self.name
        return T(f"{self.subject.zh}：{self.name.zh}", f"{self.subject.en}: {self.name.en}")

    def actual_in(self, lang: Lang) -> str | None:
        """``actual`` as a report in ``lang`` shows it: the rule set's unit after the number
        in English in an English report (12.15 m²/person, not 12.15 平方米/人). Machine
        formats keep ``actual`` as it is."""
        shown = self.actual
        if shown is None or lang != "en" or not self.unit:
            return shown
        suffix = " " + self.unit
        if shown.endswith(suffix):
            label = unit_label(self.unit, "en")
            return shown[: -len(suffix)] + (f" {label}" if label else "")
        return shown

    @property
    def message(self) -> Text:
        """The verdict in one sentence, made when a report asks for it:
        '空气质量优良天数比例：未达标。89.96 ≥ 90%：否'."""
        title, label = self.title, self.status.label
        return T(
            f"{title.zh}：{label.zh}。" + "；".join(d.zh for d in self.details),
            f"{title.en}: {label.en}. " + "; ".join(d.en for d in self.details),
        )

    @property
    def fails(self) -> bool:
        """A failing status that no active waiver or baseline entry covers. Whether it fails the
        run also depends on its severity and --fail-on: see :mod:`ecorules.gate.policy`."""
        return self.status.fails and (self.suppression is None or not self.suppression.active)


# A finding's ``details`` may be given as a function that words them (see worded_later): a
# check builds a finding per rule and submission, and most reports read the reasons of the
# failing ones only. The slot keeps what was given; reading ``details`` words it once and
# keeps the words, so equality, pickling (to and from --jobs workers) and every report see
# a plain list.
_DETAILS_SLOT = Finding.__dict__["details"]


def _read_details(finding: Finding) -> list[Text]:
    details = _DETAILS_SLOT.__get__(finding, Finding)
    if callable(details):
        details = details()
        _DETAILS_SLOT.__set__(finding, details)
    return details


Finding.details = property(_read_details, _DETAILS_SLOT.__set__)  # type: ignore[assignment,misc]


def worded_later(wording: list[Text] | Callable[[], list[Text]]) -> list[Text]:
    """A finding's ``details`` from reasons or a function that words them when first read."""
    return wording  # type: ignore[return-value]  # Finding.details words it when read


@dataclass(slots=True, kw_only=True)
class IndicatorResult:
    number: str
    name: Text
    category: Literal["binding", "reference"]
    status: Status
    rule_ids: list[str]


@dataclass(slots=True, kw_only=True)
class IndicatorCounts:
    """``met`` is the official count and includes ``not_applicable`` and ``not_assessed``
    indicators (every sub-item 不涉及 / 未考核), which are also counted on their own.
    ``progress``: indicators with a planned target not yet due and not yet reached (and
    nothing not met or missing). ``total = met + not_met + missing + progress``."""

    total: int
    met: int
    not_met: int
    missing: int
    not_applicable: int
    not_assessed: int
    not_met_binding: int
    not_met_reference: int
    not_met_numbers: list[str]
    missing_numbers: list[str]
    progress: int = 0
    progress_numbers: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Summary:
    indicators: IndicatorCounts
    rules: dict[str, int]  # status -> number of sub-item findings


def indicator_status(statuses: list[Status]) -> Status:
    """An indicator's verdict from its sub-items' verdicts."""
    if any(s is Status.not_met for s in statuses):
        return Status.not_met
    if any(s is Status.missing for s in statuses):
        return Status.missing
    if any(s is Status.progress for s in statuses):
        return Status.progress
    if all(s is Status.not_applicable for s in statuses):
        return Status.not_applicable
    if all(s in (Status.not_applicable, Status.not_assessed) for s in statuses):
        return Status.not_assessed
    return Status.met


def summarize(indicators: list[IndicatorResult], findings: list[Finding]) -> Summary:
    def numbers(status: Status) -> list[str]:
        return [i.number for i in indicators if i.status is status]

    not_met = [i for i in indicators if i.status is Status.not_met]
    counts = IndicatorCounts(
        total=len(indicators),
        met=sum(i.status.counts_as_met for i in indicators),
        not_met=len(not_met),
        missing=len(numbers(Status.missing)),
        not_applicable=len(numbers(Status.not_applicable)),
        not_assessed=len(numbers(Status.not_assessed)),
        not_met_binding=sum(i.category == "binding" for i in not_met),
        not_met_reference=sum(i.category == "reference" for i in not_met),
        not_met_numbers=numbers(Status.not_met),
        missing_numbers=numbers(Status.missing),
        progress=len(numbers(Status.progress)),
        progress_numbers=numbers(Status.progress),
    )
    rules = {s.value: 0 for s in Status}
    for f in findings:
        rules[f.status.value] += 1
    rules["total"] = len(findings)
    return Summary(indicators=counts, rules=rules)


@dataclass(frozen=True, slots=True)
class GateCounts:
    """What the gate made of a result's failing findings (not met or missing data, any
    severity): how many are new, waived or baselined. An expired waiver covers nothing, so
    its finding is new again (and counted in ``expired`` too)."""

    failing: int
    new: int
    waived: int
    baselined: int
    expired: int

    @property
    def suppressed(self) -> int:
        return self.waived + self.baselined

    @staticmethod
    def of(result: CheckResult) -> GateCounts:
        failing = [f for f in result.findings if f.status.fails]
        active = [f.suppression for f in failing if f.suppression is not None and f.suppression.active]
        return GateCounts(
            failing=len(failing),
            new=len(failing) - len(active),
            waived=sum(s.kind == "waiver" for s in active),
            baselined=sum(s.kind == "baseline" for s in active),
            expired=sum(f.suppression is not None and f.suppression.expired for f in failing),
        )

    def words(self) -> Text | None:
        """'failing findings: 1 new, 2 waived, 1 baselined' when a waiver or the baseline took
        part; None otherwise (then every failing finding is new, as the counts already say)."""
        if not (self.suppressed or self.expired):
            return None
        zh = [f"新增 {self.new} 条"]
        en = [f"{self.new} new"]
        if self.expired:
            zh[0] += f"（含豁免已到期 {self.expired} 条）"
            en[0] += f" (incl. {self.expired} whose waiver expired)"
        if self.waived:
            zh.append(f"已豁免 {self.waived} 条")
            en.append(f"{self.waived} waived")
        if self.baselined:
            zh.append(f"已纳入基线 {self.baselined} 条")
            en.append(f"{self.baselined} baselined")
        return T(f"未通过的结果：{'，'.join(zh)}", f"failing findings: {', '.join(en)}")


@dataclass(slots=True, kw_only=True)
class ProjectTotals:
    """What a check of a project table covered: the official question is "how many
    projects, how much investment"."""

    table: str  # the table's title (项目库), or its sheet
    records: int
    amount: float | None  # the sum of the amount field over the records; None without one
    amount_unit: str
    amount_open: int  # records whose amount is words (以具体实施为准), not a number
    period: str | None = None  # the period the table states (规划年限)

    def coverage(self) -> Text:
        """'64 projects, investment 412011 万元 (7 more with no amount stated), period 2023—2030'."""
        zh, en = f"{self.records} 个项目", f"{self.records} projects"
        if self.amount is not None:
            amount = format_decimal(Decimal(str(self.amount)))
            zh += f"，投资 {amount} {self.amount_unit}"
            en += f", investment {amount} {self.amount_unit}"
            if self.amount_open:
                zh += f"（另有 {self.amount_open} 个项目投资额未定）"
                en += f" ({self.amount_open} more with no amount stated)"
        if self.period:
            zh += f"，规划年限 {self.period}"
            en += f", period {self.period}"
        return T(zh, en)


@dataclass(slots=True, kw_only=True)
class RulesetRef:
    id: str
    version: str
    title: Text
    document: str
    chosen_because: Text  # why this rule set was used: --ruleset, the file, the year


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultWording:
    """How reports name what a result checked, as its record kind words it
    (:mod:`ecorules.record_kinds`): reporters read these instead of telling kinds apart."""

    record_kind: str  # "indicators" or "projects": which layout a report uses
    heading: Text  # '渝北区 2023 年', '渝北区 近期重点工程项目库'
    group_word: Text  # what the counts count: 指标 / indicators, 要求 / requirements
    coverage: Text | None = None  # what was checked, before the counts: '64 个项目，投资 …'
    # the area of the plan's table each indicator belongs to (目标责任, 生态安全, …), by number
    areas: dict[str, Text] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class CheckResult:
    """Everything known about one checked submission or project table; what reporters render.
    A project table has no reporting year (``year`` is None) and carries ``projects``."""

    source: str
    district: str
    district_code: str | None
    year: int | None
    ruleset: RulesetRef
    summary: Summary
    indicators: list[IndicatorResult]  # for a project table: its requirements
    findings: list[Finding]
    projects: ProjectTotals | None = None
    # Set by the record kind; not part of the JSON report (it repeats what the fields say).
    wording: ResultWording | None = field(default=None, metadata={"json": False})

    @property
    def words(self) -> ResultWording:
        """The wording reports use. The record kind sets it; a result built without it (by a
        program, or read back from JSON) is worded from what it carries."""
        if self.wording is not None:
            return self.wording
        if self.projects is not None:
            heading = f"{self.district} {self.projects.table}".strip()
            return ResultWording(
                record_kind="projects",
                heading=T(heading, heading),
                group_word=T("要求", "requirements"),
                coverage=self.projects.coverage(),
            )
        return ResultWording(
            record_kind="indicators",
            heading=T(f"{self.district} {self.year} 年", f"{self.district} {self.year}"),
            group_word=T("指标", "indicators"),
        )

    @property
    def heading(self) -> Text:
        """Who and what was checked, as a report's heading names it: '渝北区 2023 年',
        '渝北区 近期重点工程项目库'."""
        return self.words.heading

    def not_met_by_category(self) -> tuple[list[str], list[str]]:
        """The numbers of the indicators (requirements) not met: the binding ones, then the
        reference ones. One whose category is unknown counts as binding, the safer side."""
        reference = {i.number for i in self.indicators if i.category == "reference"}
        numbers = self.summary.indicators.not_met_numbers
        return [n for n in numbers if n not in reference], [n for n in numbers if n in reference]


@dataclass(slots=True)
class PreparedResult:
    """A result whose part of the report was written where it was checked (a ``--jobs``
    worker), so that it need not travel back whole.

    ``head`` is the result with only its failing findings (not met or missing data, waived
    or not): all that the run's summary, its exit code and the batch matrix read. ``part``
    is what the reporter named by the run writes for the result (its ``part`` method).
    Only results no waiver or baseline can change are prepared, so the part is final.
    """

    head: CheckResult
    part: str | bytes  # bytes: UTF-8 text, as the report file holds it

    @staticmethod
    def of(result: CheckResult, part: str | bytes) -> PreparedResult:
        failing = [f for f in result.findings if f.status.fails]
        return PreparedResult(replace(result, findings=failing), part)


def unprepared(item: CheckResult | PreparedResult) -> tuple[CheckResult, str | bytes | None]:
    """A streamed item as a reporter reads it: the result (whole, or its head) and its
    prepared part, if any."""
    if isinstance(item, PreparedResult):
        return item.head, item.part
    return item, None


def to_json_data(value: Any) -> Any:
    """A result (or any part of one) as JSON-ready data: data classes as objects with their
    fields in order, statuses by value, dates as ISO text. A finding's computed ``message``
    follows its ``location``, where the JSON report has always had it; a result's ``gate``
    (:class:`GateCounts`, what waivers and the baseline made of it) follows its ``summary``."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_data(v) for k, v in value.items()}
    if is_dataclass(value):
        data = {}
        for f in fields(value):
            if f.metadata.get("json", True) is False:
                continue
            data[f.name] = to_json_data(getattr(value, f.name))
            if f.name == "location" and isinstance(value, Finding):
                data["message"] = to_json_data(value.message)
            if f.name == "summary" and isinstance(value, CheckResult):
                data["gate"] = to_json_data(GateCounts.of(value))
        return data
    return value
