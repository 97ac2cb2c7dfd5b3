"""Registers the Chongqing rule sets with ecorules (entry point ``chongqing``)."""

from __future__ import annotations

from importlib.resources import as_file, files

from ecorules.api import RulesetRegistry, hookimpl

from ecorules_chongqing import RULESET_FILES


@hookimpl
def ecorules_register_rulesets(registry: RulesetRegistry) -> None:
    package = files("ecorules_chongqing")
    for name in RULESET_FILES:
        # as_file gives a real file even when the package is installed zipped;
        # the registry reads the file before the call returns.
        with as_file(package / name) as path:
            registry.add_file(path)
