"""Exact numbers and bounds.

A submitted value is an interval: ``87.9`` is [87.9, 87.9]; ``≥25`` is
[25, ∞); ``>-1`` is (-1, ∞). A comparison is *met* when the whole interval
satisfies it, *not met* when none of it does, and *undecided* otherwise, so a
bound is used exactly as far as it reaches and no further. Arithmetic is on
fractions, so 14 × 2/5 is exactly 5.6 and a boundary value is never lost to
floating-point error.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ecorules.model.values import Value, ValueKind

Op = str  # ">=", ">", "<=", "<", "=="
_COMPARE: dict[Op, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(slots=True)
class Interval:
    lo: Fraction | None  # None: unbounded below
    hi: Fraction | None  # None: unbounded above
    lo_closed: bool = True
    hi_closed: bool = True

    @classmethod
    def exact(cls, x: Fraction) -> Interval:
        return cls(x, x)

    @classmethod
    def from_value(cls, v: Value) -> Interval | None:
        if v.kind is not ValueKind.number or v.number is None:
            return None
        x = to_fraction(v.number)
        if v.bound is None:
            return cls(x, x)
        return {
            ">=": cls(x, None, True, False),
            ">": cls(x, None, False, False),
            "<=": cls(None, x, False, True),
            "<": cls(None, x, False, False),
        }[v.bound]

    @property
    def exact_value(self) -> Fraction | None:
        lo = self.lo
        return lo if lo is not None and (lo is self.hi or lo == self.hi) else None

    def scale(self, k: Fraction) -> Interval:
        """Multiply by a positive constant (a monotone map keeps the bound's direction)."""
        assert k > 0
        return Interval(
            None if self.lo is None else self.lo * k,
            None if self.hi is None else self.hi * k,
            self.lo_closed,
            self.hi_closed,
        )

    def satisfies(self, op: Op, t: Fraction) -> bool | None:
        """True: every value in the interval satisfies ``x op t``; False: none does; None: some do."""
        x = self.lo
        if x is not None and x is self.hi and self.lo_closed and self.hi_closed:
            # One exact number (the common case): compare the cross products of the integers.
            xn, xd = x.as_integer_ratio()
            tn, td = t.as_integer_ratio()
            return _COMPARE[op](xn * td, tn * xd)
        if op == "==":
            if self.exact_value is not None:
                return self.exact_value == t
            return None if self._contains(t) else False
        if op == ">=":
            sub, disjoint = self._lo_ge(t), self._hi_lt(t)
        elif op == ">":
            sub, disjoint = self._lo_gt(t), self._hi_le(t)
        elif op == "<=":
            sub, disjoint = self._hi_le(t), self._lo_gt(t)
        elif op == "<":
            sub, disjoint = self._hi_lt(t), self._lo_ge(t)
        else:
            raise KeyError(op)
        if sub:
            return True
        if disjoint:
            return False
        return None

    # every x in the interval is >= t, and so on
    def _lo_ge(self, t: Fraction) -> bool:
        return self.lo is not None and self.lo >= t

    def _lo_gt(self, t: Fraction) -> bool:
        return self.lo is not None and (self.lo > t or (self.lo == t and not self.lo_closed))

    def _hi_le(self, t: Fraction) -> bool:
        return self.hi is not None and self.hi <= t

    def _hi_lt(self, t: Fraction) -> bool:
        return self.hi is not None and (self.hi < t or (self.hi == t and not self.hi_closed))

    def _contains(self, t: Fraction) -> bool:
        above = self.lo is None or self.lo < t or (self.lo == t and self.lo_closed)
        below = self.hi is None or self.hi > t or (self.hi == t and self.hi_closed)
        return above and below

    def display(self, decimals: int | None = None) -> str:
        x = self.exact_value
        if x is not None:
            return fmt(x, decimals)
        if self.lo is not None and self.hi is None:
            return ("≥" if self.lo_closed else ">") + fmt(self.lo, decimals)
        if self.hi is not None and self.lo is None:
            return ("≤" if self.hi_closed else "<") + fmt(self.hi, decimals)
        return f"{fmt(self.lo, decimals) if self.lo is not None else '-∞'}–{fmt(self.hi, decimals) if self.hi is not None else '∞'}"


def to_fraction(x: Decimal | float | int) -> Fraction:
    if isinstance(x, Decimal):  # every submitted number: exact, and faster than Fraction(Decimal)
        return from_lowest_terms(*x.as_integer_ratio())
    # Through str for floats: 0.1 from a TOML threshold means one tenth, not its binary neighbour.
    if isinstance(x, float):
        return Fraction(str(x))
    return Fraction(x)


def _fraction_of_lowest_terms(numerator: int, denominator: int) -> Fraction:
    """``numerator / denominator`` already in lowest terms with a positive denominator, as
    ``Decimal.as_integer_ratio`` gives them: a fraction built without Fraction's checks and
    reduction, which cost four times the rest (every submitted number becomes one)."""
    made = object.__new__(Fraction)
    made._numerator = numerator  # type: ignore[attr-defined]
    made._denominator = denominator  # type: ignore[attr-defined]
    return made


def _choose_lowest_terms() -> Callable[[int, int], Fraction]:
    """The fastest way this Python has to build a fraction from lowest terms, checked once: the
    standard library's own (3.12+), else setting the two fields :class:`Fraction` keeps; if
    neither gives a fraction equal to the one Fraction(n, d) builds, Fraction itself."""
    for way in (getattr(Fraction, "_from_coprime_ints", None), _fraction_of_lowest_terms):
        if way is None:
            continue
        try:
            made = way(-7, 20)
            if made == Fraction(-7, 20) and hash(made) == hash(Fraction(-7, 20)) and str(made) == "-7/20":
                return way
        except Exception:  # a Python whose Fraction keeps its fields otherwise
            continue
    return Fraction


from_lowest_terms = _choose_lowest_terms()
"""A fraction from a numerator and a positive denominator already in lowest terms (what
``Decimal.as_integer_ratio`` gives): the fast way to make a submitted number exact."""


def fmt(x: Fraction, decimals: int | None = None) -> str:
    """Display a number: as given when it is short, else rounded (2 decimals by default)."""
    if x.denominator == 1:
        return str(x.numerator)
    d = Decimal(x.numerator) / Decimal(x.denominator)
    places = 2 if decimals is None else decimals
    if decimals is None and d == round(d, places):
        text = format(d.normalize(), "f")
    else:
        text = format(round(d, places), "f")
        if decimals is None and "." in text:
            text = text.rstrip("0").rstrip(".")
    return text
