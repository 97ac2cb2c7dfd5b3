r"""The public API: everything a plugin package or a program using ecorules imports.

Import from here, never from the modules behind it: their layout may change between
releases, this module's names do not (within a major version)::

    from ecorules.api import ConditionKind, ConditionModel, Outcome, State, T, hookimpl

What is here, by use:

- **plugins**: :data:`hookimpl` and the registries the hooks receive; the protocols an
  adapter, reporter or engine implements (:class:`Adapter`, :class:`Reporter`,
  :class:`Engine`) and their options (:class:`ReadOptions`, :class:`ReportOptions`);
- **condition kinds**: :class:`ConditionKind` (subclass it), :class:`ConditionModel` (its
  model's base), what evaluation returns (:class:`Outcome`, :class:`State`,
  :class:`Verdict`) and reads (:class:`IndicatorFacts`, :class:`Datum`,
  :class:`RecordFacts`), :class:`TemplateNeeds`, :class:`ExampleBuilder`, the callables
  a kind is handed (:data:`CompileChild`, :data:`EvaluateChild`, :data:`DescribeChild`,
  :data:`PlanChild`, :class:`Names`), the helpers the built-in kinds share
  (:func:`item_of`, :func:`unusable`, :func:`precise`, :func:`with_unit`), the rule-set
  models a kind reads (:class:`Ruleset`, :class:`Rule`, :class:`Item`,
  :class:`ProjectRuleset`, :class:`ProjectRule`) and the exact number helpers
  (:class:`Interval`, :func:`to_fraction`, :func:`fmt`);
- **input formats**: the records an adapter returns (:class:`Submission`,
  :class:`Observation`, :class:`District`, :class:`Location`, :class:`ProjectLibrary`),
  :func:`parse_value`, and :class:`Sheet` with :func:`read_tables` for table-like formats;
- **reports**: :class:`CheckResult`, :class:`Finding`, :class:`Status` and the rest of the
  result model;
- **programs**: :func:`run_check` with :class:`CheckOptions`;
- **errors**: :class:`InputError` (bad input, exit 2), :class:`RulesetError`,
  :class:`UsageError`, all :class:`EcorulesError`; each carries its :class:`Problem` list
  (a stable code, where, and the message; the codes are in docs/problems.md);
- **text**: :class:`Text` and :func:`T` (everything a user reads, in Chinese and English).
"""

from __future__ import annotations

from ecorules import __version__
from ecorules.adapters.tables import Sheet, read_tables
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import Adapter, Engine, ReadOptions, Reporter, ReportOptions
from ecorules.kinds.base import (
    OP_SIGN,
    CheckContext,
    CompileChild,
    ConditionKind,
    Datum,
    DescribeChild,
    EvaluateChild,
    Evaluator,
    ExampleBuilder,
    IndicatorFacts,
    KindRegistry,
    Names,
    Outcome,
    PlanChild,
    RecordFacts,
    State,
    TemplateNeeds,
    Verdict,
)
from ecorules.kinds.helpers import item_of, precise, unusable, with_unit
from ecorules.model.condition import ConditionModel
from ecorules.model.errors import EcorulesError, InputError, RulesetError, UsageError
from ecorules.model.findings import (
    CheckResult,
    Citation,
    Finding,
    IndicatorRef,
    IndicatorResult,
    PreparedResult,
    ProjectTotals,
    RulesetRef,
    Status,
    Summary,
    Suppression,
    unprepared,
)
from ecorules.model.numbers import Interval, fmt, to_fraction
from ecorules.model.problems import Problem
from ecorules.model.project_ruleset import ProjectRule, ProjectRuleset
from ecorules.model.projects import ProjectLibrary
from ecorules.model.ruleset import Item, Rule, Ruleset
from ecorules.model.submission import District, Location, Observation, Submission
from ecorules.model.text import Lang, T, Text
from ecorules.model.values import Value, ValueKind, parse_value
from ecorules.pipeline import CheckOptions, CheckRun, run_check
from ecorules.registry import AdapterRegistry, EngineRegistry, ReporterRegistry, RulesetRegistry

__all__ = [
    "OP_SIGN",
    "Adapter",
    "AdapterRegistry",
    "CheckContext",
    "CheckOptions",
    "CheckResult",
    "CheckRun",
    "Citation",
    "CompileChild",
    "ConditionKind",
    "ConditionModel",
    "Datum",
    "DescribeChild",
    "District",
    "EcorulesError",
    "Engine",
    "EngineRegistry",
    "EvaluateChild",
    "Evaluator",
    "ExampleBuilder",
    "Finding",
    "IndicatorFacts",
    "IndicatorRef",
    "IndicatorResult",
    "InputError",
    "Interval",
    "Item",
    "KindRegistry",
    "Lang",
    "Location",
    "Names",
    "Observation",
    "Outcome",
    "PlanChild",
    "PreparedResult",
    "Problem",
    "ProjectLibrary",
    "ProjectRule",
    "ProjectRuleset",
    "ProjectTotals",
    "ReadOptions",
    "RecordFacts",
    "ReportOptions",
    "Reporter",
    "ReporterRegistry",
    "Rule",
    "Ruleset",
    "RulesetError",
    "RulesetRef",
    "RulesetRegistry",
    "Sheet",
    "State",
    "Status",
    "Submission",
    "Summary",
    "Suppression",
    "T",
    "TemplateNeeds",
    "Text",
    "UsageError",
    "Value",
    "ValueKind",
    "Verdict",
    "__version__",
    "fmt",
    "hookimpl",
    "item_of",
    "parse_value",
    "precise",
    "read_tables",
    "run_check",
    "to_fraction",
    "unprepared",
    "unusable",
    "with_unit",
]
