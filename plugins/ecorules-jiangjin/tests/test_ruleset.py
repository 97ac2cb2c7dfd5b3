"""What the case file (jj-carbon-2025.cases.toml, collected by the ecorules pytest plugin)
cannot say: the rule set quotes its source, the plugin registers it, and the examples get
the verdicts their notes give."""

from __future__ import annotations

import sys
from pathlib import Path

from ecorules_jiangjin import RULESET_FILES, plugin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = Path(__file__).resolve().parents[1]
RULESET = PACKAGE / "src" / "ecorules_jiangjin" / "jj-carbon-2025.toml"
EXAMPLES = PACKAGE / "examples"
SOURCE_SENTENCE = "单位地区生产总值能耗和二氧化碳排放强度持续降低，分别较2020年降低16%、18%以上"


def test_the_plugin_registers_every_rule_set_of_the_package(ecorules_registered):
    registered = ecorules_registered(plugin)
    assert [r.ruleset.ruleset.id for r in registered] == ["jj-carbon-2025"]
    assert sorted(RULESET_FILES) == sorted(p.name for p in RULESET.parent.glob("*.toml"))


def test_rules_quote_the_source_sentence():
    data = tomllib.loads(RULESET.read_text(encoding="utf-8"))
    assert data["ruleset"]["document"]["number"] == "江津府办发〔2022〕57号"
    assert SOURCE_SENTENCE in data["ruleset"]["notes"][0]["zh"]
    for rule, figure in zip(data["rules"], ("16%以上", "18%以上"), strict=True):
        assert SOURCE_SENTENCE in rule["note"]["zh"]
        assert "较2020年降低" + figure in rule["threshold"]["zh"]


def test_the_examples(ecorules_check):
    passing = ecorules_check(EXAMPLES / "jiangjin-2025-pass.csv", ruleset=RULESET)
    assert passing.statuses() == {"JJ25-01": "met", "JJ25-02": "met"}
    # Chinese headers, identity keys and item names
    failing = ecorules_check(EXAMPLES / "jiangjin-2025-fail.csv", ruleset=RULESET)
    assert failing.statuses() == {"JJ25-01": "not_met", "JJ25-02": "met"}
    finding = failing.finding("JJ25-01")
    assert finding.citation.document == "江津府办发〔2022〕57号"
    assert "15.8 ≥ 16" in finding.message.en
