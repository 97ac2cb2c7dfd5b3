"""Which rules a team checks, and at which severity: ``select``, ``ignore`` and severity
overrides, from the configuration file or ``check --select / --ignore``.

A selector names rules in one of three ways, all case-sensitive as rule IDs are:

- a rule ID: ``EC24-06.5``;
- a prefix of rule IDs, ending where a rule ID has a ``-`` or ``.``: ``EC24-17`` selects
  ``EC24-17.1`` and ``EC24-17.2`` but not ``EC24-170``; ``EC24`` selects the whole set;
- an indicator (or requirement) number as the rule set writes it: ``4``, ``R1``.

A finding is checked when ``select`` is empty or one of its selectors matches, and no
``ignore`` selector does: ignore wins, as in ruff. A rule that is not checked is not
reported and not counted: an indicator whose rules are all ignored is left out of the
count line. A severity override (``"EC24-R1" = "error"``) changes what the gate makes of a
finding (``--fail-on``), not the indicator's category in the regulation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ecorules.model.findings import Finding, Severity


def selects(selector: str, rule_id: str, indicator: str) -> bool:
    """Whether ``selector`` names the rule ``rule_id`` of indicator (or requirement) ``indicator``."""
    if selector in (rule_id, indicator):
        return True
    return rule_id.startswith(selector) and rule_id[len(selector)] in "-."


def matches(selector: str, finding: Finding) -> bool:
    return selects(selector, finding.rule_id, finding.indicator.number)


@dataclass(frozen=True)
class RuleSelection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # (selector, severity): a tuple, so options hash

    def __bool__(self) -> bool:
        return bool(self.select or self.ignore or self.severity)

    def apply(self, findings: Iterable[Finding], used: set[str] | None = None) -> list[Finding]:
        """The findings checked, with their severity overridden where the team says so.
        ``used`` collects the selectors that matched something (see :meth:`unused`)."""
        out = []
        for f in findings:
            selected = [s for s in self.select if matches(s, f)]
            ignored = [s for s in self.ignore if matches(s, f)]
            if used is not None:
                used.update(selected, ignored)
            if (self.select and not selected) or ignored:
                continue
            wanted = self.severity_of(f, used)
            out.append(f if wanted is None or wanted == f.severity else replace(f, severity=wanted))
        return out

    def severity_of(self, finding: Finding, used: set[str] | None = None) -> Severity | None:
        """The override for this finding: the most specific selector that matches (a rule ID
        before a prefix before an indicator number), else None."""
        best: tuple[int, Severity] | None = None
        for selector, severity in self.severity:
            if not matches(selector, finding):
                continue
            if used is not None:
                used.add(selector)
            rank = 2 if selector == finding.rule_id else 1 if finding.rule_id.startswith(selector) else 0
            rank = rank * 1000 + len(selector)
            if best is None or rank > best[0]:
                best = (rank, severity)
        return best[1] if best else None

    def unused(self, used: set[str]) -> list[str]:
        """Selectors that matched nothing in a run (``used``, as :meth:`apply` collected it):
        most likely a typo."""
        named = [*self.select, *self.ignore, *(s for s, _ in self.severity)]
        return [s for s in dict.fromkeys(named) if s not in used]


__all__ = ["RuleSelection", "matches", "selects"]
