"""Project tables: the Yubei key-project libraries (附件 1, 附件 2) and construction sites,
read from CSV and xlsx, checked by record rules and by aggregates against declared figures."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, key_why
from test_ci_reporters import assert_valid_sarif
from typer.testing import CliRunner

from ecorules.adapters.xlsx import XlsxAdapter
from ecorules.cli import app
from ecorules.interfaces import ReadOptions
from ecorules.loading import load_ruleset_text
from ecorules.model.errors import RulesetError
from ecorules.model.findings import CheckResult, Status
from ecorules.model.fingerprints import finding_fingerprint
from ecorules.pipeline import Checker, CheckOptions
from ecorules.plugins import components

NEAR = EXAMPLES / "yubei-projects-near-term.csv"
LONG = EXAMPLES / "yubei-projects-long-term.csv"
SITES = ROOT / "examples" / "construction" / "construction-sites.csv"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def check(path: Path, **options) -> list[CheckResult]:
    return Checker(CheckOptions(**options)).check(path)


def line_of(path: Path, first_cell: str) -> int:
    """The physical line of the row whose first cell is ``first_cell``: where a finding must point."""
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if row and row[0] == first_cell:
                return number
    raise AssertionError(f"no row {first_cell!r} in {path}")


def failing(result: CheckResult) -> list[tuple[str, str, int | None]]:
    return sorted(
        (f.rule_id, f.subject.zh if f.subject else "", f.location.row if f.location else None)
        for f in result.findings
        if f.status.fails
    )


def edited(tmp_path: Path, source: Path, number: str, column: str, value: str) -> Path:
    """A copy of a project CSV with one cell of row ``number`` replaced."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(r for r in rows if r and r[0] == "序号")
    row = next(r for r in rows if r and r[0] == number)
    assert row[header.index(column)] != value
    row[header.index(column)] = value
    out = tmp_path / source.name
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out


# --- the transcribed annexes --------------------------------------------------------------------


def test_near_term_library_fails_only_the_two_rows_outside_the_plan_period():
    (result,) = check(NEAR)
    assert result.ruleset.id == "cq-yubei-key-projects-2023"
    assert failing(result) == [
        ("YBKP-2", "序号 11「柴油车污染治理项目」", line_of(NEAR, "11")),
        ("YBKP-2", "序号 34「污染地块风险管控项目」", line_of(NEAR, "34")),
    ]
    outside = [f for f in result.findings if f.status.fails]
    assert all(f.severity == "warning" and f.location.column == "实施年度" for f in outside)
    assert "2022-2025" in outside[0].message.zh and "2023—2030" in outside[0].message.zh


def test_long_term_library_fails_only_the_open_investment_that_is_not_new():
    (result,) = check(LONG)
    assert failing(result) == [("YBKP-4", "序号 14「重庆港主城港区洛碛作业区工程」", line_of(LONG, "14"))]
    (finding,) = [f for f in result.findings if f.status.fails]
    assert finding.severity == "warning" and finding.actual == "以具体实施为准"
    # 序号 6 also leaves its investment open, but it is 新增: the plan's note (2) allows it.
    six = next(f for f in result.findings if f.rule_id == "YBKP-4" and f.subject.zh.startswith("序号 6「"))
    assert six.status is Status.met


