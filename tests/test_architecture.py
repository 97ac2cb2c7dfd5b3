"""The layers hold: plugins import only the public API, and the import contracts catch a
format that reaches into another layer."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import ecorules.api


def test_the_plugin_packages_import_only_the_public_api():
    offenders = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            m = re.match(r"\s*(?:from|import)\s+(ecorules(?:\.\w+)*)", line)
            if m and m.group(1) not in ("ecorules", "ecorules.api"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
            if re.match(r"\s*from\s+ecorules\s+import\s+(?!hookimpl\b|api\b|__version__\b)", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_public_api_exports_what_it_lists():
    missing = [name for name in ecorules.api.__all__ if not hasattr(ecorules.api, name)]
    assert missing == []


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("lint-imports (import-linter) is not installed; it is part of the test extras")
    return subprocess.run([exe, "--config", str(root / "pyproject.toml")], cwd=root, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("module", "imported"),
    [("adapters/csv.py", "ecorules.reporters.text"), ("adapters/json.py", "ecorules.engine.python")],
)
def test_the_contracts_fail_when_an_adapter_reaches_into_another_layer(tmp_path: Path, module: str, imported: str):
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "ecorules", copy / "ecorules")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    clean = _lint_imports(copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    target = copy / "ecorules" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\nimport {imported}  # noqa\n", encoding="utf-8")
    broken = _lint_imports(copy)
    assert broken.returncode != 0 and "BROKEN" in broken.stdout


def test_starting_the_cli_does_not_import_pydantic():
    """--version and --help pay for typer, not for the rule-set models."""
    code = "import sys, ecorules.cli; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
