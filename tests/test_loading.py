"""A bad rule set is a clear error naming the file and the key, with every problem at once."""

import pytest
from conftest import HEADER, ruleset_from, single_rule_body

from ecorules.loading import load_ruleset_file, load_ruleset_text
from ecorules.model.errors import RulesetError
from ecorules.model.text import T, Text

GOOD_BODY = single_rule_body('{ kind = "compare", op = ">=", value = 20 }')


def problems(body: str, header: str = HEADER) -> str:
    with pytest.raises(RulesetError) as info:
        load_ruleset_text(header + body, "bad.toml")
    return info.value.render("en")


def test_good_rule_set_loads():
    rs = ruleset_from(GOOD_BODY)
    assert rs.rules[0].id == "X-1"


def test_unknown_key():
    text = problems(GOOD_BODY.replace('item = "x"', 'item = "x"\nthreshhold = "typo"'))
    assert "bad.toml: rules[0].threshhold: unknown key" in text
    assert "[rule X-1]" in text


def test_wrong_type():
    text = problems(GOOD_BODY.replace("value = 20", 'value = "twenty"'))
    assert "rules[0].condition.value" in text
    assert "twenty" in text


def test_unknown_condition_kind():
    text = problems(GOOD_BODY.replace('kind = "compare"', 'kind = "between"'))
    assert "rules[0].condition" in text and "between" in text


def test_duplicate_rule_id():
    text = problems(GOOD_BODY + GOOD_BODY.split("[[rules]]")[1].join(["[[rules]]", ""]))
    assert "rules[1].id: duplicate rule ID 'X-1'" in text


def test_alias_may_not_reuse_an_id():
    second = '\n[[rules]]\nid = "X-2"\naliases = ["X-1"]\nindicator = "1"\nitem = "x"\nthreshold = { zh = "a", en = "a" }\ncondition = { kind = "compare", op = ">=", value = 1 }\n'
    assert "duplicate rule ID 'X-1'" in problems(GOOD_BODY + second)


def test_stable_trend_needs_explicit_tolerance():
    body = GOOD_BODY.replace(
        '{ kind = "compare", op = ">=", value = 20 }',
        '{ kind = "trend", require = "stable_or_improve", better = "higher", against = "previous_year" }',
    )
    assert "tolerance" in problems(body)


def test_broken_references_all_reported():
    body = GOOD_BODY.replace('indicator = "1"', 'indicator = "9"').replace('item = "x"', 'item = "y"')
    text = problems(body)
    assert "rules[0].indicator: unknown indicator '9'" in text
    assert "rules[0].item: unknown item 'y'" in text
    assert "indicators.1: indicator has no rule" in text
    assert "(3 problems)" in text


def test_condition_reference_to_unknown_item():
    body = GOOD_BODY.replace("value = 20 }", 'value = 20, of = "nope" }')
    assert "rules[0].condition.of: unknown item 'nope'" in problems(body)


def test_missing_translation():
    text = problems(GOOD_BODY.replace('name = { zh = "数值", en = "value" }', 'name = { zh = "数值" }'))
    assert "items.x.name.en: required key is missing" in text


def test_text_is_free_to_build_but_checked_in_a_rule_set():
    # a message is made from whatever a file says, an empty cell included, and never fails
    assert T("", "") == Text("", "") and T("", "").get("zh") == ""
    name = 'name = { zh = "数值", en = "value" }'
    text = problems(GOOD_BODY.replace(name, 'name = { zh = " ", en = "value" }'))
    assert "items.x.name.zh: Value error, must not be empty (got ' ') (line" in text
    text = problems(GOOD_BODY.replace(name, 'name = { zh = "数值", en = "", fr = "valeur" }'))
    assert "items.x.name.en: Value error, must not be empty (got '')" in text
    assert "items.x.name.fr: unknown key (not part of the rule-set format" in text
    text = problems(GOOD_BODY.replace(name, 'name = "数值"'))
    assert "items.x.name: Input should be a valid dictionary or instance of Text (got '数值')" in text
    assert ruleset_from(GOOD_BODY).items["x"].name == T("数值", "value")


def test_rule_id_format():
    assert "rules[0].id" in problems(GOOD_BODY.replace('id = "X-1"', 'id = "x 1"'))


def test_line_number_given_for_a_rule():
    text = problems(GOOD_BODY.replace("value = 20", 'value = "x"'))
    line = (HEADER + GOOD_BODY).splitlines().index('id = "X-1"') + 1
    assert f"(line {line})" in text


def test_toml_syntax_error():
    text = problems("[rules\n")
    assert "bad.toml" in text and "not valid TOML" in text


def test_missing_file(tmp_path):
    with pytest.raises(RulesetError) as info:
        load_ruleset_file(tmp_path / "nope.toml")
    assert "file not found" in info.value.render("en")


def test_tier_values_must_be_declared():
    body = """
[attributes.size]
name = { zh = "规模", en = "size" }
values = { big = { zh = "大", en = "big" } }
""" + single_rule_body(
        '{ kind = "tiered", attribute = "size", tiers = [ { when = ["huge"], '
        'condition = { kind = "compare", op = ">=", value = 1 } } ] }'
    )
    assert "'huge' is not a value of size (big)" in problems(body)


def test_tolerance_only_where_it_means_something():
    body = GOOD_BODY.replace(
        '{ kind = "compare", op = ">=", value = 20 }',
        '{ kind = "trend", require = "improve", better = "higher", against = "previous_year", tolerance = 1 }',
    )
    assert "'tolerance' only applies" in problems(body)


def test_items_must_be_distinguishable():
    body = GOOD_BODY + '\n[items.y]\nname = { zh = "数值", en = "other" }\nunit = "%"\n'
    assert "is also used by items.x" in problems(body)


def test_reference_problems_carry_the_rule_line():
    text = problems(GOOD_BODY.replace('item = "x"', 'item = "nope"'))
    assert "[rule X-1] (line" in text


def test_duplicate_ruleset_id_reported_and_skipped():
    from ecorules.registry import RulesetRegistry

    reg = RulesetRegistry()
    reg.current_plugin = "p"
    reg.add_text(HEADER + GOOD_BODY, source="a.toml")
    reg.add_text(HEADER + GOOD_BODY, source="b.toml")
    reg.add_text(HEADER.replace('id = "test-set"', 'id = "other-set"') + GOOD_BODY, source="c.toml")
    assert [r.source for r in reg.all()] == ["a.toml", "c.toml"]
    ((_plugin, error),) = reg.errors
    assert "also defined by a.toml" in error.render("en")
