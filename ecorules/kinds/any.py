"""``any``: at least one condition holds (或).

"≥90或持续提高" is ``any`` of a comparison and a trend. On an indicator: any part
met → met; else any undecided → undecided (missing data); else any not met → not
met; else not assessed. On a project record: any part met → met; else any
undecided → missing; else not met.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ecorules.kinds.all import combine_records, join
from ecorules.kinds.base import (
    CompileChild,
    ConditionKind,
    EvaluateChild,
    Evaluator,
    IndicatorFacts,
    Outcome,
    PlanChild,
    RecordFacts,
    State,
    Verdict,
)
from ecorules.kinds.helpers import unique
from ecorules.model.condition import Condition, ConditionModel
from ecorules.model.text import T, Text


class AnyOf(ConditionModel):
    """At least one condition holds (或)."""

    kind: Literal["any"]
    conditions: list[Condition] = Field(min_length=1)


class AnyKind(ConditionKind):
    name = "any"
    example = (
        '{kind = "any", conditions = [{kind = "compare", op = ">=", value = 90}, {kind = "status", accept = ["建立"]}]}'
    )
    model = AnyOf
    record_kinds = frozenset({"indicators", "projects"})
    description = T("至少一项满足（或）", "at least one condition holds (or)")

    def children(self, cond: AnyOf) -> list[tuple[str, ConditionModel]]:
        return [(f"conditions[{i}]", c) for i, c in enumerate(cond.conditions)]

    def compile(self, cond: AnyOf, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        parts = [compile_child(c) for c in cond.conditions]

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            outcomes = [p(ctx) for p in parts]
            for state in (State.MET, State.UNDECIDED, State.NOT_MET):
                if any(o.state is state for o in outcomes):
                    break
            else:
                state = State.NOT_ASSESSED
            return Outcome(state, unique(r for o in outcomes for r in o.reasons))

        return evaluate

    def evaluate_record(self, cond: AnyOf, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        return combine_records([evaluate_child(c, record) for c in cond.conditions], "met", "not_met")

    def describe(self, cond: AnyOf, names: Any, describe_child: Any) -> Text:
        return join([describe_child(c) for c in cond.conditions], "，或", " or ")

    def plan_example(self, cond: AnyOf, want: bool, out: list[tuple[Any, bool]], plan_child: PlanChild) -> bool:
        if want:
            return plan_child(cond.conditions[0], True, out)
        return all(plan_child(c, False, out) for c in cond.conditions)


KIND = AnyKind()
