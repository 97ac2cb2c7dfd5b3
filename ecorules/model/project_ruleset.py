"""The rule-set format for project records (``kind = "projects"``), as pydantic models.

Same file format and same ``[ruleset]`` table as indicator rule sets
(:mod:`ecorules.model.ruleset`); what differs is what the rules look at. Documented for
authors in ``docs/project-rulesets.md``:

- ``[fields.<key>]``: the columns a project table has (名称, unit, type, aliases);
- ``[records]``: which fields number, name and price a record;
- ``[requirements.<number>]``: the numbered requirements of the source document,
  binding or reference, each with its own citation when it comes from another
  document than the rule set's;
- ``[[rules]]``: a *record rule* (``condition``, optionally ``when``) is checked on every
  row; an *aggregate rule* (``aggregate``) counts or sums rows, per group or for the
  whole table, and compares the result with the figure the table itself declares.

Conditions are registered condition kinds (:mod:`ecorules.kinds`) that serve
``projects`` rule sets, evaluated by the kind's code, never text of the rule set.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ecorules.model.condition import Condition
from ecorules.model.ruleset import RULE_ID_RE, Document, RulesetMeta, _Strict, find_rule, folded_names, snake_keys
from ecorules.model.text import Text

# --- aggregates ------------------------------------------------------------------------------------


class Aggregate(_Strict):
    """Count the records, or sum a field over them, and compare the result with the figure
    the table declares: per group when ``group_by`` names a field whose cells carry the
    group's figures (``生态安全体系建设(53项230855万元)``), else for the whole table against
    its totals row (合计). Records whose field is not a number (以具体实施为准) are left
    out of a sum and named in the finding. An amount merged over several rows is counted
    once."""

    function: Literal["count", "sum"]
    of: str | None = None  # the field summed
    group_by: str | None = None
    tolerance: float = Field(0, ge=0, description="largest difference still counted as equal")

    @model_validator(mode="after")
    def _sum_needs_field(self) -> Aggregate:
        if self.function == "sum" and self.of is None:
            raise ValueError("function = 'sum' needs 'of' (the field to sum)")
        if self.function == "count" and self.of is not None:
            raise ValueError("function = 'count' counts records; remove 'of'")
        if self.function == "count" and self.group_by is None:
            raise ValueError(
                "function = 'count' needs 'group_by': a totals row (合计) declares amounts, not a number of projects"
            )
        return self


# --- the rule set ----------------------------------------------------------------------------------


class ProjectField(_Strict):
    """One column of a project table."""

    name: Text
    type: Literal["text", "number", "years", "date"] = "text"
    unit: str = "-"
    aliases: list[str] = Field(default_factory=list)  # other headers the column may have: 投资额(万元), 投资（万元）
    required: bool = True  # a table without this column cannot be checked against the rule set
    # A blank cell continues the cell above: the source tables merge these cells over rows.
    merged: bool = False


class RecordFields(_Strict):
    """Which fields identify a record in findings and count in the summary."""

    name: str  # names each record (项目名称)
    number: str | None = None  # numbers each record (序号)
    amount: str | None = None  # summed in the summary line (投资额)


class Requirement(_Strict):
    """A numbered requirement of the source document; what findings group under."""

    name: Text
    category: Literal["binding", "reference"]
    section: Text | None = None  # where in the document: 附件 1 说明 (2), 第三章 二、(二)
    document: Document | None = None  # when it is another document than the rule set's


class ProjectRule(_Strict):
    record_kind: ClassVar[str] = "projects"

    id: str = Field(pattern=RULE_ID_RE)
    requirement: str
    name: Text
    threshold: Text = Field(description="the source's wording of the requirement, and its translation")
    condition: Condition | None = None
    when: Condition | None = None  # records it applies to; others are 不涉及 (not applicable)
    aggregate: Aggregate | None = None
    aliases: list[Annotated[str, Field(pattern=RULE_ID_RE)]] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> ProjectRule:
        if (self.condition is None) == (self.aggregate is None):
            raise ValueError("a project rule has either 'condition' (checked on each record) or 'aggregate'")
        if self.aggregate is not None and self.when is not None:
            raise ValueError("'when' selects records for a 'condition'; an aggregate rule has none")
        return self

    @property
    def scope(self) -> Literal["record", "group", "table"]:
        if self.aggregate is None:
            return "record"
        return "group" if self.aggregate.group_by else "table"


class ProjectRuleset(_Strict):
    """A project rule set: what a table of project records is checked against."""

    record_kind: ClassVar[str] = "projects"  # see ecorules.record_kinds

    ruleset: RulesetMeta
    fields: dict[str, ProjectField] = Field(min_length=1)
    records: RecordFields
    requirements: dict[str, Requirement] = Field(min_length=1)
    rules: list[ProjectRule] = Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _snake_keys(cls, v: dict[str, Any]) -> dict[str, Any]:
        return snake_keys(v)

    # References between parts are checked by ecorules.loading.check_project_references.

    @cached_property
    def field_names(self) -> dict[str, str]:
        """Every header a table may use for a field, folded by :func:`name_key`, -> field key."""
        return folded_names((key, f.name, f.aliases) for key, f in self.fields.items())

    def rule(self, rule_id: str) -> ProjectRule | None:
        return find_rule(self.rules, rule_id)

    def severity(self, rule: ProjectRule) -> Literal["error", "warning"]:
        return "error" if self.requirements[rule.requirement].category == "binding" else "warning"
