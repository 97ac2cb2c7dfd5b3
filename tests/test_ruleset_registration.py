"""Rule sets are registered by their [ruleset] table and validated when first used.

A check reads only the rule sets it must compare; a broken one is still a clear error naming
the file, key and line as soon as it is used, and the commands that list rule sets validate
every one they show.
"""

import pytest
from conftest import EXAMPLES, HEADER, single_rule_body
from typer.testing import CliRunner

from ecorules import hookimpl, plugins
from ecorules.cli import app
from ecorules.model.errors import RulesetError
from ecorules.registry import RulesetRegistry

runner = CliRunner()

GOOD_BODY = single_rule_body('{ kind = "compare", op = ">=", value = 20 }')
BROKEN_BODY = GOOD_BODY.replace('item = "x"', 'item = "x"\nthreshhold = "typo"')
# In force before any example's year, so that no automatic choice compares it.
OLD_HEADER = HEADER.replace("years = { from = 2000 }", "years = { from = 1990, to = 1999 }")


def test_a_rule_set_is_validated_when_first_used():
    reg = RulesetRegistry()
    reg.current_plugin = "p"
    reg.add_text(HEADER + BROKEN_BODY, source="bad.toml")
    (entry,) = reg.registered()
    assert (entry.meta.id, entry.record_kind, entry.loaded) == ("test-set", "indicators", False)
    assert reg.in_force(2023) == [entry]
    with pytest.raises(RulesetError) as info:
        reg.get("test-set").ruleset  # noqa: B018
    text = info.value.render("en")
    assert "bad.toml" in text and "rules[0].threshhold: unknown key" in text and "line" in text


def test_all_validates_and_leaves_out_an_invalid_rule_set():
    reg = RulesetRegistry()
    reg.current_plugin = "p"
    reg.problems = []
    reg.add_text(HEADER + BROKEN_BODY, source="bad.toml")
    reg.add_text(HEADER.replace('id = "test-set"', 'id = "good-set"') + GOOD_BODY, source="good.toml")
    assert [r.meta.id for r in reg.all()] == ["good-set"]
    assert [r.meta.id for r in reg.registered()] == ["good-set"]
    ((plugin, error),) = reg.errors
    assert plugin == "p" and "rules[0].threshhold" in error.render("en")
    assert len(reg.problems) == 1 and "plugin p: " in reg.problems[0].en


def test_a_header_that_cannot_be_read_alone_loads_the_whole_file():
    # The [ruleset] table written inline: it is validated at once, as before.
    inline = (
        'ruleset = { id = "inline-set", version = "1", title = { zh = "内联", en = "inline" }, '
        'years = { from = 2000 }, document = { number = "测试〔2024〕1号", title = { zh = "测试", en = "test" } } }\n'
    )
    reg = RulesetRegistry()
    reg.add_text(inline + GOOD_BODY, source="inline.toml")
    (entry,) = reg.registered()
    assert entry.loaded and entry.meta.id == "inline-set"
    reg.add_text(inline.replace("inline-set", "inline-bad") + BROKEN_BODY, source="inline-bad.toml")
    assert [r.meta.id for r in reg.registered()] == ["inline-set"]
    assert "rules[0].threshhold" in reg.errors[0][1].render("en")


def test_the_header_must_read_the_same_alone_and_in_the_whole_file():
    # A multi-line string of another table holding lines that look like a [ruleset] table:
    # cut out, they make a valid header of their own, which the whole file then contradicts.
    sneaky = (
        HEADER
        + GOOD_BODY
        + ("\n[indicators.1.task]\nen = \"task\"\nzh = '''\n[[ruleset.notes]]\nzh = \"假\"\nen = \"fake\" #'''\n")
    )
    reg = RulesetRegistry()
    reg.add_text(sneaky, source="sneaky.toml")
    (entry,) = reg.registered()
    assert [n.en for n in entry.meta.notes] == ["fake"]  # what the cut read
    with pytest.raises(RulesetError) as info:
        entry.ruleset  # noqa: B018
    assert "sneaky.toml: ruleset: the [ruleset] table reads differently alone" in info.value.render("en")


