"""Reading rule-set files: TOML -> validated :class:`~ecorules.model.ruleset.Ruleset`.

Every problem is collected and reported with the file, the key path
(``rules[3].condition.op``), the rule ID and the line where they can be found,
so an author fixes them all in one pass instead of one per run.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ecorules.kinds import builtin_registry
from ecorules.kinds.base import CheckContext, KindRegistry, RecordKindName
from ecorules.model import limits
from ecorules.model.errors import InputError, RulesetError
from ecorules.model.files import TomlError, parse_toml, read_text
from ecorules.model.problems import Problem
from ecorules.model.ruleset import Ruleset, RulesetMeta, name_key
from ecorules.model.text import T, Text
from ecorules.model.validation import describe_error

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover - exercised on 3.10 only
    pass

# pydantic names the branch of a tagged union in an error's path; the derivations are one.
_UNION_TAGS = {"share_of_year", "change", "ratio"}

if TYPE_CHECKING:  # the project model is imported when a project rule set is read (model_for)
    from ecorules.model.project_ruleset import ProjectRule, ProjectRuleset

    AnyRuleset = Ruleset | ProjectRuleset


def load_ruleset_file(path: str | Path, kinds: KindRegistry | None = None) -> AnyRuleset:
    try:
        text = read_text(path)
    except InputError as exc:
        raise RulesetError(str(path), [replace(p, code="ruleset.unreadable") for p in exc.problems]) from None
    return load_ruleset_text(text, str(path), kinds)


def load_ruleset_text(text: str, source: str, kinds: KindRegistry | None = None) -> AnyRuleset:
    """Parse and validate one rule set (an indicator one, or ``kind = "projects"``) against
    the condition kinds known (the built-in ones by default); raise :class:`RulesetError`
    listing every problem."""
    try:
        data = parse_toml(text, "ruleset.toml-syntax", source)
    except TomlError as exc:
        raise RulesetError(source, exc.problems) from None
    kinds = kinds or builtin_registry()
    ruleset, problems = validated(data, text, kinds)
    if ruleset is None or problems:
        raise RulesetError(source, [replace(p, file=source) for p in problems])
    return ruleset


# A table header line of the ``[ruleset]`` table or one of its sub-tables (``[ruleset.document]``),
# and any other table header line (where the header part ends).
_HEADER_TABLE = re.compile(r"^[ \t]*\[\[?[ \t]*ruleset[ \t]*[.\]]")
_ANY_TABLE = re.compile(r"^[ \t]*\[")


def read_header(text: str, source: str) -> RulesetMeta | None:
    """The ``[ruleset]`` table of a rule-set file (ID, edition, years, districts …), read
    without parsing or validating the rest, so that registering a rule set costs little and
    the whole file is read only when the rule set is used. None when the table cannot be
    told apart this way (it is not written as ``[ruleset]`` tables, or what was cut out is
    not valid on its own): the caller then loads the whole file, which names the problem."""
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    inside = False
    for line in lines:
        if _ANY_TABLE.match(line):
            inside = bool(_HEADER_TABLE.match(line))
        if inside:
            kept.append(line)
    if not kept:
        return None
    try:
        data = parse_toml("".join(kept), "ruleset.toml-syntax", source)
        return RulesetMeta.model_validate(data.get("ruleset"))
    except (TomlError, ValidationError):
        return None


def record_kind_of(data: dict) -> RecordKindName:
    meta = data.get("ruleset")
    return "projects" if isinstance(meta, dict) and meta.get("kind") == "projects" else "indicators"


def validation_context(data: dict, kinds: KindRegistry) -> dict:
    """What the condition fields validate against: the kinds known, and which record kind
    the rule set checks (a kind serves indicator or project rule sets, or both)."""
    return {"kinds": kinds, "record_kind": record_kind_of(data)}


def model_for(data: dict) -> type[Ruleset] | type[ProjectRuleset]:
    """The model a parsed rule set is validated into, by its ``ruleset.kind``."""
    if record_kind_of(data) == "projects":
        from ecorules.model.project_ruleset import ProjectRuleset

        return ProjectRuleset
    return Ruleset


# (key path, message, code): a problem found before the file and line are known
Found = tuple[str, Text, str]

_CODES = {
    "missing": "ruleset.missing-key",
    "extra_forbidden": "ruleset.unknown-key",
    "condition_kind_unknown": "ruleset.unknown-kind",
    "condition_kind_missing": "ruleset.unknown-kind",
    "union_tag_invalid": "ruleset.unknown-kind",
    "union_tag_not_found": "ruleset.unknown-kind",
}
_UNKNOWN_KEY = T(
    "未知的键（不属于规则集格式；见 docs/ruleset-format.md）",
    "unknown key (not part of the rule-set format; see docs/ruleset-format.md)",
)


def validated(data: dict, text: str = "", kinds: KindRegistry | None = None) -> tuple[AnyRuleset | None, list[Problem]]:
    """The rule set, validated once, and its problems (the rule set is None when the schema
    rejects it)."""
    kinds = kinds or builtin_registry()
    model = model_for(data)
    try:
        ruleset = model.model_validate(data, context=validation_context(data, kinds))
    except ValidationError as exc:
        problems = [_describe(err, data, text) for err in exc.errors()]
        if model is Ruleset and ("fields" in data or "requirements" in data):
            hint = T(
                '这看起来是项目规则集（有 [fields] 或 [requirements]）：请在 [ruleset] 下加 kind = "projects"（见 docs/project-rulesets.md）',
                'this looks like a project rule set (it has [fields] or [requirements]): add kind = "projects" under [ruleset] (docs/project-rulesets.md)',
            )
            problems.insert(
                0, Problem(code="ruleset.kind-hint", message=hint, key="ruleset.kind", line=line_of("ruleset", text))
            )
        return None, problems
    found: list[Found] = _REFERENCE_CHECKS[ruleset.record_kind](ruleset, kinds)
    out = []
    for key, why, code in found:
        m = re.match(r"rules\[(\d+)\]", key)
        rule_id = ruleset.rules[int(m.group(1))].id if m else None
        out.append(Problem(code=code, message=why, key=key, line=line_of(key, text, rule_id)))
    return ruleset, out


def tagged(text: Text, rule_id: str | None) -> Text:
    """A problem's text with the rule it is in: '… [rule EC24-04.1]'."""
    if not rule_id:
        return text
    return T(f"{text.zh} [规则 {rule_id}]", f"{text.en} [rule {rule_id}]")


