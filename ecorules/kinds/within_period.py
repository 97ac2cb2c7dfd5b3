"""``within_period`` (project records): the field's years (``2023-2025``, ``2024``) lie
inside the period the table states in its preamble (``规划年限 | 2023—2030``). The
period is data of the file, never of the rule set."""

from __future__ import annotations

from typing import Any, Literal

from ecorules.kinds.base import ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import field_shown, read_field
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text


class WithinPeriod(ConditionModel):
    """The field's years (``2023-2025``, ``2024``) lie inside the period the table states
    in its preamble (``规划年限 | 2023—2030``). The period is data of the file, never of
    the rule set."""

    kind: Literal["within_period"]
    of: str


class WithinPeriodKind(ConditionKind):
    name = "within_period"
    example = '{kind = "within_period", of = "years"}'
    model = WithinPeriod
    record_kinds = frozenset({"projects"})
    description = T("在表中所写的规划年限内", "within the period the table states")
    field_type = "years"

    def evaluate_record(self, cond: WithinPeriod, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        got = read_field(record, cond.of)
        if isinstance(got, Verdict):
            return got
        fv, name = got
        shown, shown_en = field_shown(fv.text)
        span = fv.years()
        if span is None:
            return Verdict(
                "missing",
                [T(f"{name.zh}「{shown}」无法识别为年份", f"{name.en} '{shown_en}' is not a year or span of years")],
            )
        if record.period is None:
            return Verdict("missing", [record.period_problem or T("无规划年限", "no period")])
        first, last = record.period
        ok = first <= span[0] and span[1] <= last
        period = f"{first}—{last}"
        return Verdict(
            "met" if ok else "not_met",
            [
                T(
                    f"{name.zh} {shown}{'在' if ok else '超出'}规划年限 {period}{'内' if ok else ''}",
                    f"{name.en} {shown_en}: {'within' if ok else 'outside'} the period {period}",
                )
            ],
        )

    def describe(self, cond: WithinPeriod, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(f"{name.zh}在表中所写的规划年限内", f"{name.en} within the period the table states")


KIND = WithinPeriodKind()
