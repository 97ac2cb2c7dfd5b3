"""How a submitted cell is read: every form Chinese statistical tables use."""

from decimal import Decimal

import pytest

from ecorules.model.values import ValueKind, normalize_word, parse_value, same_unit, trend_claim


@pytest.mark.parametrize(
    ("raw", "number", "bound"),
    [
        ("87.9", "87.9", None),
        ("87.9%", "87.9", None),
        ("８７．９％", "87.9", None),  # full-width digits and percent sign
        ("1,234.5", "1234.5", None),
        ("１２，６６６", "12666", None),
        (" 72.02 ", "72.02", None),
        ("≥25", "25", ">="),
        ("≧25", "25", ">="),
        (">-1", "-1", ">"),
        ("＞－1", "-1", ">"),
        ("≤ 30", "30", "<="),
        ("−0.5", "-0.5", None),  # U+2212 minus sign
        ("1e-05", "0.00001", None),
        (321, "321", None),
        (87.9, "87.9", None),
    ],
)
def test_numbers_and_bounds(raw, number, bound):
    v = parse_value(raw)
    assert v.kind is ValueKind.number
    assert v.number == Decimal(number)
    assert v.bound == bound


def test_word_with_number_keeps_both():
    v = parse_value("保持稳定(96.4)")
    assert (v.kind, v.number, v.word) == (ValueKind.number, Decimal("96.4"), "保持稳定")
    v = parse_value("未考核（15.2）")
    assert v.number == Decimal("15.2")
    assert v.says_not_assessed


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("不涉及", ValueKind.not_applicable),
        (" 不涉及 ", ValueKind.not_applicable),
        ("未考核", ValueKind.not_assessed),
        ("十四五期间，未逐年下达", ValueKind.not_assessed),
        ("未下达", ValueKind.not_assessed),
        ("暂未公布", ValueKind.missing),
        ("数据暂未公布", ValueKind.missing),
        ("", ValueKind.missing),
        ("-", ValueKind.missing),
        (None, ValueKind.missing),
        ("#DIV/0!", ValueKind.missing),
        ("建立", ValueKind.word),
        ("有效开展", ValueKind.word),
    ],
)
def test_words(raw, kind):
    assert parse_value(raw).kind is kind


def test_unreadable_value_is_never_zero():
    v = parse_value("#VALUE!")
    assert v.kind is ValueKind.missing and v.number is None
    assert "spreadsheet error" in (v.problem or "")


def test_status_words_normalise():
    assert normalize_word("已建立") == normalize_word("建立")
    assert normalize_word("Ⅱ类") == normalize_word("II类")  # one Roman-numeral character or two letters
    assert normalize_word("生态功能不降低，性质不改变") == normalize_word("生态功能不降低、性质不改变")


@pytest.mark.parametrize(
    ("word", "movement"),
    [
        ("持续提高", "up"),
        ("持续下降", "down"),
        ("保持稳定", "stable"),
        ("持续改善", "improve"),
        ("有所恶化", "worsen"),
        ("建立", None),
    ],
)
def test_trend_claims(word, movement):
    assert trend_claim(word) == movement


def test_units_compare_loosely():
    assert same_unit("μg/m³", "ug/m3")
    assert same_unit("µg/m3", "μg/m³")  # micro sign vs Greek mu
    assert same_unit("％", "%")
    assert not same_unit("%", "天")
