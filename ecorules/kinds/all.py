"""``all``: every condition holds (且).

"完成上级规定的考核任务，且≥90或持续提高" is ``all`` of a target and an ``any``.
On an indicator: any part not met → not met; else any part undecided → undecided
(missing data); else any part in progress (a planned target not yet due) → progress;
else met, ignoring parts not assessed (no target assigned is not a failure); every
part not assessed → not assessed. On a project record: any part not
met → not met; else any part undecided → missing; else met.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

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


class CompoundKind(ConditionKind):
    """What ``all`` and ``any`` share: their parts are ``conditions``, each compiled or
    evaluated by its own kind; a subclass says how the parts' verdicts combine and how the
    parts are joined in words."""

    decisive: ClassVar[str]  # on a record: the status one part decides for all
    otherwise: ClassVar[str]  # on a record: the status when no part is decisive or missing
    joiner: ClassVar[tuple[str, str]]  # how parts are joined in words (zh, en)

    def combine(self, states: set[State]) -> State:
        """An indicator compound's state from its parts' states."""
        raise NotImplementedError

    def children(self, cond: Any) -> list[tuple[str, ConditionModel]]:
        return [(f"conditions[{i}]", c) for i, c in enumerate(cond.conditions)]

    def compile(self, cond: Any, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        parts = [compile_child(c) for c in cond.conditions]

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            outcomes = [p(ctx) for p in parts]
            state = self.combine({o.state for o in outcomes})
            return Outcome(state, lambda: unique(r for o in outcomes for r in o.reasons))

        return evaluate

    def evaluate_record(self, cond: Any, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        parts = [evaluate_child(c, record) for c in cond.conditions]
        return combine_records(parts, self.decisive, self.otherwise)

    def describe(self, cond: Any, names: Any, describe_child: Any) -> Text:
        return join([describe_child(c) for c in cond.conditions], *self.joiner)


class AllKind(CompoundKind):
    name = "all"
    example = (
        '{kind = "all", conditions = [{kind = "compare", op = ">=", value = 90}, {kind = "status", accept = ["建立"]}]}'
    )
    model = AllOf
    record_kinds = frozenset({"indicators", "projects"})
    description = T("全部满足（且）", "every condition holds (and)")
    decisive, otherwise, joiner = "not_met", "met", ("，且", " and ")

    def combine(self, states: set[State]) -> State:
        if State.NOT_MET in states:
            return State.NOT_MET
        if State.UNDECIDED in states:
            return State.UNDECIDED
        if State.PROGRESS in states:
            return State.PROGRESS
        return State.NOT_ASSESSED if states == {State.NOT_ASSESSED} else State.MET

    def plan_example(self, cond: AllOf, want: bool, out: list[tuple[Any, bool]], plan_child: PlanChild) -> bool:
        if want:
            return all(plan_child(c, True, out) for c in cond.conditions)
        first, *rest = cond.conditions
        return plan_child(first, False, out) and all(plan_child(c, True, out) for c in rest)


KIND = AllKind()
