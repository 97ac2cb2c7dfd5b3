"""A submission bound to a rule set: keys resolved, values looked up by (item, year),
derived values computed on demand for any year a trend needs.

Binding is where submission problems that depend on the rule set surface:
an unknown key or a duplicated (key, year) is an input error (exit 2) naming
every offending row; a unit that disagrees with the rule set makes that value
unusable and says so in the finding, because one wrong cell should not hide
the verdicts on all the others.
"""

from __future__ import annotations

import calendar
import dataclasses
import difflib
from dataclasses import dataclass, field
from fractions import Fraction

from ecorules.kinds.base import Datum, KindRegistry
from ecorules.model.errors import InputError
from ecorules.model.numbers import Interval, fmt, from_lowest_terms
from ecorules.model.problems import Problem
from ecorules.model.ruleset import Change, Item, Ratio, Ruleset, ShareOfYear, name_key
from ecorules.model.submission import Observation, Submission
from ecorules.model.text import T
from ecorules.model.values import ValueKind, fold, same_unit, unit_label

_NOT_YET = object()  # a datum not yet computed (None is a datum the submission does not have)


@dataclass
class Context:
    ruleset: Ruleset
    submission: Submission
    _observed: dict[tuple[str, int], Observation] = field(default_factory=dict)
    _scale: dict[str, float] = field(default_factory=dict)  # item -> largest threshold compared with
    _cache: dict[tuple[str, int], Datum | None] = field(default_factory=dict)
    # Read by every rule: plain attributes, not properties over the submission.
    year: int = field(init=False)
    baseline_year: int | None = field(init=False)
    _years: tuple[int, ...] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.year = self.submission.year
        self.baseline_year = self.submission.baseline_year

    def years(self) -> tuple[int, ...]:
        if self._years is None:  # asked once binding is done: the observations no longer change
            self._years = tuple(sorted({year for _, year in self._observed}))
        return self._years

    def attribute(self, name: str) -> str | None:
        raw = self.submission.district.attributes.get(name)
        attribute = self.ruleset.attributes.get(name)
        if raw is None or attribute is None:
            return raw
        wanted = fold(raw).lower()
        for key, label in attribute.values.items():
            if wanted in (key, fold(label.zh).lower(), fold(label.en).lower()):
                return key
        return raw  # not one of the declared values; the condition reports it

    def datum(self, key: str, year: int) -> Datum | None:
        slot = (key, year)
        cache = self._cache
        found = cache.get(slot, _NOT_YET)
        if found is not _NOT_YET:
            return found  # type: ignore[return-value]
        cache[slot] = None  # guards against cycles while computing
        found = cache[slot] = self._compute(key, year)
        return found

    def _compute(self, key: str, year: int) -> Datum | None:
        item = self.ruleset.items[key]
        if item.derive is not None:
            derived = self._derive(key, item, year)
            if derived is not None:
                return self._note_submitted(derived, self._observed.get((key, year)))
        obs = self._observed.get((key, year))
        return None if obs is None else self._from_observation(key, item, obs)

    @staticmethod
    def _note_submitted(derived: Datum, obs: Observation | None) -> Datum:
        """A value computed from its inputs wins over one submitted directly; say so when they differ."""
        if obs is None or derived.interval is None or obs.value.kind is ValueKind.missing:
            return derived  # nothing else was said (an empty template row)
        given = Interval.from_value(obs.value)
        computed = derived.interval.exact_value
        if (
            given is not None
            and given.exact_value is not None
            and computed is not None
            and abs(given.exact_value - computed) < Fraction(5, 100)
        ):
            return derived  # the same figure, rounded
        note = T(
            f"另填报了「{obs.value.display()}」（{obs.location.describe()}），与计算值不符，采用计算值",
            f"the value also submitted, '{obs.value.display()}' ({obs.location.describe()}), differs from the computed one, which is used",
        )
        base = derived.derivation
        combined = note if base is None else T(f"{base.zh}；{note.zh}", f"{base.en}; {note.en}")
        return dataclasses.replace(derived, derivation=combined)

    def _from_observation(self, key: str, item: Item, obs: Observation) -> Datum:
        value = obs.value
        x = value.number
        if (
            x is not None
            and value.kind is ValueKind.number
            and value.bound is None
            and (not obs.unit or obs.unit == item.unit)
            and (item.unit != "%" or not 0 < x < 1)
        ):
            # A plain number in the rule set's unit, not a share that may be typed as a
            # fraction (most values): nothing to look into.
            exact = from_lowest_terms(*x.as_integer_ratio())
            return Datum(key, obs.year, value, Interval(exact, exact), value.display(), obs.location, obs)
        problem = None
        if obs.unit and not same_unit(obs.unit, item.unit):
            problem = T(
                f"单位填为「{obs.unit}」，本规则集要求「{item.unit}」，该值未采用",
                f"unit given as '{obs.unit}' where the rule set expects '{item.unit}'; value not used",
            )
        fraction = self._fraction_evidence(key, item, obs) if problem is None else None
        note = None
        if fraction is not None:
            shown = fmt(Fraction(str(obs.value.number)) * 100)
            if fraction == "refuse":
                problem = T(
                    f"「{obs.value.display()}」看起来是小数形式的比例：本项单位为 %，应填 {shown}；请核对该单元格，该值未采用",
                    f"'{obs.value.display()}' looks like a ratio written as a fraction: this sub-item is in %, "
                    f"so write {shown}; check the cell (the value was not used)",
                )
            else:
                note = T(
                    f"提示：「{obs.value.display()}」小于 1，本项单位为 %：若指 {shown}%，请填 {shown}；"
                    f"请核对 {obs.location.describe()}，本次按所填数值判断",
                    f"note: '{obs.value.display()}' is below 1 and this sub-item is in %: if {shown} % is meant, "
                    f"write {shown}; check {obs.location.describe()} (judged as written)",
                )
        interval = Interval.from_value(obs.value)
        return Datum(
            key=key,
            year=obs.year,
            value=obs.value,
            interval=interval,
            display=obs.value.display(),
            location=obs.location,
            observation=obs,
            problem=problem,
            derivation=note,
        )

    def _fraction_evidence(self, key: str, item: Item, obs: Observation) -> str | None:
        """Whether a share given as a number between 0 and 1 (Excel's 87.9 % typed or pasted
        as 0.879) was typed as a fraction: "refuse" when that is all but certain, because
        judging it would give a confident wrong verdict: the thresholds compared with are 50 %
        or more (collection rates, coverage), or another year of the same sub-item is that
        value times a hundred, give or take a factor of three; "note" otherwise (the value is
        judged as written, with the hint and the cell); None when it is no such value."""
        v = obs.value
        if v.number is None or v.percent or v.bound is not None or item.unit != "%" or not 0 < v.number < 1:
            return None
        if self._scale.get(key, 0) >= 50:
            return "refuse"
        hundredfold = v.number * 100
        for (other_key, other_year), other in self._observed.items():
            number = other.value.number
            same_item = other_key == key and other_year != obs.year
            if same_item and number is not None and number >= 1 and number / 3 <= hundredfold <= number * 3:
                return "refuse"
        return "note"

    def _derive(self, key: str, item: Item, year: int) -> Datum | None:
        d = item.derive
        if isinstance(d, ShareOfYear):
            src = self.datum(d.item, year)
            if src is None:
                return None
            if src.interval is None or src.problem is not None:
                return _passthrough(key, src)
            days = 366 if calendar.isleap(year) else 365
            interval = src.interval.scale(Fraction(100, days))
            shown = interval.display(item.decimals)
            src_unit = self.ruleset.items[d.item].unit
            return Datum(
                key=key,
                year=year,
                value=src.value,
                interval=interval,
                display=shown,
                location=src.location,
                observation=src.observation,
                derivation=T(
                    f"{item.name.zh} = {src.display} {unit_label(src_unit, 'zh')} ÷ {days} 天（{year} 年）× 100 = {shown}{unit_label(item.unit, 'zh')}",
                    f"{item.name.en} = {src.display} {unit_label(src_unit, 'en')} ÷ {days} days ({year}) × 100 = {shown}{unit_label(item.unit, 'en')}",
                ),
            )
        if isinstance(d, Change):
            ref_year = year - 1 if d.against == "previous_year" else self.baseline_year
            cur = self.datum(d.item, year)
            ref = self.datum(d.item, ref_year) if ref_year is not None else None
            a = cur.exact if cur else None
            b = ref.exact if ref else None
            if cur is None or ref is None or a is None or b is None:
                return None  # fall back to a directly submitted value, if any
            diff = a - b
            return Datum(
                key=key,
                year=year,
                value=cur.value,
                interval=Interval.exact(diff),
                display=fmt(diff, item.decimals),
                location=cur.location,
                derivation=T(
                    f"{item.name.zh} = {cur.display}（{year}）− {ref.display}（{ref_year}）= {fmt(diff, item.decimals)}",
                    f"{item.name.en} = {cur.display} ({year}) − {ref.display} ({ref_year}) = {fmt(diff, item.decimals)}",
                ),
            )
        if isinstance(d, Ratio):
            num, den = self.datum(d.numerator, year), self.datum(d.denominator, year)
            a = num.exact if num else None
            b = den.exact if den else None
            if num is None or den is None or a is None or b is None or b == 0:
                return None
            ratio = a / b * (100 if d.percent else 1)
            return Datum(
                key=key,
                year=year,
                value=num.value,
                interval=Interval.exact(ratio),
                display=fmt(ratio, item.decimals),
                location=num.location,
                derivation=T(
                    f"{item.name.zh} = {num.display} ÷ {den.display}{' × 100' if d.percent else ''} = {fmt(ratio, item.decimals)}",
                    f"{item.name.en} = {num.display} ÷ {den.display}{' × 100' if d.percent else ''} = {fmt(ratio, item.decimals)}",
                ),
            )
        raise AssertionError(f"unhandled derivation {d!r}")  # pragma: no cover


