"""Spreadsheet-shaped input (CSV files, xlsx sheets) -> located records.

File-format adapters only turn a file into :class:`Sheet` objects (rows of raw
cells with their row numbers); this module finds each sheet's header row,
tells the layout from it and yields :class:`~ecorules.adapters.records.Record`
objects, so CSV and xlsx read exactly the same way:

- **long** layout: a ``key`` column and a ``value`` column, one value per row
  (the canonical layout);
- **wide** layout: a ``key`` column and one column per year (``2022``,
  ``2023年``), one row per sub-item, like Table 4 of the plans. Target
  columns name their year (``2023年目标值``); a ``目标值`` column without a
  year belongs to the latest year column.

Rows above the header are a *preamble*: a title, and identity pairs such as
``区县名称 | 渝北区`` or ``submission.year | 2022, 2023`` (key in one cell,
value in the next). Columns a plan table carries for the reader (序号, 领域,
指标值要求, 达标情况, ...) are recognised and ignored; any other unknown
column is an error, so a misspelt header is never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ecorules.adapters.project_tables import looks_like_project_header, read_project_table
from ecorules.adapters.records import FIELDS, HEADER_ALIASES, META_ALIASES, Record, build_submissions
from ecorules.model import limits
from ecorules.model.errors import InputError
from ecorules.model.problems import Problem, row_position
from ecorules.model.submission import Location, Submission, column_letter
from ecorules.model.text import Lang, T, Text
from ecorules.model.values import fold

if TYPE_CHECKING:  # imported with the first project table (adapters.project_tables)
    from ecorules.model.projects import ProjectLibrary

# How far down a sheet the header row may be (title and identity rows come first).
HEADER_SEARCH_ROWS = 40

# Columns of the plans' own tables that carry nothing to check. (指标名称 and 子项名称 are
# key candidates: when another column is the key they are ignored too, see _choose_key.)
INFORMATIONAL_HEADERS = {
    "序号",
    "指标序号",
    "编号",
    "no",
    "no.",
    "number",
    "领域",
    "任务",
    "domain",
    "task",
    "sub-item",
    "name",
    "指标值要求",
    "指标要求",
    "要求",
    "指标值(要求)",
    "threshold",
    "requirement",
    "指标属性",
    "属性",
    "指标类型",
    "category",
    "达标情况",
    "状态",
    "status",
}
# A column with one of these headers is the key column even if others could be.
PRIMARY_KEY_HEADERS = ("key", "键", "指标键", "代码", "code")
# Otherwise one of these (checked in order) serves as the key.
SECONDARY_KEY_HEADERS = ("子项名称", "子项", "指标名称", "指标", "item", "indicator", "项目")

_YEAR = r"((?:19|20|21)\d{2})"
_VALUE_WORDS = r"(?:现状值|指标值|数值|值|完成值|value)"
_TARGET_WORDS = r"(?:目标值|目标|考核任务|上级规定的考核任务|考核目标|target)"
_YEAR_VALUE = [
    re.compile(rf"^{_YEAR}年?(?:年度)?{_VALUE_WORDS}?$"),
    re.compile(rf"^{_VALUE_WORDS}[(（]{_YEAR}年?[)）]$"),
]
_YEAR_TARGET = [
    re.compile(rf"^{_YEAR}年?(?:年度)?{_TARGET_WORDS}$"),
    re.compile(rf"^{_TARGET_WORDS}[(（]{_YEAR}年?[)）]$"),
]

INSTRUCTION_SHEETS = {"填表说明", "说明", "instructions", "readme"}


@dataclass
class Sheet:
    """One table as read: ``rows`` are (physical row number, raw cells); ``name`` is the
    sheet name for workbooks and None for a CSV file."""

    source: str
    name: str | None
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    # Merged ranges (xlsx): (first row, first column index, last row, last column index).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def location(self, row: int, col: int | None = None, column: str | None = None) -> Location:
        cell = f"{column_letter(col)}{row}" if col is not None else None
        return Location(file=self.source, sheet=self.name, row=row, column=column, cell=cell)

    def locate(self, row: int, columns: dict[str, tuple[int, str]], name: str | None) -> Location:
        """The location of a record's cell ``name`` (``columns``: name -> index, header), or
        of its row; see :class:`Record`."""
        if name is None:
            return Location(file=self.source, sheet=self.name, row=row)
        index, header = columns[name]
        return Location(file=self.source, sheet=self.name, row=row, column=header, cell=f"{column_letter(index)}{row}")

    def where(self, row: int, col: int | None = None, lang: Lang = "en") -> str:
        """'表4!E12' in a workbook, 'row 12, column E' (第 12 行，E 列) in a CSV file; without
        a column, the whole row: '表4!12:12', 'row 12' (第 12 行)."""
        cell = f"{column_letter(col)}{row}" if col is not None else None
        if self.name:
            return f"{self.name}!{cell}" if cell else f"{self.name}!{row}:{row}"
        return row_position(row, None, cell, lang)

    def problem(self, row: int, col: int | None, *, code: str, message: Text) -> Problem:
        """A problem at a cell of the sheet, or at a whole row when ``col`` is None."""
        cell = f"{column_letter(col)}{row}" if col is not None else None
        return Problem(code=code, message=message, file=self.source, sheet=self.name, row=row, cell=cell)

    def header_error(self, row: int, problems: list[Problem]) -> InputError:
        """The header row ``row`` cannot be read, for these reasons."""
        heading = T(
            f"{self.where(row, lang='zh')}: 表头有误：", f"{self.where(row, lang='en')}: the header row is not valid:"
        )
        return InputError(problems=problems, heading=heading, file=self.source)


def _fold(header: object) -> str:
    return re.sub(r"\s+", "", fold(str(header if header is not None else ""))).lower()


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


class TableSize:
    """Counts a table's rows as a reader appends them, refusing a table beyond the limits
    ``rows`` and ``columns`` (filled columns: blank cells after the last filled one do not
    count) and a file whose time (``seconds-per-file``) is over."""

    __slots__ = ("max_columns", "max_rows", "rows", "sheet")

    def __init__(self, sheet: Sheet):
        in_force = limits.current()
        self.sheet = sheet
        self.rows = 0
        self.max_rows = in_force.rows
        self.max_columns = in_force.columns

    def admit(self, row: int, cells: Sequence[object]) -> None:
        self.rows += 1
        if self.rows > self.max_rows:
            raise limits.exceeded(
                "rows",
                self.sheet.source,
                T(f"表格超过 {self.max_rows} 行", f"the table has more than {self.max_rows} rows"),
                sheet=self.sheet.name,
                row=row,
            )
        if len(cells) > self.max_columns:
            filled = next((i for i in range(len(cells) - 1, -1, -1) if not is_blank(cells[i])), -1) + 1
            if filled > self.max_columns:
                raise limits.exceeded(
                    "columns",
                    self.sheet.source,
                    T(f"该行有 {filled} 列", f"the row has {filled} columns"),
                    sheet=self.sheet.name,
                    row=row,
                    column=column_letter(filled - 1),
                )
        limits.checkpoint()


@dataclass
class _Column:
    index: int
    header: str
    role: str  # a FIELDS name, "year_value", "year_target", or "ignore"
    year: int | None = None


def _classify(header: object) -> tuple[str, int | None] | None:
    h = _fold(header)
    for pattern in _YEAR_VALUE:
        m = pattern.match(h)
        if m:
            return "year_value", int(m.group(1))
    for pattern in _YEAR_TARGET:
        m = pattern.match(h)
        if m:
            return "year_target", int(m.group(1))
    if h in PRIMARY_KEY_HEADERS or h in SECONDARY_KEY_HEADERS:
        return "key", None
    for name, aliases in HEADER_ALIASES.items():
        if h in aliases:
            return name, None
    if h in INFORMATIONAL_HEADERS:
        return "ignore", None
    return None


def _looks_like_header(cells: list[object]) -> bool:
    roles = [c[0] for c in (_classify(x) for x in cells if not is_blank(x)) if c is not None]
    return "key" in roles and ("value" in roles or "year_value" in roles)


def _columns(sheet: Sheet, line: int, header: list[object]) -> list[_Column]:
    """Classify the header row's cells; every problem is listed at once."""
    columns: list[_Column] = []
    problems: list[Problem] = []
    known = ", ".join(FIELDS)
    for i, raw in enumerate(header):
        if is_blank(raw):
            continue
        text = str(raw).strip()
        kind = _classify(raw)
        if kind is None:
            why = T(
                f"{text!r} 不是可识别的列（可用：{known}、年份（如 2023）或某年的目标值（如 2023年目标值））",
                f"{text!r} is not a known column "
                f"(known: {known}, a year such as 2023, or a year's target such as 2023年目标值)",
            )
            problems.append(sheet.problem(line, i, code="input.unknown-column", message=why))
            continue
        columns.append(_Column(i, text, kind[0], kind[1]))
    _choose_key(columns, sheet, line, problems)
    seen: dict[tuple[str, int | None], _Column] = {}
    for col in columns:
        if col.role == "ignore":
            continue
        slot = (col.role, col.year)
        if slot in seen:
            first = f"{column_letter(seen[slot].index)}"
            why = T(
                f"{col.header!r} 与 {first} 列（{seen[slot].header!r}）重复",
                f"{col.header!r} repeats column {first} ({seen[slot].header!r})",
            )
            problems.append(sheet.problem(line, col.index, code="input.duplicate-column", message=why))
        seen[slot] = col
    roles = {c.role for c in columns}
    if "value" in roles and "year_value" in roles:
        why = T(
            "表头中既有 value 列又有年份列；每个工作表只用一种布局（长表：key、year、value；宽表：key 和每年一列）",
            "the header has both a value column and year columns; "
            "use one layout per sheet (long: key, year, value; wide: key and one column per year)",
        )
        problems.append(sheet.problem(line, None, code="input.mixed-layout", message=why))
    if "value" in roles and "year_target" in roles:
        why = T(
            "带年份的目标值列只用于宽表；长表请用 target 列",
            "year target columns belong to the wide layout; use target",
        )
        problems.append(sheet.problem(line, None, code="input.mixed-layout", message=why))
    if problems:
        raise sheet.header_error(line, problems)
    return columns


