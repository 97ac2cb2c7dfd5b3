"""``ecorules test``: declarative test cases for a rule set, and which rules they cover.

A case file (``tests/<name>.cases.toml`` beside a rule pack) names one rule set and lists
cases. Each case gives a few submitted values (or, for a project rule set, a few rows of
projects), names a rule or an indicator, and says which status it must get::

    ruleset = "../src/ecorules_jiangjin/jj-carbon-2025.toml"   # a file, or an installed ID
    year = 2025
    district = { name = "江津区", code = "500116" }

    [[cases]]
    name = "a fall of exactly 16 % meets the target"
    rule = "JJ25-01"
    values = { energy_intensity_reduction = 16 }
    expect = "met"
    actual = "16"             # optional: the value the finding shows
    message = "16 ≥ 16"       # optional: a part of its message, in either language

Cases are not evaluated by a second evaluator: each one becomes a submission (or a table of
projects) through the same code the CSV and xlsx readers use, and is checked by the
engine's real plan. Coverage counts, per rule set, the rules some passing case reaches on
each side that rule has: met and not met, or, for a rule decided by hand, any status.
The format is documented in ``docs/plugins.md`` ("Test cases").
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ecorules.adapters.project_tables import read_project_table
from ecorules.adapters.records import Record, build_submissions
from ecorules.adapters.tables import Sheet
from ecorules.model.errors import EcorulesError, InputError
from ecorules.model.files import TomlError, parse_toml, probe, read_text
from ecorules.model.findings import Finding, Status, indicator_status
from ecorules.model.problems import Problem
from ecorules.model.submission import Location
from ecorules.model.text import Lang, T, Text
from ecorules.model.validation import BilingualValueError, describe_error
from ecorules.registry import Components, RegisteredRuleset

CASE_SUFFIX = ".cases.toml"
# Folders never searched for case files or rule sets.
SKIPPED_FOLDERS = {"node_modules", "site-packages", "build", "dist", "__pycache__", "venv"}

Scalar = str | int | float | bool | datetime.date | datetime.datetime
# Every Status a finding can have (progress: a planned target not yet due and not yet reached).
StatusName = Literal["met", "not_met", "not_applicable", "not_assessed", "missing", "progress"]


class Cell(BaseModel):
    """One submitted value with the other columns of its row (the long layout's columns)."""

    model_config = ConfigDict(extra="forbid")

    value: Scalar
    unit: str | None = None
    target: Scalar | None = None
    target_period: str | None = None
    note: str | None = None


CellOrScalar = Cell | Scalar


class Case(BaseModel):
    """One case: the data, what it checks (a rule or an indicator) and the expected verdict."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="What the case shows, said once in the report.")
    rule: str | None = Field(None, description="The rule ID (or a former ID) whose finding is checked.")
    indicator: str | None = Field(
        None, description="Instead of a rule: the indicator (a project rule set's requirement) whose status is checked."
    )
    expect: StatusName = Field(description="The status the rule or indicator must get.")
    actual: str | None = Field(None, description="The value the finding must show (its 'actual' column).")
    message: str | None = Field(None, description="A part of the finding's message, in Chinese or English.")
    # indicator rule sets
    year: int | None = Field(None, description="The reporting year (default: the file's year).")
    baseline_year: int | None = None
    district: dict[str, Scalar] = Field(
        default_factory=dict, description="district.* identity values (name, code, attributes), over the file's."
    )
    values: dict[str, CellOrScalar] = Field(
        default_factory=dict, description="Item key (or its Chinese name or alias) -> the value for the reporting year."
    )
    years: dict[str, dict[str, CellOrScalar]] = Field(
        default_factory=dict, description="Values of other years, by year: { 2020 = { item = 0.5 } }."
    )
    # project rule sets
    projects: list[dict[str, Scalar]] | None = Field(
        None, description="A table of projects: one table per row, column header -> cell."
    )
    table: dict[str, Scalar] = Field(
        default_factory=dict, description="Rows above the table's header: label -> value (规划年限 = '2023—2030')."
    )
    total: dict[str, Scalar] | None = Field(None, description="The table's 合计 row: column header -> cell.")
    project: str | int | None = Field(
        None, description="Check only the finding about this project (a cell of its row: its name or number)."
    )

    @model_validator(mode="after")
    def _one_target(self) -> Case:
        if (self.rule is None) == (self.indicator is None):
            raise BilingualValueError(T("请给出 rule 或 indicator 之一", "give either rule or indicator"))
        return self


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ruleset: str = Field(
        description="The rule set under test: a .toml file (relative to this file) or an installed ID or family."
    )
    year: int | None = Field(
        None, description="Default reporting year (default: the last year the rule set is in force)."
    )
    baseline_year: int | None = None
    district: dict[str, Scalar] = Field(default_factory=dict, description="Default district.* values for every case.")
    cases: list[Case] = Field(min_length=1)


class CaseFileError(EcorulesError):
    """A case file that cannot be read or is not valid (exit 2)."""

    code = "input.cases-invalid"

    def __init__(self, file: str, problems: list[Problem]):
        n = len(problems)
        heading = T(f"测试用例文件无效（{n} 处问题）：", f"invalid case file ({n} problem{'s' if n != 1 else ''}):")
        super().__init__(problems=problems, heading=heading, file=file)


# --- reading case files ---------------------------------------------------------------------------


def case_line(text: str, index: int | None, key: str | None = None) -> int | None:
    """The line of case ``index`` (its ``[[cases]]`` header), or of ``key`` inside it."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines) if re.match(r"^\s*\[\[\s*cases\s*\]\]", line)]
    if index is None:
        begin, end = 0, (starts[0] if starts else len(lines))
    elif index < len(starts):
        begin = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
    else:
        return None
    if key:
        for n in range(begin, end):
            if re.match(rf"^\s*{re.escape(key)}\s*[=.]", lines[n]):
                return n + 1
    return begin + 1 if index is not None else None


def _problem(source: str, text: str, loc: tuple, message: Text, code: str) -> Problem:
    index = loc[1] if len(loc) > 1 and loc[0] == "cases" and isinstance(loc[1], int) else None
    key = next((p for p in loc[2:] if isinstance(p, str)), None) if index is not None else (loc[0] if loc else None)
    path = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))
    return Problem(code=code, message=message, file=source, key=path or None, line=case_line(text, index, key))


