"""The text report fits the terminal: its width, CJK characters at two columns, wording
wrapped inside its column; plain and unwrapped when piped; a compact form; help at 80."""

import os
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.reporters.layout import fit_columns, width, wrap, wrap_indented

Y2023 = str(EXAMPLES / "yubei-2023.csv")
runner = CliRunner()


def _ecorules(*args: str, columns: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [sys.executable, "-m", "ecorules", *args], capture_output=True, text=True, env=env, encoding="utf-8"
    )


def test_display_width_counts_cjk_twice():
    assert width("PM2.5") == 5
    assert width("优良天数") == 8
    assert width("（2024 年版）") == 2 + 4 + 1 + 4 + 2


def test_wrap_breaks_between_cjk_characters_and_latin_words():
    lines = wrap("空气质量优良天数比例 share of days with good air", 12)
    assert all(width(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == "空气质量优良天数比例shareofdayswithgoodair"
    assert wrap("ecological-civilization", 14) == ["ecological-", "civilization"]
    assert wrap("x" * 30, 10) == ["x" * 10] * 3


def test_chinese_closing_marks_never_start_a_line_nor_opening_ones_end_it():
    for text, cols in [
        ("最常未达标：4（2）、6（2）、8（2）", 13),
        ("《生态文明建设示范区（县）建设指标（2024 年版）》", 20),
    ]:
        for line in wrap(text, cols):
            assert width(line) <= cols
            assert line[0] not in "）》、，。；：" and line[-1] not in "（《", wrap(text, cols)
        assert "".join(wrap(text, cols)).replace(" ", "") == text.replace(" ", "")


def test_a_hanging_indent_uses_the_width_left_on_each_line():
    lines = wrap_indented("x " * 60, 40, "  a-long-label.csv: ", "      ")
    assert [width(line) <= 40 for line in lines] == [True] * len(lines)
    assert width(lines[1]) > 30  # continuation lines are not as narrow as the first


def test_columns_give_up_width_widest_first_but_fixed_ones_stay():
    widths = fit_columns([3, 9, 108, 14, 26, 120], (None, None, 8, 10, 10, 8), 80)
    assert widths[:2] == [3, 9]
    assert sum(widths) + 2 * 5 <= 80
    assert min(widths[2:]) >= 8


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_at_80_columns_no_line_is_longer_than_80(lang):
    done = _ecorules("check", Y2023, "--lang", lang, columns="80")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert max(width(line) for line in lines) <= 80
    # everything is still there: every sub-item's rule ID, the details and the official count
    assert len(set(re.findall(r"EC24-[0-9R.]+", done.stdout))) == 49
    count = "达标 29 项" if lang == "zh" else "29 met"
    assert count in done.stdout
    assert "yubei-2023.csv:12 (value)" in done.stdout


def test_the_width_option_wins_over_columns():
    done = _ecorules("check", Y2023, "--lang", "en", "--width", "60", columns="200")
    assert max(width(line) for line in done.stdout.splitlines()) <= 60
    assert "EC24-04.1" in done.stdout


def test_piped_without_a_width_one_line_per_row_and_no_escape_codes():
    done = _ecorules("check", Y2023, "--lang", "en")
    assert "\x1b" not in done.stdout
    rows = [line for line in done.stdout.splitlines() if re.match(r"^\S+\s+EC24-", line)]
    assert len(rows) == 49  # each sub-item whole on its line, for grep
    assert any(width(line) > 120 for line in rows)


def test_compact_lists_only_what_fails():
    result = runner.invoke(app, ["check", Y2023, "--lang", "en", "--compact", "--width", "80"])
    lines = result.stdout.splitlines()
    assert max(width(line) for line in lines) <= 80
    failing = {"EC24-04.1", "EC24-04.2", "EC24-06.5", "EC24-08.1"}
    assert set(re.findall(r"EC24-[0-9R.]+", result.stdout)) == failing
    assert "not met" in result.stdout and "@ row 12" in result.stdout
    assert "32 indicators: 29 met" in result.stdout
    assert len(lines) < 20


def test_compact_in_chinese_is_chinese():
    result = runner.invoke(app, ["check", Y2023, "--lang", "zh", "--compact"])
    assert "未达标" in result.stdout and "要求：" in result.stdout
    assert "not met" not in result.stdout and "required" not in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["check"],
        ["template"],
        ["explain"],
        ["lint-ruleset"],
        ["config"],
        ["plugins"],
        ["rulesets"],
        ["rulesets", "list"],
        ["rulesets", "show"],
    ],
)
def test_every_help_shows_an_example_and_fits_80_columns(command):
    done = _ecorules(*command, "--help", columns="80")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(width(line) for line in lines) <= 80
    assert any(re.match(r"^\s+ecorules \S", line) for line in lines), done.stdout
    assert "[tool.ecorules]" in done.stdout or command != ["check"]  # brackets are text, not markup


@pytest.mark.parametrize("fmt", ["text", "html"])  # markdown lists only what fails
def test_an_english_report_gives_the_unit_of_a_value_in_english(fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    for lang, unit, other in (
        ("en", "12.15 m²/person", "12.15 平方米/人"),
        ("zh", "12.15 平方米/人", "12.15 m²/person"),
    ):
        result = runner.invoke(
            app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", fmt, "--lang", lang, "-o", str(out)]
        )
        assert result.exit_code == 1, result.output
        shown = out.read_text(encoding="utf-8")
        assert unit in shown and other not in shown, (fmt, lang)
    # the machine formats keep the value as submitted
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--format", "json", "--lang", "en"])
    assert '"actual": "12.15 平方米/人"' in result.stdout


def test_a_width_below_what_the_table_can_honour_is_refused():
    result = runner.invoke(app, ["check", str(EXAMPLES / "yubei-2023.csv"), "--width", "40"])
    assert result.exit_code == 2 and "greater than or equal to 60" in result.output


def test_a_narrow_terminal_gets_the_narrowest_report_that_fits_60_columns():
    done = _ecorules("check", str(EXAMPLES / "yubei-2019-2022.xlsx"), "--lang", "zh", columns="40")
    assert max(width(line) for line in done.stdout.splitlines()) <= 60
