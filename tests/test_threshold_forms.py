"""Each threshold form of Table 4, at its boundaries, through the real loader and engine."""

from dataclasses import replace

import pytest
from conftest import evaluate, ruleset_from, single_rule, status_of, submission

# --- plain comparison -----------------------------------------------------------------------------

GE20 = single_rule('{ kind = "compare", op = ">=", value = 20 }')


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("20", "met"),
        ("19.99", "not_met"),
        ("≥25", "met"),  # the plan writes ≥25 for indicator 1
        ("≥15", "missing"),  # a bound below the threshold cannot show it is met
        ("２０％", "met"),
        ("暂未公布", "missing"),
        ("", "missing"),
        ("建立", "missing"),  # a word where a number is needed
    ],
)
def test_compare(raw, status):
    assert status_of(GE20, submission({("x", 2023): raw})) == status


def test_compare_missing_value_says_so():
    f = evaluate(GE20, submission({}))["X-1"]
    assert f.status.value == "missing"
    assert "2023" in f.message.en


def test_strict_greater_than_for_delta_eqi():
    rs = single_rule('{ kind = "compare", op = ">", value = -1 }', unit="-")
    assert status_of(rs, submission({("x", 2023): ">-1"})) == "met"
    assert status_of(rs, submission({("x", 2023): "-1"})) == "not_met"
    assert status_of(rs, submission({("x", 2023): "-0.99"})) == "met"


def test_hundred_percent():
    rs = single_rule('{ kind = "compare", op = ">=", value = 100 }')
    assert status_of(rs, submission({("x", 2023): "100"})) == "met"
    assert status_of(rs, submission({("x", 2023): "99.73"})) == "not_met"


# --- status words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "status"), [("建立", "met"), ("已建立", "met"), ("未建立", "not_met"), ("1", "missing")]
)
def test_status(raw, status):
    rs = single_rule('{ kind = "status", accept = ["建立"] }', unit="-")
    assert status_of(rs, submission({("x", 2023): raw})) == status


# --- target completion ----------------------------------------------------------------------------

HIGHER = single_rule('{ kind = "target", better = "higher" }')
LOWER = single_rule('{ kind = "target", better = "lower" }', unit="μg/m³")


@pytest.mark.parametrize(
    ("rs", "value", "target", "status"),
    [
        (HIGHER, "321", "325", "not_met"),
        (HIGHER, "325", "325", "met"),
        (HIGHER, "326", "325", "met"),
        (LOWER, "30.5", "34", "met"),
        (LOWER, "34.1", "33", "not_met"),
        (LOWER, "33", "33", "met"),
        (HIGHER, "15.2", "未考核", "not_assessed"),  # no target assigned is not a failure
        (HIGHER, "1.9", "十四五期间，未逐年下达", "not_assessed"),
        (HIGHER, "94.6", "不涉及", "not_assessed"),
    ],
)
def test_target(rs, value, target, status):
    sub = submission({("x", 2023): value}, targets={("x", 2023): target})
    assert status_of(rs, sub) == status


def test_target_stated_in_the_value_cell():
    assert status_of(HIGHER, submission({("x", 2023): "未考核(15.2)"})) == "not_assessed"
    assert status_of(HIGHER, submission({("x", 2023): "未考核"})) == "not_assessed"


def test_target_absent_is_missing_data_not_a_pass():
    f = evaluate(HIGHER, submission({("x", 2023): "10"}))["X-1"]
    assert f.status.value == "missing"
    assert "target" in f.message.en


@pytest.mark.parametrize(
    ("year", "value", "status"),
    [
        (2022, "10.8", "met"),  # Yubei 2022: 10.8 against 14 × 2/5 = 5.6
        (2022, "5.6", "met"),  # exactly on time-proportional progress
        (2022, "5.5", "not_met"),
        (2023, "8.4", "met"),  # 14 × 3/5
        (2025, "13.9", "not_met"),  # last year of the period: the full target
        (2025, "14", "met"),
    ],
)
def test_period_target_pro_rata(year, value, status):
    rs = single_rule('{ kind = "target", better = "higher", covers = "period", interim = "pro_rata" }')
    sub = submission({("x", year): value}, year=year, targets={("x", year): "14"}, periods={("x", year): "十四五"})
    assert status_of(rs, sub) == status


