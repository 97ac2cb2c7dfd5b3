"""``ecorules lint-ruleset``: everything wrong with a rule-set file, at once.

Errors are what loading rejects (see :mod:`ecorules.loading`). Warnings are
things a valid file can still get wrong that an author wants to hear about
before publishing: items nothing reads, a
percentage compared with more than 100, an ID already taken by an installed
rule set. Each problem names the file, the key path and, where it can be
found, the line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ecorules.kinds import builtin_registry
from ecorules.kinds.base import KindRegistry
from ecorules.loading import line_of, load_ruleset_text
from ecorules.model.errors import InputError, RulesetError
from ecorules.model.files import read_text
from ecorules.model.problems import Problem
from ecorules.model.project_ruleset import ProjectRuleset
from ecorules.model.ruleset import Change, Ratio, Ruleset, ShareOfYear
from ecorules.model.text import Lang, T, Text

# (key path, message, code): a warning before its file and line are known
LintWarning = tuple[str, Text, str]


def render(problem: Problem, file: str, lang: Lang) -> str:
    """A line of ``lint-ruleset`` output: 'file: error: key: message (line N)'."""
    if not problem.key:
        return f"{file}: {problem.message.get(lang)}"
    severity = {"error": T("错误", "error"), "warning": T("警告", "warning")}[problem.severity].get(lang)
    return f"{file}: {severity}: {problem.render(lang, with_file=False)}"


def lint_file(
    path: Path,
    installed: dict[str, str] | None = None,
    kinds: KindRegistry | None = None,
    warnings_for: Callable[[Any], list[LintWarning]] | None = None,
) -> tuple[Ruleset | ProjectRuleset | None, list[Problem]]:
    """The rule set (None when it does not load) and every problem found.
    ``installed`` maps installed rule-set IDs to the file they come from; ``kinds`` are
    the condition kinds known (the built-in ones by default); ``warnings_for`` gives the
    authoring warnings of a loaded rule set (its record kind's, see
    :mod:`ecorules.record_kinds`; by default none beyond the ID check)."""
    kinds = kinds or builtin_registry()
    try:
        text = read_text(path)
        rs = load_ruleset_text(text, str(path), kinds)
    except (InputError, RulesetError) as exc:
        return None, exc.problems
    warnings = (warnings_for(rs) if warnings_for else []) + _id_clash(rs, path, installed or {})
    return rs, [
        Problem(code=code, message=why, file=str(path), key=key, line=line_of(key, text), severity="warning")
        for key, why, code in warnings
    ]


def _id_clash(rs: Ruleset | ProjectRuleset, path: Path, installed: dict[str, str]) -> list[LintWarning]:
    out: list[LintWarning] = []
    rid = rs.ruleset.id
    if rid in installed and Path(installed[rid]).resolve() != path.resolve():
        why = T(
            f"{rid!r} 已是已安装规则集的编号（{installed[rid]}）",
            f"{rid!r} is already the ID of an installed rule set ({installed[rid]})",
        )
        out.append(("ruleset.id", why, "lint.id-taken"))
    return out


def project_warnings(rs: ProjectRuleset, kinds: KindRegistry) -> list[LintWarning]:
    read = {k for k in (rs.records.name, rs.records.number, rs.records.amount) if k}
    for rule in rs.rules:
        for cond in (rule.condition, rule.when):
            if cond is not None:
                read |= {kinds.of(c).reads(c) for _, c in kinds.walk(cond)} - {None}  # type: ignore[arg-type]
        if rule.aggregate is not None:
            read |= {rule.aggregate.of, rule.aggregate.group_by} - {None}  # type: ignore[arg-type]
    unread = T(
        "没有规则读取该字段，它也不标识记录；一个无人读取的必需列只会妨碍检查",
        "no rule reads this field and it names no record; a required column nobody reads only stops checks",
    )
    out: list[LintWarning] = [
        (f"fields.{key}", unread, "lint.unread") for key, f in rs.fields.items() if key not in read and f.required
    ]
    for i, rule in enumerate(rs.rules):
        for part in ("condition", "when"):
            cond = getattr(rule, part)
            if cond is None:
                continue
            for where, c in kinds.walk(cond, f"rules[{i}].{part}"):
                kind = kinds.of(c)
                field = rs.fields.get(kind.reads(c) or "")
                for warning in kind.lint(c, field.unit if field else ""):
                    out.append((where, T(f"{rule.id}：{warning.zh}", f"{rule.id}: {warning.en}"), "lint.condition"))
        group = rule.aggregate.group_by if rule.aggregate else None
        if group and not rs.fields[group].merged:
            why = T(
                f"{rule.id}：{group!r} 未设 merged = true，留空的行（如合并的类别单元格）将不属于任何分组",
                f"{rule.id}: {group!r} is not merged = true, so a row that leaves it blank (as merged "
                "headings do) falls into no group",
            )
            out.append((f"rules[{i}].aggregate.group_by", why, "lint.unmerged-group"))
    return out


def indicator_warnings(rs: Ruleset, kinds: KindRegistry) -> list[LintWarning]:
    out: list[LintWarning] = []
    read: set[str] = set()
    for rule in rs.rules:
        read.add(rule.item)
        for _, cond in kinds.walk(rule.condition):
            of = kinds.of(cond).reads(cond)
            if of:
                read.add(of)
    for item in rs.items.values():
        d = item.derive
        if isinstance(d, (ShareOfYear, Change)):
            read.add(d.item)
        elif isinstance(d, Ratio):
            read |= {d.numerator, d.denominator}
    for key in rs.items:
        if key not in read:
            why = T(
                "没有规则或派生值读取该子项；提交的该项数据不会被检查",
                "no rule or derivation reads this item; a submission giving it is not checked",
            )
            out.append((f"items.{key}", why, "lint.unread"))
    for i, rule in enumerate(rs.rules):
        for where, cond in kinds.walk(rule.condition, f"rules[{i}].condition"):
            kind = kinds.of(cond)
            item = rs.items[kind.reads(cond) or rule.item]
            for warning in kind.lint(cond, item.unit):
                out.append((where, T(f"{rule.id}：{warning.zh}", f"{rule.id}: {warning.en}"), "lint.condition"))
    return out
