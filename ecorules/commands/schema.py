"""``ecorules schema NAME``: JSON Schemas of the files ecorules reads, generated from the
pydantic models that validate them, for editors (Taplo / Even Better TOML read a
``#:schema`` first line; VS Code's ``json.schemas`` setting maps JSON files to a schema).

The schemas are also shipped in ``schemas/`` of the repository; a test keeps them equal to
what this module generates. A rule's ``condition`` is one of the condition kinds registered
(each kind's own model), so a plugin's kinds appear in the schema printed where the plugin
is installed.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ecorules.kinds.base import KindRegistry
from ecorules.model.errors import UsageError
from ecorules.model.text import T

NAMES = ("ruleset", "project-ruleset", "waivers", "config", "submission-json", "cases")
SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"

Cell = str | int | float | bool | None


class _Entry(BaseModel):
    """One value of the canonical JSON layout (docs/submission-format.md)."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="An item key of the rule set, or one of its names or aliases.")
    year: int | str | None = None
    value: Cell = None
    unit: str | None = None
    target: Cell = None
    target_period: str | None = None
    note: str | None = None


class _JsonSubmission(BaseModel):
    """A submission in the canonical JSON layout: district, submission and values."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str | None = Field(None, alias="$schema")
    comment: str | None = None
    district: dict[str, Cell] = Field(
        default_factory=dict, description="name, code, and attributes such as region_class."
    )
    submission: dict[Literal["year", "baseline_year", "ruleset"], Cell] = Field(default_factory=dict)
    values: list[_Entry] = Field(default_factory=list)


def _model(name: str) -> Any:
    if name == "ruleset":
        from ecorules.model.ruleset import Ruleset

        return Ruleset
    if name == "project-ruleset":
        from ecorules.model.project_ruleset import ProjectRuleset

        return ProjectRuleset
    if name == "waivers":
        from ecorules.gate.waivers import _WaiversDocument

        return _WaiversDocument
    if name == "config":
        from ecorules.config import settings_model

        return settings_model()
    if name == "cases":
        from ecorules.commands.cases import CaseFile

        return CaseFile
    return _JsonSubmission


def schema(name: str, kinds: KindRegistry) -> dict[str, Any]:
    """The JSON Schema of one file type (one of :data:`NAMES`)."""
    if name not in NAMES:
        raise UsageError(
            T(
                f"未知的模式 {name!r}（可用：{', '.join(NAMES)}）",
                f"unknown schema {name!r} (available: {', '.join(NAMES)})",
            ),
            code="usage.unknown-schema",
        )
    model = _model(name)
    doc: dict[str, Any] = {"$schema": SCHEMA_URL, **model.model_json_schema(by_alias=True)}
    doc["title"] = {
        "ruleset": "ecorules indicator rule set",
        "project-ruleset": "ecorules project rule set",
        "waivers": "ecorules waivers file",
        "config": "ecorules settings",
        "submission-json": "ecorules JSON submission",
        "cases": "ecorules test cases",
    }[name]
    if name in ("ruleset", "project-ruleset"):
        _conditions(doc, kinds, "indicators" if name == "ruleset" else "projects")
    return doc


def _conditions(doc: dict[str, Any], kinds: KindRegistry, record_kind: str) -> None:
    """A condition (and a project rule's ``when``) is one of the kinds for this record kind."""
    defs = doc.setdefault("$defs", {})
    refs = []
    for kind_name in kinds.names(record_kind):  # type: ignore[arg-type]
        kind = kinds.get(kind_name)
        assert kind is not None
        sub = kind.model.model_json_schema()
        defs.update({k: v for k, v in sub.pop("$defs", {}).items() if k not in defs})
        key = f"condition_{kind_name}"
        defs[key] = sub
        refs.append({"$ref": f"#/$defs/{key}"})
    condition = {"description": "A condition: a table whose kind names a condition kind.", "anyOf": refs}
    _replace_untyped(doc, condition)


def _replace_untyped(node: Any, condition: dict[str, Any]) -> None:
    """Every property ``condition``, ``when`` or ``conditions`` item left untyped by pydantic."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key in ("condition", "when"):
                spec = props.get(key)
                if isinstance(spec, dict) and not ({"type", "$ref", "anyOf", "allOf", "oneOf"} & set(spec)):
                    props[key] = {**condition, "title": spec.get("title", key)}
                elif isinstance(spec, dict) and "anyOf" in spec and {} in spec["anyOf"]:
                    spec["anyOf"] = [condition if s == {} else s for s in spec["anyOf"]]
            items = props.get("conditions")
            if isinstance(items, dict) and items.get("type") == "array" and items.get("items", {}) in ({}, None):
                items["items"] = condition
        for value in list(node.values()):
            if value is not condition:
                _replace_untyped(value, condition)
    elif isinstance(node, list):
        for value in node:
            _replace_untyped(value, condition)


def render(name: str, kinds: KindRegistry) -> str:
    return json.dumps(schema(name, kinds), ensure_ascii=False, indent=2) + "\n"