def test_pro_rata_needs_a_target_that_covers_a_period():
    """Scaling is only for a target set for a whole period, and the rule set must say so."""
    from ecorules.model.errors import RulesetError

    with pytest.raises(RulesetError, match="covers = 'period'") as err:
        single_rule('{ kind = "target", better = "higher", interim = "pro_rata" }')
    assert "rules[0].condition" in str(err.value)
    with pytest.raises(RulesetError, match="covers = 'period'"):
        single_rule('{ kind = "target", better = "higher", covers = "to_date", interim = "pro_rata" }')
    with pytest.raises(RulesetError, match="covers"):
        single_rule('{ kind = "target", better = "higher", covers = "year" }')


@pytest.mark.parametrize(
    ("value", "status"),
    [("0.87", "not_met"), ("2", "met"), ("1.99", "not_met")],  # Yubei 2022, indicator 19: 较2020年下降2%
)
def test_target_stated_to_date_is_never_scaled(value, status):
    """A target already stated as what is due by the year (较2020年下降2% for 2022) is compared as
    given even when its row names a period: scaling it again (2 × 2/5 = 0.8) would pass 0.87."""
    rs = single_rule('{ kind = "target", better = "higher", covers = "to_date" }')
    sub = submission({("x", 2022): value}, year=2022, targets={("x", 2022): "2"}, periods={("x", 2022): "十四五"})
    f = evaluate(rs, sub)["X-1"]
    assert f.status.value == status
    assert "not scaled again" in f.message.en and "不再按序时进度折算" in f.message.zh
    assert "≥ 2%" in f.message.en
    # without a period on the row there is nothing to say about scaling
    plain = submission({("x", 2022): value}, year=2022, targets={("x", 2022): "2"})
    assert "scaled" not in evaluate(rs, plain)["X-1"].message.en


def test_period_target_is_final_by_default():
    sub = submission({("x", 2022): "10.8"}, year=2022, targets={("x", 2022): "14"}, periods={("x", 2022): "2021-2025"})
    assert status_of(HIGHER, sub) == "not_met"


def test_level_targets_are_never_scaled():
    from ecorules.model.errors import RulesetError

    with pytest.raises(RulesetError, match="cumulative"):
        single_rule('{ kind = "target", better = "lower", interim = "pro_rata" }')


def test_not_assessed_only_for_target_rules():
    f = evaluate(GE20, submission({("x", 2023): "未考核"}))["X-1"]
    assert f.status.value == "missing"
    assert "not judged against an assigned target" in f.message.en


# --- trends ---------------------------------------------------------------------------------------

STABLE = single_rule(
    '{ kind = "trend", require = "stable_or_improve", better = "higher", against = "baseline_year", tolerance = 0 }'
)


@pytest.mark.parametrize(
    ("now", "base", "status"),
    [("39.5", "39.5", "met"), ("39.6", "39.5", "met"), ("37.69", "39.5", "not_met"), ("95.4", "87.2", "met")],
)
def test_stable_or_improve_against_baseline(now, base, status):
    sub = submission({("x", 2023): now, ("x", 2021): base}, baseline_year=2021)
    assert status_of(STABLE, sub) == status


def test_stable_tolerance_is_honoured():
    rs = single_rule(
        '{ kind = "trend", require = "stable_or_improve", better = "higher", against = "previous_year", tolerance = 1.0 }'
    )
    assert status_of(rs, submission({("x", 2023): "95.4", ("x", 2022): "96.4"})) == "met"
    assert status_of(rs, submission({("x", 2023): "95.3", ("x", 2022): "96.4"})) == "not_met"


@pytest.mark.parametrize(
    ("values", "status", "used"),
    [
        # Yubei forest cover: 2021 39.5, 2022 37.68, 2023 37.69. Against the earliest year the
        # file gives (2021) it has fallen, as the plan judges; against 2022 it would have risen.
        ({2023: "37.69", 2022: "37.68", 2021: "39.5"}, "not_met", "39.5 (2021) → 37.69 (2023)"),
        ({2023: "40", 2021: "39"}, "met", "39 (2021) → 40 (2023)"),
        ({2023: "39", 2021: "39"}, "met", "39 (2021) → 39 (2023)"),  # exactly stable
        # a year without a number is passed over: the earliest year with one is used
        ({2023: "40", 2022: "41", 2020: "暂未公布"}, "met", "41 (2022) → 40 (2023)"),
    ],
)
def test_baseline_not_declared_uses_the_earliest_earlier_year(values, status, used):
    sub = submission({("x", y): v for y, v in values.items()})
    f = evaluate(STABLE if "41" not in values.values() else STABLE_TOL1, sub)["X-1"]
    assert f.status.value == status
    assert used in f.message.en  # the earlier value and its year
    year = used.split("(")[1][:4]
    assert f"declares no baseline year (submission.baseline_year); judged against {year}" in f.message.en
    assert f"未声明基准年（submission.baseline_year），按文件中最早的更早年份 {year} 年比较" in f.message.zh


