"""The progress status: a planned target not yet due and not yet reached is neither met nor
not met. Counted on its own, never a failure, and shown with both figures and the gap in
every report format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import HEADER
from test_ci_reporters import assert_valid_sarif
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.model.findings import Status, indicator_status

PLAN = (
    HEADER
    + """
[indicators.1]
name = { zh = "城市生活污水集中收集率", en = "Urban sewage collection" }
category = "binding"

[indicators.2]
name = { zh = "公众满意度", en = "Public satisfaction" }
category = "binding"

[indicators.3]
name = { zh = "人均公园绿地面积", en = "Park space per capita" }
category = "binding"

[items.sewage]
name = { zh = "城市生活污水集中收集率", en = "Urban sewage collection" }
unit = "%"

[items.satisfaction]
name = { zh = "公众满意度", en = "Public satisfaction" }
unit = "%"

[items.park]
name = { zh = "人均公园绿地面积", en = "Park space per capita" }
unit = "平方米/人"

[[rules]]
id = "P25-1"
indicator = "1"
item = "sewage"
threshold = { zh = "2025 年目标：72", en = "2025 target: 72 %" }
condition = { kind = "goal", op = ">=", value = 72, due = 2025 }

[[rules]]
id = "P30-1"
indicator = "1"
item = "sewage"
threshold = { zh = "2030 年目标：75", en = "2030 target: 75 %" }
condition = { kind = "goal", op = ">=", value = 75, due = 2030 }

[[rules]]
id = "P25-2"
indicator = "2"
item = "satisfaction"
threshold = { zh = "2025 年目标：96", en = "2025 target: 96 %" }
condition = { kind = "goal", op = ">=", value = 96, due = 2025 }

