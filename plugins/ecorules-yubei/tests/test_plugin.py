"""The plugin module registers the rule set file through the ecorules hook."""

from __future__ import annotations

from pathlib import Path

from conftest import RULESET

from ecorules_yubei import RULESET_FILES, plugin


class FakeRegistry:
    """Stands in for the registry ecorules hands to the hook; records what is added."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.contents: dict[str, str] = {}

    def add_file(self, path) -> None:
        path = Path(path)
        self.files.append(path)
        # Read while the hook runs, as ecorules does: the file must exist then.
        self.contents[path.name] = path.read_text(encoding="utf-8")


def test_hook_registers_the_rule_set_file():
    registry = FakeRegistry()
    plugin.ecorules_register_rulesets(registry=registry)
    assert [p.name for p in registry.files] == ["cq-yubei-plan-targets.toml"]
    assert registry.contents["cq-yubei-plan-targets.toml"] == RULESET.read_text(encoding="utf-8")


def test_every_toml_in_the_package_is_registered():
    assert sorted(RULESET_FILES) == sorted(p.name for p in RULESET.parent.glob("*.toml"))


def test_hook_is_marked_for_ecorules():
    # pluggy only calls functions carrying the ecorules hookimpl marker.
    assert hasattr(plugin.ecorules_register_rulesets, "ecorules_impl")
