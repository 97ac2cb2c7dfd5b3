"""Helpers shared by the tests: where things are, and running the ecorules command.

The tests read the rule sets and the plugin module from this source tree, so they
give the same answers whether or not the package is installed. ecorules itself must
be installed; it is only used through its command line (``python -m ecorules``) and
through the public ``ecorules.api.hookimpl`` that the plugin module imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
SRC = PACKAGE_ROOT / "src"
RULESETS = SRC / "ecorules_jiangjin"
EXAMPLES = PACKAGE_ROOT / "examples"
RULESET = RULESETS / "jj-carbon-2025.toml"

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


def run_ecorules(*args: str, autoload: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ecorules ARGS`` and return the finished process.

    With ``autoload=False`` no installed plugin is loaded, so only the rule set given
    with ``--ruleset`` (a file of this source tree) is in play.
    """
    env = dict(os.environ)
    env.pop("ECORULES_PLUGINS", None)
    if autoload:
        env.pop("ECORULES_DISABLE_PLUGIN_AUTOLOAD", None)
    else:
        env["ECORULES_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "ecorules", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=PACKAGE_ROOT,
        timeout=120,
    )


def check_json(files: list[Path], ruleset: Path | None, *extra: str, autoload: bool = False) -> tuple[int, dict]:
    """Check FILES and return (exit code, parsed JSON report)."""
    args = ["check", *map(str, files), "--format", "json", "--lang", "en", *extra]
    if ruleset is not None:
        args += ["--ruleset", str(ruleset)]
    proc = run_ecorules(*args, autoload=autoload)
    assert proc.returncode in (0, 1), f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def statuses(submission: dict) -> dict[str, str]:
    """Rule ID -> status of one checked submission."""
    return {f["rule_id"]: f["status"] for f in submission["findings"]}


def write_submission(path: Path, year: int, ruleset_id: str, rows: list[tuple[str, str, str]]) -> Path:
    """A minimal submission: identity rows plus (key, value, unit) rows for YEAR."""
    lines = [
        "key,year,value,unit,target,target_period,note",
        "district.name,,江津区,,,,",
        "district.code,,500116,,,,",
        f"submission.year,,{year},,,,",
        f"submission.ruleset,,{ruleset_id},,,,",
    ]
    lines += [f"{key},{year},{value},{unit},,," for key, value, unit in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
