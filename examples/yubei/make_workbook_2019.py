"""Rebuild the 2019-system workbook from the CSV file beside this script.

    python examples/yubei/make_workbook_2019.py

Reads ``yubei-2019-2022.csv`` (Table 1 of the plan, 表 1 渝北区国家生态文明建设示范区建设指标
（2019 年版指标）, in the wide layout: one row per sub-item, one column per year 2019–2022,
with each year's target column and a note beside every value) and writes
``yubei-2019-2022.xlsx`` with the same rows on sheet 表1: the identity rows above the table,
the header, and the body, with the year and target cells that hold plain numbers stored as
numbers. The CSV is the source; edit it and run this script. Requires openpyxl (installed
with ecorules).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).parent
SOURCE = HERE / "yubei-2019-2022.csv"
TARGET = HERE / "yubei-2019-2022.xlsx"
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(text: str, numeric: bool) -> str | int | float:
    """A year or target cell that is a plain number is stored as one; everything else as written."""
    if numeric and NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def main() -> None:
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "领域")
    header = rows[header_at]
    numeric = [bool(re.fullmatch(r"\d{4}(年目标值)?", name)) for name in header]

    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for i, row in enumerate(rows):
        if i <= header_at:
            ws.append(row if any(row) else [])
        else:
            ws.append([cell(text, numeric[j]) for j, text in enumerate(row)])
    ws["A1"].font = Font(bold=True, size=13)
    for c in ws[header_at + 1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    widths = {"领域": 10, "序号": 6, "子项名称": 40, "key": 34, "单位": 10, "指标值要求": 30, "备注": 90}
    for j, name in enumerate(header):
        letter = ws.cell(row=header_at + 1, column=j + 1).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 16)
        if name == "备注":
            for row in ws.iter_rows(min_row=header_at + 2, min_col=j + 1, max_col=j + 1):
                row[0].alignment = Alignment(wrap_text=False)
    ws.freeze_panes = ws.cell(row=header_at + 2, column=5)
    wb.save(TARGET)


if __name__ == "__main__":
    main()
