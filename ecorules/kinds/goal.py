"""``goal``: a planned target due in a given year (2025 年目标 72, 2030 年目标 75).

A plan sets targets for later years, and checking an earlier year against them is a
question of progress, not of compliance: a value that already reaches the target is
*met* ("already reached"); one that does not, in a year before the target is due, is
*progress* (a status of its own, never a failure by default: "71.1 % now; 72 % due in
2025; 0.9 to go"); from the year it is due on, a value that does not reach it is
*not met*. The comparison is exact (fractions), so a value exactly at the target reaches it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from pydantic import Field

from ecorules.kinds.base import (
    OP_SIGN,
    CompileChild,
    ConditionKind,
    Evaluator,
    ExampleBuilder,
    IndicatorFacts,
    Names,
    Outcome,
    State,
)
from ecorules.kinds.helpers import item_of, unusable, with_unit
from ecorules.model.condition import ConditionModel
from ecorules.model.numbers import fmt, to_fraction
from ecorules.model.text import T, Text

Op = Literal[">=", ">", "<=", "<"]


class Goal(ConditionModel):
    """A planned target due in a year: ``{kind = "goal", op = ">=", value = 72, due = 2025}``.

    Before ``due`` a value short of it is *progress*; from ``due`` on it is *not met*; a
    value that reaches it is *met* in any year."""

    kind: Literal["goal"]
    op: Op
    value: float = Field(strict=True)
    due: int = Field(strict=True, ge=1900, le=2200)
    of: str | None = None


class GoalKind(ConditionKind):
    name = "goal"
    example = '{kind = "goal", op = ">=", value = 72, due = 2025}'
    model = Goal
    record_kinds = frozenset({"indicators"})
    description = T("规划目标：某年应达到的值（进展）", "a planned target due in a given year (progress)")

    def scale(self, cond: Goal) -> float | None:
        return abs(cond.value)

    def compile(self, cond: Goal, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        item = ruleset.items[key]
        unit, name = item.unit, item.name
        target = to_fraction(cond.value)
        sign = OP_SIGN[cond.op]
        higher = cond.op in (">=", ">")

        def figures(now: str, lang: str) -> str:
            goal = with_unit(f"{sign}{fmt(target)}", unit, lang)
            if lang == "zh":
                return f"现值 {with_unit(now, unit, lang)}；{cond.due} 年目标 {goal}"
            return f"{with_unit(now, unit, lang)} now; {goal} due in {cond.due}"

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
            if bad:
                return bad
            assert d is not None
            reasons = [d.derivation] if d.derivation else []
            if d.interval is None:
                reasons.append(
                    T(
                        f"「{d.display}」不是数值，无法与 {cond.due} 年目标 {sign}{fmt(target)} 比较",
                        f"'{d.display}' is not a number; cannot compare it with the target {sign}{fmt(target)} due in {cond.due}",
                    )
                )
                return Outcome(State.UNDECIDED, reasons)
            reached = d.interval.satisfies(cond.op, target)
            zh, en = figures(d.display, "zh"), figures(d.display, "en")
            if reached is None:
                reasons.append(T(f"{zh}：仅知范围，无法判断", f"{en}: only a bound is known, undecided"))
                return Outcome(State.UNDECIDED, reasons)
            if reached:
                reasons.append(T(f"{zh}：已达到", f"{en}: already reached"))
                return Outcome(State.MET, reasons)
            gap = _gap(d.exact, target, higher)
            # the gap between two shares is in percentage points (百分点), not in per cent
            points = unit == "%"
            gap_zh = (
                (f"；差 {fmt(gap)} 个百分点" if points else f"；差 {with_unit(fmt(gap), unit, 'zh')}") if gap else ""
            )
            point_word = "percentage point" if gap == 1 else "percentage points"
            gap_en = (f"; {fmt(gap)} {point_word}" if points else f"; {with_unit(fmt(gap), unit, 'en')}") if gap else ""
            if ctx.year < cond.due:
                left = cond.due - ctx.year
                reasons.append(
                    T(
                        f"{zh}{gap_zh}（距目标年还有 {left} 年）",
                        f"{en}{gap_en + ' to go' if gap_en else ''} ({left} year{'s' if left > 1 else ''} left)",
                    )
                )
                return Outcome(State.PROGRESS, reasons)
            reasons.append(
                T(
                    f"{zh}{gap_zh}：目标年已到，未达到",
                    f"{en}{gap_en + ' short' if gap_en else ''}: due and not reached",
                )
            )
            return Outcome(State.NOT_MET, reasons)

        return evaluate

    def describe(self, cond: Goal, names: Names, describe_child: Any) -> Text:
        name, unit = names(cond.of)
        shown = "" if unit in ("-", "") else f" {unit}"
        return T(
            f"{cond.due} 年{name.zh} {OP_SIGN[cond.op]} {cond.value:g}{shown}",
            f"{name.en} {OP_SIGN[cond.op]} {cond.value:g}{shown} by {cond.due}",
        )

    def apply_example(self, cond: Goal, want: bool, builder: ExampleBuilder) -> None:
        # explain shows a year after the target is due, where a shortfall is a failure
        item = builder.item_of(cond)
        v, step = Decimal(str(cond.value)), builder.step(item)
        passing = {">=": v, ">": v + step, "<=": v, "<": v - step}[cond.op]
        failing = {">=": v - step, ">": v, "<=": v + step, "<": v}[cond.op]
        builder.set_value(item, passing if want else failing)


def _gap(now: Fraction | None, target: Fraction, higher: bool) -> Fraction | None:
    """How far the value is from the target, in the direction it must move (None for a bound)."""
    if now is None:
        return None
    return target - now if higher else now - target


KIND = GoalKind()
