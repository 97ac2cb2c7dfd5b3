"""Problems: every code is documented, messages are wholly in the chosen language, and a
problem with a cell says where the cell is in its fields."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, edited_example

from ecorules.api import CheckOptions, InputError, run_check

DOC = ROOT / "docs" / "problems.md"
SOURCE = ROOT / "ecorules"

CODE = re.compile(r"^(input|ruleset|waiver|baseline|config|lint|usage)\.[a-z0-9]+(-[a-z0-9]+)*$")


# --- (a) the codes in the source are the codes in docs/problems.md -------------------------------


def _key_paths(tree: ast.AST) -> set[int]:
    """ids of the string constants that are key paths, not codes: ``key="ruleset.id"`` and the
    first of a (key path, message, code) triple."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "key":
            out.add(id(node.value))
        elif isinstance(node, ast.Tuple) and len(node.elts) == 3:
            out.add(id(node.elts[0]))
    return out


def source_codes() -> dict[str, list[str]]:
    """Every problem code the package uses -> the modules that use it: string literals shaped
    like a code, and what a class sets ``code`` to (the fallback of EcorulesError)."""
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _key_paths(tree)
        literals = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CODE.match(node.value)
            and id(node) not in skip
        ]
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and [getattr(t, "id", None) for t in stmt.targets] == ["code"]
                        and isinstance(stmt.value, ast.Constant)
                    ):
                        literals.append(stmt.value.value)
        for code in literals:
            found.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return found


def documented_codes() -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_the_code_search_finds_codes_of_every_kind_of_raise_site():
    codes = source_codes()
    # keyword, positional helper argument, mapping value, (key, message, code) triple, class attribute
    for code in ("input.file-not-found", "input.bad-year", "waiver.missing-key", "lint.unread", "input.invalid"):
        assert code in codes
    assert "ruleset.id" not in codes and "ruleset.kind" not in codes  # key paths


def test_every_code_in_the_source_is_documented_and_every_documented_code_is_used():
    used = source_codes()
    documented = documented_codes()
    assert len(documented) == len(set(documented)), "a code is documented twice"
    undocumented = {code: where for code, where in used.items() if code not in documented}
    assert not undocumented, f"add these codes to docs/problems.md: {undocumented}"
    unused = sorted(set(documented) - set(used))
    assert not unused, f"docs/problems.md lists codes nothing uses: {unused}"


def test_codes_are_grouped_by_their_area_in_the_doc():
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    for section in sections:
        area = section.split(":", 1)[0].strip()
        for code in re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE):
            if code != "error":
                assert code.split(".")[0] == area, f"{code} is listed under {area!r}"


# --- (b) real runs on bad input: exit 2, the message wholly in one language -----------------------


