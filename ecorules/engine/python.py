"""The default backend: the compiled plan evaluated in plain Python."""

from __future__ import annotations

from ecorules.engine.context import Context
from ecorules.engine.plan import Plan, compile_ruleset
from ecorules.findings import Finding
from ecorules.plugins import hookimpl
from ecorules.ruleset import Ruleset
from ecorules.text import T


class PythonEngine:
    name = "python"
    description = T("纯 Python 后端（默认）", "pure-Python backend (default)")

    def compile(self, ruleset: Ruleset) -> Plan:
        return compile_ruleset(ruleset)

    def evaluate(self, plan: Plan, context: Context) -> list[Finding]:
        return [rule.evaluate(context) for rule in plan.rules]


@hookimpl
def ecorules_register_engines(registry) -> None:
    registry.add(PythonEngine())
