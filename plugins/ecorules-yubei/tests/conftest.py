"""Helpers shared by the tests: where things are, and running the ecorules command.

The tests read the rule set and the plugin module from this source tree, so they give the
same answers whether or not the package is installed. ecorules itself must be installed; it
is only used through its command line (``python -m ecorules``) and through the public
``ecorules.api.hookimpl`` that the plugin module imports. The submissions checked are the
Yubei examples of the ecorules repository this package lives in (``examples/yubei``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
SRC = PACKAGE_ROOT / "src"
RULESET = SRC / "ecorules_yubei" / "cq-yubei-plan-targets.toml"
YUBEI = PACKAGE_ROOT.parents[1] / "examples" / "yubei"
TABLE_4 = PACKAGE_ROOT.parents[2] / "shared" / "seeds"

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


def check_json(files: list[Path], ruleset: Path | str | None, *extra: str, autoload: bool = False) -> tuple[int, dict]:
    """Check FILES against RULESET (None: the one each file names) and return (exit code, JSON report)."""
    args = ["check", *map(str, files), "--format", "json", "--lang", "en", *extra]
    if ruleset is not None:
        args += ["--ruleset", str(ruleset)]
    proc = run_ecorules(*args, autoload=autoload)
    assert proc.returncode in (0, 1), f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def findings(submission: dict) -> dict[str, dict]:
    """Rule ID -> finding of one checked submission."""
    return {f["rule_id"]: f for f in submission["findings"]}


def statuses(submission: dict) -> dict[str, str]:
    """Rule ID -> status of one checked submission."""
    return {f["rule_id"]: f["status"] for f in submission["findings"]}
