"""``manual``: a sub-item the rule set lists but cannot decide automatically.

The reason says why (the source gives no threshold, a judgement is needed). A
submitted value is reported as 未考核 (not assessed: check by hand), never as met; a
missing value is still missing data.
"""

from __future__ import annotations

from typing import Any, Literal

from ecorules.kinds.base import CompileChild, ConditionKind, Evaluator, IndicatorFacts, Names, Outcome, State
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text


class Manual(ConditionModel):
    """A sub-item the rule set lists but cannot decide automatically (the reason says
    why, e.g. the source gives no threshold). A submitted value is reported as not
    assessed, never as met; a missing value is still missing data."""

    kind: Literal["manual"]
    reason: Text


class ManualKind(ConditionKind):
    name = "manual"
    example = '{kind = "manual", reason = {zh = "原文阈值不清", en = "the source threshold is illegible"}}'
    model = Manual
    record_kinds = frozenset({"indicators"})
    description = T("人工判定（规则集说明原因）", "decided by hand (the rule set says why)")

    def compile(self, cond: Manual, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        def evaluate(ctx: IndicatorFacts) -> Outcome:
            return Outcome(State.NOT_ASSESSED, [cond.reason])

        return evaluate

    def describe(self, cond: Manual, names: Names, describe_child: Any) -> Text:
        return T(f"人工判定：{cond.reason.zh}", f"decided by hand: {cond.reason.en}")

    def plan_example(self, cond: Manual, want: bool, out: list[tuple[Any, bool]], plan_child: Any) -> bool:
        return False  # no example: a person decides

    def no_example(self, cond: Manual) -> Text:
        return T(
            f"    无：该规则需人工判定（{cond.reason.zh}）",
            f"    none: this rule is decided by hand ({cond.reason.en})",
        )


KIND = ManualKind()
