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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecorules.kinds import builtin_registry
from ecorules.kinds.base import KindRegistry
from ecorules.loading import line_hint, load_ruleset_text
from ecorules.model.errors import InputError, RulesetError
from ecorules.model.files import read_text
from ecorules.model.project_ruleset import ProjectRuleset
from ecorules.model.ruleset import Change, Ratio, Ruleset, ShareOfYear


@dataclass(frozen=True)
class LintProblem:
    severity: str  # "error" or "warning"
    key: str
    message: str

    def render(self, file: str) -> str:
        return f"{file}: {self.severity}: {self.key}: {self.message}" if self.key else f"{file}: {self.message}"


def lint_file(
    path: Path,
    installed: dict[str, str] | None = None,
    kinds: KindRegistry | None = None,
    warnings_for: Callable[[Any], list[tuple[str, str]]] | None = None,
) -> tuple[Ruleset | ProjectRuleset | None, list[LintProblem]]:
    """The rule set (None when it does not load) and every problem found.
    ``installed`` maps installed rule-set IDs to the file they come from; ``kinds`` are
    the condition kinds known (the built-in ones by default); ``warnings_for`` gives the
    authoring warnings of a loaded rule set (its record kind's, see
    :mod:`ecorules.record_kinds`; by default none beyond the ID check)."""
    kinds = kinds or builtin_registry()
    try:
        text = read_text(path)
        rs = load_ruleset_text(text, str(path), kinds)
    except InputError as exc:
        return None, [LintProblem("error", "", exc.message.en)]
    except RulesetError as exc:
        return None, [LintProblem("error", key, why) for key, why in exc.problems]
    warnings = (warnings_for(rs) if warnings_for else []) + _id_clash(rs, path, installed or {})
    return rs, [LintProblem("warning", k, m + line_hint(k, text)) for k, m in warnings]


def _id_clash(rs: Ruleset | ProjectRuleset, path: Path, installed: dict[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    rid = rs.ruleset.id
    if rid in installed and Path(installed[rid]).resolve() != path.resolve():
        out.append(("ruleset.id", f"{rid!r} is already the ID of an installed rule set ({installed[rid]})"))
    return out


def project_warnings(rs: ProjectRuleset, kinds: KindRegistry) -> list[tuple[str, str]]:
    read = {k for k in (rs.records.name, rs.records.number, rs.records.amount) if k}
    for rule in rs.rules:
        for cond in (rule.condition, rule.when):
            if cond is not None:
                read |= {kinds.of(c).reads(c) for _, c in kinds.walk(cond)} - {None}  # type: ignore[arg-type]
        if rule.aggregate is not None:
            read |= {rule.aggregate.of, rule.aggregate.group_by} - {None}  # type: ignore[arg-type]
    out = [
        (
            f"fields.{key}",
            "no rule reads this field and it names no record; a required column nobody reads only stops checks",
        )
        for key, f in rs.fields.items()
        if key not in read and f.required
    ]
    for i, rule in enumerate(rs.rules):
        group = rule.aggregate.group_by if rule.aggregate else None
        if group and not rs.fields[group].merged:
            out.append(
                (
                    f"rules[{i}].aggregate.group_by",
                    f"{rule.id}: {group!r} is not merged = true, so a row that leaves it blank (as merged "
                    "headings do) falls into no group",
                )
            )
    return out


def indicator_warnings(rs: Ruleset, kinds: KindRegistry) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
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
            out.append((f"items.{key}", "no rule or derivation reads this item; a submission giving it is not checked"))
    for i, rule in enumerate(rs.rules):
        for where, cond in kinds.walk(rule.condition, f"rules[{i}].condition"):
            kind = kinds.of(cond)
            item = rs.items[kind.reads(cond) or rule.item]
            out += [(where, f"{rule.id}: {warning}") for warning in kind.lint(cond, item.unit)]
    return out
