"""A sheet holding a table of projects -> :class:`~ecorules.model.projects.ProjectLibrary`.

A project table is recognised by its header row: a column naming each project
(项目名称, 工程名称, 工地名称, project, site ...) and at least two other columns,
with no value or year column (those make an indicator table, see
:mod:`ecorules.adapters.tables`). Which columns mean what is the rule set's
business: the header is kept as written, and the engine binds it to the rule
set's fields.

- Rows above the header are a preamble of pairs (``规划年限 | 2023—2030``).
- A row whose first filled cell is 合计 / 总计 is the totals row: the amounts the
  table declares for itself.
- A row with a single filled cell (a section heading such as ``一、近期项目``, or a note
  ``注：…``) is skipped, and so is a subtotal row (小计): a project row always fills
  several cells, and a subtotal is not a project. A blank row is skipped too.
- Cells inside a merged range (xlsx) take the merged cell's text, remembering
  where it came from, so a category or project name merged over several rows
  belongs to each of them, and an amount merged over several rows is counted once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ecorules.model.errors import InputError
from ecorules.model.problems import Problem
from ecorules.model.ruleset import name_key
from ecorules.model.submission import Location
from ecorules.model.text import T
from ecorules.model.values import fold

if TYPE_CHECKING:
    from ecorules.adapters.tables import Sheet
    from ecorules.model.projects import ProjectLibrary

# Headers that name a project in a project table.
RECORD_NAME_HEADERS = frozenset(
    {
        "项目名称",
        "工程名称",
        "工地名称",
        "工程项目名称",
        "建设项目名称",
        "项目",
        "project",
        "projectname",
        "site",
        "sitename",
    }
)


def _fold(raw: object) -> str:
    """How headers and row labels are compared: as rule sets match names (width, case and
    spacing do not count)."""
    return name_key(fold(str(raw if raw is not None else "")))


def _text(raw: object) -> str:
    if raw is None:
        return ""
    return str(raw).strip()


def looks_like_project_header(cells: list[object]) -> bool:
    filled = [c for c in cells if _text(c)]
    return len(filled) >= 3 and any(_fold(c) in RECORD_NAME_HEADERS for c in filled)


def read_project_table(sheet: Sheet, header_at: int) -> ProjectLibrary:
    """The table whose header is ``sheet.rows[header_at]``; ``sheet`` is an
    :class:`~ecorules.adapters.tables.Sheet`."""
    # The project records' model: imported with the first project table, not by every read.
    from ecorules.model.projects import (
        SUBTOTAL_WORDS,
        TOTAL_WORDS,
        CellPlace,
        ProjectLibrary,
        ProjectRecord,
        RecordCell,
        canonical_meta_key,
    )

    merged = _merged_lookup(sheet)
    line, header_cells = sheet.rows[header_at]
    columns: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for i, raw in enumerate(header_cells):
        text = re.sub(r"\s+", "", _text(raw))
        if not text:
            continue
        if text in seen:
            why = T(
                f"{text!r} 列与 {sheet.where(line, seen[text], 'zh')} 重复；项目表中每列只能出现一次",
                f"column {text!r} repeats {sheet.where(line, seen[text])}; a project table names each column once",
            )
            problems.append(sheet.problem(line, i, code="input.duplicate-column", message=why))
        seen[text] = i
        columns.append((i, text))
    if problems:
        heading = T("表头有误：", "the header row is not valid:")
        raise InputError(problems=problems, heading=heading, file=sheet.source)

    place = CellPlace(sheet.source, sheet.name, dict(columns))

    def cell(row: int, cells: list[object], col: int, header: str) -> RecordCell:
        origin = merged.get((row, col))
        if origin is not None:
            where = replace(origin[1], column=header)
            meta_place = (
                place if place.headers.get(col) == header else CellPlace(sheet.source, sheet.name, {col: header})
            )
            return RecordCell(text=origin[0], place=meta_place, row=row, col=col, merged_from=where)
        raw = cells[col] if col < len(cells) else None
        text = _text(raw)
        if place.headers.get(col) != header:  # a preamble cell, named by its key rather than a column
            return RecordCell(text=text, place=CellPlace(sheet.source, sheet.name, {col: header}), row=row, col=col)
        return RecordCell(text=text, place=place, row=row, col=col)

    meta: dict[str, RecordCell] = {}
    for row, cells in sheet.rows[:header_at]:
        filled = [i for i, c in enumerate(cells) if _text(c)]
        if len(filled) < 2:
            continue  # a title, or nothing
        key = canonical_meta_key(_text(cells[filled[0]]))
        meta.setdefault(key, cell(row, cells, filled[1], key))

    records: list[ProjectRecord] = []
    totals: ProjectRecord | None = None
    for row, cells in sheet.rows[header_at + 1 :]:
        own = {header: cell(row, cells, i, header) for i, header in columns}
        # Cells of the row itself: a merged cell reaching down from above is not the row's text.
        texts = [c.text for c in own.values() if c.text and c.merged_from is None]
        if len(texts) < 2:
            continue
        first = _fold(texts[0])
        if first in SUBTOTAL_WORDS:
            continue
        record = ProjectRecord(location=Location(file=sheet.source, sheet=sheet.name, row=row), cells=own)
        if first in TOTAL_WORDS:
            if totals is None:
                totals = record
            continue
        records.append(record)
    return ProjectLibrary(
        source=sheet.source,
        sheet=sheet.name,
        header=[h for _, h in columns],
        header_locations={h: sheet.location(line, i, h) for i, h in columns},
        meta=meta,
        records=records,
        totals=totals,
    )


def _merged_lookup(sheet: Sheet) -> dict[tuple[int, int], tuple[str, Location]]:
    """(row, column index) of every cell inside a merged range other than its top-left
    cell -> (the merged cell's text, its location)."""
    if not sheet.merged:
        return {}
    by_row = dict(sheet.rows)
    out: dict[tuple[int, int], tuple[str, Location]] = {}
    for first_row, first_col, last_row, last_col in sheet.merged:
        cells = by_row.get(first_row, [])
        text = _text(cells[first_col]) if first_col < len(cells) else ""
        origin = sheet.location(first_row, first_col)
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                if (row, col) != (first_row, first_col):
                    out[(row, col)] = (text, origin)
    return out
