"""The plugin module registers both rule set files through the ecorules hook."""

from __future__ import annotations

from pathlib import Path

from conftest import RULESET_2025, RULESET_2027

from ecorules_chongqing import RULESET_FILES, plugin


class FakeRegistry:
    """Stands in for the registry ecorules hands to the hook; records what is added."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.texts: list[str] = []
        self.contents: dict[str, str] = {}

    def add_file(self, path) -> None:
        path = Path(path)
        self.files.append(path)
        # Read while the hook runs, as ecorules does: the file must exist then.
        self.contents[path.name] = path.read_text(encoding="utf-8")

    def add_text(self, text: str, *, source: str) -> None:  # pragma: no cover - must not be used
        self.texts.append(source)


def test_hook_registers_both_rule_set_files():
    registry = FakeRegistry()
    plugin.ecorules_register_rulesets(registry=registry)
    assert [p.name for p in registry.files] == ["cq-eco-2025.toml", "cq-eco-2027.toml"]
    assert registry.texts == []


def test_registered_files_are_the_packaged_rule_sets():
    registry = FakeRegistry()
    plugin.ecorules_register_rulesets(registry=registry)
    assert registry.contents["cq-eco-2025.toml"] == RULESET_2025.read_text(encoding="utf-8")
    assert registry.contents["cq-eco-2027.toml"] == RULESET_2027.read_text(encoding="utf-8")
    assert 'id = "cq-eco-2025"' in registry.contents["cq-eco-2025.toml"]
    assert 'id = "cq-eco-2027"' in registry.contents["cq-eco-2027.toml"]


def test_every_toml_in_the_package_is_registered():
    on_disk = sorted(p.name for p in RULESET_2025.parent.glob("*.toml"))
    assert sorted(RULESET_FILES) == on_disk


def test_hook_is_marked_for_ecorules():
    # pluggy only calls functions carrying the ecorules hookimpl marker.
    assert hasattr(plugin.ecorules_register_rulesets, "ecorules_impl")
