"""Bounds are used exactly as far as they reach."""

from fractions import Fraction

import pytest

from ecorules.model.numbers import Interval, fmt
from ecorules.model.values import parse_value


def iv(raw: str) -> Interval:
    interval = Interval.from_value(parse_value(raw))
    assert interval is not None
    return interval


@pytest.mark.parametrize(
    ("raw", "op", "t", "expected"),
    [
        ("20", ">=", 20, True),
        ("19.99", ">=", 20, False),
        ("≥25", ">=", 20, True),
        ("≥15", ">=", 20, None),  # at least 15: could be either
        ("≥25", "<=", 20, False),
        (">-1", ">", -1, True),
        ("-1", ">", -1, False),
        (">-2", ">", -1, None),
        ("≤25", "<=", 25, True),
        ("<25", "<", 25, True),
        ("≤25", "<", 25, None),
        ("100", "==", 100, True),
        ("≥100", "==", 100, None),
        ("≥101", "==", 100, False),
    ],
)
def test_satisfies(raw, op, t, expected):
    assert iv(raw).satisfies(op, Fraction(t)) is expected


def test_pro_rata_is_exact():
    # 14 % over five years, two years in: exactly 5.6, not 5.6000000000000005
    required = Fraction(14) * Fraction(2, 5)
    assert iv("5.6").satisfies(">=", required) is True
    assert fmt(required) == "5.6"


def test_format():
    assert fmt(Fraction(321 * 100, 365), 1) == "87.9"
    assert fmt(Fraction(1, 3)) == "0.33"
    assert fmt(Fraction(5, 2)) == "2.5"