@dataclass
class LoadedCases:
    path: Path
    text: str
    model: CaseFile
    registered: RegisteredRuleset


def load_case_file(path: Path, components: Components) -> LoadedCases:
    """A case file, validated, with its rule set found; :class:`CaseFileError` listing every problem."""
    source = str(path)
    try:
        text = read_text(path)
    except InputError as exc:
        raise CaseFileError(source, exc.problems) from None
    try:
        data = parse_toml(text, "input.cases-syntax", source)
    except TomlError as exc:
        raise CaseFileError(source, exc.problems) from None
    try:
        model = CaseFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen: set[tuple] = set()
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p not in _UNION_STEPS)
            why = describe_error(err)
            if _UNION_STEPS & set(err["loc"]):
                if isinstance(err.get("input"), dict):
                    if _SCALAR_STEPS & set(err["loc"]):
                        continue  # a table: only what the Cell branch says about it
                elif loc in seen:
                    continue  # neither a single value nor a table: one problem, not one per branch
                else:
                    why = T(
                        "应为单个值，或含 value、unit 等键的表", "must be a single value, or a table with value, unit …"
                    )
            seen.add(loc)
            problems.append(_problem(source, text, loc, why, "input.cases-invalid"))
        raise CaseFileError(source, problems) from None
    spec = model.ruleset
    local = path.parent / spec
    try:
        if spec.lower().endswith(".toml"):
            if not local.is_file():
                raise InputError(T(f"规则集文件 {local} 不存在", f"rule-set file {local} not found"))
            registered = components.lookup_ruleset(str(local))
        else:
            registered = components.lookup_ruleset(spec, model.year)
    except EcorulesError as exc:
        why = T(exc.render("zh"), exc.render("en"))
        raise CaseFileError(
            source,
            [
                Problem(
                    code="input.cases-ruleset",
                    message=why,
                    file=source,
                    key="ruleset",
                    line=case_line(text, None, "ruleset"),
                )
            ],
        ) from None
    problems = _reference_problems(source, text, model, registered)
    if problems:
        raise CaseFileError(source, problems)
    return LoadedCases(path, text, model, registered)


