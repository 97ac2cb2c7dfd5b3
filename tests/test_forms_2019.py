"""The threshold forms the 2019 county system adds, at their boundaries: through the shipped
rule set's own rules where it has them, and through small rule sets for the kinds' options."""

from functools import cache

import pytest
from conftest import ROOT, evaluate, single_rule, status_of, submission

from ecorules.loading import load_ruleset_file
from ecorules.model.errors import RulesetError


@cache
def county_2019():
    return load_ruleset_file(ROOT / "rulesets" / "cn-eco-county-2019.toml")


def status_2019(rule_id: str, values: dict, **options) -> str:
    return evaluate(county_2019(), submission(values, **options))[rule_id].status.value


def finding_2019(rule_id: str, values: dict, **options):
    return evaluate(county_2019(), submission(values, **options))[rule_id]


# --- status words: 制定实施, 全面实施, 有效开展 ------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "key", "raw", "status"),
    [
        ("EC19-01", "eco_civilization_plan", "制定实施", "met"),
        ("EC19-01", "eco_civilization_plan", "已制定实施", "met"),
        ("EC19-01", "eco_civilization_plan", "实施", "met"),  # Table 1's own wording, judged 达标
        ("EC19-01", "eco_civilization_plan", "未制定", "not_met"),
        ("EC19-01", "eco_civilization_plan", "未实施", "not_met"),
        ("EC19-04", "river_chief_system", "全面实施", "met"),
        ("EC19-04", "river_chief_system", "已全面实施", "met"),
        ("EC19-04", "river_chief_system", "实施", "not_met"),  # implemented is not fully implemented
        ("EC19-04", "river_chief_system", "未全面实施", "not_met"),
        ("EC19-02", "major_task_deployment", "有效开展", "met"),
        ("EC19-02", "major_task_deployment", "开展", "not_met"),  # carried out is not effectively
        ("EC19-11.2", "invasive_species", "不明显", "met"),
        ("EC19-11.2", "invasive_species", "外来物种入侵不明显", "met"),
        ("EC19-11.2", "invasive_species", "明显", "not_met"),
        ("EC19-29", "household_waste_use", "实施", "met"),
        ("EC19-29", "household_waste_use", "95", "missing"),  # a number where a status is required
    ],
)
def test_status_words(rule_id, key, raw, status):
    assert status_2019(rule_id, {(key, 2022): raw}, year=2022) == status


# --- 逐年下降 (each_year) -------------------------------------------------------------------------

DISPOSABLES = {2019: "11.84", 2020: "9.66", 2021: "9.25", 2022: "8.92"}  # Table 1, 30.3


def series(years: dict[int, str]) -> dict:
    return {("disposables_per_capita", y): v for y, v in years.items()}


@pytest.mark.parametrize(
    ("years", "status"),
    [
        (DISPOSABLES, "met"),  # Yubei: falling every year 2019–2022
        ({**DISPOSABLES, 2021: "9.66"}, "not_met"),  # one year flat
        ({**DISPOSABLES, 2021: "9.70"}, "not_met"),  # one year rising
        ({**DISPOSABLES, 2020: "11.84"}, "not_met"),  # flat in the first step
        ({**DISPOSABLES, 2022: "9.25"}, "not_met"),  # flat in the last step
        ({2021: "9.25", 2022: "8.92"}, "met"),  # two years are a series
        ({2022: "8.92"}, "missing"),  # one year shows no movement
        ({2019: "11.84", 2021: "9.25", 2022: "8.92"}, "missing"),  # 2020 missing: not every year is known
        ({**DISPOSABLES, 2020: "暂无数据"}, "missing"),
        ({2016: "20", 2017: "18", 2018: "15", **DISPOSABLES}, "met"),  # as far back as given
        ({2016: "10", 2017: "18", 2018: "15", **DISPOSABLES}, "not_met"),  # ... every step counts
    ],
)
def test_falling_every_year_across_the_years_given(years, status):
    assert status_2019("EC19-30.3", series(years), year=2022) == status


