"""A project rule set compiled into a plan, and a bound project table run through it.

Record rules give one finding per record (per row): ``when`` false is 不涉及, a value
the condition cannot read is missing data, otherwise met or not met. Aggregate rules
give one finding per group (or one for the whole table): the count or sum of the
rows against the figure the table declares, both shown; a group that declares no
such figure is 未考核 (nothing to compare with).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ecorules.engine.records import BoundLibrary, BoundRecord, FieldValue, number_of
from ecorules.kinds.base import KindRegistry, RecordFacts, Verdict
from ecorules.model import limits
from ecorules.model.condition import ConditionModel
from ecorules.model.findings import Citation, Finding, IndicatorRef, Status
from ecorules.model.project_ruleset import ProjectRule, ProjectRuleset
from ecorules.model.submission import Location
from ecorules.model.text import T, Text
from ecorules.model.values import format_decimal, same_unit
from ecorules.model.worded import Wording

MET, NOT_MET, UNDECIDED = Status.met, Status.not_met, Status.missing

# A rule's `when` that holds, as its finding says it (worded when read: ecorules.model.worded)
_APPLIES = Wording(lambda reason, *_: f"适用：{reason.zh}", lambda reason, *_: f"applies: {reason.en}")


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record as record conditions read it (:class:`~ecorules.kinds.base.RecordFacts`)."""

    record: BoundRecord
    library: BoundLibrary

    def field(self, key: str) -> FieldValue | None:
        return self.record.fields.get(key)

    def field_label(self, key: str) -> Text:
        return self.library.field_label(key)

    @property
    def period(self) -> tuple[int, int] | None:
        return self.library.period

    @property
    def period_problem(self) -> Text | None:
        return self.library.period_problem


def evaluate_condition(cond: ConditionModel, record: RecordFacts, kinds: KindRegistry) -> Verdict:
    """One condition on one record, by its kind; a leaf's verdict points at the field it read."""
    kind = kinds.of(cond)
    verdict = kind.evaluate_record(cond, record, lambda child, rec: evaluate_condition(child, rec, kinds))
    if verdict.field is None:
        verdict.field = kind.reads(cond)
    return verdict


