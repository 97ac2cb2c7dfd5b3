"""The optional ``durable`` backend: durable-rules (a Rete engine) decides the verdicts.

``pip install ecorules[durable]`` (durable-rules 2.0.28: Python ≤ 3.12 and a C compiler),
then ``ecorules check --engine durable``. It gives the same findings as the default
``python`` engine (``tests/test_durable.py`` compares every example and generated
submissions); the default engine is faster, so this backend is for those who want the
verdicts drawn by a rule engine.

What Python does, and what the Rete network does
------------------------------------------------
Python binds the submission (:func:`ecorules.engine.context.bind`): keys, units, derived
values (good-air ratio, △EQI, shares), and decides the statuses that come before any
condition (missing data, 不涉及, 未考核; :mod:`ecorules.engine.plan`). For each condition
that reaches a comparison it computes the numbers to compare and posts them as facts, and
the network tests them against thresholds compiled into its rules:

==============  ==============================================  ===============================
kind            posted (computed in Python)                     tested by the Rete network
==============  ==============================================  ===============================
``compare``     the value as an interval: ``lo``, ``hi`` and    met / not met against the
                whether each end is closed (``≥25`` has no      threshold; neither rule firing
                ``hi``)                                         is "only a bound is known"
``status``      the folded word (``normalize_word``)            met: equals an accepted word;
                                                                not met: equals none of them
``target``      the value's interval and the required value     met / not met: the value
                ``q`` (the submitted target, pro rata where     against ``q``, a comparison of
                the rule says so)                               two fields of one fact
``trend``       the current value and each year-on-year step    the best level (``best``); each
                of the series, in the better direction          step against the tolerance
==============  ==============================================  ===============================

A verdict is the rule that fired; the wording of the finding (the same sentences as the
kinds' own) is built from it in Python. A trend holds when every step passed: durable-rules
has no aggregation, so the steps are counted here. Compounds (``all``, ``any``, ``tiered``)
combine their parts' outcomes with the kinds' own code, and the tier is chosen by the
district's attribute, as in the default engine.

Decided in Python instead (the compiled evaluator of the default engine, per rule or per
value): ``manual`` rules and condition kinds added by plugins; every value that is not
compared with a number (missing, a word where a number is wanted, a target stated as
未考核 …); a trend without a number for every year it compares, or without a usable
baseline year (judged from the cell's wording, 持续提高 …, or undecided); a threshold durable-rules cannot be given (its ``repr`` has an
exponent); and a value whose double equals the threshold's double while the exact numbers
differ (closer than about 1e-16 relative), because the network compares doubles where the
default engine compares fractions. Project tables (record kind ``projects``) are handed to
the default engine whole: their conditions read text fields and dates record by record,
and a Rete network adds nothing there.

durable-rules 2.0.28, and what this module does about it
---------------------------------------------------------
- ``durable.engine.Host`` is used directly (``durable.lang`` is one global host), with its
  dispatch and timer threads not started: evaluation is synchronous, and those threads
  never stop and could run this module's actions on another thread.
- Every fact must match some rule or the whole batch is refused: each network has a
  catch-all rule whose second pattern waits for a fact never posted, so it holds every
  fact without ever running an action.
- Patterns are always an explicit ``$and``; ``$or`` and ``$not`` are never used (a rule
  per branch instead); facts carry ``r`` (which test) and ``n`` (which step), never ``id``.
  A fact satisfies one verdict rule at most (past about 64, ``set_rulesets`` fails with
  error 303).
- Numbers are posted as numbers, never strings, serialised here: ``json.dumps`` writes
  ``1e-05`` and ``1e+16``, which the C parser refuses or crashes on, so they are written
  out in full. Fractions become doubles (see above); nothing is NaN.
- One session (``sid``) per submission, deleted in ``finally``; an action's exception
  ends in ``state["exception"]``, which is checked. Its deprecation warning on Python 3.12
  (``datetime.utcfromtimestamp``, in every action) is silenced while facts are asserted.
- A network holds at most 200 rules: more than about 510 rules testing one field hangs
  ``assert_facts``, so a large rule set is split into several networks.
- The C code holds the GIL: evaluations are serialised by a lock; use processes for
  parallel runs.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

from ecorules.engine.context import Context, bind
from ecorules.engine.plan import CompiledRule, Plan, compile_condition, compile_ruleset
from ecorules.engine.python import PythonEngine
from ecorules.hookspecs import hookimpl
from ecorules.kinds.base import OP_SIGN, Datum, Evaluator, IndicatorFacts, KindRegistry, Outcome, State
from ecorules.kinds.compare import Compare, CompareKind, compared
from ecorules.kinds.helpers import item_of
from ecorules.kinds.status import Status, StatusKind, near_miss, near_miss_outcome
from ecorules.kinds.target import Target, TargetKind, required_by, target_outcome
from ecorules.kinds.trend import _WANTED as TREND_WANTED  # the trend kind's own wording
from ecorules.kinds.trend import Trend, TrendKind
from ecorules.model.condition import ConditionModel
from ecorules.model.errors import UsageError
from ecorules.model.findings import Finding
from ecorules.model.numbers import fmt, to_fraction
from ecorules.model.ruleset import Rule, Ruleset
from ecorules.model.submission import Submission
from ecorules.model.text import T
from ecorules.model.values import ValueKind, normalize_word

try:  # optional: durable-rules 2.0.28 builds on Python <= 3.12 only, and needs a C compiler
    import durable_rules_engine
    from durable.engine import Host

    IMPORT_ERROR: Exception | None = None
except Exception as exc:  # not installed, or its C extension does not load (Python 3.13)
    IMPORT_ERROR = exc

# More than about 510 rules testing one field make assert_facts hang (every rule here tests
# ``r``); a network is kept well below that.
RULES_PER_NETWORK = 200


def available() -> bool:
    return IMPORT_ERROR is None


def _python() -> tuple[int, ...]:
    return tuple(sys.version_info[:2])


def unavailable_error() -> UsageError:
    """What ``--engine durable`` says when durable-rules cannot be used."""
    if isinstance(IMPORT_ERROR, ModuleNotFoundError):
        zh_why, en_why = "未安装 durable-rules", "durable-rules is not installed"
    else:
        zh_why = f"无法导入 durable-rules（{IMPORT_ERROR}）"
        en_why = f"durable-rules cannot be imported ({IMPORT_ERROR})"
    if _python() >= (3, 13):
        version = "{}.{}".format(*_python())
        zh_why += f"；durable-rules 2.0.28 不支持当前的 Python {version}"
        en_why += f"; durable-rules 2.0.28 does not work on this Python, {version}"
    return UsageError(
        T(
            f"引擎「durable」不可用：{zh_why}。安装方法：pip install 'ecorules[durable]'"
            "（需要 Python 3.12 或更早版本，以及 C 编译器，用于编译 durable-rules 2.0.28）；"
            "或使用默认引擎（--engine python），两者结果相同",
            f"the 'durable' engine is not available: {en_why}. Install it with "
            "pip install 'ecorules[durable]' (needs Python 3.12 or earlier and a C compiler, to build "
            "durable-rules 2.0.28), or use the default engine (--engine python), which gives the same findings",
        ),
        code="usage.engine-unavailable",
    )


# --- facts and numbers -----------------------------------------------------------------------------


def _double(x: Fraction) -> float | None:
    """The double posted for an exact number, None when it has none (too large)."""
    try:
        value = float(x)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def _number_text(value: float) -> str:
    """A double as durable-rules' parser reads it: never in exponent form (1e-05 is refused)."""
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def _threshold(x: Fraction) -> float | None:
    """A threshold for a rule definition (which durable-rules serialises with ``json.dumps``),
    None when that would be written in exponent form."""
    value = _double(x)
    if value is None or "e" in repr(value):
        return None
    return value + 0.0  # no -0.0