def test_every_declared_count_and_total_is_confirmed():
    (near,) = check(NEAR)
    by_rule: dict[str, dict[str, tuple[Status, str | None]]] = {}
    for f in near.findings:
        if f.scope in ("group", "table"):
            by_rule.setdefault(f.rule_id, {})[f.subject.zh] = (f.status, f.actual)
    assert by_rule["YBKP-1.1"] == {
        "「目标责任体系建设」": (Status.met, "3 项"),
        "「生态安全体系建设」": (Status.met, "53 项"),
        "「生态经济体系建设」": (Status.met, "4 项"),
        "「生态文化体系建设」": (Status.met, "3 项"),
        "「生态文明制度建设」": (Status.met, "1 项"),
    }
    assert by_rule["YBKP-1.2"] == {
        # 目标责任体系建设(3项) declares no amount: all three are 以具体实施为准.
        "「目标责任体系建设」": (Status.not_assessed, "0 万元"),
        "「生态安全体系建设」": (Status.met, "230855 万元"),
        "「生态经济体系建设」": (Status.met, "50550 万元"),
        "「生态文化体系建设」": (Status.met, "130506 万元"),
        "「生态文明制度建设」": (Status.met, "100 万元"),  # declared as (1项100万)
    }
    assert by_rule["YBKP-1.3"] == {"全表": (Status.met, "412011 万元")}
    (long,) = check(LONG)
    total = next(f for f in long.findings if f.rule_id == "YBKP-1.3")
    assert (total.status, total.actual) == (Status.met, "101229 万元")
    # 附件 2 has no 任务类别 column: nothing to group, said once, not as a failure.
    assert {f.status for f in long.findings if f.rule_id in ("YBKP-1.1", "YBKP-1.2")} == {Status.not_applicable}


def test_summary_says_how_many_projects_and_how_much_investment():
    (near,) = check(NEAR)
    assert near.projects is not None and near.year is None
    assert (near.projects.records, near.projects.amount, near.projects.amount_unit) == (64, 412011, "万元")
    assert near.projects.amount_open == 7 and near.projects.period == "2023—2030"
    (long,) = check(LONG)
    assert (long.projects.records, long.projects.amount, long.projects.amount_open) == (14, 101229, 2)
    result = run("check", NEAR, "--lang", "en")
    assert result.exit_code == 0  # the two failures are reference-level
    assert "64 projects, investment 412011 万元 (7 more with no amount stated)" in result.stdout


def test_changing_one_investment_fails_the_category_total_with_both_figures(tmp_path):
    path = edited(tmp_path, NEAR, "5", "投资额(万元)", "5100")  # 低碳发展示范项目, 生态安全体系建设
    (result,) = check(path)
    newly = [f for f in result.findings if f.status.fails and f.rule_id.startswith("YBKP-1")]
    category = next(f for f in newly if f.rule_id == "YBKP-1.2")
    assert category.subject.zh == "「生态安全体系建设」" and category.severity == "error"
    assert "声明 230855 万元" in category.message.zh and "逐项合计 230955 万元" in category.message.zh
    assert "declared 230855 万元" in category.message.en and "230955" in category.message.en
    assert category.location.cell == f"B{line_of(path, '4')}"  # the heading that declares the figure
    total = next(f for f in newly if f.rule_id == "YBKP-1.3")
    assert "412011" in total.message.en and "412111" in total.message.en
    assert {f.rule_id for f in newly} == {"YBKP-1.2", "YBKP-1.3"}
    assert run("check", path).exit_code == 1


def test_a_project_without_a_lead_department_fails(tmp_path):
    path = edited(tmp_path, LONG, "3", "牵头部门", "")
    (result,) = check(path)
    (finding,) = [f for f in result.findings if f.rule_id == "YBKP-3.1" and f.status.fails]
    assert finding.subject.zh.startswith("序号 3「") and finding.location.row == line_of(path, "3")


def test_blank_cells_continue_the_row_above():
    (near,) = check(NEAR)
    # 序号 45 has no project name of its own: it belongs to 序号 44's project.
    f45 = next(f for f in near.findings if f.rule_id == "YBKP-2" and f.subject.zh.startswith("序号 45"))
    assert f45.subject.zh == "序号 45「生态系统保护修复示范项目」"


def test_no_period_in_the_file_is_missing_data_not_a_guess(tmp_path):
    lines = NEAR.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "no-period.csv"
    path.write_text("\n".join(line for line in lines if not line.startswith("规划年限")), encoding="utf-8")
    (result,) = check(path)
    years = [f for f in result.findings if f.rule_id == "YBKP-2"]
    assert {f.status for f in years} == {Status.missing}
    assert "规划年限" in years[0].message.en


