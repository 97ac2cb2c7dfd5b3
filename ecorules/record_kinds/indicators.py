"""Indicator submissions: one district's values for one reporting year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from ecorules.model.errors import InputError
from ecorules.model.findings import CheckResult, Finding, ResultWording, summarize
from ecorules.model.ruleset import Ruleset, name_key
from ecorules.model.text import T, Text
from ecorules.record_kinds.base import (
    expect_kind,
    given_ruleset,
    grouped,
    named_ruleset,
    newest_first,
    refuse_tie,
    ruleset_ref,
)

if TYPE_CHECKING:
    from ecorules.kinds.base import KindRegistry
    from ecorules.model.submission import Location, Submission
    from ecorules.model.text import Lang
    from ecorules.registry import Components, RegisteredRuleset


def knows_keys(ruleset: Ruleset, submission: Submission) -> bool:
    """Whether every key of the submission names an item of the rule set."""
    names = ruleset.item_names
    return all(name_key(obs.key) in names for obs in submission.observations)


class IndicatorRecords:
    name: ClassVar[str] = "indicators"
    group_word: ClassVar[Text] = T("指标", "indicators")
    has_template: ClassVar[bool] = True  # ecorules template writes fill-in workbooks for this kind

    def choose_ruleset(
        self, sub: Submission, components: Components, given: str | None
    ) -> tuple[RegisteredRuleset, Text]:
        """--ruleset, else the file's submission.ruleset (an ID or a family), else the one
        in force for the year that applies to the district and knows the file's keys."""
        if given:
            edition = self._edition(given, sub, components)
            if edition is not None:
                return edition, T(
                    f"命令行 --ruleset 指定系列 {given}，取其适用于 {sub.year} 年且认识文件各项的版本",
                    f"given with --ruleset as the family {given}: its edition in force for {sub.year} that knows the file's keys",
                )
            registered, why = given_ruleset(components, given, sub.year)
            expect_kind(registered, self, sub.source)
            return registered, _out_of_force(why, registered, sub.year)
        if sub.ruleset:
            edition = self._edition(sub.ruleset, sub, components)
            if edition is not None:
                return edition, T(
                    f"提交文件中 submission.ruleset 指定系列 {sub.ruleset}，取其适用于 {sub.year} 年且认识文件各项的版本",
                    f"named by the file (submission.ruleset) as the family {sub.ruleset}: its edition in force for "
                    f"{sub.year} that knows the file's keys",
                )
            registered = named_ruleset(components, sub.ruleset, sub.year, sub.source, _where(sub, "submission.ruleset"))
            expect_kind(registered, self, sub.source)
            why = T("提交文件中 submission.ruleset 指定", "named by the file (submission.ruleset)")
            return registered, _out_of_force(why, registered, sub.year)
        return self._auto(sub, components)

    def _edition(self, family: str, sub: Submission, components: Components) -> RegisteredRuleset | None:
        """When ``family`` names a family of which several editions are in force for the
        submission's year (2022: the 2019 and the 2024 county systems), the one the automatic
        choice would take: the newest that knows the file's keys. None otherwise (an ID, a
        file, or a single edition: looked up as usual)."""
        registry = components.rulesets
        if any(r.meta.id == family for r in registry.registered()):
            return None
        editions = [r for r in registry.in_force(sub.year) if r.record_kind == self.name and r.meta.family_id == family]
        editions = registry.valid(editions) if len(editions) >= 2 else editions
        if len(editions) < 2:
            return None
        knowing = [r for r in editions if knows_keys(cast(Ruleset, r.ruleset), sub)] or editions
        return newest_first(knowing)[0]

    def _auto(self, sub: Submission, components: Components) -> tuple[RegisteredRuleset, Text]:
        registry = components.rulesets
        in_force = [r for r in registry.in_force(sub.year) if r.record_kind == self.name]
        if not in_force:
            listing = "; ".join(f"{r.meta.id} ({r.meta.years.describe()})" for r in registry.registered())
            raise InputError(
                T(
                    f"没有适用于 {sub.year} 年的规则集（已安装：{listing or '无'}）；请用 --ruleset 指定",
                    f"no installed rule set applies to {sub.year} (installed: {listing or 'none'}); choose one with --ruleset",
                ),
                file=sub.source,
                code="ruleset.none-applies",
            )
        district = sub.district
        candidates = registry.valid(r for r in in_force if r.meta.applies_to(district.name, district.code))
        candidates = [r for r in candidates if knows_keys(cast(Ruleset, r.ruleset), sub)] or candidates
        ranked = newest_first(candidates)
        refuse_tie(ranked, sub.source, district.name, sub.year)
        if not ranked:  # in force, but none for this district
            listing = ", ".join(r.meta.id for r in in_force)
            raise InputError(
                T(
                    f"{sub.year} 年适用的规则集（{listing}）都不适用于{district.name}；请用 --ruleset 指定",
                    f"the rule sets in force for {sub.year} ({listing}) are all for other districts than "
                    f"{district.name}; choose one with --ruleset",
                ),
                file=sub.source,
                code="ruleset.none-applies",
            )
        return ranked[0], T(
            f"适用于{district.name} {sub.year} 年的规则集",
            f"the rule set in force for {sub.year} that applies to {district.name}",
        )

    def summarise(
        self, sub: Submission, registered: RegisteredRuleset, why: Text, findings: list[Finding]
    ) -> CheckResult:
        rs = cast(Ruleset, registered.ruleset)  # chosen for this record kind
        indicators = grouped(rs.indicators, findings)
        return CheckResult(
            source=sub.source,
            district=sub.district.name,
            district_code=sub.district.code,
            year=sub.year,
            ruleset=ruleset_ref(rs, why),
            summary=summarize(indicators, findings),
            indicators=indicators,
            findings=findings,
            wording=ResultWording(
                record_kind=self.name,
                heading=T(f"{sub.district.name} {sub.year} 年", f"{sub.district.name} {sub.year}"),
                group_word=self.group_word,
                areas={n: ind.domain for n, ind in rs.indicators.items() if ind.domain is not None},
            ),
        )

    def show(self, rs: Ruleset, lang: Lang, kinds: KindRegistry) -> list[str]:
        out = []
        for number, ind in rs.indicators.items():
            kind = T("约束性", "binding") if ind.category == "binding" else T("参考性", "reference")
            label = ind.label.get(lang) if ind.label else number
            out.append(f"{label}  {ind.name.get(lang)}  ({kind.get(lang)})")
            for rule in (r for r in rs.rules if r.indicator == number):
                out.append(f"    {rule.id:<12} {rs.rule_name(rule).get(lang)}: {rule.threshold.get(lang)}")
        return out

    def explain(self, registered: RegisteredRuleset, rule: Any, lang: Lang, kinds: KindRegistry, engine: Any) -> str:
        from ecorules.commands.explain import explain

        return explain(registered, rule, lang, kinds, engine)

    def lint(self, rs: Ruleset, kinds: KindRegistry) -> list[tuple[str, Text, str]]:
        from ecorules.commands.lint import indicator_warnings

        return indicator_warnings(rs, kinds)

    def groups(self, rs: Ruleset) -> int:
        return len(rs.indicators)


def _out_of_force(why: Text, registered: RegisteredRuleset, year: int) -> Text:
    """An explicit choice is honoured even outside the rule set's years, and the report says so."""
    years = registered.meta.years
    if years.contains(year):
        return why
    return T(
        f"{why.zh}（注意：该规则集适用于 {years.describe()} 年，而非 {year} 年）",
        f"{why.en} (note: it is in force for {years.describe()}, not {year})",
    )


def _where(sub: Submission, key: str) -> Location | None:
    """Where in the file an identity row (submission.ruleset, ...) was given, if known."""
    return sub.meta_locations.get(key)
