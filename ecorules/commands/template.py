"""Fill-in templates generated from a rule set (``ecorules template``).

A template asks for exactly what the rule set reads: one row per sub-item a
district submits (derived values such as the good-air-day ratio are replaced
by what they are computed from), with the Chinese name, unit and threshold
wording beside each, a column for the previous year (and the baseline year)
where a trend needs one, and a target column where a rule compares with the
target the higher level assigned. What the template writes is exactly what
the adapters read back, so a filled template checks without edits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ecorules.kinds.base import KindRegistry
from ecorules.model.cells import NOT_IN_XML, cell_text
from ecorules.model.files import write_atomically
from ecorules.model.ruleset import Change, Ratio, Ruleset, ShareOfYear

Layout = Literal["wide", "long"]

TARGET_HINT = "（仅“完成上级规定的考核任务”类指标填写）"


@dataclass
class TemplateRow:
    """One sub-item the submission provides."""

    key: str
    indicator: str  # the number as the table writes it
    indicator_name: str
    name: str
    unit: str
    thresholds: list[str] = field(default_factory=list)
    category: str = ""
    earlier_years: bool = False  # a trend or change reads earlier years of it
    needs_target: bool = False
    words: list[str] = field(default_factory=list)  # status words the rules accept


@dataclass
class Template:
    ruleset: Ruleset
    year: int
    baseline_year: int | None
    rows: list[TemplateRow]

    @property
    def years(self) -> list[int]:
        """The year columns: baseline year and previous year (for trends), then the reporting year."""
        earlier = {self.year - 1}
        if self.baseline_year is not None and self.baseline_year < self.year:
            earlier.add(self.baseline_year)
        return [*sorted(earlier), self.year]

    def identity(self) -> list[tuple[str, str, str]]:
        """(key, value to pre-fill, Chinese label with a hint) for the rows above the table."""
        rows = [
            ("district.name", "", "区县名称（必填）"),
            ("district.code", "", "行政区划代码（选填）"),
        ]
        for name, attribute in self.ruleset.attributes.items():
            choices = "、".join(label.zh for label in attribute.values.values())
            rows.append((f"district.{name}", "", f"{attribute.name.zh}（可选：{choices}）"))
        rows += [
            ("submission.year", str(self.year), "填报年份"),
            (
                "submission.baseline_year",
                str(self.baseline_year or ""),
                "基准年（“保持稳定或持续改善”类指标与之比较）",
            ),
            ("submission.ruleset", self.ruleset.ruleset.id, "规则集"),
        ]
        return rows


def _inputs(ruleset: Ruleset, key: str) -> list[tuple[str, bool]]:
    """The items a value comes from, with whether an earlier year of each is read: what
    it is derived from, then the value itself (a district may report △EQI or the good-air
    ratio directly; the inputs win when both are given)."""
    derive = ruleset.items[key].derive
    if derive is None:
        return [(key, False)]
    if isinstance(derive, ShareOfYear):
        inputs = _inputs(ruleset, derive.item)
    elif isinstance(derive, Change):
        inputs = [(k, True) for k, _ in _inputs(ruleset, derive.item)]
    else:
        assert isinstance(derive, Ratio)
        inputs = _inputs(ruleset, derive.numerator) + _inputs(ruleset, derive.denominator)
    return [*inputs, (key, False)]


def _derived_label(ruleset: Ruleset, key: str) -> str:
    """'（或填写优良天数，由其计算）' for a derived item, '' otherwise."""
    if ruleset.items[key].derive is None:
        return ""
    sources = [ruleset.items[k].name.zh for k, _ in _inputs(ruleset, key)[:-1]]
    return f"（或只填{'、'.join(sources)}，由其计算）"


def build_template(
    ruleset: Ruleset, year: int, baseline_year: int | None = None, kinds: KindRegistry | None = None
) -> Template:
    if kinds is None:
        from ecorules.kinds import builtin_registry

        kinds = builtin_registry()
    rows: dict[str, TemplateRow] = {}
    for rule in ruleset.rules:
        indicator = ruleset.indicators[rule.indicator]
        for _, path_cond in kinds.walk(rule.condition):
            kind = kinds.of(path_cond)
            needs = kind.template_needs(path_cond)
            of = kind.reads(path_cond) or rule.item
            for key, earlier in _inputs(ruleset, of):
                item = ruleset.items[key]
                row = rows.get(key)
                if row is None:
                    label = indicator.label.zh if indicator.label else rule.indicator
                    row = rows[key] = TemplateRow(
                        key=key,
                        indicator=label,
                        indicator_name=indicator.name.zh,
                        name=item.name.zh + _derived_label(ruleset, key),
                        unit=item.unit,
                        category="约束性" if indicator.category == "binding" else "参考性",
                    )
                if rule.threshold.zh not in row.thresholds and of == rule.item:
                    row.thresholds.append(rule.threshold.zh)
                row.earlier_years |= earlier or needs.earlier_years
                row.needs_target |= needs.target
                row.words += [w for w in needs.words if w not in row.words]
                if rule.applicability == "where_relevant" and "不涉及" not in row.words and row.words:
                    row.words.append("不涉及")
    return Template(ruleset, year, baseline_year, list(rows.values()))


# --- writing ------------------------------------------------------------------------------------

WIDE_FIXED = ("序号", "指标名称", "子项名称", "key", "单位", "指标值要求", "指标属性")


def wide_header(t: Template) -> list[str]:
    return [*WIDE_FIXED, *(str(y) for y in t.years), f"{t.year}年目标值", "目标期", "备注"]


def wide_row(t: Template, r: TemplateRow) -> list[str]:
    """The row as written: descriptive columns filled, the value, target and note cells empty."""
    described = [r.indicator, r.indicator_name, r.name, r.key, r.unit, "；".join(r.thresholds), r.category]
    return [*described, *("" for _ in t.years), "", "", ""]


LONG_HEADER = ("key", "子项名称", "year", "value", "unit", "target", "target_period", "指标值要求", "note")


def long_rows(t: Template) -> list[list[str]]:
    rows = [[key, label, "", value, "", "", "", "", ""] for key, value, label in t.identity()]
    for r in t.rows:
        for y in t.years if r.earlier_years else [t.year]:
            rows.append([r.key, r.name, str(y), "", r.unit, "", "", "；".join(r.thresholds) if y == t.year else "", ""])
    return rows


INSTRUCTIONS = [
    "填表说明 / How to fill in this template",
    "",
    "1. 在表格上方填写区县名称等（B 列）；在年份列填写各子项的数值，不要修改 key 列和表头。",
    "   Fill in the district's name at the top and each sub-item's value in the year columns; "
    "do not change the key column or the header row.",
    "2. 数值只填数字（如 87.9），百分比可写 87.9 或 87.9%；下限可写 ≥25；不要填 0.879。",
    "   Write numbers only (87.9); a percentage as 87.9 or 87.9%; a bound as ≥25. Do not write a ratio as 0.879.",
    "3. 没有数值时填写：不涉及（本地区不适用）、未考核（上级未下达考核任务）、暂未公布（数据尚未发布，视为缺数据）。",
    "   Instead of a number: 不涉及 (not applicable here), 未考核 (no target assigned), "
    "暂未公布 (not yet published: counts as missing data).",
    "4. 状态类指标（建立、开展等）可从下拉列表选择。 Status sub-items (建立, 开展, ...) have a drop-down list.",
    "5. 目标值列只用于“完成上级规定的考核任务”类指标；灰色单元格无需填写。",
    "   The target column is for 'complete the assessment task set by the higher level' sub-items only; "
    "grey cells need nothing.",
    "6. 上一年度（及基准年）列仅趋势类指标（保持稳定、持续改善等）需要填写。",
    "   The earlier year columns are needed only for trend sub-items (stable or improving, ...).",
    "7. 检查 / Check: ecorules check <this file>",
]


def write_template(t: Template, path: Path, layout: Layout) -> None:
    """Write the template to ``path`` (.xlsx or .csv), replacing it atomically."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _xlsx_bytes(t, layout)
    elif suffix in (".csv", ".txt"):
        data = _csv_text(t, layout).encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    else:
        raise ValueError(suffix)
    write_atomically(path, data)