def test_falling_every_year_names_the_failing_and_the_missing_year():
    f = finding_2019("EC19-30.3", series({**DISPOSABLES, 2021: "9.70"}), year=2022)
    assert "2021" in f.message.en and "9.7 (2021)" in " ".join(d.en for d in f.details)
    f = finding_2019("EC19-30.3", series({2019: "11.84", 2021: "9.25", 2022: "8.92"}), year=2022)
    assert "no number" in f.message.en and "2020" in f.message.en


def test_later_years_are_not_read():
    # checking 2020 reads 2019 and 2020 only: a rise in 2021 does not matter yet
    assert status_2019("EC19-30.3", series({**DISPOSABLES, 2021: "12"}), year=2020) == "met"


def test_rising_every_year():
    rs = single_rule('{ kind = "each_year", better = "higher" }')
    up = {("x", 2021): "1", ("x", 2022): "2", ("x", 2023): "3"}
    assert status_of(rs, submission(up)) == "met"
    assert status_of(rs, submission({**up, ("x", 2022): "1"})) == "not_met"


# --- 不降低 and 不明显 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "status"),
    [
        ("95", "95", "met"),  # equal: not lowered
        ("95", "94.9", "not_met"),  # just below
        ("95", "96", "met"),
        (None, "100", "met"),  # 100 % cannot be lowered further than it is kept: at the best level
        (None, "95", "missing"),  # no previous year to compare with
    ],
)
def test_not_lowered(before, now, status):
    values = {("endemic_aquatic_retention", 2022): now}
    if before is not None:
        values[("endemic_aquatic_retention", 2021)] = before
    assert status_2019("EC19-11.3", values, year=2022) == status


# --- 面积不减少，性质不改变，功能不降低 (clauses) ---------------------------------------------------

FULL = "面积不减少,性质不改变,功能不降低"
SHORT = "性质不改变,功能不降低"


@pytest.mark.parametrize(
    ("year", "raw", "status"),
    [
        (2019, FULL, "met"),
        (2020, "功能不降低、性质不改变，面积不减少", "met"),  # any order, any separator
        (2020, SHORT, "missing"),  # silent on the area while it is still required
        (2021, SHORT, "missing"),  # Table 1's 2021 cell: the table cannot decide it
        (2020, "面积减少,性质不改变,功能不降低", "not_met"),  # the area clause contradicted
        (2020, "面积不减少,性质改变,功能不降低", "not_met"),
        (2022, SHORT, "met"),  # after the 2022 re-delineation the area is no longer required
        (2022, FULL, "met"),
        (2022, "性质改变,功能不降低", "not_met"),
        (2022, "功能不降低", "missing"),
        (2022, "100", "missing"),  # a number where a statement is required
    ],
)
def test_red_line_clauses(year, raw, status):
    for rule_id, key in (("EC19-15.1", "redline_status"), ("EC19-15.2", "protected_area_status")):
        assert status_2019(rule_id, {(key, year): raw}, year=year) == status, rule_id


def test_red_line_says_why_the_area_is_no_longer_required():
    f = finding_2019("EC19-15.1", {("redline_status", 2022): SHORT}, year=2022)
    assert "三区三线" in f.message.en and "not required in 2022" in f.message.en
    f = finding_2019("EC19-15.1", {("redline_status", 2021): SHORT}, year=2021)
    assert "does not say '面积不减少'" in f.message.en


def test_clause_years_must_be_in_order():
    with pytest.raises(RulesetError, match="after 'until'"):
        single_rule('{ kind = "clauses", clauses = [{ text = "面积不减少", from = 2022, until = 2021 }] }', unit="-")


# --- tiers by city size: 公共交通出行分担率 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "value", "status"),
    [
        ("megacity", "70", "met"),
        ("megacity", "69.9", "not_met"),
        ("very_large_city", "70", "met"),
        ("特大城市", "69.9", "not_met"),  # the Chinese label works as well as the key
        ("超大城市", "72.8", "met"),
        ("large_city", "60", "met"),
        ("大城市", "59.9", "not_met"),
        ("large_city", "68.6", "met"),  # Yubei 2019 would meet it as a large city
        ("small_or_medium_city", "50", "met"),
        ("中小城市", "49.9", "not_met"),
    ],
)
def test_public_transport_by_city_size(size, value, status):
    f = finding_2019("EC19-28", {("public_transport_share", 2022): value}, year=2022, attributes={"city_size": size})
    assert f.status.value == status
    assert f.severity == "warning"  # a reference indicator