# --- xlsx: merged cells ------------------------------------------------------------------------


def test_workbook_with_merged_cells_gives_the_csv_verdicts():
    book = EXAMPLES / "yubei-projects.xlsx"
    near, _ = XlsxAdapter().read(book, ReadOptions())
    second = near.records[1]  # 序号 2: its category cell lies inside the merge that starts at 序号 1
    assert second.cells["任务类别"].text == "目标责任体系建设(3项)"
    assert second.cells["任务类别"].merged_from.cell == f"B{line_of(NEAR, '1')}"
    from_book = check(book)

    def verdicts(results):
        return [(f.rule_id, f.subject.zh, f.status) for r in results for f in r.findings]

    assert verdicts(from_book) == verdicts(check(NEAR) + check(LONG))
    located = [f for r in from_book for f in r.findings if f.status.fails]
    assert [f.location.position() for f in located] == [
        f"附件1!G{line_of(NEAR, '11')}",
        f"附件1!G{line_of(NEAR, '34')}",
        f"附件2!E{line_of(LONG, '14')}",
    ]


def test_an_amount_merged_over_two_rows_is_counted_once(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append(["规划年限", "2023—2030"])
    ws.append(["序号", "项目名称", "投资额(万元)", "实施年度", "牵头部门", "项目来源"])
    ws.append([1, "管网工程", 300, "2024", "区水利局", "区项目库"])
    ws.append([2, "管网工程二段", None, "2025", "区水利局", "区项目库"])
    ws.append(["合计", None, 300])
    ws.merge_cells("C3:C4")
    book = tmp_path / "merged.xlsx"
    wb.save(book)
    (result,) = check(book, ruleset="cq-yubei-key-projects-2023")
    total = next(f for f in result.findings if f.rule_id == "YBKP-1.3")
    assert (total.status, total.actual) == (Status.met, "300 万元")
    assert result.projects.records == 2 and result.projects.amount == 300


# --- construction sites -------------------------------------------------------------------------


def test_construction_sites_pass_and_fail_as_the_rules_say():
    (result,) = check(SITES)
    assert result.ruleset.id == "cq-construction-sites-2022"
    status = {(f.rule_id, f.subject.zh.split("「")[0]): f.status for f in result.findings}
    assert {k for k, s in status.items() if s is Status.not_met} == {
        ("CQCS-1", "序号 2"),  # 62000 m², monitored but not connected to the municipal platform
        ("CQCS-2", "序号 3"),  # 4800 m²: mixing on site is banned from 1000 m²
        ("CQCS-2", "序号 4"),  # no floor area, but 650 m³ of concrete (≥ 500)
        ("CQCS-3", "序号 5"),  # an extension approved 2022-05-10 without the green standard
    }
    assert status[("CQCS-1", "序号 1")] is Status.met  # 86000 m², monitored and connected
    assert status[("CQCS-1", "序号 3")] is Status.not_applicable  # under 5万 m²
    assert status[("CQCS-2", "序号 6")] is Status.not_applicable  # 300 m², 80 m³
    assert status[("CQCS-3", "序号 4")] is Status.not_applicable  # approved before 2022-04-01
    connected = next(f for f in result.findings if f.rule_id == "CQCS-1" and f.status.fails)
    assert connected.location.column == "与市管平台联网" and connected.actual == "否"
    assert any("62000" in d.en for d in connected.details)  # why the rule applies
    assert next(f for f in result.findings if f.rule_id == "CQCS-3").citation.document == "綦发改函〔2022〕140号"
    assert run("check", SITES).exit_code == 1  # binding requirements


def test_a_value_the_rule_cannot_read_is_missing_data(tmp_path):
    text = SITES.read_text(encoding="utf-8").replace(",86000,", ",约八万,")
    path = tmp_path / "sites.csv"
    path.write_text(text, encoding="utf-8")
    (result,) = check(path)
    first = next(f for f in result.findings if f.rule_id == "CQCS-1" and f.subject.zh.startswith("序号 1「"))
    assert first.status is Status.missing and "约八万" in first.message.zh


# --- bad input and rule-set choice ----------------------------------------------------------------


def test_a_table_without_a_required_column_is_exit_2_naming_it(tmp_path):
    rows = list(csv.reader(NEAR.read_text(encoding="utf-8").splitlines()))
    col = next(r for r in rows if r and r[0] == "序号").index("牵头部门")
    path = tmp_path / "no-lead.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([r[:col] + r[col + 1 :] if len(r) > col else r for r in rows])
    result = run("check", path, "--ruleset", "cq-yubei-key-projects-2023", "--lang", "en")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "牵头部门" in result.stderr and "lead department" in result.stderr
    # Without --ruleset no project rule set fits, and the message says what each lacks.
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 2 and "no project rule set fits" in result.stderr and "lead" in result.stderr


def test_an_indicator_rule_set_for_a_project_table_is_a_clear_error():
    result = run("check", NEAR, "--ruleset", "cn-eco-county-2024", "--lang", "en")
    assert result.exit_code == 2
    assert "this file is a project table, but rule set cn-eco-county-2024 checks indicator submissions" in result.stderr


def test_project_rule_set_errors_name_the_key():
    body = (ROOT / "rulesets" / "cq-yubei-key-projects-2023.toml").read_text(encoding="utf-8")
    broken = body.replace('{ kind = "present", of = "lead" }', '{ kind = "present", of = "leader" }')
    broken = broken.replace(
        'aggregate = { function = "count", group_by = "category" }', 'aggregate = { function = "count" }'
    )
    with pytest.raises(RulesetError) as err:
        load_ruleset_text(broken, "broken.toml")
    problems = dict(key_why(err.value.problems))
    assert "function = 'count' needs 'group_by'" in problems["rules[0].aggregate"]
    assert not any(k.startswith("rules[4]") for k in problems)  # schema errors first; references after
    fixed = broken.replace(
        'aggregate = { function = "count" }', 'aggregate = { function = "count", group_by = "category" }'
    )
    with pytest.raises(RulesetError) as err:
        load_ruleset_text(fixed, "broken.toml")
    ((key, why),) = key_why(err.value.problems)
    assert key == "rules[4].condition.of" and "unknown field 'leader'" in why and "YBKP-3.1" in why


# --- the same outputs as indicator checks ---------------------------------------------------------


def test_json_and_sarif_outputs(tmp_path):
    result = run("check", NEAR, LONG, "--format", "json")
    document = json.loads(result.stdout)
    near = document["submissions"][0]
    assert near["projects"]["records"] == 64 and near["year"] is None
    outside = [f for f in near["findings"] if f["status"] == "not_met"]
    assert [f["subject"]["zh"] for f in outside] == ["序号 11「柴油车污染治理项目」", "序号 34「污染地块风险管控项目」"]
    sarif = json.loads(run("check", NEAR, LONG, "--format", "sarif").stdout)
    assert_valid_sarif(sarif)
    lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in sarif["runs"][0]["results"])
    assert lines == sorted([line_of(NEAR, "11"), line_of(NEAR, "34"), line_of(LONG, "14")])


