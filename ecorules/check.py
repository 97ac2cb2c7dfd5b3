"""One check, end to end: read each file, choose its rule set, evaluate, summarise.

This is the only place the pieces meet; each step hands the next a model
(adapter -> Submission -> engine -> Findings -> CheckResult) and never reaches back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecorules.engine.context import bind, knows_keys
from ecorules.engine.projects import project_totals
from ecorules.engine.records import bind_library, missing_fields
from ecorules.errors import InputError, UsageError
from ecorules.findings import CheckResult, IndicatorResult, ProjectTotals, RulesetRef, indicator_status, summarize
from ecorules.loading import load_ruleset_file
from ecorules.plugins import components
from ecorules.project_ruleset import ProjectRuleset
from ecorules.projects import ProjectLibrary
from ecorules.registry import ReadOptions, RegisteredRuleset
from ecorules.ruleset import Ruleset
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

    def read(self, path: Path) -> list[Submission | ProjectLibrary]:
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
            registered, why = self._given_ruleset(sub.year)
            _expect_kind(registered, Ruleset, sub.source)
            return registered, _out_of_force(why, registered, sub.year)
        if sub.ruleset:
            try:
                registered = registry.get(sub.ruleset, sub.year)
            except UsageError as exc:
                raise InputError(exc.message, file=sub.source, where=_where(sub, "submission.ruleset")) from None
            _expect_kind(registered, Ruleset, sub.source)
            why = T("提交文件中 submission.ruleset 指定", "named by the file (submission.ruleset)")
            return registered, _out_of_force(why, registered, sub.year)
        return self._auto_ruleset(sub)

    def _given_ruleset(self, year: int | None) -> tuple[RegisteredRuleset, Text]:
        spec = self.options.ruleset
        assert spec is not None
        if (spec, year) not in self._files:
            self._files[(spec, year)] = lookup_ruleset(spec, year)
        registered = self._files[(spec, year)]
        why = (
            T(f"命令行 --ruleset 指定的文件 {spec}", f"file given with --ruleset ({spec})")
            if registered.plugin == "command line"
            else T("命令行 --ruleset 指定", "given with --ruleset")
        )
        return registered, why

    def _auto_ruleset(self, sub: Submission) -> tuple[RegisteredRuleset, Text]:
        registry = self.components.rulesets
        in_force = [r for r in registry.in_force(sub.year) if isinstance(r.ruleset, Ruleset)]
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
        ranked = _newest_first(candidates)
        _refuse_tie(ranked, sub.source, district.name, sub.year)
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
        """One result per submission in the file (a wide workbook may hold several years)
        and one per project table."""
        return [
            self.check_library(item) if isinstance(item, ProjectLibrary) else self.check_submission(item)
            for item in self.read(path)
        ]

    def _plan(self, registered: RegisteredRuleset) -> Any:
        plan = self._plans.get(registered.source)
        if plan is None:
            plan = self._plans[registered.source] = self.engine.compile(registered.ruleset, self.components.kinds)
        return plan

    def check_submission(self, sub: Submission) -> CheckResult:
        registered, why = self.choose_ruleset(sub)
        rs = registered.ruleset
        plan = self._plan(registered)
        findings = self.engine.evaluate(plan, bind(rs, sub, getattr(plan, "scale", None)))
        indicators = _grouped(rs.indicators, findings)
        return CheckResult(
            source=sub.source,
            district=sub.district.name,
            district_code=sub.district.code,
            year=sub.year,
            ruleset=_ruleset_ref(rs, why),
            summary=summarize(indicators, findings),
            indicators=indicators,
            findings=findings,
        )

    def check_library(self, lib: ProjectLibrary) -> CheckResult:
        """A project table: record rules on every row, aggregates against the figures it declares."""
        registered, why = self.choose_project_ruleset(lib)
        rs = registered.ruleset
        assert isinstance(rs, ProjectRuleset)
        bound = bind_library(rs, lib)
        findings = self.engine.evaluate(self._plan(registered), bound)
        requirements = _grouped(rs.requirements, findings)
        records, amount, open_count = project_totals(bound)
        amount_field = rs.fields.get(rs.records.amount or "")
        return CheckResult(
            source=lib.source,
            district=lib.district,
            district_code=lib.district_code,
            year=None,
            ruleset=_ruleset_ref(rs, why),
            summary=summarize(requirements, findings),
            indicators=requirements,
            findings=findings,
            projects=ProjectTotals(
                table=lib.title,
                records=records,
                amount=float(amount) if amount_field is not None else None,
                amount_unit=amount_field.unit if amount_field is not None else "",
                amount_open=open_count,
                period=f"{bound.period[0]}—{bound.period[1]}" if bound.period else None,
            ),
        )

    def choose_project_ruleset(self, lib: ProjectLibrary) -> tuple[RegisteredRuleset, Text]:
        """--ruleset, else the table's 规则集 row, else the project rule set whose fields
        the table's columns carry (a district's own before a general one)."""
        if self.options.ruleset:
            registered, why = self._given_ruleset(None)
            _expect_kind(registered, ProjectRuleset, lib.source)
            return registered, why
        registry = self.components.rulesets
        if lib.ruleset:
            try:
                registered = registry.get(lib.ruleset)
            except UsageError as exc:
                raise InputError(exc.message, file=lib.source) from None
            _expect_kind(registered, ProjectRuleset, lib.source)
            return registered, T("表中「规则集」一行指定", "named by the table (its 规则集 row)")
        kind = [r for r in registry.all() if isinstance(r.ruleset, ProjectRuleset)]
        if lib.district or lib.district_code:
            kind = [r for r in kind if r.ruleset.ruleset.applies_to(lib.district, lib.district_code)]
        fits = [r for r in kind if not missing_fields(r.ruleset, lib)]  # type: ignore[arg-type]
        ranked = _newest_first(fits)
        if not ranked:
            listing = (
                "; ".join(
                    f"{r.ruleset.ruleset.id} (missing: {', '.join(missing_fields(r.ruleset, lib))})"  # type: ignore[arg-type]
                    for r in kind
                )
                or "none installed"
            )
            raise InputError(
                T(
                    f"没有与该项目表的列相符的项目规则集（{listing}）；请检查表头，或用 --ruleset 指定",
                    f"no project rule set fits this table's columns ({listing}); check the header or choose one with --ruleset",
                ),
                file=lib.source,
            )
        _refuse_tie(ranked, lib.source, lib.district or lib.title, None)
        return ranked[0], T(
            "列与该项目表相符的项目规则集", "the project rule set whose fields match the table's columns"
        )


def _newest_first(candidates: list[RegisteredRuleset]) -> list[RegisteredRuleset]:
    """Only the newest edition of each family; a district's own rule set before a general one."""
    newest: dict[str, RegisteredRuleset] = {}
    for r in candidates:
        family = r.ruleset.ruleset.family_id
        if family not in newest or r.ruleset.ruleset.years.from_ > newest[family].ruleset.ruleset.years.from_:
            newest[family] = r
    return sorted(newest.values(), key=lambda r: not r.ruleset.ruleset.districts)


