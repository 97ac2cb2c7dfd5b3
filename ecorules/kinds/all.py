"""``all``: every condition holds (且).

"完成上级规定的考核任务，且≥90或持续提高" is ``all`` of a target and an ``any``.
On an indicator: any part not met → not met; else any part undecided → undecided
(missing data); else met, ignoring parts not assessed (no target assigned is not a
failure); every part not assessed → not assessed. On a project record: any part not
met → not met; else any part undecided → missing; else met.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

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


class AllOf(ConditionModel):
    """Every condition holds (且)."""

    kind: Literal["all"]
    conditions: list[Condition] = Field(min_length=1)


def combine_records(parts: list[Verdict], decisive: str, other: str) -> Verdict:
    """A compound's verdict on a record: the decisive status if any part has it, else
    missing if any part is, else the other; it points at the field of the part that decided."""
    statuses = [p.status for p in parts]
    status = decisive if decisive in statuses else "missing" if "missing" in statuses else other
    field = next(p.field for p in parts if p.status == status)
    return Verdict(status, [r for p in parts for r in p.reasons], field)  # type: ignore[arg-type]


def join(parts: list[tuple[Text, bool]], zh: str, en: str) -> Text:
    """Sub-conditions in words; a compound inside a compound is bracketed:
    "A and (B or C)" is not "(A and B) or C"."""
    shown = [T(f"（{t.zh}）", f"({t.en})") if compound else t for t, compound in parts]
    return T(zh.join(p.zh for p in shown), en.join(p.en for p in shown))


class AllKind(ConditionKind):
    name = "all"
    example = (
        '{kind = "all", conditions = [{kind = "compare", op = ">=", value = 90}, {kind = "status", accept = ["建立"]}]}'
    )
    model = AllOf
    record_kinds = frozenset({"indicators", "projects"})
    description = T("全部满足（且）", "every condition holds (and)")

    def children(self, cond: AllOf) -> list[tuple[str, ConditionModel]]:
        return [(f"conditions[{i}]", c) for i, c in enumerate(cond.conditions)]

    def compile(self, cond: AllOf, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        parts = [compile_child(c) for c in cond.conditions]

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            outcomes = [p(ctx) for p in parts]
            states = {o.state for o in outcomes}
            if State.NOT_MET in states:
                state = State.NOT_MET
            elif State.UNDECIDED in states:
                state = State.UNDECIDED
            elif states == {State.NOT_ASSESSED}:
                state = State.NOT_ASSESSED
            else:
                state = State.MET
            return Outcome(state, unique(r for o in outcomes for r in o.reasons))

        return evaluate

    def evaluate_record(self, cond: AllOf, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        return combine_records([evaluate_child(c, record) for c in cond.conditions], "not_met", "met")

    def describe(self, cond: AllOf, names: Any, describe_child: Any) -> Text:
        return join([describe_child(c) for c in cond.conditions], "，且", " and ")

    def plan_example(self, cond: AllOf, want: bool, out: list[tuple[Any, bool]], plan_child: PlanChild) -> bool:
        if want:
            return all(plan_child(c, True, out) for c in cond.conditions)
        first, *rest = cond.conditions
        return plan_child(first, False, out) and all(plan_child(c, True, out) for c in rest)


KIND = AllKind()
