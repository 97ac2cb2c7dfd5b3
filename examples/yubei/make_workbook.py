"""Rebuild the workbook examples from the CSV files beside this script.

    python examples/yubei/make_workbook.py

Writes ``yubei-2022-2023.xlsx`` (sheet 表4: one row per sub-item, one column per year,
like Table 4 of the plan) and ``yubei-2022-2023-gb18030.csv`` (the same table saved
the way Chinese Windows Excel saves CSV). Both hold 2022 and 2023, so one check gives
both years' verdicts. Also writes ``yubei-projects.xlsx``: the two project libraries
(sheets 附件1 and 附件2) with their category, task and project-name cells merged over
rows, as in the plan. Requires openpyxl (installed with ecorules).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).parent
YEARS = (2021, 2022, 2023)
REPORTED = (2022, 2023)


def load() -> tuple[dict[str, dict], list[tuple[str, str]]]:
    items: dict[str, dict] = {}
    identity: list[tuple[str, str]] = []
    for year in REPORTED:
        with (HERE / f"yubei-{year}.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key = row["key"]
                if key.startswith("#"):
                    continue
                if key.startswith(("district.", "submission.")):
                    if key not in dict(identity):
                        identity.append((key, row["value"]))
                    continue
                item = items.setdefault(key, {"unit": row["unit"], "values": {}, "targets": {}, "notes": []})
                # The 2023 file restates some 2022 values; the 2022 file's own wording wins.
                item["values"].setdefault(int(row["year"]), row["value"])
                if row["target"]:
                    item["targets"].setdefault(int(row["year"]), row["target"])
                if row["target_period"]:
                    item["period"] = row["target_period"]
                if row["note"] and row["note"] not in item["notes"]:
                    item["notes"].append(row["note"])
    identity = [(k, "2022, 2023" if k == "submission.year" else v) for k, v in identity]
    return items, identity


def table(items: dict[str, dict]) -> list[list[str]]:
    header = ["key", "单位", *(str(y) for y in YEARS), *(f"{y}年目标值" for y in REPORTED), "目标期", "备注"]
    rows = [header]
    for key, item in items.items():
        rows.append(
            [
                key,
                item["unit"],
                *(item["values"].get(y, "") for y in YEARS),
                *(item["targets"].get(y, "") for y in REPORTED),
                item.get("period", ""),
                "；".join(item["notes"]),
            ]
        )
    return rows


def main() -> None:
    items, identity = load()
    title = "重庆市渝北区生态文明建设示范区建设指标（表4，2022—2023年）"
    body = table(items)

    wb = Workbook()
    ws = wb.active
    ws.title = "表4"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    for key, value in identity:
        ws.append([key, value])
    ws.append([])
    for row in body:
        ws.append(row)
    header_row = len(identity) + 3
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column, width in zip("ABCDEFGHIJ", (34, 12, 10, 18, 18, 12, 12, 10, 80)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        row[-1].alignment = Alignment(wrap_text=False)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    wb.save(HERE / "yubei-2022-2023.xlsx")

    with (HERE / "yubei-2022-2023-gb18030.csv").open("w", encoding="gb18030", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([title])
        writer.writerows([k, v] for k, v in identity)
        writer.writerow([])
        writer.writerows(body)


# Columns the annexes merge over the rows of one category, task or project.
MERGED_COLUMNS = ("任务类别", "任务名称", "项目名称")


def project_sheet(wb: Workbook, title: str, source: Path) -> None:
    """One annex as a sheet: its preamble, header and rows, with blank cells of the merged
    columns merged into the filled cell above them."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row if any(row) else [])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.isdigit():
                cell.value = int(cell.value)
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "序号")
    header = rows[header_at]
    ws.freeze_panes = ws.cell(row=header_at + 2, column=1)
    for cell in ws[header_at + 1]:
        cell.font = Font(bold=True)
    body = [(header_at + 2 + i, row) for i, row in enumerate(rows[header_at + 1 :]) if row and row[0] != "合计"]
    for name in MERGED_COLUMNS:
        if name not in header:
            continue
        col = header.index(name) + 1
        # Runs of rows: a filled cell and the blank cells below it make one merged range.
        starts = [i for i, (_, row) in enumerate(body) if row[col - 1] != ""]
        for first, nxt in zip(starts, [*starts[1:], len(body)]):
            if nxt - first > 1:
                ws.merge_cells(start_row=body[first][0], start_column=col, end_row=body[nxt - 1][0], end_column=col)


def project_workbook() -> None:
    wb = Workbook()
    wb.remove(wb.active)
    project_sheet(wb, "附件1", HERE / "yubei-projects-near-term.csv")
    project_sheet(wb, "附件2", HERE / "yubei-projects-long-term.csv")
    wb.save(HERE / "yubei-projects.xlsx")


if __name__ == "__main__":
    main()
    project_workbook()