def _describe(err: Any, data: dict, text: str) -> Problem:
    loc = _clean_loc(err["loc"])
    key = _format_loc(loc)
    why = describe_error(err, unknown_key_hint=_UNKNOWN_KEY)
    rule_id = _rule_id_at(loc, data)
    code = _CODES.get(err["type"], "ruleset.invalid-value")
    return Problem(code=code, message=tagged(why, rule_id), key=key, line=line_of(key, text, rule_id))


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


def line_of(key: str, text: str, rule_id: str | None = None) -> int | None:
    """The line where the offending table or rule can be found in the file."""
    if not text:
        return None
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
                return number
    return None


def _unknown(what_zh: str, what_en: str, ref: str) -> Text:
    return T(f"未知的{what_zh} {ref!r}", f"unknown {what_en} {ref!r}")


def _kind_problems(kind: Any, cond: Any, context: CheckContext, path: str, rule_id: str) -> list[Found]:
    """A kind's own reference checks; a plugin kind may word them in English only."""
    out: list[Found] = []
    for key, why in kind.check(cond, context):
        text = why if isinstance(why, Text) else T(str(why), str(why))
        out.append((f"{path}.{key}", tagged(text, rule_id), "ruleset.condition"))
    return out


def check_references(rs: Ruleset, kinds: KindRegistry) -> list[Found]:
    """Problems the schema alone cannot see: references between parts of the rule set."""
    problems: list[Found] = _duplicate_ids(rs.rules)
    for i, rule in enumerate(rs.rules):
        where = f"rules[{i}]"
        if rule.indicator not in rs.indicators:
            why = tagged(_unknown("指标", "indicator", rule.indicator), rule.id)
            problems.append((f"{where}.indicator", why, "ruleset.unknown-reference"))
        if rule.item not in rs.items:
            problems.append(
                (f"{where}.item", tagged(_unknown("子项", "item", rule.item), rule.id), "ruleset.unknown-reference")
            )
        context = CheckContext(rs, rule.id, "indicators")
        for path, cond in kinds.walk(rule.condition, f"{where}.condition"):
            kind = kinds.of(cond)
            of = kind.reads(cond)
            if of is not None and of not in rs.items:
                problems.append(
                    (f"{path}.of", tagged(_unknown("子项", "item", of), rule.id), "ruleset.unknown-reference")
                )
            problems += _kind_problems(kind, cond, context, path, rule.id)
    used = {rule.indicator for rule in rs.rules}
    for number in rs.indicators:
        if number not in used:
            problems.append((f"indicators.{number}", T("该指标没有规则", "indicator has no rule"), "ruleset.unused"))
    problems += _name_clashes(
        {k: (i.name, i.aliases) for k, i in rs.items.items()}, "items", T("提交数据", "submissions")
    )
    for key, item in rs.items.items():
        d = item.derive
        if d is None:
            continue
        for field in ("item", "numerator", "denominator"):
            ref = getattr(d, field, None)
            if ref is not None and ref not in rs.items:
                problems.append(
                    (f"items.{key}.derive.{field}", _unknown("子项", "item", ref), "ruleset.unknown-reference")
                )
    depths, cyclic = derivation_depths(rs)
    max_depth = limits.current().derivation_depth
    for key in rs.items:
        if cyclic and _derivation_cycle(rs, key):
            why = T("派生值引用了自身", "derivation refers back to itself")
            problems.append((f"items.{key}.derive", why, "ruleset.derivation-cycle"))
        elif depths.get(key, 0) == max_depth + 1:  # where a chain first goes too deep
            why = limits.with_advice(
                T(
                    f"派生值层层引用超过 {max_depth} 层",
                    f"derived from derived values more than {max_depth} levels deep",
                ),
                "derivation-depth",
            )
            problems.append((f"items.{key}.derive", why, "ruleset.derivation-depth"))
    return problems


