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

from typing import Any

from ecorules.record_kinds.base import RecordKind
from ecorules.record_kinds.indicators import IndicatorRecords
from ecorules.record_kinds.projects import ProjectRecords

RECORD_KINDS: dict[str, RecordKind] = {"indicators": IndicatorRecords(), "projects": ProjectRecords()}


def of(thing: Any) -> RecordKind:
    """The record kind of a submission, project table, rule set or rule."""
    return RECORD_KINDS[thing.record_kind]


__all__ = ["RECORD_KINDS", "RecordKind", "of"]