@dataclass(frozen=True, slots=True)
class CompiledProjectRule:
    rule: ProjectRule
    requirement: IndicatorRef
    severity: str
    citation: Citation
    units: dict[str, str]  # field -> unit
    kinds: KindRegistry

    def evaluate(self, lib: BoundLibrary) -> list[Finding]:
        if self.rule.aggregate is None:
            findings = []
            for rec in lib.records:
                limits.checkpoint()  # a table of many rows is given up when its time is over
                findings.append(self._record(rec, lib))
            return findings
        if self.rule.aggregate.group_by is None:
            return [self._table(lib)]
        return self._groups(lib)

    # --- one record ---------------------------------------------------------------------------

    def _record(self, rec: BoundRecord, lib: BoundLibrary) -> Finding:
        rule = self.rule
        assert rule.condition is not None
        applies: list[Text] = []
        view = RecordView(rec, lib)
        if rule.when is not None:
            gate = evaluate_condition(rule.when, view, self.kinds)
            fv = rec.fields.get(gate.field or "")
            if gate.status == "not_met":
                return self._finding(Status.not_applicable, gate.reasons, rec.subject, fv, rec.location)
            if gate.status == "missing":
                why = T("无法判断本条是否适用", "cannot tell whether the rule applies")
                return self._finding(UNDECIDED, [why, *gate.reasons], rec.subject, fv, rec.location)
            applies = [_APPLIES(r) for r in gate.reasons]
        verdict = evaluate_condition(rule.condition, view, self.kinds)
        fv = rec.fields.get(verdict.field or "")
        return self._finding(Status(verdict.status), [*applies, *verdict.reasons], rec.subject, fv, rec.location)

    # --- aggregates -------------------------------------------------------------------------------

    def _groups(self, lib: BoundLibrary) -> list[Finding]:
        agg = self.rule.aggregate
        assert agg is not None and agg.group_by is not None
        if not any(agg.group_by in rec.fields for rec in lib.records):
            name = lib.field_label(agg.group_by)
            why = T(
                f"表中没有「{name.zh}」列，不按类别核对",
                f"the table has no {name.en} column, so there are no groups to check",
            )
            return [self._finding(Status.not_applicable, [why], T("全表", "whole table"), None, None)]
        members: dict[str, list[BoundRecord]] = {}
        for rec in lib.records:
            members.setdefault(rec.group.get(agg.group_by, ""), []).append(rec)
        out = []
        for group, recs in members.items():
            subject = T(f"「{group}」", f"'{group}'") if group else T("（未分类）", "(no group)")
            declared = lib.declared.get(agg.group_by, {}).get(group)
            where = declared.location if declared else recs[0].fields[agg.group_by].source
            unit = declared.unit if declared else ""
            if agg.function == "count":
                figure = Decimal(declared.count) if declared and declared.count is not None else None
                count = Decimal(len(recs))
                out.append(self._compare(count, [], figure, unit, subject, where, unit=T("项", "project(s)")))
            else:
                counted, open_ = sum_field(recs, agg.of)
                figure = declared.amount if declared else None
                out.append(self._compare(counted, open_, figure, unit, subject, where))
        return out

    def _table(self, lib: BoundLibrary) -> Finding:
        agg = self.rule.aggregate
        assert agg is not None and agg.of is not None
        counted, open_ = sum_field(lib.records, agg.of)
        cell = lib.totals.get(agg.of)
        subject = T("全表", "whole table")
        if cell is None:
            why = T(
                "表中没有合计行，无可比较的声明数",
                "the table has no totals row (合计): nothing declared to compare with",
            )
            return self._finding(Status.not_assessed, [why], subject, None, None)
        return self._compare(counted, open_, number_of(cell), "", subject, cell.location)

    def _compare(
        self,
        counted: Decimal,
        open_: list[BoundRecord],
        figure: Decimal | None,
        declared_unit: str,  # the unit written with the figure (万 in "(1项100万)"); "" when none
        subject: Text,
        where: Location | None,
        unit: Text | None = None,
    ) -> Finding:
        agg = self.rule.aggregate
        assert agg is not None
        if unit is None:
            field_unit = self._field_unit(agg.of)
            unit = T(field_unit, field_unit)
        shown = f"{format_decimal(counted)} {unit.zh}"
        reasons: list[Text] = []
        if open_:
            numbers = "、".join(r.number for r in open_)
            reasons.append(
                T(
                    f"{len(open_)} 个项目的金额不是数额（序号 {numbers}），未计入合计",
                    f"{len(open_)} project{'s' if len(open_) > 1 else ''} with no amount stated "
                    f"(no. {numbers.replace('、', ', ')}), not summed",
                )
            )
        if figure is None:
            what = T("项目数", "number of projects") if agg.function == "count" else T("金额", "amount")
            reasons.insert(
                0,
                T(
                    f"表中未声明{what.zh}，无可比较的数（逐项{'计数' if agg.function == 'count' else '合计'} {shown}）",
                    f"the table declares no {what.en} here, so there is nothing to compare with (the rows give {format_decimal(counted)} {unit.en})",
                ),
            )
            return self._finding(Status.not_assessed, reasons, subject, None, where, actual=shown)
        field_unit = self._field_unit(agg.of)
        if agg.function == "sum" and not _same_unit(declared_unit, field_unit):
            reasons.insert(
                0,
                T(
                    f"声明的金额单位「{declared_unit}」与字段单位「{field_unit}」不一致，无法比较",
                    f"the declared amount's unit {declared_unit!r} differs from the field's unit "
                    f"{field_unit!r}; they cannot be compared",
                ),
            )
            return self._finding(UNDECIDED, reasons, subject, None, where, actual=shown)
        diff = counted - figure
        ok = abs(diff) <= Decimal(str(agg.tolerance))
        declared_zh = f"声明 {format_decimal(figure)} {unit.zh}"
        declared_en = f"declared {format_decimal(figure)} {unit.en}"
        summed_zh = "逐项计数" if agg.function == "count" else "逐项合计"
        summed_en = "counted" if agg.function == "count" else "sum of the rows"
        text = T(
            f"{declared_zh}，{summed_zh} {shown}" + ("" if ok else f"，相差 {format_decimal(diff)} {unit.zh}"),
            f"{declared_en}, {summed_en} {format_decimal(counted)} {unit.en}"
            + ("" if ok else f", a difference of {format_decimal(diff)} {unit.en}"),
        )
        return self._finding(MET if ok else NOT_MET, [text, *reasons], subject, None, where, actual=shown)

    def _field_unit(self, key: str | None) -> str:
        return self.units.get(key or "", "")

    # --- the finding ----------------------------------------------------------------------------

    def _finding(
        self,
        status: Status,
        reasons: list[Text],
        subject: Text,
        fv: FieldValue | None,
        where: Location | None,
        actual: str | None = None,
    ) -> Finding:
        location = fv.location if fv is not None else where
        if actual is None and fv is not None:
            actual = fv.text.strip() or "-"
        name = self.rule.name
        return Finding(
            rule_id=self.rule.id,
            indicator=self.requirement,
            name=name,
            subject=subject,
            scope=self.rule.scope,
            status=status,
            severity=self.severity,  # type: ignore[arg-type]
            actual=actual,
            expected=self.rule.threshold,
            unit="",
            citation=self.citation,
            location=location,
            details=reasons,
        )


