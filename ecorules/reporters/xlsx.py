"""The annotated workbook (``--format xlsx -o checked.xlsx``): what to hand back to the
person who filled the submission.

For one xlsx input, a copy of that workbook (the input is only read) in which every cell
behind a finding that is not met, lacks data or is waived is filled by its status and
carries a comment with the rule ID, the requirement, the value and how it was judged; its
formulas, merged cells, number formats and data validation stay as they were. A first sheet,
检查结果 / Results, holds the summary counted the way the plan counts and a table of every
finding, whose cells link to the annotated cells. A CSV or JSON input gets the same results
sheet and a copy of its data as a sheet; several inputs give one results sheet, a districts ×
indicators matrix and a data sheet per input (an xlsx input's sheets copied as values).

Every value written goes through :func:`~ecorules.model.cells.put_text`: a district name
starting with "=" is text, never a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import MARKS, BatchSummary
from ecorules.model.cells import NOT_IN_XML, put_text
from ecorules.model.errors import UsageError
from ecorules.model.findings import CheckResult, Finding, PreparedResult, Status, unprepared
from ecorules.model.text import Lang, T
from ecorules.reporters.wording import WORDS, counts_line, generated_at, sha256_of

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry

SHEET = {
    "results": T("检查结果", "Results"),
    "matrix": T("区县×指标", "Matrix"),
    "data": T("数据", "Data"),
}
HEAD = {
    "rule": WORDS["rule"],
    "no": WORDS["no"],
    "item": WORDS["item"],
    "status": WORDS["status"],
    "value": WORDS["value"],
    "required": WORDS["required"],
    "how": WORDS["how"],
    "waiver": T("豁免或基线", "Waiver or baseline"),
    "where": WORDS["where"],
}
# Fill colours by status (as spreadsheet users know them: red, amber, grey-blue).
FILLS = {"not_met": "FFC7CE", "missing": "FFEB9C", "progress": "BDD7EE", "waived": "D9E1F2"}
# Which fill wins on a cell behind several findings.
_WORST = ("not_met", "missing", "progress", "waived")


@dataclass
class Mark:
    """What is said on one annotated cell."""

    kind: str  # a key of FILLS
    notes: list[str] = field(default_factory=list)


def _kind(f: Finding) -> str | None:
    """How a finding's cell is filled: not met, missing data, in progress toward a planned
    target, waived (or baselined); None for a finding that needs no attention."""
    if f.status is Status.progress:
        return "progress"
    if not f.status.fails:
        return None
    if f.suppression is not None and f.suppression.active:
        return "waived"
    return f.status.value


def comment_text(f: Finding, lang: Lang) -> str:
    """The cell comment: rule ID and sub-item, status, requirement, value, how it was judged,
    and a waiver's reason and expiry."""
    colon = "：" if lang == "zh" else ": "
    lines = [
        f"{f.rule_id} {f.title.get(lang)}",
        f"{HEAD['status'].get(lang)}{colon}{f.status.label.get(lang)}",
        f"{HEAD['required'].get(lang)}{colon}{f.expected.get(lang)}",
        f"{HEAD['value'].get(lang)}{colon}{f.actual_in(lang) or '-'}",
        *(f"- {d.get(lang)}" for d in f.details),
    ]
    waiver = _suppression(f, lang)
    if waiver:
        lines.append(waiver)
    lines.append(f"{f.citation.document} {f.citation.indicator_label.get(lang)}")
    return "\n".join(lines)


def _suppression(f: Finding, lang: Lang) -> str:
    s = f.suppression
    if s is None:
        return ""
    if s.kind == "baseline":
        return T("基线中已记录，不计入本次门禁", "recorded in the baseline; does not fail this run").get(lang)
    until = s.expires.isoformat() if s.expires else "?"
    if s.expired:
        return T(
            f"豁免已于 {until} 到期，重新计为未通过（{s.reason}）",
            f"waiver expired on {until}; failing again ({s.reason})",
        ).get(lang)
    by = f"（{s.approved_by}）" if s.approved_by and lang == "zh" else f" ({s.approved_by})" if s.approved_by else ""
    return T(f"已豁免至 {until}：{s.reason}{by}", f"waived until {until}: {s.reason}{by}").get(lang)


