"""Run the whole test suite the way CI does: every Python 3.10–3.13 on the machine, the
durable-rules engine, the example plugins and lint, through tox.

    python3 scripts/test.py              # everything
    python3 scripts/test.py -e py311     # arguments go to tox

tox is installed into a virtual environment of its own (``.venv-test`` in the checkout),
never into the Python that runs this script: a Debian or Ubuntu system Python refuses
``pip install`` outside a virtual environment (PEP 668), and a developer's environment is
left as it was. The interpreters are looked for on PATH (``python3.11``), then through
pyenv, and the ones not found are named at the start and again at the end, because tox
skips the environments of a missing Python. ``--require-all`` makes a missing one an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-test"
VERSIONS = ("3.10", "3.11", "3.12", "3.13")


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_tox() -> Path:
    python = venv_python(VENV)
    if not python.exists():
        say(f"creating {VENV.name} (a virtual environment for tox) with {sys.executable}")
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(
                f"error: cannot create a virtual environment in {VENV}: {exc}\n"
                "On Debian or Ubuntu install the venv module first: sudo apt install python3-venv"
            )
    has_tox = subprocess.run([python, "-c", "import tox"], capture_output=True).returncode == 0
    if not has_tox:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "tox>=4"], check=True)
    return python


def pyenv_bin(version: str) -> Path | None:
    """The bin folder of the newest pyenv-managed CPython ``version``, if pyenv has one."""
    if shutil.which("pyenv") is None:
        return None
    listed = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
    matching = [v for v in listed if v == version or v.startswith(version + ".")]
    for candidate in reversed(matching):
        prefix = subprocess.run(["pyenv", "prefix", candidate], capture_output=True, text=True).stdout.strip()
        folder = Path(prefix) / "bin"
        if prefix and (folder / f"python{version}").exists():
            return folder
    return None


def runs(interpreter: str | Path) -> bool:
    """Whether the interpreter starts: a pyenv shim on PATH exists for every installed version
    but fails for one that is not active (pyenv global), and tox would skip it silently."""
    try:
        return subprocess.run([str(interpreter), "-c", "pass"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_pythons() -> tuple[dict[str, str], list[str], list[Path]]:
    """version -> the interpreter found; the versions missing; folders to put on PATH, in
    front (so that tox finds the same interpreters, not a shim that does not run)."""
    found: dict[str, str] = {}
    missing: list[str] = []
    extra: list[Path] = []
    for version in VERSIONS:
        on_path = shutil.which(f"python{version}")
        if on_path is not None and runs(on_path):
            found[version] = on_path
            continue
        folder = pyenv_bin(version)
        if folder is not None and runs(folder / f"python{version}"):
            found[version] = str(folder / f"python{version}")
            extra.append(folder)
            continue
        missing.append(version)
    return found, missing, extra


def say(line: str) -> None:
    print(f"[scripts/test.py] {line}", file=sys.stderr, flush=True)


def warn_missing(missing: list[str]) -> None:
    if missing:
        bar = "!" * 78
        say(bar)
        say(f"NOT TESTED on Python {', '.join(missing)}: no interpreter found on PATH or through pyenv;")
        say("tox skips those environments. Install them (pyenv install 3.13) to test everything.")
        say(bar)


def main(argv: list[str]) -> int:
    require_all = "--require-all" in argv
    tox_args = [a for a in argv if a != "--require-all"]
    found, missing, extra = find_pythons()
    for version, path in found.items():
        say(f"Python {version}: {path}")
    warn_missing(missing)
    if missing and require_all:
        return 2
    python = ensure_tox()
    env = dict(os.environ)
    # behind the tox environment's own folder, so that nothing else shadows it
    env["PATH"] = os.pathsep.join([str(venv_python(VENV).parent), *map(str, extra), env.get("PATH", "")])
    code = subprocess.run([python, "-m", "tox", *tox_args], cwd=ROOT, env=env).returncode
    warn_missing(missing)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
