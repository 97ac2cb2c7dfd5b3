"""``explain`` and ``rulesets show`` for project rule sets: what a rule checks, on which
records, against what, in words a reviewer reads without opening the TOML file."""

from __future__ import annotations

from ecorules.commands.explain import category_line
from ecorules.kinds import builtin_registry
from ecorules.kinds.base import KindRegistry
from ecorules.model.condition import ConditionModel
from ecorules.model.project_ruleset import ProjectRule, ProjectRuleset
from ecorules.model.text import Lang, T, Text
from ecorules.registry import RegisteredRuleset


def describe_condition(cond: ConditionModel, rs: ProjectRuleset, kinds: KindRegistry | None = None) -> Text:
    """A record condition in words: '建筑面积 ≥ 50000 m²', '项目来源为「新增」'."""
    kinds = kinds or builtin_registry()

    def names(key: str | None) -> tuple[Text, str]:
        field = rs.fields[key or ""]
        return field.name, field.unit

    def child(sub: ConditionModel) -> tuple[Text, bool]:
        return describe_condition(sub, rs, kinds), bool(kinds.of(sub).children(sub))

    return kinds.of(cond).describe(cond, names, child)


def how_checked(rule: ProjectRule, rs: ProjectRuleset, kinds: KindRegistry | None = None) -> Text:
    agg = rule.aggregate
    if agg is None:
        assert rule.condition is not None
        cond = describe_condition(rule.condition, rs, kinds)
        if rule.when is None:
            return T(f"逐行检查：{cond.zh}", f"on every row: {cond.en}")
        when = describe_condition(rule.when, rs, kinds)
        return T(
            f"逐行检查：凡{when.zh}的项目，须{cond.zh}；其他项目不涉及",
            f"on every row where {when.en}: {cond.en}; other rows are not applicable",
        )
    if agg.function == "count":
        what = T("项目数", "the number of projects")
    else:
        what = T(f"{rs.fields[agg.of].name.zh}之和", f"the sum of {rs.fields[agg.of].name.en}")  # type: ignore[index]
    if agg.group_by:
        group = rs.fields[agg.group_by].name
        return T(
            f"按{group.zh}分组：{what.zh}与该组单元格中声明的数（如“(53项230855万元)”）比较",
            f"per {group.en}: {what.en} compared with the figure its cell declares (such as '(53项230855万元)')",
        )
    return T(f"全表：{what.zh}与合计行比较", f"whole table: {what.en} compared with the totals row (合计)")


def explain_project_rule(
    registered: RegisteredRuleset, rule: ProjectRule, lang: Lang, kinds: KindRegistry | None = None
) -> str:
    rs: ProjectRuleset = registered.ruleset  # type: ignore[assignment]
    meta = rs.ruleset
    req = rs.requirements[rule.requirement]
    document = req.document or meta.document
    category = T("约束性", "binding") if req.category == "binding" else T("参考性", "reference")
    severity = rs.severity(rule)
    lines = [
        f"{rule.id}  {rule.name.get(lang)}",
        "",
        f"{T('规则集', 'Rule set').get(lang)}: {meta.id} {meta.version} ({T('项目表', 'project tables').get(lang)})",
        f"{T('要求', 'Requirement').get(lang)}: {rule.requirement} {req.name.zh} / {req.name.en}",
        f"{T('要求（原文）', 'Requirement (original wording)').get(lang)}: {rule.threshold.zh}",
        f"{T('要求（译文）', 'Requirement (translation)').get(lang)}: {rule.threshold.en}",
        f"{T('检查方式', 'How it is checked').get(lang)}: {how_checked(rule, rs, kinds).get(lang)}",
        category_line(category, severity, lang),
        f"{T('出处', 'Citation').get(lang)}: {document.number}《{document.title.zh}》"
        + (f" {req.section.zh}" if req.section else ""),
    ]
    if rule.aliases:
        lines.append(f"{T('曾用编号', 'Former IDs').get(lang)}: {', '.join(rule.aliases)}")
    if rule.note:
        lines.append(f"{T('说明', 'Note').get(lang)}: {rule.note.get(lang)}")
    return "\n".join(lines) + "\n"


def show_project_ruleset(rs: ProjectRuleset, lang: Lang, kinds: KindRegistry | None = None) -> list[str]:
    """The part of ``rulesets show`` after the header: columns, then requirements and rules."""
    out = [T("列：", "Columns:").get(lang)]
    for key, f in rs.fields.items():
        flags = []
        if not f.required:
            flags.append(T("可选", "optional").get(lang))
        if f.merged:
            flags.append(T("空白沿用上一行", "blank continues the row above").get(lang))
        unit = f" [{f.unit}]" if f.unit not in ("-", "") else ""
        extra = f" ({', '.join(flags)})" if flags else ""
        names = " / ".join([f.name.zh, f.name.en, *f.aliases])
        out.append(f"  {key:<12} {names}{unit}{extra}")
    out.append("")
    for number, req in rs.requirements.items():
        kind = T("约束性", "binding") if req.category == "binding" else T("参考性", "reference")
        out.append(f"{T('要求', 'Requirement').get(lang)} {number}  {req.name.get(lang)}  ({kind.get(lang)})")
        for rule in (r for r in rs.rules if r.requirement == number):
            out.append(f"    {rule.id:<12} {rule.name.get(lang)}: {how_checked(rule, rs, kinds).get(lang)}")
    return out
