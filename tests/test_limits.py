"""Resource limits: each one refuses a file beyond it with exit 2 and a message naming the
file, the limit and how to raise it; each can be lowered and raised (within its ceiling) from
the settings file's [limits] table or --limit NAME=N, the flag winning; a run with --jobs
honours them in its workers."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, HEADER
from test_input_edge_cases import ecorules

from ecorules.model import limits
from ecorules.model.errors import InputError
from ecorules.model.limits import LIMITS, Limits
from ecorules.pipeline import Checker, CheckOptions

CSV_2023 = EXAMPLES / "yubei-2023.csv"


def refused(path: Path, **changed: int) -> InputError:
    """The error a check of ``path`` under the default limits changed by ``changed`` raises."""
    checker = Checker(CheckOptions(limits=Limits(**changed), fail_on="never"))
    with pytest.raises(InputError) as caught:
        checker.check(path)
    return caught.value


def test_limits_table_and_dataclass_name_the_same_limits():
    assert {name.replace("-", "_") for name in LIMITS} == set(Limits.__dataclass_fields__)
    for name, spec in LIMITS.items():
        assert spec.minimum <= spec.default <= spec.ceiling, name
        assert getattr(Limits(), name.replace("-", "_")) == spec.default


def test_the_defaults_read_every_example():
    checker = Checker(CheckOptions(limits=Limits()))
    for path in sorted(EXAMPLES.glob("*.*")):
        if path.suffix in (".csv", ".xlsx", ".json"):
            assert checker.check(path), path


# --- each limit ----------------------------------------------------------------------------------


def test_rows_are_counted_as_read_and_the_row_is_named(tmp_path):
    error = refused(CSV_2023, rows=10)
    problem = error.problems[0]
    assert problem.code == "input.too-large" and problem.file == str(CSV_2023) and problem.row == 11
    assert "more than 10 rows (limit rows = 10" in problem.message.en and "--limit rows=N" in problem.message.en
    assert "限制 rows = 10" in problem.message.zh
    # one below: read
    lines = CSV_2023.read_text(encoding="utf-8-sig").splitlines()
    short = tmp_path / "short.csv"
    short.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    assert Checker(CheckOptions(limits=Limits(rows=10))).check(short)


def test_rows_of_a_workbook_sheet_and_of_a_json_submission():
    problem = refused(EXAMPLES / "yubei-2022-2023.xlsx", rows=10).problems[0]
    assert problem.sheet == "表4" and problem.row is not None and "limit rows = 10" in problem.message.en
    problem = refused(EXAMPLES / "yubei-2023.json", rows=10).problems[0]
    assert problem.file.endswith("yubei-2023.json") and "values has" in problem.message.en


def test_columns_count_filled_cells_only(tmp_path):
    text = CSV_2023.read_text(encoding="utf-8-sig")
    padded = tmp_path / "padded.csv"  # a spreadsheet export padding every row with empty cells
    padded.write_text("\n".join(line + "," * 40 for line in text.splitlines()) + "\n", encoding="utf-8")
    assert Checker(CheckOptions(limits=Limits(columns=10))).check(padded)
    lines = text.splitlines()
    lines[5] += "," * 20 + "stray"
    wide = tmp_path / "wide.csv"
    wide.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = refused(wide, columns=10).problems[0]
    assert problem.row == 6 and problem.column is not None and "limit columns = 10" in problem.message.en


def test_sheets(tmp_path):
    book = openpyxl.load_workbook(EXAMPLES / "yubei-2022-2023.xlsx")
    for n in range(3):
        book.create_sheet(f"extra{n}")["A1"] = "note"
    path = tmp_path / "many-sheets.xlsx"
    book.save(path)
    sheets = len(book.worksheets)
    problem = refused(path, sheets=sheets - 1).problems[0]
    assert f"{sheets} worksheets" in problem.message.en and "limit sheets" in problem.message.en
    assert Checker(CheckOptions(limits=Limits(sheets=sheets))).check(path)


def test_file_size_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text(CSV_2023.read_text(encoding="utf-8-sig") + ("#" * 100 + "\n") * 12_000, encoding="utf-8")
    problem = refused(big, file_mb=1).problems[0]
    assert problem.file == str(big) and "the file is too large (1 MB)" in problem.message.en
    assert "limit file-mb = 1" in problem.message.en


def _archive_with(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    """A copy of the Yubei workbook with extra archive members."""
    path = tmp_path / name
    with (
        zipfile.ZipFile(EXAMPLES / "yubei-2022-2023.xlsx") as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item))
        for member, data in members.items():
            out.writestr(member, data)
    return path


def test_archive_parts_size_and_ratio_are_judged_before_inflating(tmp_path):
    many = _archive_with(tmp_path, "parts.xlsx", {f"customXml/item{n}.xml": b"<a/>" for n in range(40)})
    assert "(limit archive-parts = 20" in refused(many, archive_parts=20).problems[0].message.en
    assert Checker(CheckOptions(limits=Limits(archive_parts=100))).check(many)

    # a 3 MB part that compresses about 150:1 (a 4,000-byte block repeated): under the default 200:1
    block = bytes(random.Random(1).choices(b"0123456789abcdef", k=4000))
    packed = _archive_with(tmp_path, "ratio.xlsx", {"customXml/blocks.xml": b"<a>" + block * 750 + b"</a>"})
    problem = refused(packed, archive_ratio=50).problems[0]
    assert (
        "customXml/blocks.xml is compressed" in problem.message.en and "limit archive-ratio = 50" in problem.message.en
    )
    problem = refused(packed, archive_mb=1).problems[0]
    assert (
        "would unpack to too much (2 MB in all)" in problem.message.en and "limit archive-mb = 1" in problem.message.en
    )
    assert Checker(CheckOptions(limits=Limits())).check(packed)


def test_nesting_of_a_json_submission(tmp_path):
    data = json.loads((EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8"))
    data["comment"] = None
    text = json.dumps(data, ensure_ascii=False).replace('"comment": null', '"comment": ' + "[" * 15 + "]" * 15)
    path = tmp_path / "nested.json"
    path.write_text(text, encoding="utf-8")
    problem = refused(path, nesting=12).problems[0]
    assert problem.code == "input.too-deep" and problem.line == 1 and "limit nesting = 12" in problem.message.en


def test_digits_and_exponent_make_a_value_unusable(tmp_path):
    lines = CSV_2023.read_text(encoding="utf-8-sig").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("EC24-01") or line.split(",")[1] == "2023")
    cells = lines[row].split(",")
    for value, changed, problem in (
        ("1234567890.1234567890", {"digits": 16}, "number with more than 16 digits"),
        ("1e10", {"exponent": 6}, "number out of range (beyond 10^±6)"),
    ):
        cells[2] = value
        path = tmp_path / "value.csv"
        path.write_text("\n".join([*lines[:row], ",".join(cells), *lines[row + 1 :]]) + "\n", encoding="utf-8")
        [result] = Checker(CheckOptions(limits=Limits(**changed))).check(path)
        said = " ".join(f.message.en for f in result.findings)
        assert problem in said, said
        [result] = Checker(CheckOptions(limits=Limits())).check(path)
        said = " ".join(f.message.en for f in result.findings)
        assert "number with more than" not in said and "number out of range" not in said


def test_derivation_depth_of_a_rule_set_file(tmp_path):
    chain = "\n".join(
        f'[items.d{n}]\nname = {{ zh = "派生{n}", en = "derived {n}" }}\nunit = "%"\n'
        f'derive = {{ kind = "change", item = "{"d" + str(n - 1) if n else "base"}", against = "previous_year" }}\n'
        for n in range(4)
    )
    body = f"""
