"""A rule set compiled once into an evaluation plan: one compiled rule per sub-item.

The plan decides the statuses every backend must agree on: before a rule's
condition runs, its item's value is checked for 不涉及 (not applicable, where
the rule allows it), missing data and 未考核; only a usable value reaches the
condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecorules.engine.context import Context, threshold_scale
from ecorules.kinds.base import Datum, Evaluator, KindRegistry, Outcome, State
from ecorules.model.condition import ConditionModel
from ecorules.model.findings import Citation, Finding, IndicatorRef, Status, worded_later
from ecorules.model.ruleset import Rule, Ruleset
from ecorules.model.text import T, Text
from ecorules.model.values import ValueKind, normalize_word, problem_zh

_STATE_STATUS = {
    State.MET: Status.met,
    State.NOT_MET: Status.not_met,
    State.UNDECIDED: Status.missing,
    State.NOT_ASSESSED: Status.not_assessed,
    State.PROGRESS: Status.progress,
}


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    indicator: IndicatorRef
    name: Text
    unit: str
    severity: str
    citation: Citation
    evaluate_condition: Evaluator
    not_applicable_words: frozenset[str]
    checks_target: bool  # 未考核 in the value cell only means something for target conditions
    unit_suffix: str  # after a number shown as submitted: "", "%" or " 天"

    def evaluate(self, ctx: Context) -> Finding:
        d = ctx.datum(self.rule.item, ctx.year)
        decided = None if _usable_number(d) else self.precheck(d, ctx)
        if decided is None:
            outcome = self.evaluate_condition(ctx)
            state = outcome.state  # compared by identity first: an Enum's hash is Python code
            status = Status.met if state is State.MET else _STATE_STATUS[state]
            return self._finding(status, outcome, d)
        return self._finding(*decided, d)

    def precheck(self, d: Datum | None, ctx: Context) -> tuple[Status, Outcome] | None:
        """The status decided by the value alone, before any threshold is looked at (None: the
        condition decides)."""
        if _usable_number(d):
            return None
        if d is None:
            return Status.missing, Outcome(
                State.UNDECIDED, [T(f"未填报{ctx.year}年数据", f"no value submitted for {ctx.year}")]
            )
        if d.problem is not None:
            return Status.missing, Outcome(State.UNDECIDED, [d.problem])
        v = d.value
        if v.kind is ValueKind.word and normalize_word(v.word or "") in self.not_applicable_words:
            return Status.not_applicable, Outcome(
                State.NOT_ASSESSED, [T(f"填报为「{d.display}」，不涉及", f"reported as '{d.display}': not applicable")]
            )
        if v.kind is ValueKind.not_applicable:
            if self.rule.applicability == "where_relevant":
                return Status.not_applicable, Outcome(
                    State.NOT_ASSESSED,
                    [
                        T(
                            "填报为不涉及（该指标仅适用于相关地区）",
                            "reported as not applicable (the indicator applies only where relevant)",
                        )
                    ],
                )
            return Status.missing, Outcome(
                State.UNDECIDED,
                [
                    T(
                        "填报为不涉及，但该指标适用于所有地区；请填报数值",
                        "reported as not applicable, but this sub-item applies to every district; give its value",
                    )
                ],
            )
        if v.kind is ValueKind.missing:
            why = v.problem or "empty"
            if why == "empty":
                return Status.missing, Outcome(State.UNDECIDED, [T("数值为空", "the value is empty")])
            return Status.missing, Outcome(
                State.UNDECIDED, [T(f"数值不可用：{problem_zh(why)}", f"value not usable: {why}")]
            )
        if v.kind is ValueKind.not_assessed and not self.checks_target:
            return Status.missing, Outcome(
                State.UNDECIDED,
                [
                    T(
                        f"填报为「{d.display}」，但该指标不按上级考核任务考核；请填报数值",
                        f"reported as '{d.display}', but this sub-item is not judged against an assigned target; give its value",
                    )
                ],
            )
        if v.kind is ValueKind.not_assessed:
            return Status.not_assessed, Outcome(
                State.NOT_ASSESSED, [T(f"填报为「{d.display}」", f"reported as '{d.display}'")]
            )
        return None

    def _finding(self, status: Status, outcome: Outcome, d: Datum | None) -> Finding:
        actual = None
        if d is not None:
            actual = d.display if d.interval is None else d.display + self.unit_suffix
        return Finding(
            rule_id=self.rule.id,
            indicator=self.indicator,
            name=self.name,
            status=status,
            severity=self.severity,  # type: ignore[arg-type]
            actual=actual,
            expected=self.rule.threshold,
            unit=self.unit,
            citation=self.citation,
            location=d.location if d else None,
            details=worded_later(outcome.given),
        )


def _usable_number(d: Datum | None) -> bool:
    """A number the condition can use as it is (most values): nothing to pre-check."""
    return d is not None and d.problem is None and d.value.kind is ValueKind.number


def _unit_suffix(unit: str) -> str:
    if unit in ("-", ""):
        return ""
    return unit if unit == "%" else f" {unit}"


@dataclass(frozen=True, slots=True)
class Plan:
    ruleset: Ruleset
    rules: tuple[CompiledRule, ...]
    scale: dict[str, float]  # item -> largest threshold it is compared with (see Context)


def compile_condition(cond: ConditionModel, rule: Rule, rs: Ruleset, kinds: KindRegistry) -> Evaluator:
    """The evaluator of one condition, by its kind; compounds compile their parts the same way."""
    return kinds.of(cond).compile(cond, rule, rs, lambda child: compile_condition(child, rule, rs, kinds))


def compile_ruleset(rs: Ruleset, kinds: KindRegistry | None = None) -> Plan:
    if kinds is None:
        from ecorules.kinds import builtin_registry

        kinds = builtin_registry()
    meta = rs.ruleset
    compiled = []
    for rule in rs.rules:
        ind = rs.indicators[rule.indicator]
        label = ind.label or T(f"指标 {rule.indicator}", f"indicator {rule.indicator}")
        compiled.append(
            CompiledRule(
                rule=rule,
                indicator=IndicatorRef(number=rule.indicator, name=ind.name, category=ind.category),
                name=rs.rule_name(rule),
                unit=rs.items[rule.item].unit,
                severity=rs.severity(rule),
                citation=Citation(
                    document=meta.document.number,
                    document_aliases=meta.document.aliases,
                    title=meta.document.table or meta.document.title,
                    indicator=rule.indicator,
                    indicator_label=label,
                    threshold=rule.threshold,
                ),
                evaluate_condition=compile_condition(rule.condition, rule, rs, kinds),
                not_applicable_words=frozenset(normalize_word(w) for w in rule.not_applicable_words),
                checks_target=any(kinds.of(c).accepts_not_assessed for _, c in kinds.walk(rule.condition)),
                unit_suffix=_unit_suffix(rs.items[rule.item].unit),
            )
        )
    return Plan(ruleset=rs, rules=tuple(compiled), scale=threshold_scale(rs, kinds))
