"""The kit for rule-pack authors: `ecorules new plugin` writes a package that installs, passes
`ecorules test` and `pytest` as written, and fails them with the difference shown when its
threshold is broken; the `ecorules` pytest plugin runs case files as tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecorules.cli import app

runner = CliRunner()


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    environment.pop("ECORULES_DISABLE_PLUGIN_AUTOLOAD", None)
    environment.pop("ECORULES_PLUGINS", None)
    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=environment, timeout=600
    )


@pytest.fixture
def scaffold(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", "plugin", "wanzhou"])
    assert result.exit_code == 0, result.output
    return tmp_path / "ecorules-wanzhou"


def test_the_scaffold_installs_and_passes_its_own_tests(scaffold, tmp_path):
    assert sorted(str(p.relative_to(scaffold)) for p in scaffold.rglob("*") if p.is_file()) == [
        "README.md",
        "pyproject.toml",
        "schemas/cases.schema.json",
        "schemas/ruleset.schema.json",
        "src/ecorules_wanzhou/__init__.py",
        "src/ecorules_wanzhou/plugin.py",
        "src/ecorules_wanzhou/wanzhou-targets-2025.toml",
        "tests/test_plugin.py",
        "tests/wanzhou-targets-2025.cases.toml",
    ]
    # Installed (into a folder of its own, so this environment stays as it was) by the
    # normal build: the entry point is found, and setuptools has nothing to warn about.
    target = tmp_path / "site"
    built = run(sys.executable, "-m", "pip", "install", "-v", "--no-deps", "--target", str(target), ".", cwd=scaffold)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Deprecat" not in built.stdout + built.stderr
    env = {"PYTHONPATH": str(target)}
    listed = run(sys.executable, "-m", "ecorules", "plugins", cwd=tmp_path, env=env)
    assert (
        "wanzhou  [ecorules-wanzhou 0.1.0, ecorules_wanzhou.plugin]\n    ruleset wanzhou-targets-2025\n"
        in listed.stdout
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr

    tested = run(
        sys.executable, "-m", "ecorules", "test", "--min-coverage", "100", "--lang", "en", cwd=scaffold, env=env
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "2 cases: 2 passed, 0 failed; rule coverage 100.0 %" in tested.stdout
    pytested = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=scaffold, env=env)
    assert pytested.returncode == 0, pytested.stdout + pytested.stderr
    assert "5 passed" in pytested.stdout  # two cases, the coverage item, two tests

    # Break the threshold: both commands fail and say how.
    ruleset = scaffold / "src" / "ecorules_wanzhou" / "wanzhou-targets-2025.toml"
    ruleset.write_text(ruleset.read_text(encoding="utf-8").replace("value = 40 }", "value = 41 }"), encoding="utf-8")
    tested = run(sys.executable, "-m", "ecorules", "test", "--lang", "en", cwd=scaffold, env=env)
    assert tested.returncode == 1
    assert (
        "FAIL  tests/wanzhou-targets-2025.cases.toml:8  exactly 40 % meets the threshold [WANZHO25-01]" in tested.stdout
    )
    assert "status: expected met, got not_met" in tested.stdout
    assert "WANZHO25-01: Forest cover: not met. 40 ≥ 41%: no" in tested.stdout
    pytested = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=scaffold, env=env)
    assert pytested.returncode == 1
    assert "status: expected met, got not_met" in pytested.stdout
    assert "3 failed, 2 passed" in pytested.stdout


def test_the_scaffold_refuses_a_bad_name_or_a_full_folder(scaffold, tmp_path):
    result = runner.invoke(app, ["new", "plugin", "Wan Zhou"])
    assert result.exit_code == 2 and "invalid plugin name" in result.output
    result = runner.invoke(app, ["new", "plugin", "wanzhou"])
    assert result.exit_code == 2 and "already exists and is not empty" in result.output


def test_drafted_cases_pass_and_cover_every_rule(tmp_path):
    ruleset = Path(__file__).resolve().parent.parent / "rulesets" / "cn-eco-county-2024.toml"
    out = tmp_path / "tests" / "draft.cases.toml"
    result = runner.invoke(app, ["new", "cases", str(ruleset), "-o", str(out)])
    assert result.exit_code == 0, result.output
    tested = runner.invoke(app, ["test", str(out), "--min-coverage", "100", "--lang", "en"])
    assert tested.exit_code == 0, tested.output
    assert "49/49 rules, 100.0 %" in tested.stdout


def test_the_pytest_plugin_runs_case_files_and_checks_values(tmp_path):
    ruleset = (Path(__file__).resolve().parent.parent / "rulesets" / "cn-eco-county-2024.toml").as_posix()
    (tmp_path / "one.cases.toml").write_text(
        f'ruleset = "{ruleset}"\nyear = 2023\ndistrict = {{ name = "渝北区" }}\n\n'
        '[[cases]]\nname = "at 20"\nrule = "EC24-01"\nvalues = { eco_performance_share = 20 }\nexpect = "met"\n\n'
        '[[cases]]\nname = "wrong on purpose"\nrule = "EC24-01"\nvalues = { eco_performance_share = 19 }\nexpect = "met"\n',
        encoding="utf-8",
    )
    (tmp_path / "test_values.py").write_text(
        "def test_values(ecorules_check):\n"
        f"    checked = ecorules_check({{'eco_performance_share': 19.9}}, ruleset='{ruleset}', year=2023)\n"
        "    assert checked.status('EC24-01') == 'not_met'\n"
        "    assert checked.finding('EC24-01').actual == '19.9%'\n",
        encoding="utf-8",
    )
    result = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path), cwd=tmp_path)
    assert "1 failed, 2 passed" in result.stdout, result.stdout + result.stderr
    assert "EC24-01: at 20 PASSED" in run(
        sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", str(tmp_path / "one.cases.toml"), cwd=tmp_path
    ).stdout.replace("one.cases.toml::", "")
    assert "status: expected met, got not_met" in result.stdout


def test_the_pytest_plugin_costs_other_suites_nothing_at_start_up():
    """pytest loads the plugin in every run where ecorules is installed: importing it must not
    load the engine, pydantic, typer or openpyxl."""
    code = (
        "import sys, ecorules.testing; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ecorules', 'pydantic', 'typer', 'openpyxl')))"
    )
    out = run(sys.executable, "-c", code, cwd=Path(__file__).resolve().parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['ecorules', 'ecorules.testing']"
