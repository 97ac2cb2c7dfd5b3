"""``trend``: 保持稳定或持续改善, 持续提高, 持续下降, 逐年下降, 不降低 …

``require``: ``improve`` (strictly better than the reference), ``stable_or_improve``
(not worse than the reference by more than ``tolerance``, which must then be given
explicitly), ``each_year_improve`` (better every year from the reference year on).
``against``: the previous year, or the submission's declared baseline year (when the
submission declares none: the earliest earlier year the file gives a number for, and the
finding says so). ``best``:
a value that cannot be improved on (0 % landfill, 100 % compliance) satisfies the
trend by itself. Without the numbers, a statement in the cell (持续提高, 保持稳定) is
taken as the trend and the finding says so.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any, Literal

from pydantic import Field, model_validator

from ecorules.kinds.base import (
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
from ecorules.kinds.helpers import item_of, unusable
from ecorules.model.condition import ConditionModel
from ecorules.model.numbers import fmt, to_fraction
from ecorules.model.text import T, Text
from ecorules.model.values import trend_claim

Better = Literal["higher", "lower"]

_WANTED = {
    "improve": T("持续改善", "improving"),
    "stable_or_improve": T("保持稳定或改善", "stable or improving"),
    "each_year_improve": T("逐年改善", "improving every year"),
}


class Trend(ConditionModel):
    """保持稳定或持续改善, 持续提高, 持续下降, 逐年下降, 不降低 ...

    ``require``: ``improve`` (strictly better than the reference),
    ``stable_or_improve`` (not worse than the reference by more than
    ``tolerance``, which must then be given explicitly), ``each_year_improve``
    (better every year from the reference year on). ``against``: the previous
    year, or the submission's declared baseline year. ``best``: a value that
    cannot be improved on (0 % landfill, 100 % compliance) satisfies the trend
    by itself.
    """

    kind: Literal["trend"]
    better: Better
    require: Literal["improve", "stable_or_improve", "each_year_improve"]
    against: Literal["previous_year", "baseline_year"]
    tolerance: float | None = Field(None, ge=0, strict=True)
    best: float | None = Field(None, strict=True)
    of: str | None = None

    @model_validator(mode="after")
    def _tolerance_explicit(self) -> Trend:
        if self.require == "stable_or_improve" and self.tolerance is None:
            raise ValueError(
                "require = 'stable_or_improve' needs an explicit 'tolerance' "
                "(how far below the reference still counts as stable; 0 for none)"
            )
        if self.require != "stable_or_improve" and self.tolerance is not None:
            raise ValueError(f"'tolerance' only applies to require = 'stable_or_improve', not {self.require!r}")
        return self


def _from_claim(cond: Trend, d: Datum, why: Text | None) -> Outcome:
    """The trend as the cell states it (持续提高, 保持稳定), when the numbers are not there."""
    wanted = _WANTED[cond.require]
    movement: str | None = trend_claim(d.value.word)
    reasons = [why] if why else []
    if movement is None:
        reasons.append(T(f"无法判断趋势（要求{wanted.zh}）", f"trend cannot be established (required: {wanted.en})"))
        return Outcome(State.UNDECIDED, reasons)
    good = "up" if cond.better == "higher" else "down"
    # what the statement tells us, relative to the better direction
    if movement in ("up", "down"):
        movement = "improve" if movement == good else "worsen"
    elif movement in ("not_up", "not_down"):
        denied_good = movement == f"not_{good}"
        movement = "stable_or_worse" if denied_good else "stable_or_better"
    if movement == "improve":
        state = State.MET
    elif movement in ("stable", "stable_or_better"):
        if cond.require == "stable_or_improve":
            state = State.MET
        else:
            state = State.NOT_MET if movement == "stable" else State.UNDECIDED
    elif movement == "stable_or_worse":
        state = State.NOT_MET if cond.require != "stable_or_improve" else State.UNDECIDED
    else:  # worsen
        state = State.NOT_MET
    verdict = {
        State.MET: ("符合", "yes"),
        State.NOT_MET: ("不符合", "no"),
        State.UNDECIDED: ("无法判断", "undecided"),
    }[state]
    reasons.append(
        T(
            f"按填报表述「{d.value.word}」认定趋势（要求{wanted.zh}）：{verdict[0]}",
            f"trend taken as stated in the submission, '{d.value.word}' (required: {wanted.en}): {verdict[1]}",
        )
    )
    return Outcome(state, reasons)


def earliest_earlier(ctx: IndicatorFacts, key: str) -> int | None:
    """The earliest year before the reporting year in which the file gives a number for
    ``key``: the reference of a baseline trend whose submission declares no baseline year.

    The earliest, not the previous, year: "stable" (保持稳定) means not fallen over the
    span the file covers, and a reference that moves up a year at a time would let a slow
    decline pass every year (the Yubei plan judges forest cover 37.68 → 37.69 not met
    because of 2021's 39.5)."""
    for year in ctx.years():
        if year >= ctx.year:
            return None
        earlier = ctx.datum(key, year)
        if earlier is not None and earlier.exact is not None:
            return year
    return None


class TrendKind(ConditionKind):
    name = "trend"
    example = '{kind = "trend", better = "higher", require = "improve", against = "previous_year"}'
    model = Trend
    record_kinds = frozenset({"indicators"})
    description = T("趋势（持续改善、保持稳定、逐年下降……）", "a trend (improving, stable, falling every year …)")
    relative = True

    def compile(self, cond: Trend, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        item = ruleset.items[key]
        higher = cond.better == "higher"
        tolerance = to_fraction(cond.tolerance or 0)
        best = to_fraction(cond.best) if cond.best is not None else None
        wanted = _WANTED[cond.require]
        stable_ok = cond.require == "stable_or_improve"
        every_year = cond.require == "each_year_improve"
        against_previous = cond.against == "previous_year"

        def judge(before: Fraction, after: Fraction) -> bool:
            """Whether ``after`` is as good as required, compared with ``before`` (comparisons
            only: this runs for every step of every trend)."""
            if stable_ok:  # not worse by more than the tolerance
                if not tolerance:
                    return after >= before if higher else after <= before
                return after >= before - tolerance if higher else after <= before + tolerance
            return after > before if higher else after < before  # strictly better

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, item.name, ctx.year)
            if bad:
                return bad
            assert d is not None
            current = d.exact
            if current is None:
                return _from_claim(cond, d, None)
            if best is not None and (current >= best if higher else current <= best):
                return Outcome(
                    State.MET,
                    [
                        T(
                            f"{d.display} 已处于最优水平（{fmt(best)}），视为{wanted.zh}",
                            f"{d.display} is already at the best level ({fmt(best)}), counted as {wanted.en}",
                        )
                    ],
                )
            ref_year = ctx.year - 1 if against_previous else ctx.baseline_year
            said: list[Text] = []
            if ref_year is None:
                ref_year = earliest_earlier(ctx, key)
                if ref_year is None:
                    why = T(
                        "趋势按基准年判断，但提交数据未声明基准年（submission.baseline_year），文件中也没有更早年份的数值",
                        "the trend is judged against the baseline year, which the submission does not declare "
                        "(submission.baseline_year), and the file gives no number for an earlier year",
                    )
                    return _from_claim(cond, d, why)
                said.append(
                    T(
                        f"提交数据未声明基准年（submission.baseline_year），按文件中最早的更早年份 {ref_year} 年比较",
                        f"the submission declares no baseline year (submission.baseline_year); judged against {ref_year}, "
                        "the earliest earlier year the file gives",
                    )
                )
            if ref_year >= ctx.year:
                why = T(
                    f"基准年 {ref_year} 不早于填报年份 {ctx.year}",
                    f"baseline year {ref_year} is not before the reporting year {ctx.year}",
                )
                return Outcome(State.UNDECIDED, [why])
            years = range(ref_year, ctx.year + 1) if every_year else (ref_year, ctx.year)
            series: list[tuple[int, Fraction, str]] = []
            for y in years:
                dy = ctx.datum(key, y)
                v = dy.exact if dy else None
                if v is None or dy is None:
                    why = T(
                        f"缺少{y}年「{item.name.zh}」的数值，无法计算趋势",
                        f"no number for '{item.name.en}' in {y}; the trend cannot be computed",
                    )
                    return _from_claim(cond, d, why)
                series.append((y, v, dy.display))
            if len(series) == 2:  # the reference year and this one (most trends)
                ok = judge(series[0][1], series[1][1])
            else:
                ok = all(judge(a[1], b[1]) for a, b in pairwise(series))

            def wording() -> list[Text]:
                chain = " → ".join(f"{disp}（{y}）" for y, _, disp in series)
                chain_en = " → ".join(f"{disp} ({y})" for y, _, disp in series)
                tol = f"，容差 {fmt(tolerance)}" if cond.require == "stable_or_improve" else ""
                tol_en = f", tolerance {fmt(tolerance)}" if cond.require == "stable_or_improve" else ""
                reasons = [d.derivation] if d.derivation else []
                reasons += said
                reasons.append(
                    T(
                        f"趋势：{chain}（要求{wanted.zh}{tol}）：{'符合' if ok else '不符合'}",
                        f"trend: {chain_en} (required: {wanted.en}{tol_en}): {'yes' if ok else 'no'}",
                    )
                )
                return reasons

            return Outcome(State.MET if ok else State.NOT_MET, wording)

        return evaluate

    def describe(self, cond: Trend, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        wanted = _WANTED[cond.require]
        against = (
            T("与上一年比", "against the previous year")
            if cond.against == "previous_year"
            else T("与基准年比", "against the baseline year")
        )
        return T(f"{name.zh}{wanted.zh}（{against.zh}）", f"{name.en} {wanted.en} ({against.en})")

    def apply_example(self, cond: Trend, want: bool, builder: ExampleBuilder) -> None:
        item = builder.item_of(cond)
        value, step = builder.current(item), builder.step(item)
        if cond.best is not None and Decimal(str(cond.best)) == value and not want:
            # The best value satisfies the trend by itself: step back from it to show a failure.
            value = value - step if cond.better == "higher" else value + step
            builder.set_value(item, value)
        sign = 1 if cond.better == "higher" else -1
        tolerance = Decimal(str(cond.tolerance or 0))
        # Passing: one step better than the reference, also for "stable": a share of the year
        # turned back into days (366 in a leap year) must not round the reference above the value.
        ref = value - sign * step if want else value + sign * (step + tolerance)
        ref_year = builder.use_baseline_year() if cond.against == "baseline_year" else builder.year - 1
        if cond.require == "each_year_improve":
            for y in range(ref_year, builder.year):
                builder.set_value(item, ref - sign * step * (y - ref_year) if want else ref, y)
        else:
            builder.set_value(item, ref, ref_year)

    def template_needs(self, cond: Trend) -> TemplateNeeds:
        return TemplateNeeds(earlier_years=True)


KIND = TrendKind()
