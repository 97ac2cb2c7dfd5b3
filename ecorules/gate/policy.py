"""The exit-code policy, in one place.

- 0: no finding at or above ``--fail-on`` failed (or ``--fail-on never``);
- 1: at least one did: a not-met or missing-data finding whose severity is at
  or above ``--fail-on`` (``error``: binding indicators; ``warning``: binding
  and reference indicators). A *progress* finding (a planned target not yet due
  and not yet reached) never fails, at any ``--fail-on``: the plan gives the
  district until the year the target is due, and from that year on the same
  shortfall is *not met* and fails like any other;
- 2: usage or input error (bad option, unreadable file, invalid rule set);
  raised as :class:`~ecorules.model.errors.EcorulesError`, never a traceback;
- 3: an internal error (a bug: please report it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the command line imports the exit codes; the findings model is not needed for them
    from ecorules.model.findings import CheckResult

FailOn = Literal["error", "warning", "never"]

OK, FINDINGS, INPUT_ERROR, INTERNAL_ERROR = 0, 1, 2, 3


def failing(results: list[CheckResult], fail_on: FailOn) -> int:
    """How many findings fail the gate."""
    if fail_on == "never":
        return 0
    from ecorules.model.findings import SEVERITY_RANK

    floor = SEVERITY_RANK[fail_on]
    return sum(f.fails and SEVERITY_RANK[f.severity] >= floor for r in results for f in r.findings)


def exit_code(results: list[CheckResult], fail_on: FailOn) -> int:
    return FINDINGS if failing(results, fail_on) else OK


def run_exit_code(*, unreadable: bool, wrote_baseline: bool, failing_findings: int) -> int:
    """A whole run's exit code: a file that could not be read wins (2), then writing a
    baseline (0: the run's purpose was to record, not to gate), then the findings."""
    if unreadable:
        return INPUT_ERROR
    if wrote_baseline:
        return OK
    return FINDINGS if failing_findings else OK
