"""``tiered``: a threshold chosen by a district attribute.

Rural sewage treatment ≥60 for central and western prefecture-level districts and
the east, ≥30 elsewhere; public-transport share ≥70 / ≥60 / ≥50 by city size. The
attribute and its values are declared under ``[attributes]``; the submission gives
the district's value (``district.region_class``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ecorules.kinds.base import (
    CheckContext,
    CompileChild,
    ConditionKind,
    Evaluator,
    ExampleBuilder,
    IndicatorFacts,
    Outcome,
    PlanChild,
    State,
)
from ecorules.model.condition import Condition, ConditionModel
from ecorules.model.text import T, Text


class Tier(BaseModel):
    """One branch of a tiered condition (not a condition of its own)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: list[str] = Field(min_length=1, description="attribute values this tier applies to")
    condition: Condition
    label: Text | None = None


class Tiered(ConditionModel):
    """A threshold chosen by a district attribute (region class, city size, ...)."""

    kind: Literal["tiered"]
    attribute: str
    tiers: list[Tier] = Field(min_length=1)


class TieredKind(ConditionKind):
    name = "tiered"
    example = '{kind = "tiered", attribute = "region_class", tiers = [{when = ["east"], condition = {kind = "compare", op = ">=", value = 60}}]}'
    model = Tiered
    record_kinds = frozenset({"indicators"})
    description = T("按地区属性分档的要求", "a threshold that depends on a district attribute")

    def children(self, cond: Tiered) -> list[tuple[str, ConditionModel]]:
        return [(f"tiers[{i}].condition", t.condition) for i, t in enumerate(cond.tiers)]

    def reads(self, cond: Tiered) -> str | None:
        return None

    def check(self, cond: Tiered, context: CheckContext) -> list[tuple[str, Text]]:
        rs = context.ruleset
        attribute = rs.attributes.get(cond.attribute)
        if attribute is None:
            why = T(
                f"未知的属性 {cond.attribute!r}（请在 [attributes] 中声明）",
                f"unknown attribute {cond.attribute!r} (declare it under [attributes])",
            )
            return [("attribute", why)]
        problems: list[tuple[str, Text]] = []
        claimed: dict[str, int] = {}
        for t, tier in enumerate(cond.tiers):
            for value in tier.when:
                if value not in attribute.values:
                    allowed = ", ".join(attribute.values)
                    why = T(
                        f"{value!r} 不是 {cond.attribute} 的取值（{allowed}）",
                        f"{value!r} is not a value of {cond.attribute} ({allowed})",
                    )
                    problems.append((f"tiers[{t}].when", why))
                elif value in claimed:
                    why = T(
                        f"{value!r} 已在 tiers[{claimed[value]}] 中", f"{value!r} is already in tiers[{claimed[value]}]"
                    )
                    problems.append((f"tiers[{t}].when", why))
                else:
                    claimed[value] = t
        return problems

    def compile(self, cond: Tiered, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        attribute = ruleset.attributes[cond.attribute]
        tiers = [(set(t.when), compile_child(t.condition)) for t in cond.tiers]
        allowed = "、".join(f"{k}（{v.zh}）" for k, v in attribute.values.items())
        allowed_en = ", ".join(f"{k} ({v.en})" for k, v in attribute.values.items())

        def evaluate(ctx: IndicatorFacts) -> Outcome:
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

    def describe(self, cond: Tiered, names: Any, describe_child: Any) -> Text:
        parts = []
        for tier in cond.tiers:
            text, _ = describe_child(tier.condition)
            when = "/".join(tier.when)
            parts.append(T(f"{when}：{text.zh}", f"{when}: {text.en}"))
        return T(
            f"按 {cond.attribute} 分档（" + "；".join(p.zh for p in parts) + "）",
            f"by {cond.attribute} (" + "; ".join(p.en for p in parts) + ")",
        )

    def plan_example(self, cond: Tiered, want: bool, out: list[tuple[Any, bool]], plan_child: PlanChild) -> bool:
        out.append((cond, want))
        return plan_child(cond.tiers[0].condition, want, out)

    def apply_example(self, cond: Tiered, want: bool, builder: ExampleBuilder) -> None:
        builder.set_attribute(cond.attribute, cond.tiers[0].when[0])


KIND = TieredKind()