STABLE_TOL1 = single_rule(
    '{ kind = "trend", require = "stable_or_improve", better = "higher", against = "baseline_year", tolerance = 1 }'
)


def test_declared_baseline_is_used_and_not_called_undeclared():
    sub = submission({("x", 2023): "37.69", ("x", 2022): "37.68", ("x", 2021): "39.5"}, baseline_year=2022)
    f = evaluate(STABLE, sub)["X-1"]
    assert f.status.value == "met"  # the declared year wins over the earliest one
    assert "37.68 (2022) → 37.69 (2023)" in f.message.en
    assert "declares no baseline year" not in f.message.en


def test_baseline_not_declared_and_no_earlier_number_is_missing_with_reason():
    f = evaluate(STABLE, submission({("x", 2023): "40"}))["X-1"]
    assert f.status.value == "missing"
    assert "baseline_year" in f.message.en and "no number for an earlier year" in f.message.en
    # a later year is never a reference
    f = evaluate(STABLE, submission({("x", 2022): "40", ("x", 2023): "39"}, year=2022))["X-1"]
    assert f.status.value == "missing"


RISING = single_rule('{ kind = "trend", require = "improve", better = "higher", against = "previous_year" }')
FALLING = single_rule('{ kind = "trend", require = "improve", better = "lower", against = "previous_year", best = 0 }')


@pytest.mark.parametrize(
    ("rs", "now", "before", "status"),
    [
        (RISING, "15523", "12666", "met"),
        (RISING, "12666", "12666", "not_met"),  # 持续提高 means strictly higher
        (RISING, "12000", "12666", "not_met"),
        (FALLING, "2", "3", "met"),
        (FALLING, "3", "3", "not_met"),
        (FALLING, "0", "0", "met"),  # already at the best level
    ],
)
def test_rising_and_falling(rs, now, before, status):
    assert status_of(rs, submission({("x", 2023): now, ("x", 2022): before})) == status


def test_trend_needs_the_reference_year():
    f = evaluate(RISING, submission({("x", 2023): "10"}))["X-1"]
    assert f.status.value == "missing"
    assert "2022" in f.message.en


@pytest.mark.parametrize(
    ("rs", "word", "status"),
    [
        (RISING, "持续提高", "met"),
        (RISING, "保持稳定", "not_met"),  # stable is not rising
        (STABLE, "保持稳定", "met"),
        (FALLING, "持续下降", "met"),
        (FALLING, "持续提高", "not_met"),
        (RISING, "持续提高(12666)", "met"),  # number without its reference year: the statement decides
        (STABLE, "不降低", "met"),  # a denied fall is at least stable
        (RISING, "不降低", "missing"),  # ... but not necessarily a rise
        (RISING, "未提高", "not_met"),
        (FALLING, "不下降", "not_met"),
    ],
)
def test_trend_stated_in_words(rs, word, status):
    f = evaluate(rs, submission({("x", 2023): word}, baseline_year=2021))["X-1"]
    assert f.status.value == status
    assert "as stated" in " ".join(d.en for d in f.details)


def test_computed_trend_beats_the_statement():
    sub = submission({("x", 2023): "保持稳定(95)", ("x", 2021): "96"}, baseline_year=2021)
    assert status_of(STABLE, sub) == "not_met"


def test_each_year():
    rs = single_rule(
        '{ kind = "trend", require = "each_year_improve", better = "lower", against = "baseline_year" }', unit="千克"
    )
    steady = {("x", 2019): "11.84", ("x", 2020): "9.66", ("x", 2021): "9.25", ("x", 2022): "8.92"}
    assert status_of(rs, submission(steady, year=2022, baseline_year=2019)) == "met"
    bumpy = {**steady, ("x", 2021): "9.70"}
    assert status_of(rs, submission(bumpy, year=2022, baseline_year=2019)) == "not_met"


