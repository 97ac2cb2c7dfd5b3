"""Project tables: one row per project (key-project libraries, construction-site lists)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from ecorules.engine.projects import project_totals
from ecorules.engine.records import bind_library, missing_fields
from ecorules.model.errors import InputError
from ecorules.model.findings import CheckResult, Finding, ProjectTotals, ResultWording, summarize
from ecorules.model.project_ruleset import ProjectRuleset
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
    from ecorules.model.projects import ProjectLibrary
    from ecorules.model.text import Lang
    from ecorules.registry import Components, RegisteredRuleset


class ProjectRecords:
    name: ClassVar[str] = "projects"
    group_word: ClassVar[Text] = T("要求", "requirements")
    has_template: ClassVar[bool] = False  # a project table is the district's own; no template

    def choose_ruleset(
        self, lib: ProjectLibrary, components: Components, given: str | None
    ) -> tuple[RegisteredRuleset, Text]:
        """--ruleset, else the table's 规则集 row, else the project rule set whose fields
        the table's columns carry (a district's own before a general one)."""
        if given:
            registered, why = given_ruleset(components, given, None)
            expect_kind(registered, self, lib.source)
            return registered, why
        if lib.ruleset:
            named_at = lib.meta.get("submission.ruleset")
            where = named_at.location if named_at is not None else None
            registered = named_ruleset(components, lib.ruleset, None, lib.source, where)
            expect_kind(registered, self, lib.source)
            return registered, T("表中「规则集」一行指定", "named by the table (its 规则集 row)")
        kind = [r for r in components.rulesets.registered() if r.record_kind == self.name]
        if lib.district or lib.district_code:
            kind = [r for r in kind if r.meta.applies_to(lib.district, lib.district_code)]
        kind = components.rulesets.valid(kind)
        fits = [r for r in kind if not missing_fields(cast(ProjectRuleset, r.ruleset), lib)]
        ranked = newest_first(fits)
        if not ranked:
            missing = {r.meta.id: ", ".join(missing_fields(cast("ProjectRuleset", r.ruleset), lib)) for r in kind}
            listing_zh = (
                "；".join(f"{rid}（缺少：{fields}）" for rid, fields in missing.items()) or "未安装任何项目规则集"
            )
            listing_en = "; ".join(f"{rid} (missing: {fields})" for rid, fields in missing.items()) or "none installed"
            raise InputError(
                T(
                    f"没有与该项目表的列相符的项目规则集（{listing_zh}）；请检查表头，或用 --ruleset 指定",
                    f"no project rule set fits this table's columns ({listing_en}); check the header or choose one with --ruleset",
                ),
                file=lib.source,
                code="ruleset.none-applies",
            )
        refuse_tie(ranked, lib.source, lib.district or lib.title, None)
        return ranked[0], T(
            "列与该项目表相符的项目规则集", "the project rule set whose fields match the table's columns"
        )

    def summarise(
        self, lib: ProjectLibrary, registered: RegisteredRuleset, why: Text, findings: list[Finding]
    ) -> CheckResult:
        """A project table: what it covers (projects, investment, period) beside the requirements."""
        rs = cast(ProjectRuleset, registered.ruleset)  # chosen for this record kind
        bound = bind_library(rs, lib)
        requirements = grouped(rs.requirements, findings)
        records, amount, open_count = project_totals(bound)
        amount_field = rs.fields.get(rs.records.amount or "")
        totals = ProjectTotals(
            table=lib.title,
            records=records,
            amount=float(amount) if amount_field is not None else None,
            amount_unit=amount_field.unit if amount_field is not None else "",
            amount_open=open_count,
            period=f"{bound.period[0]}—{bound.period[1]}" if bound.period else None,
        )
        heading = f"{lib.district} {lib.title}".strip()
        return CheckResult(
            source=lib.source,
            district=lib.district,
            district_code=lib.district_code,
            year=None,
            ruleset=ruleset_ref(rs, why),
            summary=summarize(requirements, findings),
            indicators=requirements,
            findings=findings,
            projects=totals,
            wording=ResultWording(
                record_kind=self.name,
                heading=T(heading, heading),
                group_word=self.group_word,
                coverage=totals.coverage(),
            ),
        )

    def show(self, rs: ProjectRuleset, lang: Lang, kinds: KindRegistry) -> list[str]:
        from ecorules.commands.explain_projects import show_project_ruleset

        return show_project_ruleset(rs, lang, kinds)

    def explain(self, registered: RegisteredRuleset, rule: Any, lang: Lang, kinds: KindRegistry, engine: Any) -> str:
        from ecorules.commands.explain_projects import explain_project_rule

        return explain_project_rule(registered, rule, lang, kinds)

    def lint(self, rs: ProjectRuleset, kinds: KindRegistry) -> list[tuple[str, Text, str]]:
        from ecorules.commands.lint import project_warnings

        return project_warnings(rs, kinds)

    def groups(self, rs: ProjectRuleset) -> int:
        return len(rs.requirements)
