"""``date`` (project records): a date field compared with a date, e.g. the green-building
design standard applies to projects approved from 2022-04-01:
``{kind = "date", of = "approved", op = ">=", value = 2022-04-01}`` (a TOML date, no quotes)."""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any, Literal

from ecorules.kinds.base import OP_SIGN, ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import field_is, read_field
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text
from ecorules.model.worded import Wording

_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}

# Reasons worded when a report reads them (a large table has one per row; see
# ecorules.model.worded). Their parts: the field's name, the cell's text or its date, the condition.
_NOT_DATE = field_is("不是日期", "is not a date")
_DATED = Wording(
    lambda name, date, cond: f"{name.zh} {date.isoformat()}（{OP_SIGN[cond.op]}{cond.value.isoformat()}）",
    lambda name, date, cond: f"{name.en} {date.isoformat()} ({OP_SIGN[cond.op]}{cond.value.isoformat()})",
)


class DateCompare(ConditionModel):
    """A date field compared with a date: ``{kind = "date", of = "approved", op = ">=",
    value = 2022-04-01}`` (a TOML date, no quotes)."""

    kind: Literal["date"]
    of: str
    op: Literal[">=", ">", "<=", "<", "=="]
    value: dt.date


class DateKind(ConditionKind):
    name = "date"
    example = '{kind = "date", of = "approved", op = ">=", value = 2022-04-01}'
    model = DateCompare
    record_kinds = frozenset({"projects"})
    description = T("与日期比较", "comparison with a date")
    field_type = "date"

    def evaluate_record(self, cond: DateCompare, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        got = read_field(record, cond.of)
        if isinstance(got, Verdict):
            return got
        fv, name = got
        date = fv.date()
        if date is None:
            return Verdict("missing", [_NOT_DATE(name, fv.text)])
        ok = _OPS[cond.op](date, cond.value)
        return Verdict("met" if ok else "not_met", [_DATED(name, date, cond)])

    def describe(self, cond: DateCompare, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(
            f"{name.zh} {OP_SIGN[cond.op]} {cond.value.isoformat()}",
            f"{name.en} {OP_SIGN[cond.op]} {cond.value.isoformat()}",
        )


KIND = DateKind()
