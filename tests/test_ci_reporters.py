"""The CI reporters (sarif, junit, github, markdown), on results the library computes from the examples."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import EXAMPLES, ROOT, edited_example
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.interfaces import ReportOptions
from ecorules.model.findings import CheckResult, Finding, Suppression
from ecorules.model.fingerprints import FINGERPRINT_KEY, finding_fingerprint, portable_path
from ecorules.model.submission import Location
from ecorules.pipeline import Checker, CheckOptions
from ecorules.plugins import components
from ecorules.reporters.github import escape_data, escape_property
from ecorules.reporters.sarif import artifact_uri
from ecorules.reporters.wording import summary_line

SARIF_SCHEMA = Path(__file__).parents[2] / "shared/data/sarif-schema-2.1.0.json"
Y2022 = EXAMPLES / "yubei-2022.csv"
Y2023 = EXAMPLES / "yubei-2023.csv"
Y2023_JSON = EXAMPLES / "yubei-2023.json"


@pytest.fixture(autouse=True)
def _from_project_root(monkeypatch):
    # Reports name files relative to the working directory, as a CI job run from the repository root does.
    monkeypatch.chdir(ROOT)


def checked(path: Path) -> CheckResult:
    (result,) = Checker(CheckOptions()).check(path)  # one submission (one reporting year) per example
    return result


def render(fmt: str, results: list[CheckResult], lang: str = "en", **options) -> str:
    return components().reporters.get(fmt).render(results, ReportOptions(lang=lang, **options))


def sarif(results: list[CheckResult], lang: str = "en", **options) -> dict:
    return json.loads(render("sarif", results, lang, **options))


def failing(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.status.fails]


def with_finding(result: CheckResult, rule_id: str, **changes) -> CheckResult:
    findings = [replace(f, **changes) if f.rule_id == rule_id else f for f in result.findings]
    return replace(result, findings=findings)


def as_workbook(result: CheckResult, book: str = "data/yubei.xlsx") -> CheckResult:
    """The same findings as if read from a workbook: every value in a cell of sheet 表4."""
    findings = [
        replace(f, location=Location(file=book, sheet="表4", row=f.location.row, column="E", cell=f"E{f.location.row}"))
        if f.location is not None
        else f
        for f in result.findings
    ]
    return replace(result, source=book, findings=findings)


def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (shared/data beside the project)")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema validates SARIF output (pip install jsonschema)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)  # the draft the schema's $schema names
    validator.check_schema(schema)
    return validator(schema, format_checker=validator.FORMAT_CHECKER)


def assert_valid_sarif(document: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in sarif_validator().iter_errors(document)]
    assert not errors, "\n".join(errors[:10])


WAIVER = Suppression(
    kind="waiver", reason="整改中, 见 2025 年计划 | 附件 3", approved_by="生态环境局", expires=date(2030, 12, 31)
)
EXPIRED = Suppression(kind="waiver", reason="已过期的豁免", expires=date(2024, 6, 30), expired=True)
BASELINE = Suppression(kind="baseline", reason="known before the gate was introduced", source="baseline.json")


# --- SARIF -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [Y2022, Y2023, Y2023_JSON], ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_validates_against_the_schema(path, lang):
    result = checked(path)
    assert_valid_sarif(sarif([result], lang))
    assert_valid_sarif(sarif([result], lang, sarif_github=True))


def test_sarif_for_several_files_is_one_valid_run():
    results = [checked(Y2022), checked(Y2023), checked(Y2023_JSON)]
    document = sarif(results)
    assert_valid_sarif(document)
    (run,) = document["runs"]
    assert run["tool"]["driver"]["name"] == "ecorules"
    assert run["tool"]["driver"]["version"]
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert len(run["results"]) == sum(len(failing(r)) for r in results)
    assert "automationDetails" not in run  # left to upload-sarif's category
    # each file once, described by its official count line
    assert [a["location"]["uri"] for a in run["artifacts"]] == [portable_path(str(r.source)) for r in results]
    assert summary_line(results[0], "en") in run["artifacts"][0]["description"]["text"]


def test_sarif_describes_every_rule_used_in_both_languages():
    result = checked(Y2022)
    run = sarif([result], "zh")["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {f.rule_id for f in result.findings}  # met rules too
    (translation,) = run["translations"]
    assert translation["language"] == "en-US" and run["language"] == "zh-CN"
    english = {rule["id"]: rule for rule in translation["rules"]}
    assert set(english) == set(rules)
    for f in result.findings:
        rule = rules[f.rule_id]
        assert rule["shortDescription"]["text"] == f.name.zh
        assert f.citation.threshold.zh in rule["fullDescription"]["text"]
        assert f.citation.document in rule["fullDescription"]["text"]
        assert english[f.rule_id]["shortDescription"]["text"] == f.name.en
        assert f.citation.threshold.en in english[f.rule_id]["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] == f.severity
        props = rule["properties"]
        assert props["category"] == f.indicator.category
        assert props["indicator"] == f.indicator.number
        assert props["citation"].startswith("环办生态〔2024〕4号")
        assert f.indicator.category in props["tags"]
    assert rules["EC24-R1"]["defaultConfiguration"]["level"] == "warning"  # reference indicator


@pytest.mark.parametrize("path", [Y2022, Y2023], ids=lambda p: p.name)
def test_sarif_one_result_per_failing_finding_at_its_line(path):
    result = checked(path)
    run = sarif([result])["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {f.rule_id for f in failing(result)}
    assert len(run["results"]) == len(failing(result))
    assert not {f.rule_id for f in result.findings if not f.status.fails} & set(results)  # met: no result
    for f in failing(result):
        sarif_result = results[f.rule_id]
        physical = sarif_result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == f"examples/yubei/{path.name}"
        assert physical["region"]["startLine"] == f.location.row
        assert run["tool"]["driver"]["rules"][sarif_result["ruleIndex"]]["id"] == f.rule_id
        assert sarif_result["level"] == f.severity
        text = sarif_result["message"]["text"]
        assert f.actual in text and f.expected.en in text and "not met" in text
        assert sarif_result["partialFingerprints"] == {FINGERPRINT_KEY: finding_fingerprint(result, f)}
        assert "suppressions" not in sarif_result


def test_sarif_json_input_points_into_the_document():
    result = checked(Y2023_JSON)
    run = sarif([result])["runs"][0]
    for sarif_result, f in zip(run["results"], failing(result), strict=True):
        (location,) = sarif_result["locations"]
        assert "region" not in location["physicalLocation"]
        (logical,) = location["logicalLocations"]
        assert logical["name"] == f.location.pointer
        assert logical["fullyQualifiedName"] == f"examples/yubei/yubei-2023.json#{f.location.pointer}"


def test_sarif_workbook_cells_are_logical_locations_and_github_mode_adds_a_line():
    book = as_workbook(checked(Y2023))
    plain = sarif([book])
    assert_valid_sarif(plain)
    air = next(r for r in plain["runs"][0]["results"] if r["ruleId"] == "EC24-04.1")
    (location,) = air["locations"]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": "data/yubei.xlsx"}}  # no region
    assert location["logicalLocations"] == [
        {"name": "表4!E12", "fullyQualifiedName": "data/yubei.xlsx/表4!E12", "kind": "element"}
    ]

    github = sarif([book], sarif_github=True)
    assert_valid_sarif(github)
    air = next(r for r in github["runs"][0]["results"] if r["ruleId"] == "EC24-04.1")
    assert air["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert "表4!E12" in air["message"]["text"]
    # a CSV line is a real line: github mode leaves it alone
    csv_air = next(
        r for r in sarif([checked(Y2023)], sarif_github=True)["runs"][0]["results"] if r["ruleId"] == "EC24-04.1"
    )
    assert csv_air["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}


def test_sarif_finding_without_a_location_names_the_file_and_indicator():
    result = with_finding(checked(Y2023), "EC24-04.1", location=None)
    for options in ({}, {"sarif_github": True}):
        document = sarif([result], **options)
        assert_valid_sarif(document)
        air = next(r for r in document["runs"][0]["results"] if r["ruleId"] == "EC24-04.1")
        (location,) = air["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "examples/yubei/yubei-2023.csv"
        assert "indicator 4" in location["logicalLocations"][0]["name"]


def test_sarif_suppressed_findings_are_results_with_a_justification():
    result = with_finding(checked(Y2023), "EC24-04.1", suppression=WAIVER)
    result = with_finding(result, "EC24-04.2", suppression=BASELINE)
    result = with_finding(result, "EC24-06.5", suppression=EXPIRED)
    document = sarif([result])
    assert_valid_sarif(document)
    results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
    assert set(results) == {f.rule_id for f in failing(result)}  # suppressed ones are still results
    (waived,) = results["EC24-04.1"]["suppressions"]
    assert waived["kind"] == "external" and waived["status"] == "accepted"
    assert waived["justification"] == WAIVER.reason
    assert waived["properties"]["expires"] == "2030-12-31"
    assert results["EC24-04.2"]["suppressions"][0]["justification"] == BASELINE.reason
    expired = results["EC24-06.5"]
    assert "suppressions" not in expired
    assert "expired on 2024-06-30" in expired["message"]["text"]
    assert "2024-06-30" in sarif([result], "zh")["runs"][0]["results"][2]["message"]["text"]


def test_artifact_uris_are_encoded_relative_references():
    uri = artifact_uri("数据/渝北 2023.csv")
    assert " " not in uri and unquote(uri) == "数据/渝北 2023.csv"
    assert artifact_uri(str(ROOT / "examples" / "yubei" / "yubei-2022.csv")) == "examples/yubei/yubei-2022.csv"
    assert artifact_uri("./examples//yubei/yubei-2022.csv") == "examples/yubei/yubei-2022.csv"


# --- fingerprints ------------------------------------------------------------------------------------------------


def test_fingerprints_survive_rows_moving(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "yubei-2023.csv"
    shutil.copy(Y2023, path)
    before = checked(path)
    header = "key,year,value,unit,target,target_period,note\n"
    edited_example(tmp_path, "yubei-2023.csv", {header: header + "# a line added above every value,,,,,,\n"})
    after = checked(path)
    moved = list(zip(failing(before), failing(after), strict=True))
    assert moved and all(a.location.row == b.location.row + 1 for b, a in moved)
    assert [finding_fingerprint(before, b) for b, _ in moved] == [finding_fingerprint(after, a) for _, a in moved]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in sarif([after])["runs"][0]["results"]]
    assert lines == [a.location.row for _, a in moved]
    assert [r["partialFingerprints"] for r in sarif([before])["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in sarif([after])["runs"][0]["results"]
    ]


def test_fingerprints_depend_on_what_failed_and_for_whom():
    result = checked(Y2023)
    air = next(f for f in result.findings if f.rule_id == "EC24-04.1")
    same = finding_fingerprint(result, air)
    assert re.fullmatch(r"[0-9a-f]{64}", same)
    assert finding_fingerprint(result, replace(air, location=replace(air.location, row=99))) == same
    assert finding_fingerprint(replace(result, year=2024), air) != same
    assert finding_fingerprint(replace(result, district="江北区"), air) != same
    assert finding_fingerprint(result, next(f for f in result.findings if f.rule_id == "EC24-04.2")) != same
    book = as_workbook(result)
    book_air = next(f for f in book.findings if f.rule_id == "EC24-04.1")
    other_sheet = replace(book_air, location=replace(book_air.location, sheet="表5"))
    assert finding_fingerprint(book, book_air) != finding_fingerprint(book, other_sheet)
    # the same rule failing in another year's submission is another problem
    earlier = checked(Y2022)
    assert finding_fingerprint(earlier, next(f for f in earlier.findings if f.rule_id == "EC24-04.1")) != same


# --- JUnit -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_junit_counts_match_the_check(lang):
    results = [checked(Y2022), checked(Y2023)]
    root = ET.fromstring(render("junit", results, lang))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(results)
    for suite, result in zip(suites, results, strict=True):
        rules = result.summary.rules
        cases = suite.findall("testcase")
        failures = [c for c in cases if c.find("failure") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None]
        assert int(suite.get("tests")) == len(cases) == rules["total"] == len(result.findings)
        assert int(suite.get("failures")) == len(failures) == rules["not_met"] + rules["missing"]
        assert int(suite.get("skipped")) == len(skipped) == rules["not_applicable"] + rules["not_assessed"]
        assert suite.get("errors") == "0"
        assert result.district in suite.get("name") and str(result.year) in suite.get("name")
        assert {c.get("name").split()[0] for c in failures} == {f.rule_id for f in failing(result)}
        indicators = {c.get("classname").rsplit("-", 1)[1] for c in failures}
        assert sorted(indicators, key=int) == result.summary.indicators.not_met_numbers
    assert int(root.get("failures")) == sum(len(failing(r)) for r in results)


def test_junit_suppressed_findings_are_skipped_with_the_reason_and_text_is_escaped():
    result = with_finding(checked(Y2023), "EC24-04.1", suppression=WAIVER)
    result = with_finding(result, "EC24-06.5", suppression=EXPIRED, actual='<50 & "x"\x01%')
    root = ET.fromstring(render("junit", [result], "zh"))
    cases = {c.get("name").split()[0]: c for c in root.iter("testcase")}
    skipped = cases["EC24-04.1"].find("skipped")
    assert skipped is not None and WAIVER.reason in skipped.get("message") and "2030-12-31" in skipped.get("message")
    failure = cases["EC24-06.5"].find("failure")
    assert failure is not None and "2024-06-30" in failure.text
    assert '<50 & "x"\ufffd%' in failure.get("message")
    assert root.find("testsuite").get("failures") == str(len(failing(result)) - 1)


# --- GitHub workflow commands ------------------------------------------------------------------------------------


def test_github_one_annotation_per_failing_finding_then_the_count():
    results = [checked(Y2022), checked(Y2023_JSON)]
    lines = render("github", results, "en").splitlines()
    assert all(line.startswith("::") for line in lines)
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == sum(f.severity == "error" for r in results for f in failing(r))
    first = checked(Y2022)
    for f in failing(first):
        assert f"::error file=examples/yubei/yubei-2022.csv,line={f.location.row},title={f.rule_id}::" in "\n".join(
            lines
        )
    # JSON has no lines: file only, and the pointer in the message
    json_air = next(line for line in errors if "yubei-2023.json" in line and "title=EC24-04.1" in line)
    assert ",line=" not in json_air and "/values/3/value" in json_air
    notices = [line for line in lines if line.startswith("::notice ")]
    assert [n.split("::", 2)[2] for n in notices] == [
        f"渝北区 {r.year}: {escape_data(summary_line(r, 'en'))}" for r in results
    ]


def test_github_escapes_newlines_percent_commas_and_colons():
    assert escape_data("a%b\r\nc, d: e") == "a%25b%0D%0Ac, d: e"
    assert escape_property("a%b\r\nc, d: e") == "a%25b%0D%0Ac%2C d%3A e"
    result = checked(Y2023)
    odd = Location(file="data/a,b: c.csv", row=12)
    result = with_finding(result, "EC24-04.1", location=odd, actual="1,2\n::error::injected")
    result = with_finding(result, "EC24-04.2", suppression=WAIVER)
    result = with_finding(result, "EC24-06.5", suppression=EXPIRED)
    output = render("github", [result], "zh")
    lines = output.splitlines()
    assert all(line.startswith("::") for line in lines)  # nothing from the data starts a command
    air = next(line for line in lines if "title=EC24-04.1" in line)
    assert air.startswith("::error file=data/a%2Cb%3A c.csv,line=12,title=EC24-04.1::")
    assert "1,2%0A::error::injected" in air
    assert next(line for line in lines if "title=EC24-04.2" in line).startswith("::notice ")
    expired = next(line for line in lines if "title=EC24-06.5" in line)
    assert expired.startswith("::error ") and "2024-06-30" in expired


def test_github_annotations_carry_no_control_character_from_a_cell():
    # a cell holding an ESC sequence (a terminal title, a colour) reaches the runner's log as text
    result = with_finding(checked(Y2023), "EC24-04.1", actual="\x1b]0;t\x07\x1b[31m300")
    output = render("github", [result], "en")
    assert "\x1b" not in output and "\x07" not in output
    assert "\ufffd]0;t\ufffd\ufffd[31m300" in output


# --- Markdown ----------------------------------------------------------------------------------------------------


def table_rows(markdown: str, head: str) -> list[list[str]]:
    """The rows of the table whose header starts with ``head``, split on unescaped pipes."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {head}"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