def _close(x: Fraction, t: Fraction) -> bool:
    """Different numbers with the same double: a comparison of doubles could be wrong."""
    return x != t and _double(x) == _double(t)


@dataclass(slots=True)
class Fact:
    test: int  # ``r``: which leaf test it is for
    step: int  # ``n``: the step of a trend (0 otherwise)
    fields: dict[str, float | int | str]

    def json(self, sid: str) -> str:
        parts = [f'"sid":{json.dumps(sid)}', f'"r":{self.test}', f'"n":{self.step}']
        for name, value in self.fields.items():
            if isinstance(value, str):
                text = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, float):
                text = _number_text(value)
            else:
                text = str(value)
            parts.append(f'"{name}":{text}')
        return "{" + ",".join(parts) + "}"


def _interval_fields(d: Datum, against: Fraction) -> dict[str, float | int | str] | None:
    """The value's interval as fact fields, None when it cannot be compared as doubles with ``against``."""
    iv = d.interval
    assert iv is not None
    fields: dict[str, float | int | str] = {"lc": int(iv.lo_closed), "hc": int(iv.hi_closed)}
    for name, end in (("lo", iv.lo), ("hi", iv.hi)):
        if end is None:
            continue
        value = _double(end)
        if value is None or _close(end, against):
            return None
        fields[name] = value
    return fields


