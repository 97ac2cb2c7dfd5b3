"""Compiling conditions into evaluators, one function per condition kind.

An evaluator takes a :class:`~ecorules.engine.context.Context` and returns an
:class:`Outcome`: met, not met, undecided (the data cannot show either way:
missing, a word where a number is needed, a bound that does not reach the
threshold) or not assessed (未考核: no target was assigned). Every outcome
carries its reasons in both languages; they become the finding's details.

Combining (且 / 或):
- all: any not met -> not met; else any undecided -> undecided; else met,
  ignoring not-assessed parts (no target assigned is not a failure); all not
  assessed -> not assessed.
- any: any met -> met; else any undecided -> undecided; else any not met ->
  not met; else not assessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from itertools import pairwise

from ecorules.engine.context import Context, Datum
from ecorules.engine.numbers import fmt, to_fraction
from ecorules.ruleset import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Manual,
    Rule,
    Ruleset,
    Status,
    Target,
    Tiered,
    Trend,
)
from ecorules.text import T, Text
from ecorules.values import ValueKind, normalize_word, trend_claim, unit_label


class State(Enum):
    MET = "met"
    NOT_MET = "not_met"
    UNDECIDED = "undecided"
    NOT_ASSESSED = "not_assessed"


@dataclass
class Outcome:
    state: State
    reasons: list[Text] = field(default_factory=list)


Evaluator = Callable[[Context], Outcome]

OP_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_YES, _NO = T("是", "yes"), T("否", "no")


def compile_condition(cond: Condition, rule: Rule, rs: Ruleset) -> Evaluator:
    compiler = _COMPILERS[type(cond)]
    return compiler(cond, rule, rs)


def _unique(reasons) -> list[Text]:
    """A derivation shown by two parts of a compound is said once."""
    out: list[Text] = []
    for r in reasons:
        if r not in out:
            out.append(r)
    return out


def _with_unit(text: str, unit: str, lang: str) -> str:
    label = unit_label(unit, lang)
    if not label:
        return text
    return text + label if label == "%" else f"{text} {label}"


def _precise(d: Datum, threshold: Fraction) -> str:
    """The value as shown next to a threshold: never rounded onto the threshold it misses
    (89.96 is shown as 89.96, not as the 90.0 a one-decimal display would give)."""
    x = d.exact
    if x is None or x == threshold:
        return d.display
    try:
        shown = Fraction(d.display)
    except ValueError:
        return d.display
    if shown != threshold:
        return d.display
    for places in range(2, 7):
        text = fmt(x, places)
        if Fraction(text) != threshold:
            return text
    return d.display


def _of(cond: object, rule: Rule) -> str:
    return getattr(cond, "of", None) or rule.item


def _unusable(d: Datum | None, key: str, year: int, rs: Ruleset) -> Outcome | None:
    """The common reasons a value cannot be compared at all."""
    name = rs.items[key].name
    if d is None:
        return Outcome(State.UNDECIDED, [T(f"缺少{year}年「{name.zh}」的数据", f"no value of '{name.en}' for {year}")])
    if d.problem is not None:
        return Outcome(State.UNDECIDED, [d.problem])
    return None


def _compile_compare(cond: Compare, rule: Rule, rs: Ruleset) -> Evaluator:
    key = _of(cond, rule)
    threshold = to_fraction(cond.value)
    sign = OP_SIGN[cond.op]
    unit = rs.items[key].unit
    shown_threshold = fmt(threshold)

    def evaluate(ctx: Context) -> Outcome:
        d = ctx.datum(key, ctx.year)
        bad = _unusable(d, key, ctx.year, rs)
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
        verdict = d.interval.satisfies(cond.op, threshold)
        reasons = [d.derivation] if d.derivation else []
        test = f"{_precise(d, threshold)} {sign} {shown_threshold}"
        zh, en = _with_unit(test, unit, "zh"), _with_unit(test, unit, "en")
        if verdict is None:
            reasons.append(T(f"{zh}：仅知范围，无法判断", f"{en}: only a bound is known, undecided"))
            return Outcome(State.UNDECIDED, reasons)
        answer = _YES if verdict else _NO
        reasons.append(T(f"{zh}：{answer.zh}", f"{en}: {answer.en}"))
        return Outcome(State.MET if verdict else State.NOT_MET, reasons)

    return evaluate


def _compile_status(cond: Status, rule: Rule, rs: Ruleset) -> Evaluator:
    key = _of(cond, rule)
    accepted = {normalize_word(w) for w in cond.accept}
    wording = "、".join(cond.accept)

    def evaluate(ctx: Context) -> Outcome:
        d = ctx.datum(key, ctx.year)
        bad = _unusable(d, key, ctx.year, rs)
        if bad:
            return bad
        assert d is not None
        if d.value.kind is not ValueKind.word:
            return Outcome(
                State.UNDECIDED,
                [
                    T(
                        f"应填写状态（{wording}），实际填写「{d.display}」",
                        f"a status is expected ({wording}), got '{d.display}'",
                    )
                ],
            )
        if normalize_word(d.value.word or "") in accepted:
            return Outcome(State.MET, [T(f"「{d.display}」符合要求", f"'{d.display}' is as required")])
        return Outcome(
            State.NOT_MET,
            [T(f"「{d.display}」不符合要求（{wording}）", f"'{d.display}' is not what is required ({wording})")],
        )

    return evaluate


def _compile_target(cond: Target, rule: Rule, rs: Ruleset) -> Evaluator:
    key = _of(cond, rule)
    unit = rs.items[key].unit
    op = ">=" if cond.better == "higher" else "<="

    def evaluate(ctx: Context) -> Outcome:
        d = ctx.datum(key, ctx.year)
        bad = _unusable(d, key, ctx.year, rs)
        if bad:
            return bad
        assert d is not None
        obs = d.observation
        target = obs.target if obs else None
        if target is None or target.kind is ValueKind.missing:
            if d.value.says_not_assessed:
                return Outcome(
                    State.NOT_ASSESSED,
                    [T(f"上级未下达考核任务（{d.display}）", f"no target assigned by the higher level ({d.display})")],
                )
            return Outcome(
                State.UNDECIDED,
                [T("未填写上级规定的考核任务（目标值）", "the target assigned by the higher level is not given")],
            )
        if target.says_not_assessed or target.kind is ValueKind.not_applicable:
            return Outcome(
                State.NOT_ASSESSED,
                [
                    T(
                        f"上级未下达考核任务（{target.raw.strip()}）",
                        f"no target assigned by the higher level ('{target.raw.strip()}')",
                    )
                ],
            )
        if target.kind is not ValueKind.number or target.number is None:
            return Outcome(
                State.UNDECIDED, [T(f"考核任务「{target.raw}」不是数值", f"the target '{target.raw}' is not a number")]
            )
        if d.value.kind is ValueKind.not_assessed:
            return Outcome(State.NOT_ASSESSED, [T(f"填报为「{d.display}」", f"reported as '{d.display}'")])
        if d.interval is None:
            return Outcome(State.UNDECIDED, [T(f"「{d.display}」不是数值", f"'{d.display}' is not a number")])
        required = to_fraction(target.number)
        reasons: list[Text] = []
        period = obs.target_period if obs else None
        if period and cond.interim == "pro_rata" and period[0] <= ctx.year < period[1]:
            elapsed, total = ctx.year - period[0] + 1, period[1] - period[0] + 1
            full = required
            required = full * Fraction(elapsed, total)
            reasons.append(
                T(
                    f"{period[0]}—{period[1]} 年目标 {fmt(full)}，按序时进度（{elapsed}/{total}）{ctx.year} 年应达到 {fmt(required)}",
                    f"target {fmt(full)} for {period[0]}–{period[1]}; time-proportional progress ({elapsed}/{total}) requires {fmt(required)} by {ctx.year}",
                )
            )
        verdict = d.interval.satisfies(op, required)
        test = f"{_precise(d, required)} {OP_SIGN[op]} {fmt(required)}"
        zh, en = _with_unit(test, unit, "zh"), _with_unit(test, unit, "en")
        if verdict is None:
            reasons.append(T(f"考核任务：{zh}：仅知范围，无法判断", f"target: {en}: only a bound is known, undecided"))
            return Outcome(State.UNDECIDED, reasons)
        reasons.append(
            T(
                f"考核任务：{zh}：{'完成' if verdict else '未完成'}",
                f"target: {en}: {'met' if verdict else 'not met'}",
            )
        )
        return Outcome(State.MET if verdict else State.NOT_MET, reasons)

    return evaluate


def _compile_trend(cond: Trend, rule: Rule, rs: Ruleset) -> Evaluator:
    key = _of(cond, rule)
    item = rs.items[key]
    sign = 1 if cond.better == "higher" else -1
    tolerance = to_fraction(cond.tolerance or 0)
    best = to_fraction(cond.best) if cond.best is not None else None
    wanted = {
        "improve": T("持续改善", "improving"),
        "stable_or_improve": T("保持稳定或改善", "stable or improving"),
        "each_year_improve": T("逐年改善", "improving every year"),
    }[cond.require]

    def judge(delta: Fraction) -> bool:
        return delta >= -tolerance if cond.require == "stable_or_improve" else delta > 0

    def from_claim(d: Datum, why: Text | None) -> Outcome:
        movement = trend_claim(d.value.word)
        reasons = [why] if why else []
        if movement is None:
            reasons.append(
                T(f"无法判断趋势（要求{wanted.zh}）", f"trend cannot be established (required: {wanted.en})")
            )
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

    def evaluate(ctx: Context) -> Outcome:
        d = ctx.datum(key, ctx.year)
        bad = _unusable(d, key, ctx.year, rs)
        if bad:
            return bad
        assert d is not None
        current = d.exact
        if current is None:
            return from_claim(d, None)
        if best is not None and current * sign >= best * sign:
            return Outcome(
                State.MET,
                [
                    T(
                        f"{d.display} 已处于最优水平（{fmt(best)}），视为{wanted.zh}",
                        f"{d.display} is already at the best level ({fmt(best)}), counted as {wanted.en}",
                    )
                ],
            )
        ref_year = ctx.year - 1 if cond.against == "previous_year" else ctx.baseline_year
        if ref_year is None:
            why = T(
                "趋势按基准年判断，但提交数据未声明基准年（submission.baseline_year）",
                "the trend is judged against the baseline year, which the submission does not declare (submission.baseline_year)",
            )
            return from_claim(d, why)
        if ref_year >= ctx.year:
            why = T(
                f"基准年 {ref_year} 不早于填报年份 {ctx.year}",
                f"baseline year {ref_year} is not before the reporting year {ctx.year}",
            )
            return Outcome(State.UNDECIDED, [why])
        years = range(ref_year, ctx.year + 1) if cond.require == "each_year_improve" else (ref_year, ctx.year)
        series: list[tuple[int, Fraction, str]] = []
        for y in years:
            dy = ctx.datum(key, y)
            v = dy.exact if dy else None
            if v is None:
                why = T(
                    f"缺少{y}年「{item.name.zh}」的数值，无法计算趋势",
                    f"no number for '{item.name.en}' in {y}; the trend cannot be computed",
                )
                return from_claim(d, why)
            series.append((y, v, dy.display))
        steps = list(pairwise(series))
        ok = all(judge((b[1] - a[1]) * sign) for a, b in steps)
        chain = " → ".join(f"{disp}（{y}）" for y, _, disp in series)
        chain_en = " → ".join(f"{disp} ({y})" for y, _, disp in series)
        tol = f"，容差 {fmt(tolerance)}" if cond.require == "stable_or_improve" else ""
        tol_en = f", tolerance {fmt(tolerance)}" if cond.require == "stable_or_improve" else ""
        reasons = [d.derivation] if d.derivation else []
        reasons.append(
            T(
                f"趋势：{chain}（要求{wanted.zh}{tol}）：{'符合' if ok else '不符合'}",
                f"trend: {chain_en} (required: {wanted.en}{tol_en}): {'yes' if ok else 'no'}",
            )
        )
        return Outcome(State.MET if ok else State.NOT_MET, reasons)

    return evaluate


def _compile_manual(cond: Manual, rule: Rule, rs: Ruleset) -> Evaluator:
    def evaluate(ctx: Context) -> Outcome:
        return Outcome(State.NOT_ASSESSED, [cond.reason])

    return evaluate


def _compile_all(cond: AllOf, rule: Rule, rs: Ruleset) -> Evaluator:
    parts = [compile_condition(c, rule, rs) for c in cond.conditions]

    def evaluate(ctx: Context) -> Outcome:
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
        return Outcome(state, _unique(r for o in outcomes for r in o.reasons))

    return evaluate


def _compile_any(cond: AnyOf, rule: Rule, rs: Ruleset) -> Evaluator:
    parts = [compile_condition(c, rule, rs) for c in cond.conditions]

    def evaluate(ctx: Context) -> Outcome:
        outcomes = [p(ctx) for p in parts]
        for state in (State.MET, State.UNDECIDED, State.NOT_MET):
            if any(o.state is state for o in outcomes):
                break
        else:
            state = State.NOT_ASSESSED
        return Outcome(state, _unique(r for o in outcomes for r in o.reasons))

    return evaluate


def _compile_tiered(cond: Tiered, rule: Rule, rs: Ruleset) -> Evaluator:
    attribute = rs.attributes[cond.attribute]
    tiers = [(set(t.when), compile_condition(t.condition, rule, rs)) for t in cond.tiers]
    allowed = "、".join(f"{k}（{v.zh}）" for k, v in attribute.values.items())
    allowed_en = ", ".join(f"{k} ({v.en})" for k, v in attribute.values.items())

    def evaluate(ctx: Context) -> Outcome:
        value = ctx.attribute(cond.attribute)
        if value is None:
            return Outcome(
                State.UNDECIDED,
                [
                    T(
                        f"指标值按「{attribute.name.zh}」分档，但未填写 district.{cond.attribute}（可选：{allowed}）",
                        f"the threshold depends on '{attribute.name.en}', but district.{cond.attribute} is not given (one of: {allowed_en})",
                    )
                ],
            )
        for when, evaluator in tiers:
            if value in when:
                label = attribute.values[value]
                outcome = evaluator(ctx)
                reason = T(f"{attribute.name.zh}：{label.zh}", f"{attribute.name.en}: {label.en}")
                return Outcome(outcome.state, [reason, *outcome.reasons])
        return Outcome(
            State.UNDECIDED,
            [
                T(
                    f"district.{cond.attribute} 的值「{value}」不在可选范围内（{allowed}）",
                    f"district.{cond.attribute} = '{value}' is not one of: {allowed_en}",
                )
            ],
        )

    return evaluate


_COMPILERS: dict[type, Callable[..., Evaluator]] = {
    Compare: _compile_compare,
    Status: _compile_status,
    Target: _compile_target,
    Trend: _compile_trend,
    Manual: _compile_manual,
    AllOf: _compile_all,
    AnyOf: _compile_any,
    Tiered: _compile_tiered,
}

__all__ = ["Evaluator", "Outcome", "State", "compile_condition"]
