"""The project-record model: a table of projects (a key-project library, a list of
construction sites) as read from a file, before any rule set looks at it.

The second kind of record ecorules checks, beside the indicator
:class:`~ecorules.model.submission.Submission`. Adapters build it; the engine binds its
columns to a project rule set's fields (:mod:`ecorules.engine.projects`). It keeps
every cell as the sheet shows it, with its location, so every finding points at
the row and the cell. Merged cells are resolved by the adapter where the file says
so (an xlsx merge); a cell that is merely blank stays blank here, and the rule set
decides which columns continue the row above (``merged = true`` fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ecorules.model.submission import Location, column_letter
from ecorules.model.values import fold

# Preamble keys a project table may state above its header, and their canonical names.
LIBRARY_META_ALIASES = {
    "项目库": "library.title",
    "名称": "library.title",
    "工地清单": "library.title",
    "清单": "library.title",
    "表名": "library.title",
    "title": "library.title",
    "规划": "library.plan",
    "依据": "library.plan",
    "plan": "library.plan",
    "规划年限": "library.period",
    "规划期": "library.period",
    "规划期限": "library.period",
    "period": "library.period",
    "说明": "library.note",
    "备注": "library.note",
    "note": "library.note",
    "区县名称": "district.name",
    "行政区名称": "district.name",
    "行政区划代码": "district.code",
    "规则集": "submission.ruleset",
}

# The first cell of a totals row (合计 / 总计), whose amounts the library declares.
TOTAL_WORDS = frozenset({"合计", "总计", "共计", "total", "sum"})
# A subtotal row (小计) is neither a project nor the table's total.
SUBTOTAL_WORDS = frozenset({"小计", "subtotal"})


def canonical_meta_key(text: str) -> str:
    key = fold(text).strip().rstrip(":：").replace(" ", "")
    return LIBRARY_META_ALIASES.get(key, LIBRARY_META_ALIASES.get(key.lower(), key))


@dataclass(frozen=True, slots=True)
class CellPlace:
    """What every cell of one table shares for its location: the file, the sheet, and each
    column's header by index."""

    file: str
    sheet: str | None
    headers: dict[int, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordCell:
    """One cell of a record as the sheet shows it. ``merged_from`` is the merged cell the
    text was taken from when the cell itself lies inside a merged range.

    Its :attr:`location` is built when asked for: a table of 25,600 projects has half a
    million cells, and a location (with its cell name) for each would double the memory
    the table takes, for the few cells a finding points at."""

    text: str
    place: CellPlace
    row: int
    col: int
    merged_from: Location | None = None

    @property
    def location(self) -> Location:
        return Location(
            file=self.place.file,
            sheet=self.place.sheet,
            row=self.row,
            column=self.place.headers.get(self.col),
            cell=f"{column_letter(self.col)}{self.row}",
        )

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def source(self) -> Location:
        """The cell that holds the text: the merged cell's top-left one, or this one."""
        return self.merged_from or self.location


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectRecord:
    """One row of the table: column header (as written) -> cell."""

    location: Location  # of the row
    cells: dict[str, RecordCell]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectLibrary:
    """A table of project records from one sheet (or one CSV file)."""

    record_kind: ClassVar[str] = "projects"  # see ecorules.record_kinds

    source: str  # the file, as given on the command line
    sheet: str | None = None
    header: list[str]  # column headers as written, in order
    header_locations: dict[str, Location] = field(default_factory=dict)
    # Preamble pairs above the header (项目库, 规划, 规划年限, 区县名称 ...), by canonical key.
    meta: dict[str, RecordCell] = field(default_factory=dict)
    records: list[ProjectRecord]
    totals: ProjectRecord | None = None  # the 合计 row, when the table has one
    # The table read against each rule set it was checked with, kept with the table (and
    # dropped with it): evaluating and summarising a table bind it once. Not data of the file.
    bindings: dict[int, tuple[Any, Any]] = field(default_factory=dict, compare=False, repr=False)

    def meta_text(self, key: str) -> str | None:
        cell = self.meta.get(key)
        return cell.text.strip() if cell is not None and not cell.blank else None

    @property
    def title(self) -> str:
        """The table's title (项目库) or its sheet; failing both (a CSV that starts at its
        header row), the file's name, so a report's heading is never empty."""
        return self.meta_text("library.title") or self.sheet or Path(self.source).name or self.source

    @property
    def district(self) -> str:
        return self.meta_text("district.name") or ""

    @property
    def district_code(self) -> str | None:
        return self.meta_text("district.code")

    @property
    def ruleset(self) -> str | None:
        return self.meta_text("submission.ruleset")
