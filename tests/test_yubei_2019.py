"""Table 1 of the Yubei plan: the 2019 system, Yubei's 2019–2022 values, and the plan's count
for 2022 (“渝北区32项指标达标 … 环境空气质量优良天数 … 单位地区生产总值用水量 2022年未完成”)."""

import json

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.plugins import components

runner = CliRunner()
FILES = ["yubei-2019-2022.csv", "yubei-2019-2022.xlsx"]


def run(*args: str):
    return runner.invoke(app, list(args))


def check_json(*args: str) -> tuple[int, list[dict]]:
    result = run("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)["submissions"]


@pytest.mark.parametrize("file", FILES)
def test_2022_under_the_2019_system_32_met_2_not_met(file):
    code, subs = check_json(str(EXAMPLES / file), "--ruleset", "cn-eco-county-2019", "--year", "2022")
    assert code == 1  # binding indicators 7 and 18 fail
    (sub,) = subs
    assert sub["year"] == 2022 and sub["ruleset"]["id"] == "cn-eco-county-2019"
    counts = sub["summary"]["indicators"]
    assert counts["total"] == 34
    assert counts["met"] == 32
    assert counts["not_met"] == 2 and counts["not_met_numbers"] == ["7", "18"]
    assert counts["missing"] == 0
    findings = {f["rule_id"]: f for f in sub["findings"]}
    # 7: the good days missed their target (321 < 325); PM2.5 met its own (30.5 ≤ 34)
    assert findings["EC19-07.1"]["status"] == "not_met" and "321 ≥ 325" in findings["EC19-07.1"]["message"]["en"]
    assert findings["EC19-07.2"]["status"] == "met"
    # 18: 0.87 % against the 2 % assigned for 2022
    assert findings["EC19-18"]["status"] == "not_met" and "0.87" in findings["EC19-18"]["message"]["en"]
    assert findings["EC19-18"]["citation"]["document"] == "环生态〔2019〕76号"


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "34 indicators: 32 met (incl. 1 not assessed), 2 not met (7, 18)"),
        ("zh", "34 项指标：达标 32 项（含未考核 1 项），未达标 2 项（7、18）"),
    ],
)
def test_the_count_reads_the_same_in_both_languages(file, lang, line):
    result = run("check", str(EXAMPLES / file), "--ruleset", "cn-eco-county-2019", "--year", "2022", "--lang", lang)
    assert result.exit_code == 1
    assert line in result.stdout


# What the data and the rules give for each year. Table 1's single 达标情况 column is the
# plan's verdict at the end of the span (2022); for the earlier years each verdict below is
# one the table's own figures support, and "missing" is where Table 1 cannot decide.
YEARS = {
    2019: {"met": 28, "not_met": ["22", "28"], "missing": ["7", "17", "18", "30"]},
    2020: {"met": 32, "not_met": ["22", "28"], "missing": []},
    2021: {"met": 32, "not_met": ["22"], "missing": ["15"]},
    2022: {"met": 32, "not_met": ["7", "18"], "missing": []},
}


@pytest.mark.parametrize("file", FILES)
def test_every_year_of_table_1(file):
    _, subs = check_json(str(EXAMPLES / file))  # the file names its rule set and lists 2019-2022
    assert [s["year"] for s in subs] == [2019, 2020, 2021, 2022]
    for sub in subs:
        counts = sub["summary"]["indicators"]
        expected = YEARS[sub["year"]]
        assert sub["ruleset"]["id"] == "cn-eco-county-2019"
        assert (counts["met"], counts["not_met_numbers"], counts["missing_numbers"]) == (
            expected["met"],
            expected["not_met"],
            expected["missing"],
        ), sub["year"]


def statuses(year: int) -> dict[str, tuple[str, str]]:
    _, subs = check_json(str(EXAMPLES / "yubei-2019-2022.csv"), "--year", str(year))
    return {f["rule_id"]: (f["status"], f["message"]["en"]) for f in subs[0]["findings"]}