# pydantic names the branch of a union in an error's path; a cell is a scalar or a Cell table.
_SCALAR_STEPS = {"str", "int", "float", "bool", "date", "datetime"}
_UNION_STEPS = _SCALAR_STEPS | {"Cell"}


def _reference_problems(source: str, text: str, model: CaseFile, registered: RegisteredRuleset) -> list[Problem]:
    rs = registered.ruleset
    projects = rs.record_kind == "projects"
    groups = set(rs.requirements) if projects else set(rs.indicators)  # type: ignore[union-attr]
    out = []

    def bad(i: int, key: str, zh: str, en: str) -> None:
        out.append(
            Problem(
                code="input.cases-reference",
                message=T(zh, en),
                file=source,
                key=f"cases[{i}].{key}",
                line=case_line(text, i, key),
            )
        )

    for i, case in enumerate(model.cases):
        if case.rule is not None and rs.rule(case.rule) is None:
            known = ", ".join(r.id for r in rs.rules)
            bad(
                i,
                "rule",
                f"规则集 {rs.ruleset.id} 没有规则 {case.rule!r}（可用：{known}）",
                f"rule set {rs.ruleset.id} has no rule {case.rule!r} (known: {known})",
            )
        if case.indicator is not None and case.indicator not in groups:
            what = T("要求", "requirement") if projects else T("指标", "indicator")
            known = ", ".join(sorted(groups))
            bad(
                i,
                "indicator",
                f"规则集 {rs.ruleset.id} 没有{what.zh} {case.indicator!r}（可用：{known}）",
                f"rule set {rs.ruleset.id} has no {what.en} {case.indicator!r} (known: {known})",
            )
        if projects and case.projects is None:
            bad(
                i,
                "projects",
                "项目规则集的用例需给出 projects（项目行）",
                "a case of a project rule set gives projects (its rows)",
            )
        if projects and (case.values or case.years):
            key = "values" if case.values else "years"
            bad(
                i,
                key,
                "项目规则集的用例用 projects 给出数据，而非 values/years",
                "a case of a project rule set gives projects, not values or years",
            )
        if not projects and (
            case.projects is not None or case.table or case.total is not None or case.project is not None
        ):
            key = next(k for k in ("projects", "table", "total", "project") if getattr(case, k) not in (None, {}))
            bad(
                i,
                key,
                "指标规则集的用例用 values 给出数据",
                "a case of an indicator rule set gives values, not projects",
            )
    return out


# --- running a case ------------------------------------------------------------------------------


def _text(raw: object) -> str:
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


DEFAULT_DISTRICT = "示例区"  # the district of a case whose file names none


def _indicator_record(loaded: LoadedCases, index: int, case: Case, year: int) -> Any:
    source = str(loaded.path)
    model = loaded.model
    records: list[Record] = []

    def add(pointer: str, **cells: object) -> None:
        loc = Location(file=source, pointer=pointer)
        records.append(Record({k: (_text(v) if v is not None else None, loc) for k, v in cells.items()}, location=loc))

    # a case tests rules, not a district's identity: the name may be left out
    district = {"name": DEFAULT_DISTRICT, **model.district, **case.district}
    for name, value in district.items():
        add(f"cases[{index}].district.{name}", key=f"district.{name}", value=value)
    add(f"cases[{index}].year", key="submission.year", value=year)
    baseline = case.baseline_year or model.baseline_year
    if baseline is not None:
        add(f"cases[{index}].baseline_year", key="submission.baseline_year", value=baseline)

    def cells(pointer: str, key: str, of_year: int, raw: CellOrScalar) -> None:
        if isinstance(raw, Cell):
            extra = raw.model_dump(exclude_none=True)
            add(pointer, key=key, year=of_year, **extra)
        else:
            add(pointer, key=key, year=of_year, value=raw)

    for key, raw in case.values.items():
        cells(f"cases[{index}].values.{key}", key, year, raw)
    for other, values in case.years.items():
        try:
            of_year = int(other)
        except ValueError:
            raise CaseFileError(
                source,
                [
                    Problem(
                        code="input.cases-invalid",
                        message=T(f"{other!r} 不是年份", f"{other!r} is not a year"),
                        file=source,
                        key=f"cases[{index}].years.{other}",
                        line=case_line(loaded.text, index, "years"),
                    )
                ],
            ) from None
        for key, raw in values.items():
            cells(f"cases[{index}].years.{other}.{key}", key, of_year, raw)
    submissions = build_submissions(records, source)
    return next(s for s in submissions if s.year == year)


