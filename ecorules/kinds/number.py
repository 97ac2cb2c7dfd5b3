"""``number`` (project records): the field holds a number, not words — an investment
stated as 以具体实施为准 (set at implementation) is not one."""

from __future__ import annotations

from typing import Any, Literal

from ecorules.kinds.base import ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import field_shown, read_field
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text


class IsNumber(ConditionModel):
    """The field holds a number, not a word: an investment stated as 以具体实施为准
    (set at implementation) is not one."""

    kind: Literal["number"]
    of: str


class NumberKind(ConditionKind):
    name = "number"
    example = '{kind = "number", of = "amount"}'
    model = IsNumber
    record_kinds = frozenset({"projects"})
    description = T("为数额", "is an amount")
    field_type = "number"

    def evaluate_record(self, cond: IsNumber, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        got = read_field(record, cond.of, when_empty=None)
        if isinstance(got, Verdict):
            return got
        fv, name = got
        shown, shown_en = field_shown(fv.text)
        if fv.number() is not None:
            return Verdict("met", [T(f"{name.zh}为 {shown}", f"{name.en} is {shown_en}")])
        return Verdict("not_met", [T(f"{name.zh}为「{shown}」，不是数额", f"{name.en} is '{shown_en}', not an amount")])

    def describe(self, cond: IsNumber, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(f"{name.zh}为数额", f"{name.en} is an amount")


KIND = NumberKind()
