"""Helpers several condition kinds share: how a value is shown next to a threshold,
and the common reasons a value cannot be judged at all."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any, Literal

from ecorules.kinds.base import Datum, FieldReading, Outcome, RecordFacts, State, Verdict
from ecorules.model.numbers import fmt, to_fraction
from ecorules.model.text import T, Text
from ecorules.model.values import ValueKind, completion_claim, unit_label
from ecorules.model.worded import Wording


def unique(reasons: Iterable[Text]) -> list[Text]:
    """A derivation shown by two parts of a compound is said once."""
    out: list[Text] = []
    for r in reasons:
        if r not in out:
            out.append(r)
    return out


def with_unit(text: str, unit: str, lang: str) -> str:
    suffix = _UNIT_SUFFIX.get((unit, lang))
    if suffix is None:
        label = unit_label(unit, lang)
        suffix = _UNIT_SUFFIX[(unit, lang)] = label if label in ("", "%") else f" {label}"
    return text + suffix


_UNIT_SUFFIX: dict[tuple[str, str], str] = {}


def precise(d: Datum, threshold: Fraction) -> str:
    """The value as shown next to a threshold: never rounded onto the threshold it misses
    (89.96 is shown as 89.96, not as the 90.0 a one-decimal display would give)."""
    if d.derivation is None and d.observation is not None:
        return d.display  # a value read from a cell is shown as written: exactly
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


def item_of(cond: Any, rule: Any) -> str:
    """What an indicator condition reads: its ``of``, else the rule's own item."""
    return getattr(cond, "of", None) or rule.item


def unusable(d: Datum | None, name: Text, year: int) -> Outcome | None:
    """The common reasons a value cannot be compared at all."""
    if d is None:
        return Outcome(State.UNDECIDED, [T(f"缺少{year}年「{name.zh}」的数据", f"no value of '{name.en}' for {year}")])
    if d.problem is not None:
        return Outcome(State.UNDECIDED, [d.problem])
    return None


def field_shown(text: str) -> tuple[str, str]:
    """A record field's text as findings quote it, in Chinese and English."""
    return shown_zh(text), shown_en(text)


def shown_zh(text: str) -> str:
    """A record field's text as a Chinese reason quotes it."""
    return text.strip() or "（空）"


def shown_en(text: str) -> str:
    """A record field's text as an English reason quotes it."""
    return text.strip() or "(empty)"


def field_is(zh: str, en: str) -> Wording:
    """A reason that quotes a record field and says what it is (not): called with the
    field's name and the cell's text, ``名称「文字」不是日期`` / ``name 'text' is not a date``."""
    return Wording(
        lambda name, text, *_: f"{name.zh}「{shown_zh(text)}」{zh}",
        lambda name, text, *_: f"{name.en} '{shown_en(text)}' {en}",
    )


# Reasons of record findings, worded when a report reads them (a large table has a hundred
# thousand; see ecorules.model.worded). Their parts: the field's name, then the cell's text.
_NO_COLUMN = Wording(lambda name, *_: f"表中没有「{name.zh}」列", lambda name, *_: f"the table has no {name.en} column")
_NOT_GIVEN = Wording(lambda name, *_: f"{name.zh}未填写", lambda name, *_: f"{name.en} is not given")


def no_column(name: Text) -> Verdict:
    """A record condition on a column the table does not have (an optional field)."""
    return Verdict("missing", [_NO_COLUMN(name)])


def not_given(name: Text, status: Literal["missing", "not_met"] = "missing") -> Verdict:
    """A record condition on an empty cell: missing data, or a failure when being given is the rule."""
    return Verdict(status, [_NOT_GIVEN(name)])


def read_field(
    record: RecordFacts, of: str, *, when_empty: Literal["missing", "not_met"] | None = "missing"
) -> tuple[FieldReading, Text] | Verdict:
    """A record field and its name, or the verdict when it cannot be judged: the table has no
    such column (missing data), or the cell is empty (``when_empty``; None: the kind judges
    an empty cell itself)."""
    fv = record.field(of)
    name = record.field_label(of)
    if fv is None:
        return no_column(name)
    if when_empty is not None and fv.empty:
        return not_given(name, when_empty)
    return fv, name


def stated_completion(d: Datum) -> Outcome | None:
    """Without figures, a cell that states the assigned target was completed (完成重庆市管控目标任务)
    or not (未完成上级考核任务) is taken at its word, and the finding says so."""
    claim = completion_claim(d.value.word) if d.value.kind is ValueKind.word else None
    if claim is None:
        return None
    return Outcome(
        State.MET if claim else State.NOT_MET,
        [
            T(
                f"按填报表述「{d.display}」认定考核任务{'已完成' if claim else '未完成'}（未给出数值）",
                f"target taken as stated in the submission, '{d.display}': {'met' if claim else 'not met'} (no figures given)",
            )
        ],
    )


def assigned_target(d: Datum) -> Fraction | Outcome:
    """The target the higher level assigned for a value (its ``target`` cell), or the outcome when
    the value cannot be judged against one: none assigned (未下达, 未考核 …: not assessed), none given
    or not a number (undecided), a value that is not a number (undecided, unless the cell states
    the target completed or not)."""
    obs = d.observation
    target = obs.target if obs else None
    if target is None or target.kind is ValueKind.missing:
        if d.value.says_not_assessed:
            return Outcome(
                State.NOT_ASSESSED,
                [T(f"上级未下达考核任务（{d.display}）", f"no target assigned by the higher level ({d.display})")],
            )
        return stated_completion(d) or Outcome(
            State.UNDECIDED,
            [T("未填写上级规定的考核任务（目标值）", "the target assigned by the higher level is not given")],
        )
    if target.says_not_assessed or target.kind is ValueKind.not_applicable:
        raw = target.raw.strip()
        return Outcome(
            State.NOT_ASSESSED, [T(f"上级未下达考核任务（{raw}）", f"no target assigned by the higher level ('{raw}')")]
        )
    if target.kind is not ValueKind.number or target.number is None:
        return Outcome(
            State.UNDECIDED, [T(f"考核任务「{target.raw}」不是数值", f"the target '{target.raw}' is not a number")]
        )
    if d.value.kind is ValueKind.not_assessed:
        return Outcome(State.NOT_ASSESSED, [T(f"填报为「{d.display}」", f"reported as '{d.display}'")])
    if d.interval is None:
        return stated_completion(d) or Outcome(
            State.UNDECIDED, [T(f"「{d.display}」不是数值", f"'{d.display}' is not a number")]
        )
    return to_fraction(target.number)
