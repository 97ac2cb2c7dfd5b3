"""The worked example of docs/plugins.md, "Adding a condition kind", is code that runs.

The files of the example package are the section's code blocks whose first line is a comment
naming the file (``# src/ecorules_basereduction/plugin.py``). They are written to a folder, the
plugin module named by the example's entry point is imported from there and registered the
way an installed package is, and the section's commands are run through the real CLI. The
outputs the section quotes must be the outputs the commands give.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecorules import plugins
from ecorules.cli import app

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
HEADING = "## 8. Adding a condition kind"
PACKAGE = "ecorules_basereduction"
CSV = "examples/yubei-energy.csv"
RULE = "YBE25-14"

runner = CliRunner()


def section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    assert HEADING in text, f"{GUIDE.name} has no section {HEADING!r}"
    body = text.split(HEADING, 1)[1]
    return body.split("\n## ", 1)[0]


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block, indented ones (inside list items) included."""
    blocks = []
    for match in re.finditer(r"^( *)```(\w*)\n(.*?)^\1```$", text, re.M | re.S):
        indent, lang, body = match.groups()
        lines = [line[len(indent) :] if line.startswith(indent) else line for line in body.splitlines()]
        blocks.append((lang, "\n".join(lines) + "\n"))
    return blocks


def example_files() -> dict[str, str]:
    """The example package as the section shows it: path -> text."""
    files = {}
    for _, body in code_blocks(section()):
        first = body.split("\n", 1)[0]
        match = re.fullmatch(r"# ([\w./-]+\.(?:py|toml|csv))", first)
        if match:
            assert match.group(1) not in files, f"{match.group(1)} is shown twice"
            files[match.group(1)] = body
    return files


def quoted_in(text: str, command: str) -> str:
    """The output ``text`` quotes for a command (the lines after '$ command', up to the next
    command or the end of the block)."""
    for lang, body in code_blocks(text):
        if lang != "text":
            continue
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if line.strip() == f"$ {command}":
                out = []
                for rest in lines[i + 1 :]:
                    if rest.startswith("$ "):
                        break
                    out.append(rest)
                return "\n".join(out).strip("\n") + "\n"
    raise AssertionError(f"the guide does not show '$ {command}'")


def quoted_run(command: str) -> str:
    """The output the section quotes for a command."""
    return quoted_in(section(), command)


def assert_quoted(quoted: str, actual: str) -> None:
    """Every line the section quotes is in the real output, in order; '…' stands for lines left out."""
    remaining = actual.splitlines()
    for line in quoted.splitlines():
        if line.strip() == "…":
            continue
        assert line in remaining, f"the guide shows {line!r}, which the command does not print:\n{actual}"
        remaining = remaining[remaining.index(line) + 1 :]


class EntryPoint:
    """Stands in for the installed package's entry point: loads the module it names."""

    dist = None

    def __init__(self, name: str, value: str):
        self.name, self.value = name, value

    def load(self):
        return importlib.import_module(self.value)


@pytest.fixture
def package(tmp_path, monkeypatch):
    """The example package written out, its plugin registered as an installed one would be,
    and the working directory its folder (the section's commands run there)."""
    files = example_files()
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    pyproject = tomllib.loads(files["pyproject.toml"])
    entry_points = pyproject["project"]["entry-points"]["ecorules"]
    assert list(entry_points) == ["basereduction"]
    eps = [EntryPoint(name, value) for name, value in entry_points.items()]

    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("ECORULES_PLUGINS", raising=False)
    monkeypatch.setattr(plugins, "entry_points", lambda group: eps if group == "ecorules" else [])
    monkeypatch.chdir(tmp_path)
    plugins.reset()
    module = eps[0].load()
    # The module under test is the one written from the guide, not an installed copy.
    assert Path(module.__file__).resolve().is_relative_to(tmp_path.resolve()), module.__file__
    yield tmp_path
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def ecorules(*args: str):
    return runner.invoke(app, list(args))


