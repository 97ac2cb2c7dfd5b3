"""The optional durable-rules engine gives the default engine's findings, field for field.

(a) every shipped example and every plugin's example, through the command line (JSON) and
through the pipeline (``Finding`` objects compared with ``==``); (b) generated submissions
for every sub-item of cn-eco-county-2024 (values around the thresholds, bounds, words,
missing values, targets, earlier years, baseline years, district classes) and for a rule
set that uses every operator and trend form; (c) without durable-rules, ``--engine durable``
exits 2 saying how to install it, and everything else works.

The tests that run the engine need durable-rules (``pip install 'ecorules[durable]'``,
Python ≤ 3.12); elsewhere they are skipped with the reason. The tox envs ``py311-durable``
and ``py312-durable`` set ``ECORULES_REQUIRE_DURABLE``, so there they fail instead of skipping.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, ruleset_from
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.engine import durable as durable_engine
from ecorules.engine.durable import DurableEngine
from ecorules.engine.python import PythonEngine
from ecorules.kinds import builtin_registry
from ecorules.loading import load_ruleset_file
from ecorules.model.ruleset import Change, Ratio, Ruleset, ShareOfYear
from ecorules.model.submission import District, Location, Observation, Submission
from ecorules.model.values import parse_period, parse_value
from ecorules.pipeline import Checker, CheckOptions

runner = CliRunner()
COUNTY = ROOT / "rulesets" / "cn-eco-county-2024.toml"


@pytest.fixture
def durable():
    """durable-rules itself: the tests that use it skip, loudly, only where it cannot be imported."""
    if os.environ.get("ECORULES_REQUIRE_DURABLE"):
        import durable.engine  # the durable tox envs: a failed import is a failure

        return durable.engine
    return pytest.importorskip(
        "durable.engine",
        reason="durable-rules is not installed or cannot be imported here (it needs Python <= 3.12 and a C "
        "compiler): the durable engine's equivalence tests did NOT run; run tox -e py311-durable or py312-durable",
        exc_type=ImportError,
    )


# --- (a) the examples ---------------------------------------------------------------------------------


def example_runs() -> list[tuple[Path, Path | None]]:
    """Every example, with the plugin rule set it is checked against (None: the shipped ones)."""
    runs: list[tuple[Path, Path | None]] = [
        (path, None) for pattern in ("*.csv", "*.xlsx", "*.json") for path in sorted(EXAMPLES.glob(pattern))
    ]
    runs += [(path, None) for path in sorted((ROOT / "examples" / "construction").glob("*.csv"))]
    for plugin in sorted((ROOT / "plugins").glob("*/")):
        tomls = sorted(plugin.glob("src/*/*.toml"))
        for path in sorted(plugin.glob("examples/*.csv")):
            text = path.read_text(encoding="utf-8")
            named = [t for t in tomls if t.stem in text]  # each example names its rule set's ID
            chosen = named if len(named) == 1 else tomls
            assert len(chosen) == 1, f"cannot tell which rule set {path} is for"
            runs.append((path, chosen[0]))
    return runs


EXAMPLE_RUNS = example_runs()


def test_the_examples_are_all_found():
    names = {path.name for path, _ in EXAMPLE_RUNS}
    assert {"yubei-2023.csv", "yubei-2022-2023.xlsx", "yubei-2023.json", "construction-sites.csv"} <= names
    assert {"chongqing-2025.csv", "chongqing-2027.csv", "jiangjin-2025-pass.csv", "jiangjin-2025-fail.csv"} <= names
    assert len(EXAMPLE_RUNS) >= 13


@pytest.mark.parametrize(
    ("path", "ruleset"), EXAMPLE_RUNS, ids=[p.relative_to(ROOT).as_posix() for p, _ in EXAMPLE_RUNS]
)
def test_every_example_gives_the_same_json_report_on_both_engines(durable, path, ruleset):
    args = ["check", str(path), "--format", "json"] + (["--ruleset", str(ruleset)] if ruleset else [])
    python = runner.invoke(app, args)
    assert python.exit_code in (0, 1), python.output
    result = runner.invoke(app, [*args, "--engine", "durable"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == python.exit_code, result.output
    assert json.loads(result.stdout) == json.loads(python.stdout)
    assert result.stdout == python.stdout


@pytest.mark.parametrize(
    ("path", "ruleset"), EXAMPLE_RUNS, ids=[p.relative_to(ROOT).as_posix() for p, _ in EXAMPLE_RUNS]
)
def test_every_example_gives_equal_findings_on_both_engines(durable, path, ruleset):
    options = {"ruleset": str(ruleset)} if ruleset else {}
    python = Checker(CheckOptions(**options))
    rete = Checker(CheckOptions(engine="durable", **options))
    expected = python.check(path)
    got = rete.check(path)
    assert [r.findings for r in got] == [r.findings for r in expected]
    assert got == expected


# --- (b) generated submissions ----------------------------------------------------------------------------


class Profile:
    """What a rule set compares each item with: the generator's anchors."""

    def __init__(self, rs: Ruleset):
        kinds = builtin_registry()
        self.rs = rs
        self.numbers: dict[str, set[float]] = {key: set() for key in rs.items}
        self.words: dict[str, set[str]] = {key: set() for key in rs.items}
        self.targets: set[str] = set()
        self.trends: set[str] = set()
        for rule in rs.rules:
            self.words[rule.item].update(rule.not_applicable_words)
            for _, cond in kinds.walk(rule.condition):
                item = kinds.of(cond).reads(cond) or rule.item
                if cond.kind == "compare":
                    self.numbers[item].add(cond.value)
                elif cond.kind == "status":
                    self.words[item].update(cond.accept)
                elif cond.kind == "target":
                    self.targets.add(item)
                elif cond.kind == "trend":
                    self.trends.add(item)
                    if cond.best is not None:
                        self.numbers[item].add(cond.best)
        self.attributes = {
            name: list(a.values) + [a.values[v].zh for v in a.values] for name, a in rs.attributes.items()
        }