def _choose_key(columns: list[_Column], sheet: Sheet, line: int, problems: list[Problem]) -> None:
    """One column is the key: a ``key`` column if there is one, else the first candidate by
    preference (子项名称 before 指标名称 ...). The other candidates are left for the reader."""
    candidates = [c for c in columns if c.role == "key"]
    if len(candidates) <= 1:
        return

    def rank(col: _Column) -> int:
        h = _fold(col.header)
        if h in PRIMARY_KEY_HEADERS:
            return -1
        return SECONDARY_KEY_HEADERS.index(h) if h in SECONDARY_KEY_HEADERS else len(SECONDARY_KEY_HEADERS)

    candidates.sort(key=rank)
    if rank(candidates[0]) == rank(candidates[1]):
        first, second = candidates[0].header, candidates[1].header
        why = T(
            f"{first!r} 列与 {second!r} 列都可作为键列；请重命名其中一列",
            f"columns {first!r} and {second!r} could both be the key column; rename one",
        )
        problems.append(sheet.problem(line, candidates[1].index, code="input.duplicate-column", message=why))
    for col in candidates[1:]:
        col.role = "ignore"


def _preamble(sheet: Sheet, rows: Iterable[tuple[int, list[object]]]) -> list[Record]:
    """Identity pairs above the header: the first non-empty cell is the key, the cell
    right after it the value. Titles and other text are skipped."""
    records = []
    for line, cells in rows:
        filled = [i for i, c in enumerate(cells) if not is_blank(c)]
        if not filled:
            continue
        i = filled[0]
        key = fold(str(cells[i])).strip().rstrip(":：")
        key = META_ALIASES.get(key, key)
        if not key.startswith(("district.", "submission.")):
            continue
        value = cells[i + 1] if i + 1 < len(cells) else None
        key_loc = sheet.location(line, i, "key")
        records.append(Record({"key": (key, key_loc), "value": (value, sheet.location(line, i + 1, "value"))}, key_loc))
    return records


