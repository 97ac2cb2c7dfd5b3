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


@dataclass(slots=True)
class DistrictYears:
    """One district's verdicts under one rule set, indicator by indicator, year by year."""

    district: str
    district_code: str | None
    ruleset: str
    names: dict[str, Text] = field(default_factory=dict)  # indicator number -> name, first-seen order
    statuses: dict[str, dict[int, Status]] = field(default_factory=dict)  # number -> year -> verdict
    counts: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> the plan's counts

    @property
    def years(self) -> list[int]:
        return sorted(self.counts)

    def add(self, result: CheckResult) -> None:
        year = result.year
        assert year is not None
        for ind in result.indicators:
            self.names.setdefault(ind.number, ind.name)
            self.statuses.setdefault(ind.number, {})[year] = ind.status
        c = result.summary.indicators
        self.counts[year] = {
            "total": c.total,
            "met": c.met,
            "not_met": c.not_met,
            "missing": c.missing,
            "progress": c.progress,
        }

    def status(self, number: str, year: int) -> Status | None:
        return self.statuses.get(number, {}).get(year)

    def changed(self) -> list[str]:
        """The indicators whose verdict is not the same in every year (not checked counts as different)."""
        years = self.years
        return [n for n, by_year in self.statuses.items() if len({by_year.get(y) for y in years}) > 1]

    def to_json_data(self) -> dict[str, object]:
        years = self.years
        return {
            "district": self.district,
            "district_code": self.district_code,
            "ruleset": self.ruleset,
            "years": years,
            "counts": {str(y): self.counts[y] for y in years},
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

    def add(self, result: CheckResult) -> None:
        if result.words.record_kind != "indicators" or result.year is None:
            return
        key = (result.district, result.district_code, result.ruleset.id)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = DistrictYears(result.district, result.district_code, result.ruleset.id)
        group.add(result)

    def several(self) -> list[DistrictYears]:
        """The districts checked for two or more years, in the order first seen."""
        return [g for g in self.groups.values() if len(g.counts) > 1]

    def to_json_data(self) -> list[dict[str, object]]:
        return [g.to_json_data() for g in self.several()]


__all__ = ["DistrictYears", "YearsView"]
