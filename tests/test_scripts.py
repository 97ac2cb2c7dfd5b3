"""scripts/test.py, the README's test command: it must say which Pythons it cannot test."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT


def load_script():
    spec = importlib.util.spec_from_file_location("run_tests_script", ROOT / "scripts" / "test.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_python_found_on_path_or_through_pyenv_is_used_and_a_missing_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    script = load_script()
    on_path = tmp_path / "bin"
    on_path.mkdir()
    for name in ("python3.11", "python3.10"):  # 3.10: a pyenv shim for a version that is not active
        (on_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (on_path / name).chmod(0o755)
    pyenv_folder = tmp_path / "pyenv-3.12" / "bin"
    monkeypatch.setenv("PATH", str(on_path))
    monkeypatch.setattr(script, "pyenv_bin", lambda v: pyenv_folder if v == "3.12" else None)
    monkeypatch.setattr(script, "runs", lambda interpreter: "3.10" not in str(interpreter))
    found, missing, extra = script.find_pythons()
    assert found == {"3.11": str(on_path / "python3.11"), "3.12": str(pyenv_folder / "python3.12")}
    assert missing == ["3.10", "3.13"] and extra == [pyenv_folder]
    assert script.main(["--require-all"]) == 2  # refuses before installing anything
    assert "NOT TESTED on Python 3.10, 3.13" in capsys.readouterr().err


def test_the_readme_and_ci_run_the_same_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/test.py" in readme
    assert "python3 scripts/test.py" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
