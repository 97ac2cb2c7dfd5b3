"""The rule sets shipped with ecorules, registered as a plugin like any other.

They are the ``*.toml`` files of the top-level ``rulesets/`` folder, which
installs as the ``ecorules.rulesets`` package. Run from a source checkout
(``python -m ecorules`` in the repository) that package does not exist, so
the folder next to the package is used instead: the same files either way.
"""

from __future__ import annotations

from pathlib import Path

from ecorules.hookspecs import hookimpl


def shipped_folder() -> Path:
    try:
        import ecorules.rulesets as package
    except ModuleNotFoundError:  # a source checkout that was not installed
        return Path(__file__).resolve().parent.parent / "rulesets"
    return Path(package.__file__).resolve().parent


def shipped_files() -> list[Path]:
    return sorted(shipped_folder().glob("*.toml"))


@hookimpl
def ecorules_register_rulesets(registry) -> None:
    for path in shipped_files():
        registry.add_file(path)