def _project_record(loaded: LoadedCases, case: Case) -> tuple[Any, dict[int, list[str]]]:
    """The case's table read as a sheet: label rows, the header, one row per project, the total.
    Also each project's row number -> its cells' text (to find a project by name or number).
    A column the rule set requires and no row of the case gives is added, empty."""
    from ecorules.model.ruleset import name_key

    rows: list[tuple[int, list[object]]] = []
    for label, value in case.table.items():
        rows.append((len(rows) + 1, [label, _text(value)]))
    header: list[str] = []
    for project in case.projects or []:
        header += [h for h in project if h not in header]
    if case.total:
        header += [h for h in case.total if h not in header]
    rs = loaded.registered.ruleset
    given = {rs.field_names.get(name_key(h)) for h in header}  # type: ignore[union-attr]
    header += [key for key, f in rs.fields.items() if f.required and key not in given]  # type: ignore[union-attr]
    header_at = len(rows)
    rows.append((len(rows) + 1, list(header)))
    by_row: dict[int, list[str]] = {}
    for project in case.projects or []:
        cells = [_text(project[h]) if h in project else "" for h in header]
        by_row[len(rows) + 1] = cells
        rows.append((len(rows) + 1, list(cells)))
    if case.total is not None:
        cells = [_text(case.total[h]) if h in case.total else "" for h in header]
        cells[0] = cells[0] or "合计"
        rows.append((len(rows) + 1, list(cells)))
    sheet = Sheet(source=str(loaded.path), name=None, rows=rows)
    return read_project_table(sheet, header_at), by_row


@dataclass
class CaseResult:
    file: Path
    index: int
    case: Case
    line: int | None
    ruleset: RegisteredRuleset
    rule_ids: list[str]  # the rules the case checks (one, or an indicator's)
    got: Status | None  # None when no finding was found (an indicator the rule set evaluates nowhere)
    findings: list[Finding]
    failures: list[Text] = field(default_factory=list)  # what differs from the expectation

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def title(self, lang: Lang = "en") -> str:
        """'name [EC24-01]', or 'name [indicator 4]' (指标 4)."""
        if self.case.rule:
            return f"{self.case.name} [{self.case.rule}]"
        return f"{self.case.name} [{T('指标', 'indicator').get(lang)} {self.case.indicator}]"


def build_record(loaded: LoadedCases, index: int) -> tuple[Any, dict[int, list[str]]]:
    """The submission or table of projects case ``index`` describes, read the way the CSV and
    xlsx readers read a file; for a table, also each project's row -> its cells' text."""
    case = loaded.model.cases[index]
    rs = loaded.registered.ruleset
    meta = rs.ruleset
    try:
        if rs.record_kind == "projects":
            return _project_record(loaded, case)
        year = case.year or loaded.model.year or meta.years.to or meta.years.from_
        return _indicator_record(loaded, index, case, year), {}
    except InputError as exc:
        raise _case_problems(loaded, index, exc.problems) from None