def ecorules(*args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("ECORULES_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "ecorules", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def english_words(text: str, *allowed: str) -> list[str]:
    """The English words of a Chinese message, leaving out what is not language: the paths,
    keys and values named (quoted or in ``allowed``), rule-set IDs and other identifiers."""
    for value in sorted(allowed, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"'[^']*'", " ", text)  # quoted keys and values
    text = re.sub(r"[\w./\[\]-]*[\d_./\[\]-][\w./\[\]-]*", " ", text)  # paths, IDs, key paths: rules[0].op
    return re.findall(r"[A-Za-z]{2,}", text)


def chinese_outside_values(text: str, *allowed: str) -> list[str]:
    for value in allowed:
        text = text.replace(value, " ")
    return CJK.findall(re.sub(r"'[^']*'", " ", text))


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


@pytest.fixture
def unknown_key(tmp_path):
    return edited_example(
        _folder(tmp_path, "unknown-key"),
        "yubei-2023.csv",
        {"natural_resource_audit,2023": "natural_resource_audt,2023", "pm25,2023,": "pm_25,2023,"},
    )


@pytest.fixture
def duplicated(tmp_path):
    path = edited_example(_folder(tmp_path, "duplicated"), "yubei-2023.csv", {})
    with path.open("a", encoding="utf-8") as out:
        out.write("good_air_days,2023,301,天,327,,\n")
    return path


@pytest.fixture
def bad_identity(tmp_path):
    return edited_example(
        _folder(tmp_path, "bad-identity"),
        "yubei-2023.csv",
        {"district.name,,渝北区,,,,\n": "", "submission.year,,2023,": "submission.year,,二三年,"},
    )


@pytest.fixture
def bad_ruleset(tmp_path):
    text = (ROOT / "rulesets" / "cn-eco-county-2024.toml").read_text(encoding="utf-8")
    text = text.replace('op = ">="', 'op = "=>"', 1).replace("[items.pm25]\n", '[items.pm25]\nunitt = "x"\n', 1)
    path = tmp_path / "my-rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


CASES = {
    # name: (arguments, {lang: phrases that must be there}, {lang: phrases that must not},
    #        values named in the message that are not words of either language)
    "unknown key": (
        lambda f: ["check", f["unknown_key"]],
        {
            "en": ["the submission does not match rule set cn-eco-county-2024:", "unknown key 'pm_25'", "row 14"],
            "zh": [
                "提交的数据无法与规则集 cn-eco-county-2024 对应：",
                "未知的键 'pm_25'（是否应为 'pm25'？）",
                "第 14 行",
            ],
        },
        {"en": ["未知", "第", "是否"], "zh": ["unknown key", "did you mean", "row", "column", "does not match"]},
        [],
    ),
    "duplicated value": (
        lambda f: ["check", f["duplicated"]],
        {
            "en": ["good_air_days for 2023 is given twice (first at row 12, column A (key))"],
            "zh": ["good_air_days 的 2023 年数值填报了两次（首次在 第 12 行，A 列（key））"],
        },
        {"en": ["两次", "首次"], "zh": ["given twice", "first at", "row", "column"]},
        [],
    ),
    "missing identity and bad year": (
        lambda f: ["check", f["bad_identity"]],
        {
            "en": ["district.name is required", "submission.year must be a year such as 2023"],
            "zh": ["缺少 district.name", "submission.year 应为年份", "实为 '二三年'"],
        },
        {"en": ["缺少", "应为"], "zh": ["is required", "must be a year", "got", "not valid", "row"]},
        [],
    ),
    "missing file": (
        lambda f: ["check", f["tmp"] / "nowhere.csv"],
        {"en": ["nowhere.csv: file not found"], "zh": ["nowhere.csv: 文件不存在"]},
        {"en": ["文件"], "zh": ["file not found"]},
        [],
    ),
    "bad rule set": (
        lambda f: ["check", EXAMPLES / "yubei-2023.csv", "--ruleset", f["bad_ruleset"]],
        {
            "en": ["invalid rule set (2 problems):", "items.pm25.unitt: unknown key", "Input should be"],
            "zh": ["规则集无效（2 处问题）：", "items.pm25.unitt: 未知的键", "应为 '>='、'>'、'<='、'<'、'==' 之一"],
        },
        {"en": ["规则", "未知"], "zh": ["invalid rule set", "unknown key", "Input should", " or ", "line", "rule "]},
        ["docs/ruleset-format.md"],
    ),
    "unknown output format": (
        lambda f: ["check", EXAMPLES / "yubei-2023.csv", "--format", "nope"],
        {"en": ["unknown output format 'nope'"], "zh": ["未知的输出格式「nope」"]},
        {"en": ["未知"], "zh": ["output format", "available"]},
        ["nope", "github", "html", "json", "junit", "markdown", "sarif", "text", "xlsx"],
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_exits_2_with_the_message_wholly_in_the_chosen_language(
    case, lang, tmp_path, unknown_key, duplicated, bad_identity, bad_ruleset
):
    files = {
        "tmp": tmp_path,
        "unknown_key": unknown_key,
        "duplicated": duplicated,
        "bad_identity": bad_identity,
        "bad_ruleset": bad_ruleset,
    }
    args, wanted, unwanted, values = CASES[case]
    result = ecorules(*args(files), "--lang", lang)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr
    for phrase in wanted[lang]:
        assert phrase in message
    for phrase in unwanted[lang]:
        assert phrase not in message
    names = [str(tmp_path), str(EXAMPLES), "yubei-2023.csv", "my-rules.toml", "nowhere.csv", *values]
    if lang == "zh":
        assert message.startswith("错误：")
        # column headers as the file writes them (key, value) are values, not English
        assert english_words(message, *names, "（key）", "（value）") == []
    else:
        assert message.startswith("error: ")
        assert chinese_outside_values(message, *names, "十四五") == []


# --- (c) a problem at a cell carries its place in fields ---------------------------------------------


def read_errors(path: Path) -> list[InputError]:
    errors: list[InputError] = []
    list(run_check([path], CheckOptions(fail_on="never"), on_error=errors.append))
    return errors


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def test_an_unknown_key_is_a_problem_at_its_csv_cell(unknown_key):
    (error,) = read_errors(unknown_key)
    first, second = error.problems
    assert first.code == second.code == "input.unknown-key"
    assert (first.file, first.sheet, first.row, first.column, first.cell) == (
        str(unknown_key),
        None,
        line_of(unknown_key, "natural_resource_audt,"),
        "key",
        f"A{line_of(unknown_key, 'natural_resource_audt,')}",
    )
    assert first.message.en == "unknown key 'natural_resource_audt' (did you mean 'natural_resource_audit'?)"
    assert first.message.zh == "未知的键 'natural_resource_audt'（是否应为 'natural_resource_audit'？）"
    assert error.heading is not None and "cn-eco-county-2024" in error.heading.zh


def test_a_bad_year_cell_and_a_missing_district_are_separate_problems(bad_identity):
    (error,) = read_errors(bad_identity)
    by_code = {p.code: p for p in error.problems}
    assert set(by_code) == {"input.missing-identity", "input.bad-year"}
    year = by_code["input.bad-year"]
    assert (year.row, year.column, year.cell) == (line_of(bad_identity, "submission.year,"), "value", f"C{year.row}")
    assert by_code["input.missing-identity"].row is None  # a row that is not there has no place


def test_a_problem_in_a_workbook_names_its_sheet_and_cell(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表4"
    for row in (["key", "year", "value"], ["district.name", None, "渝北区"], ["submission.year", None, 2023]):
        sheet.append(row)
    sheet.append(["good_air_days", 2023, 300])
    sheet.append(["good_air_days", 2023, 301])
    path = tmp_path / "data.xlsx"
    book.save(path)
    (error,) = read_errors(path)
    (problem,) = error.problems
    assert problem.code == "input.duplicate-value"
    assert (problem.sheet, problem.row, problem.cell) == ("表4", 5, "A5")
    assert problem.render("zh") == f"{path}: 表4!A5: good_air_days 的 2023 年数值填报了两次（首次在 表4!A4）"


def test_a_header_problem_names_the_cell_and_a_json_syntax_error_its_line_and_column(tmp_path):
    csv = tmp_path / "bad-header.csv"
    csv.write_text("key,year,value,unitt\ndistrict.name,,渝北区,\n", encoding="utf-8")
    (error,) = read_errors(csv)
    (problem,) = error.problems
    assert (problem.code, problem.row, problem.cell) == ("input.unknown-column", 1, "D1")
    assert error.render("zh").splitlines()[1].startswith("  第 1 行，D 列: 'unitt' 不是可识别的列")

    broken = tmp_path / "broken.json"
    broken.write_text('{"district": {"name": "渝北区"},\n "values": [}', encoding="utf-8")
    (error,) = read_errors(broken)
    (problem,) = error.problems
    assert (problem.code, problem.line, problem.column) == ("input.json-syntax", 2, "13")
    assert problem.render("en") == f"{broken}: line 2, column 13: not valid JSON: Expecting value"
    assert problem.render("zh") == f"{broken}: 第 2 行，第 13 列: 不是有效的 JSON：此处应为一个值"
