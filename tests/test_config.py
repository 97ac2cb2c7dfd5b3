"""The settings file: where it is found, what it may say, and how flags override it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.config import find_config, load_config

Y2023 = EXAMPLES / "yubei-2023.csv"  # binding indicators 4, 6 and 8 not met


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one submission, the working directory."""
    (tmp_path / ".git").mkdir()
    shutil.copy(Y2023, tmp_path / "yubei-2023.csv")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ECORULES_NO_CONFIG", raising=False)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_the_first_file_found_wins_in_the_documented_order(project: Path):
    sub = project / "data" / "2023"
    sub.mkdir(parents=True)
    assert find_config(sub) is None
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(sub) is None  # a pyproject.toml without [tool.ecorules] is passed over
    (project / "pyproject.toml").write_text('[tool.ecorules]\nformat = "json"\n', encoding="utf-8")
    assert find_config(sub) == project / "pyproject.toml"
    (project / ".ecorules.toml").write_text('format = "json"\n', encoding="utf-8")
    assert find_config(sub) == project / ".ecorules.toml"
    (project / "ecorules.toml").write_text('format = "json"\n', encoding="utf-8")
    assert find_config(sub) == project / "ecorules.toml"
    (sub / "ecorules.toml").write_text('format = "text"\n', encoding="utf-8")
    assert find_config(sub) == sub / "ecorules.toml"  # the nearest folder first


def test_no_file_above_the_repository_root_is_used(tmp_path: Path):
    (tmp_path / "ecorules.toml").write_text('format = "json"\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo) is None


def test_select_ignore_and_severity_change_the_findings_and_the_exit_code(project: Path):
    assert run("check", "yubei-2023.csv", "--lang", "en").exit_code == 1
    (project / "ecorules.toml").write_text('ignore = ["4", "6", "EC24-08"]\n', encoding="utf-8")
    result = run("check", "yubei-2023.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "29 indicators: 29 met" in result.stdout  # ignored rules are neither reported nor counted
    assert "EC24-04.1" not in result.stdout and "EC24-08.1" not in result.stdout

    (project / "ecorules.toml").write_text(
        'select = ["4"]\n\n[severity]\n"EC24-04" = "warning"\n"EC24-04.2" = "error"\n', encoding="utf-8"
    )
    findings = json.loads(run("check", "yubei-2023.csv", "--format", "json").stdout)["submissions"][0]["findings"]
    assert {f["rule_id"]: f["severity"] for f in findings} == {"EC24-04.1": "warning", "EC24-04.2": "error"}
    assert run("check", "yubei-2023.csv").exit_code == 1  # EC24-04.2 fails and is an error again
    (project / "ecorules.toml").write_text('select = ["4"]\n\n[severity]\n"4" = "warning"\n', encoding="utf-8")
    assert run("check", "yubei-2023.csv").exit_code == 0  # only warnings fail, below --fail-on error
    assert run("check", "yubei-2023.csv", "--fail-on", "warning").exit_code == 1


def test_flags_win_over_the_file_and_the_file_over_defaults(project: Path):
    (project / "ecorules.toml").write_text(
        'format = "json"\nfail-on = "never"\nselect = ["EC24-01"]\n', encoding="utf-8"
    )
    from_file = run("check", "yubei-2023.csv")
    assert from_file.exit_code == 0 and json.loads(from_file.stdout)["submissions"][0]["findings"][0]["rule_id"] == (
        "EC24-01"
    )
    flags = run("check", "yubei-2023.csv", "--format", "text", "--fail-on", "error", "--select", "EC24-04,6")
    assert flags.exit_code == 1 and "EC24-04.1" in flags.stdout and not flags.stdout.startswith("{")
    assert run("check", "yubei-2023.csv", "--no-config", "--lang", "en").stdout.count("EC24-") > 40


def test_a_mistake_in_the_file_is_exit_2_with_file_key_and_line(project: Path):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ecorules]\nformat = "json"\nfail-on = "errors"\nselectt = ["4"]\n'
        '\n[tool.ecorules.severity]\n"EC24-04.1" = "info"\n',
        encoding="utf-8",
    )
    result = run("check", "yubei-2023.csv", "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "pyproject.toml: invalid configuration (3 problems):" in lines[0]
    assert lines[1].startswith("  tool.ecorules.fail-on: ") and lines[1].endswith("(line 6)")
    assert lines[2].startswith("  tool.ecorules.selectt: unknown key (known: ") and lines[2].endswith("(line 7)")
    assert lines[3].startswith("  tool.ecorules.severity.EC24-04.1: ") and lines[3].endswith("(line 10)")
    assert "Traceback" not in result.output


def test_paths_in_the_file_are_relative_to_its_folder(project: Path):
    (project / "ci").mkdir()
    (project / "ecorules.toml").write_text('baseline = "ci/baseline.json"\nwaivers = false\n', encoding="utf-8")
    config = load_config(project / "ecorules.toml")
    assert config.get("baseline") == project / "ci" / "baseline.json" and config.get("waivers") is False
    assert config.origins["baseline"].endswith("ecorules.toml:1")


def test_ecorules_config_shows_each_setting_and_where_it_came_from(project: Path):
    (project / "ecorules.toml").write_text('format = "sarif"\nignore = ["EC24-99"]\n', encoding="utf-8")
    result = run("config", "--lang", "en")
    assert result.exit_code == 0
    assert f"settings file: {project / 'ecorules.toml'}" in result.stdout
    rows = {line.split("=")[0].strip(): line for line in result.stdout.splitlines()[1:]}
    assert "sarif" in rows["format"] and rows["format"].endswith("ecorules.toml:1")
    assert rows["fail-on"].split()[-1] == "default" and "error" in rows["fail-on"]
    assert "'EC24-99' matches no rule of the installed rule sets" in result.stderr
    checked = run("check", "yubei-2023.csv", "--lang", "en", "--format", "text")
    assert "rule selector 'EC24-99'" in checked.stderr and "matched no rule checked in this run" in checked.stderr


def test_selection_works_the_same_in_worker_processes(project: Path):
    shutil.copy(Y2023, project / "second-2023.csv")
    (project / "ecorules.toml").write_text('ignore = ["4", "6", "EC24-08", "EC24-99"]\n', encoding="utf-8")
    one = run("check", ".", "--lang", "en", "--format", "json")
    two = run("check", ".", "--lang", "en", "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    for result in (one, two):  # 4, 6 and EC24-08 were used by the workers: only EC24-99 is reported
        assert result.stderr.count("rule selector") == 1 and "'EC24-99'" in result.stderr
