"""The command line: outputs, exit codes, and bad input without tracebacks."""

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES, edited_example
from typer.testing import CliRunner

from ecorules.cli import app

runner = CliRunner()
Y2022 = str(EXAMPLES / "yubei-2022.csv")
Y2023 = str(EXAMPLES / "yubei-2023.csv")


def run(*args: str):
    return runner.invoke(app, list(args))


def test_text_report_zh():
    result = run("check", Y2022, "--lang", "zh")
    assert result.exit_code == 1
    assert "32 项指标：达标 27 项（含不涉及 1 项、未考核 4 项），未达标 5 项（4、6、8、19、23）" in result.stdout
    assert "环办生态〔2024〕4号" in result.stdout
    assert "EC24-19" in result.stdout and "未达标" in result.stdout


def test_text_report_en_shows_why_and_where():
    result = run("check", Y2023, "--lang", "en")
    assert "32 indicators: 29 met (incl. 1 not applicable, 4 not assessed), 3 not met (4, 6, 8)" in result.stdout
    assert "target: 300 ≥ 327 days: not met" in result.stdout
    assert "yubei-2023.csv:12 (value)" in result.stdout


def test_several_files_one_result_each():
    result = run("check", Y2022, Y2023, "--format", "json")
    doc = json.loads(result.stdout)
    assert [s["year"] for s in doc["submissions"]] == [2022, 2023]
    assert [s["source"] for s in doc["submissions"]] == [Y2022, Y2023]


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(fail_on, code):
    assert run("check", Y2023, "--fail-on", fail_on).exit_code == code


def test_fail_on_warning_catches_reference_indicators(tmp_path):
    # fix every binding failure, break one reference indicator
    sub = edited_example(
        tmp_path,
        "yubei-2023.csv",
        {
            "good_air_days,2023,300,天,327,": "good_air_days,2023,330,天,327,",
            "pm25,2023,34.1,μg/m³,33,": "pm25,2023,30,μg/m³,33,",
            "noise_night_compliance,2023,50,": "noise_night_compliance,2023,90,",
            "forest_cover,2023,37.69,": "forest_cover,2023,39.6,",
            "rural_sewage_treatment_rate,2023,60,": "rural_sewage_treatment_rate,2023,50,",
        },
    )
    assert run("check", str(sub)).exit_code == 0
    assert run("check", str(sub), "--fail-on", "warning").exit_code == 1


def test_ruleset_by_id_and_by_file(tmp_path):
    assert run("check", Y2023, "--ruleset", "cn-eco-county-2024").exit_code == 1
    result = run("check", Y2023, "--ruleset", "no-such-set")
    assert result.exit_code == 2
    assert "unknown rule set 'no-such-set'" in result.stderr