def _same_unit(declared: str, field_unit: str) -> bool:
    """'' (no unit written) and 万 (short for 万元) agree with 万元."""
    d = declared.strip()
    return not d or same_unit(d, field_unit) or same_unit(f"{d}元", field_unit)


@dataclass(frozen=True, slots=True)
class ProjectPlan:
    ruleset: ProjectRuleset
    rules: tuple[CompiledProjectRule, ...]

    def evaluate(self, lib: BoundLibrary) -> list[Finding]:
        return [f for rule in self.rules for f in rule.evaluate(lib)]


def compile_projects(rs: ProjectRuleset, kinds: KindRegistry | None = None) -> ProjectPlan:
    if kinds is None:
        from ecorules.kinds import builtin_registry

        kinds = builtin_registry()
    meta = rs.ruleset
    units = {key: f.unit for key, f in rs.fields.items()}
    compiled = []
    for rule in rs.rules:
        req = rs.requirements[rule.requirement]
        document = req.document or meta.document
        title = req.section or document.table or document.title
        compiled.append(
            CompiledProjectRule(
                rule=rule,
                requirement=IndicatorRef(number=rule.requirement, name=req.name, category=req.category),
                severity=rs.severity(rule),
                citation=Citation(
                    document=document.number,
                    document_aliases=document.aliases,
                    title=title,
                    indicator=rule.requirement,
                    indicator_label=T(f"要求 {rule.requirement}", f"requirement {rule.requirement}"),
                    threshold=rule.threshold,
                ),
                units=units,
                kinds=kinds,
            )
        )
    return ProjectPlan(ruleset=rs, rules=tuple(compiled))


def sum_field(recs: list[BoundRecord], key: str | None) -> tuple[Decimal, list[BoundRecord]]:
    """The sum of a number field over records, each source cell once (an amount merged over
    several rows is one amount), and the records whose cell holds words, not a number
    (以具体实施为准). Empty cells add nothing."""
    total, seen, open_ = Decimal(0), set(), []
    for rec in recs:
        fv = rec.fields.get(key) if key else None
        if fv is None:
            continue
        number = number_of(fv)
        if number is None:
            if not fv.empty:
                open_.append(rec)
            continue
        ident = (fv.source.sheet, fv.source.row, fv.source.cell)
        if ident not in seen:
            seen.add(ident)
            total += number
    return total, open_


def project_totals(lib: BoundLibrary) -> tuple[int, Decimal, int]:
    """For the summary: the number of records, the sum of the rule set's amount field, and
    how many records state no amount."""
    total, open_ = sum_field(lib.records, lib.ruleset.records.amount)
    return len(lib.records), total, len(open_)