def check_json(path: str = CSV) -> dict[int, dict]:
    """The finding of the rule in each reporting year."""
    result = ecorules("check", path, "--format", "json", "--lang", "en", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    found = {}
    for sub in report["submissions"]:
        assert sub["ruleset"]["id"] == "yb-energy-2025"
        (finding,) = [f for f in sub["findings"] if f["rule_id"] == RULE]
        found[sub["year"]] = finding
    return found


def submission_of_2023(package: Path, *rows: str) -> str:
    """The section's submission for 2023 only, with these value rows instead of its own."""
    lines = (package / CSV).read_text(encoding="utf-8").splitlines()
    kept = [line.replace('"2022, 2023"', "2023") for line in lines if not line.startswith("energy_intensity,")]
    path = package / "edited.csv"
    path.write_text("\n".join([*kept, *rows]) + "\n", encoding="utf-8")
    return path.name


def test_the_section_shows_the_whole_package():
    assert set(example_files()) == {
        "pyproject.toml",
        f"src/{PACKAGE}/__init__.py",
        f"src/{PACKAGE}/plugin.py",
        f"src/{PACKAGE}/yb-energy-2025.toml",
        CSV,
    }


def test_the_plugin_imports_only_the_public_api():
    tree = ast.parse(example_files()[f"src/{PACKAGE}/plugin.py"])
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert {m for m in modules if m and m.split(".")[0] == "ecorules"} == {"ecorules.api"}


def test_plugins_lists_the_kind_and_the_rule_set(package):
    result = ecorules("plugins")
    assert result.exit_code == 0, result.output
    assert "FAILED" not in result.stdout
    listing = result.stdout.split("basereduction  [", 1)[1]
    assert "    ruleset yb-energy-2025\n    condition kind reduction_since\n" in listing
    # The section shows an installed package's origin; the rest is as printed.
    quoted = quoted_run("ecorules plugins").replace("ecorules-basereduction 0.1.0, ", "")
    assert_quoted(quoted, result.stdout)


def test_check_uses_the_rule_set_and_the_kind(package):
    result = ecorules("check", CSV, "--lang", "en")
    assert result.exit_code == 1  # a binding target missed
    assert result.stdout == quoted_run(f"ecorules check {CSV} --lang en")

    found = check_json()
    assert found[2022]["status"] == "not_met"
    assert found[2022]["details"] == [
        {
            "zh": "单位地区生产总值能耗 比2020年下降 10.8%（0.5 → 0.446）≥ 14%：否",
            "en": "Energy use per unit of GDP down 10.8% on 2020 (0.5 → 0.446) ≥ 14%: no",
        }
    ]
    assert found[2023]["status"] == "met"
    assert found[2023]["details"][0]["zh"] == "单位地区生产总值能耗 比2020年下降 16.4%（0.5 → 0.418）≥ 14%：是"


def test_explain_shows_a_passing_and_a_failing_example(package):
    result = ecorules("explain", RULE, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert_quoted(quoted_run(f"ecorules explain {RULE} --lang en"), result.stdout)
    passing, failing = result.stdout.split("Passing example:", 1)[1].split("Failing example:")
    assert ": yes" in passing and "2020 = " in passing
    assert ": no" in failing and "2020 = " in failing

    zh = ecorules("explain", RULE, "--lang", "zh").stdout
    assert "比2020年下降 14%（50 → 43）≥ 14%：是" in zh
    assert "比2020年下降 13.8%（50 → 43.1）≥ 14%：否" in zh


def row(year: int, value: str, unit: str = "吨标准煤/万元") -> str:
    return f"energy_intensity,{year},{value},{unit},"


@pytest.mark.parametrize(
    ("rows", "status", "reason"),
    [
        # exactly on the line: 0.6 → 0.516 is 14 %, which floating point makes 13.999…
        ([row(2020, "0.6"), row(2023, "0.516")], "met", "down 14% on 2020 (0.6 → 0.516) ≥ 14%: yes"),
        ([row(2020, "0.6"), row(2023, "0.5161")], "not_met", "down 13.98% on 2020 (0.6 → 0.5161) ≥ 14%: no"),
        ([row(2023, "0.418")], "missing", "no value of 'Energy use per unit of GDP' for 2020"),
        ([row(2020, "0"), row(2023, "0.418")], "missing", "is 0 in 2020; the reduction cannot be computed"),
        ([row(2020, "暂未公布"), row(2023, "0.418")], "missing", "'暂未公布' in 2020, not an exact number"),
        ([row(2020, "0.5", "万吨"), row(2023, "0.418")], "missing", "unit given as '万吨'"),
        ([row(2020, "0.5"), row(2023, "≤0.43")], "met", "down ≥14% on 2020 (0.5 → ≤0.43) ≥ 14%: yes"),
        ([row(2020, "0.5"), row(2023, "≤0.44")], "missing", "(0.5 → ≤0.44) ≥ 14%: only a bound is known, undecided"),
    ],
)
def test_the_kind_at_its_edges(package, rows, status, reason):
    finding = check_json(submission_of_2023(package, *rows))[2023]
    assert finding["status"] == status
    assert any(reason in d["en"] for d in finding["details"]), finding["details"]


def test_the_quoted_lint_errors_are_real(package, monkeypatch):
    ruleset = package / "src" / PACKAGE / "yb-energy-2025.toml"
    command = f"lint-ruleset src/{PACKAGE}/yb-energy-2025.toml"

    # Without the plugin, a rule set that uses the kind does not load.
    monkeypatch.setenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    plugins.reset()
    result = ecorules(*command.split())
    assert result.exit_code == 1
    assert "unknown condition kind 'reduction_since'" in result.stdout
    assert result.stdout == quoted_run(f"ECORULES_DISABLE_PLUGIN_AUTOLOAD=1 ecorules {command}")

    # The kind's own check: a base year inside the rule set's years.
    monkeypatch.delenv("ECORULES_DISABLE_PLUGIN_AUTOLOAD")
    plugins.reset()
    text = ruleset.read_text(encoding="utf-8")
    assert "base_year = 2020," in text
    ruleset.write_text(text.replace("base_year = 2020,", "base_year = 2021,"), encoding="utf-8")
    result = ecorules(*command.split())
    assert result.exit_code == 1
    assert result.stdout == quoted_run(f"ecorules {command}    # with base_year = 2021")
