"""A project table bound to a project rule set: columns become fields, cells become values.

- Headers are matched to fields by name, English name or alias, ignoring width,
  case and spacing (``投资额（万元）`` = ``投资额(万元)``). Columns the rule set does
  not name are left alone (项目内容 is for the reader); a required field with no
  column is an input error naming the fields and the headers found.
- A blank cell of a ``merged = true`` field continues the record above, as a merged
  cell does in the source table.
- A group heading such as ``生态安全体系建设(53项230855万元)`` names the group
  (生态安全体系建设) and declares its figures (53 projects, 230855 万元): data of the
  file, compared by aggregate rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ecorules.model import limits
from ecorules.model.errors import InputError
from ecorules.model.problems import Problem
from ecorules.model.project_ruleset import ProjectRuleset
from ecorules.model.projects import ProjectLibrary, RecordCell
from ecorules.model.ruleset import name_key
from ecorules.model.submission import Location
from ecorules.model.text import T, Text
from ecorules.model.values import (
    EMPTY_MARKS,
    Value,
    ValueKind,
    fold,
    format_decimal,
    parse_period,
    parse_value,
    parse_year,
)

# "生态安全体系建设(53项230855万元)", "目标责任体系建设(3项)", "生态文明制度建设(1项100万)"
_DECLARED_RE = re.compile(
    r"^(?P<name>.+?)\s*\(\s*(?:(?P<count>\d+)\s*[项个])?\s*[,，、;；]?\s*"
    r"(?:(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>[^\d()]*?))?\s*\)$"
)
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s.*)?$")


@dataclass(frozen=True, slots=True)
class Declared:
    """Figures a group heading (or the totals row) declares, and the cell that declares them."""

    count: int | None
    amount: Decimal | None
    unit: str
    location: Location


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One field of one record: the text as shown, where it is (in the record's own row),
    and the cell it was taken from (a merged cell or the row above, for merged fields).
    The locations are the cells' own, built when asked for (see
    :class:`~ecorules.model.projects.RecordCell`)."""

    text: str
    cell: RecordCell  # the record's own cell
    taken_from: RecordCell  # the cell whose text this is: the same one, or one above

    @property
    def location(self) -> Location:
        return self.cell.location

    @property
    def source(self) -> Location:
        return self.taken_from.source

    @property
    def empty(self) -> bool:
        return fold(self.text) in EMPTY_MARKS

    @property
    def value(self) -> Value:
        return parse_value(self.text)

    def number(self) -> Decimal | None:
        """The field as an amount: a plain number, not a bound or words."""
        return number_of(self)

    def years(self) -> tuple[int, int] | None:
        return parse_years_span(self.text)

    def date(self) -> dt.date | None:
        m = _DATE_RE.match(fold(self.text))
        if not m:
            return None
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None


@dataclass(slots=True)
class BoundRecord:
    number: str  # as the table numbers it (序号), else the row number
    name: str
    location: Location
    fields: dict[str, FieldValue] = field(default_factory=dict)
    group: dict[str, str] = field(default_factory=dict)  # group_by field -> group name
    _subject: Text | None = field(default=None, repr=False, compare=False)

    @property
    def subject(self) -> Text:
        """序号 N「name」: one Text shared by the record's findings (a table of 25,600 projects
        has a hundred thousand of them)."""
        if self._subject is None:
            name = self.name or "-"
            self._subject = T(f"序号 {self.number}「{name}」", f"no. {self.number} '{name}'")
        return self._subject


@dataclass(slots=True)
class BoundLibrary:
    library: ProjectLibrary
    ruleset: ProjectRuleset
    records: list[BoundRecord]
    declared: dict[str, dict[str, Declared]]  # group_by field -> group name -> figures
    totals: dict[str, FieldValue]  # field -> the totals row's cell
    period: tuple[int, int] | None
    period_problem: Text | None = None

    def field_label(self, key: str) -> Text:
        return self.ruleset.fields[key].name


def parse_years_span(text: str) -> tuple[int, int] | None:
    """'2024' -> (2024, 2024); a span as target periods are read: '2023-2025', '2023—2030',
    '2023年至2025年', '十四五' -> (first, last)."""
    year = parse_year(text)
    return (year, year) if year is not None else parse_period(text)


def parse_declared(text: str) -> tuple[str, int | None, Decimal | None, str] | None:
    """A group heading's name and declared figures, or None when it declares none."""
    m = _DECLARED_RE.match(fold(text))
    if not m or (m.group("count") is None and m.group("amount") is None):
        return None
    amount = Decimal(m.group("amount")) if m.group("amount") else None
    return m.group("name").strip(), int(m.group("count")) if m.group("count") else None, amount, m.group("unit") or ""


def bind_library(rs: ProjectRuleset, library: ProjectLibrary) -> BoundLibrary:
    """The table read against the rule set's fields (see the module docstring). The engine
    binds a table to evaluate it and the summary to count it: the binding is kept with the
    table (holding the rule set, so the identity test is safe) and made once."""
    held = library.bindings.get(id(rs))
    if held is not None and held[0] is rs:
        bound: BoundLibrary = held[1]
        return bound
    bound = _bind_library(rs, library)
    library.bindings[id(rs)] = (rs, bound)
    return bound


