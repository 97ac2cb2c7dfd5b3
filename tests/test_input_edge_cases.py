"""Unusual input through the real entry point: each ends with a message naming the file and
exit 2, or with a check, never with an internal error (exit 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

SITES = ROOT / "examples" / "construction" / "construction-sites.csv"
NEAR_TERM = EXAMPLES / "yubei-projects-near-term.csv"


def ecorules(*args: str | Path, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "ECORULES_LANG": lang, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("ECORULES_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "ecorules", *map(str, args)], capture_output=True, text=True, env=env)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done


def from_header_row(source: Path, tmp_path: Path) -> Path:
    """A copy of a project table without the rows above its header (title, district, period)."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("序号,"))
    path = tmp_path / source.name
    path.write_text("".join(lines[start:]), encoding="utf-8")
    return path


# --- JSON nested too deeply --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column"),
    [("[" * 100_000, 201), ('{"a":' * 100_000 + "1" + "}" * 100_000, 1001), ("[" * 201 + "]" * 201, 201)],
    ids=["arrays", "objects", "just-over-the-limit"],
)
def test_deeply_nested_json_submission_is_refused(tmp_path, text, column):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    done = ecorules("check", path)
    assert done.returncode == 2
    assert f"{path}: line 1, column {column}: the JSON is nested too deeply (more than 200 levels)" in done.stderr


def test_deeply_nested_json_message_in_chinese(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 1000, encoding="utf-8")
    done = ecorules("check", path, lang="zh")
    assert done.returncode == 2
    assert str(path) in done.stderr and "JSON 嵌套过深（超过 200 层）" in done.stderr


