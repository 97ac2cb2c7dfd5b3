"""Condition kinds: the threshold forms a rule's ``condition`` may use, one module each.

======================  ==============  =====================================================
kind                    record kinds    threshold form
======================  ==============  =====================================================
``compare``             both            ≥20, ≤25, 100, △EQI>-1
``status``              both            建立, 开展, 有效开展 … (a status word)
``target``              indicators      完成上级规定的考核任务 (the assigned target)
``trend``               indicators      持续改善, 保持稳定, 逐年下降 …
``goal``                indicators      a planned target due in a year (2025 年目标 72): progress
``manual``              indicators      decided by hand (the reason is given)
``all`` / ``any``       both            且 / 或
``tiered``              indicators      a threshold by district attribute (region, city size)
``present``             projects        the field is filled in
``number``              projects        the field is an amount, not words
``within_period``       projects        the years lie in the table's 规划年限
``date``                projects        a date compared with a date
``clauses``             indicators      面积不减少，性质不改变，功能不降低 (clauses, by year)
``period_target``       indicators      “十三五”下降16.5%, 比2015年 (a five-year target)
``each_year``           indicators      逐年下降 across the years given
======================  ==============  =====================================================

:mod:`ecorules.kinds.base` says what a kind provides. The built-in kinds register
through the ``ecorules_register_kinds`` hook like a plugin's; :func:`builtin_registry`
is the same set for code that runs without the plugin manager.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache

from ecorules.hookspecs import hookimpl
from ecorules.kinds.base import ConditionKind, KindRegistry

BUILTIN_KINDS = (
    "compare",
    "status",
    "target",
    "trend",
    "goal",
    "manual",
    "all",
    "any",
    "tiered",
    "present",
    "number",
    "within_period",
    "date",
    "clauses",
    "period_target",
    "each_year",
)


def builtin_kinds() -> list[ConditionKind]:
    return [_loader(name)() for name in BUILTIN_KINDS]


def _loader(name: str) -> Callable[[], ConditionKind]:
    def load() -> ConditionKind:
        kind: ConditionKind = importlib.import_module(f"ecorules.kinds.{name}").KIND
        return kind

    return load


def _register(registry: KindRegistry) -> None:
    """Each built-in kind by name: its module is imported when a rule set first uses it."""
    for name in BUILTIN_KINDS:
        registry.add_deferred(name, _loader(name))


@lru_cache(maxsize=1)
def builtin_registry() -> KindRegistry:
    """The built-in kinds alone (loading a rule set outside a run, in tests)."""
    registry = KindRegistry()
    registry.current_plugin = "ecorules.kinds"
    _register(registry)
    return registry


@hookimpl
def ecorules_register_kinds(registry: KindRegistry) -> None:
    _register(registry)


__all__ = ["BUILTIN_KINDS", "ConditionKind", "KindRegistry", "builtin_kinds", "builtin_registry"]
