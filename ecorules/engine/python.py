"""The default backend: the compiled plan evaluated in plain Python.

It binds each record itself (a submission's keys resolved against the rule set's
items, a project table's columns against its fields) and runs the compiled rules.
"""

from __future__ import annotations

from typing import Any

from ecorules.engine.context import bind
from ecorules.engine.plan import Plan, compile_ruleset
from ecorules.engine.projects import ProjectPlan, compile_projects
from ecorules.engine.records import bind_library
from ecorules.hookspecs import hookimpl
from ecorules.kinds.base import KindRegistry
from ecorules.model.findings import Finding
from ecorules.model.projects import ProjectLibrary
from ecorules.model.submission import Submission
from ecorules.model.text import T


def _indicators(plan: Plan, submission: Submission) -> list[Finding]:
    context = bind(plan.ruleset, submission, plan.scale)
    return [rule.evaluate(context) for rule in plan.rules]


def _projects(plan: ProjectPlan, library: ProjectLibrary) -> list[Finding]:
    return plan.evaluate(bind_library(plan.ruleset, library))


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
