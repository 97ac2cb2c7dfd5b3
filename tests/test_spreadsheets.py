"""Submissions as analysts keep them: xlsx workbooks, the wide layout, GB18030 CSV,
fill-in templates, and the cell every finding points at."""

import csv
import json
import zipfile

import openpyxl
import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.pipeline import Checker, CheckOptions

runner = CliRunner()
WORKBOOK = EXAMPLES / "yubei-2022-2023.xlsx"
GB_CSV = EXAMPLES / "yubei-2022-2023-gb18030.csv"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def statuses(path, **options) -> dict[int, dict[str, str]]:
    """year -> rule ID -> status, as the checker computes it."""
    return {
        r.year: {f.rule_id: f.status.value for f in r.findings} for r in Checker(CheckOptions(**options)).check(path)
    }


@pytest.fixture(scope="module")
def csv_verdicts() -> dict[int, dict[str, str]]:
    return {year: statuses(EXAMPLES / f"yubei-{year}.csv")[year] for year in (2022, 2023)}


# --- the shipped wide examples ------------------------------------------------------------------


@pytest.mark.parametrize("path", [WORKBOOK, GB_CSV], ids=["xlsx", "gb18030-csv"])
def test_wide_examples_check_like_the_long_csv_files(path, csv_verdicts):
    assert statuses(path) == csv_verdicts


def test_workbook_json_report_gives_both_years_with_cell_locations():
    result = run("check", WORKBOOK, "--format", "json")
    assert result.exit_code == 1
    subs = json.loads(result.stdout)["submissions"]
    assert [(s["year"], s["summary"]["indicators"]["not_met_numbers"]) for s in subs] == [
        (2022, ["4", "6", "8", "19", "23"]),
        (2023, ["4", "6", "8"]),
    ]
    located = [f for s in subs for f in s["findings"] if f["location"]]
    assert len(located) > 80
    for f in located:
        loc = f["location"]
        assert loc["sheet"] == "表4" and loc["row"] and loc["column"] and loc["cell"], f
        assert loc["cell"].endswith(str(loc["row"]))


def test_text_report_names_the_cell():
    result = run("check", WORKBOOK, "--lang", "en")
    ws = openpyxl.load_workbook(WORKBOOK)["表4"]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "forest_cover")
    column = next(c.column_letter for r in ws.iter_rows() for c in r if c.value == "2023")
    assert f"[表4!{column}{row}]" in result.stdout  # forest cover 2023: not met, shown with its cell


def test_gb18030_file_is_really_gb18030():
    data = GB_CSV.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "渝北区".encode("gb18030") in data


# --- the wide layout ----------------------------------------------------------------------------

WIDE = """表4 指标（测试）
区县名称,测试区
submission.year,2023
基准年,2021
规则集,cn-eco-county-2024

序号,子项名称,key,单位,2021,2022,2023,2023年目标值,备注
8,森林覆盖率,forest_cover,%,39.5,37.68,37.69,,
4,优良天数,good_air_days,天,,321,300,327,
"""


