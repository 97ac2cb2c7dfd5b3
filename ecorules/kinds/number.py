"""``number`` (project records): the field holds a number, not words — an investment
stated as 以具体实施为准 (set at implementation) is not one."""

from __future__ import annotations

from typing import Any, Literal

from ecorules.kinds.base import ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import read_field, shown_en, shown_zh
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text
from ecorules.model.worded import Wording

# Reasons worded when a report reads them (a large table has one per row; see
# ecorules.model.worded). Their parts: the field's name, the cell's text, then what it is held to.
_AMOUNT = Wording(
    lambda name, text, *_: f"{name.zh}为 {shown_zh(text)}", lambda name, text, *_: f"{name.en} is {shown_en(text)}"
)
_NOT_AMOUNT = Wording(
    lambda name, text, *_: f"{name.zh}为「{shown_zh(text)}」，不是数额",
    lambda name, text, *_: f"{name.en} is '{shown_en(text)}', not an amount",
)


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
        if fv.number() is not None:
            return Verdict("met", [_AMOUNT(name, fv.text)])
        return Verdict("not_met", [_NOT_AMOUNT(name, fv.text)])

    def describe(self, cond: IsNumber, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(f"{name.zh}为数额", f"{name.en} is an amount")


KIND = NumberKind()