@pytest.mark.parametrize(("path", "lang"), [(Y2022, "zh"), (Y2023, "en"), (Y2023_JSON, "en")])
def test_markdown_has_one_row_per_failing_finding(path, lang):
    result = checked(path)
    text = render("markdown", [result], lang)
    assert summary_line(result, lang) in text
    assert result.district in text and result.ruleset.id in text
    rows = table_rows(text, "规则" if lang == "zh" else "Rule")
    assert [row[0] for row in rows] == [f.rule_id for f in failing(result)]
    assert all(len(row) == 7 for row in rows)


def test_markdown_lists_suppressed_findings_apart_and_escapes_pipes():
    result = with_finding(checked(Y2023), "EC24-04.1", suppression=WAIVER)
    result = with_finding(result, "EC24-06.5", suppression=EXPIRED, actual="50|60 <b>")
    text = render("markdown", [result], "en")
    rows = table_rows(text, "Rule | Indicator | Sub-item | Status")
    assert [row[0] for row in rows] == [f.rule_id for f in result.findings if f.fails]
    noise = next(row for row in rows if row[0] == "EC24-06.5")
    assert len(noise) == 7 and noise[4] == r"50\|60 &lt;b&gt;" and "2024-06-30" in noise[3]
    (waived,) = table_rows(text, "Rule | Indicator | Sub-item | Kind")
    assert waived[0] == "EC24-04.1" and waived[4] == WAIVER.reason.replace("|", r"\|") and waived[5] == "2030-12-31"