# --- compounds (且 / 或) ---------------------------------------------------------------------------

AIR = ruleset_from(
    """
[indicators.4]
name = { zh = "环境空气质量", en = "air" }
category = "binding"

[items.days]
name = { zh = "优良天数", en = "good days" }
unit = "天"

[items.ratio]
name = { zh = "优良天数比率", en = "good-day ratio" }
unit = "%"
decimals = 1
derive = { kind = "share_of_year", item = "days" }

[[rules]]
id = "A-1"
indicator = "4"
item = "ratio"
threshold = { zh = "完成上级规定的考核任务，且≥90或持续提高", en = "target, and ≥90 or rising" }
[rules.condition]
kind = "all"
conditions = [
  { kind = "target", of = "days", better = "higher" },
  { kind = "any", conditions = [
    { kind = "compare", op = ">=", value = 90 },
    { kind = "trend", require = "improve", better = "higher", against = "previous_year" },
  ] },
]
"""
)


@pytest.mark.parametrize(
    ("days", "target", "last_year", "status"),
    [
        ("329", "325", None, "met"),  # target met and 90.1 % ≥ 90
        ("326", "325", "320", "met"),  # target met, 89.3 % but rising
        ("326", "325", "327", "not_met"),  # target met, below 90 and falling
        ("321", "325", "300", "not_met"),  # target missed: nothing else helps
        ("329", "未考核", None, "met"),  # no target assigned: the rest decides
        ("326", "325", None, "missing"),  # below 90 and no last year to show a rise
    ],
)
def test_target_and_threshold_or_trend(days, target, last_year, status):
    values = {("days", 2023): days}
    if last_year:
        values[("days", 2022)] = last_year
    sub = submission(values, targets={("days", 2023): target})
    assert status_of(AIR, sub, "A-1") == status


# --- derived values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "days", "status", "shown"),
    [
        (2021, "329", "met", "90.1"),  # 329 / 365
        (2021, "328", "not_met", "89.9"),  # 328 / 365 = 89.86
        (2020, "329", "not_met", "89.9"),  # leap year: 329 / 366 = 89.89
        (2020, "330", "met", "90.2"),
        (2020, "335", "met", "91.5"),  # Table 1: 335 days in 2020 -> 91.5 %
    ],
)
def test_good_day_ratio_uses_days_in_year(year, days, status, shown):
    # a better previous year, so only the ≥90 branch can pass
    sub = submission({("days", year): days, ("days", year - 1): "340"}, year=year, targets={("days", year): "300"})
    f = evaluate(AIR, sub)["A-1"]
    assert f.status.value == status
    assert f.actual == f"{shown}%"
    assert ("366" if year == 2020 else "365") in f.details[1].en


def test_rounded_display_never_contradicts_the_verdict():
    # 328.35 days cannot happen, but a directly given ratio can sit just under 90
    rs = single_rule('{ kind = "compare", op = ">=", value = 90 }', extra="decimals = 1")
    f = evaluate(rs, submission({("x", 2023): "89.96"}))["X-1"]
    assert f.status.value == "not_met"
    assert "89.96 ≥ 90%: no" in f.message.en


def test_delta_eqi_from_yearly_values_or_given_directly():
    rs = ruleset_from(
        """
[indicators.7]
name = { zh = "区域生态保护监管", en = "eco supervision" }
category = "binding"

[items.eqi]
name = { zh = "生态质量指数", en = "EQI" }
unit = "-"

[items.eqi_change]
name = { zh = "△EQI", en = "ΔEQI" }
unit = "-"
derive = { kind = "change", item = "eqi", against = "previous_year" }

[[rules]]
id = "E-1"
indicator = "7"
item = "eqi_change"
threshold = { zh = "△EQI>-1", en = "ΔEQI > −1" }
condition = { kind = "compare", op = ">", value = -1 }
"""
    )
    assert status_of(rs, submission({("eqi", 2023): "59.2", ("eqi", 2022): "60"}), "E-1") == "met"
    assert status_of(rs, submission({("eqi", 2023): "59", ("eqi", 2022): "60"}), "E-1") == "not_met"
    assert status_of(rs, submission({("eqi_change", 2023): ">-1"}), "E-1") == "met"
    # both given and different: the computed value is used, and the report says so
    f = evaluate(rs, submission({("eqi", 2023): "58.5", ("eqi", 2022): "60", ("eqi_change", 2023): "-0.3"}))["E-1"]
    assert f.status.value == "not_met"
    assert "differs from the computed one" in f.message.en


