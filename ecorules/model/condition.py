"""The ``condition`` of a rule, as the rule-set models see it.

A condition is a TOML table whose ``kind`` names a registered condition kind
(:mod:`ecorules.kinds`). The set of kinds is open (a plugin may add one), so the
models do not list them: validation looks the kind up in the registry passed as
pydantic validation context (``{"kinds": registry, "record_kind": "indicators"}``)
and validates the table with that kind's own model. Errors keep their key path
(``rules[3].condition.conditions[1].op``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationInfo
from pydantic_core import PydanticCustomError


class ConditionModel(BaseModel):
    """Base of every condition's model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    kind: str


def _validate_condition(value: Any, info: ValidationInfo) -> ConditionModel:
    if isinstance(value, ConditionModel):
        return value
    if not isinstance(value, dict):
        raise PydanticCustomError("condition_type", 'a condition is a table such as {kind = "compare", …}')
    context = info.context or {}
    kinds = context.get("kinds")
    record_kind = context.get("record_kind", "indicators")
    if kinds is None:
        raise PydanticCustomError("no_kinds", "no condition kinds are known (the rule set was not loaded by ecorules)")
    name = value.get("kind")
    if name is None:
        raise PydanticCustomError("condition_kind_missing", "the condition has no 'kind'")
    kind = kinds.get(name) if isinstance(name, str) else None
    if kind is None or record_kind not in kind.record_kinds:
        known = ", ".join(repr(n) for n in kinds.names(record_kind))
        raise PydanticCustomError(
            "condition_kind_unknown",
            "unknown condition kind {name} (for {record_kind} rule sets: {known})",
            {
                "name": repr(name),
                "record_kind": record_kind.removesuffix("s"),
                "known": known,
            },
        )
    model: type[ConditionModel] = kind.model
    return model.model_validate(value, context=info.context)


Condition = Annotated[ConditionModel, PlainValidator(_validate_condition)]
