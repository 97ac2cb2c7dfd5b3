"""``period_target``: a target for a five-year period, measured against a base year.

完成上级的目标任务 for an intensity whose target is a cumulative reduction: "“十三五”能耗强度
下降16.5%" is due by the period's last year (2020) and measured against the year before the
period (比2015年); "“十四五”下降14%" against 2020. The submission gives, for each year, the
reduction so far against that base year (``比2015年下降(12.7)``), the target in its target
column and the period in ``target_period`` (十三五, 2016-2025 …) or in the target's own words
(“十三五”下降(16.5)), so that a wide table can give each year's period. Without a period the target
is due in the reporting year itself (a target stated to date, "下降幅度21%" for 2019).

The base year is the year before the period, or the one the value names (比2015年, 较2020年);
when both are known they must agree, or the value cannot be judged against the target.

``interim``: before the period's last year a period target is not yet due: ``"not_due"``
(the default) reports the progress and leaves the target *not assessed*; ``"pro_rata"``
requires time-proportional progress (序时进度). ``stable = true`` adds 保持稳定或持续改善:
the intensity must not worsen year on year, which the reductions show when both years are
measured against the same base year (in the year after the base year, the reduction itself
must not be negative).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Literal

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
from ecorules.model.values import ValueKind, parse_period

_BASE_RE = re.compile(r"(?:比|较|相比|对比)(\d{4})年?")


class PeriodTarget(ConditionModel):
    """A target for a five-year period (“十三五”下降16.5%), measured against a base year (比2015年)."""

    kind: Literal["period_target"]
    better: Literal["higher", "lower"]
    interim: Literal["not_due", "pro_rata"] = "not_due"
    stable: bool = False
    of: str | None = None


def stated_base(d: Datum) -> int | None:
    """The base year the value names in its words (比2015年下降(12.7) -> 2015)."""
    m = _BASE_RE.search(d.value.word or "")
    return int(m.group(1)) if m else None


def base_of(d: Datum) -> tuple[int | None, tuple[int, int] | None, Text | None]:
    """The base year a value is measured against, its target period, and why they disagree."""
    obs = d.observation
    period = obs.target_period if obs else None
    if period is None and obs is not None and obs.target is not None and obs.target.word:
        period = parse_period(obs.target.word)  # the target names its period: “十三五”下降(16.5)
    from_period = period[0] - 1 if period else None
    stated = stated_base(d)
    if from_period is not None and stated is not None and from_period != stated:
        why = T(
            f"{d.year} 年的数值按 {stated} 年计算，而 {period[0]}—{period[1]} 年目标以 {from_period} 年为基数",  # type: ignore[index]
            f"the {d.year} value is measured against {stated}, but the {period[0]}–{period[1]} target against {from_period}",  # type: ignore[index]
        )
        return None, period, why
    return (from_period if from_period is not None else stated), period, None


def number(d: Datum) -> str:
    """The figure of a value whose words name its base year (比2015年下降(12.7) -> 12.7)."""
    x = d.exact
    return fmt(x) if x is not None and d.value.word else d.display


def _combine(parts: list[Outcome]) -> Outcome:
    """且: not met if any part is not met, else undecided if any is, else met unless all are not assessed."""
    reasons = [r for p in parts for r in p.reasons]
    states = {p.state for p in parts}
    for state in (State.NOT_MET, State.UNDECIDED):
        if state in states:
            return Outcome(state, reasons)
    if states == {State.NOT_ASSESSED}:
        return Outcome(State.NOT_ASSESSED, reasons)
    return Outcome(State.MET, reasons)


class PeriodTargetKind(ConditionKind):
    name = "period_target"
    example = '{kind = "period_target", better = "higher", stable = true}'
    model = PeriodTarget
    record_kinds = frozenset({"indicators"})
    description = T(
        "五年目标（“十三五”下降16.5%，比2015年），期末考核",
        "a five-year target measured against a base year, due at the period's end",
    )
    relative = True
    accepts_not_assessed = True

    def compile(self, cond: PeriodTarget, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        item = ruleset.items[key]
        unit, name = item.unit, item.name
        op = ">=" if cond.better == "higher" else "<="
        sign = 1 if cond.better == "higher" else -1

        def target_part(d: Datum, year: int) -> Outcome:
            goal = assigned_target(d)
            if isinstance(goal, Outcome):
                return goal
            assert d.interval is not None  # assigned_target has checked it
            base, period, conflict = base_of(d)
            if conflict is not None:
                return Outcome(State.UNDECIDED, [conflict])
            against = T(f"（比{base}年）", f" (against {base})") if base is not None else T("", "")
            if period is not None:
                stated = T(
                    f"{period[0]}—{period[1]} 年目标 {fmt(goal)}{against.zh}，{period[1]} 年到期",
                    f"target {fmt(goal)}{against.en} for {period[0]}–{period[1]}, due in {period[1]}",
                )
            else:
                stated = T(f"{year} 年目标 {fmt(goal)}{against.zh}", f"target {fmt(goal)}{against.en} for {year}")
            required = goal
            if period is not None and year < period[1]:
                if cond.interim == "not_due":
                    x = d.exact
                    gap = ""
                    gap_en = ""
                    if x is not None and (goal - x) * sign > 0:
                        gap, gap_en = f"，尚差 {fmt(abs(goal - x))}", f", {fmt(abs(goal - x))} to go"
                    return Outcome(
                        State.NOT_ASSESSED,
                        [
                            stated,
                            T(
                                f"考核任务未到期：{year} 年已达到 {number(d)}{gap}",
                                f"the target is not yet due: {number(d)} by {year}{gap_en}",
                            ),
                        ],
                    )
                elapsed, total = year - period[0] + 1, period[1] - period[0] + 1
                required = goal * Fraction(elapsed, total)
                stated = T(
                    f"{stated.zh}，按序时进度（{elapsed}/{total}）{year} 年应达到 {fmt(required)}",
                    f"{stated.en}; time-proportional progress ({elapsed}/{total}) requires {fmt(required)} by {year}",
                )
            verdict = d.interval.satisfies(op, required)
            test = f"{number(d) if d.value.word else precise(d, required)} {OP_SIGN[op]} {fmt(required)}"
            zh, en = with_unit(test, unit, "zh"), with_unit(test, unit, "en")
            if verdict is None:
                return Outcome(
                    State.UNDECIDED,
                    [
                        stated,
                        T(f"考核任务：{zh}：仅知范围，无法判断", f"target: {en}: only a bound is known, undecided"),
                    ],
                )
            said = T(
                f"考核任务：{zh}：{'完成' if verdict else '未完成'}", f"target: {en}: {'met' if verdict else 'not met'}"
            )
            return Outcome(State.MET if verdict else State.NOT_MET, [stated, said])

        def stable_part(ctx: IndicatorFacts, d: Datum) -> Outcome:
            year = ctx.year
            wanted = T("（要求保持稳定或持续改善）", " (required: stable or improving)")
            x = d.exact
            base, _, conflict = base_of(d)
            if conflict is not None:
                return Outcome(State.UNDECIDED, [conflict])
            if x is None:
                return Outcome(
                    State.UNDECIDED,
                    [
                        T(
                            f"「{d.display}」不是数值，无法判断趋势",
                            f"'{d.display}' is not a number; the trend cannot be judged",
                        )
                    ],
                )
            prev_year = year - 1
            if base == prev_year:
                ok = x * sign >= 0
                return Outcome(
                    State.MET if ok else State.NOT_MET,
                    [
                        T(
                            f"趋势：{year} 年比基数年 {base}（上一年）{number(d)}{wanted.zh}：{'符合' if ok else '不符合'}",
                            f"trend: {number(d)} in {year} against the base year {base} (the previous year){wanted.en}: {'yes' if ok else 'no'}",
                        )
                    ],
                )
            prev = ctx.datum(key, prev_year)
            y = prev.exact if prev is not None else None
            if prev is None or y is None:
                return Outcome(
                    State.UNDECIDED,
                    [
                        T(
                            f"缺少 {prev_year} 年「{name.zh}」的数值，无法判断趋势",
                            f"no number for '{name.en}' in {prev_year}; the trend cannot be judged",
                        )
                    ],
                )
            prev_base, _, _ = base_of(prev)
            if prev_base != base:
                return Outcome(
                    State.UNDECIDED,
                    [
                        T(
                            f"{prev_year} 年与 {year} 年的数值基数年不同（{prev_base}、{base}），无法比较",
                            f"{prev_year} and {year} are measured against different base years ({prev_base}, {base}); they cannot be compared",
                        )
                    ],
                )
            ok = (x - y) * sign >= 0
            return Outcome(
                State.MET if ok else State.NOT_MET,
                [
                    T(
                        f"趋势{f'（比{base}年）' if base is not None else ''}：{number(prev)}（{prev_year}）→ {number(d)}（{year}）{wanted.zh}：{'符合' if ok else '不符合'}",
                        f"trend{f' (against {base})' if base is not None else ''}: {number(prev)} ({prev_year}) → {number(d)} ({year}){wanted.en}: {'yes' if ok else 'no'}",
                    )
                ],
            )

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
            if bad:
                return bad
            assert d is not None
            if d.value.kind is ValueKind.not_assessed:
                return Outcome(State.NOT_ASSESSED, [T(f"填报为「{d.display}」", f"reported as '{d.display}'")])
            parts = [target_part(d, ctx.year)]
            if cond.stable:
                parts.append(stable_part(ctx, d))
            return _combine(parts)

        return evaluate

    def describe(self, cond: PeriodTarget, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        interim = (
            T("期中按序时进度", "pro rata before the period ends")
            if cond.interim == "pro_rata"
            else T("期末考核", "due at the period's end")
        )
        stable = T("，且保持稳定或持续改善", ", and stable or improving") if cond.stable else T("", "")
        return T(
            f"{name.zh}完成上级规定的五年目标（比基数年，{interim.zh}）{stable.zh}",
            f"{name.en} meets the five-year target against its base year ({interim.en}){stable.en}",
        )

    def apply_example(self, cond: PeriodTarget, want: bool, builder: ExampleBuilder) -> None:
        item = builder.item_of(cond)
        value, step = builder.current(item), builder.step(item)
        higher = cond.better == "higher"
        builder.set_target(item, value if want else (value + step if higher else value - step))
        if cond.stable:
            builder.set_value(item, value - step if higher else value + step, builder.year - 1)

    def template_needs(self, cond: PeriodTarget) -> TemplateNeeds:
        return TemplateNeeds(target=True, earlier_years=cond.stable)


KIND = PeriodTargetKind()