def _passthrough(key: str, src: Datum) -> Datum:
    """A derived value whose input is 不涉及, missing or a word is that, too."""
    return Datum(key, src.year, src.value, None, src.display, src.location, src.observation, None, src.problem)


def threshold_scale(ruleset: Ruleset, kinds: KindRegistry) -> dict[str, float]:
    """The largest number each item is compared with, to tell 0.879 (a ratio) from 0.879 %."""
    scale: dict[str, float] = {}
    for rule in ruleset.rules:
        for _, cond in kinds.walk(rule.condition):
            kind = kinds.of(cond)
            size = kind.scale(cond)
            if size is not None:
                item = kind.reads(cond) or rule.item
                scale[item] = max(scale.get(item, 0), size)
    return scale


def bind(ruleset: Ruleset, submission: Submission, scale: dict[str, float] | None = None) -> Context:
    """Resolve the submission's keys against the rule set. Raises InputError with a problem
    for every unknown key and duplicated (key, year), each at its cell. ``scale``:
    see :func:`threshold_scale` (computed once per rule set by the plan)."""
    names = ruleset.item_names
    if scale is None:
        from ecorules.kinds import builtin_registry

        scale = threshold_scale(ruleset, builtin_registry())
    ctx = Context(ruleset, submission, _scale=scale)
    problems: list[Problem] = []
    observed = ctx._observed
    for obs in submission.observations:
        key = names.get(name_key(obs.key))
        if key is not None and (key, obs.year) not in observed:
            observed[(key, obs.year)] = obs  # the common case: a known key, given once
            continue
        where = obs.key_location or obs.location
        if key is None:
            hint = difflib.get_close_matches(obs.key, list(ruleset.items), n=1)
            why = T(
                f"未知的键 {obs.key!r}" + (f"（是否应为 {hint[0]!r}？）" if hint else ""),
                f"unknown key {obs.key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""),
            )
            problem = Problem.at(where, code="input.unknown-key", message=why)
            if problem not in problems:  # a wide row repeats its key once per year column
                problems.append(problem)
            continue
        first = observed[(key, obs.year)]
        first_at = first.key_location or first.location
        why = T(
            f"{key} 的 {obs.year} 年数值填报了两次（首次在 {first_at.position('zh')}）",
            f"{key} for {obs.year} is given twice (first at {first_at.position('en')})",
        )
        problems.append(Problem.at(where, code="input.duplicate-value", message=why))
    if problems:
        raise InputError(
            problems=problems,
            heading=T(
                f"提交的数据无法与规则集 {ruleset.ruleset.id} 对应：",
                f"the submission does not match rule set {ruleset.ruleset.id}:",
            ),
            file=submission.source,
        )
    return ctx


__all__ = ["Context", "Datum", "bind", "threshold_scale"]
