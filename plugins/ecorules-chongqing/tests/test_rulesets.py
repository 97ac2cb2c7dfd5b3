"""What the case files (tests/*.cases.toml, collected by the ecorules pytest plugin) cannot
say: the rule sets quote their source, the plugin registers them, and the examples get the
verdicts their notes give."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ecorules_chongqing import RULESET_FILES, plugin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = Path(__file__).resolve().parents[1]
RULESETS = PACKAGE / "src" / "ecorules_chongqing"
RULESET_2025 = RULESETS / "cq-eco-2025.toml"
RULESET_2027 = RULESETS / "cq-eco-2027.toml"
EXAMPLES = PACKAGE / "examples"

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


# --- the examples ---------------------------------------------------------------------------------


def test_the_plugin_registers_every_rule_set_of_the_package(ecorules_registered):
    registered = ecorules_registered(plugin)
    assert [r.ruleset.ruleset.id for r in registered] == ["cq-eco-2025", "cq-eco-2027"]
    assert sorted(RULESET_FILES) == sorted(p.name for p in RULESETS.glob("*.toml"))


def test_example_2025_verdicts(ecorules_check):
    (result,) = ecorules_check(EXAMPLES / "chongqing-2025.csv", ruleset=RULESET_2025).results
    assert result.ruleset.id == "cq-eco-2025"
    assert (result.district, result.year) == ("重庆市", 2025)
    assert {f.rule_id: f.status.value for f in result.findings} == {
        "CQ25-01": "met",  # 57 exactly: at the target
        "CQ25-02": "met",
        "CQ25-03": "not_met",  # 14.5 < 14.9
        "CQ25-04": "met",
        "CQ25-05": "met",  # 72 of 74 = 97.297 %
        "CQ25-06": "not_met",  # 330 < 335
        "CQ25-07": "met",
        "CQ25-08": "not_met",  # 18.7 < 19.5
    }
    counts = result.summary.indicators
    assert (counts.total, counts.met, counts.not_met) == (8, 5, 3)
    assert counts.not_met_numbers == ["3", "6", "8"]


def test_example_2025_shows_the_derived_section_share(ecorules_check):
    finding = ecorules_check(EXAMPLES / "chongqing-2025.csv", ruleset=RULESET_2025).finding("CQ25-05")
    assert finding.actual == "97.3%"
    assert any("72" in d.en and "74" in d.en for d in finding.details)


def test_example_2027_verdicts(ecorules_check):
    checked = ecorules_check(EXAMPLES / "chongqing-2027.csv", ruleset=RULESET_2027)
    assert checked.statuses() == {"CQ27-01": "met", "CQ27-02": "not_met", "CQ27-03": "met"}


def test_findings_cite_the_source_and_are_binding(ecorules_check):
    for f in ecorules_check(EXAMPLES / "chongqing-2025.csv", ruleset=RULESET_2025).findings:
        assert f.citation.document == "重庆市推动成渝地区双城经济圈建设行动方案（2023—2027年）"
        assert f.severity == "error"
        assert f.message.zh and f.message.en
