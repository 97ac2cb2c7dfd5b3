"""What the case file (cq-yubei-plan-targets.cases.toml, collected by the ecorules pytest
plugin) cannot say: the rule set quotes Table 4, the plugin and its entry point register it,
Yubei's own submissions get the verdicts, counts and exit codes the README gives, and
progress alone never fails a check.

The submissions checked are the Yubei examples of the ecorules repository this package lives
in (``examples/yubei``), so these tests run from a checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from ecorules.api import CheckOptions, run_check
from ecorules_yubei import RULESET_FILES, plugin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = Path(__file__).resolve().parents[1]
RULESET = PACKAGE / "src" / "ecorules_yubei" / "cq-yubei-plan-targets.toml"
YUBEI = PACKAGE.parents[1] / "examples" / "yubei"
SEEDS = PACKAGE.parents[2] / "shared" / "seeds"  # the source documents, where they sit beside the project

# Table 4's two target columns for every numeric target, as printed (sub-item name, 2025, 2030),
# and the rule suffix that encodes them.
NUMERIC = {
    "01": ("生态文明建设工作占党政实绩考核的比例", "≥25", "≥25"),
    "05.1": ("地表水达到或好于Ⅲ类水体比例", "100", "100"),
    "05.3": ("集中式饮用水水源水质达到或优于Ⅲ类比例", "100", "100"),
    "06.1": ("城市生活污水集中收集率", "72", "75"),
    "06.2": ("地级及以上城市建成区黑臭水体消除率", "100", "100"),
    "06.3": ("较大面积农村黑臭水体整治率*", "100", "100"),
    "06.5": ("声环境功能区夜间达标率", "85", "87"),
    "07.3": ("自然保护地和生态保护红线生态环境重点问题整改率", "100", "100"),
    "08.1": ("森林覆盖率*", "37.69", "37.69"),
    "21": ("公众对生态环境质量满意程度", "96", "97"),
    "23": ("城镇新建绿色建筑比例", "100", "100"),
    "24": ("人均公园绿地面积", "14.8", "14.9"),
    "25": ("生态环境信息公开率", "100", "100"),
    "R1": ("农村生活污水治理（管控）率", "62", "65"),
    "R3": ("危险废物填埋处置量占比", "0", "0"),
}


def load():
    return tomllib.loads(RULESET.read_text(encoding="utf-8"))


def rules():
    return {r["id"]: r for r in load()["rules"]}


def exit_code(path: Path, ruleset: str | Path) -> int:
    """The exit code ``ecorules check PATH --ruleset RULESET`` gives (the default --fail-on error)."""
    run = run_check([path], CheckOptions(ruleset=str(ruleset), waivers=False))
    list(run)
    return run.exit_code


# --- the file itself -----------------------------------------------------------------------------


def test_identity():
    data = load()["ruleset"]
    assert data["id"] == "cq-yubei-plan-targets"
    assert data["years"] == {"from": 2023, "to": 2030}
    assert data["districts"] == ["渝北区", "500112"]


@pytest.mark.parametrize("suffix", sorted(NUMERIC))
def test_numeric_targets_quote_table_4(suffix):
    name, c25, c30 = NUMERIC[suffix]
    by_id = rules()
    for year, cell in (("2025", c25), ("2030", c30)):
        rule = by_id[f"YB{year[2:]}-{suffix}"]
        assert rule["threshold"]["zh"] == f"{year} 年目标：{cell}"
        cond = rule["condition"]
        assert cond["kind"] == "goal" and cond["due"] == int(year)
        assert cond["value"] == float(cell.lstrip("≥"))
        assert cond["op"] == ("<=" if suffix == "R3" else ">=")
    # where the seed is beside the project, the row of Table 4 ends with these two cells
    seeds = sorted(SEEDS.glob("002_*.txt")) if SEEDS.is_dir() else []
    if seeds:
        table = seeds[0].read_text(encoding="utf-8").split("表 4 渝北区国家生态文明建设示范区建设指标", 1)[1]
        rows = [line.rstrip() for line in table.splitlines() if f"\t{name}\t" in f"\t{line}"]
        assert any(row.endswith(f"\t{c25}\t{c30}") for row in rows), rows


def test_indicator_27_quotes_both_figures():
    by_id = rules()
    assert by_id["YB25-27.1"]["threshold"]["zh"] == "2025 年目标：案件线索启动率：100%"
    assert by_id["YB25-27.2"]["threshold"]["zh"] == "2025 年目标：案件结案率：90%"
    assert by_id["YB30-27.2"]["threshold"]["zh"] == "2030 年目标：案件结案率：95%"
    assert by_id["YB30-27.2"]["condition"] == {"kind": "goal", "op": ">=", "value": 95, "due": 2030}


def test_worded_targets_are_checked_like_the_system():
    by_id = rules()
    assert by_id["YB-02"]["condition"] == {"kind": "status", "accept": ["建立"]}
    assert by_id["YB-13"]["condition"]["kind"] == "trend"
    assert by_id["YB-19"]["condition"] == {"kind": "target", "better": "higher", "covers": "to_date"}
    assert by_id["YB-14"]["condition"]["covers"] == "period"
    # no rule for the sub-items Table 4 gives '-', nor for the illegible 16 and 22
    items = {r["item"] for r in by_id.values()}
    assert not items & {"groundwater_class5_share", "coastal_water_good_share", "grassland_vegetation_cover"}
    assert not {r["indicator"] for r in by_id.values()} & {"16", "22"}


# --- the plugin ------------------------------------------------------------------------------------


def test_the_plugin_registers_every_rule_set_of_the_package(ecorules_registered):
    registered = ecorules_registered(plugin)  # loaded and validated, or the test fails
    assert [r.ruleset.ruleset.id for r in registered] == ["cq-yubei-plan-targets"]
    assert len(registered[0].ruleset.rules) == 60
    assert sorted(RULESET_FILES) == sorted(p.name for p in RULESET.parent.glob("*.toml"))


installed = [ep for ep in entry_points(group="ecorules") if ep.name == "yubei"]
autoload = os.environ.get("ECORULES_DISABLE_PLUGIN_AUTOLOAD", "").strip().lower() in ("", "0", "false", "no")


@pytest.mark.skipif(not installed, reason="ecorules-yubei is not installed")
def test_the_entry_point_registers_the_rule_set(ecorules_registered):
    (ep,) = installed
    assert ep.value == "ecorules_yubei.plugin"
    assert [r.ruleset.ruleset.id for r in ecorules_registered(ep.load())] == ["cq-yubei-plan-targets"]


@pytest.mark.skipif(not (installed and autoload), reason="ecorules-yubei is not installed, or plugins are not loaded")
def test_installed_the_pack_is_checked_by_id_and_the_examples_keep_their_system(ecorules_check):
    checked = ecorules_check(YUBEI / "yubei-2023.csv", ruleset="cq-yubei-plan-targets")
    assert checked.results[0].ruleset.id == "cq-yubei-plan-targets"
    assert checked.status("YB25-06.1") == "progress"
    assert exit_code(YUBEI / "yubei-2023.csv", "cq-yubei-plan-targets") == 1  # air quality (4) is not met
    # Installing the pack changes nothing for a file that names its rule set.
    (result,) = ecorules_check(YUBEI / "yubei-2023.csv").results
    assert result.ruleset.id == "cn-eco-county-2024"
    counts = result.summary.indicators
    assert (counts.met, counts.not_met) == (29, 3)


# --- Yubei's submissions -----------------------------------------------------------------------------


def test_2023_reports_progress_toward_2025_with_both_figures(ecorules_check):
    (result,) = ecorules_check(YUBEI / "yubei-2023.csv", ruleset=RULESET).results
    got = {f.rule_id: f for f in result.findings}
    assert len(got) == 60  # every rule has a finding
    sewage = got["YB25-06.1"]
    assert sewage.status.value == "progress"
    assert "71.1% now; ≥72% due in 2025; 0.9 percentage points to go (2 years left)" in sewage.message.en
    assert "现值 71.1%；2025 年目标 ≥72%；差 0.9 个百分点（距目标年还有 2 年）" in sewage.message.zh
    assert "71.1% now; ≥75% due in 2030; 3.9 percentage points to go (7 years left)" in got["YB30-06.1"].message.en
    assert "12.15 m²/person now; ≥14.8 m²/person due in 2025; 2.65 m²/person to go" in got["YB25-24"].message.en
    # already reached, exactly at the target: forest cover 37.69, cases closed 90 %
    assert got["YB25-08.1"].status.value == "met" and "already reached" in got["YB25-08.1"].message.en
    assert got["YB25-27.2"].status.value == "met" and got["YB30-27.2"].status.value == "progress"
    progress = {rid for rid, f in got.items() if f.status.value == "progress"}
    assert progress == {
        "YB25-06.1", "YB30-06.1", "YB25-06.5", "YB30-06.5", "YB25-21", "YB30-21",
        "YB25-24", "YB30-24", "YB30-27.2", "YB25-R1", "YB30-R1",
    }  # fmt: skip
    counts = result.summary.indicators
    assert (counts.total, counts.met, counts.progress, counts.not_met, counts.missing) == (30, 23, 4, 1, 2)
    assert counts.not_assessed == 3
    assert counts.progress_numbers == ["21", "24", "27", "R1"]
    assert counts.not_met_numbers == ["4"]  # air quality, checked like the system (EC24-04)
    # 6 and 9: the plan's target is 完成上级规定的考核任务(且≥35), and the file gives no assigned target
    assert counts.missing_numbers == ["6", "9"]
    assert "target assigned by the higher level is not given" in got["YB-06.4"].message.en
    # air quality not met and two binding targets missing; progress alone never fails
    assert exit_code(YUBEI / "yubei-2023.csv", RULESET) == 1


def test_2022_forest_cover_is_progress_and_sewage_already_reached(ecorules_check):
    checked = ecorules_check(YUBEI / "yubei-2022.csv", ruleset=RULESET)
    forest = checked.finding("YB25-08.1")
    assert forest.status.value == "progress"
    assert "37.68% now; ≥37.69% due in 2025; 0.01 percentage points to go" in forest.message.en
    sewage = checked.finding("YB25-06.1")
    assert sewage.status.value == "met"
    assert "72.02% now; ≥72% due in 2025: already reached" in sewage.message.en


def test_progress_alone_exits_zero(tmp_path):
    # only the numeric targets, both on their way: `ecorules check` passes
    lines = [
        "key,year,value,unit",
        "district.name,,渝北区,",
        "submission.year,,2023,",
        "urban_sewage_collection_rate,2023,71.1,%",
        "public_satisfaction,2023,93.98,%",
    ]
    path = tmp_path / "partial.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONIOENCODING": "utf-8"}
    args = ["check", str(path), "--ruleset", str(RULESET), "--select", "YB25-06.1,YB25-21", "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-m", "ecorules", *args, "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (submission,) = json.loads(proc.stdout)["submissions"]
    assert {f["rule_id"]: f["status"] for f in submission["findings"]} == {
        "YB25-06.1": "progress",
        "YB25-21": "progress",
    }
