"""``clauses``: a statement made of required clauses, such as 面积不减少，性质不改变，功能不降低.

The submitted text must state every clause in force for the reporting year, in any
order and with any separators (``，`` ``、`` ``;``). A clause may be in force only for
some years (``from`` / ``until``): the 2019 county system's red line is required to keep
its area (面积不减少) until the 2022 re-delineation (三区三线), after which only 性质不改变
and 功能不降低 are stated. A clause the text contradicts (面积减少 for 面积不减少: the clause
without its 不) is *not met*; a clause it does not mention is *undecided*, since silence
does not show a failure.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
from ecorules.model.values import ValueKind, normalize_word


class Clause(BaseModel):
    """One clause of the statement, and the reporting years it is required for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    from_: int | None = Field(None, alias="from", ge=1990, le=2100, strict=True)
    until: int | None = Field(None, ge=1990, le=2100, strict=True)
    reason: Text | None = None  # why it is not required in the other years (cited in findings)

    @model_validator(mode="after")
    def _ordered(self) -> Clause:
        if self.from_ is not None and self.until is not None and self.from_ > self.until:
            raise ValueError(f"'from' ({self.from_}) is after 'until' ({self.until})")
        return self

    def required_in(self, year: int) -> bool:
        return (self.from_ is None or year >= self.from_) and (self.until is None or year <= self.until)

    def contrary(self) -> str | None:
        """What states the opposite: the clause without its negation (面积不减少 -> 面积减少)."""
        folded = normalize_word(self.text)
        return folded.replace("不", "", 1) if "不" in folded else None


class Clauses(ConditionModel):
    """A statement the submission must make, clause by clause: 面积不减少，性质不改变，功能不降低."""

    kind: Literal["clauses"]
    clauses: list[str | Clause] = Field(min_length=1)
    of: str | None = None

    def parts(self) -> list[Clause]:
        return [c if isinstance(c, Clause) else Clause.model_validate({"text": c}) for c in self.clauses]


def _said(text: Text, year: int) -> Text:
    return T(f"{year} 年应表述：{text.zh}", f"required in {year}: {text.en}")


class ClausesKind(ConditionKind):
    name = "clauses"
    example = '{kind = "clauses", clauses = ["性质不改变", "功能不降低"]}'
    model = Clauses
    record_kinds = frozenset({"indicators"})
    description = T(
        "由若干分句组成的表述（面积不减少，性质不改变，功能不降低）",
        "a statement of required clauses (area not reduced, nature unchanged, function not lowered)",
    )

    def compile(self, cond: Clauses, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        name = ruleset.items[key].name
        parts = [(c, normalize_word(c.text), c.contrary()) for c in cond.parts()]

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
            if bad:
                return bad
            assert d is not None
            if d.value.kind is not ValueKind.word or not d.value.word:
                return Outcome(
                    State.UNDECIDED,
                    [T(f"应填写表述，实际填写「{d.display}」", f"a statement is expected, got '{d.display}'")],
                )
            text = normalize_word(d.value.word)
            required = [(c, folded, contrary) for c, folded, contrary in parts if c.required_in(ctx.year)]
            reasons: list[Text] = []
            for c, _, _ in parts:
                if not c.required_in(ctx.year) and c.reason is not None:
                    reasons.append(
                        T(
                            f"{ctx.year} 年不再要求「{c.text}」：{c.reason.zh}",
                            f"'{c.text}' is not required in {ctx.year}: {c.reason.en}",
                        )
                    )
            wanted = "，".join(c.text for c, _, _ in required)
            contradicted = [
                c.text for c, folded, contrary in required if folded not in text and contrary and contrary in text
            ]
            unsaid = [c.text for c, folded, contrary in required if folded not in text and c.text not in contradicted]
            if contradicted:
                reasons.append(
                    T(
                        f"「{d.display}」与「{'、'.join(contradicted)}」相反（要求：{wanted}）",
                        f"'{d.display}' contradicts '{' / '.join(contradicted)}' (required: {wanted})",
                    )
                )
                return Outcome(State.NOT_MET, reasons)
            if unsaid:
                reasons.append(
                    T(
                        f"「{d.display}」未说明「{'、'.join(unsaid)}」（{ctx.year} 年要求：{wanted}），无法判断",
                        f"'{d.display}' does not say '{' / '.join(unsaid)}' (required in {ctx.year}: {wanted}); undecided",
                    )
                )
                return Outcome(State.UNDECIDED, reasons)
            reasons.append(
                T(
                    f"「{d.display}」包含要求的表述（{wanted}）",
                    f"'{d.display}' states every required clause ({wanted})",
                )
            )
            return Outcome(State.MET, reasons)

        return evaluate

    def describe(self, cond: Clauses, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        parts = []
        for c in cond.parts():
            years = ""
            if c.from_ is not None or c.until is not None:
                years = f"（{c.from_ or ''}—{c.until or ''}）"
            parts.append(c.text + years)
        listing = "，".join(parts)
        return T(f"{name.zh}表述为「{listing}」", f"{name.en} states '{listing}'")

    def apply_example(self, cond: Clauses, want: bool, builder: ExampleBuilder) -> None:
        required = [c for c in cond.parts() if c.required_in(builder.year)]
        if want or not required:
            builder.set_text(builder.item_of(cond), "，".join(c.text for c in required) or cond.parts()[0].text)
            return
        # a failing example contradicts the first required clause that can be contradicted
        said = [c.contrary() or c.text for c in required[:1]] + [c.text for c in required[1:]]
        builder.set_text(builder.item_of(cond), "，".join(said))

    def template_needs(self, cond: Clauses) -> TemplateNeeds:
        return TemplateNeeds(words=["，".join(c.text for c in cond.parts())])


KIND = ClausesKind()
