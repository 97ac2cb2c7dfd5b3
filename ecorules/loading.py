"""Reading rule-set files: TOML -> validated :class:`~ecorules.model.ruleset.Ruleset`.

Every problem is collected and reported with the file, the key path
(``rules[3].condition.op``), the rule ID and the line where they can be found,
so an author fixes them all in one pass instead of one per run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ecorules.kinds import builtin_registry
from ecorules.kinds.base import CheckContext, KindRegistry, RecordKind
from ecorules.model.errors import InputError, RulesetError
from ecorules.model.files import read_text
from ecorules.model.project_ruleset import ProjectRule, ProjectRuleset
from ecorules.model.ruleset import Ruleset, name_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# pydantic names the branch of a tagged union in an error's path; the derivations are one.
_UNION_TAGS = {"share_of_year", "change", "ratio"}

AnyRuleset = Ruleset | ProjectRuleset


def load_ruleset_file(path: str | Path, kinds: KindRegistry | None = None) -> AnyRuleset:
    try:
        text = read_text(path)
    except InputError as exc:
        raise RulesetError(str(path), [("", exc.message.en)]) from None
    return load_ruleset_text(text, str(path), kinds)


def load_ruleset_text(text: str, source: str, kinds: KindRegistry | None = None) -> AnyRuleset:
    """Parse and validate one rule set (an indicator one, or ``kind = "projects"``) against
    the condition kinds known (the built-in ones by default); raise :class:`RulesetError`
    listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(source, [("", f"not valid TOML: {exc}")]) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RulesetError(source, [("", "not valid TOML: arrays or tables nested too deeply")]) from None
    kinds = kinds or builtin_registry()
    problems = validate_data(data, text, kinds)
    if problems:
        raise RulesetError(source, problems)
    return model_for(data).model_validate(data, context=validation_context(data, kinds))


def record_kind_of(data: dict) -> RecordKind:
    meta = data.get("ruleset")
    return "projects" if isinstance(meta, dict) and meta.get("kind") == "projects" else "indicators"


def validation_context(data: dict, kinds: KindRegistry) -> dict:
    """What the condition fields validate against: the kinds known, and which record kind
    the rule set checks (a kind serves indicator or project rule sets, or both)."""
    return {"kinds": kinds, "record_kind": record_kind_of(data)}


def model_for(data: dict) -> type[Ruleset] | type[ProjectRuleset]:
    """The model a parsed rule set is validated into, by its ``ruleset.kind``."""
    return ProjectRuleset if record_kind_of(data) == "projects" else Ruleset


def validate_data(data: dict, text: str = "", kinds: KindRegistry | None = None) -> list[tuple[str, str]]:
    """All problems of a parsed rule set, as (key path, explanation) pairs; empty when valid."""
    kinds = kinds or builtin_registry()
    model = model_for(data)
    try:
        ruleset = model.model_validate(data, context=validation_context(data, kinds))
    except ValidationError as exc:
        problems = [_describe(err, data, text) for err in exc.errors()]
        if model is Ruleset and ("fields" in data or "requirements" in data):
            hint = 'this looks like a project rule set (it has [fields] or [requirements]): add kind = "projects" under [ruleset] (docs/project-rulesets.md)'
            problems.insert(0, ("ruleset.kind", hint + line_hint("ruleset", text)))
        return problems
    out = []
    found = (
        check_project_references(ruleset, kinds)
        if isinstance(ruleset, ProjectRuleset)
        else check_references(ruleset, kinds)
    )
    for key, why in found:
        m = re.match(r"rules\[(\d+)\]", key)
        rule_id = ruleset.rules[int(m.group(1))].id if m else None
        out.append((key, why + line_hint(key, text, rule_id)))
    return out


