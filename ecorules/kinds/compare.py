"""``compare``: a plain comparison with a number.

``≥20``, ``≤25``, ``100`` (a rate that must be complete: ``op = ">=", value = 100``),
``△EQI>-1`` (``op = ">"``). On an indicator the value is an exact number or a bound
(``≥25``) and the comparison is exact (fractions, so 89.96 never rounds onto 90); a
bound that does not reach the threshold leaves the verdict undecided. On a project
record ``of`` names a number field (建筑面积 ≥ 50000).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from pydantic import Field

from ecorules.kinds.base import (
    NO,
    OP_SIGN,
    YES,
    CompileChild,
    ConditionKind,
    Datum,
    EvaluateChild,
    Evaluator,
    ExampleBuilder,
    IndicatorFacts,
    Names,
    Outcome,
    RecordFacts,
    State,
    Verdict,
)
from ecorules.kinds.helpers import field_shown, item_of, precise, read_field, unusable, with_unit
from ecorules.model.condition import ConditionModel
from ecorules.model.numbers import Interval, fmt, to_fraction
from ecorules.model.text import T, Text
from ecorules.model.values import format_decimal

Op = Literal[">=", ">", "<=", "<", "=="]


class Compare(ConditionModel):
    """A plain comparison: ``≥20``, ``≤25``, ``100`` (a rate that must be complete:
    ``op = ">=", value = 100``), ``△EQI>-1`` (``op = ">"``)."""

    kind: Literal["compare"]
    op: Op
    value: float = Field(strict=True)  # a quoted number is a typo, not a number
    of: str | None = Field(None, description="item to compare; default: the rule's item")


def compared(
    d: Datum, verdict: bool | None, threshold: Fraction, sign: str, unit: str, shown: str | None = None
) -> Outcome:
    """The outcome of comparing a value with a threshold, in words: '89.96 ≥ 90%: no'. Every
    engine words its comparisons through here. ``shown``: the threshold as ``fmt`` shows it,
    when the caller has it already (a compiled rule shows the same threshold every time)."""

    def wording() -> list[Text]:
        reasons = [d.derivation] if d.derivation else []
        test = f"{precise(d, threshold)} {sign} {fmt(threshold) if shown is None else shown}"
        zh, en = with_unit(test, unit, "zh"), with_unit(test, unit, "en")
        if verdict is None:
            reasons.append(T(f"{zh}：仅知范围，无法判断", f"{en}: only a bound is known, undecided"))
        else:
            answer = YES if verdict else NO
            reasons.append(T(f"{zh}：{answer.zh}", f"{en}: {answer.en}"))
        return reasons

    state = State.UNDECIDED if verdict is None else State.MET if verdict else State.NOT_MET
    return Outcome(state, wording)


class CompareKind(ConditionKind):
    name = "compare"
    example = '{kind = "compare", op = ">=", value = 20}'
    model = Compare
    record_kinds = frozenset({"indicators", "projects"})
    description = T("与数值比较（≥20、≤25、100）", "comparison with a number (≥20, ≤25, 100)")
    field_type = "number"

    def scale(self, cond: Compare) -> float | None:
        return abs(cond.value)

    def compile(self, cond: Compare, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        threshold = to_fraction(cond.value)
        op = cond.op
        sign = OP_SIGN[op]
        item = ruleset.items[key]
        unit, name = item.unit, item.name
        shown_threshold = fmt(threshold)

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
            if bad:
                return bad
            assert d is not None
            if d.interval is None:
                return Outcome(
                    State.UNDECIDED,
                    [
                        T(
                            f"「{d.display}」不是数值，无法判断 {sign}{shown_threshold}",
                            f"'{d.display}' is not a number; cannot test {sign}{shown_threshold}",
                        )
                    ],
                )
            return compared(d, d.interval.satisfies(op, threshold), threshold, sign, unit, shown_threshold)

        return evaluate

    def evaluate_record(self, cond: Compare, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        assert cond.of is not None
        got = read_field(record, cond.of)
        if isinstance(got, Verdict):
            return got
        fv, name = got
        shown, shown_en = field_shown(fv.text)
        number = fv.number()
        if number is None:
            return Verdict("missing", [T(f"{name.zh}「{shown}」不是数值", f"{name.en} '{shown_en}' is not a number")])
        ok = bool(Interval.exact(to_fraction(number)).satisfies(cond.op, to_fraction(cond.value)))
        limit = f"{OP_SIGN[cond.op]}{format_decimal(Decimal(str(cond.value)))}"
        verb = T("满足", "meets") if ok else T("不满足", "does not meet")
        return Verdict(
            "met" if ok else "not_met",
            [T(f"{name.zh} {shown}，{verb.zh} {limit}", f"{name.en} {shown_en} {verb.en} {limit}")],
        )

    def describe(self, cond: Compare, names: Names, describe_child: Any) -> Text:
        name, unit = names(cond.of)
        shown = "" if unit in ("-", "") else f" {unit}"
        return T(
            f"{name.zh} {OP_SIGN[cond.op]} {cond.value:g}{shown}", f"{name.en} {OP_SIGN[cond.op]} {cond.value:g}{shown}"
        )

    def apply_example(self, cond: Compare, want: bool, builder: ExampleBuilder) -> None:
        item = builder.item_of(cond)
        v, step = Decimal(str(cond.value)), builder.step(item)
        passing = {">=": v, ">": v + step, "<=": v, "<": v - step, "==": v}[cond.op]
        failing = {">=": v - step, ">": v, "<=": v + step, "<": v, "==": v - step}[cond.op]
        builder.set_value(item, passing if want else failing)

    def lint(self, cond: Compare, unit: str) -> list[Text]:
        if unit == "%" and abs(cond.value) > 100:
            return [
                T(
                    f"百分比与 {cond.value:g} 比较；单位是否正确？",
                    f"a percentage compared with {cond.value:g}; is the unit right?",
                )
            ]
        return []


KIND = CompareKind()
