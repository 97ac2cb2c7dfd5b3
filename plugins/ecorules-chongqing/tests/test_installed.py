"""When the package is installed, ecorules finds its rule sets through the entry point.

Skipped when ecorules-chongqing is not installed (the other tests do not need it).
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from conftest import EXAMPLES, check_json, run_ecorules, statuses

installed = any(ep.name == "chongqing" for ep in entry_points(group="ecorules"))
pytestmark = pytest.mark.skipif(not installed, reason="ecorules-chongqing is not installed")


def test_entry_point_names_the_plugin_module():
    (ep,) = [ep for ep in entry_points(group="ecorules") if ep.name == "chongqing"]
    assert ep.value == "ecorules_chongqing.plugin"


def test_rulesets_list_shows_both_rule_sets():
    proc = run_ecorules("rulesets", "list", "--lang", "en", autoload=True)
    assert proc.returncode == 0, proc.stderr
    assert "cq-eco-2025" in proc.stdout
    assert "cq-eco-2027" in proc.stdout
    assert "invalid rule set" not in proc.stderr


@pytest.mark.parametrize(
    ("example", "rid", "expected"),
    [
        ("chongqing-2025.csv", "cq-eco-2025", {"CQ25-03", "CQ25-06", "CQ25-08"}),
        ("chongqing-2027.csv", "cq-eco-2027", {"CQ27-02"}),
    ],
)
def test_examples_select_the_rule_set_they_name(example, rid, expected):
    # No --ruleset: the file's submission.ruleset row picks the installed rule set.
    code, report = check_json([EXAMPLES / example], None, autoload=True)
    sub = report["submissions"][0]
    assert sub["ruleset"]["id"] == rid
    # chongqing-2025.csv names no rule set: it is picked as the one in force for the year that is declared
    # for this district (districts = [...]); the other example names its rule set.
    because = sub["ruleset"]["chosen_because"]["en"]
    if example == "chongqing-2025.csv":
        assert because.startswith("the rule set in force for")
    else:
        assert because == "named by the file (submission.ruleset)"
    assert {r for r, s in statuses(sub).items() if s == "not_met"} == expected
    assert code == 1
