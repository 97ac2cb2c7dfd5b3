"""The JSON Schemas for editors: the shipped files are what `ecorules schema` generates, and every
shipped rule set, case file, JSON example and documented waivers and settings file validates."""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.commands.schema import NAMES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
runner = CliRunner()


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")))


def as_json(data: object) -> object:
    """TOML data as an editor validates it: dates and times are strings."""
    if isinstance(data, dict):
        return {k: as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, (datetime.date, datetime.time)):
        return data.isoformat()
    return data


def errors(name: str, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(as_json(data))]


@pytest.mark.parametrize("name", NAMES)
def test_the_shipped_schema_is_the_generated_one(name):
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    shipped = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == shipped, f"schemas/{name}.schema.json is out of date: ecorules schema {name} > it"
    Draft202012Validator.check_schema(json.loads(shipped))


RULESETS = sorted(ROOT.glob("rulesets/*.toml")) + sorted(ROOT.glob("plugins/*/src/*/*.toml"))


@pytest.mark.parametrize("path", RULESETS, ids=[p.name for p in RULESETS])
def test_every_shipped_rule_set_validates(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = "project-ruleset" if data["ruleset"].get("kind") == "projects" else "ruleset"
    assert errors(name, data) == []


CASE_FILES = sorted(ROOT.glob("rulesets/tests/*.cases.toml")) + sorted(ROOT.glob("plugins/*/tests/*.cases.toml"))


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_every_case_file_validates(path):
    assert errors("cases", tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_the_json_examples_validate():
    examples = sorted(ROOT.glob("examples/**/*.json"))
    assert examples
    for path in examples:
        assert errors("submission-json", json.loads(path.read_text(encoding="utf-8"))) == [], path


def toml_blocks(doc: str, first_line: str) -> list[dict]:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    blocks = re.findall(r"^```toml\n(.*?)^```", text, re.M | re.S)
    return [tomllib.loads(b) for b in blocks if b.lstrip().startswith(first_line)]


def test_the_documented_waivers_and_settings_validate():
    (waivers,) = toml_blocks("ci.md", "[[waiver]]")
    assert errors("waivers", waivers) == []
    settings = toml_blocks("configuration.md", "# ecorules.toml")
    assert settings
    for block in settings:
        assert errors("config", block) == []


def test_the_schemas_catch_what_an_editor_should_flag():
    rs = tomllib.loads((ROOT / "rulesets" / "cn-eco-county-2024.toml").read_text(encoding="utf-8"))
    rs["rules"][0]["condition"] = {"kind": "compare", "op": "=>", "value": 20}
    rs["items"]["eco_performance_share"]["unitt"] = "%"
    found = errors("ruleset", rs)
    assert any(e.startswith("rules/0/condition") for e in found), found
    assert any("unitt" in e for e in found), found
    assert errors("config", {"fail-on": "sometimes"})
    assert errors("waivers", {"waiver": [{"rule": "EC24-01"}]})
    assert errors("submission-json", {"district": {"name": "渝北区"}, "value": []})
