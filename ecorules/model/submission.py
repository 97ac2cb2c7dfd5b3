"""The submission model: one district's data for one reporting year.

Adapters build it from files; the engine reads it. It holds values as read
(see :mod:`ecorules.model.values`) with the place each came from, so every finding
can point at the cell. It knows nothing about rule sets: keys are resolved
against a rule set by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ecorules.model.problems import row_position
from ecorules.model.text import Lang
from ecorules.model.values import Value


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the cell name a spreadsheet shows for this column."""
    if index < len(_LETTERS):
        return _LETTERS[index]
    return _column_letter(index)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_LETTERS = tuple(_column_letter(i) for i in range(702))  # A … ZZ


@dataclass(slots=True, kw_only=True)
class Location:
    """Where a value came from. ``row`` is the physical line (CSV) or sheet row (xlsx),
    1-based; ``column`` the column's header; ``cell`` the spreadsheet cell name;
    ``pointer`` a JSON pointer for JSON input."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    pointer: str | None = None

    def position(self, lang: Lang = "en") -> str:
        """Where in the file, without the file name: 'row 12, column C (value)' (第 12 行，C 列（value）),
        'Sheet1!C12', '/values/3/value'."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.row is not None:
            return row_position(self.row, self.column, self.cell, lang)
        return self.pointer or ""

    def describe(self) -> str:
        if self.sheet and self.cell:
            return f"{self.file} [{self.sheet}!{self.cell}]"
        if self.row is not None:
            text = f"{self.file}:{self.row}"
            return f"{text} ({self.column})" if self.column else text
        if self.pointer:
            return f"{self.file}#{self.pointer}"
        return self.file


@dataclass(slots=True, kw_only=True)
class Observation:
    """One submitted value of one item for one year, with its target where there is one."""

    key: str  # as written in the submission: an item key or one of its names
    year: int
    value: Value
    unit: str | None = None
    target: Value | None = None
    target_period: tuple[int, int] | None = None  # (first, last) year of a period target
    note: str | None = None
    location: Location  # of the value cell
    target_location: Location | None = None
    key_location: Location | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class District:
    name: str
    code: str | None = None  # administrative division code (行政区划代码)
    attributes: dict[str, str] = field(default_factory=dict)  # region_class, city_size, ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Submission:
    record_kind: ClassVar[str] = "indicators"  # see ecorules.record_kinds

    source: str  # the file it was read from, as given on the command line
    district: District
    year: int
    baseline_year: int | None = None  # reference year for trends "against the baseline"
    ruleset: str | None = None  # the rule set the file asks to be checked against
    observations: list[Observation]
    # where district/meta fields came from, for messages about them
    meta_locations: dict[str, Location] = field(default_factory=dict)