def test_why_the_earlier_years_differ():
    y2019 = statuses(2019)
    # 22 and 28 are below their thresholds in 2019 and 2020 (the 达标 column speaks for 2022)
    assert y2019["EC19-22"][0] == "not_met" and "83.2 ≥ 90%: no" in y2019["EC19-22"][1]
    assert y2019["EC19-28"][0] == "not_met" and "68.6 ≥ 70%: no" in y2019["EC19-28"][1]
    # Table 1 starts in 2019: no earlier year for the trends
    assert y2019["EC19-07.1"][0] == "missing" and "baseline year 2019" in y2019["EC19-07.1"][1]
    assert y2019["EC19-17"][0] == "missing" and "2018" in y2019["EC19-17"][1]
    assert y2019["EC19-30.3"][0] == "missing" and "only 2019 is given" in y2019["EC19-30.3"][1]
    y2021 = statuses(2021)
    assert y2021["EC19-15.1"][0] == "missing" and "面积不减少" in y2021["EC19-15.1"][1]
    assert y2021["EC19-18"][0] == "not_assessed"  # 上级规定的考核任务：未下达
    assert y2021["EC19-07.1"][0] == "met"  # 87.9 % against 87.1 % in the baseline year 2019


def test_year_not_in_the_file_is_an_input_error():
    for lang, words in (("en", "holds no submission for 2018"), ("zh", "没有 2018 年的填报")):
        result = run("check", str(EXAMPLES / "yubei-2019-2022.csv"), "--year", "2018", "--lang", lang)
        assert result.exit_code == 2
        assert "yubei-2019-2022.csv" in result.stderr and words in result.stderr
        assert ("2019, 2020, 2021, 2022" if lang == "en" else "2019、2020、2021、2022") in result.stderr
        assert "Traceback" not in result.stderr


def test_year_selects_one_result_of_a_multi_year_file():
    code, subs = check_json(str(EXAMPLES / "yubei-2022-2023.xlsx"), "--year", "2023")
    assert code == 1 and [s["year"] for s in subs] == [2023]
    assert subs[0]["summary"]["indicators"]["not_met_numbers"] == ["4", "6", "8"]
    # a table of projects has no reporting year: --year leaves it alone
    result = run("check", str(EXAMPLES / "yubei-projects-near-term.csv"), "--year", "2022", "--lang", "en")
    assert result.exit_code == 0 and "64 projects" in result.stdout  # its one failure is a reference one


