"""Commands for rule-set users and authors: explain, rulesets show, lint-ruleset, plugins,
and how a check chooses among several installed rule sets."""

import pytest
from conftest import EXAMPLES, HEADER, single_rule, single_rule_body
from test_plugins import FakeEntryPoint
from typer.testing import CliRunner

from ecorules import hookimpl, plugins
from ecorules.cli import app
from ecorules.commands.explain import examples
from ecorules.model.findings import Status
from ecorules.plugins import components

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def all_rules():
    return [(reg, rule) for reg in components().rulesets.all() for rule in reg.ruleset.rules]


def test_explain_works_for_every_shipped_rule():
    for reg, rule in all_rules():
        for lang in ("zh", "en"):
            result = run("explain", rule.id, "--lang", lang)
            assert result.exit_code == 0, (rule.id, result.stderr)
            assert rule.threshold.zh in result.stdout  # the original wording, in both languages
            document = reg.ruleset.ruleset.document
            if reg.ruleset.ruleset.kind == "projects":  # a requirement may cite its own document
                document = reg.ruleset.requirements[rule.requirement].document or document
            assert document.number in result.stdout


@pytest.mark.parametrize("rule_id", [rule.id for reg, rule in all_rules() if reg.ruleset.ruleset.kind == "indicators"])
def test_explain_examples_are_confirmed_by_the_engine(rule_id):
    ((reg, rule),) = components().rulesets.find_rule(rule_id)
    passing, failing = examples(reg.ruleset, rule)
    if rule.condition.kind == "manual":
        assert passing is None and failing is None
        return
    assert passing is not None and passing.finding.status is Status.met
    assert failing is not None and failing.finding.status is Status.not_met


def test_explain_shows_both_languages_and_category():
    result = run("explain", "EC24-08.1", "--lang", "en")
    assert "保持稳定或持续改善" in result.stdout and "stable or improving" in result.stdout
    assert "binding" in result.stdout and "约束性" in result.stdout
    assert "Passing example:" in result.stdout and "Failing example:" in result.stdout


def test_explain_unknown_rule():
    result = run("explain", "EC24-99", "--lang", "en")
    assert result.exit_code == 2 and "no rule 'EC24-99'" in result.stderr


def test_rulesets_show_lists_every_rule():
    result = run("rulesets", "show", "cn-eco-county-2024", "--lang", "en")
    assert result.exit_code == 0
    for reg, rule in all_rules():
        if reg.ruleset.ruleset.id != "cn-eco-county-2024":
            continue
        assert rule.id in result.stdout
    assert "family: cn-eco-county" in result.stdout


def test_lint_ruleset_reports_every_error_with_key_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        HEADER
        + """
[indicators.1]
name = { zh = "甲", en = "A" }
category = "mandatory"

[items.a]
name = { zh = "甲", en = "A" }
unit = "%"

[[rules]]
id = "X-1"
indicator = "1"
item = "b"
threshold = { zh = "≥1", en = "≥1" }
condition = { kind = "compare", op = "=>", value = 1 }
""",
        encoding="utf-8",
    )
    result = run("lint-ruleset", bad)
    assert result.exit_code == 1
    out = result.stdout
    assert "indicators.1.category: Input should be 'binding' or 'reference'" in out and "(line 12)" in out
    assert "rules[0].condition" in out and "X-1" in out
    assert "2 errors" in out


def test_lint_ruleset_warnings_and_strict(tmp_path):
    path = tmp_path / "warn.toml"
    path.write_text(
        HEADER
        + """
[indicators.1]
name = { zh = "甲", en = "A" }
category = "binding"

[items.a]
name = { zh = "甲", en = "A" }
unit = "%"

[items.unused]
name = { zh = "丙", en = "C" }
unit = "%"

[[rules]]
id = "X-1"
indicator = "1"
item = "a"
threshold = { zh = "≥120", en = "≥120" }
condition = { kind = "compare", op = ">=", value = 120 }
""",
        encoding="utf-8",
    )
    result = run("lint-ruleset", path)
    assert result.exit_code == 0
    assert "items.unused: no rule or derivation reads this item" in result.stdout
    assert "a percentage compared with 120" in result.stdout
    assert run("lint-ruleset", path, "--strict").exit_code == 1
    assert run("lint-ruleset", tmp_path / "missing.toml").exit_code == 2
    folder = run("lint-ruleset", tmp_path)
    assert folder.exit_code == 2 and "a folder, not a file" in folder.stderr


