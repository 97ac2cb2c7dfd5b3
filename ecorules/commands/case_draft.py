"""``ecorules new cases RULESET``: a first case file for an indicator rule set, written from the
examples ``explain`` builds (a passing and a failing one per rule, each confirmed by the engine).

A drafted case records what the engine does today. Review every case against the source
document before committing it: a case is only worth as much as the reading it pins down.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from ecorules.commands.explain import Example, examples
from ecorules.model.errors import UsageError
from ecorules.model.findings import Status
from ecorules.model.ruleset import Ruleset
from ecorules.model.submission import District, Location, Observation, Submission
from ecorules.model.text import T
from ecorules.model.values import parse_value
from ecorules.registry import RegisteredRuleset


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def toml_value(value: object) -> str:
    """A string, number or inline table as TOML writes it (JSON's string escapes are TOML's)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _case(
    name: str, rule_id: str, year: int, example: Example | None, status: Status, actual: str | None, **data: Any
) -> list[str]:
    lines = ["[[cases]]", f"name = {toml_value(name)}", f"rule = {toml_value(rule_id)}"]
    if example is not None:
        sc = example.scenario
        values: dict[str, object] = {}
        years: dict[str, dict[str, object]] = {}
        for (key, of_year), raw in sorted(sc.values.items()):
            cell: object = raw
            if of_year == sc.year and key in sc.targets:
                cell = {"value": raw, "target": sc.targets[key]}
            if of_year == year:
                values[key] = cell
            else:
                years.setdefault(str(of_year), {})[key] = cell
        if sc.attributes:
            lines.append(f"district = {toml_value(sc.attributes)}")
        if sc.baseline:
            lines.append(f"baseline_year = {sc.year - 2}")
        lines.append(f"values = {toml_value(values)}")
        if years:
            lines.append(f"years = {toml_value(years)}")
    for key, value in data.items():
        lines.append(f"{key} = {toml_value(value)}")
    lines.append(f"expect = {toml_value(status.value)}")
    if actual is not None:
        lines.append(f"actual = {toml_value(actual)}")
    return [*lines, ""]


def draft_cases(registered: RegisteredRuleset, kinds: Any, engine: Any, case_file: Path) -> str:
    """The text of a case file for an indicator rule set: two cases per rule (one for a rule
    decided by hand), or a comment where no example could be built."""
    rs = registered.ruleset
    if not isinstance(rs, Ruleset):
        raise UsageError(
            T(
                "只能为指标规则集起草用例；项目规则集的用例请手写（见 docs/plugins.md）",
                "cases are drafted for indicator rule sets only; write a project rule set's cases by hand (docs/plugins.md)",
            ),
            code="usage.not-drafted",
        )
    meta = rs.ruleset
    year = meta.years.to or max(meta.years.from_, 2023)
    source = Path(registered.source)
    if source.is_file():
        spec = os.path.relpath(source.resolve(), case_file.resolve().parent).replace(os.sep, "/")
    else:
        spec = meta.id
    district = meta.districts[0] if meta.districts else "示例区"
    out = [
        f"# Test cases for {meta.id} {meta.version}: run them with `ecorules test`.",
        "# Drafted from the rule set by `ecorules new cases`; each expectation was confirmed by the",
        "# engine when drafted. Check every case against the source document, then add the cases the",
        "# source's wording calls for (the exact threshold, a bound, a missing value, a wrong unit).",
        f"ruleset = {toml_value(spec)}",
        f"year = {year}",
        f"district = {toml_value({'name': district})}",
        "",
    ]
    plan = engine.compile(rs, kinds)
    for rule in rs.rules:
        passing, failing = examples(rs, rule, kinds, engine)
        if passing is None and failing is None:
            # decided by hand, or no example: the status a submitted value gets
            status, actual = _hand_decided(rs, rule, year, district, engine, plan)
            out += _case(
                f"{rule.id}: decided by hand", rule.id, year, None, status, actual, values={rule.item: "已完成"}
            )
            continue
        for label, example in (("meets", passing), ("misses", failing)):
            if example is None:
                out.append(f"# {rule.id}: no {label[:-1]}ing example could be built; write this case by hand")
                out.append("")
                continue
            finding = example.finding
            out += _case(f"{rule.id} {label} its threshold", rule.id, year, example, finding.status, finding.actual)
    return "\n".join(out)


def _hand_decided(
    rs: Ruleset, rule: Any, year: int, district: str, engine: Any, plan: Any
) -> tuple[Status, str | None]:
    sub = Submission(
        source="draft",
        district=District(name=district),
        year=year,
        observations=[
            Observation(key=rule.item, year=year, value=parse_value("已完成"), location=Location(file="draft"))
        ],
    )
    finding = next(f for f in engine.evaluate(plan, sub) if f.rule_id == rule.id)
    return finding.status, finding.actual