# A pattern is a list of tests on one fact, joined with an explicit $and.
Pattern = list[dict[str, Any]]


def _test(test: int, *conditions: dict[str, Any]) -> Pattern:
    return [{"r": test}, *conditions]


def _is(name: str, value: Any) -> dict[str, Any]:
    return {name: value}


def _op(op: str, name: str, value: Any) -> dict[str, Any]:
    return {op: {name: value}}


def _field(name: str) -> dict[str, str]:
    """A reference to another field of the same fact."""
    return {"$m": name}


# --- leaves: the conditions the network decides ------------------------------------------------------


class Leaf:
    """One condition decided by the network. ``prepare`` computes what is compared and returns
    a tuple whose last item is the facts to post (None: this value is decided in Python);
    ``word`` turns the rules that fired into the kind's outcome, in the kind's words."""

    tests: tuple[int, ...]  # the ``r`` of its facts (a trend has two: its best level and its steps)

    def __init__(self, python: Evaluator, tests: Iterator[int], cond: Any, rule: Rule, rs: Ruleset):
        self.python = python  # the default engine's evaluator of this condition

    def rules(self) -> list[tuple[Pattern, str]]:
        raise NotImplementedError

    def prepare(self, ctx: IndicatorFacts) -> Any:
        raise NotImplementedError

    def word(self, prepared: Any, fired: Callable[[int, int], str | None]) -> Outcome:
        raise NotImplementedError

    def __call__(self, ctx: IndicatorFacts) -> Outcome:
        if isinstance(ctx, Session):
            return ctx.leaf(self)
        return self.python(ctx)


# The comparisons of an interval [lo, hi] (each end closed or open; a missing end is unbounded)
# with a threshold: the rules that mean "met" and those that mean "not met", as Interval.satisfies.
def _interval_rules(test: int, op: str, t: Any) -> list[tuple[Pattern, str]]:
    closed_at = {"lo": ("lc", 0), "hi": ("hc", 0)}

    def open_end(end: str) -> Pattern:
        flag, value = closed_at[end]
        return _test(test, _is(end, t), _is(flag, value))

    if op == ">=":
        return [
            (_test(test, _op("$gte", "lo", t)), "met"),
            (_test(test, _op("$lt", "hi", t)), "not_met"),
            (open_end("hi"), "not_met"),
        ]
    if op == ">":
        return [
            (_test(test, _op("$gt", "lo", t)), "met"),
            (open_end("lo"), "met"),
            (_test(test, _op("$lte", "hi", t)), "not_met"),
        ]
    if op == "<=":
        return [
            (_test(test, _op("$lte", "hi", t)), "met"),
            (_test(test, _op("$gt", "lo", t)), "not_met"),
            (open_end("lo"), "not_met"),
        ]
    if op == "<":
        return [
            (_test(test, _op("$lt", "hi", t)), "met"),
            (open_end("hi"), "met"),
            (_test(test, _op("$gte", "lo", t)), "not_met"),
        ]
    if op == "==":
        return [
            (_test(test, _is("lo", t), _is("hi", t)), "met"),
            (_test(test, _op("$gt", "lo", t)), "not_met"),
            (open_end("lo"), "not_met"),
            (_test(test, _op("$lt", "hi", t)), "not_met"),
            (open_end("hi"), "not_met"),
        ]
    raise AssertionError(f"unknown operator {op!r}")  # pragma: no cover