def test_ratio_of_parts():
    rs = single_rule(
        '{ kind = "compare", op = ">=", value = 60 }',
        extra='derive = { kind = "ratio", numerator = "part", denominator = "whole" }\n'
        '[items.part]\nname = { zh = "部分", en = "part" }\nunit = "个"\n'
        '[items.whole]\nname = { zh = "总数", en = "whole" }\nunit = "个"',
    )
    assert status_of(rs, submission({("part", 2023): "3", ("whole", 2023): "5"})) == "met"
    assert status_of(rs, submission({("part", 2023): "2", ("whole", 2023): "5"})) == "not_met"


# --- tiers ----------------------------------------------------------------------------------------

TIERED = ruleset_from(
    """
[attributes.region_class]
name = { zh = "区域类别", en = "region class" }
[attributes.region_class.values]
east = { zh = "东部地区", en = "east" }
central_west_city_district = { zh = "中西部地级及以上城市市辖区", en = "central/west city district" }
central_west_other = { zh = "中西部其他地区", en = "central/west other" }
northeast = { zh = "东北地区", en = "northeast" }

[indicators.R1]
name = { zh = "农村生活污水治理（管控）率", en = "rural sewage" }
category = "reference"

[items.x]
name = { zh = "农村生活污水治理（管控）率", en = "rural sewage" }
unit = "%"

[[rules]]
id = "T-1"
indicator = "R1"
item = "x"
threshold = { zh = "中西部地级及以上城市市辖区、东部地区：≥60；中西部其他地区、东北地区：≥30", en = "≥60 / ≥30" }
[rules.condition]
kind = "tiered"
attribute = "region_class"
tiers = [
  { when = ["central_west_city_district", "east"], condition = { kind = "compare", op = ">=", value = 60 } },
  { when = ["central_west_other", "northeast"], condition = { kind = "compare", op = ">=", value = 30 } },
]
"""
)


@pytest.mark.parametrize(
    ("region", "value", "status"),
    [
        ("east", "60", "met"),
        ("east", "59", "not_met"),
        ("central_west_city_district", "45", "not_met"),
        ("central_west_other", "45", "met"),
        ("northeast", "29.9", "not_met"),
        ("东北地区", "30", "met"),  # the Chinese label works as well as the key
    ],
)
def test_tiers(region, value, status):
    sub = submission({("x", 2023): value}, attributes={"region_class": region})
    f = evaluate(TIERED, sub)["T-1"]
    assert f.status.value == status
    assert f.severity == "warning"  # a reference indicator


def test_tier_attribute_missing_or_unknown():
    f = evaluate(TIERED, submission({("x", 2023): "60"}))["T-1"]
    assert f.status.value == "missing" and "district.region_class" in f.message.en
    f = evaluate(TIERED, submission({("x", 2023): "60"}, attributes={"region_class": "mars"}))["T-1"]
    assert f.status.value == "missing" and "mars" in f.message.en


# --- applicability --------------------------------------------------------------------------------


def test_not_applicable_only_where_the_rule_allows_it():
    starred = single_rule('{ kind = "compare", op = ">=", value = 93 }', rule_extra='applicability = "where_relevant"')
    everywhere = single_rule('{ kind = "compare", op = ">=", value = 93 }')
    assert status_of(starred, submission({("x", 2023): "不涉及"})) == "not_applicable"
    f = evaluate(everywhere, submission({("x", 2023): "不涉及"}))["X-1"]
    assert f.status.value == "missing"
    assert "applies to every district" in f.message.en


def test_rule_specific_not_applicable_words():
    rs = single_rule(
        '{ kind = "compare", op = ">=", value = 100 }',
        rule_extra='applicability = "where_relevant"\nnot_applicable_words = ["无黑臭水体"]',
    )
    assert status_of(rs, submission({("x", 2023): "无黑臭水体"})) == "not_applicable"


def test_manual_rule_is_not_assessed_never_met():
    rs = single_rule('{ kind = "manual", reason = { zh = "人工核对", en = "check by hand" } }')
    f = evaluate(rs, submission({("x", 2023): "≥72.8"}))["X-1"]
    assert f.status.value == "not_assessed"
    assert "check by hand" in f.message.en
    assert status_of(rs, submission({})) == "missing"


