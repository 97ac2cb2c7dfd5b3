"""The rule sets shipped with ecorules, registered as a plugin like any other.

Every ``*.toml`` file in this folder is a rule set (format:
``docs/ruleset-format.md``). To add one, drop a file here, or publish it in
your own package and register it through the same hook (``docs/plugins.md``).
"""

from __future__ import annotations

from importlib.resources import as_file, files

from ecorules.plugins import hookimpl


@hookimpl
def ecorules_register_rulesets(registry) -> None:
    for entry in sorted(files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with as_file(entry) as path:
                registry.add_file(path)
