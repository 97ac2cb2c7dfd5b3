"""The default backend: the compiled plan evaluated in plain Python.

It binds each record itself (a submission's keys resolved against the rule set's
items, a project table's columns against its fields) and runs the compiled rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecorules.engine.context import bind
from ecorules.engine.plan import Plan, compile_ruleset
from ecorules.hookspecs import hookimpl
from ecorules.kinds.base import KindRegistry
from ecorules.model.findings import Finding
from ecorules.model.submission import Submission
from ecorules.model.text import T

if TYPE_CHECKING:  # the project engine is imported with the first project rule set
    from ecorules.engine.projects import ProjectPlan
    from ecorules.model.projects import ProjectLibrary


def _indicators(plan: Plan, submission: Submission) -> list[Finding]:
    context = bind(plan.ruleset, submission, plan.scale)
    return [rule.evaluate(context) for rule in plan.rules]


def _projects(plan: ProjectPlan, library: ProjectLibrary) -> list[Finding]:
    from ecorules.engine.records import bind_library

    return plan.evaluate(bind_library(plan.ruleset, library))


def compile_projects(ruleset: Any, kinds: KindRegistry | None) -> ProjectPlan:
    from ecorules.engine.projects import compile_projects

    return compile_projects(ruleset, kinds)


# by the rule set's record kind (ecorules.record_kinds)
_COMPILE: dict[str, Any] = {"indicators": compile_ruleset, "projects": compile_projects}
_EVALUATE: dict[str, Any] = {"indicators": _indicators, "projects": _projects}


class PythonEngine:
    name = "python"
    description = T("纯 Python 后端（默认）", "pure-Python backend (default)")

    def compile(self, ruleset: Any, kinds: KindRegistry | None = None) -> Plan | ProjectPlan:
        compiled: Plan | ProjectPlan = _COMPILE[ruleset.record_kind](ruleset, kinds)
        return compiled

    def evaluate(self, plan: Plan | ProjectPlan, record: Submission | ProjectLibrary) -> list[Finding]:
        findings: list[Finding] = _EVALUATE[plan.ruleset.record_kind](plan, record)
        return findings


@hookimpl
def ecorules_register_engines(registry: Any) -> None:
    registry.add(PythonEngine())
