"""Bounds are used exactly as far as they reach."""

import pickle
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecorules.kinds.base import Outcome, State
from ecorules.model.findings import Citation, Finding, IndicatorRef, Status, worded_later
from ecorules.model.numbers import Interval, fmt, to_fraction
from ecorules.model.text import T, Text
from ecorules.model.values import format_decimal, parse_value


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


# Every submitted number becomes a fraction built without Fraction's own checks, and an exact
# value is compared by cross-multiplying integers: both must agree with Fraction everywhere.
decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9, places=6)


@given(decimals)
def test_a_submitted_number_is_the_fraction_fraction_builds(d):
    made = to_fraction(d)
    assert made == Fraction(d)
    assert (made.numerator, made.denominator) == (Fraction(d).numerator, Fraction(d).denominator)
    assert hash(made) == hash(Fraction(d)) and str(made) == str(Fraction(d))
    assert made * 3 - made == 2 * Fraction(d)


@given(decimals, decimals, st.sampled_from([">=", ">", "<=", "<", "=="]))
def test_an_exact_value_compares_as_fractions_do(x, t, op):
    expected = {">=": x >= t, ">": x > t, "<=": x <= t, "<": x < t, "==": x == t}[op]
    assert Interval.exact(to_fraction(x)).satisfies(op, to_fraction(t)) is expected
    assert Interval.exact(to_fraction(x)).satisfies(op, to_fraction(x)) is (op in (">=", "<=", "=="))


def finding_with(details: list[Text]) -> Finding:
    """A not-met finding of 优良天数比例 with these details."""
    return Finding(
        rule_id="EC24-07.1",
        indicator=IndicatorRef(number="7", name=T("环境空气质量", "Ambient air quality"), category="binding"),
        name=T("优良天数比例", "Share of good days"),
        status=Status.not_met,
        severity="error",
        actual="89.96%",
        expected=T("≥90", "≥90"),
        unit="%",
        citation=Citation(
            document="环办生态〔2024〕4号",
            title=T("表", "table"),
            indicator="7",
            indicator_label=T("指标 7", "indicator 7"),
            threshold=T("≥90", "≥90"),
        ),
        location=None,
        details=details,
    )


def test_details_worded_later_are_worded_once_and_travel_as_words():
    calls = []

    def wording():
        calls.append(1)
        return [T("89.96 ≥ 90%：否", "89.96 ≥ 90%: no")]

    finding = finding_with(worded_later(wording))
    assert calls == []
    copy = pickle.loads(pickle.dumps(finding))  # as a --jobs worker sends it back
    assert copy.details == [T("89.96 ≥ 90%：否", "89.96 ≥ 90%: no")]
    assert finding.details == copy.details and finding == copy
    assert calls == [1]
    assert "89.96 ≥ 90%: no" in finding.message.en


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_a_number_is_shown_as_written_without_trailing_zeros(d):
    # format_decimal takes str(d) when it is positional: it must show what format(d, "f") shows
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    assert format_decimal(d) == ("0" if text in ("-0", "") else text)


def test_an_open_interval_at_one_point_is_not_taken_for_that_number():
    x = Fraction(5)
    assert Interval(x, x, False, False).satisfies(">", x) is Interval(x, x, False, False)._lo_gt(x)
    assert Interval(x, x).satisfies(">", x) is False and Interval(x, x).satisfies(">=", x) is True


def test_reasons_given_as_a_list_or_a_tuple_are_kept_as_given():
    # only a function is worded later; a plugin's engine may give any sequence of texts
    said = (T("是", "yes"),)
    assert Outcome(State.MET, said).reasons is said
    finding = finding_with(said)  # type: ignore[arg-type]
    assert finding.details == said and pickle.loads(pickle.dumps(finding)).details == said
