"""Each report is wholly in the language asked for, the problems of unreadable files included."""

import re

import pytest
from conftest import EXAMPLES
from openpyxl import load_workbook
from typer.testing import CliRunner

from ecorules.cli import app

runner = CliRunner()
CJK = re.compile(r"[\u4e00-\u9fff]")
# What the submission and the file names say is data, not the report's language.
DATA = (
    "渝北区",
    "表4",
    "建立",
    "开展",
    "有效保障",
    "有效开展",
    "不涉及",
    "无黑臭水体",
    "持续提高",
    "生态功能不降低、性质不改变",
    "平方米/人",
    "亩",
    "未考核",
    "十四五期间，未逐年下达",
    "环办生态〔2024〕4号",
)


def _english_only(text: str) -> list[str]:
    for value in sorted(DATA, key=len, reverse=True):
        text = text.replace(value, "")
    return CJK.findall(text)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_chinese_report_says_the_unreadable_file_in_chinese(tmp_path, fmt):
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "yubei-2023.csv"), str(tmp_path / "missing.csv"), "--format", fmt, "--lang", "zh"]
    )
    assert result.exit_code == 2
    assert "文件不存在" in result.output and "file not found" not in result.output
    assert "未达标" in result.stdout and "not met" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_an_english_report_has_no_chinese_but_the_data(tmp_path, fmt):
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "yubei-2023.csv"), str(tmp_path / "missing.csv"), "--format", fmt, "--lang", "en"]
    )
    assert "file not found" in result.output
    assert _english_only(result.stdout) == []


def test_the_workbook_report_is_in_one_language(tmp_path):
    out = tmp_path / "en.xlsx"
    runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.json"), "--format", "xlsx", "-o", str(out), "--lang", "en"])
    wb = load_workbook(out)
    assert wb.sheetnames == ["Results", "Data"]
    texts = [c.value for row in wb["Results"].iter_rows() for c in row if isinstance(c.value, str)]
    texts += [c.comment.text for row in wb["Data"].iter_rows() for c in row if c.comment is not None]
    assert _english_only("\n".join(texts)) == []