def _verdict(label: str | None) -> bool | None:
    return None if label is None else label == "met"


class CompareLeaf(Leaf):
    """``compare`` (≥20, ≤25, 100, △EQI > −1)."""

    def __init__(self, python: Evaluator, tests: Iterator[int], cond: Compare, rule: Rule, rs: Ruleset):
        super().__init__(python, tests, cond, rule, rs)
        self.tests = (next(tests),)
        self.key = item_of(cond, rule)
        self.op = cond.op
        self.threshold = to_fraction(cond.value)
        self.unit = rs.items[self.key].unit
        self.sign = OP_SIGN[cond.op]
        self.shown = fmt(self.threshold)

    def rules(self) -> list[tuple[Pattern, str]]:
        return _interval_rules(self.tests[0], self.op, _threshold(self.threshold))

    def prepare(self, ctx: IndicatorFacts) -> Any:
        d = ctx.datum(self.key, ctx.year)
        if d is None or d.problem is not None or d.interval is None:
            return None  # missing, unusable or not a number: said in Python
        fields = _interval_fields(d, self.threshold)
        return None if fields is None else (d, [Fact(self.tests[0], 0, fields)])

    def word(self, prepared: Any, fired: Callable[[int, int], str | None]) -> Outcome:
        d, _ = prepared
        return compared(d, _verdict(fired(self.tests[0], 0)), self.threshold, self.sign, self.unit, self.shown)


class StatusLeaf(Leaf):
    """``status`` (建立, 开展, 有效开展 …): the folded word equals an accepted one, or none."""

    def __init__(self, python: Evaluator, tests: Iterator[int], cond: Status, rule: Rule, rs: Ruleset):
        super().__init__(python, tests, cond, rule, rs)
        self.tests = (next(tests),)
        self.key = item_of(cond, rule)
        self.accepted = sorted({normalize_word(w) for w in cond.accept})
        self.wording = "、".join(cond.accept)

    def rules(self) -> list[tuple[Pattern, str]]:
        test = self.tests[0]
        met = [(_test(test, _is("w", word)), "met") for word in self.accepted]
        return [*met, (_test(test, *(_op("$neq", "w", word) for word in self.accepted)), "not_met")]

    def prepare(self, ctx: IndicatorFacts) -> Any:
        d = ctx.datum(self.key, ctx.year)
        if d is None or d.problem is not None or d.value.kind is not ValueKind.word:
            return None
        return d, [Fact(self.tests[0], 0, {"w": normalize_word(d.value.word or "")})]

    def word(self, prepared: Any, fired: Callable[[int, int], str | None]) -> Outcome:
        d, _ = prepared
        verdict = _verdict(fired(self.tests[0], 0))
        if verdict is None:
            raise DurableFailure(f"no status rule fired for {d.display!r}")
        if verdict:
            return Outcome(State.MET, [T(f"「{d.display}」符合要求", f"'{d.display}' is as required")])
        meant = near_miss(d.value.word or "", self.accepted)
        if meant is not None:  # as the default engine: a typo is missing data, not a verdict
            return near_miss_outcome(d.display, meant, self.wording)
        return Outcome(
            State.NOT_MET,
            [
                T(
                    f"「{d.display}」不符合要求（{self.wording}）",
                    f"'{d.display}' is not what is required ({self.wording})",
                )
            ],
        )