def without_district(tmp_path: Path) -> Path:
    """The near-term library with its 区县名称 cell emptied and no title row."""
    lines = NEAR.read_text(encoding="utf-8").splitlines()
    kept = ["区县名称," if line.startswith("区县名称,") else line for line in lines if not line.startswith("项目库,")]
    assert "区县名称," in kept
    path = tmp_path / "near.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "junit", "sarif"])
def test_an_empty_district_cell_is_checked_not_a_crash(tmp_path, fmt):
    """Headings and messages are made from what the table says: an empty 区县名称 is an empty
    district and no title row names the table by its file, never an internal error."""
    path = without_district(tmp_path)
    (checked,) = check(path)
    assert checked.district == "" and checked.projects.table == "near.csv" and checked.projects.records == 64
    result = run("check", path, "--format", fmt, "--lang", "en")
    assert not isinstance(result.exception, Exception), repr(result.exception)
    assert result.exit_code in (0, 1), result.output


def test_an_empty_district_cell_is_not_exit_3(tmp_path):
    """Through the real entry point, where an internal error is exit 3."""
    env = {**os.environ, "ECORULES_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "ecorules", "check", str(without_district(tmp_path))],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "internal error" not in done.stderr and "64 projects" in done.stdout


def test_fingerprints_tell_projects_apart():
    (near,) = check(NEAR)
    outside = [f for f in near.findings if f.status.fails]
    assert len({finding_fingerprint(near, f) for f in outside}) == 2


def test_waivers_and_baseline_apply_to_project_findings(tmp_path):
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        """
[[waiver]]
rule = "YBKP-2"
reason = "规划原文如此：序号 11、34 的实施年度超出规划年限，已报规划修编"
expires = 2099-12-31
approved_by = "区生态环境局"
""",
        encoding="utf-8",
    )
    assert run("check", NEAR, "--fail-on", "warning").exit_code == 1
    assert run("check", NEAR, "--fail-on", "warning", "--waivers", waivers).exit_code == 0
    # A baseline keys on the project: the known row stays accepted, a new row fails.
    copy = tmp_path / "long.csv"
    copy.write_bytes(LONG.read_bytes())
    baseline = tmp_path / "baseline.json"
    assert run("check", copy, "--write-baseline", baseline).exit_code == 0
    assert run("check", copy, "--fail-on", "warning", "--baseline", baseline).exit_code == 0
    edited(tmp_path, copy, "13", "投资额(万元)", "以具体实施为准")  # rewrites the copy in place
    result = run("check", copy, "--fail-on", "warning", "--baseline", baseline, "--lang", "en")
    assert result.exit_code == 1 and "no. 13" in result.stdout


