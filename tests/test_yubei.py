"""The plan's own verdicts (三、指标达标分析), reproduced from the example submissions."""

import json

import pytest
from conftest import EXAMPLES, edited_example
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.plugins import components

runner = CliRunner()


def check_json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    ("file", "met", "not_met"),
    [
        ("yubei-2022.csv", 27, ["4", "6", "8", "19", "23"]),
        ("yubei-2023.csv", 29, ["4", "6", "8"]),
        ("yubei-2023.json", 29, ["4", "6", "8"]),
    ],
)
def test_official_verdicts(file, met, not_met):
    code, doc = check_json(str(EXAMPLES / file))
    assert code == 1  # binding indicators fail
    (sub,) = doc["submissions"]
    counts = sub["summary"]["indicators"]
    assert counts["total"] == 32
    assert counts["met"] == met
    assert counts["not_met"] == len(not_met)
    assert counts["not_met_numbers"] == not_met
    assert counts["missing"] == 0
    assert sub["district"] == "渝北区"
    assert sub["ruleset"]["id"] == "cn-eco-county-2024"
    assert len(sub["findings"]) == 49


def test_finding_fields():
    _, doc = check_json(str(EXAMPLES / "yubei-2022.csv"))
    findings = {f["rule_id"]: f for f in doc["submissions"][0]["findings"]}
    air = findings["EC24-04.1"]
    assert air["status"] == "not_met"
    assert air["severity"] == "error"
    assert air["indicator"]["number"] == "4"
    assert air["indicator"]["name"]["zh"] == "环境空气质量"
    assert air["actual"] == "87.9%"
    assert air["expected"]["zh"] == "完成上级规定的考核任务，且≥90或持续提高"
    assert air["citation"]["document"] == "环办生态〔2024〕4号"
    assert "环生态〔2024〕4号" in air["citation"]["document_aliases"]
    assert air["location"]["file"].endswith("yubei-2022.csv")
    assert air["location"]["row"] == 12
    assert air["message"]["zh"].startswith("优良天数比率：未达标")
    assert "325" in air["message"]["en"]


def not_met(path) -> list[str]:
    _, doc = check_json(str(path))
    return doc["submissions"][0]["summary"]["indicators"]["not_met_numbers"]


def test_changing_one_value_changes_one_verdict(tmp_path):
    # a closure rate below 75 % fails indicator 27 (案件线索启动率100%，且案件结案率≥75%)
    broken = edited_example(
        tmp_path, "yubei-2023.csv", {"damage_case_closure_rate,2023,90,": "damage_case_closure_rate,2023,74.9,"}
    )
    assert not_met(broken) == ["4", "6", "8", "27"]
    # forest cover back at the 2021 level: stable again, indicator 8 met
    fixed = edited_example(tmp_path, "yubei-2023.csv", {"forest_cover,2023,37.69,": "forest_cover,2023,39.5,"})
    assert not_met(fixed) == ["4", "6"]


def test_reference_indicator_only_warns(tmp_path):
    sub = edited_example(
        tmp_path, "yubei-2023.csv", {"rural_sewage_treatment_rate,2023,60,": "rural_sewage_treatment_rate,2023,59,"}
    )
    _, doc = check_json(str(sub))
    counts = doc["submissions"][0]["summary"]["indicators"]
    assert counts["not_met_numbers"] == ["4", "6", "8", "R1"]
    assert counts["not_met_reference"] == 1
    finding = next(f for f in doc["submissions"][0]["findings"] if f["rule_id"] == "EC24-R1")
    assert finding["severity"] == "warning"


def test_shipped_rule_set_is_complete_and_cited():
    rs = components().rulesets.get("cn-eco-county-2024").ruleset
    assert len(rs.indicators) == 32
    assert sum(i.category == "binding" for i in rs.indicators.values()) == 27
    assert sum(i.category == "reference" for i in rs.indicators.values()) == 5
    ids = [r.id for r in rs.rules]
    assert len(ids) == len(set(ids))
    assert rs.ruleset.document.number == "环办生态〔2024〕4号"
    assert "环生态〔2024〕4号" in rs.ruleset.document.aliases
    for rule in rs.rules:
        assert rule.threshold.zh and rule.threshold.en
        name = rs.rule_name(rule)
        assert name.zh and name.en
        assert rs.indicators[rule.indicator].name.en
    assert {r.indicator for r in rs.rules} == set(rs.indicators)


def test_indicator_19_target_stated_to_date_is_not_scaled_even_with_a_period(tmp_path):
    """Table 4 assigns 19's target as what is due by 2022 (较2020年下降2%). Were the row to name
    十四五, scaling it again (2 × 2/5 = 0.8) would pass 0.87 and lose the plan's 未达标."""
    row = "water_intensity_reduction,2022,0.87,%,2,,"
    path = edited_example(tmp_path, "yubei-2022.csv", {row: "water_intensity_reduction,2022,0.87,%,2,十四五,"})
    _, doc = check_json(str(path))
    (sub,) = doc["submissions"]
    assert sub["summary"]["indicators"]["not_met_numbers"] == ["4", "6", "8", "19", "23"]
    (f,) = [f for f in sub["findings"] if f["rule_id"] == "EC24-19"]
    assert f["status"] == "not_met"
    assert "compared as given, not scaled again" in f["message"]["en"]
    assert "target: 0.87 ≥ 2%: not met" in f["message"]["en"]


def test_indicator_14_period_target_is_still_pro_rata():
    _, doc = check_json(str(EXAMPLES / "yubei-2022.csv"))
    (f,) = [f for f in doc["submissions"][0]["findings"] if f["rule_id"] == "EC24-14"]
    assert f["status"] == "met"
    assert "time-proportional progress (2/5) requires 5.6 by 2022" in f["message"]["en"]
