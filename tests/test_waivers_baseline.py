"""Waivers and baselines: what they let pass, what they never let pass, and how they say why."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, edited_example, key_why

from ecorules.gate.baseline import (
    BASELINE_VERSION,
    apply_baseline,
    baseline_entries,
    fixed_since,
    load_baseline,
    write_baseline,
)
from ecorules.gate.policy import exit_code, failing
from ecorules.gate.waivers import (
    StaleWaiver,
    WaiversError,
    apply_waiver_files,
    apply_waivers,
    find_waivers_file,
    load_waivers,
)
from ecorules.interfaces import ReportOptions
from ecorules.model.errors import InputError
from ecorules.model.findings import CheckResult, Finding, Status
from ecorules.model.fingerprints import FINGERPRINT_KEY
from ecorules.pipeline import Checker, CheckOptions
from ecorules.plugins import components

TODAY = date(2025, 6, 1)
FUTURE, PAST = "2026-12-31", "2024-12-31"
Y2022 = EXAMPLES / "yubei-2022.csv"
Y2023 = EXAMPLES / "yubei-2023.csv"
WORKBOOK = EXAMPLES / "yubei-2022-2023.xlsx"
FAILING_2023 = ["EC24-04.1", "EC24-04.2", "EC24-06.5", "EC24-08.1"]  # indicators 4, 6, 8 not met


@pytest.fixture(autouse=True)
def _from_project_root(monkeypatch):
    # Fingerprints and reports name files relative to the working directory, as a CI job run from the repository root does.
    monkeypatch.chdir(ROOT)


def check(path: Path) -> list[CheckResult]:
    return Checker(CheckOptions()).check(path)


def waiver(target: str, expires: str = FUTURE, **selectors: object) -> str:
    """One [[waiver]] table; ``target`` is ``rule = "..."`` or ``indicator = "..."``."""
    lines = ["[[waiver]]", target]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in selectors.items()]
    lines += ['reason = "监测点位调整中"', f"expires = {expires}", 'approved_by = "区生态环境局 张三"']
    return "\n".join(lines) + "\n\n"


def waivers_file(folder: Path, *tables: str) -> Path:
    path = folder / "waivers.toml"
    path.write_text("".join(tables), encoding="utf-8")
    return path


def waive(results: list[CheckResult], folder: Path, *tables: str) -> tuple[list[CheckResult], list[StaleWaiver]]:
    return apply_waivers(results, load_waivers(waivers_file(folder, *tables)), TODAY)


def failing_ids(results: list[CheckResult]) -> list[str]:
    return [f.rule_id for r in results for f in r.findings if f.fails]


def finding(results: list[CheckResult], rule_id: str, year: int | None = None) -> Finding:
    return next(f for r in results if year in (None, r.year) for f in r.findings if f.rule_id == rule_id)


# --- waivers -----------------------------------------------------------------------------------


def test_a_waiver_in_force_lets_its_finding_pass_and_the_gate_passes_only_when_nothing_else_fails(tmp_path):
    results = check(Y2023)
    assert failing_ids(results) == FAILING_2023 and exit_code(results, "error") == 1

    all_but_one = [waiver('indicator = "4"'), waiver('rule = "EC24-06.5"')]
    waived, stale = waive(results, tmp_path, *all_but_one)
    assert stale == []
    assert failing_ids(waived) == ["EC24-08.1"]
    assert failing(waived, "error") == 1 and exit_code(waived, "error") == 1

    waived, stale = waive(results, tmp_path, *all_but_one, waiver('rule = "EC24-08.1"'))
    assert stale == [] and failing_ids(waived) == [] and exit_code(waived, "error") == 0
    f = finding(waived, "EC24-08.1")
    assert f.status is Status.not_met and not f.fails  # the verdict stands; only the gate lets it pass
    s = f.suppression
    assert (s.kind, s.reason, s.approved_by, s.expires, s.expired) == (
        "waiver",
        "监测点位调整中",
        "区生态环境局 张三",
        date(2026, 12, 31),
        False,
    )
    assert Path(s.source) == tmp_path / "waivers.toml"
    assert [f.suppression for f in results[0].findings if f.suppression] == []  # the input is not changed


def test_an_expired_waiver_lets_nothing_pass_but_says_it_expired(tmp_path):
    results = check(Y2023)
    tables = [waiver('indicator = "4"'), waiver('rule = "EC24-06.5"'), waiver('rule = "EC24-08.1"', expires=PAST)]
    waived, stale = waive(results, tmp_path, *tables)
    assert stale == []  # an expired waiver that still matches is not stale: it is overdue
    assert failing_ids(waived) == ["EC24-08.1"] and exit_code(waived, "error") == 1
    s = finding(waived, "EC24-08.1").suppression
    assert s.kind == "waiver" and s.expired and s.expires == date(2024, 12, 31)

    markdown = components().reporters.get("markdown").render(waived, ReportOptions(lang="en"))
    assert "waiver expired 2024-12-31" in markdown


def test_a_waiver_is_in_force_on_its_expiry_date(tmp_path):
    waived, _ = apply_waivers(
        check(Y2023), load_waivers(waivers_file(tmp_path, waiver('rule = "EC24-08.1"', expires="2025-06-01"))), TODAY
    )
    assert not finding(waived, "EC24-08.1").suppression.expired


def test_a_waiver_in_force_comes_before_an_expired_one_for_the_same_finding(tmp_path):
    tables = [waiver('rule = "EC24-08.1"', expires=PAST), waiver('indicator = "8"')]
    waived, stale = waive(check(Y2023), tmp_path, *tables)
    assert stale == []  # both matched
    assert not finding(waived, "EC24-08.1").suppression.expired


def test_a_waiver_without_reason_or_expiry_is_an_input_error_naming_the_key_the_file_and_the_line(tmp_path):
    path = tmp_path / "waivers.toml"
    path.write_text(
        '[[waiver]]\nrule = "EC24-06.5"\nexpires = 2026-12-31\napproved_by = "张三"\n\n'
        '[[waiver]]\nindicator = "4"\nreason = "  "\nexpires = "2026-12-31"\napproved_by = "张三"\n\n'
        '[[waiver]]\nrule = "EC24-06.5"\nindicator = "6"\nreason = "r"\nexpires = 2026-12-31\napproved_by = "张三"\n'
        "owner = 1\n",
        encoding="utf-8",
    )
    with pytest.raises(WaiversError) as caught:
        load_waivers(path)
    error = caught.value
    assert isinstance(error, InputError) and error.exit_code == 2
    assert error.file == str(path) and error.where == "waiver[0].reason"
    keys = [key for key, _ in key_why(error.problems)]
    assert keys == ["waiver[0].reason", "waiver[1].reason", "waiver[1].expires", "waiver[2].owner", "waiver[2]"]
    text = error.render("en")
    assert f"{path}: waiver[0].reason: required key is missing (line 1)" in text
    assert "waiver[1].reason: must not be empty (line 8)" in text
    assert "waiver[1].expires: must be an unquoted TOML date, such as expires = 2026-12-31 (line 9)" in text
    assert "waiver[2].owner: unknown key" in text
    assert "waiver[2]: give exactly one of rule or indicator (line 12)" in text
    assert "waiver[0].reason: 缺少必填项（第 1 行）" in error.render("zh")


def test_a_missing_expiry_and_a_bad_file_are_input_errors(tmp_path):
    path = tmp_path / "waivers.toml"
    path.write_text('[[waiver]]\nrule = "EC24-06.5"\nreason = "r"\napproved_by = "张三"\n', encoding="utf-8")
    with pytest.raises(WaiversError, match=r"waiver\[0\]\.expires: required key is missing"):
        load_waivers(path)
    path.write_text('[waiver]\nrule = "EC24-06.5"\n', encoding="utf-8")
    with pytest.raises(WaiversError, match=r"double brackets"):
        load_waivers(path)
    path.write_text("[[waiver]\n", encoding="utf-8")
    with pytest.raises(WaiversError, match="not valid TOML"):
        load_waivers(path)
    with pytest.raises(WaiversError, match="file not found"):
        load_waivers(tmp_path / "none.toml")


def test_a_waiver_that_matches_no_failing_finding_is_stale_and_says_which_selector_matched_nothing(tmp_path):
    tables = [
        waiver('rule = "EC24-21"'),  # met in 2023
        waiver('rule = "EC24-99"'),
        waiver('indicator = "6"', year=2021),
        waiver('indicator = "6"', district="江津区"),
        waiver('indicator = "6"', file="yubei-2024.csv"),
        waiver('rule = "EC24-08.1"'),
    ]
    waived, stale = waive(check(Y2023), tmp_path, *tables)
    assert failing_ids(waived) == ["EC24-04.1", "EC24-04.2", "EC24-06.5"]
    assert [(s.waiver.index, s.selector) for s in stale] == [
        (0, "rule"),
        (1, "rule"),
        (2, "year"),
        (3, "district"),
        (4, "file"),
    ]
    assert [s.waiver.line for s in stale] == [1, 7, 13, 20, 27]
    by_index = {s.waiver.index: s for s in stale}
    assert "no longer fails: 渝北区 2023 EC24-21 met" in by_index[0].explanation.en
    assert "have no rule EC24-99" in by_index[1].explanation.en
    assert "year = 2021 matches no checked year (2023)" in by_index[2].explanation.en
    assert "江津区" in by_index[3].explanation.en and "渝北区 500112" in by_index[3].explanation.en
    assert by_index[4].describe("en").startswith(f"{tmp_path / 'waivers.toml'}:27 waiver[4] (indicator 6): ")
    assert "不匹配本次检查的文件" in by_index[4].describe("zh")


def test_an_indicator_waiver_covers_every_rule_of_the_indicator(tmp_path):
    table = '[[waiver]]\nindicator = 4\nreason = "r"\nexpires = 2026-12-31\napproved_by = "张三"\n'  # a TOML integer
    waived, stale = waive(check(Y2023), tmp_path, table)
    assert stale == []
    assert [f.rule_id for f in waived[0].findings if f.suppression] == ["EC24-04.1", "EC24-04.2"]
    assert failing_ids(waived) == ["EC24-06.5", "EC24-08.1"]


def test_a_former_rule_id_resolves_through_the_rule_aliases(tmp_path):
    waivers = load_waivers(waivers_file(tmp_path, waiver('rule = "EC24-06.5A"')))
    waived, stale = apply_waivers(check(Y2023), waivers, TODAY, aliases={"EC24-06.5A": "EC24-06.5"})
    assert stale == [] and finding(waived, "EC24-06.5").suppression is not None


def test_year_and_district_selectors_restrict_a_waiver(tmp_path):
    results = check(WORKBOOK)  # one workbook, two reporting years
    assert [r.year for r in results] == [2022, 2023]
    waived, stale = waive(results, tmp_path, waiver('rule = "EC24-06.5"', year=2023, district="500112"))
    assert stale == []
    assert finding(waived, "EC24-06.5", 2023).suppression is not None
    assert finding(waived, "EC24-06.5", 2022).suppression is None
    waived, _ = waive(results, tmp_path, waiver('rule = "EC24-06.5"', district="渝北区"))
    assert all(finding(waived, "EC24-06.5", year).suppression for year in (2022, 2023))


def test_the_file_selector_is_a_glob_relative_to_the_waivers_file_or_a_plain_name(tmp_path):
    (tmp_path / "data" / "2023").mkdir(parents=True)
    copy = tmp_path / "data" / "2023" / "yubei-2023.csv"
    shutil.copy(Y2023, copy)
    results = check(copy)
    for pattern, covered in [
        ("yubei-2023.csv", True),
        ("*.csv", True),
        ("data/**/*.csv", True),
        ("./data/2023/yubei-*.csv", True),
        ("data/*.csv", False),  # * stays within one folder
        ("2023/yubei-2023.csv", False),  # relative to the waivers file's folder, not a suffix
        ("yubei-2022.csv", False),
    ]:
        waived, stale = waive(results, tmp_path, waiver('rule = "EC24-08.1"', file=pattern))
        assert (finding(waived, "EC24-08.1").suppression is not None) is covered, pattern
        assert [s.selector for s in stale] == ([] if covered else ["file"]), pattern


def test_the_waivers_file_is_looked_up_from_the_submission_up_to_the_repository_root(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    deep = repo / "data" / "2023"
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    submission = deep / "yubei-2023.csv"
    shutil.copy(Y2023, submission)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    assert find_waivers_file(submission) is None
    (tmp_path / "waivers.toml").write_text("", encoding="utf-8")  # above the repository: not ours
    assert find_waivers_file(submission) is None
    (repo / "waivers.toml").write_text("", encoding="utf-8")
    assert find_waivers_file(submission) == repo / "waivers.toml"
    (repo / "data" / "waivers.toml").write_text("", encoding="utf-8")
    assert find_waivers_file(submission) == repo / "data" / "waivers.toml"  # the nearest wins

    monkeypatch.chdir(deep)  # the working directory is a boundary too
    assert find_waivers_file(submission) is None
    monkeypatch.chdir(repo / "data")
    assert find_waivers_file(submission) == repo / "data" / "waivers.toml"


def test_each_submission_gets_the_waivers_of_its_own_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for district in ("a", "b"):
        (tmp_path / district).mkdir()
        shutil.copy(Y2023, tmp_path / district / "yubei-2023.csv")
    waivers_file(tmp_path / "a", waiver('indicator = "8"'))
    results = check(Path("a/yubei-2023.csv")) + check(Path("b/yubei-2023.csv"))
    waived, stale = apply_waiver_files(results, TODAY)
    assert stale == []
    assert [r.source for r in waived] == ["a/yubei-2023.csv", "b/yubei-2023.csv"]
    assert failing_ids(waived[:1]) == ["EC24-04.1", "EC24-04.2", "EC24-06.5"]
    assert failing_ids(waived[1:]) == FAILING_2023
    assert finding(waived[:1], "EC24-08.1").suppression.source == "a/waivers.toml"

    explicit = waivers_file(tmp_path, waiver('indicator = "8"', file="b/*.csv"))
    waived, stale = apply_waiver_files(results, TODAY, explicit)
    assert failing_ids(waived) == FAILING_2023 + FAILING_2023[:3]
    assert finding(waived[:1], "EC24-08.1").suppression is None
    assert finding(waived[1:], "EC24-08.1").suppression is not None


def test_reports_show_a_waived_finding_as_suppressed_with_its_reason(tmp_path):
    waived, _ = waive(check(Y2023), tmp_path, waiver('rule = "EC24-08.1"'))
    sarif = json.loads(components().reporters.get("sarif").render(waived, ReportOptions(lang="en")))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "EC24-08.1"]
    (suppression,) = result["suppressions"]
    assert suppression["justification"] == "监测点位调整中"
    assert suppression["properties"]["expires"] == "2026-12-31"


# --- baselines ---------------------------------------------------------------------------------


def test_a_baseline_of_a_run_lets_the_same_run_pass(tmp_path):
    results = check(Y2022)
    assert exit_code(results, "warning") == 1
    path = tmp_path / "baseline.json"
    written = write_baseline(results, path, created=date(2025, 1, 2))
    assert [e.rule_id for e in written.findings] == ["EC24-04.1", "EC24-06.5", "EC24-08.1", "EC24-19", "EC24-23"]

    baseline = load_baseline(path)
    assert baseline.version == BASELINE_VERSION and baseline.fingerprint_recipe == FINGERPRINT_KEY
    assert baseline.findings == written.findings
    passed = apply_baseline(results, baseline)
    assert failing_ids(passed) == [] and exit_code(passed, "warning") == 0
    for f in (f for r in passed for f in r.findings if f.status.fails):
        assert f.suppression.kind == "baseline" and "(recorded 2025-01-02)" in f.suppression.reason
        assert f.suppression.source == str(path) and str(path) in f.suppression.reason


def test_with_a_baseline_only_a_new_finding_fails(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(Y2022, tmp_path / Y2022.name)
    write_baseline(check(Path(Y2022.name)), "baseline.json")

    edited_example(tmp_path, Y2022.name, {"public_satisfaction,2022,93,": "public_satisfaction,2022,50,"})
    results = apply_baseline(check(Path(Y2022.name)), load_baseline("baseline.json"))
    assert failing_ids(results) == ["EC24-21"] and exit_code(results, "error") == 1
    unsuppressed = [f.rule_id for r in results for f in r.findings if f.status.fails and f.suppression is None]
    assert unsuppressed == ["EC24-21"]
    assert finding(results, "EC24-19").suppression.kind == "baseline"


def test_a_moved_row_is_not_a_new_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(Y2022, tmp_path / Y2022.name)
    write_baseline(check(Path(Y2022.name)), "baseline.json")
    comment = "# 补充说明,,,,,,\n"
    edited_example(tmp_path, Y2022.name, {"district.name,": comment + comment + "district.name,"})
    results = apply_baseline(check(Path(Y2022.name)), load_baseline("baseline.json"))
    assert finding(results, "EC24-19").location.row == 49  # two lines further down
    assert failing_ids(results) == []


def test_the_baseline_file_is_stable(tmp_path):
    results = check(Y2022) + check(Y2023)
    first, second, third = tmp_path / "1.json", tmp_path / "2.json", tmp_path / "3.json"
    write_baseline(results, first, created=date(2025, 1, 2))
    write_baseline(list(reversed(results)), second, created=date(2025, 1, 2))
    assert first.read_bytes() == second.read_bytes()
    write_baseline(results, third)  # today: only the created line differs
    differs = [
        (a, b)
        for a, b in zip(first.read_text("utf-8").splitlines(), third.read_text("utf-8").splitlines(), strict=True)
        if a != b
    ]
    assert differs == [('  "created": "2025-01-02",', f'  "created": "{date.today().isoformat()}",')]
    text = first.read_text("utf-8")
    assert "渝北区" in text and "\\u" not in text and "\r" not in text
    assert json.loads(text)["findings"][0]["file"] == "examples/yubei/yubei-2022.csv"
    assert len(text.splitlines()) == 6 + 9 + 2  # header, one line per finding, closing lines
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_waived_finding_keeps_its_waiver_and_stays_out_of_the_baseline(tmp_path):
    results = check(Y2023)
    waived, _ = waive(results, tmp_path, waiver('rule = "EC24-08.1"'), waiver('rule = "EC24-06.5"', expires=PAST))
    assert [e.rule_id for e in baseline_entries(waived)] == ["EC24-04.1", "EC24-04.2"]

    baseline = write_baseline(results, tmp_path / "baseline.json")  # a baseline of everything
    both = apply_baseline(waived, baseline)
    assert finding(both, "EC24-08.1").suppression.kind == "waiver"
    expired = finding(both, "EC24-06.5")
    assert expired.suppression.kind == "waiver" and expired.fails  # the baseline does not outlive the waiver
    assert failing_ids(both) == ["EC24-06.5"]


def test_entries_that_no_longer_fail_are_listed_for_the_checked_files_only(tmp_path):
    results = check(Y2022)
    baseline = write_baseline(results + check(Y2023), tmp_path / "baseline.json")
    fixed = replace(
        results[0],
        findings=[replace(f, status=Status.met) if f.rule_id == "EC24-19" else f for f in results[0].findings],
    )
    assert [(e.rule_id, e.year) for e in fixed_since([fixed], baseline)] == [("EC24-19", 2022)]
    assert fixed_since(results, baseline) == []


@pytest.mark.parametrize(
    ("content", "message", "where"),
    [
        (None, "baseline file not found; create it with --write-baseline", None),
        ('{"version": 1,\n  "findings": [}', "not valid JSON", "line 2, column 16"),
        ("[]", "not an ecorules baseline", None),
        ('{"version": 2, "findings": []}', "baseline format version 2; this version reads version 1", "version"),
        (
            '{"version": 1, "fingerprint_recipe": "ecorules/v0", "findings": []}',
            "computed by recipe 'ecorules/v0'",
            "fingerprint_recipe",
        ),
        (
            '{"version": 1, "tool": {"name": "ecorules", "version": "1"}, "created": "2025-01-02",'
            ' "fingerprint_recipe": "ecorules/v1", "findings": [{"fingerprint": "abc"}]}',
            "invalid baseline",
            "findings[0].fingerprint",
        ),
    ],
)
def test_an_unusable_baseline_is_an_input_error(tmp_path, content, message, where):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_baseline(path)
    assert caught.value.file == str(path) and caught.value.where == where
    assert message in caught.value.message.en and caught.value.message.zh != caught.value.message.en


# --- the command line, end to end ----------------------------------------------------------------


def _cli(*args):
    from typer.testing import CliRunner

    from ecorules.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def _only_noise_fails(tmp_path):
    """The 2023 example edited so that only the night-noise rule (EC24-06.5) fails."""
    from conftest import edited_example

    return edited_example(
        tmp_path,
        "yubei-2023.csv",
        {
            "good_air_days,2023,300,天,327,": "good_air_days,2023,330,天,327,",
            "pm25,2023,34.1,μg/m³,33,": "pm25,2023,24,μg/m³,33,",
            "forest_cover,2023,37.69,": "forest_cover,2023,40,",
        },
    )


WAIVER = """[[waiver]]
rule = "EC24-06.5"
reason = "夜间噪声监测点位调整中"
expires = {expires}
approved_by = "区生态环境局"
"""


@pytest.mark.parametrize(("expires", "code"), [("2999-12-31", 0), ("2000-01-01", 1)])
def test_cli_waiver_turns_the_gate_only_until_it_expires(tmp_path, expires, code):
    path = _only_noise_fails(tmp_path)
    assert _cli("check", path).exit_code == 1
    (tmp_path / "waivers.toml").write_text(WAIVER.format(expires=expires), encoding="utf-8")
    result = _cli("check", path, "--lang", "en")
    assert result.exit_code == code
    assert ("waived until 2999-12-31" if code == 0 else "waiver expired on 2000-01-01") in result.stdout
    assert _cli("check", path, "--no-waivers").exit_code == 1


def test_cli_waiver_without_reason_is_exit_2(tmp_path):
    path = _only_noise_fails(tmp_path)
    bad = tmp_path / "w.toml"
    bad.write_text(
        WAIVER.format(expires="2999-12-31").replace('reason = "夜间噪声监测点位调整中"\n', ""), encoding="utf-8"
    )
    result = _cli("check", path, "--waivers", bad, "--lang", "en")
    assert result.exit_code == 2
    assert "waiver[0].reason" in result.stderr and "w.toml" in result.stderr


def test_cli_baseline_fails_only_on_new_findings(tmp_path):
    from conftest import EXAMPLES, edited_example

    baseline = tmp_path / "baseline.json"
    data = tmp_path / "yubei-2022.csv"
    data.write_bytes((EXAMPLES / "yubei-2022.csv").read_bytes())
    assert _cli("check", data, "--write-baseline", baseline).exit_code == 0
    assert _cli("check", data, "--baseline", baseline).exit_code == 0
    changed = edited_example(
        tmp_path, "yubei-2022.csv", {"public_satisfaction,2022,93,": "public_satisfaction,2022,50,"}
    )
    result = _cli("check", changed, "--baseline", baseline, "--format", "sarif")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    new = [r for r in doc["runs"][0]["results"] if not r.get("suppressions")]
    assert [r["ruleId"] for r in new] == ["EC24-21"]


def test_cli_output_writes_the_file_and_summary_to_terminal(tmp_path):
    from conftest import EXAMPLES

    out = tmp_path / "report.xml"
    result = _cli("check", EXAMPLES / "yubei-2022.csv", "--format", "junit", "--output", out, "--lang", "en")
    assert result.exit_code == 1
    assert "27 met" in result.stdout and "<testsuite" not in result.stdout
    import xml.etree.ElementTree as ET

    root = ET.parse(out).getroot()
    assert sum(int(s.get("failures")) for s in root.iter("testsuite")) >= 5


def _glob_as_regex(pattern: str) -> str:
    """The reference meaning of a waiver's ``file`` glob, as a regular expression (fine for short
    text; backtracks exponentially on patterns like ``*a*a*a…b``, which glob_match must not)."""
    import re

    out, i = "", 0
    while i < len(pattern):
        for token, regex in (("**/", "(?:[^/]*/)*"), ("**", ".*"), ("*", "[^/]*"), ("?", "[^/]")):
            if pattern.startswith(token, i):
                out, i = out + regex, i + len(token)
                break
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return out


def test_file_globs_match_as_documented_without_backtracking():
    import random
    import re

    from ecorules.gate.waivers import glob_match

    rng = random.Random(20241128)
    alphabet = ["a", "b", "/", ".", "*", "?", "**", "**/"]
    for _ in range(3000):
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        text = "".join(rng.choice("ab/.") for _ in range(rng.randint(0, 8)))
        expected = re.fullmatch(_glob_as_regex(pattern), text) is not None
        assert glob_match(pattern, text) == expected, (pattern, text)
    # a pattern that makes a regular expression backtrack for hours answers at once
    assert glob_match("*a" * 40 + "b", "a" * 4000) is False
