"""``ecorules explain RULE_ID``: what a rule asks, where it comes from, and a passing and a
failing example.

The examples are not written by hand: they are built from the rule's condition
(its thresholds, status words, targets and trends) and then *checked with the
engine*, so an example shown as passing is one the engine passes. When no
example can be built (a rule decided by hand, or a condition the builder does
not understand), the explanation says so instead of guessing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from ecorules.kinds.base import KindRegistry
from ecorules.model.condition import ConditionModel
from ecorules.model.findings import Finding, Status
from ecorules.model.ruleset import Rule, Ruleset, ShareOfYear
from ecorules.model.submission import District, Location, Observation, Submission
from ecorules.model.text import Lang, T, Text
from ecorules.model.values import parse_value, unit_label
from ecorules.registry import RegisteredRuleset

COUNTED_UNITS = {"天", "t", "亩", "个", "项", "人"}


@dataclass
class Scenario:
    """Values for one example: (item, year) -> cell text, and targets for the reporting year."""

    year: int
    values: dict[tuple[str, int], str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    baseline: bool = False


def _num(x: Decimal) -> str:
    """As a cell would hold it: 90, not 9E+1."""
    return format(x.normalize(), "f")


class _Builder:
    """Turns a rule's condition into the values that make it hold (or fail); each condition
    kind sets its own part through the :class:`~ecorules.kinds.base.ExampleBuilder` calls."""

    def __init__(self, ruleset: Ruleset, rule: Rule, year: int, kinds: KindRegistry):
        self.rs = ruleset
        self.rule = rule
        self.year = year
        self.kinds = kinds
        self.sc = Scenario(year)

    # --- the ExampleBuilder calls a kind makes ---
    def item_of(self, cond: ConditionModel) -> str:
        return self.kinds.of(cond).reads(cond) or self.rule.item

    def step(self, item: str) -> Decimal:
        return Decimal(1) if self.rs.items[item].unit in COUNTED_UNITS else Decimal("0.1")

    def current(self, item: str) -> Decimal:
        sc = self.sc
        derive = self.rs.items[item].derive
        if isinstance(derive, ShareOfYear) and (derive.item, self.year) in sc.values:
            days = Decimal(sc.values[(derive.item, self.year)])
            return (days * 100 / _days_in(self.year)).quantize(Decimal("0.1"))
        raw = sc.values.get((item, self.year))
        value = parse_value(raw).number if raw is not None else None
        if value is None:
            value = Decimal(60) if self.rs.items[item].unit in COUNTED_UNITS else Decimal(50)
            self.set_value(item, value)
        return value

    def set_value(self, item: str, value: Decimal, year: int | None = None) -> None:
        self.sc.values[(item, year or self.year)] = _num(value)

    def set_text(self, item: str, text: str) -> None:
        self.sc.values[(item, self.year)] = text

    def set_target(self, item: str, value: Decimal) -> None:
        self.sc.targets[item] = _num(value)

    def set_attribute(self, name: str, value: str) -> None:
        self.sc.attributes[name] = value

    def use_baseline_year(self) -> int:
        self.sc.baseline = True
        return self.year - 2

    # --- building ---
    def plan(self, cond: ConditionModel, want: bool, out: list[tuple[ConditionModel, bool]]) -> bool:
        """Flatten into leaf intents; False when no example can be built."""
        return self.kinds.of(cond).plan_example(cond, want, out, self.plan)

    def scenario(self, want: bool) -> Scenario | None:
        intents: list[tuple[ConditionModel, bool]] = []
        if not self.plan(self.rule.condition, want, intents):
            return None
        self.sc = sc = Scenario(self.year)
        # Values first, then what is judged relative to them (targets, trends); ratios
        # become the days they are computed from before a target on the days is set.
        relative = [ci for ci in intents if self.kinds.of(ci[0]).relative]
        for cond, w in [ci for ci in intents if ci not in relative]:
            self.kinds.of(cond).apply_example(cond, w, self)
        _days_for_ratios(self.rs, sc)
        for cond, w in relative:
            self.kinds.of(cond).apply_example(cond, w, self)
        _days_for_ratios(self.rs, sc)
        return sc


def _days_in(year: int) -> int:
    return 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365


def _days_for_ratios(rs: Ruleset, sc: Scenario) -> None:
    """A share-of-year value (good-air ratio) is computed from its days when both are
    given; give the days that produce the wanted ratio, rounding towards it."""
    for (key, year), raw in list(sc.values.items()):
        derive = rs.items[key].derive
        if isinstance(derive, ShareOfYear):
            ratio = Decimal(raw)
            sc.values[(derive.item, year)] = str(math.ceil(ratio * _days_in(year) / 100))
            del sc.values[(key, year)]
            if key in sc.targets:
                sc.targets[derive.item] = sc.targets.pop(key)


def _submission(sc: Scenario) -> Submission:
    observations = [
        Observation(
            key=key,
            year=year,
            value=parse_value(raw),
            target=parse_value(sc.targets[key]) if year == sc.year and key in sc.targets else None,
            location=Location(file="example", row=i + 1),
        )
        for i, ((key, year), raw) in enumerate(sorted(sc.values.items()))
    ]
    # Every target belongs to a value set before it (see _Builder.current), so none is left out.
    return Submission(
        source="example",
        district=District(name="example", attributes=sc.attributes),
        year=sc.year,
        baseline_year=sc.year - 2 if sc.baseline else None,
        observations=observations,
    )


@dataclass
class Example:
    scenario: Scenario
    finding: Finding


def examples(
    ruleset: Ruleset, rule: Rule, kinds: KindRegistry | None = None, engine: Any = None
) -> tuple[Example | None, Example | None]:
    """A passing and a failing example for the rule, each confirmed by the engine (the one
    selected with ``--engine``; the built-in one by default)."""
    if kinds is None:
        from ecorules.kinds import builtin_registry

        kinds = builtin_registry()
    if engine is None:
        from ecorules.engine.python import PythonEngine

        engine = PythonEngine()
    meta = ruleset.ruleset.years
    year = meta.to or max(meta.from_, 2023)
    builder = _Builder(ruleset, rule, year, kinds)
    plan = engine.compile(ruleset, kinds)
    found: list[Example | None] = []
    for want, status in ((True, Status.met), (False, Status.not_met)):
        sc = builder.scenario(want)
        example = None
        if sc is not None:
            finding = next(f for f in engine.evaluate(plan, _submission(sc)) if f.rule_id == rule.id)
            if finding.status is status:
                example = Example(sc, finding)
        found.append(example)
    return found[0], found[1]


# --- rendering ----------------------------------------------------------------------------------


def _describe_example(rs: Ruleset, ex: Example, lang: Lang) -> list[str]:
    sc = ex.scenario
    parts = []
    for (key, year), raw in sorted(sc.values.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        item = rs.items[key]
        unit = unit_label(item.unit, lang)
        text = f"{item.name.get(lang)} {year} = {raw}{(' ' + unit) if unit and lang == 'en' else unit}"
        if year == sc.year and key in sc.targets:
            text += T(f"（考核任务 {sc.targets[key]}）", f" (target {sc.targets[key]})").get(lang)
        parts.append(text)
    for name, value in sc.attributes.items():
        label = rs.attributes[name].values.get(value) if name in rs.attributes else None
        parts.append(f"{name} = {label.get(lang) if label else value}")
    if sc.baseline:
        parts.append(T(f"基准年 {sc.year - 2}", f"baseline year {sc.year - 2}").get(lang))
    lines = ["    " + ("；" if lang == "zh" else "; ").join(parts)]
    lines += [f"      - {d.get(lang)}" for d in ex.finding.details]
    return lines


def _both(text: Text) -> str:
    """Names are shown in both languages whatever --lang is: the Chinese is what the regulation says."""
    return f"{text.zh} / {text.en}"


def category_line(category: Text, severity: str, lang: Lang) -> str:
    """'Category: 约束性 / binding (severity error: a miss exits 1)'."""
    exits = (
        T("未达标时退出码为 1", "a miss exits 1")
        if severity == "error"
        else T("仅 --fail-on warning 时退出码为 1", "exits 1 only with --fail-on warning")
    )
    return f"{T('属性', 'Category').get(lang)}: {_both(category)} ({T('严重级别', 'severity').get(lang)} {severity}: {exits.get(lang)})"


def explain(
    registered: RegisteredRuleset, rule: Rule, lang: Lang, kinds: KindRegistry | None = None, engine: Any = None
) -> str:
    if kinds is None:
        from ecorules.kinds import builtin_registry

        kinds = builtin_registry()
    rs = cast(Ruleset, registered.ruleset)  # explain is for indicator rules
    meta = rs.ruleset
    indicator = rs.indicators[rule.indicator]
    item = rs.items[rule.item]
    name = rs.rule_name(rule)
    category = T("约束性", "binding") if indicator.category == "binding" else T("参考性", "reference")
    severity = rs.severity(rule)
    label = indicator.label or T(f"指标 {rule.indicator}", f"indicator {rule.indicator}")
    lines = [
        f"{rule.id}  {name.get(lang)}",
        "",
        f"{T('规则集', 'Rule set').get(lang)}: {meta.id} {meta.version} ({meta.years.describe()})",
        f"{T('指标', 'Indicator').get(lang)}: {label.get(lang)} {_both(indicator.name)}",
        f"{T('子项', 'Sub-item').get(lang)}: {_both(name)}",
        f"{T('要求（原文）', 'Threshold (original wording)').get(lang)}: {rule.threshold.zh}",
        f"{T('要求（译文）', 'Threshold (translation)').get(lang)}: {rule.threshold.en}",
        f"{T('单位', 'Unit').get(lang)}: {item.unit}",
        category_line(category, severity, lang),
        f"{T('出处', 'Citation').get(lang)}: {meta.document.number}《{meta.document.title.zh}》"
        + (f" {meta.document.table.zh}" if meta.document.table else "")
        + f" {label.zh}",
    ]
    if rule.applicability == "where_relevant":
        lines.append(
            T("适用范围：仅适用于相关地区（可填“不涉及”）", "Applies: only where relevant (不涉及 is accepted)").get(
                lang
            )
        )
    if rule.aliases:
        lines.append(f"{T('曾用编号', 'Former IDs').get(lang)}: {', '.join(rule.aliases)}")
    if rule.note:
        lines.append(f"{T('说明', 'Note').get(lang)}: {rule.note.get(lang)}")
    passing, failing = examples(rs, rule, kinds, engine)
    for title, ex in ((T("达标示例", "Passing example"), passing), (T("未达标示例", "Failing example"), failing)):
        lines.append("")
        lines.append(f"{title.get(lang)}:")
        if ex is None:
            lines.append(_no_example(rule, kinds).get(lang))
        else:
            lines += _describe_example(rs, ex, lang)
    return "\n".join(lines) + "\n"


def _no_example(rule: Rule, kinds: KindRegistry) -> Text:
    """Why there is no example: the kind may say (a rule decided by hand), else it could not be built."""
    said = kinds.of(rule.condition).no_example(rule.condition)
    return said or T("    无法自动构造示例", "    no example could be built automatically")
