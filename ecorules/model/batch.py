"""What a reviewer reads first after checking many submissions: how many districts were
checked, how many fail a binding indicator, which indicators fail most often, and a
districts × indicators matrix of verdicts.

Built result by result (:meth:`BatchSummary.add`), keeping only what it prints, so a run
over thousands of files does not hold their findings for it. Project tables are counted
as checked but have no place in the indicator matrix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ecorules.model.findings import CheckResult, Status
from ecorules.model.text import T, Text

# One character per verdict in the text matrix.
MARKS = {
    Status.met: "✓",
    Status.not_met: "✗",
    Status.missing: "?",
    Status.not_applicable: "-",
    Status.not_assessed: "○",
    Status.progress: "~",
}


# one letter per verdict
_CODE = {
    Status.met: "m",
    Status.not_met: "x",
    Status.missing: "?",
    Status.not_applicable: "-",
    Status.not_assessed: "a",
    Status.progress: "p",
}
_STATUS = {code: s for s, code in _CODE.items()}


@dataclass(slots=True)
class BatchRow:
    """One submission's verdicts, kept small: a letter per indicator of its rule set."""

    source: str
    heading: Text
    ruleset: str
    numbers: tuple[str, ...]  # the rule set's indicators (one tuple shared by its rows)
    codes: str  # a letter per indicator, in that order
    fails_binding: bool

    @property
    def statuses(self) -> dict[str, Status]:
        return {n: _STATUS[c] for n, c in zip(self.numbers, self.codes, strict=True)}


@dataclass(slots=True)
class BatchSummary:
    results: int = 0
    project_tables: int = 0
    rows: list[BatchRow] = field(default_factory=list)
    indicators: dict[str, Text] = field(default_factory=dict)  # number -> name, in first-seen order
    failed: Counter[str] = field(default_factory=Counter)  # number -> submissions not meeting it
    missing: Counter[str] = field(default_factory=Counter)
    _numbers: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # shared per rule set

    def add(self, result: CheckResult) -> None:
        self.results += 1
        if result.words.record_kind != "indicators":
            self.project_tables += 1
            return
        for ind in result.indicators:
            self.indicators.setdefault(ind.number, ind.name)
            if ind.status is Status.not_met:
                self.failed[ind.number] += 1
            elif ind.status is Status.missing:
                self.missing[ind.number] += 1
        binding = any(
            f.status.fails and f.severity == "error" and (f.suppression is None or not f.suppression.active)
            for f in result.findings
        )
        numbers = tuple(ind.number for ind in result.indicators)
        numbers = self._numbers.setdefault(numbers, numbers)
        codes = "".join(_CODE[ind.status] for ind in result.indicators)
        self.rows.append(BatchRow(result.source, result.heading, result.ruleset.id, numbers, codes, binding))

    @property
    def submissions(self) -> int:
        return len(self.rows)

    @property
    def failing_binding(self) -> int:
        """Submissions with a binding (约束性) indicator not met or missing, not waived."""
        return sum(r.fails_binding for r in self.rows)

    def most_failed(self, limit: int = 5) -> list[tuple[str, int]]:
        return self.failed.most_common(limit)

    def trouble(self) -> list[str]:
        """Indicators some submission does not meet or lacks data for: the matrix's columns."""
        return [n for n in self.indicators if self.failed[n] or self.missing[n]]

    def headline(self) -> Text:
        n, failing = self.submissions, self.failing_binding
        zh = f"检查 {n} 份提交，{failing} 份有约束性指标未达标或缺数据"
        en = f"{n} submissions checked, {failing} with a binding indicator not met or missing"
        if self.project_tables:
            zh += f"；另有 {self.project_tables} 份项目表"
            en += f"; {self.project_tables} project tables besides"
        top = self.most_failed()
        if top:
            zh += "；最常未达标：" + "、".join(f"{k}（{v}）" for k, v in top)
            en += "; most often not met: " + ", ".join(f"{k} ({v})" for k, v in top)
        return T(zh, en)

    def to_json_data(self, *, with_matrix: bool = True) -> dict[str, object]:
        """The JSON report's ``batch`` object (``with_matrix=False``: without its ``matrix``, which
        a report of ten thousand submissions writes row by row, :meth:`matrix_row`)."""
        data: dict[str, object] = {
            "submissions": self.submissions,
            "project_tables": self.project_tables,
            "failing_binding": self.failing_binding,
            "most_often_not_met": [{"indicator": k, "submissions": v} for k, v in self.most_failed(len(self.failed))],
            "indicators": list(self.indicators),
        }
        if with_matrix:
            data["matrix"] = [self.matrix_row(r) for r in self.rows]
        return data

    @staticmethod
    def matrix_row(r: BatchRow) -> dict[str, object]:
        return {
            "source": r.source,
            "heading": {"zh": r.heading.zh, "en": r.heading.en},
            "ruleset": r.ruleset,
            "statuses": {k: v.value for k, v in r.statuses.items()},
        }


def summarize_batch(results: list[CheckResult]) -> BatchSummary:
    summary = BatchSummary()
    for r in results:
        summary.add(r)
    return summary


__all__ = ["MARKS", "BatchRow", "BatchSummary", "summarize_batch"]
