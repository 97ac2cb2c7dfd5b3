"""Many files in one call: folders, glob patterns, a list on stdin, and --jobs, in a
deterministic order."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.inputs import expand_inputs
from ecorules.model.errors import InputError

EXTENSIONS = [".csv", ".xlsx", ".json"]


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    for i in (3, 1, 2):
        shutil.copy(EXAMPLES / "yubei-2022.csv", folder / f"district-{i}.csv")
    shutil.copy(EXAMPLES / "yubei-2023.csv", folder / "sub" / "district-9-2023.csv")
    shutil.copy(EXAMPLES / "yubei-2022-2023.xlsx", folder / "sub" / "both.xlsx")
    (folder / "notes.md").write_text("# not a submission\n", encoding="utf-8")
    return folder


def test_a_folder_gives_its_submissions_recursively_and_sorted(batch: Path):
    found = list(expand_inputs([batch], EXTENSIONS))
    assert [p.relative_to(batch).as_posix() for p in found] == [
        "district-1.csv",
        "district-2.csv",
        "district-3.csv",
        "sub/both.xlsx",
        "sub/district-9-2023.csv",
    ]
    named = list(expand_inputs([batch], EXTENSIONS, pattern="*-2023.csv"))
    assert [p.name for p in named] == ["district-9-2023.csv"]


def test_glob_patterns_and_stdin_lists(batch: Path):
    assert [p.name for p in expand_inputs([str(batch / "**" / "*.xlsx")], EXTENSIONS)] == ["both.xlsx"]
    listed = io.StringIO(f"{batch / 'district-2.csv'}\n\n{batch / 'district-1.csv'}\n")
    assert [p.name for p in expand_inputs(["-"], EXTENSIONS, stdin=listed)] == ["district-2.csv", "district-1.csv"]
    # a pattern or folder that matches nothing is an error naming it, not a silent empty run
    (nothing,) = expand_inputs([str(batch / "*.json")], EXTENSIONS)
    assert isinstance(nothing, InputError) and nothing.problems[0].code == "input.no-files"
    # a missing file is passed on, to be reported with the others
    assert list(expand_inputs([batch / "missing.csv"], EXTENSIONS)) == [batch / "missing.csv"]


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def test_check_a_folder_with_jobs_gives_the_same_report_as_one_process(batch: Path):
    one = run("check", batch, "--format", "json", "--fail-on", "never")
    two = run("check", batch, "--format", "json", "--fail-on", "never", "--jobs", "2")
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert two.stdout == one.stdout
    document = json.loads(one.stdout)
    assert len(document["submissions"]) == 6  # five files, the workbook holding two years
    batch = document["batch"]
    assert batch["submissions"] == 6 and batch["failing_binding"] == 6
    assert batch["most_often_not_met"][0] == {"indicator": "4", "submissions": 6}
    assert [row["statuses"]["19"] for row in batch["matrix"]].count("not_met") == 4  # the 2022 ones


def test_the_text_report_of_a_batch_shows_the_counts_and_the_matrix(batch: Path):
    result = run("check", batch, "--fail-on", "never", "--lang", "en")
    assert "6 submissions checked, 6 with a binding indicator not met or missing; most often not met: 4 (6)" in (
        result.stdout
    )
    row = next(line for line in result.stdout.splitlines() if line.startswith("district-9-2023.csv"))
    assert row.split()[-5:] == ["✗", "✗", "✗", "✓", "✓"]  # 4, 6, 8 not met; 19, 23 met in 2023


def test_an_unreadable_file_in_a_parallel_batch_is_reported_and_the_rest_checked(batch: Path):
    (batch / "broken.csv").write_text("not,a,table\n", encoding="utf-8")
    result = run("check", batch, "--jobs", "2", "--fail-on", "never", "--lang", "en")
    assert result.exit_code == 2
    assert "broken.csv: no header row found" in result.stderr
    assert "6 submissions checked" in result.stdout


def test_check_reads_paths_from_stdin(batch: Path):
    result = run("check", "-", "--fail-on", "never", "--lang", "en", stdin=f"{batch / 'district-1.csv'}\n")
    assert result.exit_code == 0 and "5 not met (4, 6, 8, 19, 23)" in result.stdout


def test_jobs_must_be_a_number_or_auto(batch: Path):
    assert run("check", batch, "--jobs", "auto", "--fail-on", "never").exit_code == 0
    bad = run("check", batch, "--jobs", "0", "--lang", "en")
    assert bad.exit_code == 2 and "--jobs must be a positive number or auto" in bad.stderr


def test_many_files_in_processes_keep_the_order_of_the_inputs(tmp_path: Path):
    """More files than one chunk, with a bounded number in flight: the report is the one a
    single process writes."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        source = EXAMPLES / ("yubei-2022.csv" if i % 3 else "yubei-2023.csv")
        (folder / f"d{i:02d}.csv").write_text(
            source.read_text(encoding="utf-8").replace("渝北区", f"区{i}"), encoding="utf-8"
        )
    (folder / "d15.csv").write_text("not,a,table\n", encoding="utf-8")
    one = run("check", folder, "--format", "json", "--fail-on", "never")
    two = run("check", folder, "--format", "json", "--fail-on", "never", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2  # the broken file, reported in both
    assert two.stdout == one.stdout
    districts = [s["district"] for s in json.loads(one.stdout)["submissions"]]
    assert districts == [f"区{i}" for i in range(30) if i != 15]


def test_the_streamed_json_report_is_the_document_json_dumps_would_write(batch: Path):
    from ecorules import __version__
    from ecorules.api import CheckOptions, ReportOptions, run_check
    from ecorules.model.batch import summarize_batch
    from ecorules.model.findings import to_json_data
    from ecorules.model.years import YearsView
    from ecorules.plugins import components

    results = list(run_check([batch], CheckOptions(fail_on="never")))
    years = YearsView()
    for r in results:
        years.add(r)
    expected = {
        "tool": {"name": "ecorules", "version": __version__},
        "submissions": [to_json_data(r) for r in results],
        "district_years": years.to_json_data(),  # the batch holds districts with several years
        "batch": summarize_batch(results).to_json_data(),
    }
    assert expected["district_years"]
    streamed = components().reporters.get("json").render(results, ReportOptions(lang="en"))
    assert streamed == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    single = components().reporters.get("json").render(results[:1], ReportOptions(lang="en"))
    assert json.loads(single) == {"tool": expected["tool"], "submissions": expected["submissions"][:1]}


WAIVER = """[[waiver]]
indicator = "4"
reason = "监测点位调整中"
expires = 2999-12-31
approved_by = "区生态环境局 张三"

[[waiver]]
indicator = "27"
reason = "不再需要"
expires = 2999-12-31
approved_by = "区生态环境局 张三"
"""


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_workers_write_report_parts_and_waived_folders_still_go_through_the_gate(
    batch: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
):
    """With --jobs the workers write each result's part of the report; a folder with a
    waivers.toml is gated in the main process as before. Same report, same exit code and
    the same stale-waiver warning as one process."""
    monkeypatch.chdir(batch)
    (batch / "sub" / "waivers.toml").write_text(WAIVER, encoding="utf-8")
    one = run("check", ".", "--format", fmt, "--lang", "en")
    two = run("check", ".", "--format", fmt, "--lang", "en", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr and "indicator 27" in one.stderr  # the stale waiver
    assert ("waived" if fmt == "text" else '"kind": "waiver"') in one.stdout  # indicator 4 in the sub folder


def test_a_report_file_written_with_jobs_is_the_one_process_writes(batch: Path, monkeypatch: pytest.MonkeyPatch):
    """With -o, the workers' parts (UTF-8 bytes for JSON) go into the file between the text
    the main process writes (results a waiver may change, the batch summary): the same bytes."""
    monkeypatch.chdir(batch)
    (batch / "sub" / "waivers.toml").write_text(WAIVER, encoding="utf-8")
    for fmt in ("json", "text"):
        one = run("check", ".", "--format", fmt, "--lang", "zh", "-o", batch / f"one.{fmt}.out")
        two = run("check", ".", "--format", fmt, "--lang", "zh", "-o", batch / f"two.{fmt}.out", "--jobs", "2")
        assert one.exit_code == two.exit_code == 1
        written = (batch / f"two.{fmt}.out").read_bytes()
        assert written == (batch / f"one.{fmt}.out").read_bytes() and "渝北区".encode() in written


def test_run_check_with_report_parts_prepares_only_what_no_gate_can_change(
    batch: Path, monkeypatch: pytest.MonkeyPatch
):
    from ecorules.api import CheckOptions, ReportOptions, run_check
    from ecorules.model.findings import CheckResult, PreparedResult

    monkeypatch.chdir(batch)
    (batch / "sub" / "waivers.toml").write_text(WAIVER, encoding="utf-8")
    whole = {r.source: r for r in run_check(["."], CheckOptions(fail_on="never"))}
    items = list(run_check(["."], CheckOptions(fail_on="never", jobs=2), report_parts=("json", ReportOptions())))
    prepared = [i for i in items if isinstance(i, PreparedResult)]
    assert sorted(p.head.source for p in prepared) == ["district-1.csv", "district-2.csv", "district-3.csv"]
    assert all(isinstance(i, CheckResult) and i.source.startswith("sub") for i in items if i not in prepared)
    for p in prepared:
        full = whole[p.head.source]
        assert p.head.findings == [f for f in full.findings if f.status.fails]
        assert (
            p.head.summary == full.summary and json.loads(p.part)["findings"] == json.loads(run_part(full))["findings"]
        )


def run_part(result) -> str:
    from ecorules.reporters.json import encode_result

    return encode_result(result, 2)
