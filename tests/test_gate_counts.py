"""Honest counts: what waivers and the baseline made of the failing findings is said in every
summary, a baseline that matches nothing is reported, and waivers about to end are listed."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app

Y2023 = EXAMPLES / "yubei-2023.csv"  # binding indicators 4, 6 and 8 not met: 4 failing findings


def waiver(target: str, expires: datetime.date) -> str:
    return (
        f'[[waiver]]\n{target}\nreason = "监测点位调整中"\nexpires = {expires.isoformat()}\n'
        'approved_by = "区生态环境局 张三"\n\n'
    )


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copy(Y2023, tmp_path / "yubei-2023.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_with_every_failure_waived_every_summary_says_so(folder: Path):
    far = datetime.date.today() + datetime.timedelta(days=400)
    (folder / "waivers.toml").write_text(
        "".join(waiver(f'indicator = "{n}"', far) for n in ("4", "6", "8")), encoding="utf-8"
    )
    text = run("check", "yubei-2023.csv", "--lang", "en")
    assert text.exit_code == 0
    assert "3 not met (4, 6, 8); failing findings: 0 new, 4 waived" in text.stdout  # the plan's count stays
    zh = run("check", "yubei-2023.csv", "--lang", "zh").stdout
    assert "未通过的结果：新增 0 条，已豁免 4 条" in zh
    document = json.loads(run("check", "yubei-2023.csv", "--format", "json").stdout)
    assert document["submissions"][0]["gate"] == {"failing": 4, "new": 0, "waived": 4, "baselined": 0, "expired": 0}
    assert (
        "failing findings: 0 new, 4 waived"
        in run("check", "yubei-2023.csv", "--format", "markdown", "--lang", "en").stdout
    )
    junit = run("check", "yubei-2023.csv", "--format", "junit", "--lang", "en").stdout
    assert "failing findings: 0 new, 4 waived" in junit


def test_without_waivers_or_baseline_the_count_line_is_the_plans_alone(folder: Path):
    out = run("check", "yubei-2023.csv", "--lang", "en").stdout
    assert "3 not met (4, 6, 8)\n" in out and "failing findings" not in out
    gate = json.loads(run("check", "yubei-2023.csv", "--format", "json").stdout)["submissions"][0]["gate"]
    assert gate == {"failing": 4, "new": 4, "waived": 0, "baselined": 0, "expired": 0}


def test_a_baseline_and_a_waiver_split_the_failing_findings(folder: Path):
    assert run("check", "yubei-2023.csv", "--write-baseline", "baseline.json").exit_code == 0
    (folder / "waivers.toml").write_text(
        waiver('indicator = "4"', datetime.date.today() + datetime.timedelta(days=400)), encoding="utf-8"
    )
    out = run("check", "yubei-2023.csv", "--baseline", "baseline.json", "--lang", "en").stdout
    assert "failing findings: 0 new, 2 waived, 2 baselined" in out  # indicator 4 has two failing rules


def test_a_baseline_that_matches_nothing_is_reported(folder: Path):
    assert run("check", "yubei-2023.csv", "--write-baseline", "baseline.json").exit_code == 0
    (folder / "yubei-2023.csv").rename(folder / "renamed-2023.csv")  # fingerprints name the file
    result = run("check", "renamed-2023.csv", "--baseline", "baseline.json", "--lang", "en")
    assert result.exit_code == 1
    assert "none of the 4 entries of the baseline baseline.json matched a failing finding" in result.stderr


def test_waivers_that_end_soon_are_listed_soonest_first(folder: Path):
    today = datetime.date.today()
    (folder / "waivers.toml").write_text(
        waiver('indicator = "6"', today + datetime.timedelta(days=20))
        + waiver('rule = "EC24-08.1"', today + datetime.timedelta(days=3))
        + waiver('indicator = "4"', today + datetime.timedelta(days=90)),
        encoding="utf-8",
    )
    notes = [line for line in run("check", "yubei-2023.csv", "--lang", "en").stderr.splitlines() if "expires" in line]
    assert len(notes) == 2
    assert "(rule EC24-08.1) expires on" in notes[0] and notes[0].endswith("in 3 days")
    assert "(indicator 6)" in notes[1] and notes[1].endswith("in 20 days")
    (folder / "ecorules.toml").write_text("expiry-warning = 5\n", encoding="utf-8")
    notes = [line for line in run("check", "yubei-2023.csv", "--lang", "en").stderr.splitlines() if "expires" in line]
    assert len(notes) == 1 and "EC24-08.1" in notes[0]
