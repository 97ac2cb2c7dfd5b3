"""Problems: everything a user must fix, as one type.

A bad cell in a submission, a broken rule set, an invalid waiver or baseline, a lint
warning: each is a :class:`Problem` with

- a stable **code** (``input.unknown-key``, ``ruleset.invalid-value`` …; the list, with what
  each means, is in ``docs/problems.md``), so CI and editors can key on it;
- a **location**: the file and, where they apply, the sheet, row, column and cell of a
  table, or the key path and line of a TOML/JSON file;
- the **message in both languages**, printed wholly in the chosen one.

Errors (:mod:`ecorules.model.errors`) carry one or more problems; ``lint-ruleset`` returns
them as data. The shape follows Frictionless' typed errors: code, position, message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ecorules.model.text import Lang, T, Text

if TYPE_CHECKING:
    from ecorules.model.submission import Location

Severity = Literal["error", "warning"]


def row_position(row: int, column: str | None, cell: str | None, lang: Lang) -> str:
    """A table row, and the column where one is known: 'row 12, column B (key)' or
    '第 12 行，B 列（key）'; ``column`` is the column's header, ``cell`` its name (B12)."""
    letter = cell.rstrip("0123456789") if cell else None
    if lang == "zh":
        if letter and column:
            return f"第 {row} 行，{letter} 列（{column}）"
        return f"第 {row} 行，{letter or column} 列" if letter or column else f"第 {row} 行"
    if letter and column:
        return f"row {row}, column {letter} ({column})"
    return f"row {row}, column {letter or column}" if letter or column else f"row {row}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    code: str
    message: Text
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # a column letter or header; with ``line``, the column of a text file
    cell: str | None = None  # "E12"
    key: str | None = None  # a key path in a rule set, waivers or baseline file: rules[3].condition.op
    line: int | None = None  # the line of a text file where the key can be found
    where: str | None = None  # a position already worded, when no field above says it
    severity: Severity = "error"

    @classmethod
    def at(cls, location: Location | None, *, code: str, message: Text, file: str | None = None) -> Problem:
        """A problem at a cell, row or JSON pointer of a submission: the location's fields become the
        problem's (``file`` when there is no location)."""
        if location is None:
            return cls(code=code, message=message, file=file)
        return cls(
            code=code,
            message=message,
            file=location.file,
            sheet=location.sheet,
            row=location.row,
            column=location.column,
            cell=location.cell,
            where=location.pointer,
        )

    @property
    def _in_text(self) -> bool:
        """A line and column of a text file (a JSON syntax error), said as the position."""
        return self.row is None and self.line is not None and self.column is not None

    def position(self, lang: Lang) -> str:
        """Where in the file, without the file name: '表4!E12', '表4!1:1' (a whole row),
        'row 12, column C (value)', '/values/3', 'rules[3].condition.op'."""
        parts: list[str] = []
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet and self.row is not None and self.column is None:
            parts.append(f"{self.sheet}!{self.row}:{self.row}")
        elif self.row is not None:
            if self.sheet:
                parts.append(self.sheet)
            parts.append(row_position(self.row, self.column, self.cell, lang))
        elif self._in_text:
            parts.append(
                T(f"第 {self.line} 行，第 {self.column} 列", f"line {self.line}, column {self.column}").get(lang)
            )
        if self.where:
            parts.append(self.where)
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)

    def render(self, lang: Lang, *, with_file: bool = True) -> str:
        """One line: 'file: position: message (line N)', in one language."""
        prefix = [p for p in (self.file if with_file else None, self.position(lang)) if p]
        text = ": ".join([*prefix, self.message.get(lang)])
        if self.line is not None and not self._in_text:
            text += T(f"（第 {self.line} 行）", f" (line {self.line})").get(lang)
        return text


def problem_lines(problems: list[Problem], lang: Lang) -> str:
    return "\n".join(p.render(lang) for p in problems)


__all__ = ["Problem", "Severity", "problem_lines", "row_position"]