def _refuse_tie(ranked: list[RegisteredRuleset], source: str, who: str, year: int | None) -> None:
    if len(ranked) < 2 or bool(ranked[0].ruleset.ruleset.districts) != bool(ranked[1].ruleset.ruleset.districts):
        return
    listing = ", ".join(r.ruleset.ruleset.id for r in ranked)
    when_zh, when_en = (f" {year} 年", f" for {year}") if year else ("", "")
    raise InputError(
        T(
            f"有多个规则集适用于{who}{when_zh}（{listing}）；请在文件中用 submission.ruleset（规则集）指定，或使用 --ruleset",
            f"several rule sets apply to {who}{when_en} ({listing}); name one in the file "
            "(submission.ruleset, 规则集) or with --ruleset",
        ),
        file=source,
    )


def _expect_kind(registered: RegisteredRuleset, kind: type, source: str) -> None:
    """An indicator rule set for a project table, or the other way round, is a clear error."""
    if isinstance(registered.ruleset, kind):
        return
    rid = registered.ruleset.ruleset.id
    if kind is ProjectRuleset:
        zh, en = (
            "该文件是项目表，而规则集 {rid} 用于指标数据",
            "this file is a project table, but rule set {rid} checks indicator submissions",
        )
    else:
        zh, en = (
            "该文件是指标数据，而规则集 {rid} 用于项目表",
            "this file is an indicator submission, but rule set {rid} checks project tables",
        )
    raise InputError(T(zh.format(rid=rid), en.format(rid=rid)), file=source)


def _grouped(groups: dict, findings: list) -> list[IndicatorResult]:
    """Per indicator (or requirement): its findings' verdicts combined."""
    out = []
    for number, group in groups.items():
        own = [f for f in findings if f.indicator.number == number]
        out.append(
            IndicatorResult(
                number=number,
                name=group.name,
                category=group.category,
                status=indicator_status([f.status for f in own]),
                rule_ids=list(dict.fromkeys(f.rule_id for f in own)),
            )
        )
    return out


def _ruleset_ref(rs: Ruleset | ProjectRuleset, why: Text) -> RulesetRef:
    meta = rs.ruleset
    return RulesetRef(
        id=meta.id, version=meta.version, title=meta.title, document=meta.document.number, chosen_because=why
    )


def lookup_ruleset(spec: str, year: int | None = None) -> RegisteredRuleset:
    """An installed rule set by ID or family, or a rule set file by path (how authors try
    their work before it is installed)."""
    candidate = Path(spec)
    if candidate.suffix.lower() == ".toml" or candidate.is_file():
        return RegisteredRuleset(load_ruleset_file(candidate, components().kinds), str(candidate), "command line")
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