def test_explain_and_show_a_project_rule_set():
    result = run("explain", "YBKP-4", "--lang", "en")
    assert result.exit_code == 0
    assert "新增项目为常规实施类项目，投资金额以具体实施为准" in result.stdout
    assert "on every row: investment is an amount or project source is '新增'" in result.stdout
    shown = run("rulesets", "show", "cq-construction-sites-2022", "--lang", "en")
    assert shown.exit_code == 0 and "floor_area" in shown.stdout and "CQCS-3" in shown.stdout
    assert "on every row where" in shown.stdout


def test_headings_subtotals_and_a_second_total_are_not_projects(tmp_path):
    lines = LONG.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("序号,"))
    body = lines[header + 1 :]
    extra = [*lines[: header + 1], "一、污水治理,,,,,,,", *body[:-1], "小计,,,,50000,,,", body[-1], "总计,,,,101229,,,"]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(extra) + "\n", encoding="utf-8")
    (result,) = check(path)
    assert result.projects.records == 14 and result.projects.amount == 101229
    assert failing(result) == [("YBKP-4", "序号 14「重庆港主城港区洛碛作业区工程」", line_of(path, "14"))]


def test_lint_ruleset_on_project_rule_sets(tmp_path):
    for name in ("cq-yubei-key-projects-2023", "cq-construction-sites-2022"):
        # The installed file: the source checkout's copy would clash with it by ID (under tox).
        (reg,) = [r for r in components().rulesets.all() if r.ruleset.ruleset.id == name]
        result = run("lint-ruleset", reg.source, "--strict")
        assert result.exit_code == 0 and "requirements" in result.stdout and "0 errors, 0 warnings" in result.stdout
    body = (ROOT / "rulesets" / "cq-yubei-key-projects-2023.toml").read_text(encoding="utf-8")
    unmerged = tmp_path / "unmerged.toml"
    unmerged.write_text(body.replace("required = false  # 附件 2 has none\nmerged = true", "required = false"), "utf-8")
    result = run("lint-ruleset", unmerged, "--strict")
    assert result.exit_code == 1 and "rules[0].aggregate.group_by" in result.stdout


