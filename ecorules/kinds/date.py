"""``date`` (project records): a date field compared with a date, e.g. the green-building
design standard applies to projects approved from 2022-04-01:
``{kind = "date", of = "approved", op = ">=", value = 2022-04-01}`` (a TOML date, no quotes)."""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any, Literal

from ecorules.kinds.base import OP_SIGN, ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import field_shown, read_field
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text

_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


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
        shown, shown_en = field_shown(fv.text)
        date = fv.date()
        if date is None:
            return Verdict("missing", [T(f"{name.zh}「{shown}」不是日期", f"{name.en} '{shown_en}' is not a date")])
        ok = _OPS[cond.op](date, cond.value)
        limit = f"{OP_SIGN[cond.op]}{cond.value.isoformat()}"
        return Verdict(
            "met" if ok else "not_met",
            [T(f"{name.zh} {date.isoformat()}（{limit}）", f"{name.en} {date.isoformat()} ({limit})")],
        )

    def describe(self, cond: DateCompare, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(
            f"{name.zh} {OP_SIGN[cond.op]} {cond.value.isoformat()}",
            f"{name.en} {OP_SIGN[cond.op]} {cond.value.isoformat()}",
        )


KIND = DateKind()
