"""One check, end to end: read each file, choose its rule set, evaluate, summarise.

This is the only place the pieces meet; each step hands the next a model
(adapter -> Submission -> engine -> Findings -> CheckResult) and never reaches back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecorules.engine.context import bind, knows_keys
from ecorules.errors import InputError, UsageError
from ecorules.findings import CheckResult, IndicatorResult, RulesetRef, indicator_status, summarize
from ecorules.loading import load_ruleset_file
from ecorules.plugins import components
from ecorules.registry import ReadOptions, RegisteredRuleset
from ecorules.submission import Submission
from ecorules.text import T, Text


@dataclass(frozen=True)
class CheckOptions:
    ruleset: str | None = None
    input_format: str | None = None
    engine: str = "python"
    encoding: str | None = None


class Checker:
    """Holds compiled plans so a batch compiles each rule set once."""

    def __init__(self, options: CheckOptions):
        self.options = options
        self.components = components()
        self.engine = self.components.engines.get(options.engine)
        self._plans: dict[str, Any] = {}
        self._files: dict[tuple[str, int], RegisteredRuleset] = {}

    def read(self, path: Path) -> list[Submission]:
        if not path.exists():
            raise InputError(T("文件不存在", "file not found"), file=str(path))
        if path.is_dir():
            raise InputError(T("这是一个目录，不是文件", "this is a directory, not a file"), file=str(path))
        adapters = self.components.adapters
        adapter = adapters.get(self.options.input_format) if self.options.input_format else adapters.for_path(path)
        return adapter.read(path, ReadOptions(encoding=self.options.encoding))

    def choose_ruleset(self, sub: Submission) -> tuple[RegisteredRuleset, Text]:
        """--ruleset, else the file's submission.ruleset (an ID or a family), else the one
        in force for the year that applies to the district and knows the file's keys."""
        registry = self.components.rulesets
        if self.options.ruleset:
            spec = self.options.ruleset
            if (spec, sub.year) not in self._files:
                self._files[(spec, sub.year)] = lookup_ruleset(spec, sub.year)
            registered = self._files[(spec, sub.year)]
            why = (
                T(f"命令行 --ruleset 指定的文件 {spec}", f"file given with --ruleset ({spec})")
                if registered.plugin == "command line"
                else T("命令行 --ruleset 指定", "given with --ruleset")
            )
            return registered, _out_of_force(why, registered, sub.year)
        if sub.ruleset:
            try:
                registered = registry.get(sub.ruleset, sub.year)
            except UsageError as exc:
                raise InputError(exc.message, file=sub.source, where=_where(sub, "submission.ruleset")) from None
            why = T("提交文件中 submission.ruleset 指定", "named by the file (submission.ruleset)")
            return registered, _out_of_force(why, registered, sub.year)
        return self._auto_ruleset(sub)

    def _auto_ruleset(self, sub: Submission) -> tuple[RegisteredRuleset, Text]:
        registry = self.components.rulesets
        in_force = registry.in_force(sub.year)
        if not in_force:
            listing = (
                "; ".join(f"{r.ruleset.ruleset.id} ({r.ruleset.ruleset.years.describe()})" for r in registry.all())
                or "none"
            )
            raise InputError(
                T(
                    f"没有适用于 {sub.year} 年的规则集（已安装：{listing}）；请用 --ruleset 指定",
                    f"no installed rule set applies to {sub.year} (installed: {listing}); choose one with --ruleset",
                ),
                file=sub.source,
            )
        district = sub.district
        candidates = [r for r in in_force if r.ruleset.ruleset.applies_to(district.name, district.code)]
        candidates = [r for r in candidates if knows_keys(r.ruleset, sub)] or candidates
        # Only the newest edition of each family; a district's own rule set before a general one.
        newest: dict[str, RegisteredRuleset] = {}
        for r in candidates:
            family = r.ruleset.ruleset.family_id
            if family not in newest or r.ruleset.ruleset.years.from_ > newest[family].ruleset.ruleset.years.from_:
                newest[family] = r
        ranked = sorted(newest.values(), key=lambda r: not r.ruleset.ruleset.districts)
        if len(ranked) > 1 and bool(ranked[0].ruleset.ruleset.districts) == bool(ranked[1].ruleset.ruleset.districts):
            listing = ", ".join(r.ruleset.ruleset.id for r in ranked)
            raise InputError(
                T(
                    f"有多个规则集适用于{district.name} {sub.year} 年（{listing}）；"
                    "请在文件中用 submission.ruleset 指定，或使用 --ruleset",
                    f"several rule sets apply to {district.name} for {sub.year} ({listing}); name one in the "
                    "file (submission.ruleset) or with --ruleset",
                ),
                file=sub.source,
            )
        if not ranked:  # in force, but none for this district
            listing = ", ".join(r.ruleset.ruleset.id for r in in_force)
            raise InputError(
                T(
                    f"{sub.year} 年适用的规则集（{listing}）都不适用于{district.name}；请用 --ruleset 指定",
                    f"the rule sets in force for {sub.year} ({listing}) are all for other districts than "
                    f"{district.name}; choose one with --ruleset",
                ),
                file=sub.source,
            )
        chosen = ranked[0]
        return chosen, T(
            f"适用于{district.name} {sub.year} 年的规则集",
            f"the rule set in force for {sub.year} that applies to {district.name}",
        )

    def check(self, path: Path) -> list[CheckResult]:
        """One result per submission in the file (a wide workbook may hold several years)."""
        return [self.check_submission(sub) for sub in self.read(path)]

    def check_submission(self, sub: Submission) -> CheckResult:
        registered, why = self.choose_ruleset(sub)
        rs = registered.ruleset
        plan = self._plans.get(registered.source)
        if plan is None:
            plan = self._plans[registered.source] = self.engine.compile(rs)
        findings = self.engine.evaluate(plan, bind(rs, sub))
        indicators = []
        for number, ind in rs.indicators.items():
            own = [f for f in findings if f.indicator.number == number]
            indicators.append(
                IndicatorResult(
                    number=number,
                    name=ind.name,
                    category=ind.category,
                    status=indicator_status([f.status for f in own]),
                    rule_ids=[f.rule_id for f in own],
                )
            )
        meta = rs.ruleset
        return CheckResult(
            source=sub.source,
            district=sub.district.name,
            district_code=sub.district.code,
            year=sub.year,
            ruleset=RulesetRef(
                id=meta.id, version=meta.version, title=meta.title, document=meta.document.number, chosen_because=why
            ),
            summary=summarize(indicators, findings),
            indicators=indicators,
            findings=findings,
        )


def lookup_ruleset(spec: str, year: int | None = None) -> RegisteredRuleset:
    """An installed rule set by ID or family, or a rule set file by path (how authors try
    their work before it is installed)."""
    candidate = Path(spec)
    if candidate.suffix.lower() == ".toml" or candidate.is_file():
        return RegisteredRuleset(load_ruleset_file(candidate), str(candidate), "command line")
    return components().rulesets.get(spec, year)


def _out_of_force(why: Text, registered: RegisteredRuleset, year: int) -> Text:
    """An explicit choice is honoured even outside the rule set's years, and the report says so."""
    years = registered.ruleset.ruleset.years
    if years.contains(year):
        return why
    return T(
        f"{why.zh}（注意：该规则集适用于 {years.describe()} 年，而非 {year} 年）",
        f"{why.en} (note: it is in force for {years.describe()}, not {year})",
    )


def _where(sub: Submission, key: str) -> str | None:
    """Where in the file an identity row (submission.ruleset, ...) was given, if known."""
    loc = sub.meta_locations.get(key)
    return (loc.position() or None) if loc is not None else None