def write(tmp_path, text, name="wide.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def one_result(path, **options):
    (result,) = Checker(CheckOptions(**options)).check(path)
    return result


def test_wide_layout_reads_earlier_years_and_year_targets(tmp_path):
    result = one_result(write(tmp_path, WIDE))
    by_rule = {f.rule_id: f for f in result.findings}
    forest = by_rule["EC24-08.1"]
    assert forest.status.value == "not_met"  # 37.69 against the 2021 baseline 39.5
    assert any("39.5" in d.en for d in forest.details)
    air = by_rule["EC24-04.1"]
    assert any("300 ≥ 327" in d.en for d in air.details)  # the 2023 target column was read
    assert forest.location.cell == "G8" and forest.location.column == "2023"
    # sub-items with no row are missing data, not silently met
    assert by_rule["EC24-06.1"].status.value == "missing"


def test_empty_reporting_year_cell_is_missing_data_located_at_the_cell(tmp_path):
    text = WIDE.replace("39.5,37.68,37.69", "39.5,37.68,")
    forest = {f.rule_id: f for f in one_result(write(tmp_path, text)).findings}["EC24-08.1"]
    assert forest.status.value == "missing"
    assert forest.location.cell == "G8"


def test_plain_target_column_belongs_to_the_latest_year(tmp_path):
    text = WIDE.replace("2023年目标值", "目标值")
    air = {f.rule_id: f for f in one_result(write(tmp_path, text)).findings}["EC24-04.1"]
    assert any("300 ≥ 327" in d.en for d in air.details)


def test_wide_without_submission_year_reports_the_latest_column(tmp_path):
    text = WIDE.replace("submission.year,2023\n", "")
    assert one_result(write(tmp_path, text)).year == 2023


def test_several_reporting_years_give_one_result_each(tmp_path):
    text = WIDE.replace("submission.year,2023", "填报年份,2022、2023")
    results = Checker(CheckOptions()).check(write(tmp_path, text))
    assert [r.year for r in results] == [2022, 2023]


def test_misspelt_wide_header_names_the_cell(tmp_path):
    result = run("check", write(tmp_path, WIDE.replace("备注", "备考")), "--lang", "en")
    assert result.exit_code == 2
    assert "row 7, column I: '备考' is not a known column" in result.stderr


def test_duplicate_rows_for_the_same_key_and_year(tmp_path):
    text = WIDE + "8,森林覆盖率,forest_cover,%,,,38,,\n"
    result = run("check", write(tmp_path, text), "--lang", "en")
    assert result.exit_code == 2
    assert "forest_cover for 2023 is given twice" in result.stderr
    assert "row 10, column C (key)" in result.stderr and "row 8, column C (key)" in result.stderr


def test_unknown_key_names_its_cell(tmp_path):
    text = WIDE + "9,,forest_covr,%,,,38,,\n"
    result = run("check", write(tmp_path, text), "--lang", "en")
    assert result.exit_code == 2
    assert "row 10, column C (key): unknown key 'forest_covr' (did you mean 'forest_cover'?)" in result.stderr


# --- values as spreadsheets hold them -----------------------------------------------------------


def workbook(tmp_path, rows, name="sub.xlsx", sheet="表4", extra=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if extra:
        extra(ws)
    path = tmp_path / name
    wb.save(path)
    return path


IDENTITY = [["district.name", "测试区"], ["submission.year", 2023], ["submission.ruleset", "cn-eco-county-2024"], []]


def test_percent_formatted_cell_is_read_as_excel_shows_it(tmp_path):
    def percent(ws):
        ws["C6"].number_format = "0.0%"

    path = workbook(
        tmp_path, [*IDENTITY, ["key", "unit", 2023], ["urban_sewage_collection_rate", "%", 0.711]], extra=percent
    )
    f = {f.rule_id: f for f in one_result(path).findings}["EC24-06.1"]
    assert f.status.value == "met" and f.actual.startswith("71.1")
    assert (f.location.sheet, f.location.cell) == ("表4", "C6")


def test_text_numbers_full_width_and_float_noise(tmp_path):
    rows = [
        *IDENTITY,
        ["key", "unit", 2023],
        ["urban_sewage_collection_rate", "%", "７１．１％"],  # full-width, as text
        ["urban_waste_recycling_rate", "%", 35.00000000000001],  # what a formula leaves
        ["nox_reduction", "t", "1,673.13"],  # thousands separator, as text
    ]
    f = {f.rule_id: f for f in one_result(workbook(tmp_path, rows)).findings}
    assert f["EC24-06.1"].status.value == "met"
    assert f["EC24-06.4"].status.value == "met" and f["EC24-06.4"].actual == "35%"
    assert f["EC24-17.1"].actual.startswith("1673.13")


def test_excel_error_is_missing_data_with_its_cell(tmp_path):
    rows = [*IDENTITY, ["key", 2023], ["urban_sewage_collection_rate", "#DIV/0!"]]
    f = {f.rule_id: f for f in one_result(workbook(tmp_path, rows)).findings}["EC24-06.1"]
    assert f.status.value == "missing"
    assert f.location.cell == "B6"


def test_ratio_where_percent_expected_is_a_finding_not_a_verdict(tmp_path):
    rows = [*IDENTITY, ["key", "unit", 2023], ["urban_sewage_collection_rate", "%", 0.879]]
    result = run("check", workbook(tmp_path, rows), "--lang", "en")
    assert result.exit_code == 1
    assert "'0.879' looks like a ratio written as a fraction" in result.stdout
    assert "write 87.9" in result.stdout and "[表4!C6]" in result.stdout


def test_fraction_below_a_low_threshold_is_flagged_with_the_cell_and_the_fix(tmp_path):
    # EC24-01 asks ≥20 %: 0.382 may be a true 0.382 %, so it is judged as written, with the hint
    rows = [*IDENTITY, ["key", "unit", 2023], ["eco_performance_share", "%", 0.382]]
    f = {f.rule_id: f for f in one_result(workbook(tmp_path, rows)).findings}["EC24-01"]
    assert f.status.value == "not_met"
    [hint] = [d for d in f.details if "is below 1" in d.en]
    assert "if 38.2 % is meant, write 38.2" in hint.en and "[表4!C6]" in hint.en
    assert "若指 38.2%，请填 38.2" in hint.zh
    # written with its percent sign, it is what it says: no hint
    rows[-1] = ["eco_performance_share", "%", "0.382%"]
    f = {f.rule_id: f for f in one_result(workbook(tmp_path, rows)).findings}["EC24-01"]
    assert not any("is below 1" in d.en for d in f.details)


def test_fraction_is_not_used_when_another_year_is_a_hundred_times_it(tmp_path):
    # forest cover is judged by its trend only (no threshold to compare the size with); the
    # earlier year's 39.5 shows that 0.3769 was typed as a fraction of 37.69 %
    rows = [*IDENTITY, ["key", "unit", 2021, 2023], ["forest_cover", "%", 39.5, 0.3769]]
    f = {f.rule_id: f for f in one_result(workbook(tmp_path, rows)).findings}
    [forest] = [
        x
        for x in f.values()
        if "'0.3769' looks like a ratio written as a fraction" in " ".join(d.en for d in x.details)
    ]
    assert forest.status.value == "missing"


def test_unit_mismatch_is_a_finding_with_location(tmp_path):
    rows = [*IDENTITY, ["key", "unit", 2023], ["urban_sewage_collection_rate", "‰", 711]]
    f = {f.rule_id: f for f in one_result(workbook(tmp_path, rows)).findings}["EC24-06.1"]
    assert f.status.value == "missing"
    assert any("unit given as '‰'" in d.en for d in f.details)


def test_long_layout_in_a_workbook_and_identity_sheet(tmp_path):
    def more(ws):
        info = ws.parent.create_sheet("填报信息", 0)
        for row in IDENTITY[:3]:
            info.append(row)

    rows = [["key", "year", "value"], ["forest_cover", 2023, 40]]
    result = one_result(workbook(tmp_path, rows, extra=more))
    forest = {f.rule_id: f for f in result.findings}["EC24-08.1"]
    assert result.district == "测试区"
    assert forest.location.cell == "C2"


# --- templates ----------------------------------------------------------------------------------


def yubei_2023_values() -> dict[tuple[str, int], dict[str, str]]:
    with (EXAMPLES / "yubei-2023.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["year"].isdigit()]
    return {(r["key"], int(r["year"])): r for r in rows}


IDENTITY_2023 = {
    "district.name": "渝北区",
    "district.code": "500112",
    "district.region_class": "中西部地级及以上城市市辖区",
    "submission.baseline_year": "2021",
}


def test_filled_xlsx_template_checks_like_the_example(tmp_path, csv_verdicts):
    path = tmp_path / "template.xlsx"
    made = run("template", "--ruleset", "cn-eco-county-2024", "--year", 2023, "--baseline-year", 2021, "-o", path)
    assert made.exit_code == 0, made.stderr
    values = yubei_2023_values()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "填表说明"
    ws = wb["填报表"]
    header_row = next(r for r in ws.iter_rows() if r[0].value == "序号")
    columns = {str(c.value): c.column for c in header_row}
    assert ws.data_validations.dataValidation, "status sub-items get drop-down lists"
    for row in ws.iter_rows(min_row=2):
        key = row[0].value
        if key in IDENTITY_2023:
            row[1].value = IDENTITY_2023[key]
        item = row[columns["key"] - 1].value
        for year in (2021, 2022, 2023):
            filled = values.get((item, year))
            if filled:
                ws.cell(row=row[0].row, column=columns[str(year)], value=filled["value"])
                if filled["target"] and year == 2023:
                    ws.cell(row=row[0].row, column=columns["2023年目标值"], value=filled["target"])
                if filled["target_period"]:
                    ws.cell(row=row[0].row, column=columns["目标期"], value=filled["target_period"])
    wb.save(path)
    assert statuses(path) == {2023: csv_verdicts[2023]}


def test_filled_long_csv_template_checks_like_the_example(tmp_path, csv_verdicts):
    path = tmp_path / "template.csv"
    made = run(
        "template", "-r", "cn-eco-county-2024", "--year", 2023, "--baseline-year", 2021, "--layout", "long", "-o", path
    )
    assert made.exit_code == 0, made.stderr
    values = yubei_2023_values()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["key"] in IDENTITY_2023:
            row["value"] = IDENTITY_2023[row["key"]]
        elif row["year"] and (row["key"], int(row["year"])) in values:
            filled = values[(row["key"], int(row["year"]))]
            row.update(value=filled["value"], target=filled["target"], target_period=filled["target_period"])
    # the example also gives the 2021 value of two trend sub-items; a filler adds such rows
    known = {(r["key"], r["year"]) for r in rows}
    for (key, year), filled in values.items():
        if (key, str(year)) not in known:
            rows.append({**rows[-1], "key": key, "year": str(year), "value": filled["value"], "target": ""})
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert statuses(path) == {2023: csv_verdicts[2023]}


def test_template_asks_for_inputs_of_derived_values(tmp_path):
    path = tmp_path / "t.csv"
    assert run("template", "-r", "cn-eco-county-2024", "--year", 2023, "-o", path).exit_code == 0
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    days = next(i for i, line in enumerate(lines) if ",good_air_days," in line)
    ratio = next(i for i, line in enumerate(lines) if ",good_air_ratio," in line)
    assert days < ratio and "或只填优良天数，由其计算" in lines[ratio]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8


def test_template_refuses_to_overwrite(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"precious")
    result = run("template", "-r", "cn-eco-county-2024", "-o", path)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert path.read_bytes() == b"precious"


# --- broken workbooks ---------------------------------------------------------------------------


def test_password_protected_or_xls(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 2
    assert "password-protected" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"key,value\n", "not an Excel workbook"),
    ],
)
def test_corrupt_workbook(tmp_path, content, expected):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 2 and expected in result.stderr, result.stderr


def test_truncated_workbook(tmp_path):
    good = workbook(tmp_path, [*IDENTITY, ["key", 2023], ["forest_cover", 40]])
    data = good.read_bytes()
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    result = run("check", bad, "--lang", "en")
    assert result.exit_code == 2 and "damaged" in result.stderr


def test_empty_workbook_and_sheet_without_header(tmp_path):
    empty = workbook(tmp_path, [], name="empty.xlsx")
    result = run("check", empty, "--lang", "en")
    assert result.exit_code == 2 and "no data" in result.stderr
    noheader = workbook(tmp_path, [["hello", "world"]], name="noheader.xlsx")
    result = run("check", noheader, "--lang", "en")
    assert result.exit_code == 2 and "no header row found (sheets: 表4)" in result.stderr


def test_workbook_with_csv_extension_and_wrong_extension(tmp_path):
    good = workbook(tmp_path, [*IDENTITY, ["key", 2023], ["forest_cover", 40]])
    renamed = tmp_path / "data.csv"
    renamed.write_bytes(good.read_bytes())
    result = run("check", renamed, "--lang", "en")
    assert result.exit_code == 2 and "Excel workbook, not CSV" in result.stderr
    assert run("check", renamed, "--input-format", "xlsx").exit_code in (0, 1)
    odd = tmp_path / "data.ods"
    odd.write_bytes(b"x")
    result = run("check", odd, "--lang", "en")
    assert result.exit_code == 2 and "cannot tell the input format" in result.stderr


def test_input_file_is_never_written(tmp_path):
    path = workbook(tmp_path, [*IDENTITY, ["key", 2023], ["forest_cover", 40]])
    before = path.read_bytes(), path.stat().st_mtime_ns
    run("check", path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    with zipfile.ZipFile(path) as zf:  # still a valid workbook
        assert zf.testzip() is None


def test_template_force_overwrites(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    assert run("template", "-r", "cn-eco-county-2024", "-o", path, "--force").exit_code == 0
    assert openpyxl.load_workbook(path).sheetnames[:2] == ["填表说明", "填报表"]


def test_sarif_github_option_from_the_command_line():
    result = run("check", WORKBOOK, "--format", "sarif", "--sarif-github")
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert results and all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 and "表4!" in r["message"]["text"]
        for r in results
    )


# --- hostile workbooks: refused with exit 2, never a hang or a traceback ----------------------------------------


def _check(path):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "ecorules", "check", str(path), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,  # a hang fails the test instead of the suite
        env={**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )


def test_a_decompression_bomb_is_refused_before_it_is_inflated(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(300):
                member.write(b"\0" * (1024 * 1024))  # 300 MB of zeros, about 300 KB packed
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = _check(bomb)
    assert result.returncode == 2 and "would unpack to too much" in result.stderr, result.stderr


def test_damaged_workbooks_are_input_errors(tmp_path):
    import shutil
    import zipfile

    source = EXAMPLES / "yubei-2022-2023.xlsx"
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        sheet = next(n for n in names if n.startswith("xl/worksheets/sheet"))
        contents = {n: archive.read(n) for n in names}

    def rebuilt(name: str, change: dict, method: int = zipfile.ZIP_DEFLATED):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", method) as archive:
            for n, data in contents.items():
                archive.writestr(n, change.get(n, data))
        return path

    broken_xml = rebuilt("xml.xlsx", {sheet: b"<worksheet><sheetData><row><c r='A1'"})
    odd_method = rebuilt("bzip2.xlsx", {}, zipfile.ZIP_BZIP2)
    bad_deflate = tmp_path / "deflate.xlsx"
    shutil.copy(source, bad_deflate)
    data = bytearray(bad_deflate.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(sheet)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0xFF
    bad_deflate.write_bytes(bytes(data))
    for path in (broken_xml, odd_method, bad_deflate):
        result = _check(path)
        assert result.returncode == 2, (path.name, result.stderr)
        assert "damaged" in result.stderr or "compression method" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_cell_at_the_last_column_and_row_is_read_at_once(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(EXAMPLES / "yubei-2022-2023.xlsx")
    wb.worksheets[-1]["XFD1048576"] = "far away"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    result = _check(path)
    assert result.returncode in (1, 2) and "internal error" not in result.stderr, result.stderr