class TargetLeaf(Leaf):
    """``target`` (完成上级规定的考核任务): the value against the required value ``q`` of the same fact."""

    def __init__(self, python: Evaluator, tests: Iterator[int], cond: Target, rule: Rule, rs: Ruleset):
        super().__init__(python, tests, cond, rule, rs)
        self.tests = (next(tests),)
        self.key = item_of(cond, rule)
        self.unit = rs.items[self.key].unit
        self.op = ">=" if cond.better == "higher" else "<="
        self.pro_rata = cond.interim == "pro_rata"
        self.covers = cond.covers

    def rules(self) -> list[tuple[Pattern, str]]:
        return _interval_rules(self.tests[0], self.op, _field("q"))

    def prepare(self, ctx: IndicatorFacts) -> Any:
        d = ctx.datum(self.key, ctx.year)
        if d is None or d.problem is not None:
            return None
        obs = d.observation
        target = obs.target if obs else None
        if (
            target is None
            or target.kind is not ValueKind.number
            or target.number is None
            or target.says_not_assessed
            or d.value.kind is ValueKind.not_assessed
            or d.interval is None
        ):
            return None  # no target, none assigned, not a number …: said in Python
        period = obs.target_period if obs else None
        required, reasons = required_by(to_fraction(target.number), period, ctx.year, self.pro_rata, self.covers)
        q = _double(required)
        fields = _interval_fields(d, required)
        if q is None or fields is None:
            return None
        fields["q"] = q
        return d, required, reasons, [Fact(self.tests[0], 0, fields)]

    def word(self, prepared: Any, fired: Callable[[int, int], str | None]) -> Outcome:
        d, required, reasons, _ = prepared
        return target_outcome(d, _verdict(fired(self.tests[0], 0)), required, self.op, self.unit, reasons)


class TrendLeaf(Leaf):
    """``trend``: the best level, then each year-on-year step of the series against the tolerance."""

    def __init__(self, python: Evaluator, tests: Iterator[int], cond: Trend, rule: Rule, rs: Ruleset):
        super().__init__(python, tests, cond, rule, rs)
        self.tests = (next(tests), next(tests))  # the best level, the steps
        self.key = item_of(cond, rule)
        self.cond = cond
        self.sign = 1 if cond.better == "higher" else -1
        self.tolerance = to_fraction(cond.tolerance or 0)
        self.best = to_fraction(cond.best) if cond.best is not None else None
        self.stable = cond.require == "stable_or_improve"
        self.least = -self.tolerance if self.stable else Fraction(0)  # the smallest step that passes

    def rules(self) -> list[tuple[Pattern, str]]:
        best, steps = self.tests
        out: list[tuple[Pattern, str]] = []
        if self.best is not None:
            t = _threshold(self.best)
            at_best, short = ("$gte", "$lt") if self.sign > 0 else ("$lte", "$gt")
            out += [(_test(best, _op(at_best, "x", t)), "best"), (_test(best, _op(short, "x", t)), "short")]
        least = _threshold(self.least)
        passes, fails = ("$gte", "$lt") if self.stable else ("$gt", "$lte")
        out += [(_test(steps, _op(passes, "g", least)), "ok"), (_test(steps, _op(fails, "g", least)), "worse")]
        return out

    def prepare(self, ctx: IndicatorFacts) -> Any:
        d = ctx.datum(self.key, ctx.year)
        if d is None or d.problem is not None or d.exact is None:
            return None  # unusable, or a statement (持续提高 …) to be read in Python
        cond = self.cond
        ref_year = ctx.year - 1 if cond.against == "previous_year" else ctx.baseline_year
        if ref_year is None or ref_year >= ctx.year:
            return None
        years = range(ref_year, ctx.year + 1) if cond.require == "each_year_improve" else (ref_year, ctx.year)
        series: list[tuple[int, Fraction, str]] = []
        for y in years:
            dy = ctx.datum(self.key, y)
            v = dy.exact if dy else None
            if v is None or dy is None:
                return None  # a year without a number: read from the cell's wording in Python
            series.append((y, v, dy.display))
        best_test, step_test = self.tests
        facts = []
        if self.best is not None:
            x = _double(d.exact)
            if x is None or _close(d.exact, self.best):
                return None
            facts.append(Fact(best_test, 0, {"x": x}))
        for n, (a, b) in enumerate(pairwise(series)):
            gain = (b[1] - a[1]) * self.sign  # the step in the better direction
            g = _double(gain)
            if g is None or _close(gain, self.least):
                return None
            facts.append(Fact(step_test, n, {"g": g}))
        return d, series, facts

    def word(self, prepared: Any, fired: Callable[[int, int], str | None]) -> Outcome:
        d, series, _ = prepared
        best_test, step_test = self.tests
        wanted = TREND_WANTED[self.cond.require]
        if self.best is not None:
            label = fired(best_test, 0)
            if label is None:
                raise DurableFailure(f"no best-level rule fired for {d.display!r}")
            if label == "best":
                return Outcome(
                    State.MET,
                    [
                        T(
                            f"{d.display} 已处于最优水平（{fmt(self.best)}），视为{wanted.zh}",
                            f"{d.display} is already at the best level ({fmt(self.best)}), counted as {wanted.en}",
                        )
                    ],
                )
        labels = [fired(step_test, n) for n in range(len(series) - 1)]
        if None in labels:
            raise DurableFailure(f"a step of the trend of {self.key} was not judged")
        ok = all(label == "ok" for label in labels)  # durable-rules does not aggregate: counted here
        chain = " → ".join(f"{disp}（{y}）" for y, _, disp in series)
        chain_en = " → ".join(f"{disp} ({y})" for y, _, disp in series)
        tol = f"，容差 {fmt(self.tolerance)}" if self.stable else ""
        tol_en = f", tolerance {fmt(self.tolerance)}" if self.stable else ""
        reasons = [d.derivation] if d.derivation else []
        reasons.append(
            T(
                f"趋势：{chain}（要求{wanted.zh}{tol}）：{'符合' if ok else '不符合'}",
                f"trend: {chain_en} (required: {wanted.en}{tol_en}): {'yes' if ok else 'no'}",
            )
        )
        return Outcome(State.MET if ok else State.NOT_MET, reasons)