class ShipsBroken:
    """A plugin whose rule set has a valid [ruleset] table and an invalid body."""

    @hookimpl
    def ecorules_register_rulesets(self, registry):
        registry.add_text(OLD_HEADER + BROKEN_BODY, source="broken-pack/test-set.toml")


class EntryPoint:
    name = "brokenpack"
    dist = None

    def load(self):
        return ShipsBroken()


@pytest.fixture
def broken_pack(monkeypatch):
    monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.setattr(plugins, "entry_points", lambda group: [EntryPoint()] if group == "ecorules" else [])
    plugins.reset()
    yield
    plugins.reset()


def test_a_check_reads_only_the_rule_sets_it_compares(broken_pack):
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--fail-on", "never", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "32 indicators: 29 met" in result.stdout
    loaded = {r.meta.id: r.loaded for r in plugins.components().rulesets.registered()}
    assert loaded == {
        "cn-eco-county-2019": False,  # not in force for 2023
        "cn-eco-county-2024": True,
        "cq-construction-sites-2022": False,  # project rule sets: not for a submission
        "cq-yubei-key-projects-2023": False,
        "test-set": False,
    }


def test_a_broken_rule_set_is_an_error_naming_file_key_and_line_when_used(broken_pack):
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--ruleset", "test-set", "--lang", "en", "--format", "json"]
    )
    assert result.exit_code == 2
    assert "broken-pack/test-set.toml" in result.stderr
    assert "rules[0].threshhold: unknown key" in result.stderr and "line" in result.stderr
    assert "Traceback" not in result.output


def test_listing_commands_validate_every_rule_set(broken_pack):
    listed = runner.invoke(app, ["rulesets", "list", "--lang", "en"])
    assert listed.exit_code == 0
    assert "test-set" not in listed.stdout and "cn-eco-county-2024" in listed.stdout
    assert "warning: plugin brokenpack: " in listed.stderr and "rules[0].threshhold" in listed.stderr
    plugins.reset()
    shown = runner.invoke(app, ["plugins"])
    assert shown.exit_code == 1
    assert "FAILED plugin brokenpack: " in shown.stdout and "rules[0].threshhold" in shown.stdout


class ShipsBrokenInForce:
    """A plugin whose invalid rule set is in force for every year, and a second file that
    gives a valid rule set the same ID."""

    @hookimpl
    def ecorules_register_rulesets(self, registry):
        registry.add_text(HEADER + BROKEN_BODY, source="broken-pack/test-set.toml")


@pytest.fixture
def broken_in_force(monkeypatch):
    class Entry(EntryPoint):
        def load(self):
            return ShipsBrokenInForce()

    monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.setattr(plugins, "entry_points", lambda group: [Entry()] if group == "ecorules" else [])
    plugins.reset()
    yield
    plugins.reset()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_invalid_rule_set_in_force_is_left_out_of_the_automatic_choice_and_said(broken_in_force, tmp_path, jobs):
    # as when every rule set was validated at registration: skipped with a warning, and the
    # check goes on with the valid ones (here the file names no rule set, so all in force compete)
    unnamed = tmp_path / "yubei-2023.csv"
    text = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    unnamed.write_text("\n".join(li for li in text.splitlines() if not li.startswith("submission.ruleset")))
    twin = tmp_path / "yubei-2022.csv"
    twin.write_text(unnamed.read_text(encoding="utf-8").replace("渝北区", "江北区"), encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(unnamed), str(twin), "--jobs", jobs, "--fail-on", "never", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "32 indicators: 29 met" in result.stdout
    assert result.stderr.count("warning: plugin brokenpack: ") == 1, result.stderr
    assert "rules[0].threshhold" in result.stderr


def test_explain_says_which_rule_sets_it_found_invalid(broken_in_force):
    result = runner.invoke(app, ["explain", "EC24-04.1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "warning: plugin brokenpack: " in result.stderr and "rules[0].threshhold" in result.stderr


def test_a_valid_rule_set_is_kept_when_an_invalid_one_took_its_id_first():
    registry = RulesetRegistry()
    registry.add_text(HEADER + BROKEN_BODY, source="first.toml")
    registry.add_text(HEADER + GOOD_BODY, source="second.toml")
    assert registry.get("test-set").source == "second.toml"
    assert len(registry.errors) == 1 and "first.toml" in registry.errors[0][1].render("en")
