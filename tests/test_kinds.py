"""Every condition kind is one module that provides every part the loader, engine,
explain, template and lint need; the registry refuses incomplete or clashing kinds."""

from __future__ import annotations

import sys

import pytest
from conftest import key_why

from ecorules.kinds import BUILTIN_KINDS, builtin_registry
from ecorules.kinds.base import ConditionKind, KindRegistry, TemplateNeeds
from ecorules.model.condition import ConditionModel
from ecorules.model.text import Text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KINDS = list(builtin_registry())


def _overrides(kind: ConditionKind, method: str) -> bool:
    return getattr(type(kind), method) is not getattr(ConditionKind, method)


def _validated(kind: ConditionKind, record_kind: str) -> ConditionModel:
    data = tomllib.loads(f"c = {kind.example}")["c"]
    return kind.model.model_validate(data, context={"kinds": builtin_registry(), "record_kind": record_kind})


def test_every_builtin_kind_is_registered_under_its_module_name():
    assert [k.name for k in KINDS] == list(BUILTIN_KINDS)
    for kind in KINDS:
        assert type(kind).__module__ == f"ecorules.kinds.{kind.name}"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_kind_provides_every_part(kind: ConditionKind):
    # the model: its `kind` field is the kind's name, and the example validates
    assert issubclass(kind.model, ConditionModel)
    record_kind = "indicators" if "indicators" in kind.record_kinds else "projects"
    cond = _validated(kind, record_kind)
    assert cond.kind == kind.name
    # a description in both languages
    assert isinstance(kind.description, Text) and kind.description.zh and kind.description.en
    # evaluation for every record kind it claims to serve
    if "indicators" in kind.record_kinds:
        assert _overrides(kind, "compile"), f"{kind.name} serves indicators but has no compile"
        # explain examples: a leaf sets values, a compound plans its parts, manual declines
        assert _overrides(kind, "apply_example") or _overrides(kind, "plan_example")
    if "projects" in kind.record_kinds:
        assert _overrides(kind, "evaluate_record"), f"{kind.name} serves projects but has no evaluate_record"
    # it describes itself
    assert _overrides(kind, "describe")
    text = kind.describe(
        cond, lambda key: (Text(zh="字段", en="field"), "%"), lambda sub: (Text(zh="子", en="sub"), False)
    )
    assert isinstance(text, Text) and text.zh.strip() and text.en.strip()
    # the template knows what to ask for
    assert isinstance(kind.template_needs(cond), TemplateNeeds)
    # structure is consistent: a compound lists its children, a leaf none
    assert all(isinstance(c, ConditionModel) for _, c in kind.children(cond))


def test_template_needs_follow_the_kind():
    reg = builtin_registry()
    assert reg.get("target").template_needs(_validated(reg.get("target"), "indicators")).target
    assert reg.get("trend").template_needs(_validated(reg.get("trend"), "indicators")).earlier_years
    assert reg.get("status").template_needs(_validated(reg.get("status"), "indicators")).words == ["建立"]


class _Nameless(ConditionKind):
    model = ConditionModel
    record_kinds = frozenset({"indicators"})


def test_registry_refuses_duplicates_and_incomplete_kinds():
    reg = KindRegistry()
    reg.current_plugin = "first"
    reg.add(builtin_registry().get("compare"))
    reg.current_plugin = "second"
    with pytest.raises(ValueError, match="registered twice: by first and by second"):
        reg.add(builtin_registry().get("compare"))
    with pytest.raises(ValueError, match="has no name"):
        reg.add(_Nameless())


def test_a_kind_for_projects_only_is_refused_in_an_indicator_rule_set(tmp_path):
    from ecorules.loading import load_ruleset_text
    from ecorules.model.errors import RulesetError

    text = """
[ruleset]
id = "x-2024"
version = "1"
title = {zh = "测试", en = "test"}
years = {from = 2024}
document = {number = "X", title = {zh = "文件", en = "doc"}}
[indicators.1]
name = {zh = "指标", en = "indicator"}
category = "binding"
[items.a]
name = {zh = "甲", en = "a"}
unit = "%"
[[rules]]
id = "X-1"
indicator = "1"
item = "a"
threshold = {zh = "已填写", en = "given"}
condition = {kind = "present", of = "a"}
"""
    with pytest.raises(RulesetError) as info:
        load_ruleset_text(text, "x.toml")
    (key, why), *_ = key_why(info.value.problems)
    assert key == "rules[0].condition"
    assert "unknown condition kind 'present'" in why and "'compare'" in why


def test_condition_values_are_strict_a_quoted_number_is_an_error():
    """`value = "20"` is a typo for 20 in a rule set, not a number to coerce silently."""
    from conftest import HEADER, single_rule_body

    from ecorules.loading import load_ruleset_text
    from ecorules.model.errors import RulesetError

    with pytest.raises(RulesetError) as info:
        load_ruleset_text(HEADER + single_rule_body('{ kind = "compare", op = ">=", value = "20" }'), "x.toml")
    (key, why), *_ = key_why(info.value.problems)
    assert key == "rules[0].condition.value" and "valid number" in why
    # a whole number is a number
    load_ruleset_text(HEADER + single_rule_body('{ kind = "compare", op = ">=", value = 20 }'), "x.toml")


class _ProjectsWithoutEvaluation(ConditionKind):
    name = "half_done"
    model = ConditionModel
    record_kinds = frozenset({"projects"})
    description = Text(zh="未完成", en="half done")


def test_registry_refuses_a_kind_missing_the_evaluation_its_record_kinds_need():
    """An incomplete plugin kind is refused when it registers (reported, skipped), not a crash
    in the middle of a check."""
    with pytest.raises(ValueError, match="does not implement evaluate_record"):
        KindRegistry().add(_ProjectsWithoutEvaluation())
