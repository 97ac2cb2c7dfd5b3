"""Build a wheelhouse and install ecorules from it with no package index, as an offline
machine would (docs/ci.md, "Installing ecorules without a package index"), then check an
example with what was installed.

    python scripts/offline_install.py            # run by tox -e wheelhouse

Step 1 needs the network (the dependencies' wheels come from the index); steps 2 and 3 do
not: pip is told ``--no-index``, so anything missing from the wheelhouse fails the install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "plugins" / "ecorules-jiangjin"


def run(*cmd: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], text=True, check=False, **kwargs)  # type: ignore[call-overload]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ecorules-wheelhouse-") as tmp:
        wheelhouse, target = Path(tmp) / "wheelhouse", Path(tmp) / "offline"
        built = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", wheelhouse, ROOT, PLUGIN)
        if built.returncode:
            print("error: could not build the wheelhouse", file=sys.stderr)
            return 1
        print("wheelhouse:", ", ".join(sorted(p.name for p in wheelhouse.iterdir())), flush=True)
        venv.EnvBuilder(with_pip=True).create(target)
        python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}  # no index, no extra finder
        installed = run(
            python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheelhouse,
            "ecorules", "ecorules-jiangjin", env=env,
        )  # fmt: skip
        if installed.returncode:
            print("error: the wheelhouse does not hold everything ecorules needs", file=sys.stderr)
            return 1
        ecorules = [python, "-m", "ecorules"]
        listed = run(*ecorules, "rulesets", "list", "--lang", "en", capture_output=True, env=env)
        checked = run(
            *ecorules, "check", ROOT / "examples" / "yubei" / "yubei-2023.csv", "--lang", "en",
            capture_output=True, env=env,
        )  # fmt: skip
        print(checked.stdout.strip().splitlines()[-1] if checked.stdout.strip() else checked.stderr, flush=True)
        problems = []
        if "jj-carbon-2025" not in listed.stdout:
            problems.append("the plugin's rule set is not listed:\n" + listed.stdout + listed.stderr)
        if checked.returncode != 1 or "3 not met (4, 6, 8)" not in checked.stdout:
            problems.append(
                f"the example did not give the plan's verdict (exit {checked.returncode}):\n{checked.stderr}"
            )
        for problem in problems:
            print("error:", problem, file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