def test_city_size_missing_or_unknown():
    f = finding_2019("EC19-28", {("public_transport_share", 2022): "72.8"}, year=2022)
    assert f.status.value == "missing" and "district.city_size" in f.message.en
    f = finding_2019(
        "EC19-28", {("public_transport_share", 2022): "72.8"}, year=2022, attributes={"city_size": "village"}
    )
    assert f.status.value == "missing" and "village" in f.message.en


# --- thresholds by climate zone and terrain -------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "key", "attribute", "klass", "value", "status"),
    [
        ("EC19-09", "eco_status_index", "climate_zone", "humid", "60", "met"),
        ("EC19-09", "eco_status_index", "climate_zone", "湿润地区", "59.99", "not_met"),
        ("EC19-09", "eco_status_index", "climate_zone", "humid", "数据暂未公布，预计将(≥60)", "met"),
        ("EC19-09", "eco_status_index", "climate_zone", "humid", "数据暂未公布", "missing"),
        ("EC19-09", "eco_status_index", "climate_zone", "other_climate", "45", "not_assessed"),
        ("EC19-10", "forest_grass_cover", "terrain_class", "hilly", "40", "met"),
        ("EC19-10", "forest_grass_cover", "terrain_class", "丘陵地区", "39.9", "not_met"),
        ("EC19-10", "forest_grass_cover", "terrain_class", "other_terrain", "20", "not_assessed"),
    ],
)
def test_thresholds_by_climate_and_terrain(rule_id, key, attribute, klass, value, status):
    f = finding_2019(rule_id, {(key, 2022): value}, year=2022, attributes={attribute: klass})
    assert f.status.value == status
    if status == "not_assessed":  # no threshold in the source for that class: decided by hand
        assert "by hand" in f.message.en


def test_climate_zone_not_given():
    f = finding_2019("EC19-09", {("eco_status_index", 2022): "61"}, year=2022)
    assert f.status.value == "missing" and "district.climate_zone" in f.message.en


# --- five-year targets against a base year (period_target) -----------------------------------------

ENERGY = "energy_intensity_reduction"


def energy(year: int, values: dict[int, str], targets: dict[int, str]) -> str:
    return status_2019(
        "EC19-17",
        {(ENERGY, y): v for y, v in values.items()},
        year=year,
        targets={(ENERGY, y): t for y, t in targets.items()},
    )


P13 = "“十三五”渝北区能耗强度下降(16.5)"
P14 = "“十四五”渝北区能耗强度下降(14)"


@pytest.mark.parametrize(
    ("year", "values", "targets", "status"),
    [
        # the period's last year: the full target, against 2015
        (2020, {2019: "比2015年下降(12.7)", 2020: "比2015年下降(16.7)"}, {2020: P13}, "met"),
        (2020, {2019: "比2015年下降(12.7)", 2020: "比2015年下降(16.5)"}, {2020: P13}, "met"),  # equal
        (2020, {2019: "比2015年下降(12.7)", 2020: "比2015年下降(16.4)"}, {2020: P13}, "not_met"),  # just below
        # before it: not yet due; the year-on-year trend decides
        (2022, {2021: "比2020年下降(4.67)", 2022: "比2020年下降(10.8)"}, {2022: P14}, "met"),
        (2022, {2021: "比2020年下降(10.8)", 2022: "比2020年下降(10.8)"}, {2022: P14}, "met"),  # stable
        (2022, {2021: "比2020年下降(10.9)", 2022: "比2020年下降(10.8)"}, {2022: P14}, "not_met"),  # worse
        # the first year of a period: its base year is the previous year
        (2021, {2020: "比2015年下降(16.7)", 2021: "比2020年下降(4.67)"}, {2021: P14}, "met"),
        (2021, {2020: "比2015年下降(16.7)", 2021: "比2020年下降(0)"}, {2021: P14}, "met"),
        (2021, {2020: "比2015年下降(16.7)", 2021: "比2020年下降(-0.1)"}, {2021: P14}, "not_met"),
        # no previous year against the same base: undecided
        (2019, {2019: "比2015年下降(12.7)"}, {2019: P13}, "missing"),
        (2022, {2022: "比2020年下降(10.8)"}, {2022: P14}, "missing"),
        # the value measured against another base year than the period's
        (2022, {2021: "比2020年下降(4.67)", 2022: "比2015年下降(10.8)"}, {2022: P14}, "missing"),
        # no target assigned
        (2021, {2020: "比2015年下降(16.7)", 2021: "比2020年下降(4.67)"}, {2021: "未下达"}, "met"),
        (2021, {2020: "比2015年下降(16.7)", 2021: "未下达"}, {}, "not_assessed"),
    ],
)
def test_five_year_target_against_its_base_year(year, values, targets, status):
    assert energy(year, values, targets) == status