def test_lint_shipped_rule_set_is_clean():
    (reg,) = [r for r in components().rulesets.all() if r.ruleset.ruleset.id == "cn-eco-county-2024"]
    result = run("lint-ruleset", reg.source, "--strict")
    assert result.exit_code == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


def test_plugins_lists_builtins_with_what_they_register():
    result = run("plugins")
    assert result.exit_code == 0
    assert "ecorules.adapters.xlsx" in result.stdout and "input xlsx" in result.stdout
    assert "ruleset cn-eco-county-2024" in result.stdout


# --- choosing among installed rule sets ---------------------------------------------------------


def ruleset_text(rid: str, years: str, extra: str = "", key: str = "forest_cover") -> str:
    header = HEADER.replace('id = "test-set"', f'id = "{rid}"').replace("years = { from = 2000 }", years + extra)
    return (
        header
        + f"""
[indicators.1]
name = {{ zh = "森林覆盖率", en = "Forest cover" }}
category = "binding"

[items.{key}]
name = {{ zh = "森林覆盖率", en = "Forest cover" }}
unit = "%"

[[rules]]
id = "T-{rid.upper()}"
indicator = "1"
item = "{key}"
threshold = {{ zh = "≥30", en = "≥30" }}
condition = {{ kind = "compare", op = ">=", value = 30 }}
"""
    )


class Sets:
    """A plugin registering rule sets from text."""

    def __init__(self, **texts):
        self.texts = texts

    @hookimpl
    def ecorules_register_rulesets(self, registry):
        for name, text in self.texts.items():
            registry.add_text(text, source=f"{name}.toml")


@pytest.fixture
def install(monkeypatch):
    def _install(**texts):
        eps = [FakeEntryPoint("sets", lambda: Sets(**texts))]
        monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", raising=False)
        monkeypatch.setattr(plugins, "entry_points", lambda group: eps if group == "ecorules" else [])
        plugins.reset()

    return _install