[[rules]]
id = "S-3"
indicator = "3"
item = "park"
threshold = { zh = "≥12", en = "≥12 m² per person" }
condition = { kind = "compare", op = ">=", value = 12 }
"""
)


def files(tmp_path: Path, year: int, sewage: str, satisfaction: str, park: str) -> tuple[Path, Path]:
    rs = tmp_path / "plan.toml"
    rs.write_text(PLAN, encoding="utf-8")
    sub = tmp_path / f"sub-{year}.csv"
    sub.write_text(
        "key,year,value,unit\n"
        "district.name,,测试区,\n"
        f"submission.year,,{year},\n"
        f"sewage,{year},{sewage},%\n"
        f"satisfaction,{year},{satisfaction},%\n"
        f"park,{year},{park},平方米/人\n",
        encoding="utf-8",
    )
    return rs, sub


def check(rs: Path, sub: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", str(sub), "--ruleset", str(rs), *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def test_indicator_status_with_progress():
    assert indicator_status([Status.met, Status.progress]) is Status.progress
    assert indicator_status([Status.progress, Status.not_met]) is Status.not_met
    assert indicator_status([Status.progress, Status.missing]) is Status.missing
    assert indicator_status([Status.progress, Status.not_applicable]) is Status.progress
    assert not Status.progress.fails and not Status.progress.counts_as_met


def test_progress_is_counted_and_never_fails(tmp_path):
    rs, sub = files(tmp_path, 2023, "71.1", "93.98", "12.15")
    code, out = check(rs, sub, "--format", "json", "--lang", "en")
    assert code == 0  # two indicators in progress and one met: nothing fails, at any --fail-on
    (result,) = json.loads(out)["submissions"]
    counts = result["summary"]["indicators"]
    assert counts["total"] == 3 and counts["met"] == 1 and counts["not_met"] == 0
    assert counts["progress"] == 2 and counts["progress_numbers"] == ["1", "2"]
    assert result["summary"]["rules"]["progress"] == 3
    by_id = {f["rule_id"]: f for f in result["findings"]}
    assert by_id["P25-1"]["status"] == "progress"
    assert "71.1% now; ≥72% due in 2025; 0.9 percentage points to go" in by_id["P25-1"]["message"]["en"]
    assert "现值 71.1%；2025 年目标 ≥72%；差 0.9 个百分点" in by_id["P25-1"]["message"]["zh"]
    assert "71.1% now; ≥75% due in 2030; 3.9 percentage points to go" in by_id["P30-1"]["message"]["en"]
    assert check(rs, sub, "--fail-on", "warning")[0] == 0


def test_progress_turns_into_not_met_when_due(tmp_path):
    rs, sub = files(tmp_path, 2025, "71.1", "96", "12.15")
    code, out = check(rs, sub, "--format", "json", "--lang", "en")
    assert code == 1
    statuses = {f["rule_id"]: f["status"] for f in json.loads(out)["submissions"][0]["findings"]}
    assert statuses == {"P25-1": "not_met", "P30-1": "progress", "P25-2": "met", "S-3": "met"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_report_counts_progress_and_shows_the_gap(tmp_path, lang):
    rs, sub = files(tmp_path, 2023, "71.1", "93.98", "12.15")
    _, out = check(rs, sub, "--lang", lang)
    if lang == "en":
        assert "3 indicators: 1 met, 2 in progress (1, 2), 0 not met" in out
        assert (
            "in progress" in out and "- 71.1% now; ≥72% due in 2025; 0.9 percentage points to go (2 years left)" in out
        )
        assert "- 93.98% now; ≥96% due in 2025; 2.02 percentage points to go" in out
    else:
        assert "3 项指标：达标 1 项，推进中 2 项（1、2），未达标 0 项" in out
        assert "- 现值 71.1%；2025 年目标 ≥72%；差 0.9 个百分点（距目标年还有 2 年）" in out


def test_ci_reports_show_progress_without_failing(tmp_path):
    rs, sub = files(tmp_path, 2023, "71.1", "93.98", "12.15")
    _, out = check(rs, sub, "--format", "sarif", "--lang", "en")
    document = json.loads(out)
    assert_valid_sarif(document)
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"P25-1", "P30-1", "P25-2"}
    assert all(r["level"] == "note" and r["kind"] == "informational" for r in results)
    assert any("0.9 percentage points to go" in r["message"]["text"] for r in results)

    _, out = check(rs, sub, "--format", "junit", "--lang", "en")
    root = ET.fromstring(out)
    assert root.get("failures") == "0" and root.get("skipped") == "0" and root.get("tests") == "4"
    case = next(c for c in root.iter("testcase") if c.get("name", "").startswith("P25-1"))
    assert "0.9 percentage points to go" in case.find("system-out").text

    _, out = check(rs, sub, "--format", "github", "--lang", "en")
    notices = [line for line in out.splitlines() if line.startswith("::notice") and "P25-1" in line]
    assert (
        len(notices) == 1 and "71.1%25 now" in notices[0] and "0.9 percentage points to go" in notices[0]
    )  # % escaped
    assert "::error" not in out

    _, out = check(rs, sub, "--format", "markdown", "--lang", "zh")
    assert "**推进中（目标尚未到期，不计入门禁）**" in out
    assert "差 0.9 个百分点" in out and "没有未通过的规则。" in out


def test_the_batch_matrix_marks_progress(tmp_path):
    # the same district's file for 2025 (sewage target due: not met) and for 2023 (in progress)
    rs, due = files(tmp_path, 2025, "71.1", "96", "12")
    _, early = files(tmp_path, 2023, "71.1", "96", "12")
    _, out = check(rs, due, str(early), "--lang", "en")
    matrix = out[out.index("Indicators (only those not met or missing somewhere):") :].splitlines()
    assert matrix[1].split() == ["1"]  # the one indicator not met somewhere
    assert matrix[2].endswith("✗") and matrix[3].endswith("~")
    assert matrix[4].endswith("~ in progress")
    # the district's years: in progress in 2023, not met once due
    assert "  1  2023 ~  2025 ✗  Urban sewage collection" in out.splitlines()


PLAN_PACK = Path(__file__).resolve().parents[1] / "plugins/ecorules-yubei/src/ecorules_yubei/cq-yubei-plan-targets.toml"
YUBEI = Path(__file__).resolve().parents[1] / "examples" / "yubei"


def test_the_reports_for_people_show_progress_and_its_gap(tmp_path):
    """The HTML page (with its district overview) and the annotated workbook, over two years
    checked against the plan's targets: progress is a status of its own, with both figures."""
    import openpyxl

    files = [str(YUBEI / "yubei-2022.csv"), str(YUBEI / "yubei-2023.csv")]
    for lang, gap in (("en", "0.9 percentage points to go"), ("zh", "差 0.9 个百分点")):
        page = tmp_path / f"plan-{lang}.html"
        result = CliRunner().invoke(
            app, ["check", *files, "--ruleset", str(PLAN_PACK), "--format", "html", "--lang", lang, "-o", str(page)]
        )
        assert result.exit_code == 1, result.output
        html = page.read_text(encoding="utf-8")
        assert 'class="badge st-progress"' in html and gap in html
        assert 'data-status="progress"' in html  # the overview's matrix
        book = tmp_path / f"plan-{lang}.xlsx"
        result = CliRunner().invoke(
            app, ["check", *files, "--ruleset", str(PLAN_PACK), "--format", "xlsx", "--lang", lang, "-o", str(book)]
        )
        assert result.exit_code == 1, result.output
        sheets = openpyxl.load_workbook(book)
        fills = {c.fill.fgColor.rgb for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.fill}
        assert any(str(rgb).endswith("BDD7EE") for rgb in fills)  # the fill of a finding in progress
