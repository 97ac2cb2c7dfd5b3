"""A district's years side by side: for each district checked for two or more reporting years
(one wide workbook, or a file per year), its indicators × years of verdicts, as the review
(复核) reads them: "4 环境空气质量 2022 ✗ 2023 ✗".

Results are grouped by district and rule set (the same indicator number means different
things in two indicator systems). Built result by result (:meth:`YearsView.add`), keeping a
letter per indicator and year, so a long run does not hold its findings for it. Project
tables have no reporting year and no place in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecorules.model.findings import CheckResult, Status
from ecorules.model.text import Text

# One letter per verdict: a district's year is kept as a string, one letter per indicator.
_LETTER = {status: chr(ord("a") + i) for i, status in enumerate(Status)}
_STATUS = {letter: status for status, letter in _LETTER.items()}
_COUNTS = ("total", "met", "not_met", "missing", "progress")


@dataclass(slots=True)
class DistrictYears:
    """One district's verdicts under one rule set, indicator by indicator, year by year.

    Kept small, because a run over ten thousand districts builds one for each before it can
    know which have several years: for each year the indicators' numbers (a tuple shared by
    every district of the rule set) and a letter per verdict; the names are shared too."""

    district: str
    district_code: str | None
    ruleset: str
    shared_names: dict[str, Text] = field(default_factory=dict)  # number -> name, the rule set's
    marks: dict[int, tuple[tuple[str, ...], str]] = field(default_factory=dict)  # year -> (numbers, letters)
    _counts: dict[int, tuple[int, ...]] = field(default_factory=dict)  # year -> the plan's counts

    @property
    def years(self) -> list[int]:
        return sorted(self.marks)

    @property
    def counts(self) -> dict[int, dict[str, int]]:
        return {year: dict(zip(_COUNTS, counts, strict=True)) for year, counts in self._counts.items()}

    def add(self, result: CheckResult, numbers: tuple[str, ...]) -> None:
        """``numbers``: the result's indicator numbers, as the view shares them."""
        year = result.year
        assert year is not None
        for ind in result.indicators:
            if ind.number not in self.shared_names:
                self.shared_names[ind.number] = ind.name
        self.marks[year] = (numbers, "".join(_LETTER[ind.status] for ind in result.indicators))
        c = result.summary.indicators
        self._counts[year] = (c.total, c.met, c.not_met, c.missing, c.progress)

    @property
    def names(self) -> dict[str, Text]:
        """This district's indicators (number -> name), in the order first checked."""
        seen: dict[str, Text] = {}
        for year in self.years:
            for number in self.marks[year][0]:
                if number not in seen:
                    seen[number] = self.shared_names[number]
        return seen

    @property
    def statuses(self) -> dict[str, dict[int, Status]]:
        """number -> year -> verdict."""
        out: dict[str, dict[int, Status]] = {}
        for year in self.years:
            numbers, letters = self.marks[year]
            for number, letter in zip(numbers, letters, strict=True):
                out.setdefault(number, {})[year] = _STATUS[letter]
        return out

    def status(self, number: str, year: int) -> Status | None:
        held = self.marks.get(year)
        if held is None or number not in held[0]:
            return None
        return _STATUS[held[1][held[0].index(number)]]

    def changed(self) -> list[str]:
        """The indicators whose verdict is not the same in every year (not checked counts as different)."""
        years = self.years
        return [n for n, by_year in self.statuses.items() if len({by_year.get(y) for y in years}) > 1]

    def to_json_data(self) -> dict[str, object]:
        years = self.years
        counts = self.counts
        return {
            "district": self.district,
            "district_code": self.district_code,
            "ruleset": self.ruleset,
            "years": years,
            "counts": {str(y): counts[y] for y in years},
            "indicators": [
                {
                    "number": number,
                    "name": {"zh": name.zh, "en": name.en},
                    "statuses": {str(y): s.value for y in years if (s := self.status(number, y)) is not None},
                }
                for number, name in self.names.items()
            ],
        }


@dataclass(slots=True)
class YearsView:
    """Every district's years seen in a run; :meth:`several` those with two or more."""

    groups: dict[tuple[str, str | None, str], DistrictYears] = field(default_factory=dict)
    _names: dict[str, dict[str, Text]] = field(default_factory=dict)  # rule set -> its indicators' names
    _numbers: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # one tuple per shape

    def add(self, result: CheckResult) -> None:
        if result.words.record_kind != "indicators" or result.year is None:
            return
        key = (result.district, result.district_code, result.ruleset.id)
        group = self.groups.get(key)
        if group is None:
            names = self._names.setdefault(result.ruleset.id, {})
            group = self.groups[key] = DistrictYears(result.district, result.district_code, result.ruleset.id, names)
        numbers = tuple(ind.number for ind in result.indicators)
        group.add(result, self._numbers.setdefault(numbers, numbers))

    def several(self) -> list[DistrictYears]:
        """The districts checked for two or more years, in the order first seen."""
        return [g for g in self.groups.values() if len(g.marks) > 1]

    def to_json_data(self) -> list[dict[str, object]]:
        return [g.to_json_data() for g in self.several()]


__all__ = ["DistrictYears", "YearsView"]