def test_malformed_ruleset_file_is_exit_2_naming_file_and_key(tmp_path):
    from ecorules.shipped import shipped_folder

    shipped = shipped_folder() / "cn-eco-county-2024.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        shipped.read_text(encoding="utf-8").replace('op = ">=", value = 20', 'op = "=>", value = 20'), encoding="utf-8"
    )
    result = run("check", Y2023, "--ruleset", str(bad), "--lang", "en")
    assert result.exit_code == 2
    assert f"{bad}: rules[0].condition.op" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "key,value\ndistrict.name,渝北区\nsubmission.year,20x3\n",
            "row 3, column B (value): submission.year must be a year",
        ),
        (
            "key,value\ndistrict.name,渝北区\nsubmission.year,2023\npm25,30\ngood_air_dayz,300\n",
            "row 5, column A (key): unknown key 'good_air_dayz' (did you mean 'good_air_days'?)",
        ),
        (
            "key,year,value\ndistrict.name,,渝北区\nsubmission.year,,2023\npm25,2023,30\npm25,2023,31\n",
            "pm25 for 2023 is given twice (first at",
        ),
        ("key,valeur\n", "row 1, column B: 'valeur' is not a known column"),
        ("key,value\nsubmission.year,2023\n", "district.name is required"),
        ("", "the file is empty"),
    ],
)
def test_bad_submissions_exit_2_with_location(tmp_path, content, expected):
    path = tmp_path / "sub.csv"
    path.write_text(content, encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2, result.stdout
    assert expected in result.stderr
    assert path.read_text(encoding="utf-8") == content  # never written to


def test_unclosed_quote_is_an_error_not_a_lost_file(tmp_path):
    path = tmp_path / "sub.csv"
    path.write_text('key,value\ndistrict.name,"渝北区\nsubmission.year,2023\n', encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2 and "malformed CSV" in result.stderr


def test_one_bad_file_does_not_hide_the_others(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("key,value\n", encoding="utf-8")
    result = run("check", str(bad), Y2023, "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert "district.name is required" in result.stderr
    assert [s["year"] for s in json.loads(result.stdout)["submissions"]] == [2023]


def test_full_width_and_chinese_keys_resolve(tmp_path):
    path = tmp_path / "sub.csv"
    path.write_text(
        "指标,数值\n区县名称,测试区\n填报年份,2023\nＰＭ２．５浓度,20\n城镇新建绿色建筑比例,100\n", encoding="utf-8"
    )
    result = run("check", str(path), "--ruleset", "cn-eco-county-2024", "--format", "json")
    findings = {f["rule_id"]: f for f in json.loads(result.stdout)["submissions"][0]["findings"]}
    assert findings["EC24-23"]["status"] == "met"
    assert findings["EC24-04.2"]["status"] == "missing"  # a value, but no target
    assert findings["EC24-04.2"]["actual"] == "20 μg/m³"


def test_missing_file_and_unknown_extension(tmp_path):
    result = run("check", str(tmp_path / "nope.csv"), "--lang", "en")
    assert result.exit_code == 2 and "file not found" in result.stderr
    other = tmp_path / "data.xyz"
    other.write_text("x", encoding="utf-8")
    result = run("check", str(other), "--lang", "en")
    assert result.exit_code == 2 and "--input-format" in result.stderr


def test_json_submission_errors_point_into_the_document(tmp_path):
    path = tmp_path / "sub.json"
    path.write_text(
        '{"district": {"name": "x"}, "submission": {"year": 2023}, "values": [{"key": "pm25", "vaule": 3}]}',
        encoding="utf-8",
    )
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "/values/0" in result.stderr and "vaule" in result.stderr
    path.write_text('{"district": ', encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2 and "line 1, column" in result.stderr


def test_gb18030_csv_reads_without_flags(tmp_path):
    text = (EXAMPLES / "yubei-2022.csv").read_text(encoding="utf-8").replace("μg/m³", "ug/m3")
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    result = run("check", str(path), "--format", "json")
    assert json.loads(result.stdout)["submissions"][0]["summary"]["indicators"]["met"] == 27


def test_utf16_tab_separated_as_excel_saves_unicode_text(tmp_path):
    path = tmp_path / "sub.txt"
    text = "key\tvalue\ndistrict.name\t测试区\nsubmission.year\t2023\nsubmission.ruleset\tcn-eco-county-2024\ngreen_building_share\t100\n"
    path.write_bytes(text.encode("utf-16"))
    findings = json.loads(run("check", str(path), "--format", "json").stdout)["submissions"][0]["findings"]
    assert next(f for f in findings if f["rule_id"] == "EC24-23")["status"] == "met"


def test_forced_encoding_that_does_not_fit(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((EXAMPLES / "yubei-2022.csv").read_text(encoding="utf-8").encode("gb18030"))
    result = run("check", str(path), "--encoding", "utf-8", "--lang", "en")
    assert result.exit_code == 2 and "cannot be decoded as utf-8" in result.stderr


def test_input_format_overrides_the_extension(tmp_path):
    path = tmp_path / "yubei.dat"
    path.write_bytes((EXAMPLES / "yubei-2023.json").read_bytes())
    result = run("check", str(path), "--input-format", "json", "--format", "json")
    assert json.loads(result.stdout)["submissions"][0]["summary"]["indicators"]["met"] == 29
    assert run("check", str(path), "--input-format", "xml").exit_code == 2


def test_rule_set_choice_errors_say_what_to_do(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text("key,value\ndistrict.name,测试区\nsubmission.year,2018\n", encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "no installed rule set applies to 2018" in result.stderr
    assert "cn-eco-county-2019 (2019–2022)" in result.stderr and "cn-eco-county-2024 (2022–)" in result.stderr
    path.write_text(
        "key,value\ndistrict.name,测试区\nsubmission.year,2023\nsubmission.ruleset,nope\n", encoding="utf-8"
    )
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "row 4, column B (value): unknown rule set 'nope'" in result.stderr


def test_rulesets_list():
    result = run("rulesets", "list", "--lang", "en")
    assert result.exit_code == 0
    assert "cn-eco-county-2024" in result.stdout and "49 rules" in result.stdout


def test_real_process_exit_codes_and_no_traceback(tmp_path):
    """Through the real entry point: the exit code a CI gate sees."""
    env = {**os.environ, "ECORULES_LANG": "en"}
    ok = subprocess.run(
        [sys.executable, "-m", "ecorules", "check", Y2023, "--fail-on", "never"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert ok.returncode == 0
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    broken = subprocess.run(
        [sys.executable, "-m", "ecorules", "check", str(bad)], capture_output=True, text=True, env=env
    )
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "ecorules", "check", Y2023, "--fail-on", "sometimes"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert usage.returncode == 2
    help_ = subprocess.run([sys.executable, "-m", "ecorules", "--help"], capture_output=True, text=True, env=env)
    assert help_.returncode == 0 and "check" in help_.stdout


def test_outputs_are_written_whole_and_shareable(tmp_path):
    report = tmp_path / "out" / "report.sarif"
    result = run("check", Y2023, "--format", "sarif", "--output", str(report))
    assert result.exit_code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["runs"]
    template = tmp_path / "t.xlsx"
    assert run("template", "-r", "cn-eco-county-2024", "-o", str(template)).exit_code == 0
    for path in (report, template):
        assert path.stat().st_mode & 0o044 == 0o044  # readable by the team, not private to the writer
    assert not [p for p in tmp_path.rglob(".*.tmp")]  # no temporary files left behind


def test_output_that_cannot_be_written_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("check", Y2023, "--format", "json", "--output", str(blocker / "report.json"), "--lang", "en")
    assert result.exit_code == 2
    assert "cannot write the file" in result.stderr and "Traceback" not in result.stderr
