"""The rule sets load, validate and give the expected verdict per rule, as computed by
the ecorules command itself (``python -m ecorules check … --ruleset FILE --format json``)."""

from __future__ import annotations

import sys

import pytest
from conftest import (
    EXAMPLES,
    RULESET_2025,
    RULESET_2027,
    check_json,
    run_ecorules,
    statuses,
    write_submission,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

IDS_2025 = [f"CQ25-0{n}" for n in range(1, 9)]
IDS_2027 = ["CQ27-01", "CQ27-02", "CQ27-03"]


def load(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


# --- the files themselves ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "rid", "years", "ids"),
    [
        (RULESET_2025, "cq-eco-2025", {"from": 2021, "to": 2025}, IDS_2025),
        (RULESET_2027, "cq-eco-2027", {"from": 2026, "to": 2027}, IDS_2027),
    ],
)
def test_identity_years_and_rule_ids(path, rid, years, ids):
    data = load(path)
    assert data["ruleset"]["id"] == rid
    assert data["ruleset"]["years"] == years
    assert [r["id"] for r in data["rules"]] == ids


def test_the_two_rule_sets_cover_2021_to_2027_without_overlap():
    a = load(RULESET_2025)["ruleset"]["years"]
    b = load(RULESET_2027)["ruleset"]["years"]
    assert a["to"] + 1 == b["from"]


# Each threshold quotes the source's wording (the number as the source writes it).
SOURCE_WORDING = {
    "CQ25-01": "森林覆盖率将提高到57%",
    "CQ25-02": "生态保护红线面积不少于1.92万平方公里",
    "CQ25-03": "自然保护区占国土面积比例不低于14.9%",
    "CQ25-04": "长江干流川渝段水质稳定保持Ⅱ类",
    "CQ25-05": "74个地表水国控断面水质优良比例达到97.3%",
    "CQ25-06": "空气质量优良天数稳定在338天左右",
    "CQ25-07": "单位GDP能源消耗下降14%",
    "CQ25-08": "单位GDP二氧化碳排放降低19.5%",
    "CQ27-01": "单位地区生产总值二氧化碳排放降低15%左右",
    "CQ27-02": "空气质量优良天数稳定在338天左右",
    "CQ27-03": "长江干流水质稳定保持Ⅱ类",
}


@pytest.mark.parametrize("path", [RULESET_2025, RULESET_2027])
def test_thresholds_quote_the_source_in_both_languages(path):
    for rule in load(path)["rules"]:
        assert SOURCE_WORDING[rule["id"]] in rule["threshold"]["zh"]
        assert rule["threshold"]["en"].strip()


@pytest.mark.parametrize("path", [RULESET_2025, RULESET_2027])
def test_about_is_never_read_as_at_least_the_figure(path):
    # 左右 must carry an explicit, documented tolerance (1 % short of the figure).
    for rule in load(path)["rules"]:
        if "左右" in rule["threshold"]["zh"]:
            assert rule["condition"]["value"] in (335, 14.85), rule["id"]
            assert "1%" in rule["note"]["zh"] and "1 %" in rule["note"]["en"]


@pytest.mark.parametrize(
    ("example", "ruleset"), [("chongqing-2025.csv", RULESET_2025), ("chongqing-2027.csv", RULESET_2027)]
)
def test_rule_set_loads_and_validates(example, ruleset):
    # An invalid rule set exits 2 with the problems on stderr; a valid one gives a report.
    proc = run_ecorules("check", str(EXAMPLES / example), "--ruleset", str(ruleset), "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    assert "invalid rule set" not in proc.stderr


# --- the examples ---------------------------------------------------------------------------------


def test_example_2025_verdicts():
    code, report = check_json([EXAMPLES / "chongqing-2025.csv"], RULESET_2025)
    sub = report["submissions"][0]
    assert sub["ruleset"]["id"] == "cq-eco-2025"
    assert sub["district"] == "重庆市"
    assert sub["year"] == 2025
    assert statuses(sub) == {
        "CQ25-01": "met",  # 57 exactly: at the target
        "CQ25-02": "met",
        "CQ25-03": "not_met",  # 14.5 < 14.9
        "CQ25-04": "met",
        "CQ25-05": "met",  # 72 of 74 = 97.297 %
        "CQ25-06": "not_met",  # 330 < 335
        "CQ25-07": "met",
        "CQ25-08": "not_met",  # 18.7 < 19.5
    }
    counts = sub["summary"]["indicators"]
    assert (counts["total"], counts["met"], counts["not_met"]) == (8, 5, 3)
    assert counts["not_met_numbers"] == ["3", "6", "8"]
    assert code == 1  # binding targets missed


def test_example_2025_shows_the_derived_section_share():
    _, report = check_json([EXAMPLES / "chongqing-2025.csv"], RULESET_2025)
    finding = next(f for f in report["submissions"][0]["findings"] if f["rule_id"] == "CQ25-05")
    assert finding["actual"] == "97.3%"
    assert any("72" in d["en"] and "74" in d["en"] for d in finding["details"])


def test_example_2027_verdicts():
    code, report = check_json([EXAMPLES / "chongqing-2027.csv"], RULESET_2027)
    sub = report["submissions"][0]
    assert sub["ruleset"]["id"] == "cq-eco-2027"
    assert statuses(sub) == {"CQ27-01": "met", "CQ27-02": "not_met", "CQ27-03": "met"}
    assert code == 1


def test_findings_cite_the_source_and_are_binding():
    _, report = check_json([EXAMPLES / "chongqing-2025.csv"], RULESET_2025)
    for f in report["submissions"][0]["findings"]:
        assert f["citation"]["document"] == "重庆市推动成渝地区双城经济圈建设行动方案（2023—2027年）"
        assert f["severity"] == "error"
        assert f["message"]["zh"] and f["message"]["en"]


def test_fail_on_never_reports_without_failing():
    code, _ = check_json([EXAMPLES / "chongqing-2025.csv"], RULESET_2025, "--fail-on", "never")
    assert code == 0


# --- boundaries, one rule at a time -----------------------------------------------------------------

SECTIONS = "national_sections_good", "national_sections_total"

# (case, year, rows, rule, expected status)
CASES = [
    ("forest-at-57", 2025, [("forest_cover", "57", "%")], "CQ25-01", "met"),
    ("forest-just-below", 2025, [("forest_cover", "56.99", "%")], "CQ25-01", "not_met"),
    ("redline-at-1.92", 2025, [("eco_redline_area", "1.92", "万平方公里")], "CQ25-02", "met"),
    ("redline-just-below", 2025, [("eco_redline_area", "1.919", "万平方公里")], "CQ25-02", "not_met"),
    ("redline-in-km2-not-used", 2025, [("eco_redline_area", "20400", "平方公里")], "CQ25-02", "missing"),
    ("reserve-at-14.9", 2025, [("nature_reserve_share", "14.9", "%")], "CQ25-03", "met"),
    ("reserve-just-below", 2025, [("nature_reserve_share", "14.89", "%")], "CQ25-03", "not_met"),
    ("yangtze-class-II-roman", 2025, [("yangtze_mainstream_water_class", "Ⅱ类", "-")], "CQ25-04", "met"),
    ("yangtze-class-II-letters", 2025, [("yangtze_mainstream_water_class", "II类", "-")], "CQ25-04", "met"),
    ("yangtze-class-I", 2025, [("yangtze_mainstream_water_class", "Ⅰ类", "-")], "CQ25-04", "met"),
    ("yangtze-class-III", 2025, [("yangtze_mainstream_water_class", "Ⅲ类", "-")], "CQ25-04", "not_met"),
    ("sections-72-of-74", 2025, [(SECTIONS[0], "72", "个"), (SECTIONS[1], "74", "个")], "CQ25-05", "met"),
    ("sections-71-of-74", 2025, [(SECTIONS[0], "71", "个"), (SECTIONS[1], "74", "个")], "CQ25-05", "not_met"),
    ("sections-74-of-74", 2025, [(SECTIONS[0], "74", "个"), (SECTIONS[1], "74", "个")], "CQ25-05", "met"),
    ("share-given-97.3", 2025, [("national_section_good_share", "97.3", "%")], "CQ25-05", "met"),
    ("share-given-97.25", 2025, [("national_section_good_share", "97.25", "%")], "CQ25-05", "met"),
    ("share-given-97.24", 2025, [("national_section_good_share", "97.24", "%")], "CQ25-05", "not_met"),
    ("air-335-days", 2025, [("good_air_days", "335", "天")], "CQ25-06", "met"),
    ("air-334-days", 2025, [("good_air_days", "334", "天")], "CQ25-06", "not_met"),
    ("air-338-days", 2025, [("good_air_days", "338", "天")], "CQ25-06", "met"),
    ("air-350-days-above-about", 2025, [("good_air_days", "350", "天")], "CQ25-06", "met"),
    ("energy-down-14", 2025, [("energy_intensity_reduction", "14", "%")], "CQ25-07", "met"),
    ("energy-down-13.99", 2025, [("energy_intensity_reduction", "13.99", "%")], "CQ25-07", "not_met"),
    ("energy-up-1", 2025, [("energy_intensity_reduction", "-1", "%")], "CQ25-07", "not_met"),
    ("energy-up-0.5-percent", 2025, [("energy_intensity_reduction", "-0.5%", "%")], "CQ25-07", "not_met"),
    ("energy-by-chinese-name", 2025, [("单位GDP能源消耗下降率", "14.5", "%")], "CQ25-07", "met"),
    ("co2-down-19.5", 2025, [("co2_intensity_reduction", "19.5", "%")], "CQ25-08", "met"),
    ("co2-down-19.49", 2025, [("co2_intensity_reduction", "19.49", "%")], "CQ25-08", "not_met"),
    ("co2-not-given", 2025, [("forest_cover", "57", "%")], "CQ25-08", "missing"),
    ("co2-2027-at-14.85", 2027, [("co2_intensity_reduction_since_2022", "14.85", "%")], "CQ27-01", "met"),
    ("co2-2027-just-below", 2027, [("co2_intensity_reduction_since_2022", "14.84", "%")], "CQ27-01", "not_met"),
    ("co2-2027-at-15", 2027, [("co2_intensity_reduction_since_2022", "15", "%")], "CQ27-01", "met"),
    ("air-2027-335-days", 2027, [("good_air_days", "335", "天")], "CQ27-02", "met"),
    ("air-2027-334-days", 2027, [("good_air_days", "334", "天")], "CQ27-02", "not_met"),
    ("yangtze-2027-class-II", 2027, [("yangtze_mainstream_water_class", "Ⅱ类", "-")], "CQ27-03", "met"),
    ("yangtze-2027-class-III", 2027, [("yangtze_mainstream_water_class", "Ⅲ类", "-")], "CQ27-03", "not_met"),
]


@pytest.fixture(scope="module")
def boundary_results(tmp_path_factory):
    """Check every boundary case in one run per rule set; case name -> statuses."""
    folder = tmp_path_factory.mktemp("cases")
    results: dict[str, dict[str, str]] = {}
    for year, ruleset, rid in ((2025, RULESET_2025, "cq-eco-2025"), (2027, RULESET_2027, "cq-eco-2027")):
        files = {
            write_submission(folder / f"{name}.csv", year, rid, rows): name
            for name, y, rows, _, _ in CASES
            if y == year
        }
        _, report = check_json(list(files), ruleset, "--fail-on", "never")
        for sub in report["submissions"]:
            results[next(n for p, n in files.items() if str(p) == sub["source"])] = statuses(sub)
    return results


@pytest.mark.parametrize(("name", "rule", "expected"), [(c[0], c[3], c[4]) for c in CASES], ids=[c[0] for c in CASES])
def test_boundary(boundary_results, name, rule, expected):
    assert boundary_results[name][rule] == expected
