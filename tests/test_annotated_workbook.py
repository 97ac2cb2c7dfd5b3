"""``--format xlsx``: the annotated copy of a submission, read back with openpyxl."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from typer.testing import CliRunner

from ecorules.cli import app

WORKBOOK = EXAMPLES / "yubei-2022-2023.xlsx"
runner = CliRunner()
RED, AMBER, BLUE = "00FFC7CE", "00FFEB9C", "00D9E1F2"


def annotate(tmp_path: Path, *files: Path, lang: str = "en", name: str = "checked.xlsx", extra=()) -> Path:
    out = tmp_path / name
    result = runner.invoke(app, ["check", *map(str, files), "--format", "xlsx", "-o", str(out), "--lang", lang, *extra])
    assert result.exit_code in (0, 1), result.output
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def rich_workbook(tmp_path: Path) -> Path:
    """The Yubei workbook with what a real one has: a formula, merged cells, a number format,
    a drop-down list and a comment of its own on a cell a finding points at."""
    path = tmp_path / "yubei-rich.xlsx"
    shutil.copy(WORKBOOK, path)
    wb = load_workbook(path)
    ws = wb["表4"]
    ws["H2"] = "=SUM(D13:E13)"
    ws["H3"] = 0.5
    ws["H3"].number_format = "0.00%"
    ws["H5"] = "备注"
    ws.merge_cells("H5:J6")
    dv = DataValidation(type="list", formula1='"建立,未建立"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("H8")
    ws["D23"].comment = Comment("监测站点 8 个", "填报人")
    wb.save(path)
    return path


def test_every_not_met_cell_is_filled_and_commented_and_the_input_is_untouched(tmp_path):
    source = tmp_path / "yubei.xlsx"
    shutil.copy(WORKBOOK, source)
    before = digest(source)
    out = annotate(tmp_path, source)
    assert digest(source) == before
    wb = load_workbook(out)
    assert wb.sheetnames == ["Results", "表4"]
    ws = wb["表4"]
    # 2022 in column D, 2023 in column E: the not-met sub-items of each year
    not_met = {
        "D13": "EC24-04.1",
        "D23": "EC24-06.5",
        "D28": "EC24-08.1",
        "D44": "EC24-19",
        "D48": "EC24-23",
        "E13": "EC24-04.1",
        "E14": "EC24-04.2",
        "E23": "EC24-06.5",
        "E28": "EC24-08.1",
    }
    annotated = {c.coordinate: c for row in ws.iter_rows() for c in row if c.comment is not None}
    assert set(annotated) == set(not_met)
    for name, rule in not_met.items():
        cell = annotated[name]
        assert cell.fill.fgColor.rgb == RED
        text = cell.comment.text
        assert text.startswith(rule) and "Status: not met" in text and "Required:" in text and "Value:" in text
    assert (
        "82.2%" in annotated["E13"].comment.text and "target: 300 ≥ 327 days: not met" in annotated["E13"].comment.text
    )
    # a met cell is left as it was
    assert ws["D10"].comment is None and ws["D10"].fill.fgColor.rgb != RED


def test_the_results_sheet_counts_as_the_plan_and_links_to_the_cells(tmp_path):
    wb = load_workbook(annotate(tmp_path, WORKBOOK))
    results = wb["Results"]
    rows = [[c.value for c in row] for row in results.iter_rows()]
    counts = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("32 indicators")]
    assert counts == [
        "32 indicators: 27 met (incl. 1 not applicable, 4 not assessed), 5 not met (4, 6, 8, 19, 23)",
        "32 indicators: 29 met (incl. 1 not applicable, 4 not assessed), 3 not met (4, 6, 8)",
    ]
    binding = [r[1] for r in rows if r[0] == "Binding indicators not met"]
    assert binding == [5, 3]
    assert hashlib.sha256(WORKBOOK.read_bytes()).hexdigest() in [r[1] for r in rows]
    links = {
        (row[0].value, row[8].hyperlink.location)
        for row in results.iter_rows()
        if row[8].hyperlink is not None and row[0].value == "EC24-19"
    }
    assert links == {("EC24-19", "'表4'!D44"), ("EC24-19", "'表4'!E44")}
    assert wb.active.title == "Results"


def test_the_originals_formulas_merged_cells_formats_validation_and_comments_survive(tmp_path, rich_workbook):
    before = digest(rich_workbook)
    wb = load_workbook(annotate(tmp_path, rich_workbook))
    assert digest(rich_workbook) == before
    ws = wb["表4"]
    assert ws["H2"].value == "=SUM(D13:E13)" and ws["H2"].data_type == "f"
    assert ws["H3"].number_format == "0.00%"
    assert "H5:J6" in {str(r) for r in ws.merged_cells.ranges}
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == '"建立,未建立"' and "H8" in str(validations[0].sqref)
    # the cell's own comment first, then the finding's
    text = ws["D23"].comment.text
    assert text.startswith("监测站点 8 个") and "EC24-06.5" in text
    assert ws["D23"].fill.fgColor.rgb == RED


def test_waived_cells_are_filled_apart_with_the_reason_and_expiry(tmp_path):
    source = tmp_path / "yubei.xlsx"
    shutil.copy(WORKBOOK, source)
    (tmp_path / "waivers.toml").write_text(
        '[[waiver]]\nrule = "EC24-23"\nreason = "绿色建筑统计口径调整"\napproved_by = "市生态环境局"\nexpires = 2099-12-31\n',
        encoding="utf-8",
    )
    wb = load_workbook(annotate(tmp_path, source, lang="zh", extra=("--waivers", str(tmp_path / "waivers.toml"))))
    assert wb.sheetnames[0] == "检查结果"
    cell = wb["表4"]["D48"]
    assert cell.fill.fgColor.rgb == BLUE
    assert "已豁免至 2099-12-31：绿色建筑统计口径调整" in cell.comment.text
    assert "状态：未达标" in cell.comment.text and "not met" not in cell.comment.text


def test_csv_input_gives_results_and_a_data_sheet_whose_cells_are_those_of_the_file(tmp_path):
    csv = EXAMPLES / "yubei-2023.csv"
    wb = load_workbook(annotate(tmp_path, csv, lang="zh"))
    assert wb.sheetnames == ["检查结果", "数据"]
    data = wb["数据"]
    assert data["C12"].value == "300" and data["A12"].value == "good_air_days"  # row 12 of the file
    assert data["C12"].fill.fgColor.rgb == RED and "EC24-04.1" in data["C12"].comment.text
    links = [c.hyperlink.location for c in wb["检查结果"]["I"] if c.hyperlink is not None]
    assert "'数据'!C12" in links


def test_json_input_gives_a_data_sheet_of_pointers(tmp_path):
    wb = load_workbook(annotate(tmp_path, EXAMPLES / "yubei-2023.json"))
    data = wb["Data"]
    rows = {data.cell(row=i, column=1).value: data.cell(row=i, column=2) for i in range(2, data.max_row + 1)}
    cell = rows["/values/3/value"]
    assert cell.fill.fgColor.rgb == RED and "EC24-04.1" in cell.comment.text
    links = [c.hyperlink.location for c in wb["Results"]["I"] if c.hyperlink is not None]
    assert f"'Data'!B{cell.row}" in links


def test_several_inputs_give_the_districts_by_indicators_matrix(tmp_path):
    wb = load_workbook(annotate(tmp_path, EXAMPLES / "yubei-2022.csv", EXAMPLES / "yubei-2023.csv"))
    assert wb.sheetnames[:2] == ["Results", "Matrix"]
    matrix = wb["Matrix"]
    assert [c.value for c in matrix[2]][:4] == ["Submission", "Input file", "1", "2"]
    row = [c.value for c in matrix[3]]
    assert row[:2] == ["渝北区 2022", "yubei-2022.csv"] and row[2 + 3] == "✗"  # indicator 4
    assert matrix.cell(row=3, column=2 + 4).fill.fgColor.rgb == RED
    target = matrix["A3"].hyperlink.location
    assert target.startswith("'Results'!A")
    assert wb["Results"][target.split("!")[1]].value == "渝北区 2022"


def test_what_a_submission_says_is_never_a_formula(tmp_path):
    sub = tmp_path / "formula.csv"
    text = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    sub.write_text(
        text.replace("district.name,,渝北区", 'district.name,,"=HYPERLINK(""http://x"",""y"")"'), encoding="utf-8"
    )
    wb = load_workbook(annotate(tmp_path, sub))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    assert any(
        isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for row in wb["Data"].iter_rows() for c in row
    )


def test_the_workbook_needs_an_xlsx_output_and_never_overwrites_an_input(tmp_path):
    no_output = runner.invoke(app, ["check", str(WORKBOOK), "--format", "xlsx", "--lang", "zh"])
    assert no_output.exit_code == 2 and "-o" in no_output.output and "工作簿" in no_output.output
    source = tmp_path / "yubei.xlsx"
    shutil.copy(WORKBOOK, source)
    before = digest(source)
    same = runner.invoke(app, ["check", str(source), "--format", "xlsx", "-o", str(source)])
    assert same.exit_code == 2 and digest(source) == before


def test_a_workbook_openpyxl_cannot_load_whole_still_gets_its_results_and_values(tmp_path, monkeypatch):
    import io

    import openpyxl

    from ecorules.api import CheckOptions, ReportOptions, run_check
    from ecorules.reporters.xlsx import XlsxReporter

    results = list(run_check([str(WORKBOOK)], CheckOptions()))
    real = openpyxl.load_workbook

    def only_values(source, *args, **kwargs):  # as for a workbook whose styles openpyxl refuses
        if not kwargs.get("data_only"):
            raise ValueError("unreadable styles")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", only_values)
    data = XlsxReporter().render_bytes(results, ReportOptions(lang="en"))
    wb = real(io.BytesIO(data))
    assert wb.sheetnames == ["Results", "表4"]
    assert wb["表4"]["E13"].value == "300" and wb["表4"]["E13"].fill.fgColor.rgb == RED


def test_a_cell_with_characters_xml_cannot_hold_gives_a_workbook_that_opens(tmp_path):
    # A comment quotes the cell as submitted; a control character in it once made the
    # comment's XML, and so the whole workbook, unreadable. (No NUL here: Python 3.10's csv
    # module refuses a line holding one, which is then an input error.)
    sub = tmp_path / "control.csv"
    text = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    sub.write_text(text.replace("natural_resource_audit,2023,开展,", "natural_resource_audit,2023,开\x01展\x02,"))
    wb = load_workbook(annotate(tmp_path, sub))
    comments = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert any("开展" in text for text in comments), comments
    assert not any(ch in text for text in comments for ch in "\x00\x01\x02")


def test_a_file_name_with_a_control_character_still_names_its_data_sheet(tmp_path):
    odd = tmp_path / "yubei\x022023.csv"  # several inputs: each data sheet is named after its file
    shutil.copy(EXAMPLES / "yubei-2023.csv", odd)
    wb = load_workbook(annotate(tmp_path, odd, EXAMPLES / "yubei-2022.csv"))
    assert "yubei2023" in wb.sheetnames, wb.sheetnames


def test_a_huge_integer_in_a_json_submission_is_written_as_its_digits(tmp_path):
    # a spreadsheet number is a double: 10^400 cannot be written as one, and 2^60 loses digits
    sub = tmp_path / "huge.json"
    text = (EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8")
    huge, long = 10**400, 2**60 + 1
    sub.write_text(
        text.replace('"note": "表4 指标1"', f'"note": {huge}').replace('"note": "表4 指标2"', f'"note": {long}'),
        encoding="utf-8",
    )
    wb = load_workbook(annotate(tmp_path, sub))
    written = {c.value for row in wb["Data"].iter_rows() for c in row}
    assert str(huge) in written and str(long) in written