# --- registration and the command line ---------------------------------------------------------------------------


def test_reporters_are_registered():
    assert {"sarif", "junit", "github", "markdown"} <= set(components().reporters.names())


def parse_sarif(text: str) -> None:
    assert json.loads(text)["version"] == "2.1.0"


def parse_junit(text: str) -> None:
    assert ET.fromstring(text).tag == "testsuites"


def parse_github(text: str) -> None:
    assert text.splitlines() and all(line.startswith("::") for line in text.splitlines())


def parse_markdown(text: str) -> None:
    assert table_rows(text, "Rule")[0][0] == "EC24-04.1"


@pytest.mark.parametrize(
    ("fmt", "parse"),
    [("sarif", parse_sarif), ("junit", parse_junit), ("github", parse_github), ("markdown", parse_markdown)],
)
def test_cli_formats(fmt, parse):
    result = CliRunner().invoke(app, ["check", str(Y2022), "--format", fmt, "--lang", "en"])
    assert result.exit_code == 1, result.output
    parse(result.stdout)


# --- streaming: every built-in report takes the results one at a time ---------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown", "junit", "sarif"])
def test_each_report_reads_a_one_shot_stream_of_results_and_writes_what_render_writes(fmt: str):
    results = [checked(EXAMPLES / "yubei-2022.csv"), checked(EXAMPLES / "yubei-2023.csv")]
    results += Checker(CheckOptions()).check(EXAMPLES / "yubei-2022-2023.xlsx")
    reporter = components().reporters.get(fmt)
    for lang in ("zh", "en"):
        options = ReportOptions(lang=lang)
        assert "".join(reporter.stream(iter(results), options)) == reporter.render(results, options)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_a_report_made_of_independent_parts_writes_each_before_the_next_result_is_checked(fmt: str):
    """A batch of thousands of files is reported file by file: nothing waits for the run's end."""
    results = [checked(EXAMPLES / "yubei-2022.csv"), checked(EXAMPLES / "yubei-2023.csv")]
    pulled: list[str] = []

    def one_by_one():
        for r in results:
            pulled.append(r.source)
            yield r

    chunks = components().reporters.get(fmt).stream(one_by_one(), ReportOptions(lang="en"))
    written = ""
    while "yubei-2022" not in written:
        written += next(chunks)
    assert len(pulled) == 1, f"{fmt} asked for the second result before writing the first"


