"""`ecorules test`: declarative cases run through the engine, with rule coverage.

The shipped rule sets and both plugin packages carry case files that reach both sides of every
rule; the repository-root run below keeps that from regressing."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecorules.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def ecorules(*args: str):
    return runner.invoke(app, list(map(str, args)))


def test_every_shipped_pack_is_fully_covered_at_the_repository_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = ecorules("test", "--min-coverage", "100", "--lang", "en")
    assert result.exit_code == 0, result.output
    for ruleset in (
        "cn-eco-county-2019",
        "cn-eco-county-2024",
        "cq-construction-sites-2022",
        "cq-yubei-key-projects-2023",
        "jj-carbon-2025",
        "cq-eco-2025",
        "cq-eco-2027",
        "cq-yubei-plan-targets",
    ):
        assert re.search(rf"^  {ruleset} \(.*\): (\d+)/\1 rules, 100\.0 %$", result.stdout, re.M), ruleset
    assert "no case file tests" not in result.stdout
    assert ", 0 failed; rule coverage 100.0 %" in result.stdout


def copy_pack(tmp_path: Path) -> Path:
    """rulesets/ with its cases, in a folder of its own (the relative paths still hold)."""
    pack = tmp_path / "rulesets"
    shutil.copytree(ROOT / "rulesets", pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return pack


def test_deleting_one_case_fails_the_run_naming_the_rule(tmp_path):
    pack = copy_pack(tmp_path)
    cases = pack / "tests" / "cq-construction-sites-2022.cases.toml"
    text = cases.read_text(encoding="utf-8")
    block = text.split("[[cases]]")[2]  # the only not_met case of CQCS-1 is the second of the file
    assert 'expect = "not_met"' in block and 'rule = "CQCS-1"' in block
    cases.write_text(text.replace("[[cases]]" + block, "", 1), encoding="utf-8")
    # a second not_met case of CQCS-1 remains (of two sites); delete it too
    text = cases.read_text(encoding="utf-8")
    second = next(b for b in text.split("[[cases]]") if 'project = "丁工地"' in b)
    cases.write_text(text.replace("[[cases]]" + second, "", 1), encoding="utf-8")
    result = ecorules("test", pack, "--min-coverage", "100", "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "CQCS-1: no case reaches its failing side (not_met)" in result.stdout
    below = re.search(r"rule coverage (\d+\.\d) %\ncoverage \1 % is below the required 100 %", result.stdout)
    assert below and 95 < float(below.group(1)) < 100, result.stdout  # one side of one rule of the shipped ones
    assert ecorules("test", pack, "--lang", "en").exit_code == 0  # without a threshold, only failures fail


def test_a_rule_set_without_cases_is_reported(tmp_path):
    pack = copy_pack(tmp_path)
    shutil.copy(pack / "cn-eco-county-2024.toml", pack / "cn-eco-county-copy.toml")
    text = (pack / "cn-eco-county-copy.toml").read_text(encoding="utf-8")
    (pack / "cn-eco-county-copy.toml").write_text(
        text.replace('id = "cn-eco-county-2024"', 'id = "cn-eco-county-copy"')
    )
    result = ecorules("test", pack, "--min-coverage", "100", "--lang", "en")
    assert result.exit_code == 1
    assert "cn-eco-county-copy.toml: no case file tests this rule set" in result.stdout


def write_cases(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "my.cases.toml"
    ruleset = (ROOT / "rulesets" / "cn-eco-county-2024.toml").as_posix()
    path.write_text(
        f'ruleset = "{ruleset}"\nyear = 2023\ndistrict = {{ name = "渝北区" }}\n\n' + body, encoding="utf-8"
    )
    return path


def test_a_failing_case_shows_the_difference_in_the_chosen_language(tmp_path):
    path = write_cases(
        tmp_path,
        '[[cases]]\nname = "forest cover"\nrule = "EC24-01"\nvalues = { eco_performance_share = 19.9 }\nexpect = "met"\nactual = "20%"\n',
    )
    en = ecorules("test", path, "--lang", "en")
    assert en.exit_code == 1
    assert f"FAIL  {path}:5  forest cover [EC24-01]" in en.stdout
    assert "status: expected met, got not_met" in en.stdout
    assert "actual value: expected '20%', got '19.9%'" in en.stdout
    zh = ecorules("test", path, "--lang", "zh")
    assert "状态：期望 达标（met），实际 未达标（not_met）" in zh.stdout


def test_an_indicator_case_and_earlier_years(tmp_path):
    path = write_cases(
        tmp_path,
        '[[cases]]\nname = "indicator 1"\nindicator = "1"\nvalues = { eco_performance_share = 25 }\nexpect = "met"\n',
    )
    assert ecorules("test", path, "--lang", "en").exit_code == 0


def test_a_case_expects_progress_toward_a_planned_target(tmp_path):
    # the Yubei plan's 72 % sewage collection is due in 2025: 71.1 in 2023 is on its way
    ruleset = (ROOT / "plugins" / "ecorules-yubei" / "src" / "ecorules_yubei" / "cq-yubei-plan-targets.toml").as_posix()
    case = '[[cases]]\nname = "{0}"\nrule = "YB25-06.1"\nvalues = {{ urban_sewage_collection_rate = 71.1 }}\nexpect = "{0}"\n'
    path = tmp_path / "plan.cases.toml"
    path.write_text(
        f'ruleset = "{ruleset}"\nyear = 2023\ndistrict = {{ name = "渝北区" }}\n\n'
        + case.format("progress")
        + "\n"
        + case.format("not_met"),
        encoding="utf-8",
    )
    result = ecorules("test", path, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "2 cases: 1 passed, 1 failed" in result.stdout
    assert "status: expected not_met, got progress" in result.stdout
    assert "状态：期望 未达标（not_met），实际 推进中（progress）" in ecorules("test", path, "--lang", "zh").stdout


@pytest.mark.parametrize(
    ("body", "wanted", "line"),
    [
        (
            '[[cases]]\nname = "x"\nrule = "EC24-999"\nexpect = "met"\n',
            "cases[0].rule: rule set cn-eco-county-2024 has no rule 'EC24-999'",
            7,
        ),
        ('[[cases]]\nname = "x"\nrule = "EC24-01"\nexpect = "passed"\n', "cases[0].expect:", 8),
        ('[[cases]]\nname = "x"\nrule = "EC24-01"\nexpect = "met"\nvalu = 1\n', "cases[0].valu: unknown key", 9),
        ('[[cases]]\nname = "x"\nexpect = "met"\n', "give either rule or indicator", 5),
        ("[[cases]\n", "not valid TOML", None),
        (
            '[[cases]]\nname = "x"\nrule = "EC24-01"\nvalues = { eco_performance_shar = 20 }\nexpect = "met"\n',
            "cases[0].values.eco_performance_shar: unknown key 'eco_performance_shar' (did you mean 'eco_performance_share'?)",
            8,
        ),
        (
            '[[cases]]\nname = "x"\nrule = "EC24-01"\nvalues = { eco_performance_share = [20] }\nexpect = "met"\n',
            "cases[0].values.eco_performance_share: must be a single value, or a table with value, unit …",
            8,
        ),
    ],
)
def test_a_bad_case_file_exits_2_naming_file_key_and_line(tmp_path, body, wanted, line):
    path = write_cases(tmp_path, body)
    result = ecorules("test", path, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert f"{path}: invalid case file" in result.output
    assert wanted in result.output
    if line is not None:
        assert f"(line {line})" in result.output


def test_junit_output(tmp_path):
    path = write_cases(
        tmp_path,
        '[[cases]]\nname = "ok"\nrule = "EC24-01"\nvalues = { eco_performance_share = 20 }\nexpect = "met"\n\n'
        '[[cases]]\nname = "wrong"\nrule = "EC24-01"\nvalues = { eco_performance_share = 20 }\nexpect = "not_met"\n',
    )
    out = tmp_path / "cases.xml"
    result = ecorules("test", path, "--format", "junit", "-o", out, "--min-coverage", "100", "--lang", "en")
    assert result.exit_code == 1
    root = ET.parse(out).getroot()
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = root.find(".//testcase[@name='wrong [EC24-01]']/failure")
    assert failure is not None and "expected not_met, got met" in failure.get("message", "")
    coverage = root.find("testsuite[@name='coverage']/testcase[@name='cn-eco-county-2024']/failure")
    assert coverage is not None and "EC24-02: no passing case" in (coverage.text or "")


def test_no_case_files_is_an_error(tmp_path):
    result = ecorules("test", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    assert "no case files" in result.output


def test_min_coverage_is_a_percentage():
    result = ecorules("test", ROOT / "rulesets", "--min-coverage", "150")
    assert result.exit_code == 2 and "less than or equal to 100" in result.output


def test_a_case_file_may_leave_out_the_district(tmp_path):
    path = write_cases(tmp_path, "")
    text = path.read_text(encoding="utf-8").replace('district = { name = "渝北区" }\n', "")
    path.write_text(
        text
        + '[[cases]]\nname = "no name given"\nrule = "EC24-01"\nvalues = { eco_performance_share = "20" }\nexpect = "met"\n',
        encoding="utf-8",
    )
    assert "district" not in path.read_text(encoding="utf-8")  # the file names none
    result = ecorules("test", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1 case: 1 passed, 0 failed" in result.stdout
