"""``within_period`` (project records): the field's years (``2023-2025``, ``2024``) lie
inside the period the table states in its preamble (``规划年限 | 2023—2030``). The
period is data of the file, never of the rule set."""

from __future__ import annotations

from typing import Any, Literal

from ecorules.kinds.base import ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import field_is, read_field, shown_en, shown_zh
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text
from ecorules.model.worded import Wording

# Reasons worded when a report reads them (a large table has one per row; see
# ecorules.model.worded). Their parts: the field's name, the cell's text, then what it is held to.
_NOT_YEARS = field_is("无法识别为年份", "is not a year or span of years")
_WITHIN = Wording(
    lambda name, text, period: f"{name.zh} {shown_zh(text)}在规划年限 {period[0]}—{period[1]}内",
    lambda name, text, period: f"{name.en} {shown_en(text)}: within the period {period[0]}—{period[1]}",
)
_OUTSIDE = Wording(
    lambda name, text, period: f"{name.zh} {shown_zh(text)}超出规划年限 {period[0]}—{period[1]}",
    lambda name, text, period: f"{name.en} {shown_en(text)}: outside the period {period[0]}—{period[1]}",
)


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
        span = fv.years()
        if span is None:
            return Verdict("missing", [_NOT_YEARS(name, fv.text)])
        if record.period is None:
            return Verdict("missing", [record.period_problem or T("无规划年限", "no period")])
        first, last = record.period
        if first <= span[0] and span[1] <= last:
            return Verdict("met", [_WITHIN(name, fv.text, record.period)])
        return Verdict("not_met", [_OUTSIDE(name, fv.text, record.period)])

    def describe(self, cond: WithinPeriod, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(f"{name.zh}在表中所写的规划年限内", f"{name.en} within the period the table states")


KIND = WithinPeriodKind()