[indicators.1]
name = {{ zh = "指标", en = "indicator" }}
category = "binding"

[items.base]
name = {{ zh = "基数", en = "base" }}
unit = "%"

{chain}
[[rules]]
id = "X-1"
indicator = "1"
item = "d3"
threshold = {{ zh = "阈值", en = "threshold" }}
condition = {{ kind = "compare", op = ">=", value = 0 }}
"""
    path = tmp_path / "chain.toml"
    path.write_text(HEADER + body, encoding="utf-8")
    done = ecorules("check", CSV_2023, "--ruleset", path, "--limit", "derivation-depth=2")
    assert done.returncode == 2 and "more than 2 levels deep (limit derivation-depth = 2" in done.stderr, done.stderr


def test_time_per_file_is_checked_as_rows_are_read(monkeypatch):
    ticks = iter(range(0, 10_000, 7))  # each reading of the clock is 7 s later than the one before
    monkeypatch.setattr(limits.time, "monotonic", lambda: next(ticks))
    problem = refused(CSV_2023, seconds_per_file=60).problems[0]
    assert problem.code == "input.time-limit" and problem.file == str(CSV_2023)
    assert "took over 60 s" in problem.message.en and "--limit seconds-per-file=N" in problem.message.en


def test_the_clock_is_per_file_and_stops_with_it(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(limits.time, "monotonic", lambda: now[0])
    checker = Checker(CheckOptions(limits=Limits(seconds_per_file=5)))
    assert checker.check(CSV_2023)
    now[0] = 1_000.0  # long after the first file's clock started: the next file has its own
    assert checker.check(CSV_2023)
    limits.checkpoint()  # outside a file nothing is timed


# --- where limits are set ------------------------------------------------------------------------


def test_settings_file_sets_limits_and_the_flag_wins(tmp_path):
    (tmp_path / "ecorules.toml").write_text("[limits]\nrows = 10\n", encoding="utf-8")
    done = ecorules("check", CSV_2023, "--config", tmp_path / "ecorules.toml")
    assert done.returncode == 2 and "limit rows = 10" in done.stderr
    done = ecorules(
        "check", CSV_2023, "--config", tmp_path / "ecorules.toml", "--limit", "rows=1000", "--fail-on", "never"
    )
    assert done.returncode == 0, done.stderr
    done = ecorules("config", "--config", tmp_path / "ecorules.toml")
    assert any(
        line.split()[:3] == ["rows", "=", "10"] and "ecorules.toml:2 " in line for line in done.stdout.splitlines()
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("digits = 1000", "limits.digits: Input should be less than or equal to 100"),
        ("rows = 0", "limits.rows: Input should be greater than or equal to 10"),
        ("seconds = 5", "limits.seconds: unknown key (known: file-mb, rows"),
        ('rows = "many"', "limits.rows: "),
    ],
)
def test_a_limit_beyond_its_range_in_the_settings_file_is_refused_with_its_line(tmp_path, setting, message):
    (tmp_path / "ecorules.toml").write_text(f'fail-on = "never"\n[limits]\n{setting}\n', encoding="utf-8")
    done = ecorules("check", CSV_2023, "--config", tmp_path / "ecorules.toml")
    assert done.returncode == 2 and message in done.stderr and "(line 3)" in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("rowz=10", "unknown limit 'rowz' (known: file-mb, rows,"),
        ("rows=many", "--limit rows=many: must be a whole number from 10 to 5000000"),
        ("nesting=100000", "--limit nesting=100000: must be a whole number from 10 to 900"),
    ],
)
def test_a_bad_limit_flag_is_a_usage_error(flag, message):
    done = ecorules("check", CSV_2023, "--limit", flag)
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_workers_honour_the_limits(tmp_path):
    for n in range(3):
        (tmp_path / f"d{n}.csv").write_bytes(CSV_2023.read_bytes())
    done = ecorules("check", tmp_path, "--jobs", "2", "--limit", "rows=10", "--fail-on", "never")
    assert done.returncode == 2 and done.stderr.count("limit rows = 10") == 3, done.stderr


def test_the_documented_table_is_the_one_in_force():
    text = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[1].isdigit():
            documented[cells[0].strip("`")] = (int(cells[1]), int(cells[2]), int(cells[3]))
    assert documented == {name: (spec.default, spec.minimum, spec.ceiling) for name, spec in LIMITS.items()}


def test_the_clock_covers_evaluating_a_table_of_projects(monkeypatch):
    """A table of projects is one record: its rows are read, then bound and judged row by row,
    and the file's time is checked as each row is judged, not only as it is read."""
    from ecorules.engine import projects

    checker = Checker(CheckOptions(limits=Limits(seconds_per_file=60)))
    now = [0.0]
    monkeypatch.setattr(limits.time, "monotonic", lambda: now[0])
    judge = projects.CompiledProjectRule._record

    def slow_record(self, rec, lib):  # each row judged takes 10 s of the clock
        now[0] += 10
        return judge(self, rec, lib)

    monkeypatch.setattr(projects.CompiledProjectRule, "_record", slow_record)
    with pytest.raises(InputError) as caught:
        checker.check(EXAMPLES / "yubei-projects-near-term.csv")
    assert caught.value.problems[0].code == "input.time-limit"