DELTAS = [0, 0, 0, 0.01, -0.01, 0.1, -0.1, 1, -1, 3, -3, 0.001, -0.001, 0.05, -0.05]
WORDS = [
    "持续提高",
    "持续下降",
    "保持稳定",
    "稳中有升",
    "基本稳定",
    "不涉及",
    "未考核",
    "未下达",
    "暂未公布",
    "",
    "-",
    "#DIV/0!",
    "良好",
]


def shown(x: float) -> str:
    text = format(Decimal(str(round(x, 4))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Generator:
    """Random submissions (fixed seed) that go near every threshold of a rule set."""

    def __init__(self, rs: Ruleset, seed: int):
        self.rs = rs
        self.profile = Profile(rs)
        self.rng = random.Random(seed)

    def number(self, key: str) -> float:
        rng = self.rng
        anchors = sorted(self.profile.numbers[key])
        base = rng.choice(anchors) if anchors and rng.random() < 0.85 else rng.uniform(-5, 120)
        return base + rng.choice(DELTAS)

    def cell(self, key: str, x: float | None = None) -> str:
        """A value cell: mostly a number near a threshold, else a bound, a word, a gap, an odd form."""
        rng = self.rng
        x = self.number(key) if x is None else x
        words = sorted(self.profile.words[key])
        if words and not self.profile.numbers[key] and rng.random() < 0.7:
            # a status item: mostly its words, their negations and near misses
            return rng.choice(
                words + [f"未{w}" for w in words] + [f"已{w}" for w in words] + [f" {rng.choice(words)} "] + WORDS[:3]
            )
        roll = rng.random()
        if roll < 0.55:
            return shown(x)
        if roll < 0.62:
            return rng.choice(["≥", ">", "≤", "<", ">=", "＜"]) + shown(x)
        if roll < 0.66 and self.rs.items[key].unit == "%":
            return shown(x) + "%"
        if roll < 0.70:
            return rng.choice(["保持稳定", "持续提高", "未考核"]) + f"({shown(x)})"
        if roll < 0.84:
            pool = words + [f"未{w}" for w in words] + [f"已{w}" for w in words] + WORDS
            return rng.choice(pool)
        if roll < 0.87:
            return rng.choice(["0.879", "0.5", "0.05"])  # a share written as a fraction
        if roll < 0.90:
            return rng.choice(["1e-05", "-0.00001", "0.000001", "1e20", "123456789012345678", "1.5E3"])
        if roll < 0.93:
            # a number whose double is the threshold's, and yet a different number
            near = shown(x) + ("" if "." in shown(x) else ".")
            return near + rng.choice(["000000000000000001", "0000000000000000000001"])
        return rng.choice(WORDS)

    def add(self, obs: list[Observation], key: str, year: int, raw: str, **extra: object) -> None:
        if any(o.key == key and o.year == year for o in obs):
            return
        obs.append(
            Observation(
                key=key,
                year=year,
                value=parse_value(raw),
                location=Location(file="generated.csv", row=len(obs) + 2, column="value"),
                **extra,
            )
        )

    def series(self, obs: list[Observation], key: str, year: int, first: int, x: float) -> None:
        """Earlier years of an item: equal, better, worse, missing or a word."""
        rng = self.rng
        value = x
        for y in range(year - 1, first - 1, -1):
            if rng.random() < 0.1:
                continue
            value = value + rng.choice([0, 0, -1, 1, -0.1, 0.1, -0.01, 0.01, 2, -2])
            raw = shown(value) if rng.random() < 0.9 else rng.choice(["持续提高", "", "暂未公布", "≥" + shown(value)])
            self.add(obs, key, y, raw)

    def submission(self) -> Submission:
        rng = self.rng
        rs = self.rs
        year = rng.choice([2022, 2023, 2024, 2024, 2025])
        baseline = rng.choice([None, year - 1, year - 2, year - 2, year - 3, year, year + 1])
        first = min(year - 1, baseline if baseline is not None else year - 1) - rng.choice([0, 1])
        obs: list[Observation] = []
        for key, item in rs.items.items():
            if rng.random() < 0.05:
                continue  # not submitted
            derive = item.derive
            x = self.number(key)
            if isinstance(derive, ShareOfYear):
                for y in range(first, year + 1):
                    days = 366 if y % 4 == 0 else 365
                    share = x + rng.choice([0, 0, 0.5, -0.5, 1, -1])
                    self.add(obs, derive.item, y, shown(round(share * days / 100) + rng.choice([0, 0, 1, -1])))
                if rng.random() < 0.2:
                    self.add(obs, key, year, self.cell(key, x))  # also given directly
                continue
            if isinstance(derive, Change):
                ref = rng.uniform(50, 80)
                self.add(obs, derive.item, year, shown(ref + x) if rng.random() < 0.9 else self.cell(derive.item))
                ref_year = year - 1 if derive.against == "previous_year" else baseline or year - 1
                if rng.random() < 0.85:
                    self.add(obs, derive.item, ref_year, shown(ref))
                if rng.random() < 0.3:
                    self.add(obs, key, year, self.cell(key, x))
                continue
            if isinstance(derive, Ratio):
                den = rng.uniform(10, 200)
                self.add(obs, derive.denominator, year, shown(den))
                self.add(obs, derive.numerator, year, shown(den * x / (100 if derive.percent else 1)))
                continue
            extra: dict[str, object] = {}
            if key in self.profile.targets and rng.random() < 0.85:
                target = rng.choice(
                    [shown(x + d) for d in (0, 0, 0.5, -0.5, 1, -1, 0.01)]
                    + ["未考核", "不涉及", "", "未下达", "待定", "≥30"]
                )
                extra["target"] = parse_value(target)
                if rng.random() < 0.4:
                    extra["target_period"] = parse_period(rng.choice(["2021-2025", "2023-2025", "2021—2030", "十四五"]))
            if rng.random() < 0.05:
                extra["unit"] = rng.choice([item.unit, "万吨", "%"])
            self.add(obs, key, year, self.cell(key, x), **extra)
            if key in self.profile.trends or rng.random() < 0.2:
                self.series(obs, key, year, first, x)
        attributes = {}
        for name, values in self.profile.attributes.items():
            if rng.random() < 0.9:
                attributes[name] = rng.choice([*values, "west"])
        rng.shuffle(obs)
        return Submission(
            source="generated.csv",
            district=District(name="测试区", attributes=attributes),
            year=year,
            baseline_year=baseline,
            observations=obs,
        )


class Judged:
    """Counts what the network was asked and what it answered, to show the test is not vacuous."""

    def __init__(self, plan, monkeypatch):
        self.facts = 0
        self.labels: Counter[str] = Counter()
        if plan.network is None:
            return
        judge = plan.network.judge

        def counting(facts):
            verdicts = judge(facts)
            self.facts += len(facts)
            self.labels.update(verdicts.values())
            return verdicts

        monkeypatch.setattr(plan.network, "judge", counting)


def assert_same(rs: Ruleset, submissions: list[Submission], monkeypatch) -> Judged:
    python, rete = PythonEngine(), DurableEngine()
    expected_plan, plan = python.compile(rs), rete.compile(rs)
    judged = Judged(plan, monkeypatch)
    for n, sub in enumerate(submissions):
        expected = python.evaluate(expected_plan, sub)
        got = rete.evaluate(plan, sub)
        for want, have in zip(expected, got, strict=True):
            assert have == want, f"submission {n}, {want.rule_id}:\n python: {want}\n durable: {have}"
    return judged


def test_generated_county_submissions_give_equal_findings(durable, monkeypatch):
    rs = load_ruleset_file(COUNTY)
    generator = Generator(rs, seed=20240)
    submissions = [generator.submission() for _ in range(600)]
    judged = assert_same(rs, submissions, monkeypatch)
    # The network decided most of it: comparisons both ways, words, targets, trend steps, the
    # best level; and bounds it could not decide (fewer verdicts than facts).
    assert judged.facts > 600 * 20
    for label in ("met", "not_met", "ok", "worse", "best", "short"):
        assert judged.labels[label] > 50, judged.labels
    assert judged.facts > sum(judged.labels.values())


EVERY_FORM = """
[attributes.size]
name = { zh = "城市规模", en = "City size" }
[attributes.size.values]
large = { zh = "大城市", en = "large city" }
small = { zh = "小城市", en = "small city" }

[indicators.1]
name = { zh = "指标", en = "indicator" }
category = "binding"
[indicators.2]
name = { zh = "参考", en = "reference" }
category = "reference"

[items.a]
name = { zh = "甲", en = "a" }
unit = "%"
[items.b]
name = { zh = "乙", en = "b" }
unit = "t"
[items.c]
name = { zh = "丙", en = "c" }
unit = "-"
[items.d]
name = { zh = "丁", en = "d" }
unit = "μg/m³"
[items.days]
name = { zh = "天数", en = "days" }
unit = "天"
[items.share]
name = { zh = "比例", en = "share" }
unit = "%"
decimals = 1
derive = { kind = "share_of_year", item = "days" }
[items.part]
name = { zh = "部分", en = "part" }
unit = "t"
[items.whole]
name = { zh = "总量", en = "whole" }
unit = "t"
[items.ratio]
name = { zh = "占比", en = "ratio" }
unit = "%"
derive = { kind = "ratio", numerator = "part", denominator = "whole" }
[items.delta]
name = { zh = "变化", en = "change" }
unit = "-"
derive = { kind = "change", item = "c", against = "baseline_year" }
[items.w]
name = { zh = "状态", en = "status" }
unit = "-"

[[rules]]
id = "F-1"
indicator = "1"
item = "a"
threshold = { zh = "大于 20", en = "over 20" }
condition = { kind = "compare", op = ">", value = 20 }
[[rules]]
id = "F-2"
indicator = "1"
item = "a"
threshold = { zh = "小于 80.5", en = "under 80.5" }
condition = { kind = "compare", op = "<", value = 80.5 }
[[rules]]
id = "F-3"
indicator = "1"
item = "b"
threshold = { zh = "等于 0.1", en = "0.1" }
condition = { kind = "compare", op = "==", value = 0.1 }
[[rules]]
id = "F-4"
indicator = "1"
item = "b"
threshold = { zh = "不超过 0.00001", en = "at most 0.00001" }
condition = { kind = "compare", op = "<=", value = 0.00001 }
[[rules]]
id = "F-5"
indicator = "1"
item = "c"
threshold = { zh = "逐年提高", en = "rising every year" }
condition = { kind = "trend", better = "higher", require = "each_year_improve", against = "baseline_year" }
[[rules]]
id = "F-6"
indicator = "2"
item = "d"
threshold = { zh = "保持稳定（容差 0.5）或 ≤ 5", en = "stable (tolerance 0.5), or at most 5" }
condition = { kind = "trend", better = "lower", require = "stable_or_improve", against = "previous_year", tolerance = 0.5, best = 5 }
[[rules]]
id = "F-7"
indicator = "1"
item = "d"
threshold = { zh = "完成考核任务（越低越好）", en = "target, lower is better" }
condition = { kind = "target", better = "lower" }
[[rules]]
id = "F-8"
indicator = "1"
item = "b"
threshold = { zh = "按序时进度完成", en = "target, pro rata" }
condition = { kind = "target", better = "higher", covers = "period", interim = "pro_rata" }
[[rules]]
id = "F-9"
indicator = "1"
item = "w"
threshold = { zh = "建立或实施", en = "established or in force" }
condition = { kind = "status", accept = ["建立", "实施", "有效开展", "a\\"b"] }
[[rules]]
id = "F-10"
indicator = "1"
item = "share"
threshold = { zh = "按规模分档", en = "by city size" }
[rules.condition]
kind = "tiered"
attribute = "size"
tiers = [
  { when = ["large"], condition = { kind = "compare", op = ">=", value = 80 } },
  { when = ["small"], condition = { kind = "any", conditions = [
    { kind = "compare", op = ">=", value = 70 },
    { kind = "trend", better = "higher", require = "improve", against = "previous_year" },
  ] } },
]
[[rules]]
id = "F-11"
indicator = "1"
item = "ratio"
threshold = { zh = "且", en = "and" }
[rules.condition]
kind = "all"
conditions = [
  { kind = "compare", op = ">=", value = 33.3 },
  { kind = "status", of = "w", accept = ["建立"] },
  { kind = "manual", reason = { zh = "人工", en = "by hand" } },
]
[[rules]]
id = "F-12"
indicator = "1"
item = "delta"
threshold = { zh = "大于 -1", en = "over -1" }
condition = { kind = "compare", op = ">", value = -1 }
[[rules]]
id = "F-13"
indicator = "2"
item = "c"
threshold = { zh = "人工", en = "by hand" }
condition = { kind = "manual", reason = { zh = "人工判定", en = "by hand" } }
[[rules]]
id = "F-14"
indicator = "1"
item = "a"
threshold = { zh = "大于 1e16", en = "over 1e16" }
condition = { kind = "compare", op = ">=", value = 1e16 }
"""


def test_generated_submissions_for_every_operator_and_trend_form_give_equal_findings(durable, monkeypatch):
    rs = ruleset_from(EVERY_FORM)
    generator = Generator(rs, seed=7)
    judged = assert_same(rs, [generator.submission() for _ in range(400)], monkeypatch)
    for label in ("met", "not_met", "ok", "worse", "best", "short"):
        assert judged.labels[label] > 20, judged.labels


def test_a_rule_set_too_large_for_one_network_is_split(durable, monkeypatch):
    """More than about 510 rules testing one field hang durable-rules; 300 rules of five
    Rete rules each go into several networks and still agree."""
    items = "".join(f'[items.x{i}]\nname = {{ zh = "数值{i}", en = "value {i}" }}\nunit = "%"\n' for i in range(300))
    rules = "".join(
        f'[[rules]]\nid = "X-{i}"\nindicator = "1"\nitem = "x{i}"\nthreshold = {{ zh = "阈值", en = "threshold" }}\n'
        f'condition = {{ kind = "compare", op = "==", value = {i % 7} }}\n'
        for i in range(300)
    )
    rs = ruleset_from(
        '[indicators.1]\nname = { zh = "指标", en = "indicator" }\ncategory = "binding"\n' + items + rules
    )
    plan = DurableEngine().compile(rs)
    assert len(set(plan.network.network_of.values())) >= 8
    rng = random.Random(3)
    submissions = []
    for _ in range(20):
        values = {f"x{i}": rng.choice(["0", "1", "2", "≥3", "<4", "6", "7", "建立"]) for i in range(300)}
        obs = [
            Observation(key=k, year=2023, value=parse_value(v), location=Location(file="s.csv", row=n + 2))
            for n, (k, v) in enumerate(values.items())
        ]
        submissions.append(Submission(source="s.csv", district=District(name="区"), year=2023, observations=obs))
    judged = assert_same(rs, submissions, monkeypatch)
    assert judged.labels["met"] > 300 and judged.labels["not_met"] > 300


def test_numbers_durable_rules_cannot_parse_are_posted_in_full(durable):
    assert durable_engine._number_text(1e-05) == "0.00001"
    assert durable_engine._number_text(1e16) == "10000000000000000.0"
    assert durable_engine._number_text(-2.5e-7) == "-0.00000025"
    assert durable_engine._number_text(20.0) == "20.0"


def test_each_submission_gets_its_own_session_deleted_afterwards(durable, monkeypatch):
    rs = load_ruleset_file(COUNTY)
    engine = DurableEngine()
    plan = engine.compile(rs)
    asserted, deleted = [], []
    assert_json = durable_engine._assert_json

    def recording_assert(host, name, text):
        asserted.append((name, json.loads(text)[0]["sid"]))
        return assert_json(host, name, text)

    delete_state = plan.network.host.delete_state
    monkeypatch.setattr(durable_engine, "_assert_json", recording_assert)
    monkeypatch.setattr(
        plan.network.host, "delete_state", lambda name, sid: (deleted.append((name, sid)), delete_state(name, sid))
    )
    submissions = [Generator(rs, seed=s).submission() for s in range(5)]
    for sub in submissions:
        engine.evaluate(plan, sub)
    assert asserted and sorted(asserted) == sorted(deleted)
    assert len({sid for _, sid in asserted}) == 5


def test_an_action_that_fails_inside_durable_rules_is_not_swallowed(durable, monkeypatch):
    rs = load_ruleset_file(COUNTY)
    engine = DurableEngine()
    plan = engine.compile(rs)

    def broken(c):
        raise ValueError("broken action")

    for name in set(plan.network.network_of.values()):
        for action in plan.network.host.get_ruleset(name)._actions.values():
            monkeypatch.setattr(action, "_func", broken)
    sub = Generator(rs, seed=1).submission()
    with pytest.raises(durable_engine.DurableFailure, match="broken action"):
        engine.evaluate(plan, sub)


def test_evaluations_from_several_threads_agree(durable):
    rs = load_ruleset_file(COUNTY)
    python, rete = PythonEngine(), DurableEngine()
    expected_plan, plan = python.compile(rs), rete.compile(rs)
    generator = Generator(rs, seed=99)
    submissions = [generator.submission() for _ in range(40)]
    expected = [python.evaluate(expected_plan, s) for s in submissions]
    results: dict[int, list] = {}

    def work(offset: int) -> None:
        for n in range(offset, len(submissions), 4):
            results[n] = rete.evaluate(plan, submissions[n])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[n] for n in range(len(submissions))] == expected


def test_project_tables_are_handed_to_the_default_engine(durable):
    path = EXAMPLES / "yubei-projects-near-term.csv"
    expected = Checker(CheckOptions()).check(path)
    assert Checker(CheckOptions(engine="durable")).check(path) == expected


def test_explain_confirms_its_examples_with_the_durable_engine(durable):
    python = runner.invoke(app, ["explain", "EC24-04.1", "--lang", "en"])
    result = runner.invoke(app, ["explain", "EC24-04.1", "--lang", "en", "--engine", "durable"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == python.exit_code == 0, result.output
    assert result.stdout == python.stdout


# --- (c) without durable-rules ------------------------------------------------------------------------------


@pytest.fixture
def without_durable(monkeypatch):
    monkeypatch.setattr(durable_engine, "IMPORT_ERROR", ModuleNotFoundError("No module named 'durable'"))


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "en",
            [
                "'durable' engine is not available",
                "durable-rules is not installed",
                "pip install 'ecorules[durable]'",
                "Python 3.12 or earlier",
                "C compiler",
                "--engine python",
            ],
        ),
        (
            "zh",
            [
                "引擎「durable」不可用",
                "未安装 durable-rules",
                "pip install 'ecorules[durable]'",
                "Python 3.12 或更早版本",
                "C 编译器",
            ],
        ),
    ],
)
def test_without_durable_the_engine_exits_2_saying_how_to_install_it(without_durable, lang, phrases):
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--engine", "durable", "--lang", lang])
    assert result.exit_code == 2, result.output
    for phrase in phrases:
        assert phrase in result.stderr
    assert "Traceback" not in result.output


