"""Registers the Yubei plan-targets rule set with ecorules (entry point ``yubei``)."""

from __future__ import annotations

from importlib.resources import as_file, files

from ecorules.api import RulesetRegistry, hookimpl

from ecorules_yubei import RULESET_FILES


@hookimpl
def ecorules_register_rulesets(registry: RulesetRegistry) -> None:
    package = files("ecorules_yubei")
    for name in RULESET_FILES:
        # as_file gives a real file even when the package is installed zipped;
        # the registry reads the file before the call returns.
        with as_file(package / name) as path:
            registry.add_file(path)
