"""``each_year``: 逐年下降 / 逐年提高, better every year across the years the submission gives.

The series runs from the earliest year the submission gives for the item (at most
``YEARS_BACK`` years back) to the reporting year, and every step must be strictly better:
one flat or worse year fails it. Every year in between must have a number: a gap leaves
it undecided (the missing year is named), and so does a series of the reporting year
alone, since one year shows no movement. Unlike ``trend`` with ``each_year_improve``,
it needs no declared reference year: the years given are the series.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal

from ecorules.kinds.base import (
    CompileChild,
    ConditionKind,
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
from ecorules.model.text import T, Text

YEARS_BACK = 30  # how far back the series is looked for


class EachYear(ConditionModel):
    """逐年下降 (``better = "lower"``) or 逐年提高 (``"higher"``) across the years given."""

    kind: Literal["each_year"]
    better: Literal["higher", "lower"]
    of: str | None = None


class EachYearKind(ConditionKind):
    name = "each_year"
    example = '{kind = "each_year", better = "lower"}'
    model = EachYear
    record_kinds = frozenset({"indicators"})
    description = T("逐年下降 / 逐年提高（按提交的各年数值）", "falling (or rising) every year across the years given")
    relative = True

    def compile(self, cond: EachYear, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        name = ruleset.items[key].name
        sign = 1 if cond.better == "higher" else -1
        wanted = T("逐年提高", "rising every year") if sign > 0 else T("逐年下降", "falling every year")

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
            if bad:
                return bad
            assert d is not None
            if d.exact is None:
                return Outcome(
                    State.UNDECIDED,
                    [
                        T(
                            f"「{d.display}」不是数值，无法判断是否{wanted.zh}",
                            f"'{d.display}' is not a number; cannot tell whether {wanted.en}",
                        )
                    ],
                )
            given = [y for y in range(ctx.year - YEARS_BACK, ctx.year) if ctx.datum(key, y) is not None]
            if not given:
                return Outcome(
                    State.UNDECIDED,
                    [
                        T(
                            f"只有 {ctx.year} 年的数值，{wanted.zh}至少需要两年",
                            f"only {ctx.year} is given; {wanted.en} needs at least two years",
                        )
                    ],
                )
            series = []
            for y in range(given[0], ctx.year + 1):
                dy = ctx.datum(key, y)
                v = dy.exact if dy is not None else None
                if dy is None or v is None:
                    return Outcome(
                        State.UNDECIDED,
                        [
                            T(
                                f"缺少 {y} 年「{name.zh}」的数值：{wanted.zh}需要 {given[0]}—{ctx.year} 年的每一年",
                                f"no number for '{name.en}' in {y}: {wanted.en} needs every year from {given[0]} to {ctx.year}",
                            )
                        ],
                    )
                series.append((y, v, dy.display))
            worse = [b[0] for a, b in pairwise(series) if (b[1] - a[1]) * sign <= 0]
            chain = " → ".join(f"{disp}（{y}）" for y, _, disp in series)
            chain_en = " → ".join(f"{disp} ({y})" for y, _, disp in series)
            if worse:
                years = "、".join(str(y) for y in worse)
                return Outcome(
                    State.NOT_MET,
                    [
                        T(
                            f"{chain}：{years} 年未{wanted.zh[2:]}（要求{wanted.zh}）",
                            f"{chain_en}: not so in {', '.join(map(str, worse))} (required: {wanted.en})",
                        )
                    ],
                )
            return Outcome(
                State.MET, [T(f"{chain}（要求{wanted.zh}）：符合", f"{chain_en} (required: {wanted.en}): yes")]
            )

        return evaluate

    def describe(self, cond: EachYear, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        wanted = T("逐年提高", "rising every year") if cond.better == "higher" else T("逐年下降", "falling every year")
        return T(f"{name.zh}{wanted.zh}（按提交的各年数值）", f"{name.en} {wanted.en} (across the years given)")

    def apply_example(self, cond: EachYear, want: bool, builder: ExampleBuilder) -> None:
        item = builder.item_of(cond)
        value, step = builder.current(item), builder.step(item)
        sign = Decimal(1 if cond.better == "higher" else -1)
        builder.set_value(item, value - sign * step, builder.year - 1)
        # the year before that: better than the next one for a failing example
        earlier = value - 2 * sign * step if want else value
        builder.set_value(item, earlier, builder.year - 2)

    def template_needs(self, cond: EachYear) -> TemplateNeeds:
        return TemplateNeeds(earlier_years=True)


KIND = EachYearKind()