def test_without_durable_the_problem_has_its_code(without_durable):
    with pytest.raises(durable_engine.UsageError) as caught:
        DurableEngine().compile(load_ruleset_file(COUNTY))
    assert [p.code for p in caught.value.problems] == ["usage.engine-unavailable"]


def test_a_durable_that_does_not_load_says_why(monkeypatch):
    error = ImportError("durable_rules_engine.cpython-313-x86_64-linux-gnu.so: undefined symbol: PyEval_CallObject")
    monkeypatch.setattr(durable_engine, "IMPORT_ERROR", error)
    monkeypatch.setattr(durable_engine, "_python", lambda: (3, 13))
    message = durable_engine.unavailable_error().message
    assert "durable-rules cannot be imported (" in message.en and "undefined symbol" in message.en
    assert "does not work on this Python, 3.13" in message.en
    assert "不支持当前的 Python 3.13" in message.zh


def test_without_durable_plugins_lists_it_and_the_default_engine_works(without_durable):
    listed = runner.invoke(app, ["plugins"])
    assert listed.exit_code == 0, listed.output
    assert "ecorules.engine.durable  [ecorules" in listed.stdout and "    engine durable\n" in listed.stdout
    checked = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", "json"])
    assert checked.exit_code == 1, checked.output  # yubei 2023 misses binding indicators


def test_a_failing_import_of_durable_is_caught_when_ecorules_loads(tmp_path):
    """In a fresh interpreter where importing durable fails, ecorules loads, lists its
    plugins, checks with the default engine and refuses --engine durable with exit 2."""
    blocker = (
        "import sys\n"
        "sys.modules['durable'] = None\n"  # makes `import durable…` raise ImportError
        "sys.modules['durable_rules_engine'] = None\n"
        "from ecorules.cli import main\n"
        "sys.argv = ['ecorules', *sys.argv[1:]]\n"
        "main()\n"
    )
    script = tmp_path / "run.py"
    script.write_text(blocker, encoding="utf-8")
    env = {**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONIOENCODING": "utf-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
        )

    yubei = str(EXAMPLES / "yubei-2023.csv")
    refused = run("check", yubei, "--engine", "durable", "--lang", "en")
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.startswith("error: the 'durable' engine is not available")
    assert "pip install 'ecorules[durable]'" in refused.stderr
    assert run("plugins").returncode == 0
    assert run("check", yubei, "--lang", "en").returncode == 1