def _references(rs: Ruleset, key: str) -> list[str]:
    item = rs.items.get(key)
    if item is None or item.derive is None:
        return []
    refs = (getattr(item.derive, f, None) for f in ("item", "numerator", "denominator"))
    return [r for r in refs if r and r in rs.items]


def derivation_depths(rs: Ruleset) -> tuple[dict[str, int], bool]:
    """How many derivations deep each item is (0 for a submitted one), in one pass over the
    items without recursion; and whether some derivation refers back to itself."""
    depth: dict[str, int] = {}
    visiting: set[str] = set()
    cyclic = False
    for start in rs.items:
        if start in depth:
            continue
        stack = [(start, iter(_references(rs, start)))]
        visiting.add(start)
        while stack:
            key, refs = stack[-1]
            ref = next(refs, None)
            if ref is None:
                stack.pop()
                visiting.discard(key)
                below = [depth.get(r, 0) for r in _references(rs, key)]
                depth[key] = 1 + max(below) if below else (1 if rs.items[key].derive is not None else 0)
            elif ref in visiting:
                cyclic = True
            elif ref not in depth:
                visiting.add(ref)
                stack.append((ref, iter(_references(rs, ref))))
    return depth, cyclic


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


def check_project_references(rs: ProjectRuleset, kinds: KindRegistry) -> list[Found]:
    """Problems the schema alone cannot see in a project rule set: fields and requirements
    that rules name, and rule IDs used twice."""
    problems: list[Found] = []
    problems += _duplicate_ids(rs.rules)
    fields = rs.fields

    def field_ref(path: str, key: str | None, rule: ProjectRule | None) -> None:
        rule_id = rule.id if rule else None
        if key is None:
            why = T("缺少必需的键（该条件读取的字段）", "required key is missing (the field this applies to)")
            problems.append((path, tagged(why, rule_id), "ruleset.missing-key"))
        elif key not in fields:
            why = T(f"未知的字段 {key!r}（请在 [fields] 中声明）", f"unknown field {key!r} (declare it under [fields])")
            problems.append((path, tagged(why, rule_id), "ruleset.unknown-reference"))

    for name in ("name", "number", "amount"):
        key = getattr(rs.records, name)
        if key is not None:
            field_ref(f"records.{name}", key, None)
    for i, rule in enumerate(rs.rules):
        where = f"rules[{i}]"
        if rule.requirement not in rs.requirements:
            why = tagged(_unknown("要求", "requirement", rule.requirement), rule.id)
            problems.append((f"{where}.requirement", why, "ruleset.unknown-reference"))
        for part in ("condition", "when"):
            cond = getattr(rule, part)
            if cond is None:
                continue
            context = CheckContext(rs, rule.id, "projects")
            for path, c in kinds.walk(cond, f"{where}.{part}"):
                kind = kinds.of(c)
                problems += _kind_problems(kind, c, context, path, rule.id)
                if kind.children(c):
                    continue  # a compound reads through its parts
                of = kind.reads(c)
                field_ref(f"{path}.of", of, rule)
                wanted = kind.field_type
                if of in fields and wanted and fields[of].type != wanted:
                    why = T(
                        f"条件 {c.kind!r} 读取 {wanted} 类型的字段；{of!r} 的 type = {fields[of].type!r}",
                        f"a {c.kind!r} condition reads a {wanted} field; {of!r} has type = {fields[of].type!r}",
                    )
                    problems.append((f"{path}.of", tagged(why, rule.id), "ruleset.field-type"))
        agg = rule.aggregate
        if agg is not None:
            if agg.of is not None:
                field_ref(f"{where}.aggregate.of", agg.of, rule)
                if agg.of in fields and fields[agg.of].type != "number":
                    why = T(
                        f"字段 {agg.of!r} 不是数值字段（type = 'number'）",
                        f"field {agg.of!r} is not a number field (type = 'number')",
                    )
                    problems.append((f"{where}.aggregate.of", tagged(why, rule.id), "ruleset.field-type"))
            if agg.group_by is not None:
                field_ref(f"{where}.aggregate.group_by", agg.group_by, rule)
    used = {rule.requirement for rule in rs.rules}
    unused = T("该要求没有规则", "requirement has no rule")
    problems += [(f"requirements.{n}", unused, "ruleset.unused") for n in rs.requirements if n not in used]
    problems += _name_clashes({k: (f.name, f.aliases) for k, f in fields.items()}, "fields", T("项目表", "tables"))
    return problems