def gitlab_key(case: ET.Element) -> str:
    """How GitLab identifies a JUnit test case: class name and name, every character other
    than an ASCII letter or digit turned into '-'."""
    return re.sub(r"[^A-Za-z0-9]", "-", f"{case.get('classname')}{case.get('name')}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_junit_cases_of_many_districts_years_and_projects_stay_apart_in_gitlab(lang, tmp_path: Path):
    # (the same district and year from two files would be the same tests, on purpose)
    results = [checked(Y2022), checked(Y2023), checked(EXAMPLES / "yubei-projects-near-term.csv")]
    # another district's file with no district code: told apart by its file
    other = tmp_path / "other.csv"
    other.write_text(
        (Y2022).read_text(encoding="utf-8").replace("渝北区", "江北区").replace("500112", ""), encoding="utf-8"
    )
    results += [checked(other)]
    cases = list(ET.fromstring(render("junit", results, lang)).iter("testcase"))
    assert len(cases) == sum(len(r.findings) for r in results)
    keys = [gitlab_key(c) for c in cases]
    assert len(set(keys)) == len(keys), [k for k in keys if keys.count(k) > 1][:5]
    assert all(c.get("file") for c in cases)
    failures = [c for c in cases if c.find("failure") is not None]
    assert len({gitlab_key(c) for c in failures}) == len(failures) == sum(len(failing(r)) for r in results)


# --- a file that cannot be read appears in every machine report --------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unreadable_file_among_good_ones_is_in_every_report(lang, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(Y2023, tmp_path / "good.csv")
    (tmp_path / "broken.csv").write_text("key,value\ndistrict.name,某区\nsubmission.year,二零二三\n", encoding="utf-8")

    def report(fmt: str) -> str:
        result = CliRunner().invoke(app, ["check", ".", "--format", fmt, "--lang", lang, "--fail-on", "never"])
        assert result.exit_code == 2, result.output  # the broken file
        return result.stdout

    document = json.loads(report("sarif"))
    assert_valid_sarif(document)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert notes[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "broken.csv"},
        "region": {"startLine": 3},
    }
    assert notes[0]["descriptor"]["id"] == "input.bad-year" and notes[0]["level"] == "error"
    assert document["runs"][0]["results"]  # the good file's findings are still there

    root = ET.fromstring(report("junit"))
    errors = [c for c in root.iter("testcase") if c.find("error") is not None]
    assert len(errors) == 1 and errors[0].get("file") == "broken.csv"
    assert errors[0].find("error").get("type") == "input.bad-year" and "二零二三" in errors[0].find("error").text
    assert root.get("errors") == "1" and int(root.get("tests")) == len(list(root.iter("testcase")))

    markdown = report("markdown")
    assert ("无法读取的文件" if lang == "zh" else "Files that could not be read") in markdown
    assert "broken.csv" in markdown.split("###")[-1]

    github = report("github").splitlines()
    assert any(line.startswith("::error file=broken.csv,line=3,title=ecorules input.bad-year::") for line in github)

    unreadable = json.loads(report("json"))["unreadable"]
    assert unreadable[0]["file"] == "broken.csv" and unreadable[0]["problems"][0]["row"] == 3