def test_brackets_inside_json_strings_do_not_count(tmp_path):
    data = json.loads((EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8"))
    data["comment"] = '\\"' + "[{" * 500 + '"'  # an escaped quote must not end the string early
    path = tmp_path / "yubei-2023.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = ecorules("check", path)
    assert done.returncode == 1, done.stderr  # checked as the example is: three indicators not met
    assert "3 not met (4, 6, 8)" in done.stdout


def test_deeply_nested_baseline_is_refused(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text('{"findings":' + "[" * 100_000, encoding="utf-8")
    done = ecorules("check", EXAMPLES / "yubei-2023.csv", "--baseline", path)
    assert done.returncode == 2
    assert f"{path}: line 1, column 212: the JSON is nested too deeply" in done.stderr


def test_deeply_nested_toml_rule_set_is_refused(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 100_000, encoding="utf-8")
    done = ecorules("check", EXAMPLES / "yubei-2023.csv", "--ruleset", path)
    assert done.returncode == 2
    assert f"{path}: not valid TOML: arrays or tables nested too deeply" in done.stderr
    lint = ecorules("lint-ruleset", path)
    assert lint.returncode == 1
    assert f"{path}: not valid TOML: arrays or tables nested too deeply" in lint.stdout


def test_deeply_nested_toml_waivers_are_refused(tmp_path):
    path = tmp_path / "waivers.toml"
    path.write_text("[[waiver]]\nrule = " + "{a = " * 100_000, encoding="utf-8")
    done = ecorules("check", EXAMPLES / "yubei-2023.csv", "--waivers", path)
    assert done.returncode == 2
    assert f"{path}: not valid TOML: arrays or tables nested too deeply" in done.stderr


# --- project tables that start at their header row ---------------------------------------------


def test_project_table_without_preamble_is_checked(tmp_path):
    path = from_header_row(NEAR_TERM, tmp_path)
    done = ecorules("check", path)
    assert done.returncode == 0, done.stderr
    # no title or district: the heading names the file; no period: the existing reason
    assert done.stdout.startswith(f"{path.name} — {path}\n")
    assert "the table does not state its period" in done.stdout
    assert "64 projects" in done.stdout


def test_construction_sites_without_preamble_are_checked(tmp_path):
    path = from_header_row(SITES, tmp_path)
    done = ecorules("check", path, "--format", "json")
    assert done.returncode == 1, done.stderr  # the example's failing sites still fail
    (result,) = json.loads(done.stdout)["submissions"]
    assert result["source"] == str(path) and result["district"] == ""
    assert result["ruleset"]["id"] == "cq-construction-sites-2022"
    assert result["projects"]["table"] == path.name and result["projects"]["records"] == 6
    assert result["summary"]["rules"]["not_met"] == 4


# --- empty and degenerate files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "", "the file is empty"),
        ("blank.csv", "\n\n\n", "the file is empty"),
        ("header.csv", "key,year,value,unit\n", "district.name is required"),
        ("list.json", "[]", "/: the top level must be an object"),
        ("null.json", "null", "/: the top level must be an object"),
        ("number.json", "42", "/: the top level must be an object"),
        ("string.json", '"x"', "/: the top level must be an object"),
        ("nothing.json", "", "line 1, column 1: not valid JSON"),
    ],
)
def test_empty_submissions_are_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    done = ecorules("check", path)
    assert done.returncode == 2
    assert str(path) in done.stderr and message in done.stderr


def test_workbook_with_empty_sheets_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.create_sheet("second")
    path = tmp_path / "empty.xlsx"
    book.save(path)
    done = ecorules("check", path)
    assert done.returncode == 2
    assert f"{path}: the workbook has no data in any sheet" in done.stderr


def test_project_table_with_only_blank_rows_has_no_projects(tmp_path):
    header = from_header_row(NEAR_TERM, tmp_path).read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "blank-projects.csv"
    path.write_text(header + "\n,,,,,,,,\n\n,,,,,,,,\n", encoding="utf-8")
    done = ecorules("check", path)
    assert done.returncode == 0, done.stderr
    assert "0 projects" in done.stdout


# --- numbers that are not numbers a cell can mean -------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("1e999999999", "number out of range"),  # an exact fraction of it would take minutes
        ("-1e-999999999", "number out of range"),
        ("9" * 5000, "number with more than 30 digits"),  # Python cannot print an int that long
        ("0.0000000000000000001", "number out of range"),
    ],
)
def test_absurd_numbers_in_a_csv_are_missing_data_at_their_cell(tmp_path, cell, why):
    source = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    path = tmp_path / "absurd.csv"
    path.write_text(source.replace("good_air_days,2023,300,", f"good_air_days,2023,{cell},", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ecorules", "check", str(path), "--lang", "en", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,  # a hang is a failure, not a stuck suite
        env={**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert result.returncode == 1, result.stderr
    finding = next(f for f in json.loads(result.stdout)["submissions"][0]["findings"] if f["rule_id"] == "EC24-04.1")
    assert finding["status"] == "missing" and finding["location"]["row"] == 12
    assert any(why in d["en"] for d in finding["details"])


def test_a_json_submission_with_a_5000_digit_integer_or_nan_is_read(tmp_path):
    document = json.loads((EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8"))
    text = json.dumps(document, ensure_ascii=False)
    values = document["values"]
    first, second = values[0]["key"], values[1]["key"]
    text = text.replace(json.dumps(values[0]["value"], ensure_ascii=False), "9" * 5000, 1)
    text = text.replace(json.dumps(values[1]["value"], ensure_ascii=False), "NaN", 1)
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    result = ecorules("check", path, "--format", "json")
    assert result.returncode == 1, result.stderr
    details = {
        f["rule_id"]: " ".join(d["en"] for d in f["details"])
        for f in json.loads(result.stdout)["submissions"][0]["findings"]
        if f["status"] == "missing"
    }
    assert any("more than 30 digits" in d for d in details.values()), (first, details)
    assert any("not a finite number" in d for d in details.values()), (second, details)


def test_nan_and_infinite_thresholds_are_refused_with_key_and_line(tmp_path):
    from conftest import ruleset_from, single_rule_body

    from ecorules.model.errors import RulesetError

    for value in ("nan", "inf", "-inf", "1e999"):
        with pytest.raises(RulesetError) as caught:
            ruleset_from(single_rule_body(f'{{ kind = "compare", op = ">=", value = {value} }}'))
        problem = caught.value.problems[0]
        assert problem.key == "rules[0].condition.value" and problem.line is not None
        assert "finite" in problem.message.en


# --- a run never writes over what it reads ---------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_naming_an_input_is_refused_and_the_input_is_untouched(tmp_path, jobs):
    import hashlib

    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("yubei-2022.csv", "yubei-2023.csv"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    target = folder / "yubei-2023.csv"
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    for args in (
        [target, "-o", target],  # given by name
        [folder, "-o", target],  # found in a folder
        [str(folder / "*.csv"), "--write-baseline", target],  # matched by a pattern
    ):
        result = ecorules("check", *args, "--format", "json", "--jobs", jobs)
        assert result.returncode == 2, result.stderr
        assert "is both a file to check and the report or baseline this run writes" in result.stderr
        assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_the_report_cannot_replace_the_baseline_it_reads(tmp_path):
    baseline = tmp_path / "baseline.json"
    assert ecorules("check", EXAMPLES / "yubei-2023.csv", "--write-baseline", baseline).returncode == 0
    kept = baseline.read_bytes()
    result = ecorules("check", EXAMPLES / "yubei-2023.csv", "--baseline", baseline, "-o", baseline)
    assert result.returncode == 2 and "cannot be the output" in result.stderr
    assert baseline.read_bytes() == kept


# --- nothing from a submission drives the terminal or becomes markup ----------------------------------


def test_escape_sequences_in_a_submission_never_reach_the_terminal(tmp_path):
    source = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    hostile = "\x1b]0;owned\x07\x1b[31m渝北区\r"
    path = tmp_path / "escape.csv"
    path.write_text(source.replace("district.name,,渝北区", f'district.name,,"{hostile}"', 1), encoding="utf-8")
    broken = tmp_path / "broken\x1b[2J.csv"
    broken.write_text("not,a,table\n", encoding="utf-8")
    for args in ([path], [path, "--format", "json", "-o", tmp_path / "report.json"], [path, broken]):
        result = ecorules("check", *args)
        assert result.returncode in (1, 2), result.stderr
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\r" not in stream
    assert "渝北区" in ecorules("check", path).stdout  # the name itself is still shown
    ecorules("check", path, "-o", tmp_path / "report.txt")  # the text report is the same in a file
    assert "\x1b" not in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_links_images_and_mentions_from_a_submission_are_plain_text_in_markdown(tmp_path):
    source = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    path = tmp_path / "links.csv"
    name = "![x](http://evil.example/p.png)[click](http://evil.example) @everyone"
    path.write_text(source.replace("district.name,,渝北区", f"district.name,,{name}", 1), encoding="utf-8")
    markdown = ecorules("check", path, "--format", "markdown").stdout
    assert "](http" not in markdown.replace("\\](http", "")  # every bracket escaped
    assert "\\[click\\](http://evil.example)" in markdown
    assert "@everyone" not in markdown and "@\u200beveryone" in markdown


def test_lone_surrogates_in_a_json_submission_never_crash_a_report(tmp_path):
    text = (EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8")
    path = tmp_path / "surrogate.json"
    path.write_text(text.replace('"渝北区"', '"渝北区\\udc80"', 1), encoding="utf-8")
    for fmt in ("text", "json", "sarif", "junit", "github", "markdown"):
        result = ecorules("check", path, "--format", fmt, "-o", tmp_path / f"report.{fmt}")
        assert result.returncode == 1, (fmt, result.stderr)
        assert (tmp_path / f"report.{fmt}").read_text(encoding="utf-8")
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert document["submissions"][0]["district"] == "渝北区\ufffd"  # read as the replacement character
    baseline = ecorules("check", path, "--write-baseline", tmp_path / "baseline.json")
    assert baseline.returncode == 0, baseline.stderr


@pytest.mark.parametrize(("length", "refused"), [(21, False), (22, True), (2000, True)])
def test_a_derivation_chain_deeper_than_20_is_refused_at_load(length, refused):
    """x1 = x0 / x0, x2 = x1 / x0, …: thousands deep it exhausted the evaluator's recursion."""
    from conftest import HEADER

    from ecorules.loading import load_ruleset_text
    from ecorules.model.errors import RulesetError

    items = ['[items.x0]\nname = { zh = "数值0", en = "v0" }\nunit = "-"\n']
    for i in range(1, length):
        items.append(
            f'[items.x{i}]\nname = {{ zh = "数值{i}", en = "v{i}" }}\nunit = "-"\n'
            f'derive = {{ kind = "ratio", numerator = "x{i - 1}", denominator = "x0", percent = false }}\n'
        )
    text = HEADER + (
        '[indicators.1]\nname = { zh = "指标", en = "indicator" }\ncategory = "binding"\n'
        + "".join(items)
        + f'[[rules]]\nid = "X-1"\nindicator = "1"\nitem = "x{length - 1}"\n'
        'threshold = { zh = "阈值", en = "threshold" }\ncondition = { kind = "compare", op = ">=", value = 1 }\n'
    )
    if not refused:
        assert load_ruleset_text(text, "chain.toml").items["x20"].derive is not None
        return
    with pytest.raises(RulesetError) as caught:
        load_ruleset_text(text, "chain.toml")
    problem = caught.value.problems[0]
    assert problem.code == "ruleset.derivation-depth" and problem.key == "items.x21.derive"
    assert problem.line is not None and len(caught.value.problems) == 1


@pytest.mark.parametrize("kind", ["ruleset", "waivers", "config"])
def test_a_dotted_key_of_50000_parts_is_refused_at_once(tmp_path, kind):
    """tomllib takes about a minute over it; the guard answers before parsing."""
    path = tmp_path / ("ecorules.toml" if kind == "config" else f"{kind}.toml")
    path.write_text("a" + ".a" * 50000 + " = 1\n", encoding="utf-8")
    if kind == "ruleset":
        result = ecorules("lint-ruleset", path)
        assert result.returncode == 1 and "keys of more than 32 parts" in result.stdout
        return
    args = ["--waivers", path] if kind == "waivers" else ["--config", path]
    result = ecorules("check", EXAMPLES / "yubei-2023.csv", *args)
    assert result.returncode == 2 and "keys of more than 32 parts (limit key-parts = 32" in result.stderr
    assert result.stderr.rstrip().endswith("(line 1)")


def test_utf16_without_a_byte_order_mark_is_read_and_truncated_utf16_is_an_input_error(tmp_path):
    text = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(text.encode(codec))
        result = ecorules("check", path)
        assert result.returncode == 1 and "3 not met (4, 6, 8)" in result.stdout, result.stderr
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(text.encode("utf-16")[:-1])
    result = ecorules("check", truncated)
    assert result.returncode == 2 and "cannot be decoded as utf-16" in result.stderr and "truncated" in result.stderr


# --- honest mistakes get a hint, not a confident wrong verdict ------------------------------------------


@pytest.mark.parametrize(
    ("word", "status", "says"),
    [
        ("建立了", "missing", "did you mean '建立'"),
        ("已经建立", "missing", "did you mean '建立'"),
        ("建 立", "met", "is as required"),  # spacing never counted
        ("未建立", "not_met", "is not what is required"),  # a "no" is judged as one
        ("尚未建立", "not_met", "is not what is required"),
    ],
)
def test_a_status_word_that_nearly_matches_is_missing_data_with_a_hint(tmp_path, word, status, says):
    source = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    path = tmp_path / "status.csv"
    path.write_text(
        source.replace("eco_damage_accountability,2023,建立,", f"eco_damage_accountability,2023,{word},", 1),
        encoding="utf-8",
    )
    result = ecorules("check", path, "--format", "json")
    finding = next(f for f in json.loads(result.stdout)["submissions"][0]["findings"] if f["rule_id"] == "EC24-02")
    assert finding["status"] == status
    assert says in " ".join(d["en"] for d in finding["details"])


def test_a_unit_typed_into_the_value_cell_is_missing_data_that_says_how_to_fix_it(tmp_path):
    source = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    path = tmp_path / "unit.csv"
    path.write_text(source.replace("good_air_days,2023,300,", "good_air_days,2023,300天,", 1), encoding="utf-8")
    findings = json.loads(ecorules("check", path, "--format", "json").stdout)["submissions"][0]["findings"]
    finding = next(f for f in findings if f["rule_id"] == "EC24-04.1")
    assert finding["status"] == "missing"
    assert "write the number alone: 300" in " ".join(d["en"] for d in finding["details"])
    assert "请只填数字（300）" in " ".join(d["zh"] for d in finding["details"])


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_an_interrupted_run_leaves_the_previous_report_as_it_was(tmp_path, signal_name):
    import signal
    import time

    if os.name == "nt":
        pytest.skip("POSIX signals")
    folder = tmp_path / "many"
    folder.mkdir()
    source = (EXAMPLES / "yubei-2022.csv").read_text(encoding="utf-8")
    for i in range(400):
        (folder / f"d{i:03d}.csv").write_text(source.replace("渝北区", f"区{i}"), encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text('{"the": "previous report"}\n', encoding="utf-8")
    env = {**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [sys.executable, "-m", "ecorules", "check", str(folder), "--format", "json", "-o", str(report)]

    def interruptible() -> None:  # a job started in the background inherits SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    with subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=interruptible
    ) as process:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".report.json.*.tmp")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)  # until the new report is being written
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(getattr(signal, signal_name))
        _, errors = process.communicate(timeout=60)
    assert report.read_text(encoding="utf-8") == '{"the": "previous report"}\n'
    if signal_name == "SIGINT":  # the interrupted run cleans up after itself
        assert not list(tmp_path.glob(".report.json.*.tmp"))
        assert "Traceback" not in errors.decode("utf-8", "replace")


# --- paths the operating system refuses, and data piped where paths are read ---------------------


def test_a_path_too_long_is_an_input_error_for_check_and_test(tmp_path):
    long = str(tmp_path / ("x" * 300))
    for args in (("check", long + ".csv"), ("test", long + ".cases.toml")):
        done = ecorules(*args)
        assert done.returncode == 2 and "not a usable file path" in done.stderr, done.stderr


def test_a_file_piped_to_check_dash_is_said_once(tmp_path):
    # strict decoding, as some locales give standard input: a workbook's bytes are not UTF-8
    env = {**os.environ, "ECORULES_LANG": "en", "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env["PYTHONIOENCODING"] = "utf-8:strict"
    for source in (EXAMPLES / "yubei-2023.csv", EXAMPLES / "yubei-2022-2023.xlsx"):
        done = subprocess.run(
            [sys.executable, "-m", "ecorules", "check", "-"], input=source.read_bytes(), capture_output=True, env=env
        )
        stderr = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and "Traceback" not in stderr, stderr
        assert stderr.count("- reads the paths of the files to check from standard input") == 1, stderr
        assert "file not found" not in stderr


@pytest.mark.parametrize("kind", ["ruleset", "lint", "config", "waivers"])
def test_a_toml_integer_of_thousands_of_digits_is_refused_with_its_line(tmp_path, kind):
    """Python refuses to convert an integer of more than 4,300 digits: in a TOML array the
    parser's ValueError is not a TOMLDecodeError, and it must not escape as exit 3."""
    path = tmp_path / ("ecorules.toml" if kind == "config" else "file.toml")
    path.write_text("# a comment\nx = [" + "9" * 5000 + "]\n", encoding="utf-8")
    args = {
        "ruleset": ("check", EXAMPLES / "yubei-2023.csv", "--ruleset", path),
        "lint": ("lint-ruleset", path),
        "config": ("check", EXAMPLES / "yubei-2023.csv", "--config", path),
        "waivers": ("check", EXAMPLES / "yubei-2023.csv", "--waivers", path),
    }[kind]
    done = ecorules(*args)
    said = done.stdout + done.stderr
    assert done.returncode in (1, 2) and "a number with thousands of digits" in said, said
    if kind != "lint":
        assert done.returncode == 2 and "(line 2)" in said
