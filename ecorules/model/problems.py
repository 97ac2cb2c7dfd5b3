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
from typing import Literal

from ecorules.model.text import Lang, T, Text

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    code: str
    message: Text
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # a column letter or header
    cell: str | None = None  # "E12"
    key: str | None = None  # a key path in a rule set, waivers or baseline file: rules[3].condition.op
    line: int | None = None  # the line of a text file where the key can be found
    where: str | None = None  # a position already worded, when no field above says it
    severity: Severity = "error"

    def position(self, lang: Lang) -> str:
        """Where in the file, without the file name: '表4!E12', 'row 12, column C',
        'rules[3].condition.op (line 40)'."""
        parts: list[str] = []
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.row is not None:
            if self.sheet:
                parts.append(self.sheet)
            row = T(f"第 {self.row} 行", f"row {self.row}").get(lang)
            parts.append(f"{row}，{self.column} 列" if lang == "zh" and self.column else row)
            if lang == "en" and self.column:
                parts[-1] += f", column {self.column}"
        if self.where:
            parts.append(self.where)
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)

    def render(self, lang: Lang, *, with_file: bool = True) -> str:
        """One line: 'file: position: message (line N)', in one language."""
        prefix = [p for p in (self.file if with_file else None, self.position(lang)) if p]
        text = ": ".join([*prefix, self.message.get(lang)])
        if self.line is not None:
            text += T(f"（第 {self.line} 行）", f" (line {self.line})").get(lang)
        return text


def problem_lines(problems: list[Problem], lang: Lang) -> str:
    return "\n".join(p.render(lang) for p in problems)


__all__ = ["Problem", "Severity", "problem_lines"]
