"""Third-party plugins: found through entry points, and a broken one never breaks the tool."""

import json

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules import hookimpl, plugins
from ecorules.cli import app

runner = CliRunner()


class CountReporter:
    name = "count"
    description = None

    def render(self, results, options):
        return json.dumps([len(r.findings) for r in results]) + "\n"


class Good:
    @hookimpl
    def ecorules_register_reporters(self, registry):
        registry.add(CountReporter())


class Raising:
    @hookimpl
    def ecorules_register_reporters(self, registry):
        raise RuntimeError("boom")


class Clashing:
    @hookimpl
    def ecorules_register_reporters(self, registry):
        registry.add(type("Text", (), {"name": "text"})())


class Misspelled:
    @hookimpl
    def ecorules_register_reporter(self, registry):  # no such hook
        pass


class FakeEntryPoint:
    dist = None

    def __init__(self, name, load):
        self.name = name
        self._load = load

    def load(self):
        return self._load()


def _import_error():
    raise ImportError("No module named 'ecorules_missing'")


@pytest.fixture
def installed(monkeypatch):
    eps = [
        FakeEntryPoint("good", Good),
        FakeEntryPoint("broken", _import_error),
        FakeEntryPoint("raising", Raising),
        FakeEntryPoint("clashing", Clashing),
        FakeEntryPoint("misspelled", Misspelled),
    ]
    monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.setattr(plugins, "entry_points", lambda group: eps if group == "ecorules" else [])
    plugins.reset()


def test_third_party_reporter_is_used(installed):
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", "count", "--fail-on", "never"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "[49]"


def test_each_broken_plugin_is_reported_once_and_skipped(installed):
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--fail-on", "never", "--lang", "en"])
    assert result.exit_code == 0
    assert "32 indicators: 29 met" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 4
    text = "\n".join(warnings)
    assert "plugin broken could not be loaded: ImportError" in text
    assert "plugin raising failed in ecorules_register_reporters: RuntimeError: boom" in text
    assert "'text' is registered twice: by ecorules.reporters.text and by clashing" in text
    assert "plugin misspelled could not be loaded" in text


def test_help_does_not_load_plugins(installed, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("plugins loaded for --help")

    monkeypatch.setattr(plugins, "get_plugin_manager", fail)
    assert runner.invoke(app, ["--help"]).exit_code == 0
    assert runner.invoke(app, ["check", "--help"]).exit_code == 0


def test_only_named_plugins_load(installed, monkeypatch):
    monkeypatch.setenv("ECORULES_PLUGINS", "good")
    plugins.reset()
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", "count", "--fail-on", "never"])
    assert result.stdout.strip() == "[49]"
    assert "warning:" not in result.stderr


def test_autoload_can_be_switched_off(installed, monkeypatch):
    monkeypatch.setenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    plugins.reset()
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", "count"])
    assert result.exit_code == 2 and "unknown output format 'count'" in result.stderr


def test_plugins_command_reports_failures_and_exits_1(installed):
    result = runner.invoke(app, ["plugins"])
    assert result.exit_code == 1
    assert "good  [" in result.stdout and "format count" in result.stdout
    assert "FAILED plugin broken could not be loaded: ImportError" in result.stdout


def test_autoload_switch_accepts_zero_as_off(installed, monkeypatch):
    monkeypatch.setenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", "0")
    plugins.reset()
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", "count", "--fail-on", "never"])
    assert result.stdout.strip() == "[49]"