def submission_file(tmp_path, year, district="渝北区", ruleset=None, key="forest_cover"):
    lines = ["key,year,value", f"district.name,,{district}", f"submission.year,,{year}", f"{key},{year},40"]
    if ruleset:
        lines.append(f"submission.ruleset,,{ruleset}")
    path = tmp_path / f"{district}-{year}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def chosen(path, *args):
    import json

    result = run("check", path, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    sub = json.loads(result.stdout)["submissions"][0]
    return sub["ruleset"]["id"], sub["ruleset"]["chosen_because"]["en"]


def test_edition_in_force_for_the_year_is_chosen(install, tmp_path):
    install(
        old=ruleset_text("demo-2019", "years = { from = 2019, to = 2021 }"),
        new=ruleset_text("demo-2024", "years = { from = 2022, to = 2026 }"),
    )
    assert chosen(submission_file(tmp_path, 2020))[0] == "demo-2019"
    # the shipped county set is also in force for 2023 but does not know forest_cover alone? it does:
    # both know the key, so the district-neutral sets tie unless the file names its family.
    path = submission_file(tmp_path, 2023, ruleset="demo")
    assert chosen(path) == ("demo-2024", "named by the file (submission.ruleset)")
    assert chosen(submission_file(tmp_path, 2020), "--ruleset", "demo")[0] == "demo-2019"


def test_ambiguous_choice_is_an_error_naming_the_candidates(install, tmp_path):
    install(new=ruleset_text("demo-2024", "years = { from = 2022 }"))
    result = run("check", submission_file(tmp_path, 2023), "--lang", "en")
    assert result.exit_code == 2
    assert "several rule sets apply to 渝北区 for 2023" in result.stderr
    assert "cn-eco-county-2024" in result.stderr and "demo-2024" in result.stderr


def test_district_rule_set_is_chosen_only_for_its_district(install, tmp_path):
    install(jj=ruleset_text("jj-2025", "years = { from = 2021, to = 2025 }", '\ndistricts = ["江津区"]', key="energy"))
    assert chosen(submission_file(tmp_path, 2023, district="江津区", key="energy"))[0] == "jj-2025"
    # another district's file with the county keys still gets the county rule set
    assert chosen(EXAMPLES / "yubei-2023.csv")[0] == "cn-eco-county-2024"


def test_keys_decide_between_rule_sets_in_force(install, tmp_path):
    install(other=ruleset_text("other-2024", "years = { from = 2022 }", key="energy"))
    assert chosen(submission_file(tmp_path, 2023, key="energy"))[0] == "other-2024"


def test_explicit_rule_set_outside_its_years_is_used_and_flagged(tmp_path):
    path = submission_file(tmp_path, 2019, ruleset="cn-eco-county-2024")
    rid, because = chosen(path)
    assert rid == "cn-eco-county-2024" and "not 2019" in because


def test_same_id_twice_names_both_sources(install):
    install(
        a=ruleset_text("dup-2024", "years = { from = 2022 }"), b=ruleset_text("dup-2024", "years = { from = 2022 }")
    )
    result = run("rulesets", "list", "--lang", "en")
    assert "rule set 'dup-2024' is also defined by a.toml" in result.stderr
    assert "b.toml" in result.stderr


@pytest.mark.parametrize("better", ["higher", "lower"])
def test_explain_steps_away_from_a_best_value_to_show_a_failure(better):
    # The builder's default value is 50; with best = 50 that value passes the trend by itself.
    rs = single_rule(
        f'{{ kind = "trend", better = "{better}", require = "improve", against = "previous_year", best = 50 }}'
    )
    passing, failing = examples(rs, rs.rules[0])
    assert passing is not None and passing.finding.status is Status.met
    assert failing is not None and failing.finding.status is Status.not_met


def test_explain_a_rule_of_a_rule_set_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(HEADER + single_rule_body('{ kind = "compare", op = ">=", value = 20 }'), encoding="utf-8")
    result = run("explain", "X-1", "--ruleset", path, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "Rule set: test-set" in result.stdout and "Passing example:" in result.stdout


def test_rule_set_text_never_becomes_a_formula_or_a_broken_workbook_in_a_template(tmp_path):
    """A rule pack is third-party text: '=HYPERLINK(…)' must stay text in the fill-in file, and a
    control character (legal in TOML as \\u0007) must not stop the workbook from being written."""
    import csv

    from openpyxl import load_workbook

    body = single_rule_body('{ kind = "compare", op = ">=", value = 20 }').replace(
        'name = { zh = "数值", en = "value" }',
        'name = { zh = "=HYPERLINK(\\"http://evil.example\\",\\"点击\\")\\u0007", en = "@SUM(A1:A9)" }',
    )
    rules = tmp_path / "hostile.toml"
    rules.write_text(HEADER + body, encoding="utf-8")
    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"template.{suffix}"
        result = runner.invoke(app, ["template", "--ruleset", str(rules), "--year", "2023", "-o", str(out)])
        assert result.exit_code == 0, result.output
        if suffix == "xlsx":
            cells = [c for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row]
            texts = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
            assert texts and all(c.data_type == "s" for c in texts)
            assert not any(isinstance(c.value, str) and "\x07" in c.value for c in cells)
        else:
            rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
            values = [v for row in rows for v in row]
            assert any(v.startswith("'=HYPERLINK") for v in values)
            assert not any(v.startswith(("=", "@")) for v in values)
            assert not any("\x07" in v for v in values)
