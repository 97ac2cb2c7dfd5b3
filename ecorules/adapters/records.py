"""Located records -> Submissions, shared by every adapter.

A record is one value: ``key, year, value, unit, target, target_period, note``
(one row of the long layout, or one year's cell of a wide row).
Rows whose key starts with ``district.`` or ``submission.`` carry the
submission's identity instead of a value (documented in
``docs/submission-format.md``). Every problem is collected with its location
and reported together, so a whole file is fixed in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ecorules.model.errors import InputError
from ecorules.model.problems import Problem
from ecorules.model.submission import District, Location, Observation, Submission
from ecorules.model.text import T
from ecorules.model.values import cell_text, parse_period, parse_value, parse_year

FIELDS = ("key", "year", "value", "unit", "target", "target_period", "note")

# Header names accepted for each field (compared folded and lower-cased).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "key": ("key", "item", "indicator", "指标", "指标键", "指标名称", "项目"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "数值", "值", "指标值", "当年指标值", "现状值"),
    "unit": ("unit", "单位"),
    "target": ("target", "目标值", "考核任务", "上级规定的考核任务", "考核目标"),
    "target_period": ("target_period", "目标期", "考核期", "目标年限"),
    "note": ("note", "备注", "说明", "来源"),
}

DISTRICT_FIELDS = {"name", "code"}
SUBMISSION_FIELDS = {"year", "baseline_year", "ruleset"}
# Chinese spellings of the identity keys.
META_ALIASES = {
    "区县名称": "district.name",
    "行政区名称": "district.name",
    "行政区划代码": "district.code",
    "区域类别": "district.region_class",
    "城市规模": "district.city_size",
    "填报年份": "submission.year",
    "基准年": "submission.baseline_year",
    "规则集": "submission.ruleset",
}


@dataclass
class Record:
    """One row as read: field -> (raw cell, location).

    A cell's location may be left None and built by ``locate`` when first asked for
    (``locate(None)``: the row's): most locations are never shown, and a batch reads
    hundreds of thousands of cells."""

    cells: dict[str, tuple[object, Location | None]] = field(default_factory=dict)
    location: Location | None = None  # of the row as a whole
    wide: bool = False  # one year's cell of a wide row: empty means "no value for that year"
    locate: Callable[[str | None], Location] | None = None

    def raw(self, name: str) -> object:
        cell = self.cells.get(name)
        return None if cell is None else cell[0]

    def loc(self, name: str) -> Location:
        cell = self.cells.get(name)
        if cell is not None and cell[1] is not None:
            return cell[1]
        if self.locate is not None:
            return self.locate(name if cell is not None else None)
        assert self.location is not None
        return self.location


def parse_years(raw: object) -> list[int] | None:
    """``2023``, ``2022, 2023``, ``2022、2023`` or ``2022-2023``: the reporting years listed."""
    text = re.sub(r"\s+", "", cell_text(raw))
    span = parse_period(text) if re.search(r"[-~至到]", text) else None
    if span is not None:
        return list(range(span[0], span[1] + 1))
    parts = [p for p in re.split(r"[,，、;；/]", text) if p]
    years = [parse_year(p) for p in parts]
    if not years or any(y is None for y in years):
        return None
    return sorted(set(y for y in years if y is not None))


def build_submissions(records: list[Record], source: str) -> list[Submission]:
    """One submission per reporting year. A file lists several in ``submission.year``
    (``2022, 2023``); a wide table that names none reports its latest year column."""
    problems: list[Problem] = []
    meta: dict[str, tuple[str, Location, Location]] = {}  # key -> (value, value cell, key cell)
    rows: list[tuple[Record, str]] = []  # the value rows, each with its key as read

    def problem(location: Location | None, code: str, zh: str, en: str) -> None:
        problems.append(Problem.at(location, code=code, message=T(zh, en), file=source))

    for rec in records:
        key = cell_text(rec.raw("key"))
        if not key or key.startswith("#"):
            continue  # blank separator rows and comment rows
        key = META_ALIASES.get(key, key)
        if key.startswith(("district.", "submission.")):
            if key in meta:
                first = meta[key][2]
                problem(
                    rec.loc("key"),
                    "input.duplicate-value",
                    f"{key} 填写了两次（首次在 {first.position('zh')}）",
                    f"{key} is given twice (first at {first.position('en')})",
                )
                continue
            section, _, name = key.partition(".")
            if section == "submission" and name not in SUBMISSION_FIELDS:
                known = "submission.year, submission.baseline_year, submission.ruleset"
                problem(
                    rec.loc("key"),
                    "input.unknown-key",
                    f"未知的键 {key!r}（可用：{known}）",
                    f"unknown key {key!r} (known: {known})",
                )
                continue
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                problem(
                    rec.loc("key"),
                    "input.invalid-key",
                    f"{key!r} 不是有效的键（点号后应使用小写字母、数字和下划线，如 district.region_class）",
                    f"{key!r} is not a valid key (use lower_snake_case after the dot)",
                )
                continue
            meta[key] = (cell_text(rec.raw("value")), rec.loc("value"), rec.loc("key"))
            continue
        rows.append((rec, key))

    def meta_value(key: str, required: bool = False) -> str | None:
        if key in meta and meta[key][0]:
            return meta[key][0]
        if required:
            problem(
                None,
                "input.missing-identity",
                f"缺少 {key}（请添加一行：键为 '{key}'，并填写其值）",
                f"{key} is required (add a row with key '{key}' and its value)",
            )
        return None

    district_name = meta_value("district.name", required=True)
    wide_years = sorted({y for rec, _ in rows if rec.wide and (y := parse_year(rec.raw("year"))) is not None})
    year_text = meta_value("submission.year", required=not wide_years)
    years = parse_years(year_text) if year_text else wide_years[-1:]
    if year_text and years is None:
        problem(
            meta["submission.year"][1],
            "input.bad-year",
            f"submission.year 应为年份，如 2023（或多个：2022, 2023），实为 {year_text!r}",
            f"submission.year must be a year such as 2023 (or several: 2022, 2023), got {year_text!r}",
        )
    years = years or []
    year = years[-1] if years else None
    baseline_text = meta_value("submission.baseline_year")
    baseline = parse_year(baseline_text) if baseline_text else None
    if baseline_text and baseline is None:
        problem(
            meta["submission.baseline_year"][1],
            "input.bad-year",
            f"submission.baseline_year 应为年份，实为 {baseline_text!r}",
            f"submission.baseline_year must be a year, got {baseline_text!r}",
        )

    observations: list[Observation] = []
    for rec, key in rows:
        # a batch reads ten thousand files of 57 rows: the cells are looked up here directly
        cells = rec.cells
        cell = cells.get("year")
        y_text = cell_text(None if cell is None else cell[0])
        if y_text:
            obs_year = parse_year(y_text)
            if obs_year is None:
                problem(
                    rec.loc("year"),
                    "input.bad-year",
                    f"year 应为年份，如 2023，实为 {y_text!r}",
                    f"year must be a year such as 2023, got {y_text!r}",
                )
                continue
        elif year is not None:
            obs_year = year
        else:
            continue  # reported above: no submission year
        cell = cells.get("value")
        value_raw = None if cell is None else cell[0]
        if rec.wide and obs_year not in years and not cell_text(value_raw):
            continue  # an empty cell in a year that is not reported: nothing was said
        period = None
        cell = cells.get("target_period")
        period_text = "" if cell is None else cell_text(cell[0])
        if period_text:
            period = parse_period(period_text)
            if period is None:
                problem(
                    rec.loc("target_period"),
                    "input.bad-period",
                    f"target_period 应形如 2021-2025 或 十四五，实为 {period_text!r}",
                    f"target_period must look like 2021-2025 or 十四五, got {period_text!r}",
                )
                continue
        target = cells.get("target")
        unit = cells.get("unit")
        note = cells.get("note")
        observations.append(
            Observation(
                key=key,
                year=obs_year,
                value=parse_value(value_raw),
                unit=None if unit is None else cell_text(unit[0]) or None,
                target=parse_value(target[0]) if target is not None and cell_text(target[0]) else None,
                target_period=period,
                note=None if note is None else cell_text(note[0]) or None,
                location=rec.loc("value"),
                target_location=None if target is None else rec.loc("target"),
                key_location=rec.loc("key"),
            )
        )

    if problems:
        heading = T("提交文件有误：", "the submission is not valid:")
        raise InputError(problems=problems, heading=heading, file=source)
    assert district_name is not None and year is not None
    attributes = {
        k.removeprefix("district."): v
        for k, (v, _, _) in meta.items()
        if k.startswith("district.") and k.removeprefix("district.") not in DISTRICT_FIELDS and v
    }
    district = District(name=district_name, code=meta_value("district.code"), attributes=attributes)
    return [
        Submission(
            source=source,
            district=district,
            year=reporting_year,
            baseline_year=baseline,
            ruleset=meta_value("submission.ruleset"),
            # every year's values: trends read earlier years, and a later year is simply not looked at
            observations=observations,
            meta_locations={k: loc for k, (_, loc, _) in meta.items()},
        )
        for reporting_year in years
    ]