def test_a_target_not_yet_due_reports_the_progress():
    f = finding_2019(
        "EC19-17",
        {(ENERGY, 2018): "比2015年下降(9)", (ENERGY, 2019): "比2015年下降(12.7)"},
        year=2019,
        targets={(ENERGY, 2019): P13},
    )
    assert f.status.value == "met"  # the target is not yet due, and 12.7 ≥ 9: stable or improving
    text = " ".join(d.en for d in f.details)
    assert "target 16.5 (against 2015) for 2016–2020, due in 2020" in text
    assert "not yet due" in text and "3.8 to go" in text


def test_a_target_stated_to_date_is_due_that_year():
    water = "water_intensity_reduction"
    rule = "EC19-18"
    values = {(water, 2021): "未下达", (water, 2022): "比2020年前下降(0.87)"}
    f = finding_2019(rule, values, year=2022, targets={(water, 2022): "下降幅度(2)"})
    assert f.status.value == "not_met" and "0.87" in f.message.en and "2%: not met" in f.message.en
    ok = {(water, 2019): "比2015年前下降(21.94)", (water, 2020): "比2015年前下降(25.91)"}
    assert status_2019(rule, ok, year=2020, targets={(water, 2020): "下降幅度(25)"}) == "met"
    assert status_2019(rule, ok, year=2020, targets={(water, 2020): "下降幅度(25.92)"}) == "not_met"


@pytest.mark.parametrize(("year", "value", "status"), [(2022, "5.6", "met"), (2022, "5.5", "not_met")])
def test_pro_rata_when_the_rule_asks_for_it(year, value, status):
    rs = single_rule('{ kind = "period_target", better = "higher", interim = "pro_rata" }')
    sub = submission({("x", year): value}, year=year, targets={("x", year): "14"}, periods={("x", year): "十四五"})
    assert status_of(rs, sub) == status  # 14 × 2/5 = 5.6


def test_period_given_in_the_target_period_column():
    rs = single_rule('{ kind = "period_target", better = "higher" }')
    due = submission({("x", 2025): "13.9"}, year=2025, targets={("x", 2025): "14"}, periods={("x", 2025): "2021-2025"})
    assert status_of(rs, due) == "not_met"
    early = submission({("x", 2023): "1"}, year=2023, targets={("x", 2023): "14"}, periods={("x", 2023): "十四五"})
    assert status_of(rs, early) == "not_assessed"


# --- 完成上级管控目标 stated in words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("完成重庆市管控目标任务", "met"),
        ("未完成上级考核任务", "not_met"),
        ("基本完成目标任务", "missing"),  # a hedge is not a statement either way
        ("完成", "missing"),  # completed what? no target named
        ("良好", "missing"),
    ],
)
def test_target_completion_stated_in_words(raw, status):
    f = finding_2019("EC19-20", {("co2_intensity_reduction", 2022): raw}, year=2022)
    assert f.status.value == status
    if status != "missing":
        assert "as stated" in f.message.en


def test_figures_win_over_a_statement():
    values = {("co2_intensity_reduction", 2022): "4.1"}
    targets = {("co2_intensity_reduction", 2022): "4.2"}
    assert status_2019("EC19-20", values, year=2022, targets=targets) == "not_met"
