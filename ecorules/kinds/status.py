"""``status``: a status word the data must state.

建立 (established), 开展 (carried out), 有效开展, 有效保障, 实施 … Words are compared
after folding width, case and spacing. On a project record ``of`` names the field
(项目来源 = 新增).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field

from ecorules.kinds.base import (
    CompileChild,
    ConditionKind,
    EvaluateChild,
    Evaluator,
    ExampleBuilder,
    IndicatorFacts,
    Names,
    Outcome,
    RecordFacts,
    State,
    TemplateNeeds,
    Verdict,
)
from ecorules.kinds.helpers import item_of, read_field, shown_en, shown_zh, unusable
from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text
from ecorules.model.values import ValueKind, normalize_word
from ecorules.model.worded import Wording

# Reasons worded when a report reads them (a large table has one per row; see
# ecorules.model.worded). Their parts: the field's name, the cell's text, then what it is held to.
_IS = Wording(
    lambda name, text, *_: f"{name.zh}为「{shown_zh(text)}」", lambda name, text, *_: f"{name.en} is '{shown_en(text)}'"
)
_IS_NOT = Wording(
    lambda name, text, accept: f"{name.zh}为「{shown_zh(text)}」，不是「{'、'.join(accept)}」",
    lambda name, text, accept: f"{name.en} is '{shown_en(text)}', not '{' / '.join(accept)}'",
)


class Status(ConditionModel):
    """A status word the submission must state: 建立, 开展, 有效开展, 有效保障, 实施 ..."""

    kind: Literal["status"]
    accept: list[str] = Field(min_length=1)
    of: str | None = None


# Words that deny what follows: 未建立 / 尚未开展 / 没有实施 say "no", not "almost".
_NEGATIONS = ("未", "不", "没有", "没", "无", "尚未", "暂未", "非")
# What people write around a status word without changing it: 已经建立, 均已开展, 建立了.
_FILLER_BEFORE = ("已经", "经", "均已", "均", "全面", "正在", "已")  # ("已" is already dropped: 已经 -> 经)
_FILLER_AFTER = ("了", "完成", "中")


def near_miss(word: str, accepted: Iterable[str]) -> str | None:
    """The accepted word a status was meant to be when only filler surrounds it (``建立了``,
    ``已经建立``, ``正在开展``), or None. Nothing else is guessed: ``III类`` holds ``II类`` but
    is another class, and a word with a negation in it (``未建立``) is a "no"."""
    folded = normalize_word(word)
    if any(n in folded for n in _NEGATIONS):
        return None
    core = folded
    for filler in _FILLER_BEFORE:
        if core.startswith(filler) and len(core) > len(filler):
            core = core[len(filler) :]
            break
    for filler in _FILLER_AFTER:
        if core.endswith(filler) and len(core) > len(filler):
            core = core[: -len(filler)]
            break
    return core if core != folded and core in set(accepted) else None


def near_miss_outcome(display: str, meant: str, wording: str) -> Outcome:
    """Missing data, not a verdict: 'not met' on a typo would be a confident wrong answer."""
    return Outcome(
        State.UNDECIDED,
        [
            T(
                f"「{display}」不是规定的表述（{wording}），是否应为「{meant}」？请按规定表述填写",
                f"'{display}' is not one of the required words ({wording}): did you mean '{meant}'? "
                "Write it as required",
            )
        ],
    )


class StatusKind(ConditionKind):
    name = "status"
    example = '{kind = "status", accept = ["建立"]}'
    model = Status
    record_kinds = frozenset({"indicators", "projects"})
    description = T("状态词（建立、开展、有效开展……）", "a status word (建立 established, 开展 carried out …)")

    def compile(self, cond: Status, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        key = item_of(cond, rule)
        name = ruleset.items[key].name
        accepted = {normalize_word(w) for w in cond.accept}
        wording = "、".join(cond.accept)

        def evaluate(ctx: IndicatorFacts) -> Outcome:
            d = ctx.datum(key, ctx.year)
            bad = unusable(d, name, ctx.year)
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
                shown = d.display
                return Outcome(State.MET, lambda: [T(f"「{shown}」符合要求", f"'{shown}' is as required")])
            meant = near_miss(d.value.word or "", accepted)
            if meant is not None:
                return near_miss_outcome(d.display, meant, wording)
            return Outcome(
                State.NOT_MET,
                [T(f"「{d.display}」不符合要求（{wording}）", f"'{d.display}' is not what is required ({wording})")],
            )

        return evaluate

    def evaluate_record(self, cond: Status, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        assert cond.of is not None
        got = read_field(record, cond.of)
        if isinstance(got, Verdict):
            return got
        fv, name = got
        if normalize_word(fv.text) in {normalize_word(a) for a in cond.accept}:
            return Verdict("met", [_IS(name, fv.text)])
        return Verdict("not_met", [_IS_NOT(name, fv.text, cond.accept)])

    def describe(self, cond: Status, names: Names, describe_child: Any) -> Text:
        name, _ = names(cond.of)
        return T(f"{name.zh}为「{'、'.join(cond.accept)}」", f"{name.en} is '{' / '.join(cond.accept)}'")

    def apply_example(self, cond: Status, want: bool, builder: ExampleBuilder) -> None:
        builder.set_text(builder.item_of(cond), cond.accept[0] if want else f"未{cond.accept[0]}")

    def template_needs(self, cond: Status) -> TemplateNeeds:
        return TemplateNeeds(words=list(cond.accept))


KIND = StatusKind()
