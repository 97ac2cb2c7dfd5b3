"""The default backend: the compiled plan evaluated in plain Python."""

from __future__ import annotations

from ecorules.engine.context import Context
from ecorules.engine.plan import Plan, compile_ruleset
from ecorules.engine.projects import ProjectPlan, compile_projects
from ecorules.engine.records import BoundLibrary
from ecorules.findings import Finding
from ecorules.kinds.base import KindRegistry
from ecorules.plugins import hookimpl
from ecorules.project_ruleset import ProjectRuleset
from ecorules.ruleset import Ruleset
from ecorules.text import T


class PythonEngine:
    name = "python"
    description = T("纯 Python 后端（默认）", "pure-Python backend (default)")

    def compile(self, ruleset: Ruleset | ProjectRuleset, kinds: KindRegistry | None = None) -> Plan | ProjectPlan:
        if isinstance(ruleset, ProjectRuleset):
            return compile_projects(ruleset, kinds)
        return compile_ruleset(ruleset, kinds)

    def evaluate(self, plan: Plan | ProjectPlan, context: Context | BoundLibrary) -> list[Finding]:
        if isinstance(plan, ProjectPlan):
            return plan.evaluate(context)  # type: ignore[arg-type]
        return [rule.evaluate(context) for rule in plan.rules]


@hookimpl
def ecorules_register_engines(registry) -> None:
    registry.add(PythonEngine())
