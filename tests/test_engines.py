"""An engine from a plugin is what ``--engine`` selects, for ``check`` and for ``explain``."""

import dataclasses
import json

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules import plugins
from ecorules.api import Status, T, hookimpl
from ecorules.cli import app

runner = CliRunner()
YUBEI_2023 = str(EXAMPLES / "yubei-2023.csv")


class ToyEngine:
    """Delegates to the built-in engine, counts the calls, and marks every finding not assessed,
    so a run that went through it cannot be mistaken for one that did not."""

    name = "toy"
    description = T("测试用后端：全部记为未考核", "test backend: every finding marked not assessed")

    def __init__(self, inner):
        self.inner = inner
        self.compiled = 0
        self.evaluated = 0

    def compile(self, ruleset, kinds):
        self.compiled += 1
        return self.inner.compile(ruleset, kinds)

    def evaluate(self, plan, record):
        self.evaluated += 1
        return [dataclasses.replace(f, status=Status.not_assessed) for f in self.inner.evaluate(plan, record)]


class ToyPlugin:
    """Registers the toy engine. The built-in engines are registered first, so the python
    engine is already in the registry when this hook runs."""

    def __init__(self):
        self.engine = None

    @hookimpl
    def ecorules_register_engines(self, registry):
        self.engine = ToyEngine(registry.get("python"))
        registry.add(self.engine)


class FakeEntryPoint:
    dist = None

    def __init__(self, name, plugin):
        self.name = name
        self.value = f"tests.{name}"
        self._plugin = plugin

    def load(self):
        return self._plugin


@pytest.fixture
def toy(monkeypatch):
    plugin = ToyPlugin()
    monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("ECORULES_PLUGINS", raising=False)
    monkeypatch.setattr(
        plugins, "entry_points", lambda group: [FakeEntryPoint("toy", plugin)] if group == "ecorules" else []
    )
    plugins.reset()
    return plugin


def statuses(output: str) -> set[str]:
    report = json.loads(output)
    return {f["status"] for s in report["submissions"] for f in s["findings"]}


def test_plugins_lists_the_engine(toy):
    result = runner.invoke(app, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "toy  [tests.toy]\n    engine toy\n" in result.stdout


def test_check_uses_the_selected_engine(toy):
    python = runner.invoke(app, ["check", YUBEI_2023, "--format", "json"])
    assert python.exit_code == 1  # yubei 2023 misses binding indicators
    assert "not_met" in statuses(python.stdout)
    assert toy.engine.evaluated == 0

    result = runner.invoke(app, ["check", YUBEI_2023, "--format", "json", "--engine", "toy"])
    assert result.exit_code == 0, result.output  # not assessed does not fail the gate
    assert statuses(result.stdout) == {"not_assessed"}
    assert toy.engine.compiled == 1 and toy.engine.evaluated == 1


def test_explain_goes_through_the_selected_engine(toy):
    python = runner.invoke(app, ["explain", "EC24-01", "--lang", "en"])
    assert python.exit_code == 0, python.output
    assert "20 ≥ 20%: yes" in python.stdout and "19.9 ≥ 20%: no" in python.stdout

    result = runner.invoke(app, ["explain", "EC24-01", "--lang", "en", "--engine", "toy"])
    assert result.exit_code == 0, result.output
    assert toy.engine.compiled == 1 and toy.engine.evaluated == 2  # the passing and the failing example
    # The examples are confirmed by the engine; this one says "not assessed" to both, so
    # neither is shown.
    assert result.stdout.count("no example could be built automatically") == 2
    assert "20 ≥ 20%: yes" not in result.stdout


@pytest.mark.parametrize("command", [["check", YUBEI_2023], ["explain", "EC24-01"]])
def test_an_unknown_engine_exits_2_naming_the_registered_ones(toy, command):
    result = runner.invoke(app, [*command, "--engine", "nosuch", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown engine 'nosuch' (available: durable, python, toy)" in result.stderr
    assert toy.engine.evaluated == 0
