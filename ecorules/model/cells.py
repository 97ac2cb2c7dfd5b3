"""Text written into spreadsheet cells (templates, the annotated workbook), made safe: wording
from rule sets and submissions never becomes a live formula, and the control characters a
workbook cannot hold are dropped."""

from __future__ import annotations

import re
from typing import Any

# Text a spreadsheet would run: a cell starting with = + - @ (or a tab or return before one)
# is a formula to Excel when a CSV file is opened, and "=…" is a formula to openpyxl too.
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
PLAIN = re.compile(r"^[-+]?[0-9.,%]*$|^-+$")  # numbers and dashes are what they look like
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # openpyxl refuses these


def cell_text(value: object) -> object:
    """A CSV cell as safe text: rule-set wording never becomes a live formula, and control
    characters (which a workbook cannot hold) are dropped."""
    if not isinstance(value, str):
        return value
    text = NOT_IN_XML.sub("", value)
    if FORMULA_START.match(text) and not PLAIN.match(text):
        return "'" + text  # the apostrophe Excel itself uses to say "text, not a formula"
    return text


EXACT_IN_A_SHEET = 10**15  # integers from here on lose digits in a spreadsheet cell (15 significant)


def put_text(cell: Any, value: object) -> None:
    """Write ``value`` into an openpyxl cell as what it is: text stays text (a leading = is
    not a formula), control characters are dropped, numbers stay numbers (an integer of 16
    digits or more becomes text: a spreadsheet cannot hold it exactly, nor write one past 10^308)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= EXACT_IN_A_SHEET:
        value = str(value)  # a spreadsheet number is a double: kept exactly, and writable, as text
    cell.value = NOT_IN_XML.sub("", value) if isinstance(value, str) else value
    if cell.data_type == "f":
        cell.data_type = "s"


__all__ = ["EXACT_IN_A_SHEET", "FORMULA_START", "NOT_IN_XML", "PLAIN", "cell_text", "put_text"]
