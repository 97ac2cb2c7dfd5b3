"""Start-up: a check imports what it uses, and the built-ins it does not use stay unimported.

Speed itself is measured by benchmarks/run.py, never asserted here; these tests keep the
structure that makes a check start fast, and that the deferred built-ins are the real ones.
"""

import importlib
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES

from ecorules.kinds import BUILTIN_KINDS
from ecorules.kinds.base import KindRegistry
from ecorules.plugins import DEFERRED_BUILTINS, DeferredComponent, components


@pytest.mark.parametrize("module", sorted(DEFERRED_BUILTINS))
def test_each_deferred_builtin_registers_the_component_it_is_listed_with(module):
    hook, name = DEFERRED_BUILTINS[module]
    added = []

    class Registry:
        def add(self, component):
            added.append(component)

    getattr(importlib.import_module(module), hook)(registry=Registry())
    assert [c.name for c in added] == [name]


def test_a_deferred_component_is_its_component():
    json_reporter = components().reporters.get("json")
    assert isinstance(json_reporter, DeferredComponent)
    real = json_reporter.resolve()
    assert type(real).__module__ == "ecorules.reporters.json"
    assert json_reporter.description == real.description
    assert hasattr(json_reporter, "part") and hasattr(json_reporter, "stream")
    assert not hasattr(json_reporter, "render_bytes")
    assert components().reporters.source("json") == "ecorules.reporters.json"
    assert components().engines.source("python") == "ecorules.engine.python"


SHOW_IMPORTS = (
    "import sys\n"
    "from typer.testing import CliRunner\n"
    "from ecorules.cli import app\n"
    "result = CliRunner().invoke(app, sys.argv[1:])\n"
    "print(result.exit_code)\n"
    "print(' '.join(sorted(m for m in sys.modules if m.startswith('ecorules.'))))\n"
)


def imported_by(*args: str) -> tuple[int, set[str]]:
    env = {**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run([sys.executable, "-c", SHOW_IMPORTS, *args], capture_output=True, text=True, env=env)
    code, modules = done.stdout.strip().splitlines()[-2:]
    return int(code), set(modules.split())


def test_a_json_check_of_a_workbook_imports_only_what_it_uses():
    code, modules = imported_by("check", str(EXAMPLES / "yubei-2022-2023.xlsx"), "--format", "json")
    assert code == 1  # findings fail: the check ran
    assert {"ecorules.reporters.json", "ecorules.engine.python", "ecorules.adapters.xlsx"} <= modules
    unused = {
        "ecorules.reporters.text",
        "ecorules.reporters.html",
        "ecorules.reporters.sarif",
        "ecorules.reporters.junit",
        "ecorules.reporters.xlsx",
        "ecorules.engine.durable",
        "ecorules.engine.projects",
        "ecorules.engine.records",
        "ecorules.model.project_ruleset",
        "ecorules.model.projects",
        "ecorules.record_kinds.projects",
        "ecorules.kinds.goal",  # condition kinds the 2024 system does not use
        "ecorules.kinds.period_target",
        "ecorules.kinds.each_year",
        "ecorules.kinds.present",
    }
    assert not unused & modules


def test_a_project_table_imports_the_project_engine():
    code, modules = imported_by("check", str(EXAMPLES.parent / "construction"), "--format", "json")
    assert code in (0, 1)
    project_modules = {"ecorules.engine.projects", "ecorules.model.project_ruleset", "ecorules.model.projects"}
    assert project_modules | {"ecorules.record_kinds.projects"} <= modules


def test_help_and_version_import_neither_pluggy_nor_the_models():
    """--help and --version pay for typer; --version also for the installed version."""
    for args, allowed in ((["--help"], set()), (["--version"], {"importlib.metadata"})):
        code = (
            "import sys\n"
            "from typer.testing import CliRunner\n"
            "from ecorules.cli import app\n"
            f"assert CliRunner().invoke(app, {args!r}).exit_code == 0\n"
            "print(' '.join(sorted(m for m in sys.modules if m in "
            "('pluggy', 'pydantic', 'importlib.metadata', 'ecorules.model.findings', 'ecorules.hookspecs'))))\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert set(done.stdout.split()) <= allowed, (args, done.stdout)


def test_a_kind_registered_by_name_is_loaded_when_first_used():
    loaded = []

    def load():
        loaded.append("compare")
        return importlib.import_module("ecorules.kinds.compare").KIND

    registry = KindRegistry()
    registry.current_plugin = "p"
    registry.add_deferred("compare", load)
    assert "compare" in registry and registry.names() == ["compare"] and loaded == []
    assert registry.get("compare").name == "compare" and loaded == ["compare"]
    registry.get("compare")
    assert loaded == ["compare"]  # once
    with pytest.raises(ValueError, match="registered twice: by p and by q"):
        registry.current_plugin = "q"
        registry.add(importlib.import_module("ecorules.kinds.compare").KIND)


def test_a_kind_loaded_under_another_name_is_refused():
    registry = KindRegistry()
    registry.add_deferred("between", lambda: importlib.import_module("ecorules.kinds.compare").KIND)
    with pytest.raises(ValueError, match=r"'between' .* loads a kind named 'compare'"):
        registry.get("between")


def test_listing_the_kinds_loads_every_one_in_order():
    kinds = components().kinds
    assert kinds.names() == list(BUILTIN_KINDS)
    assert [k.name for k in kinds] == list(BUILTIN_KINDS)
    assert "present" in kinds.names("projects") and "goal" not in kinds.names("projects")