def test_a_condition_on_a_field_of_the_wrong_type_is_a_rule_set_error():
    body = (ROOT / "rulesets" / "cq-yubei-key-projects-2023.toml").read_text(encoding="utf-8")
    with pytest.raises(RulesetError) as err:
        load_ruleset_text(
            body.replace('kind = "within_period", of = "years"', 'kind = "within_period", of = "lead"'), "t.toml"
        )
    ((key, why),) = key_why(err.value.problems)
    assert key == "rules[3].condition.of" and "reads a years field" in why


def test_a_project_rule_set_without_its_kind_says_so():
    body = (ROOT / "rulesets" / "cq-yubei-key-projects-2023.toml").read_text(encoding="utf-8")
    with pytest.raises(RulesetError) as err:
        load_ruleset_text(body.replace('kind = "projects"\n', ""), "t.toml")
    key, why = key_why(err.value.problems)[0]
    assert key == "ruleset.kind" and 'add kind = "projects"' in why


def test_the_plans_ways_of_writing_years_are_read():
    from ecorules.engine.records import parse_years_span

    assert parse_years_span("2024") == (2024, 2024)
    assert parse_years_span("2023—2030") == (2023, 2030)  # the 规划年限 row's dash
    assert parse_years_span("2023年至2025年") == (2023, 2025)
    assert parse_years_span("十四五") == (2021, 2025)
    assert parse_years_span("2025-2023") is None and parse_years_span("近期") is None


def test_no_totals_row_is_not_assessed_not_a_failure(tmp_path):
    lines = LONG.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "long.csv"
    path.write_text("\n".join(line for line in lines if not line.startswith("合计")) + "\n", encoding="utf-8")
    (result,) = check(path)
    (total,) = [f for f in result.findings if f.rule_id == "YBKP-1.3"]
    assert total.status is Status.not_assessed and "合计" in total.message.en


def test_a_figure_declared_in_another_unit_is_not_compared(tmp_path):
    path = edited(tmp_path, NEAR, "4", "任务类别", "生态安全体系建设(53项23.0855亿元)")
    (result,) = check(path)
    category = next(f for f in result.findings if f.rule_id == "YBKP-1.2" and "生态安全" in f.subject.zh)
    assert category.status is Status.missing
    assert "'亿元'" in category.message.en and "'万元'" in category.message.en


def test_a_repeated_column_is_exit_2_naming_both_cells(tmp_path):
    text = LONG.read_text(encoding="utf-8").replace("实施年度,牵头部门", "实施年度,实施年度", 1)
    path = tmp_path / "long.csv"
    path.write_text(text, encoding="utf-8")
    result = run("check", path, "--lang", "en")
    header = line_of(path, "序号")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"row {header}, column G: column '实施年度' repeats row {header}, column F" in result.stderr


def test_kinds_of_rule_set_and_file_must_match(tmp_path):
    result = run("check", EXAMPLES / "yubei-2023.csv", "--ruleset", "cq-yubei-key-projects-2023", "--lang", "en")
    assert result.exit_code == 2
    assert "an indicator submission, but rule set cq-yubei-key-projects-2023 checks project tables" in result.stderr
    unused = tmp_path / "unused.xlsx"
    result = run("template", "--ruleset", "cq-yubei-key-projects-2023", "-o", unused)
    assert result.exit_code == 2 and "rulesets show cq-yubei-key-projects-2023" in result.output
    assert not unused.exists()