def _sheet_name(wanted: str, taken: Iterable[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\, nothing XML cannot hold: it
    may come from a file's name) that is not taken yet."""
    base = re.sub(r"[\[\]:*?/\\]", "_", NOT_IN_XML.sub("", wanted))[:31] or "Sheet"
    names = {n.lower() for n in taken}
    name, n = base, 1
    while name.lower() in names:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    return name


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _decode(data: bytes) -> str:
    """A CSV file's text as the CSV reader takes it: UTF-8 (with or without BOM), else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _leaves(data: Any, pointer: str = "") -> Iterable[tuple[str, Any]]:
    """A JSON document's scalar values with their JSON pointers, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, f"{pointer}/{i}")
    else:
        yield pointer, data


class XlsxReporter:
    name = "xlsx"
    description = T(
        "标注后的工作簿副本：问题单元格着色并附批注，首页为检查结果（需 -o 文件.xlsx）",
        "annotated copy of the workbook: cells behind findings filled and commented, a Results sheet first "
        "(needs -o FILE.xlsx)",
    )

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        raise UsageError(
            T(
                "xlsx 格式生成的是工作簿文件，请用 -o 指定输出文件，例如 -o checked.xlsx",
                "the xlsx format writes a workbook: name the file with -o, for example -o checked.xlsx",
            ),
            code="usage.output-extension",
        )

    def render_bytes(self, results: Iterable[CheckResult | PreparedResult], options: ReportOptions) -> bytes:
        """The workbook, as the bytes of an .xlsx file."""
        from openpyxl import Workbook, load_workbook

        lang = options.lang
        checked = [unprepared(item)[0] for item in results]
        sources = list(dict.fromkeys(r.source for r in checked))
        single_workbook = len(sources) == 1 and Path(sources[0]).suffix.lower() in (".xlsx", ".xlsm")
        if single_workbook:
            try:  # read here, saved elsewhere: the input is never written
                wb = load_workbook(sources[0], keep_vba=False, keep_links=True)
            except Exception:  # a workbook openpyxl reads only cell by cell: its values, copied
                single_workbook = False
        if not single_workbook:
            wb = Workbook()
            assert wb.active is not None
            wb.remove(wb.active)
        # where each source's cells are in this workbook: source -> sheet name map, pointer -> row
        sheets: dict[str, dict[str | None, str]] = {}
        pointers: dict[str, dict[str, int]] = {}
        if single_workbook:
            sheets[sources[0]] = {name: name for name in wb.sheetnames}
        else:
            for source in sources:
                self._copy_data(wb, source, lang, len(sources) == 1, sheets, pointers)
        results_sheet = wb.create_sheet(_sheet_name(SHEET["results"].get(lang), wb.sheetnames), 0)
        result_rows: list[int] = []  # the row of each result's heading
        marks = self._results(results_sheet, checked, lang, sheets, pointers, options, result_rows)
        self._annotate(wb, marks)
        batch = BatchSummary()
        for r in checked:
            batch.add(r)
        if len(sources) > 1 and batch.rows:
            matrix = wb.create_sheet(_sheet_name(SHEET["matrix"].get(lang), wb.sheetnames), 1)
            headings = {(r.source, r.year): row for r, row in zip(checked, result_rows, strict=True)}
            years = [r.year for r in checked if r.words.record_kind == "indicators"]
            links = [headings[row.source, year] for row, year in zip(batch.rows, years, strict=True)]
            self._matrix(matrix, batch, lang, results_sheet.title, links)
        wb.active = 0
        for ws in wb.worksheets:  # the results sheet is the one that opens
            ws.sheet_view.tabSelected = ws.title == results_sheet.title
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    # --- data sheets -----------------------------------------------------------------------------

    def _copy_data(
        self,
        wb: Any,
        source: str,
        lang: Lang,
        alone: bool,
        sheets: dict[str, dict[str | None, str]],
        pointers: dict[str, dict[str, int]],
    ) -> None:
        """A copy of an input's data: a CSV file row for row (its cell names stay right), a JSON
        document as pointer and value, an xlsx workbook's sheets as values."""
        path = Path(source)
        stem = SHEET["data"].get(lang) if alone else path.stem
        try:
            data = path.read_bytes()
        except OSError:
            return  # a result built by a program: its results are listed, without links
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            try:
                original = load_workbook(io.BytesIO(data), data_only=True)
            except Exception:  # read by the adapter, but not whole: the results sheet names its cells
                return
            names: dict[str | None, str] = {}
            for ws in original.worksheets:
                copy = wb.create_sheet(_sheet_name(f"{stem} {ws.title}" if not alone else ws.title, wb.sheetnames))
                names[ws.title] = copy.title
                for row in ws.iter_rows():
                    for cell in row:
                        if cell.value is not None:
                            target = copy.cell(row=cell.row, column=cell.column)
                            put_text(target, cell.value)
                            target.number_format = cell.number_format
                for merged in ws.merged_cells.ranges:
                    copy.merge_cells(str(merged))
                for letter, dim in ws.column_dimensions.items():
                    copy.column_dimensions[letter].width = dim.width
            sheets[source] = names
            return
        ws = wb.create_sheet(_sheet_name(stem, wb.sheetnames))
        sheets[source] = {None: ws.title}
        if suffix == ".json":
            try:
                document = json.loads(_decode(data))
            except ValueError:
                return
            put_text(ws.cell(row=1, column=1), T("JSON 指针", "JSON pointer").get(lang))
            put_text(ws.cell(row=1, column=2), HEAD["value"].get(lang))
            rows = pointers.setdefault(source, {})
            for i, (pointer, value) in enumerate(_leaves(document), start=2):
                put_text(ws.cell(row=i, column=1), pointer)
                put_text(ws.cell(row=i, column=2), value if isinstance(value, (int, float, str)) else json.dumps(value))
                rows[pointer] = i
            ws.column_dimensions["A"].width = 28
            ws.column_dimensions["B"].width = 40
            return
        reader = csv.reader(io.StringIO(_decode(data), newline=""))
        line = 1
        for record in reader:
            for column, value in enumerate(record, start=1):
                if value != "":
                    put_text(ws.cell(row=line, column=column), value)
            line = reader.line_num + 1  # a quoted line break: the next record starts lower

    # --- the results sheet -----------------------------------------------------------------------

    def _results(
        self,
        ws: Any,
        results: list[CheckResult],
        lang: Lang,
        sheets: dict[str, dict[str | None, str]],
        pointers: dict[str, dict[str, int]],
        options: ReportOptions,
        result_rows: list[int],
    ) -> dict[tuple[str, str], Mark]:
        """The summary and every finding, each result under its heading (whose row is added to
        ``result_rows``); returns what to mark on which cell."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.worksheet.hyperlink import Hyperlink

        from ecorules import __version__

        bold, title_font = Font(bold=True), Font(bold=True, size=14)
        head_fill = PatternFill("solid", fgColor="DDEBF7")
        link_font = Font(color="0563C1", underline="single")
        wrap = Alignment(wrap_text=True, vertical="top")
        marks: dict[tuple[str, str], Mark] = {}
        row = 1

        def put(values: Sequence[object], font: Any = None) -> None:
            nonlocal row
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=column)
                put_text(cell, value)
                if font is not None:
                    cell.font = font
            row += 1

        put([WORDS["title"].get(lang)], title_font)
        for source in dict.fromkeys(r.source for r in results):
            put([WORDS["file"].get(lang), source])
            digest = sha256_of(source)
            if digest:
                put([WORDS["sha256"].get(lang), digest])
        put([WORDS["tool"].get(lang), f"ecorules {__version__}"])
        put([WORDS["generated"].get(lang), generated_at()])
        for problem in (p for error in options.unreadable for p in error.problems):
            put([WORDS["unreadable"].get(lang), problem.render(lang)], Font(color="A1251B"))
        for r in results:
            row += 1
            put([r.heading.get(lang)], Font(bold=True, size=12))
            result_rows.append(row - 1)
            put([WORDS["ruleset"].get(lang), f"{r.ruleset.id} {r.ruleset.version} {r.ruleset.title.get(lang)}"])
            put([WORDS["citation"].get(lang), r.ruleset.document])
            put([counts_line(r, lang)], bold)
            c = r.summary.indicators
            binding, reference = r.not_met_by_category()
            projects = r.words.record_kind == "projects"
            sep = "、" if lang == "zh" else ", "
            put(
                [
                    WORDS["binding_req_not_met" if projects else "binding_not_met"].get(lang),
                    len(binding),
                    sep.join(binding),
                ]
            )
            put(
                [
                    WORDS["reference_req_not_met" if projects else "reference_not_met"].get(lang),
                    len(reference),
                    sep.join(reference),
                ]
            )
            put([WORDS["missing"].get(lang), c.missing, sep.join(c.missing_numbers)])
            put([WORDS["met"].get(lang), c.met])
            put([WORDS["not_met"].get(lang), c.not_met])
            header = [HEAD[k].get(lang) for k in HEAD]
            put(header, bold)
            for column in range(1, len(header) + 1):
                ws.cell(row=row - 1, column=column).fill = head_fill
            for f in r.findings:
                kind = _kind(f)
                target = self._target(f, sheets, pointers)
                put(
                    [
                        f.rule_id,
                        f.indicator.number,
                        f.title.get(lang),
                        f.status.label.get(lang),
                        f.actual_in(lang) or "-",
                        f.expected.get(lang),
                        "；".join(d.get(lang) for d in f.details)
                        if lang == "zh"
                        else "; ".join(d.get(lang) for d in f.details),
                        _suppression(f, lang),
                        f.location.position(lang) if f.location is not None else "",
                    ]
                )
                status_cell = ws.cell(row=row - 1, column=4)
                if kind is not None:
                    status_cell.fill = PatternFill("solid", fgColor=FILLS[kind])
                for column in (3, 6, 7, 8):
                    ws.cell(row=row - 1, column=column).alignment = wrap
                if target is not None:
                    sheet, cell_name = target
                    where = ws.cell(row=row - 1, column=9)
                    where.hyperlink = Hyperlink(ref=where.coordinate, location=f"{_quote(sheet)}!{cell_name}")
                    where.font = link_font
                    if kind is not None:
                        mark = marks.setdefault((sheet, cell_name), Mark(kind))
                        if _WORST.index(kind) < _WORST.index(mark.kind):
                            mark.kind = kind
                        mark.notes.append(comment_text(f, lang))
        for letter, w in zip("ABCDEFGHI", (14, 8, 36, 12, 14, 30, 50, 30, 16), strict=True):
            ws.column_dimensions[letter].width = w
        ws.freeze_panes = "A2"
        return marks

    @staticmethod
    def _target(
        f: Finding, sheets: dict[str, dict[str | None, str]], pointers: dict[str, dict[str, int]]
    ) -> tuple[str, str] | None:
        """The sheet and cell of this workbook where a finding's value is."""
        loc = f.location
        if loc is None or loc.file not in sheets:
            return None
        names = sheets[loc.file]
        if loc.pointer is not None:
            line = pointers.get(loc.file, {}).get(loc.pointer)
            return (names[None], f"B{line}") if line is not None and None in names else None
        sheet = names.get(loc.sheet)
        if sheet is None or loc.cell is None:
            return None
        return sheet, loc.cell

    @staticmethod
    def _annotate(wb: Any, marks: dict[tuple[str, str], Mark]) -> None:
        """Fill each cell behind a finding by its status and comment on it (after a comment
        the cell already had)."""
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        for (sheet, name), mark in marks.items():
            cell = wb[sheet][name]
            cell.fill = PatternFill("solid", fgColor=FILLS[mark.kind])
            text = "\n\n".join(mark.notes)
            if cell.comment is not None and cell.comment.text:
                text = cell.comment.text.rstrip() + "\n\n" + text
            # A comment quotes the cell as submitted: drop what XML cannot hold, as in a cell.
            text = NOT_IN_XML.sub("", text)
            comment = Comment(text[:32000], "ecorules")  # Excel holds 32,767 characters
            comment.width, comment.height = 360, min(80 + 16 * text.count("\n"), 600)
            cell.comment = comment

    @staticmethod
    def _matrix(ws: Any, batch: BatchSummary, lang: Lang, results_title: str, links: list[int]) -> None:
        """Submissions × indicators, one mark and colour each; a submission links to its results."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.worksheet.hyperlink import Hyperlink

        colours = {
            Status.met: "E3F4E1",
            Status.not_met: FILLS["not_met"],
            Status.missing: FILLS["missing"],
            Status.not_applicable: "ECEFF3",
            Status.not_assessed: "ECEFF3",
            Status.progress: FILLS["progress"],
        }
        numbers = list(batch.indicators)
        put_text(ws.cell(row=1, column=1), batch.headline().get(lang))
        ws.cell(row=1, column=1).font = Font(bold=True)
        put_text(ws.cell(row=2, column=1), WORDS["submission"].get(lang))
        put_text(ws.cell(row=2, column=2), WORDS["file"].get(lang))
        for j, number in enumerate(numbers, start=3):
            put_text(ws.cell(row=2, column=j), number)
            ws.cell(row=2, column=j).font = Font(bold=True)
            ws.cell(row=2, column=j).alignment = Alignment(horizontal="center")
        for i, (row, target) in enumerate(zip(batch.rows, links, strict=True), start=3):
            label = ws.cell(row=i, column=1)
            put_text(label, row.heading.get(lang))
            put_text(ws.cell(row=i, column=2), Path(row.source).name)
            statuses = row.statuses
            for j, number in enumerate(numbers, start=3):
                if number in statuses:
                    cell = ws.cell(row=i, column=j)
                    put_text(cell, MARKS[statuses[number]])
                    cell.fill = PatternFill("solid", fgColor=colours[statuses[number]])
                    cell.alignment = Alignment(horizontal="center")
            label.hyperlink = Hyperlink(ref=label.coordinate, location=f"{_quote(results_title)}!A{target}")
            label.font = Font(color="0563C1", underline="single", bold=row.fails_binding)
        put_text(ws.cell(row=len(batch.rows) + 4, column=1), WORDS["legend"].get(lang))
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 26
        ws.freeze_panes = "C3"


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(XlsxReporter())
