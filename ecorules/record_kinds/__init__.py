"""Record kinds: what a rule set checks — a district's indicator submission, or a table of
project records — behind one interface.

Everything that differs between the two goes through :class:`RecordKind`: choosing the
rule set for a record, summarising the findings into a result, describing a rule set
(``rulesets show``) and a rule (``explain``), the authoring warnings of ``lint-ruleset``.
Binding and evaluating are the engine's (:mod:`ecorules.engine`). Each model says which
kind it is (``Ruleset.record_kind``, ``Submission.record_kind`` …) and :func:`of` finds
the implementation, so no caller tells the two apart with ``isinstance``.
"""

from __future__ import annotations

import importlib
from typing import Any

from ecorules.record_kinds.base import RecordKind

# Each kind's module is imported when a record or rule set of that kind first comes along: a
# check of indicator submissions never imports the project engine.
_MODULES = {"indicators": "ecorules.record_kinds.indicators", "projects": "ecorules.record_kinds.projects"}
_CLASSES = {"indicators": "IndicatorRecords", "projects": "ProjectRecords"}
_LOADED: dict[str, RecordKind] = {}


def of(thing: Any) -> RecordKind:
    """The record kind of a submission, project table, rule set or rule."""
    name = thing.record_kind
    kind = _LOADED.get(name)
    if kind is None:
        kind = _LOADED[name] = getattr(importlib.import_module(_MODULES[name]), _CLASSES[name])()
    return kind


__all__ = ["RecordKind", "of"]