# The built-in kinds the network decides: (kind class, model class, leaf class).
LEAVES: tuple[tuple[type, type, type[Leaf]], ...] = (
    (CompareKind, Compare, CompareLeaf),
    (StatusKind, Status, StatusLeaf),
    (TargetKind, Target, TargetLeaf),
    (TrendKind, Trend, TrendLeaf),
)


def _thresholds_fit(leaf: Leaf) -> bool:
    """Whether every threshold of the leaf's rules can be written for durable-rules."""

    def ok(node: Any) -> bool:
        if isinstance(node, dict):
            return all(ok(v) for v in node.values())
        if isinstance(node, list):
            return all(ok(v) for v in node)
        return node is not None

    return all(ok(pattern) for pattern, _ in leaf.rules())


# --- the network ---------------------------------------------------------------------------------------


class DurableFailure(RuntimeError):
    """durable-rules did something it should not (an action failed, a fact was judged twice)."""


def _host() -> Any:
    class SynchronousHost(Host):
        """A host whose dispatch and timer threads are not started: every action runs inside
        ``assert_facts``, on the calling thread."""

        def _run(self) -> None:
            pass

    return SynchronousHost()


def _assert_json(host: Any, name: str, text: str) -> Any:
    """``Host.assert_facts`` with facts already serialised (see :func:`_number_text`)."""
    rules = host.get_ruleset(name)

    def submit(facts: str) -> Any:
        return rules._handle_result(durable_rules_engine.assert_facts(rules._handle, facts), facts)

    return host._handle_function(rules, submit, text, None)


