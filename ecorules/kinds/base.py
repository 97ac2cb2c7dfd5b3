"""What a condition kind is: the one place a threshold form is defined.

A *condition kind* (``compare``, ``status``, ``target``, ``trend`` …) is one module
holding everything about one threshold form:

- ``model``: the pydantic model of its TOML table (``{kind = "compare", op = ">=", value = 20}``);
- ``reads``: the items (or project fields) it looks at, and ``children`` for compounds;
- ``check``: reference checks the schema cannot make (an unknown attribute …);
- ``compile`` (indicator rule sets) and ``evaluate_record`` (project rule sets): how it
  decides, with its reasons in both languages;
- ``describe``: how it reads in words (``rulesets show``, ``explain``);
- ``plan_example`` / ``apply_example``: how ``explain`` builds a passing and a failing
  example for it;
- ``template_needs``: what a fill-in template must ask for (a target column, earlier
  years, the words a drop-down offers);
- ``lint``: warnings for authors (a percentage compared with 120 …).

Kinds are registered through the ``ecorules_register_kinds`` hook, the built-in ones
like any plugin's, and the rule-set loader, the engine, ``explain``, ``template`` and
``lint-ruleset`` build their tables from the registry. A kind is data-driven: its model
is validated on load and its evaluation is code of the kind, never text of the rule set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, cast

from ecorules.model.condition import ConditionModel
from ecorules.model.text import T, Text
from ecorules.model.values import Value

if TYPE_CHECKING:
    from ecorules.model.numbers import Interval
    from ecorules.model.submission import Location, Observation

RecordKindName = Literal["indicators", "projects"]
RECORD_KIND_NAMES: tuple[RecordKindName, ...] = ("indicators", "projects")

OP_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
YES, NO = T("是", "yes"), T("否", "no")


# --- outcomes ---------------------------------------------------------------------------------


class State(Enum):
    """What a condition says about an indicator submission."""

    MET = "met"
    NOT_MET = "not_met"
    UNDECIDED = "undecided"  # the data cannot show either way: missing, a word, a bound
    NOT_ASSESSED = "not_assessed"  # 未考核: no target was assigned
    PROGRESS = "progress"  # a planned target not yet due and not yet reached

    # Every rule's state goes through a dict or a set: members are singletons, so hashing by
    # identity is as good as Enum's hash of the name, and is not Python code.
    __hash__ = object.__hash__


Reasons = list[Text] | Callable[[], list[Text]]
"""Reasons, or a function that words them: a report may never read the reasons of a
finding that passed, so a condition may leave the wording until they are read."""


class Outcome:
    """What a condition says (its state) and why (its reasons, worded when first read)."""

    __slots__ = ("given", "state")

    def __init__(self, state: State, reasons: Reasons | None = None):
        self.state = state
        # The reasons as given, worded or not: what a finding keeps to word later.
        self.given: Reasons = [] if reasons is None else reasons

    @property
    def reasons(self) -> list[Text]:
        reasons = self.given
        if callable(reasons):
            reasons = self.given = reasons()
        return reasons

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Outcome) and (self.state, self.reasons) == (other.state, other.reasons)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Outcome({self.state!r}, {self.reasons!r})"


@dataclass(slots=True)
class Datum:
    """The value of one item in one year, observed or derived, as conditions read it."""

    key: str
    year: int
    value: Value
    interval: Interval | None  # for numbers and bounds
    display: str
    location: Location | None
    observation: Observation | None = None  # the row it came from (for targets)
    derivation: Text | None = None  # how it was computed, when derived
    problem: Text | None = None  # why it cannot be used (e.g. wrong unit)

    @property
    def exact(self) -> Fraction | None:
        """The number, when it is usable and exactly known (not a bound, a word or a bad unit)."""
        return self.interval.exact_value if self.interval is not None and self.problem is None else None


class IndicatorFacts(Protocol):
    """What an indicator condition may ask of a bound submission (the engine's context)."""

    @property
    def year(self) -> int: ...

    @property
    def baseline_year(self) -> int | None: ...

    def datum(self, key: str, year: int) -> Datum | None: ...

    def attribute(self, name: str) -> str | None: ...

    def years(self) -> tuple[int, ...]:
        """Every year the submission gives a value for (any item), in order: where a trend
        without a declared baseline year looks for the earliest earlier value."""
        ...


Evaluator = Callable[[IndicatorFacts], Outcome]
CompileChild = Callable[[ConditionModel], Evaluator]


@dataclass(slots=True)
class Verdict:
    """What a condition says about one record of a project table."""

    status: Literal["met", "not_met", "missing"]
    reasons: list[Text]
    field: str | None = None  # the field that decided it: where the finding points


class FieldReading(Protocol):
    """One field of one record, as record conditions read it."""

    @property
    def text(self) -> str: ...

    @property
    def empty(self) -> bool: ...

    def number(self) -> Any: ...  # Decimal | None

    def years(self) -> tuple[int, int] | None: ...

    def date(self) -> Any: ...  # datetime.date | None


class RecordFacts(Protocol):
    """What a record condition may ask: the record's fields and the table's own data."""

    def field(self, key: str) -> FieldReading | None: ...

    def field_label(self, key: str) -> Text: ...

    @property
    def period(self) -> tuple[int, int] | None: ...

    @property
    def period_problem(self) -> Text | None: ...


EvaluateChild = Callable[[ConditionModel, RecordFacts], Verdict]


@dataclass(slots=True)
class TemplateNeeds:
    """What a fill-in template must ask for, for one condition."""

    target: bool = False  # a target column (完成上级规定的考核任务)
    earlier_years: bool = False  # columns for the years a trend compares with
    words: list[str] = field(default_factory=list)  # what the value's drop-down offers


class Names(Protocol):
    """The name and unit of what a condition reads (``of``, else the rule's own item)."""

    def __call__(self, key: str | None) -> tuple[Text, str]: ...


# --- the kind ----------------------------------------------------------------------------------


class ConditionKind:
    """A threshold form. Subclass it, set ``name``, ``model``, ``record_kinds`` and
    ``description``, and implement the parts for the record kinds it serves:
    ``compile`` for ``"indicators"``, ``evaluate_record`` for ``"projects"``; ``describe``,
    ``template_needs`` and the example builders for every kind (the defaults say "none")."""

    name: ClassVar[str]
    model: ClassVar[type[ConditionModel]]
    record_kinds: ClassVar[frozenset[RecordKindName]]
    description: ClassVar[Text]
    # The condition as an author writes it in TOML (docs, ``explain``, the kind's own tests).
    example: ClassVar[str]
    # The project field type this kind reads (a number field for compare …); None: any.
    field_type: ClassVar[str | None] = None
    # ``explain`` sets plain values first and conditions relative to them (targets,
    # trends) after.
    relative: ClassVar[bool] = False
    # Whether a value cell saying 未考核 (no target assigned) is an answer this kind
    # understands (targets) rather than missing data.
    accepts_not_assessed: ClassVar[bool] = False

    # --- structure ---
    def children(self, cond: Any) -> list[tuple[str, ConditionModel]]:
        """Sub-conditions, each with its key path below this one (``conditions[0]``)."""
        return []

    def reads(self, cond: Any) -> str | None:
        """The item (or field) this condition reads; None: the rule's own item."""
        return getattr(cond, "of", None)

    def scale(self, cond: Any) -> float | None:
        """The size of the number this condition compares its value with, if any: a share
        compared with 50 % or more that arrives as 0.879 was typed as a fraction."""
        return None

    def check(self, cond: Any, context: CheckContext) -> list[tuple[str, Text]]:
        """Reference problems the schema cannot see, as (key path below this one, why, in both
        languages); the loader adds the file, the full key path, the rule ID and the line."""
        return []

    # --- evaluation ---
    def compile(self, cond: Any, rule: Any, ruleset: Any, compile_child: CompileChild) -> Evaluator:
        """An evaluator for an indicator rule (called once per rule set)."""
        raise NotImplementedError(f"condition kind {self.name!r} does not apply to indicator rule sets")

    def evaluate_record(self, cond: Any, record: RecordFacts, evaluate_child: EvaluateChild) -> Verdict:
        """The verdict on one record of a project table."""
        raise NotImplementedError(f"condition kind {self.name!r} does not apply to project rule sets")

    # --- words ---
    def describe(self, cond: Any, names: Names, describe_child: DescribeChild) -> Text:
        """The condition in words: '建筑面积 ≥ 50000 m²', '项目来源为「新增」': how ``explain`` and
        ``rulesets show`` say what a project rule checks. ``names`` gives the name and unit of
        what it reads; ``describe_child`` words a sub-condition (and says whether it is a
        compound, to be bracketed). Indicator rules show the regulation's own wording
        (``threshold``) instead; their kinds describe themselves for reports that want it."""
        return self.description

    # --- explain examples ---
    def plan_example(self, cond: Any, want: bool, out: list[tuple[Any, bool]], plan_child: PlanChild) -> bool:
        """Flatten into leaf intents for an example that passes (``want``) or fails; False when
        no example can be built. A leaf appends itself."""
        out.append((cond, want))
        return True

    def apply_example(self, cond: Any, want: bool, builder: ExampleBuilder) -> None:
        """Set the values that make this leaf hold (or fail) in the builder's scenario."""

    def no_example(self, cond: Any) -> Text | None:
        """Why ``explain`` shows no example when ``plan_example`` declines (None: it could not be built)."""
        return None

    # --- template and lint ---
    def template_needs(self, cond: Any) -> TemplateNeeds:
        return TemplateNeeds()

    def lint(self, cond: Any, unit: str) -> list[Text]:
        """Warnings for authors about a valid condition, in both languages; ``unit`` is the unit
        of what it reads."""
        return []

    def __repr__(self) -> str:
        return f"<condition kind {self.name}>"


DescribeChild = Callable[[ConditionModel], tuple[Text, bool]]
PlanChild = Callable[[ConditionModel, bool, list[tuple[Any, bool]]], bool]


class ExampleBuilder(Protocol):
    """What ``explain`` hands a kind to set example values (see :mod:`ecorules.commands.explain`)."""

    year: int

    def item_of(self, cond: Any) -> str: ...

    def step(self, item: str) -> Any: ...  # Decimal: the smallest meaningful change

    def current(self, item: str) -> Any: ...  # Decimal: the value set (or a default)

    def set_value(self, item: str, value: Any, year: int | None = None) -> None: ...

    def set_text(self, item: str, text: str) -> None: ...

    def set_target(self, item: str, value: Any) -> None: ...

    def set_attribute(self, name: str, value: str) -> None: ...

    def use_baseline_year(self) -> int: ...


@dataclass(slots=True)
class CheckContext:
    """What ``check`` may consult: the rule set being loaded and where the condition is."""

    ruleset: Any
    rule_id: str
    record_kind: RecordKindName


def missing_parts(kind: ConditionKind) -> list[str]:
    """The parts a kind must implement for the record kinds it serves and does not."""

    def overridden(method: str) -> bool:
        return getattr(type(kind), method, None) is not getattr(ConditionKind, method)

    missing = []
    if "indicators" in kind.record_kinds and not overridden("compile"):
        missing.append("compile (it serves indicator rule sets)")
    if "projects" in kind.record_kinds and not overridden("evaluate_record"):
        missing.append("evaluate_record (it serves project rule sets)")
    if not isinstance(getattr(kind, "description", None), Text):
        missing.append("description (a bilingual Text)")
    return missing


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Deferred:
    """A kind registered by name: how to load it."""

    load: Callable[[], ConditionKind]


def _check_kind(name: str, kind: ConditionKind, plugin: str) -> None:
    """A kind must have a model, name the record kinds it serves and implement what they need."""
    model = getattr(kind, "model", None)
    if not (isinstance(model, type) and issubclass(model, ConditionModel)):
        raise ValueError(f"condition kind {name!r} ({plugin}) has no model (a ConditionModel)")
    if not set(getattr(kind, "record_kinds", ())) <= set(RECORD_KIND_NAMES) or not kind.record_kinds:
        raise ValueError(f"condition kind {name!r}: record_kinds must name 'indicators' and/or 'projects'")
    missing = missing_parts(kind)
    if missing:
        raise ValueError(f"condition kind {name!r} ({plugin}) does not implement {', '.join(missing)}")


class KindRegistry:
    """The condition kinds known to this run, by ``kind`` value. Handed to the
    ``ecorules_register_kinds`` hook; the loader validates rule sets against it.

    A kind may be registered by name with a function that loads it (:meth:`add_deferred`,
    how the built-in kinds are registered): its module is imported, and the kind checked,
    when a rule set first uses it or when every kind is listed."""

    def __init__(self) -> None:
        # In registration order; a deferred kind holds its loader until it is first used.
        self._kinds: dict[str, ConditionKind | _Deferred] = {}
        self._sources: dict[str, str] = {}
        self.current_plugin = "?"  # set by the plugin manager while a plugin's hook runs

    def add(self, kind: ConditionKind) -> None:
        name = getattr(kind, "name", None)
        if not isinstance(name, str) or not name:
            raise ValueError(f"condition kind registered by {self.current_plugin} has no name")
        self._not_yet(name)
        _check_kind(name, kind, self.current_plugin)
        self._kinds[name] = kind
        self._sources[name] = self.current_plugin

    def add_deferred(self, name: str, load: Callable[[], ConditionKind]) -> None:
        """The kind ``name``, loaded by ``load()`` (and then checked as :meth:`add` checks a
        kind) when first used."""
        self._not_yet(name)
        self._kinds[name] = _Deferred(load)
        self._sources[name] = self.current_plugin

    def _not_yet(self, name: str) -> None:
        if name in self._kinds:
            raise ValueError(
                f"condition kind {name!r} is registered twice: by {self._sources[name]} and by {self.current_plugin}"
            )

    def _resolved(self, name: str) -> ConditionKind | None:
        kind = self._kinds.get(name)
        if not isinstance(kind, _Deferred):
            return kind
        loaded = kind.load()
        if getattr(loaded, "name", None) != name:
            raise ValueError(f"condition kind {name!r} ({self._sources[name]}) loads a kind named {loaded.name!r}")
        _check_kind(name, loaded, self._sources[name])
        self._kinds[name] = loaded
        return loaded

    def get(self, name: str) -> ConditionKind | None:
        return self._resolved(name)

    def of(self, cond: ConditionModel) -> ConditionKind:
        """The kind of a validated condition."""
        kind = self._resolved(cond.kind)
        if kind is None:
            raise KeyError(cond.kind)
        return kind

    def names(self, record_kind: RecordKindName | None = None) -> list[str]:
        if record_kind is None:
            return list(self._kinds)
        return [k.name for k in self if record_kind in k.record_kinds]

    def source(self, name: str) -> str:
        return self._sources[name]

    def __iter__(self) -> Iterator[ConditionKind]:
        return iter([cast(ConditionKind, self._resolved(name)) for name in list(self._kinds)])

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def walk(self, cond: ConditionModel, path: str = "") -> Iterator[tuple[str, ConditionModel]]:
        """Every condition in a tree, with its key path, parents first."""
        yield path, cond
        for sub_path, sub in self.of(cond).children(cond):
            yield from self.walk(sub, f"{path}.{sub_path}" if path else sub_path)