def run_case(loaded: LoadedCases, index: int, engine: Any, plan: Any) -> CaseResult:
    case = loaded.model.cases[index]
    rs = loaded.registered.ruleset
    record, by_row = build_record(loaded, index)
    try:
        # binding the record to the rule set is the engine's: an unknown key is found here
        findings: list[Finding] = engine.evaluate(plan, record)
    except InputError as exc:
        raise _case_problems(loaded, index, exc.problems) from None
    if case.rule is not None:
        rule = rs.rule(case.rule)
        assert rule is not None  # checked when the file was loaded
        rule_ids = [rule.id]
    else:
        rule_ids = [r.id for r in rs.rules if _group_of(r) == case.indicator]
    chosen = [f for f in findings if f.rule_id in rule_ids]
    if case.project is not None:
        wanted = _text(case.project)
        chosen = [
            f
            for f in chosen
            if f.location is not None and f.location.row in by_row and wanted in by_row[f.location.row]
        ]
    got = indicator_status([f.status for f in chosen]) if chosen else None
    result = CaseResult(
        loaded.path, index, case, case_line(loaded.text, index), loaded.registered, rule_ids, got, chosen
    )
    if got is None or got.value != case.expect:
        result.failures.append(T("状态", "status"))
    if case.actual is not None:
        actuals = [f.actual for f in chosen]
        if case.actual not in actuals:
            result.failures.append(T("实际值", "actual value"))
    if case.message is not None:
        texts = [t for f in chosen for t in (f.message.zh, f.message.en)]
        if not any(case.message in t for t in texts):
            result.failures.append(T("消息", "message"))
    return result


def _in_case(problem: Problem, index: int, line: int | None) -> Problem:
    """A problem of the data a case builds, placed at the case (the rows and cells are the
    case's own, not a file's)."""
    from dataclasses import replace

    key = problem.where if problem.where and problem.where.startswith("cases[") else f"cases[{index}]"
    return replace(problem, sheet=None, row=None, column=None, cell=None, where=None, key=key, line=line)


def _case_problems(loaded: LoadedCases, index: int, problems: list[Problem]) -> CaseFileError:
    """The problems of the data case ``index`` describes, each at the line of the key it is in."""
    out = []
    for p in problems:
        part = re.match(r"cases\[\d+\]\.(\w+)", p.where or "")
        line = case_line(loaded.text, index, part.group(1) if part else None)
        out.append(_in_case(p, index, line))
    return CaseFileError(str(loaded.path), out)


def _group_of(rule: Any) -> str:
    return rule.requirement if hasattr(rule, "requirement") else rule.indicator


# --- coverage -------------------------------------------------------------------------------------


@dataclass
class RuleCoverage:
    rule_id: str
    sides: tuple[str, ...]  # "met", "not_met"; ("any",) for a rule decided by hand
    reached: set[str] = field(default_factory=set)

    @property
    def missing(self) -> list[str]:
        if self.sides == ("any",):
            return [] if self.reached else ["any"]
        return [s for s in self.sides if s not in self.reached]

    @property
    def covered(self) -> bool:
        return not self.missing


@dataclass
class RulesetCoverage:
    ruleset_id: str
    source: str
    rules: dict[str, RuleCoverage]

    @property
    def percent(self) -> float:
        if not self.rules:
            return 100.0
        return 100.0 * sum(r.covered for r in self.rules.values()) / len(self.rules)


def sides_of(rule: Any, kinds: Any) -> tuple[str, ...]:
    """The verdicts a rule can reach that a case should show: met and not met, or any status for a
    rule decided by hand (its kind gives no example, and says why)."""
    condition = getattr(rule, "condition", None)
    if condition is not None and getattr(rule, "aggregate", None) is None:
        kind = kinds.of(condition)
        if kind.no_example(condition) is not None and "indicators" in kind.record_kinds:
            return ("any",)
    return ("met", "not_met")


def coverage_of(registered: RegisteredRuleset, kinds: Any) -> RulesetCoverage:
    rs = registered.ruleset
    return RulesetCoverage(
        rs.ruleset.id,
        os.path.normpath(registered.source),
        {rule.id: RuleCoverage(rule.id, sides_of(rule, kinds)) for rule in rs.rules},
    )


