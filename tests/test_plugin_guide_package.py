"""The worked package of docs/plugins.md (sections 1 to 6) is code that runs.

The guide shows every file of the jiangjin package in a code block whose first line names the
file (``# src/ecorules_jiangjin/plugin.py``). The test checks that these blocks are the files
of ``plugins/ecorules-jiangjin``, then builds the package the way the guide says: the scaffold
(``ecorules new plugin jiangjin``) with the guide's files in place of its example. It installs
the package, runs its ``ecorules test`` and ``pytest``, and compares what the commands print
with what the guide quotes, including the report of a broken threshold.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_plugin_guide import assert_quoted, code_blocks, quoted_in
from typer.testing import CliRunner

from ecorules.cli import app

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
WORKED = ROOT / "plugins" / "ecorules-jiangjin"
runner = CliRunner()


def sections_1_to_6() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("## 1. What a plugin can add", 1)[1].split("\n## 7. ", 1)[0]


def guide_files() -> dict[str, str]:
    """path -> text of the blocks that show a file (the naming first line is not part of it)."""
    files = {}
    for _, body in code_blocks(sections_1_to_6()):
        first, _, rest = body.partition("\n")
        match = re.fullmatch(r"# ([\w./-]+\.(?:py|toml|csv))", first)
        if match:
            assert match.group(1) not in files, f"{match.group(1)} is shown twice"
            files[match.group(1)] = rest
    return files


def quoted(command: str) -> str:
    """The output the guide quotes for a command, up to the next command or the block's end."""
    return quoted_in(sections_1_to_6(), command)


def test_the_guide_shows_the_worked_package_as_it_is():
    files = guide_files()
    assert set(files) == {
        "pyproject.toml",
        "src/ecorules_jiangjin/__init__.py",
        "src/ecorules_jiangjin/plugin.py",
        "src/ecorules_jiangjin/jj-carbon-2025.toml",
        "tests/jj-carbon-2025.cases.toml",
        "tests/test_ruleset.py",
        "examples/jiangjin-2025-pass.csv",
        "examples/jiangjin-2025-fail.csv",
    }
    for path, text in files.items():
        assert text == (WORKED / path).read_text(encoding="utf-8"), f"docs/plugins.md shows another {path}"


