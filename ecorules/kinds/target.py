"""``target``: 完成上级规定的考核任务, the actual value against the target the higher
level assigned.

The target is data of the submission (its ``target`` column). A target stated as
未考核 / 未下达 means none was assigned: the condition is *not assessed*, which is
not a failure. ``better`` says which way passes. ``covers`` says what the higher
level's target covers: what is due by the reporting year (``"to_date"``:
较2020年下降2% assigned for 2022), compared as given and never scaled; or a whole
period (``"period"``: 十四五 下降14%), named by the row's ``target_period``. Left out,
the target is compared as given. A period
target checked before the period ends is compared with the full target
(``interim = "final"``, the default) or, for cumulative targets such as a five-year
reduction rate, with time-proportional progress (序时进度, ``interim = "pro_rata"``,
which requires ``covers = "period"``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from pydantic import model_validator

from ecorules.kinds.base import (
    OP_SIGN,
    CompileChild,
    ConditionKind,
    Datum,
    Evaluator,
    ExampleBuilder,
    IndicatorFacts,
    Names,
    Outcome,
    State,
    TemplateNeeds,
)
from ecorules.kinds.helpers import assigned_target, item_of, precise, unusable, with_unit
from ecorules.model.condition import ConditionModel
from ecorules.model.numbers import fmt
from ecorules.model.text import T, Text

Better = Literal["higher", "lower"]


class Target(ConditionModel):
    """完成上级规定的考核任务: the actual value against the target the higher level assigned.

    The target is data of the submission (its ``target`` column). A target
    stated as 未考核 / 未下达 means none was assigned: the condition is *not
    assessed*, which is not a failure. ``better`` says which way passes. A target
    set for a period (``target_period = 2021-2025``) and checked before the
    period ends is compared with the full target (``interim = "final"``, the
    default) or, for cumulative targets such as a five-year reduction rate, with
    time-proportional progress (序时进度, ``interim = "pro_rata"``). Pro-rata
    progress only makes sense for ``better = "higher"``: a level such as a
    PM2.5 ceiling is not scaled. ``covers`` says what one assigned target
    covers: what is due by the reporting year (``"to_date"``, never scaled), or
    a whole period (``"period"``); only the latter may be pro rata, so a target
    already stated to date is never scaled a second time.
    """

    kind: Literal["target"]
    better: Better
    covers: Literal["to_date", "period"] | None = None
    interim: Literal["pro_rata", "final"] = "final"
    of: str | None = None

    @model_validator(mode="after")
    def _pro_rata_is_cumulative(self) -> Target:
        if self.interim == "pro_rata" and self.better != "higher":
            raise ValueError(
                "interim = 'pro_rata' is for cumulative targets (better = 'higher'); a level target is not scaled"
            )
        if self.interim == "pro_rata" and self.covers != "period":
            raise ValueError(
                "interim = 'pro_rata' scales a target set for a whole period: say so with covers = 'period' "
                "(a target stated to date, covers = 'to_date', is never scaled)"
            )
        return self


def required_by(
    target: Fraction, period: tuple[int, int] | None, year: int, pro_rata: bool, covers: str | None = None
) -> tuple[Fraction, list[Text]]:
    """What the target requires by ``year``: all of it, or for a cumulative target set for a
    period and checked before it ends, time-proportional progress (序时进度), said in words.
    A target that covers what is due to date (``covers = "to_date"``) is never scaled; when
    its row names a period anyway, the finding says the target was taken as given."""
    if covers == "to_date":
        if period and period[0] <= year < period[1]:
            said = T(
                f"考核任务按截至 {year} 年应达到的值下达（目标期 {period[0]}—{period[1]} 年），按原值比较，不再按序时进度折算",
                f"the target is assigned as what is due by {year} (period {period[0]}–{period[1]}); compared as given, not scaled again",
            )
            return target, [said]
        return target, []
    if not (period and pro_rata and period[0] <= year < period[1]):
        return target, []
    elapsed, total = year - period[0] + 1, period[1] - period[0] + 1
    required = target * Fraction(elapsed, total)
    said = T(
        f"{period[0]}—{period[1]} 年目标 {fmt(target)}，按序时进度（{elapsed}/{total}）{year} 年应达到 {fmt(required)}",
        f"target {fmt(target)} for {period[0]}–{period[1]}; time-proportional progress ({elapsed}/{total}) requires {fmt(required)} by {year}",
    )
    return required, [said]


def target_outcome(
    d: Datum, verdict: bool | None, required: Fraction, op: str, unit: str, reasons: list[Text]
) -> Outcome:
    """The outcome of a value against its required target, in words: '考核任务：321 ≥ 325 天：未完成'.
    Every engine words its targets through here."""

    def wording() -> list[Text]:
        said = list(reasons)
        test = f"{precise(d, required)} {OP_SIGN[op]} {fmt(required)}"
        zh, en = with_unit(test, unit, "zh"), with_unit(test, unit, "en")
        if verdict is None:
            said.append(T(f"考核任务：{zh}：仅知范围，无法判断", f"target: {en}: only a bound is known, undecided"))
        else:
            said.append(
                T(
                    f"考核任务：{zh}：{'完成' if verdict else '未完成'}",
                    f"target: {en}: {'met' if verdict else 'not met'}",
                )
            )
        return said

    state = State.UNDECIDED if verdict is None else State.MET if verdict else State.NOT_MET
    return Outcome(state, wording)


class TargetKind(ConditionKind):
    name = "target"
    example = '{kind = "target", better = "higher"}'
    model = Target
    record_kinds = frozenset({"indicators"})
    description = T("完成上级规定的考核任务", "meet the target assigned by the higher level")
    relative = True
    # A value cell saying 未考核 only means something to a rule with a target condition.
    accepts_not_assessed = True

    def compile(self, cond: Target, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        item = ruleset.items[key]
        unit, name = item.unit, item.name
        op = ">=" if cond.better == "higher" else "<="

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
            if bad:
                return bad
            assert d is not None
            target = assigned_target(d)
            if isinstance(target, Outcome):
                return target
            assert d.interval is not None  # assigned_target has checked it
            obs = d.observation
            period = obs.target_period if obs else None
            required, reasons = required_by(target, period, ctx.year, cond.interim == "pro_rata", cond.covers)
            return target_outcome(d, d.interval.satisfies(op, required), required, op, unit, reasons)

        return evaluate

    def describe(self, cond: Target, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        way = T("越高越好", "higher is better") if cond.better == "higher" else T("越低越好", "lower is better")
        zh, en = ("，期中按序时进度", ", pro rata before the period ends") if cond.interim == "pro_rata" else ("", "")
        if cond.covers == "period" and cond.interim == "final":
            zh, en = "，目标覆盖整个目标期", ", the target covers its whole period"
        return T(
            f"{name.zh}完成上级规定的考核任务（{way.zh}{zh}）", f"{name.en} meets the assigned target ({way.en}{en})"
        )

    def apply_example(self, cond: Target, want: bool, builder: ExampleBuilder) -> None:
        item = builder.item_of(cond)
        value, step = builder.current(item), builder.step(item)
        higher = cond.better == "higher"
        builder.set_target(item, value if want else (value + step if higher else value - step))

    def template_needs(self, cond: Target) -> TemplateNeeds:
        return TemplateNeeds(target=True)


KIND = TargetKind()
