"""When the package is installed, ecorules finds its rule set through the entry point.

Skipped when ecorules-jiangjin is not installed (the other tests do not need it).
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from conftest import EXAMPLES, check_json, run_ecorules, statuses

installed = any(ep.name == "jiangjin" for ep in entry_points(group="ecorules"))
pytestmark = pytest.mark.skipif(not installed, reason="ecorules-jiangjin is not installed")


def test_entry_point_names_the_plugin_module():
    (ep,) = [ep for ep in entry_points(group="ecorules") if ep.name == "jiangjin"]
    assert ep.value == "ecorules_jiangjin.plugin"


def test_rulesets_list_shows_the_rule_set():
    proc = run_ecorules("rulesets", "list", "--lang", "en", autoload=True)
    assert proc.returncode == 0, proc.stderr
    assert "jj-carbon-2025" in proc.stdout
    assert "invalid rule set" not in proc.stderr


@pytest.mark.parametrize(
    ("example", "expected", "code"),
    [
        ("jiangjin-2025-pass.csv", {"JJ25-01": "met", "JJ25-02": "met"}, 0),
        ("jiangjin-2025-fail.csv", {"JJ25-01": "not_met", "JJ25-02": "met"}, 1),
    ],
)
def test_examples_select_the_rule_set_they_name(example, expected, code):
    # No --ruleset: the file's submission.ruleset (规则集) row, or the year and district, pick it.
    got_code, report = check_json([EXAMPLES / example], None, autoload=True)
    sub = report["submissions"][0]
    assert sub["ruleset"]["id"] == "jj-carbon-2025"
    # jiangjin-2025-pass.csv names no rule set: it is picked as the one in force for the year that is declared
    # for this district (districts = [...]); the other example names its rule set.
    because = sub["ruleset"]["chosen_because"]["en"]
    if example == "jiangjin-2025-pass.csv":
        assert because.startswith("the rule set in force for")
    else:
        assert because == "named by the file (submission.ruleset)"
    assert statuses(sub) == expected
    assert got_code == code