def test_the_guide_keeps_to_the_scaffold(tmp_path, monkeypatch):
    """The guide's pyproject.toml and plugin module are the scaffold's, with the worked example's
    own description and keywords: what `ecorules new plugin` writes is what the guide explains."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "plugin", "jiangjin"]).exit_code == 0
    scaffold = tmp_path / "ecorules-jiangjin"
    files = guide_files()
    plugin = "src/ecorules_jiangjin/plugin.py"
    assert files[plugin].split("\n", 1)[1] == (scaffold / plugin).read_text(encoding="utf-8").split("\n", 1)[1]
    ours = (scaffold / "pyproject.toml").read_text(encoding="utf-8")
    for section in (
        "[build-system]",
        "[project.entry-points.ecorules]",
        "[tool.setuptools.packages.find]",
        "[tool.pytest.ini_options]",
    ):
        assert (
            ours.split(section, 1)[1].split("\n[", 1)[0]
            == files["pyproject.toml"].split(section, 1)[1].split("\n[", 1)[0]
        ), section


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    environment.pop("ECORULES_DISABLE_PLUGIN_AUTOLOAD", None)
    environment.pop("ECORULES_PLUGINS", None)
    environment.update(env)
    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=environment, timeout=600
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The package built as the guide says, and installed (into a folder of its own)."""
    tmp = tmp_path_factory.mktemp("guide")
    result = run(sys.executable, "-m", "ecorules", "new", "plugin", "jiangjin", cwd=tmp, env={})
    assert result.returncode == 0, result.stderr
    package = tmp / "ecorules-jiangjin"
    for example in (
        "src/ecorules_jiangjin/jiangjin-targets-2025.toml",
        "tests/jiangjin-targets-2025.cases.toml",
        "tests/test_plugin.py",
    ):
        (package / example).unlink()
    for path, text in guide_files().items():
        (package / path).parent.mkdir(parents=True, exist_ok=True)
        (package / path).write_text(text, encoding="utf-8")
    layout = code_blocks(sections_1_to_6().split("The jiangjin package, once written, looks like this:", 1)[1])[0][1]
    shown = {m.group(1) for m in re.finditer(r"[├└]── ([\w.-]+\.\w+)", layout)}
    assert shown == {p.name for p in package.rglob("*") if p.is_file()}
    site = tmp / "site"
    install = run(
        sys.executable, "-m", "pip", "install", "-v", "--no-deps", "--target", str(site), ".", cwd=package, env={}
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert "Deprecat" not in install.stdout + install.stderr
    return package, {"PYTHONPATH": str(site)}


def test_the_installed_package_is_listed_as_the_guide_shows(built):
    package, env = built
    plugins = run(sys.executable, "-m", "ecorules", "plugins", cwd=package, env=env)
    assert plugins.returncode == 0, plugins.stdout + plugins.stderr
    assert_quoted(quoted("ecorules plugins"), plugins.stdout)
    listed = run(sys.executable, "-m", "ecorules", "rulesets", "list", "--lang", "en", cwd=package, env=env)
    assert_quoted(quoted("ecorules rulesets list --lang en"), listed.stdout)
    lint = run(
        sys.executable,
        "-m",
        "ecorules",
        "lint-ruleset",
        "src/ecorules_jiangjin/jj-carbon-2025.toml",
        cwd=package,
        env={**env, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert lint.stdout == quoted("ecorules lint-ruleset src/ecorules_jiangjin/jj-carbon-2025.toml")


def test_its_cases_and_tests_pass_as_the_guide_shows(built):
    package, env = built
    tested = run(sys.executable, "-m", "ecorules", "test", "--lang", "en", cwd=package, env=env)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert tested.stdout == quoted("ecorules test --lang en")
    pytested = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=package, env=env)
    assert pytested.returncode == 0, pytested.stdout + pytested.stderr
    count = re.search(r"^(\d+) passed", quoted("pytest -q"), re.M)
    assert count is not None and f"{count.group(1)} passed" in pytested.stdout


def test_the_bad_case_file_and_the_project_cases(built, tmp_path):
    package, env = built
    blocks = [body for lang, body in code_blocks(sections_1_to_6()) if lang == "toml" and not body.startswith("# ")]
    (broken,) = [b for b in blocks if "JJ25-03" in b]
    (package / "tests" / "broken.cases.toml").write_text(broken, encoding="utf-8")
    try:
        result = run(
            sys.executable, "-m", "ecorules", "test", "tests/broken.cases.toml", "--lang", "en", cwd=package, env=env
        )
    finally:
        (package / "tests" / "broken.cases.toml").unlink()
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == quoted("ecorules test tests/broken.cases.toml --lang en")
    (projects,) = [b for b in blocks if 'ruleset = "cq-construction-sites-2022"' in b]
    (tmp_path / "sites.cases.toml").write_text(projects, encoding="utf-8")
    result = run(sys.executable, "-m", "ecorules", "test", "sites.cases.toml", "--lang", "en", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sites.cases.toml: 2 cases, 2 passed, 0 failed" in result.stdout


def test_a_broken_threshold_fails_as_the_guide_shows(built):
    package, env = built
    ruleset = package / "src" / "ecorules_jiangjin" / "jj-carbon-2025.toml"
    text = ruleset.read_text(encoding="utf-8")
    at_16 = 'condition = { kind = "compare", op = ">=", value = 16 }'
    assert text.count(at_16) == 1
    ruleset.write_text(text.replace(at_16, at_16.replace("16", "17")), encoding="utf-8")
    try:
        tested = run(sys.executable, "-m", "ecorules", "test", "--lang", "en", cwd=package, env=env)
        pytested = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=package, env=env)
    finally:
        ruleset.write_text(text, encoding="utf-8")
    assert tested.returncode == 1
    assert tested.stdout == quoted("ecorules test --lang en    # with the threshold of JJ25-01 typed as 17")
    assert pytested.returncode == 1
    assert "status: expected met, got not_met" in pytested.stdout
