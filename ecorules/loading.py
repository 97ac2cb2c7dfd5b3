"""Reading rule-set files: TOML -> validated :class:`~ecorules.ruleset.Ruleset`.

Every problem is collected and reported with the file, the key path
(``rules[3].condition.op``), the rule ID and the line where they can be found,
so an author fixes them all in one pass instead of one per run.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from ecorules.errors import InputError, RulesetError
from ecorules.files import read_text
from ecorules.ruleset import AllOf, AnyOf, Condition, Rule, Ruleset, Tiered, name_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

_UNION_TAGS = {
    "compare", "status", "target", "trend", "manual", "all", "any", "tiered",
    "share_of_year", "change", "ratio",
}  # fmt: skip


def load_ruleset_file(path: str | Path) -> Ruleset:
    try:
        text = read_text(path)
    except InputError as exc:
        raise RulesetError(str(path), [("", exc.message.en)]) from None
    return load_ruleset_text(text, str(path))


def load_ruleset_text(text: str, source: str) -> Ruleset:
    """Parse and validate one rule set; raise :class:`RulesetError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(source, [("", f"not valid TOML: {exc}")]) from None
    problems = validate_data(data, text)
    if problems:
        raise RulesetError(source, problems)
    return Ruleset.model_validate(data)


def validate_data(data: dict, text: str = "") -> list[tuple[str, str]]:
    """All problems of a parsed rule set, as (key path, explanation) pairs; empty when valid."""
    try:
        ruleset = Ruleset.model_validate(data)
    except ValidationError as exc:
        return [_describe(err, data, text) for err in exc.errors()]
    out = []
    for key, why in check_references(ruleset):
        m = re.match(r"rules\[(\d+)\]", key)
        rule_id = ruleset.rules[int(m.group(1))].id if m else None
        out.append((key, why + line_hint(key, text, rule_id)))
    return out


def _describe(err: dict, data: dict, text: str) -> tuple[str, str]:
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
            if prev in ("condition", "derive") or isinstance(prev, int):
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
    m = re.match(r"^(items|indicators|attributes)\.([^.\[]+)", key)
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


def check_references(rs: Ruleset) -> list[tuple[str, str]]:
    """Problems the schema alone cannot see: references between parts of the rule set."""
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for i, rule in enumerate(rs.rules):
        where = f"rules[{i}]"
        for rid in (rule.id, *rule.aliases):
            if rid in seen:
                problems.append((f"{where}.id", f"duplicate rule ID {rid!r} (also used by {seen[rid]})"))
            else:
                seen[rid] = f"rules[{i}]"
        if rule.indicator not in rs.indicators:
            problems.append((f"{where}.indicator", f"unknown indicator {rule.indicator!r} [rule {rule.id}]"))
        if rule.item not in rs.items:
            problems.append((f"{where}.item", f"unknown item {rule.item!r} [rule {rule.id}]"))
        for path, cond in walk_conditions(rule.condition, f"{where}.condition"):
            of = getattr(cond, "of", None)
            if of is not None and of not in rs.items:
                problems.append((f"{path}.of", f"unknown item {of!r} [rule {rule.id}]"))
            if isinstance(cond, Tiered):
                problems.extend(_check_tiers(rs, cond, path, rule))
    used = {rule.indicator for rule in rs.rules}
    for number in rs.indicators:
        if number not in used:
            problems.append((f"indicators.{number}", "indicator has no rule"))
    names: dict[str, str] = {}
    for key, item in rs.items.items():
        for name in {key, item.name.zh, item.name.en, *item.aliases}:
            folded = name_key(name)
            if folded in names and names[folded] != key:
                problems.append(
                    (
                        f"items.{key}",
                        f"name or alias {name!r} is also used by items.{names[folded]}; submissions could not tell them apart",
                    )
                )
            names.setdefault(folded, key)
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


def _check_tiers(rs: Ruleset, cond: Tiered, path: str, rule: Rule) -> list[tuple[str, str]]:
    attribute = rs.attributes.get(cond.attribute)
    if attribute is None:
        return [
            (
                f"{path}.attribute",
                f"unknown attribute {cond.attribute!r} (declare it under [attributes]) [rule {rule.id}]",
            )
        ]
    problems = []
    claimed: dict[str, int] = {}
    for t, tier in enumerate(cond.tiers):
        for value in tier.when:
            if value not in attribute.values:
                allowed = ", ".join(attribute.values)
                problems.append(
                    (
                        f"{path}.tiers[{t}].when",
                        f"{value!r} is not a value of {cond.attribute} ({allowed}) [rule {rule.id}]",
                    )
                )
            elif value in claimed:
                problems.append(
                    (f"{path}.tiers[{t}].when", f"{value!r} is already in tiers[{claimed[value]}] [rule {rule.id}]")
                )
            else:
                claimed[value] = t
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


def walk_conditions(cond: Condition, path: str) -> Iterator[tuple[str, Condition]]:
    """Every condition in a tree, with its key path, parents first."""
    yield path, cond
    if isinstance(cond, (AllOf, AnyOf)):
        for i, sub in enumerate(cond.conditions):
            yield from walk_conditions(sub, f"{path}.conditions[{i}]")
    elif isinstance(cond, Tiered):
        for i, tier in enumerate(cond.tiers):
            yield from walk_conditions(tier.condition, f"{path}.tiers[{i}].condition")
