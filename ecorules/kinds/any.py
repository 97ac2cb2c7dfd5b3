"""``any``: at least one condition holds (或).

"≥90或持续提高" is ``any`` of a comparison and a trend. On an indicator: any part
met → met; else any in progress (a planned target not yet due) → progress; else any
undecided → undecided (missing data); else any not met → not met; else not assessed. On a project record: any part met → met; else any
undecided → missing; else not met.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ecorules.kinds.all import CompoundKind
from ecorules.kinds.base import (
    PlanChild,
    State,
)
from ecorules.model.condition import Condition, ConditionModel
from ecorules.model.text import T


class AnyOf(ConditionModel):
    """At least one condition holds (或)."""

    kind: Literal["any"]
    conditions: list[Condition] = Field(min_length=1)


class AnyKind(CompoundKind):
    name = "any"
    example = (
        '{kind = "any", conditions = [{kind = "compare", op = ">=", value = 90}, {kind = "status", accept = ["建立"]}]}'
    )
    model = AnyOf
    record_kinds = frozenset({"indicators", "projects"})
    description = T("至少一项满足（或）", "at least one condition holds (or)")
    decisive, otherwise, joiner = "met", "not_met", ("，或", " or ")

    def combine(self, states: set[State]) -> State:
        for state in (State.MET, State.PROGRESS, State.UNDECIDED, State.NOT_MET):
            if state in states:
                return state
        return State.NOT_ASSESSED

    def plan_example(self, cond: AnyOf, want: bool, out: list[tuple[Any, bool]], plan_child: PlanChild) -> bool:
        if want:
            return plan_child(cond.conditions[0], True, out)
        return all(plan_child(c, False, out) for c in cond.conditions)


KIND = AnyKind()
