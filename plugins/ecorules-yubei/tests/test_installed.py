"""When the package is installed, ecorules finds its rule set through the entry point.

Skipped when ecorules-yubei is not installed (the other tests do not need it).
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from conftest import YUBEI, check_json, run_ecorules, statuses

installed = any(ep.name == "yubei" for ep in entry_points(group="ecorules"))
pytestmark = pytest.mark.skipif(not installed, reason="ecorules-yubei is not installed")


def test_entry_point_names_the_plugin_module():
    (ep,) = [ep for ep in entry_points(group="ecorules") if ep.name == "yubei"]
    assert ep.value == "ecorules_yubei.plugin"


def test_rulesets_list_shows_the_rule_set():
    proc = run_ecorules("rulesets", "list", "--lang", "en", autoload=True)
    assert proc.returncode == 0, proc.stderr
    assert "cq-yubei-plan-targets" in proc.stdout
    assert "invalid rule set" not in proc.stderr


def test_check_by_id():
    code, report = check_json([YUBEI / "yubei-2023.csv"], "cq-yubei-plan-targets", autoload=True)
    (sub,) = report["submissions"]
    assert sub["ruleset"]["id"] == "cq-yubei-plan-targets"
    assert statuses(sub)["YB25-06.1"] == "progress"
    assert code == 1  # indicator 4 (air quality) is not met in 2023; progress alone never fails


def test_the_examples_still_get_the_system_they_name():
    # Installing the pack changes nothing for a file that names its rule set.
    code, report = check_json([YUBEI / "yubei-2023.csv"], None, autoload=True)
    assert report["submissions"][0]["ruleset"]["id"] == "cn-eco-county-2024"
    counts = report["submissions"][0]["summary"]["indicators"]
    assert (counts["met"], counts["not_met"]) == (29, 3)
    assert code == 1