class Network:
    """The Rete rules of one rule set's leaves, split into durable-rules rule sets of at most
    ``RULES_PER_NETWORK`` rules, on one host."""

    _names = itertools.count(1)
    _sessions = itertools.count(1)

    def __init__(self, host: Any, lock: threading.Lock, leaves: list[Leaf]):
        self.host = host
        self.lock = lock
        self.fired: list[tuple[int, int, str]] = []
        self.network_of: dict[int, str] = {}  # test -> the durable-rules rule set holding its rules
        chunks: list[list[tuple[Pattern, str]]] = [[]]
        owners: list[list[Leaf]] = [[]]
        for leaf in leaves:
            rules = leaf.rules()
            if chunks[-1] and len(chunks[-1]) + len(rules) > RULES_PER_NETWORK:
                chunks.append([])
                owners.append([])
            chunks[-1].extend(rules)
            owners[-1].append(leaf)
        definitions: dict[str, dict[str, Any]] = {}
        number = next(self._names)
        for index, (chunk, chunk_leaves) in enumerate(zip(chunks, owners, strict=True)):
            if not chunk:
                continue
            name = f"ecorules_{number}_{index}"
            definition: dict[str, Any] = {
                f"{label}_{i}": {"all": [{"m": {"$and": pattern}}], "run": self._action(label)}
                for i, (pattern, label) in enumerate(chunk)
            }
            # Every fact must match a rule, or the batch is refused. This one matches every fact
            # and waits for a second fact that is never posted, so its action never runs.
            definition["catch_all"] = {
                "all": [{"m": {"$and": [{"$ex": {"r": 1}}]}}, {"never": {"$and": [{"$ex": {"never_posted": 1}}]}}],
                "run": self._catch_all,
            }
            definitions[name] = definition
            for leaf in chunk_leaves:
                for test in leaf.tests:
                    self.network_of[test] = name
        with lock:
            host.set_rulesets(definitions)

    def _action(self, label: str) -> Callable[[Any], None]:
        fired = self.fired

        def run(c: Any) -> None:
            fired.append((c.m["r"], c.m["n"], label))

        return run

    @staticmethod
    def _catch_all(c: Any) -> None:
        raise DurableFailure("the catch-all rule fired")

    def judge(self, facts: list[Fact]) -> dict[tuple[int, int], str]:
        """Post the facts in one session and return the label of the rule each fired."""
        batches: dict[str, list[Fact]] = {}
        for fact in facts:
            batches.setdefault(self.network_of[fact.test], []).append(fact)
        with self.lock:
            sid = str(next(self._sessions))
            self.fired.clear()
            opened: list[str] = []
            done = False
            try:
                with warnings.catch_warnings():
                    # durable-rules 2.0.28 times each action with datetime.utcfromtimestamp,
                    # deprecated since Python 3.12: under -W error every action would fail
                    warnings.filterwarnings(
                        "ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning
                    )
                    for name, batch in batches.items():
                        opened.append(name)
                        state = _assert_json(self.host, name, "[" + ",".join(f.json(sid) for f in batch) + "]")
                        if state and state.get("exception"):
                            raise DurableFailure(f"an action failed in durable-rules: {state['exception']}")
                done = True
            finally:
                for name in opened:
                    try:
                        self.host.delete_state(name, sid)
                    except Exception:
                        if done:
                            raise
            fired = list(self.fired)
            self.fired.clear()
        verdicts: dict[tuple[int, int], str] = {}
        for test, step, label in fired:
            if (test, step) in verdicts:
                raise DurableFailure(f"two rules fired for one fact ({test}, {step})")
            verdicts[(test, step)] = label
        return verdicts


# --- evaluation ------------------------------------------------------------------------------------------


@dataclass
class Session(Context):
    """One submission's evaluation: the bound context (what conditions may ask), then two
    passes over the conditions. The first collects the facts each leaf needs (its outcome is
    a placeholder); the network judges them all at once; the second words the verdicts."""

    collecting: bool = True
    prepared: dict[Leaf, Any] = field(default_factory=dict)
    outcomes: dict[Leaf, Outcome] = field(default_factory=dict)
    verdicts: dict[tuple[int, int], str] = field(default_factory=dict)

    @classmethod
    def of(cls, ctx: Context) -> Session:
        """A session over a bound context (sharing its values and its cache of derived ones)."""
        return cls(**{f.name: getattr(ctx, f.name) for f in fields(Context) if f.init})

    def leaf(self, leaf: Leaf) -> Outcome:
        if self.collecting:
            if leaf not in self.prepared:
                self.prepared[leaf] = leaf.prepare(self)
            return Outcome(State.UNDECIDED)
        outcome = self.outcomes.get(leaf)
        if outcome is None:
            # None: decided in Python, a value the network does not compare (or a leaf that a
            # plugin's compound only asked for once the verdicts were in)
            prepared = self.prepared.get(leaf)
            outcome = leaf.python(self) if prepared is None else leaf.word(prepared, self._fired)
            self.outcomes[leaf] = outcome
        return Outcome(outcome.state, list(outcome.reasons))

    def _fired(self, test: int, step: int) -> str | None:
        return self.verdicts.get((test, step))

    def facts(self) -> list[Fact]:
        return [f for p in self.prepared.values() if p is not None for f in p[-1]]