def record_coverage(coverage: RulesetCoverage, result: CaseResult) -> None:
    """A passing case reaches, for each rule it checks, the side its finding is on."""
    if not result.passed:
        return
    for finding in result.findings:
        rule = coverage.rules.get(finding.rule_id)
        if rule is None:
            continue
        if rule.sides == ("any",):
            rule.reached.add("any")
        elif finding.status.value in rule.sides:
            rule.reached.add(finding.status.value)


# --- finding the files ----------------------------------------------------------------------------


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS and not d.endswith(".egg-info")
        )
        for name in sorted(files):
            yield Path(folder) / name


def find_case_files(paths: Iterable[Path]) -> list[Path]:
    """The case files named, and those under the folders named (``*.cases.toml``)."""
    found: list[Path] = []
    for path in paths:
        kind = probe(path)
        if isinstance(kind, InputError):
            raise kind  # a path the operating system refuses (too long, a NUL character)
        if kind == "folder":
            found += [p for p in _walk(path) if p.name.endswith(CASE_SUFFIX)]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def is_ruleset_file(path: Path) -> bool:
    """A TOML file with a ``[ruleset]`` table and rules: a rule set (valid or not)."""
    if path.suffix != ".toml" or path.name.endswith(CASE_SUFFIX) or path.name == "pyproject.toml":
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"^\s*\[ruleset\]", head, re.M)) and bool(re.search(r"^\s*\[\[rules\]\]", head, re.M))


def find_ruleset_files(paths: Iterable[Path]) -> list[Path]:
    """Rule-set files under the folders named, outside ``tests`` folders (whose rule sets are test
    data): each must have cases, or it counts as a rule set no case covers."""
    found = []
    for path in paths:
        if not path.is_dir():
            continue
        for p in _walk(path):
            if "tests" in p.relative_to(path).parts[:-1] or "test" in p.relative_to(path).parts[:-1]:
                continue
            if is_ruleset_file(p):
                found.append(p)
    return found


# --- a whole run ----------------------------------------------------------------------------------


@dataclass
class TestRun:
    results: list[CaseResult] = field(default_factory=list)
    coverage: dict[str, RulesetCoverage] = field(default_factory=dict)  # by rule-set source file
    uncovered_files: list[Path] = field(default_factory=list)  # rule sets found with no case file
    uncovered_rules: int = 0  # the rules of those rule sets (1 for one that does not load)
    errors: list[EcorulesError] = field(default_factory=list)

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    @property
    def percent(self) -> float:
        total = sum(len(c.rules) for c in self.coverage.values()) + self.uncovered_rules
        covered = sum(r.covered for c in self.coverage.values() for r in c.rules.values())
        return 100.0 * covered / total if total else 100.0


def run_tests(paths: list[Path], components: Components, engine_name: str = "python") -> TestRun:
    """Run every case of the case files found under ``paths``; a bad case file is recorded in
    ``errors`` and the other files still run."""
    run = TestRun()
    engine = components.engines.get(engine_name)
    plans: dict[int, Any] = {}
    for path in find_case_files(paths):
        try:
            loaded = load_case_file(path, components)
        except EcorulesError as exc:
            run.errors.append(exc)
            continue
        rs = loaded.registered.ruleset
        plan = plans.get(id(rs))
        if plan is None:
            plan = plans[id(rs)] = engine.compile(rs, components.kinds)
        key = (
            str(Path(loaded.registered.source).resolve())
            if Path(loaded.registered.source).exists()
            else loaded.registered.source
        )
        coverage = run.coverage.get(key)
        if coverage is None:
            coverage = run.coverage[key] = coverage_of(loaded.registered, components.kinds)
        for index in range(len(loaded.model.cases)):
            try:
                result = run_case(loaded, index, engine, plan)
            except EcorulesError as exc:
                run.errors.append(exc)
                continue
            run.results.append(result)
            record_coverage(coverage, result)
    tested = set(run.coverage)
    for path in find_ruleset_files(paths):
        if str(path.resolve()) not in tested:
            run.uncovered_files.append(path)
            try:
                run.uncovered_rules += len(components.lookup_ruleset(str(path)).ruleset.rules) or 1
            except EcorulesError:
                run.uncovered_rules += 1
    return run
