"""``ecorules lint-ruleset``: everything wrong with a rule-set file, at once.

Errors are what loading rejects (see :mod:`ecorules.loading`). Warnings are
things a valid file can still get wrong that an author wants to hear about
before publishing: items nothing reads, a
percentage compared with more than 100, an ID already taken by an installed
rule set. Each problem names the file, the key path and, where it can be
found, the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ecorules.errors import InputError, RulesetError
from ecorules.files import read_text
from ecorules.loading import line_hint, load_ruleset_text, walk_conditions
from ecorules.project_ruleset import ProjectRuleset
from ecorules.ruleset import Change, Compare, Ratio, Ruleset, ShareOfYear


@dataclass(frozen=True)
class LintProblem:
    severity: str  # "error" or "warning"
    key: str
    message: str

    def render(self, file: str) -> str:
        return f"{file}: {self.severity}: {self.key}: {self.message}" if self.key else f"{file}: {self.message}"


def lint_file(path: Path, installed: dict[str, str] | None = None) -> tuple[Ruleset | None, list[LintProblem]]:
    """The rule set (None when it does not load) and every problem found.
    ``installed`` maps installed rule-set IDs to the file they come from."""
    try:
        text = read_text(path)
        rs = load_ruleset_text(text, str(path))
    except InputError as exc:
        return None, [LintProblem("error", "", exc.message.en)]
    except RulesetError as exc:
        return None, [LintProblem("error", key, why) for key, why in exc.problems]
    return rs, [LintProblem("warning", k, m + line_hint(k, text)) for k, m in _warnings(rs, path, installed or {})]


def _warnings(rs: Ruleset | ProjectRuleset, path: Path, installed: dict[str, str]) -> list[tuple[str, str]]:
    out = _project_warnings(rs) if isinstance(rs, ProjectRuleset) else _indicator_warnings(rs)
    rid = rs.ruleset.id
    if rid in installed and Path(installed[rid]).resolve() != path.resolve():
        out.append(("ruleset.id", f"{rid!r} is already the ID of an installed rule set ({installed[rid]})"))
    return out


def _project_warnings(rs: ProjectRuleset) -> list[tuple[str, str]]:
    read = {k for k in (rs.records.name, rs.records.number, rs.records.amount) if k}
    for rule in rs.rules:
        for cond in (rule.condition, rule.when):
            if cond is not None:
                read |= {getattr(c, "of", None) for _, c in walk_conditions(cond, "")} - {None}  # type: ignore[arg-type]
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


def _indicator_warnings(rs: Ruleset) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    read: set[str] = set()
    for rule in rs.rules:
        read.add(rule.item)
        for _, cond in walk_conditions(rule.condition, ""):
            if getattr(cond, "of", None):
                read.add(cond.of)  # type: ignore[arg-type]
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
        for where, cond in walk_conditions(rule.condition, f"rules[{i}].condition"):
            item = rs.items[getattr(cond, "of", None) or rule.item]
            if isinstance(cond, Compare) and item.unit == "%" and abs(cond.value) > 100:
                out.append((where, f"{rule.id}: a percentage compared with {cond.value:g}; is the unit right?"))
    return out