def test_a_run_where_every_file_reads_says_so():
    document = sarif([checked(Y2023)])
    invocation = document["runs"][0]["invocations"][0]
    assert invocation == {"executionSuccessful": True}
    assert "unreadable" not in json.loads(render("json", [checked(Y2023)]))


def test_sarif_rules_carry_the_explain_text_as_help_and_the_documents_address(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(Y2023, tmp_path / "yubei-2023.csv")
    installed = json.loads(CliRunner().invoke(app, ["check", "yubei-2023.csv", "--format", "sarif"]).stdout)
    assert_valid_sarif(installed)
    rules = installed["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["help"]["text"].startswith(f"{r['id']}  ") for r in rules)
    assert all(r["help"]["markdown"].startswith("```text\n" + r["id"]) for r in rules)
    assert not any("helpUri" in r for r in rules)  # the shipped rule set names no address
    translated = installed["runs"][0]["translations"][0]["rules"]
    assert all("help" in r for r in translated) and rules[0]["help"] != translated[0]["help"]

    text = (ROOT / "rulesets" / "cn-eco-county-2024.toml").read_text(encoding="utf-8")
    url = "https://www.mee.gov.cn/example/document.html"
    (tmp_path / "own.toml").write_text(
        text.replace("[ruleset.document]\n", f'[ruleset.document]\nurl = "{url}"\n', 1), encoding="utf-8"
    )
    own = CliRunner().invoke(
        app, ["check", "yubei-2023.csv", "--format", "sarif", "--ruleset", "own.toml", "--lang", "zh"]
    )
    document = json.loads(own.stdout)
    assert_valid_sarif(document)
    assert {r.get("helpUri") for r in document["runs"][0]["tool"]["driver"]["rules"]} == {url}
    assert "要求（原文）" in document["runs"][0]["tool"]["driver"]["rules"][0]["help"]["text"]