def sheet_records(sheet: Sheet) -> list[Record] | ProjectLibrary | None:
    """The sheet's indicator records, or its project table, or None when the sheet holds
    no table to read (an instructions sheet, an empty one, or one with no header row)."""
    if sheet.name is not None and _fold(sheet.name) in INSTRUCTION_SHEETS:
        return None
    header_at = None
    for n, (_, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if _looks_like_header(cells):
            header_at = n
            break
        if looks_like_project_header(cells):
            return read_project_table(sheet, n)
    if header_at is None:
        _explain_near_header(sheet)
        identity = _preamble(sheet, sheet.rows)
        return identity or None
    line, header = sheet.rows[header_at]
    columns = _columns(sheet, line, header)
    records = _preamble(sheet, sheet.rows[:header_at])
    body = sheet.rows[header_at + 1 :]
    if any(c.role == "year_value" for c in columns):
        records += _wide_records(sheet, columns, body)
    else:
        records += _long_records(sheet, columns, body)
    return records


def _explain_near_header(sheet: Sheet) -> None:
    """A row with a key column but no value or year column is a header with a mistake in
    it (``key, valeur``): say what is wrong with it rather than that no header exists."""
    for line, cells in sheet.rows[:HEADER_SEARCH_ROWS]:
        filled = [c for c in cells if not is_blank(c)]
        if len(filled) < 2 or not any((_classify(c) or ("",))[0] == "key" for c in filled):
            continue
        _columns(sheet, line, cells)  # raises for unknown or repeated columns
        why = T(
            "表头缺少 value 列或年份列（如 2023）", "the header has no value column and no year column (such as 2023)"
        )
        raise InputError(problems=[sheet.problem(line, None, code="input.no-header", message=why)])


def _long_records(sheet: Sheet, columns: list[_Column], body: list[tuple[int, list[object]]]) -> list[Record]:
    used = {col.role: (col.index, col.header) for col in columns if col.role != "ignore"}
    records = []
    for line, cells in body:
        if all(is_blank(c) for c in cells):
            continue
        width = len(cells)
        rec = Record(
            {role: (cells[index] if index < width else None, None) for role, (index, _) in used.items()},
            locate=partial(sheet.locate, line, used),
        )
        records.append(rec)
    return records


def _cell(sheet: Sheet, line: int, cells: list[object], col: _Column) -> tuple[object, Location]:
    raw = cells[col.index] if col.index < len(cells) else None
    return raw, sheet.location(line, col.index, col.header)


def _wide_records(sheet: Sheet, columns: list[_Column], body: list[tuple[int, list[object]]]) -> list[Record]:
    """One record per (row, year column). Empty cells are kept: the reader drops those
    outside the reporting years, and an empty reporting-year cell is missing data that
    points at its cell."""
    by_role = {c.role: c for c in columns if c.role in FIELDS}
    year_cols = sorted((c for c in columns if c.role == "year_value"), key=lambda c: c.year or 0)
    targets = {c.year: c for c in columns if c.role == "year_target"}
    if "target" in by_role:  # a target column without a year: the latest year's
        targets.setdefault(year_cols[-1].year, by_role["target"])
    records = []
    for line, cells in body:
        cell = partial(_cell, sheet, line, cells)
        key_raw, key_loc = cell(by_role["key"])
        if is_blank(key_raw):
            continue  # section headings and blank rows
        key_text = fold(str(key_raw)).strip()
        if key_text.startswith("#"):
            continue
        if key_text.startswith(("district.", "submission.")) or key_text in META_ALIASES:
            first = year_cols[0]
            records.append(Record({"key": (key_raw, key_loc), "value": cell(first)}, key_loc))
            continue
        shared = {name: cell(col) for name, col in by_role.items() if name in ("unit", "target_period", "note")}
        for col in year_cols:
            rec = Record(location=sheet.location(line), wide=True)
            rec.cells["key"] = (key_raw, key_loc)
            rec.cells["year"] = (col.year, sheet.location(line, col.index, col.header))
            rec.cells["value"] = cell(col)
            rec.cells.update(shared)
            if col.year in targets:
                rec.cells["target"] = cell(targets[col.year])
            records.append(rec)
    return records


def read_tables(sheets: list[Sheet], source: str) -> list[Submission | ProjectLibrary]:
    """What a spreadsheet-like file holds: the indicator submissions its sheets make up
    (one per reporting year), then one project library per sheet holding a project
    table. An error when no sheet holds a table."""
    records: list[Record] = []
    libraries: list[ProjectLibrary] = []
    indicator_sheets = 0
    for sheet in sheets:
        found = sheet_records(sheet)
        if isinstance(found, list):
            indicator_sheets += 1
            records += found
        elif found is not None:
            libraries.append(found)
    if not indicator_sheets and not libraries:
        raise _no_header(sheets, source)
    submissions = build_submissions(records, source) if indicator_sheets else []
    return [*submissions, *libraries]


def _no_header(sheets: list[Sheet], source: str) -> InputError:
    names = ", ".join(s.name for s in sheets if s.name) if any(s.name for s in sheets) else ""
    where = T(f"（工作表：{names}）", f" (sheets: {names})") if names else T("", "")
    return InputError(
        T(
            f"找不到表头行{where.zh}：指标表需要 key（或 指标）列，以及 value 列或年份列（如 2023）；"
            "项目表需要 项目名称 列",
            f"no header row found{where.en}: an indicator table needs a key column (key, 指标, 子项名称) and "
            "either a value column (long layout) or one column per year such as 2023 (wide layout); "
            "a project table needs a project-name column (项目名称, 工程名称, project)",
        ),
        file=source,
        code="input.no-header",
    )