def test_unit_mismatch_makes_the_value_unusable():
    from ecorules.model.submission import Location, Observation
    from ecorules.model.values import parse_value

    sub = submission({})
    obs = Observation(key="x", year=2023, value=parse_value("25"), unit="吨", location=Location(file="sub.csv", row=2))
    sub = replace(sub, observations=[obs])
    f = evaluate(GE20, sub)["X-1"]
    assert f.status.value == "missing"
    assert "吨" in f.message.zh


# --- planned targets due in a year (goal) -----------------------------------------------------------

SEWAGE_2025 = single_rule('{ kind = "goal", op = ">=", value = 72, due = 2025 }')
LANDFILL_2025 = single_rule('{ kind = "goal", op = "<=", value = 0, due = 2025 }')


@pytest.mark.parametrize(
    ("year", "raw", "status", "said"),
    [
        # Yubei's urban sewage collection: 71.1 in 2023, 72 due in 2025
        (2023, "71.1", "progress", "71.1% now; ≥72% due in 2025; 0.9 percentage points to go (2 years left)"),
        (2023, "72", "met", "72% now; ≥72% due in 2025: already reached"),  # exactly at the target
        (2022, "72.02", "met", "72.02% now; ≥72% due in 2025: already reached"),
        (2024, "71.99", "progress", "71.99% now; ≥72% due in 2025; 0.01 percentage points to go (1 year left)"),
        (2025, "71.99", "not_met", "71.99% now; ≥72% due in 2025; 0.01 percentage points short: due and not reached"),
        (2026, "71", "not_met", "71% now; ≥72% due in 2025; 1 percentage point short: due and not reached"),
        (2025, "72", "met", "72% now; ≥72% due in 2025: already reached"),
        (2023, "≥72.8", "met", "already reached"),  # a bound that lies wholly above the target
        (2023, "≥70", "missing", "only a bound is known"),
        (2023, "持续提高", "missing", "is not a number"),
    ],
)
def test_goal_progress_boundaries(year, raw, status, said):
    f = evaluate(SEWAGE_2025, submission({("x", year): raw}, year=year))["X-1"]
    assert f.status.value == status
    assert said in f.message.en


def test_goal_says_both_figures_and_the_gap_in_chinese():
    f = evaluate(SEWAGE_2025, submission({("x", 2023): "71.1"}))["X-1"]
    assert "现值 71.1%；2025 年目标 ≥72%；差 0.9 个百分点" in f.message.zh
    assert f.message.zh.startswith("数值：推进中。")


def test_goal_lower_is_better():
    assert status_of(LANDFILL_2025, submission({("x", 2023): "0"})) == "met"
    f = evaluate(LANDFILL_2025, submission({("x", 2023): "0.5"}))["X-1"]
    assert f.status.value == "progress"
    assert "0.5% now; ≤0% due in 2025; 0.5 percentage points to go" in f.message.en


def test_goal_due_year_is_validated_on_load():
    from ecorules.model.errors import RulesetError

    with pytest.raises(RulesetError, match="due"):
        single_rule('{ kind = "goal", op = ">=", value = 72, due = "2025" }')
    with pytest.raises(RulesetError, match="op"):
        single_rule('{ kind = "goal", op = "==", value = 72, due = 2025 }')


@pytest.mark.parametrize(
    ("parts", "state"),
    [
        (
            '[{ kind = "goal", op = ">=", value = 72, due = 2025 }, { kind = "compare", op = ">=", value = 70 }]',
            "progress",
        ),
        (
            '[{ kind = "goal", op = ">=", value = 72, due = 2025 }, { kind = "compare", op = ">=", value = 75 }]',
            "not_met",
        ),
        ('[{ kind = "goal", op = ">=", value = 71, due = 2025 }, { kind = "compare", op = ">=", value = 70 }]', "met"),
    ],
)
def test_progress_in_all(parts, state):
    rs = single_rule(f'{{ kind = "all", conditions = {parts} }}')
    assert status_of(rs, submission({("x", 2023): "71.1"})) == state


def test_progress_in_any():
    either = '{ kind = "any", conditions = [{ kind = "goal", op = ">=", value = 72, due = 2025 }, { kind = "compare", op = ">=", value = 75 }] }'
    assert status_of(single_rule(either), submission({("x", 2023): "71.1"})) == "progress"
    assert status_of(single_rule(either), submission({("x", 2025): "71.1"}, year=2025)) == "not_met"