def _describe(err: Any, data: dict, text: str) -> tuple[str, str]:
    loc = _clean_loc(err["loc"])
    key = _format_loc(loc)
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key (not part of the rule-set format; see docs/ruleset-format.md)"
    elif err["type"] == "missing":
        msg = "required key is missing"
    elif "input" in err and err["type"] not in ("union_tag_invalid", "union_tag_not_found"):
        shown = repr(err["input"])
        if len(shown) <= 60 and not isinstance(err["input"], dict):
            msg += f" (got {shown})"
    rule_id = _rule_id_at(loc, data)
    if rule_id:
        msg += f" [rule {rule_id}]"
    return key, msg + line_hint(key, text, rule_id)


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union-tag steps: ``condition.compare.op`` -> ``condition.op``."""
    out: list = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in _UNION_TAGS and i > 0:
            prev = loc[i - 1]
            if prev in ("condition", "derive", "when") or isinstance(prev, int):
                continue
        out.append(part)
    return tuple(out)


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part == "from_":
            out += ".from"
        else:
            out += f".{part}" if out else str(part)
    return out


def _rule_id_at(loc: tuple, data: dict) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        try:
            rid = data["rules"][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return rid if isinstance(rid, str) else None
    return None


def line_hint(key: str, text: str, rule_id: str | None = None) -> str:
    """' (line N)' where the offending table or rule can be found in the file."""
    if not text:
        return ""
    patterns: list[str] = []
    if rule_id:
        patterns.append(rf'^\s*id\s*=\s*"{re.escape(rule_id)}"')
    m = re.match(r"^(items|indicators|attributes|fields|requirements)\.([^.\[]+)", key)
    if m:
        name = re.escape(m.group(2))
        patterns.append(rf'^\s*\[{m.group(1)}\.(?:"{name}"|{name})[\].]')
    elif key.startswith("ruleset"):
        patterns.append(r"^\s*\[ruleset[\].]")
    for pattern in patterns:
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(pattern, line):
                return f" (line {number})"
    return ""


def check_references(rs: Ruleset, kinds: KindRegistry) -> list[tuple[str, str]]:
    """Problems the schema alone cannot see: references between parts of the rule set."""
    problems: list[tuple[str, str]] = _duplicate_ids(rs.rules)
    for i, rule in enumerate(rs.rules):
        where = f"rules[{i}]"
        if rule.indicator not in rs.indicators:
            problems.append((f"{where}.indicator", f"unknown indicator {rule.indicator!r} [rule {rule.id}]"))
        if rule.item not in rs.items:
            problems.append((f"{where}.item", f"unknown item {rule.item!r} [rule {rule.id}]"))
        context = CheckContext(rs, rule.id, "indicators")
        for path, cond in kinds.walk(rule.condition, f"{where}.condition"):
            kind = kinds.of(cond)
            of = kind.reads(cond)
            if of is not None and of not in rs.items:
                problems.append((f"{path}.of", f"unknown item {of!r} [rule {rule.id}]"))
            problems.extend((f"{path}.{key}", f"{why} [rule {rule.id}]") for key, why in kind.check(cond, context))
    used = {rule.indicator for rule in rs.rules}
    for number in rs.indicators:
        if number not in used:
            problems.append((f"indicators.{number}", "indicator has no rule"))
    problems += _name_clashes({k: (i.name, i.aliases) for k, i in rs.items.items()}, "items", "submissions")
    for key, item in rs.items.items():
        d = item.derive
        if d is None:
            continue
        for field in ("item", "numerator", "denominator"):
            ref = getattr(d, field, None)
            if ref is not None and ref not in rs.items:
                problems.append((f"items.{key}.derive.{field}", f"unknown item {ref!r}"))
        if _derivation_cycle(rs, key):
            problems.append((f"items.{key}.derive", "derivation refers back to itself"))
    return problems


def _derivation_cycle(rs: Ruleset, start: str) -> bool:
    stack, seen = [start], set()
    while stack:
        key = stack.pop()
        item = rs.items.get(key)
        if item is None or item.derive is None:
            continue
        for ref in (getattr(item.derive, f, None) for f in ("item", "numerator", "denominator")):
            if ref == start:
                return True
            if ref and ref not in seen:
                seen.add(ref)
                stack.append(ref)
    return False


def check_project_references(rs: ProjectRuleset, kinds: KindRegistry) -> list[tuple[str, str]]:
    """Problems the schema alone cannot see in a project rule set: fields and requirements
    that rules name, and rule IDs used twice."""
    problems: list[tuple[str, str]] = []
    problems += _duplicate_ids(rs.rules)
    fields = rs.fields

    def field_ref(path: str, key: str | None, rule: ProjectRule | None, *, what: str = "field") -> None:
        tag = f" [rule {rule.id}]" if rule else ""
        if key is None:
            problems.append((path, f"required key is missing (the {what} this applies to){tag}"))
        elif key not in fields:
            problems.append((path, f"unknown field {key!r} (declare it under [fields]){tag}"))

    for name in ("name", "number", "amount"):
        key = getattr(rs.records, name)
        if key is not None:
            field_ref(f"records.{name}", key, None)
    for i, rule in enumerate(rs.rules):
        where = f"rules[{i}]"
        if rule.requirement not in rs.requirements:
            problems.append((f"{where}.requirement", f"unknown requirement {rule.requirement!r} [rule {rule.id}]"))
        for part in ("condition", "when"):
            cond = getattr(rule, part)
            if cond is None:
                continue
            context = CheckContext(rs, rule.id, "projects")
            for path, c in kinds.walk(cond, f"{where}.{part}"):
                kind = kinds.of(c)
                problems.extend((f"{path}.{key}", f"{why} [rule {rule.id}]") for key, why in kind.check(c, context))
                if kind.children(c):
                    continue  # a compound reads through its parts
                of = kind.reads(c)
                field_ref(f"{path}.of", of, rule)
                wanted = kind.field_type
                if of in fields and wanted and fields[of].type != wanted:
                    problems.append(
                        (
                            f"{path}.of",
                            f"a {c.kind!r} condition reads a {wanted} field; {of!r} has type = {fields[of].type!r} [rule {rule.id}]",
                        )
                    )
        agg = rule.aggregate
        if agg is not None:
            if agg.of is not None:
                field_ref(f"{where}.aggregate.of", agg.of, rule)
                if agg.of in fields and fields[agg.of].type != "number":
                    problems.append(
                        (
                            f"{where}.aggregate.of",
                            f"field {agg.of!r} is not a number field (type = 'number') [rule {rule.id}]",
                        )
                    )
            if agg.group_by is not None:
                field_ref(f"{where}.aggregate.group_by", agg.group_by, rule)
    used = {rule.requirement for rule in rs.rules}
    problems += [(f"requirements.{n}", "requirement has no rule") for n in rs.requirements if n not in used]
    problems += _name_clashes({k: (f.name, f.aliases) for k, f in fields.items()}, "fields", "tables")
    return problems


def _duplicate_ids(rules: list) -> list[tuple[str, str]]:
    problems = []
    seen: dict[str, str] = {}
    for i, rule in enumerate(rules):
        for rid in (rule.id, *rule.aliases):
            if rid in seen:
                problems.append((f"rules[{i}].id", f"duplicate rule ID {rid!r} (also used by {seen[rid]})"))
            else:
                seen[rid] = f"rules[{i}]"
    return problems


def _name_clashes(named: dict, table: str, readers: str) -> list[tuple[str, str]]:
    """Two keys of ``[items]`` or ``[fields]`` answering to one name."""
    problems = []
    names: dict[str, str] = {}
    for key, (name, aliases) in named.items():
        for one in {key, name.zh, name.en, *aliases}:
            folded = name_key(one)
            if folded in names and names[folded] != key:
                problems.append(
                    (
                        f"{table}.{key}",
                        f"name or alias {one!r} is also used by {table}.{names[folded]}; {readers} could not tell them apart",
                    )
                )
            names.setdefault(folded, key)
    return problems
