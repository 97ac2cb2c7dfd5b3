"""A district's years in one run: a file with several year columns is checked for every year
it reports, each year's trends read the earlier years from the same file, and the text and
JSON reports end with the district's indicators × years ("4  2022 ✗  2023 ✗")."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.model.findings import Status
from ecorules.model.years import YearsView
from ecorules.pipeline import CheckOptions, run_check

WORKBOOK = EXAMPLES / "yubei-2022-2023.xlsx"
WIDE_CSV = EXAMPLES / "yubei-2022-2023-gb18030.csv"


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *map(str, args)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def test_every_reported_year_is_checked_with_the_plans_counts():
    results = list(run_check([WORKBOOK], CheckOptions()))
    assert [(r.year, r.summary.indicators.met, r.summary.indicators.not_met) for r in results] == [
        (2022, 27, 5),
        (2023, 29, 3),
    ]
    view = YearsView()
    for r in results:
        view.add(r)
    (district,) = view.several()
    assert district.years == [2022, 2023]
    assert district.status("4", 2022) is Status.not_met and district.status("4", 2023) is Status.not_met
    assert district.status("19", 2022) is Status.not_met and district.status("19", 2023) is Status.met
    assert district.changed() == ["19", "23"]


def test_trends_read_the_earlier_years_of_the_same_file():
    by_year = {r.year: {f.rule_id: f for f in r.findings} for r in run_check([WORKBOOK], CheckOptions())}
    # each trend finding names the earlier value and the year it used, from the workbook's own columns
    assert "trend: 39.5 (2021) → 37.69 (2023)" in by_year[2023]["EC24-08.1"].message.en
    assert "trend: 39.5 (2021) → 37.68 (2022)" in by_year[2022]["EC24-08.1"].message.en
    assert "trend: 持续提高(12666) (2022) → 15523 (2023)" in by_year[2023]["EC24-R4"].message.en


def test_a_wide_file_without_a_baseline_year_still_judges_its_trends(tmp_path):
    text = WIDE_CSV.read_text(encoding="gb18030")
    assert "submission.baseline_year,2021\n" in text
    path = tmp_path / "no-baseline.csv"
    path.write_text(text.replace("submission.baseline_year,2021\n", ""), encoding="gb18030")
    results = {r.year: r for r in run_check([path], CheckOptions())}
    # the plan's own counts hold: 'stable' is judged against the earliest year the file gives (2021)
    assert [(y, r.summary.indicators.met, r.summary.indicators.not_met) for y, r in sorted(results.items())] == [
        (2022, 27, 5),
        (2023, 29, 3),
    ]
    forest = next(f for f in results[2023].findings if f.rule_id == "EC24-08.1")
    assert forest.status is Status.not_met
    assert "declares no baseline year (submission.baseline_year); judged against 2021" in forest.message.en
    assert "39.5 (2021) → 37.69 (2023)" in forest.message.en


@pytest.mark.parametrize(
    ("lang", "head", "air", "water", "changed"),
    [
        ("en", "渝北区, indicators by year, 2022–2023 (cn-eco-county-2024):", "  4   2022 ✗  2023 ✗  Ambient air quality",
         "  19  2022 ✗  2023 ✓  Reduction of water use per 10,000 yuan of regional GDP",
         "  indicators whose verdict changed: 19, 23"),
        ("zh", "渝北区 2022—2023 年逐年指标（cn-eco-county-2024）：", "  4   2022 ✗  2023 ✗  环境空气质量",
         "  19  2022 ✗  2023 ✓  万元地区生产总值用水量下降率", "  各年结果不同的指标：19、23"),
    ],
)  # fmt: skip
def test_text_report_ends_with_the_years_view(lang, head, air, water, changed):
    _, out = check(WORKBOOK, "--lang", lang)
    lines = out.splitlines()
    start = lines.index(head)
    view = lines[start + 1 : start + 36]
    assert len([line for line in view if line.startswith("  ") and " 2022 " in line]) == 32
    assert air in view and water in view and changed in view


def test_json_report_has_the_district_years_object():
    _, out = check(WORKBOOK, "--format", "json")
    (district,) = json.loads(out)["district_years"]
    assert district["district"] == "渝北区" and district["district_code"] == "500112"
    assert district["ruleset"] == "cn-eco-county-2024"
    assert district["years"] == [2022, 2023]
    assert district["counts"]["2022"]["met"] == 27 and district["counts"]["2023"]["not_met"] == 3
    statuses = {i["number"]: i["statuses"] for i in district["indicators"]}
    assert len(statuses) == 32
    assert statuses["4"] == {"2022": "not_met", "2023": "not_met"}
    assert statuses["23"] == {"2022": "not_met", "2023": "met"}
    assert statuses["16"] == {"2022": "not_applicable", "2023": "not_applicable"}
    assert district["indicators"][3]["name"] == {"zh": "环境空气质量", "en": "Ambient air quality"}


def test_a_district_in_two_files_is_one_view_and_a_single_year_has_none(tmp_path):
    _, out = check(EXAMPLES / "yubei-2022.csv", EXAMPLES / "yubei-2023.csv", "--format", "json")
    report = json.loads(out)
    (district,) = report["district_years"]
    assert district["years"] == [2022, 2023]
    assert "batch" in report  # two files: the batch matrix as before
    _, out = check(EXAMPLES / "yubei-2023.csv", "--format", "json")
    assert "district_years" not in json.loads(out)  # one year: the report is as it always was
    _, out = check(EXAMPLES / "yubei-2023.csv", "--lang", "en")
    assert "indicators by year" not in out


def test_jobs_give_the_same_view():
    _, one = check(EXAMPLES / "yubei-2022.csv", WORKBOOK, "--format", "json")
    _, two = check(EXAMPLES / "yubei-2022.csv", WORKBOOK, "--format", "json", "--jobs", "2")
    assert json.loads(one)["district_years"] == json.loads(two)["district_years"]
    # the 2022 of the CSV and of the workbook are one year of one district
    assert json.loads(one)["district_years"][0]["years"] == [2022, 2023]


def test_project_tables_have_no_years_view():
    _, out = check(
        EXAMPLES / "yubei-projects-near-term.csv", EXAMPLES / "yubei-projects-long-term.csv", "--format", "json"
    )
    assert "district_years" not in json.loads(out)