def test_year_from_the_settings_file(tmp_path, monkeypatch):
    (tmp_path / "ecorules.toml").write_text("year = 2020\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, subs = check_json(str(EXAMPLES / "yubei-2019-2022.csv"))
    assert [s["year"] for s in subs] == [2020]
    _, subs = check_json(str(EXAMPLES / "yubei-2019-2022.csv"), "--year", "2021")  # the flag wins
    assert [s["year"] for s in subs] == [2021]
    (tmp_path / "ecorules.toml").write_text('year = "2020"\n', encoding="utf-8")
    assert run("check", str(EXAMPLES / "yubei-2019-2022.csv")).exit_code == 2


# --- the rule set, and how a rule set is chosen for a year --------------------------------------


def test_the_2019_rule_set_is_complete_and_cited():
    rs = components().rulesets.get("cn-eco-county-2019").ruleset
    assert len(rs.indicators) == 34
    areas: dict[str, int] = {}
    for ind in rs.indicators.values():
        areas[ind.domain.zh] = areas.get(ind.domain.zh, 0) + 1
    assert areas == {"生态制度": 6, "生态安全": 8, "生态空间": 2, "生态经济": 6, "生态生活": 9, "生态文化": 3}
    assert sum(i.category == "binding" for i in rs.indicators.values()) == 19
    assert sum(i.category == "reference" for i in rs.indicators.values()) == 15
    assert rs.ruleset.document.number == "环生态〔2019〕76号"
    assert (rs.ruleset.years.from_, rs.ruleset.years.to) == (2019, 2022)
    ids = [r.id for r in rs.rules]
    assert len(ids) == len(set(ids)) == 42
    assert all(rid.startswith("EC19-") for rid in ids)
    for rule in rs.rules:
        assert rule.threshold.zh and rule.threshold.en
    assert {r.indicator for r in rs.rules} == set(rs.indicators)


def submission_file(tmp_path, year: int, key: str = "eco_performance_share", name: str = "sub.csv"):
    path = tmp_path / name
    path.write_text(
        f"key,year,value\ndistrict.name,,测试区\nsubmission.year,,{year}\n{key},{year},25\n", encoding="utf-8"
    )
    return str(path)


@pytest.mark.parametrize(
    ("year", "key", "chosen"),
    [
        (2019, "eco_performance_share", "cn-eco-county-2019"),  # only the 2019 system is in force
        (2021, "eco_performance_share", "cn-eco-county-2019"),
        (2022, "eco_performance_share", "cn-eco-county-2024"),  # both in force, both know the key: the newer
        (2022, "river_chief_system", "cn-eco-county-2019"),  # only the 2019 system knows 河长制
        (2023, "eco_performance_share", "cn-eco-county-2024"),
    ],
)
def test_the_edition_for_the_year(tmp_path, year, key, chosen):
    _, subs = check_json(submission_file(tmp_path, year, key))
    assert subs[0]["ruleset"]["id"] == chosen


def test_an_explicit_choice_always_works(tmp_path):
    # the plan checks 2022 under both systems; and the family picks the edition for the year
    _, subs = check_json(submission_file(tmp_path, 2022), "--ruleset", "cn-eco-county-2019")
    assert subs[0]["ruleset"]["id"] == "cn-eco-county-2019"
    _, subs = check_json(submission_file(tmp_path, 2023), "--ruleset", "cn-eco-county-2019")
    assert subs[0]["ruleset"]["id"] == "cn-eco-county-2019" and "not 2023" in subs[0]["ruleset"]["chosen_because"]["en"]
    _, subs = check_json(submission_file(tmp_path, 2020), "--ruleset", "cn-eco-county")
    assert subs[0]["ruleset"]["id"] == "cn-eco-county-2019"


def test_rulesets_list_template_and_explain_know_the_2019_set(tmp_path):
    listing = run("rulesets", "list", "--lang", "en")
    assert "cn-eco-county-2019  2019.1  indicators  years 2019–2022  42 rules" in listing.stdout
    shown = run("rulesets", "show", "cn-eco-county-2019", "--lang", "zh")
    assert shown.exit_code == 0 and "EC19-15.1" in shown.stdout and "2019—2022" in shown.stdout  # the notes
    for lang in ("zh", "en"):
        explained = run("explain", "EC19-30.3", "--lang", lang)
        assert explained.exit_code == 0 and "逐年下降" in explained.stdout and "环生态〔2019〕76号" in explained.stdout
    template = tmp_path / "t.xlsx"
    made = run("template", "--ruleset", "cn-eco-county-2019", "--year", "2022", "-o", str(template))
    assert made.exit_code == 0, made.output
    result = run("check", str(template), "--lang", "en")  # unfilled: refused for want of a district
    assert result.exit_code == 2 and "district.name is required" in result.stderr


def test_year_through_the_api_and_in_worker_processes():
    from ecorules.api import CheckOptions, run_check

    for jobs in (1, 2):
        run = run_check(
            [EXAMPLES / "yubei-2019-2022.csv", EXAMPLES / "yubei-2022-2023.xlsx"], CheckOptions(year=2022, jobs=jobs)
        )
        results = [(r.source.rsplit("/", 1)[-1], r.year, r.ruleset.id) for r in run]
        assert results == [
            ("yubei-2019-2022.csv", 2022, "cn-eco-county-2019"),
            ("yubei-2022-2023.xlsx", 2022, "cn-eco-county-2024"),
        ], jobs
        assert run.exit_code == 1


def test_naming_the_family_takes_the_edition_that_knows_the_file():
    """2022 is in force under both county systems: the family name picks, as the automatic
    choice does, the newest edition whose items the file uses."""
    for file, edition in (
        (EXAMPLES / "yubei-2019-2022.csv", "cn-eco-county-2019"),
        (EXAMPLES / "yubei-2022.csv", "cn-eco-county-2024"),
    ):
        code, subs = check_json(str(file), "--ruleset", "cn-eco-county", "--year", "2022")
        assert code == 1 and [s["ruleset"]["id"] for s in subs] == [edition], file
    # outside 2022 only one edition is in force, and the family is looked up as before
    code, subs = check_json(str(EXAMPLES / "yubei-2019-2022.csv"), "--ruleset", "cn-eco-county", "--year", "2020")
    assert [s["ruleset"]["id"] for s in subs] == ["cn-eco-county-2019"]
