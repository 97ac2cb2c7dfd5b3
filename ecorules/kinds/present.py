"""``present`` (project records): the field is filled in — not empty, not ``/`` or ``-``.
Every project names a lead department (牵头部门)."""

from __future__ import annotations

from typing import Any, Literal

from ecorules.kinds.base import ConditionKind, EvaluateChild, Names, RecordFacts, Verdict
from ecorules.kinds.helpers import read_field, shown_en, shown_zh
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text
from ecorules.model.worded import Wording

# 建设单位：重庆市渝北区生态环境局, worded when read (see ecorules.model.worded)
_GIVEN = Wording(
    lambda name, text, *_: f"{name.zh}：{shown_zh(text)}", lambda name, text, *_: f"{name.en}: {shown_en(text)}"
)


class Present(ConditionModel):
    """The field is filled in (not empty, not ``/`` or ``-``): every project names a lead department."""

    kind: Literal["present"]
    of: str


class PresentKind(ConditionKind):
    name = "present"
    example = '{kind = "present", of = "lead"}'
    model = Present
    record_kinds = frozenset({"projects"})
    description = T("已填写", "is filled in")

    def evaluate_record(self, cond: Present, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        got = read_field(record, cond.of, when_empty="not_met")
        if isinstance(got, Verdict):
            return got
        fv, name = got
        return Verdict("met", [_GIVEN(name, fv.text)])

    def describe(self, cond: Present, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(f"填写了{name.zh}", f"{name.en} is given")


KIND = PresentKind()