@dataclass(frozen=True)
class DurablePlan:
    ruleset: Ruleset
    python: Plan  # the default engine's plan: statuses before conditions, findings
    rules: tuple[CompiledRule, ...]  # the same rules, their conditions going through the network
    decided: tuple[bool, ...]  # per rule: whether the network decides any part of it
    network: Network | None

    def evaluate(self, submission: Submission) -> list[Finding]:
        ctx = bind(self.ruleset, submission, self.python.scale)
        if self.network is None:
            return [rule.evaluate(ctx) for rule in self.python.rules]
        session = Session.of(ctx)
        for rule, decided in zip(self.rules, self.decided, strict=True):
            # first pass: the statuses decided before any condition, as CompiledRule.evaluate
            # does; the conditions of the others collect their facts
            if decided and rule.precheck(session.datum(rule.rule.item, session.year), session) is None:
                rule.evaluate_condition(session)
        facts = session.facts()
        if facts:
            session.verdicts = self.network.judge(facts)
        session.collecting = False
        return [
            rule.evaluate(session) if decided else python.evaluate(session)
            for rule, decided, python in zip(self.rules, self.decided, self.python.rules, strict=True)
        ]


def compile_indicators(rs: Ruleset, kinds: KindRegistry, host: Any, lock: threading.Lock) -> DurablePlan:
    python = compile_ruleset(rs, kinds)
    tests = itertools.count(1)
    leaves: list[Leaf] = []
    rules: list[CompiledRule] = []
    decided: list[bool] = []
    for compiled in python.rules:
        rule = compiled.rule
        before = len(leaves)

        def through_network(cond: ConditionModel, rule: Rule = rule) -> Evaluator:
            kind = kinds.of(cond)
            for kind_class, model, leaf_class in LEAVES:
                if isinstance(kind, kind_class) and isinstance(cond, model):
                    leaf = leaf_class(compile_condition(cond, rule, rs, kinds), tests, cond, rule, rs)
                    if _thresholds_fit(leaf):
                        leaves.append(leaf)
                        return leaf
                    return leaf.python
            return kind.compile(cond, rule, rs, through_network)  # compounds: their parts go through here

        evaluate = through_network(rule.condition)
        rules.append(replace(compiled, evaluate_condition=evaluate))
        decided.append(len(leaves) > before)
    network = Network(host, lock, leaves) if leaves else None
    return DurablePlan(rs, python, tuple(rules), tuple(decided), network)


class DurableEngine:
    name = "durable"
    description = T(
        "durable-rules（Rete 规则引擎）后端，可选安装：pip install 'ecorules[durable]'",
        "durable-rules (Rete rule engine) backend, optional: pip install 'ecorules[durable]'",
    )

    def __init__(self) -> None:
        self._host: Any = None
        self._lock = threading.Lock()
        self._python = PythonEngine()

    def compile(self, ruleset: Any, kinds: KindRegistry | None = None) -> Any:
        if not available():
            raise unavailable_error()
        if ruleset.record_kind != "indicators":
            return self._python.compile(ruleset, kinds)  # project tables: the default engine
        if kinds is None:
            from ecorules.kinds import builtin_registry

            kinds = builtin_registry()
        if self._host is None:
            self._host = _host()
        return compile_indicators(ruleset, kinds, self._host, self._lock)

    def evaluate(self, plan: Any, record: Any) -> list[Finding]:
        if isinstance(plan, DurablePlan):
            return plan.evaluate(record)
        findings: list[Finding] = self._python.evaluate(plan, record)
        return findings


@hookimpl
def ecorules_register_engines(registry: Any) -> None:
    registry.add(DurableEngine())


__all__ = ["DurableEngine", "DurablePlan", "available", "unavailable_error"]
