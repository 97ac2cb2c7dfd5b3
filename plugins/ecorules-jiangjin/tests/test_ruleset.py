"""The rule set loads, validates and gives the expected verdict per rule, as computed by
the ecorules command itself (``python -m ecorules check … --ruleset FILE --format json``)."""

from __future__ import annotations

import sys

import pytest
from conftest import EXAMPLES, RULESET, check_json, run_ecorules, statuses, write_submission

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SOURCE_SENTENCE = "单位地区生产总值能耗和二氧化碳排放强度持续降低，分别较2020年降低16%、18%以上"


def load():
    return tomllib.loads(RULESET.read_text(encoding="utf-8"))


def test_identity_document_and_rule_ids():
    data = load()
    assert data["ruleset"]["id"] == "jj-carbon-2025"
    assert data["ruleset"]["years"] == {"from": 2021, "to": 2025}
    assert data["ruleset"]["document"]["number"] == "江津府办发〔2022〕57号"
    assert [r["id"] for r in data["rules"]] == ["JJ25-01", "JJ25-02"]
    assert [(r["item"], r["condition"]) for r in data["rules"]] == [
        ("energy_intensity_reduction", {"kind": "compare", "op": ">=", "value": 16}),
        ("co2_intensity_reduction", {"kind": "compare", "op": ">=", "value": 18}),
    ]


def test_rules_quote_the_source_sentence():
    data = load()
    assert SOURCE_SENTENCE in data["ruleset"]["notes"][0]["zh"]
    for rule, figure in zip(data["rules"], ("16%以上", "18%以上"), strict=True):
        assert SOURCE_SENTENCE in rule["note"]["zh"]
        assert "较2020年降低" + figure in rule["threshold"]["zh"]
        assert rule["threshold"]["en"].strip()


def test_rule_set_loads_and_validates():
    proc = run_ecorules("check", str(EXAMPLES / "jiangjin-2025-pass.csv"), "--ruleset", str(RULESET))
    assert proc.returncode == 0, proc.stderr
    assert "invalid rule set" not in proc.stderr


def test_passing_example():
    code, report = check_json([EXAMPLES / "jiangjin-2025-pass.csv"], RULESET)
    sub = report["submissions"][0]
    assert (sub["district"], sub["district_code"], sub["year"]) == ("江津区", "500116", 2025)
    assert sub["ruleset"]["id"] == "jj-carbon-2025"
    assert statuses(sub) == {"JJ25-01": "met", "JJ25-02": "met"}
    assert code == 0


def test_failing_example():
    # Chinese headers, identity keys and item names.
    code, report = check_json([EXAMPLES / "jiangjin-2025-fail.csv"], RULESET)
    sub = report["submissions"][0]
    assert statuses(sub) == {"JJ25-01": "not_met", "JJ25-02": "met"}
    assert sub["summary"]["indicators"]["not_met_numbers"] == ["1"]
    (finding,) = [f for f in sub["findings"] if f["rule_id"] == "JJ25-01"]
    assert finding["severity"] == "error"
    assert finding["citation"]["document"] == "江津府办发〔2022〕57号"
    assert "15.8 ≥ 16" in finding["message"]["en"]
    assert code == 1


# (case, rows, rule, expected status)
CASES = [
    ("energy-at-16", [("energy_intensity_reduction", "16", "%")], "JJ25-01", "met"),
    ("energy-16.0-percent-sign", [("energy_intensity_reduction", "16.0%", "%")], "JJ25-01", "met"),
    ("energy-just-below", [("energy_intensity_reduction", "15.99", "%")], "JJ25-01", "not_met"),
    ("energy-rose", [("energy_intensity_reduction", "-1.2", "%")], "JJ25-01", "not_met"),
    ("energy-rose-a-little", [("energy_intensity_reduction", "-0.5%", "%")], "JJ25-01", "not_met"),
    ("energy-bound-at-least-16", [("energy_intensity_reduction", "≥16", "%")], "JJ25-01", "met"),
    ("energy-bound-at-least-15", [("energy_intensity_reduction", "≥15", "%")], "JJ25-01", "missing"),
    ("energy-not-submitted", [("co2_intensity_reduction", "18", "%")], "JJ25-01", "missing"),
    ("energy-wrong-unit", [("energy_intensity_reduction", "16.5", "吨标准煤/万元")], "JJ25-01", "missing"),
    ("co2-at-18", [("co2_intensity_reduction", "18", "%")], "JJ25-02", "met"),
    ("co2-just-below", [("co2_intensity_reduction", "17.99", "%")], "JJ25-02", "not_met"),
    ("co2-above", [("co2_intensity_reduction", "21.3", "%")], "JJ25-02", "met"),
    ("co2-by-alias", [("单位地区生产总值二氧化碳排放下降率", "18.1", "%")], "JJ25-02", "met"),
]


@pytest.fixture(scope="module")
def boundary_results(tmp_path_factory):
    """Check every boundary case in one run; case name -> statuses."""
    folder = tmp_path_factory.mktemp("cases")
    files = {write_submission(folder / f"{name}.csv", 2025, "jj-carbon-2025", rows): name for name, rows, _, _ in CASES}
    _, report = check_json(list(files), RULESET, "--fail-on", "never")
    by_source = {str(p): n for p, n in files.items()}
    return {by_source[sub["source"]]: statuses(sub) for sub in report["submissions"]}


@pytest.mark.parametrize(("name", "rule", "expected"), [(c[0], c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_boundary(boundary_results, name, rule, expected):
    assert boundary_results[name][rule] == expected
