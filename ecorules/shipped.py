"""The rule sets shipped with ecorules, registered as a plugin like any other.

They are the ``*.toml`` files of the top-level ``rulesets/`` folder, which
installs as the ``ecorules.rulesets`` package. Run from a source checkout
(``python -m ecorules`` in the repository) that package does not exist, so
the folder next to the package is used instead: the same files either way.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from ecorules.hookspecs import hookimpl

if TYPE_CHECKING:
    from ecorules.registry import RulesetRegistry


def shipped_folder() -> Path:
    try:
        # By name: the package exists only once installed (from the top-level rulesets/ folder).
        package = importlib.import_module("ecorules.rulesets")
    except ModuleNotFoundError:  # a source checkout that was not installed
        return Path(__file__).resolve().parent.parent / "rulesets"
    return Path(str(package.__file__)).resolve().parent


def shipped_files() -> list[Path]:
    return sorted(shipped_folder().glob("*.toml"))


@hookimpl
def ecorules_register_rulesets(registry: RulesetRegistry) -> None:
    for path in shipped_files():
        registry.add_file(path)