def _title(t: Template) -> str:
    meta = t.ruleset.ruleset
    return f"{meta.title.zh}（{meta.document.number}）{t.year} 年填报表"


# Cells are written as text that never becomes a formula (shared with the annotated workbook).
_NOT_IN_XML = NOT_IN_XML
_cell_text = cell_text


def _clean(values: Iterable[object]) -> list[object]:
    """A workbook row: control characters dropped (openpyxl refuses them); that a string
    starting with = stays text is made sure of when the workbook is complete."""
    return [_NOT_IN_XML.sub("", v) if isinstance(v, str) else v for v in values]


class _SafeWriter:
    """csv.writer whose cells go through :func:`_cell_text`."""

    def __init__(self, out: io.StringIO):
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([_cell_text(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def _csv_text(t: Template, layout: Layout) -> str:
    out = io.StringIO()
    writer = _SafeWriter(out)
    if layout == "wide":
        writer.writerow([_title(t)])
        for key, value, label in t.identity():
            writer.writerow([key, value, label])
        writer.writerow([])
        writer.writerow(wide_header(t))
        writer.writerows(wide_row(t, r) for r in t.rows)
    else:
        writer.writerow(LONG_HEADER)
        writer.writerows(long_rows(t))
    return out.getvalue()


def _xlsx_bytes(t: Template, layout: Layout) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    grey = PatternFill("solid", fgColor="EDEDED")
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = "填报表"
    lists = wb.create_sheet("选项")  # drop-down sources; hidden, and skipped by the reader
    lists.sheet_state = "hidden"
    list_col = 0

    def dropdown(words: list[str], cells: str) -> None:
        nonlocal list_col
        list_col += 1
        letter = get_column_letter(list_col)
        for i, word in enumerate(words, start=1):
            lists.cell(row=i, column=list_col, value=_NOT_IN_XML.sub("", word))
        dv = DataValidation(
            type="list",
            formula1=f"='选项'!${letter}$1:${letter}${len(words)}",
            allow_blank=True,
            errorStyle="warning",  # another wording is allowed; the check decides
            error="请从列表选择，或确认填写内容。Pick from the list, or confirm your wording.",
            errorTitle="ecorules",
        )
        ws.add_data_validation(dv)
        dv.add(cells)

    if layout == "wide":
        ws.append(_clean([_title(t)]))
        ws["A1"].font = Font(bold=True, size=13)
        for key, value, label in t.identity():
            ws.append(_clean([key, value, label]))
            row = ws.max_row
            if key.startswith("district.") and key.removeprefix("district.") in t.ruleset.attributes:
                attribute = t.ruleset.attributes[key.removeprefix("district.")]
                dropdown([label.zh for label in attribute.values.values()], f"B{row}")
        ws.append([])
        ws.append(_clean(wide_header(t)))
        header_row = ws.max_row
        first_year_col = len(WIDE_FIXED) + 1
        year_col = first_year_col + len(t.years) - 1
        target_col = year_col + 1
        for r in t.rows:
            ws.append(_clean(wide_row(t, r)))
            row = ws.max_row
            if not r.needs_target:
                ws.cell(row=row, column=target_col).fill = grey
                ws.cell(row=row, column=target_col + 1).fill = grey
            if not r.earlier_years:
                for col in range(first_year_col, year_col):
                    ws.cell(row=row, column=col).fill = grey
            if r.words:
                dropdown(r.words, f"{get_column_letter(year_col)}{row}")
        widths = (6, 30, 30, 30, 10, 40, 8, *(10 for _ in t.years), 12, 10, 30)
    else:
        ws.append(_clean(list(LONG_HEADER)))
        header_row = 1
        for values in long_rows(t):
            ws.append(_clean(values))
        words = {r.key: r.words for r in t.rows if r.words}
        for row in range(2, ws.max_row + 1):
            row_key = ws.cell(row=row, column=1).value
            if isinstance(row_key, str) and row_key in words and ws.cell(row=row, column=3).value == str(t.year):
                dropdown(words[row_key], f"D{row}")
        widths = (30, 30, 8, 14, 10, 12, 12, 40, 30)
    for cell in ws[header_row]:
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"A{header_row + 1}"  # the rows below the header scroll

    notes = wb.create_sheet("填表说明", 0)
    meta = t.ruleset.ruleset
    for line in [
        *INSTRUCTIONS,
        "",
        f"规则集 / Rule set: {meta.id} {meta.version}",
        f"{meta.title.zh}（{meta.document.number}）",
        meta.title.en,
        f"填报年份 / Reporting year: {t.year}",
    ]:
        notes.append(_clean([line]))
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 120
    for sheet in wb.worksheets:  # every cell is text or a number written here: none is a formula
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