def _duplicate_ids(rules: list) -> list[Found]:
    problems: list[Found] = []
    seen: dict[str, str] = {}
    for i, rule in enumerate(rules):
        for rid in (rule.id, *rule.aliases):
            if rid in seen:
                why = T(
                    f"规则编号 {rid!r} 重复（{seen[rid]} 也使用）",
                    f"duplicate rule ID {rid!r} (also used by {seen[rid]})",
                )
                problems.append((f"rules[{i}].id", why, "ruleset.duplicate-id"))
            else:
                seen[rid] = f"rules[{i}]"
    return problems


def _name_clashes(named: dict, table: str, readers: Text) -> list[Found]:
    """Two keys of ``[items]`` or ``[fields]`` answering to one name."""
    problems: list[Found] = []
    names: dict[str, str] = {}
    for key, (name, aliases) in named.items():
        for one in {key, name.zh, name.en, *aliases}:
            folded = name_key(one)
            if folded in names and names[folded] != key:
                other = f"{table}.{names[folded]}"
                why = T(
                    f"名称或别名 {one!r} 也用于 {other}；{readers.zh}无法区分二者",
                    f"name or alias {one!r} is also used by {other}; {readers.en} could not tell them apart",
                )
                problems.append((f"{table}.{key}", why, "ruleset.name-clash"))
            names.setdefault(folded, key)
    return problems


# The references each record kind's rule sets make (ecorules.record_kinds).
_REFERENCE_CHECKS: dict[str, Any] = {"indicators": check_references, "projects": check_project_references}