def _bind_library(rs: ProjectRuleset, library: ProjectLibrary) -> BoundLibrary:
    columns = _columns(rs, library)
    group_fields = {r.aggregate.group_by for r in rs.rules if r.aggregate is not None and r.aggregate.group_by}
    declared: dict[str, dict[str, Declared]] = {key: {} for key in group_fields}
    records: list[BoundRecord] = []
    above: dict[str, FieldValue] = {}
    for rec in library.records:
        limits.checkpoint()
        values: dict[str, FieldValue] = {}
        for key, header in columns.items():
            cell: RecordCell = rec.cells[header]
            fv = FieldValue(cell.text, cell, cell)
            if rs.fields[key].merged and cell.blank and key in above:
                fv = FieldValue(above[key].text, cell, above[key].taken_from)
            values[key] = above[key] = fv
        bound = BoundRecord(
            number=_record_number(rs, values, rec.location),
            name="",
            location=rec.location,
            fields=values,
        )
        for key in group_fields:
            heading = values.get(key)
            if heading is None:
                continue
            parsed = parse_declared(heading.text)
            if parsed is None:
                bound.group[key] = heading.text.strip()
                continue
            name, count, amount, unit = parsed
            bound.group[key] = name
            declared[key].setdefault(name, Declared(count, amount, unit, heading.source))
        name_field = values.get(rs.records.name)
        bound.name = "" if name_field is None or name_field.empty else name_field.text.strip()
        records.append(bound)
    totals: dict[str, FieldValue] = {}
    if library.totals is not None:
        for key, header in columns.items():
            cell = library.totals.cells[header]
            totals[key] = FieldValue(cell.text, cell, cell)
    period, problem = _period(library)
    return BoundLibrary(library, rs, records, declared, totals, period, problem)


def _record_number(rs: ProjectRuleset, values: dict[str, FieldValue], row: Location) -> str:
    key = rs.records.number
    fv = values.get(key) if key else None
    if fv is None or fv.empty:
        return str(row.row)
    return format_decimal(Decimal(fv.text)) if re.fullmatch(r"\d+(\.0+)?", fv.text.strip()) else fv.text.strip()


def field_columns(rs: ProjectRuleset, library: ProjectLibrary) -> dict[str, str]:
    """field key -> the header (as written) of the column that holds it."""
    names = rs.field_names
    columns: dict[str, str] = {}
    for header in library.header:
        key = names.get(name_key(header))
        if key is not None and key not in columns:
            columns[key] = header
    return columns


def missing_fields(rs: ProjectRuleset, library: ProjectLibrary, columns: dict[str, str] | None = None) -> list[str]:
    """Required fields the table has no column for."""
    columns = field_columns(rs, library) if columns is None else columns
    return [k for k, f in rs.fields.items() if f.required and k not in columns]


def _columns(rs: ProjectRuleset, library: ProjectLibrary) -> dict[str, str]:
    """field key -> header as written; an input error when a required field has no column."""
    columns = field_columns(rs, library)
    missing = missing_fields(rs, library, columns)
    if missing:
        wanted_zh = "；".join(
            rs.fields[k].name.zh + (f"（或 {'、'.join(rs.fields[k].aliases)}）" if rs.fields[k].aliases else "")
            for k in missing
        )
        wanted_en = "; ".join(
            f"{rs.fields[k].name.zh} ({rs.fields[k].name.en}"
            + (f", or {', '.join(rs.fields[k].aliases)}" if rs.fields[k].aliases else "")
            + ")"
            for k in missing
        )
        found = ", ".join(library.header)
        first = library.header_locations.get(library.header[0]) if library.header else None
        why = T(
            f"表中没有规则集 {rs.ruleset.id} 所需的列：{wanted_zh}（表头为：{found}）",
            f"the table has no column for what rule set {rs.ruleset.id} needs: {wanted_en} (the header is: {found})",
        )
        header_row = Problem(
            code="input.missing-column",
            message=why,
            file=library.source,
            sheet=library.sheet,
            row=first.row if first is not None else None,
        )
        raise InputError(problems=[header_row])
    return columns


def _period(library: ProjectLibrary) -> tuple[tuple[int, int] | None, Text | None]:
    cell = library.meta.get("library.period")
    if cell is None or cell.blank:
        return None, T(
            "表中未写明规划年限（如表头上方一行：规划年限 | 2023—2030）",
            "the table does not state its period (a row above the header such as: 规划年限 | 2023—2030)",
        )
    span = parse_years_span(cell.text)
    if span is None:
        return None, T(
            f"{cell.location.position('zh')} 的规划年限「{cell.text}」无法识别（应如 2023—2030）",
            f"the period {cell.text!r} at {cell.location.position()} cannot be read (expected e.g. 2023—2030)",
        )
    return span, None


def number_of(fv: FieldValue) -> Decimal | None:
    v = fv.value
    return v.number if v.kind is ValueKind.number and v.bound is None else None
