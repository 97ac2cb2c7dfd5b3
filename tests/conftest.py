from __future__ import annotations

import os
from pathlib import Path

# Third-party plugins installed on the machine must not change what the tests see.
os.environ["ECORULES_DISABLE_PLUGIN_AUTOLOAD"] = "1"

import pytest

from ecorules.engine.python import PythonEngine
from ecorules.loading import load_ruleset_text
from ecorules.model.findings import Finding
from ecorules.model.ruleset import Ruleset
from ecorules.model.submission import District, Location, Observation, Submission
from ecorules.model.values import parse_period, parse_value

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "yubei"

HEADER = """
[ruleset]
id = "test-set"
version = "1"
title = { zh = "测试规则集", en = "test rule set" }
years = { from = 2000 }

[ruleset.document]
number = "测试〔2024〕1号"
title = { zh = "测试文件", en = "test document" }
"""


def ruleset_from(body: str) -> Ruleset:
    return load_ruleset_text(HEADER + body, "test.toml")


def single_rule_body(
    condition: str, *, unit: str = "%", extra: str = "", rule_extra: str = "", category: str = "binding"
) -> str:
    """TOML for one indicator, one item `x` and one rule X-1 with the given condition (inline TOML)."""
    return f"""
[indicators.1]
name = {{ zh = "指标", en = "indicator" }}
category = "{category}"

[items.x]
name = {{ zh = "数值", en = "value" }}
unit = "{unit}"
{extra}

[[rules]]
id = "X-1"
indicator = "1"
item = "x"
threshold = {{ zh = "阈值", en = "threshold" }}
condition = {condition}
{rule_extra}
"""


def single_rule(condition: str, **options: str) -> Ruleset:
    return ruleset_from(single_rule_body(condition, **options))


def edited_example(tmp_path: Path, name: str, replacements: dict[str, str]) -> Path:
    """A copy of a shipped example with some cells changed; every text replaced must be there."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"{old!r} is not in {name}"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def submission(
    values: dict[tuple[str, int], object] | None = None,
    *,
    year: int = 2023,
    baseline_year: int | None = None,
    targets: dict[tuple[str, int], object] | None = None,
    periods: dict[tuple[str, int], str] | None = None,
    attributes: dict[str, str] | None = None,
) -> Submission:
    values = values or {}
    targets = targets or {}
    periods = periods or {}
    observations = []
    for row, ((key, y), raw) in enumerate(values.items(), start=2):
        target = targets.get((key, y))
        observations.append(
            Observation(
                key=key,
                year=y,
                value=parse_value(raw),
                target=parse_value(target) if target is not None else None,
                target_period=parse_period(periods[(key, y)]) if (key, y) in periods else None,
                location=Location(file="sub.csv", row=row, column="value"),
            )
        )
    return Submission(
        source="sub.csv",
        district=District(name="测试区", attributes=attributes or {}),
        year=year,
        baseline_year=baseline_year,
        observations=observations,
    )


def evaluate(rs: Ruleset, sub: Submission) -> dict[str, Finding]:
    """Every rule's finding, from the default engine (which binds the submission itself)."""
    engine = PythonEngine()
    return {f.rule_id: f for f in engine.evaluate(engine.compile(rs), sub)}


def status_of(rs: Ruleset, sub: Submission, rule_id: str = "X-1") -> str:
    return evaluate(rs, sub)[rule_id].status.value


@pytest.fixture(autouse=True)
def _fresh_plugins():
    from ecorules import plugins

    plugins.reset()
    yield
    plugins.reset()


def key_why(problems) -> list[tuple[str, str]]:
    """An error's problems as (key path, English explanation with its line): what an author reads."""
    return [(p.key or "", p.message.en + (f" (line {p.line})" if p.line is not None else "")) for p in problems]
