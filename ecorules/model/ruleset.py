"""The rule-set format: what a TOML rule set may say, as pydantic models.

Documented for authors in ``docs/ruleset-format.md``. Every model forbids
unknown keys, so a typo is an error that names the key rather than a rule
that silently never fires. Rules are data: a condition names a registered
condition kind (:mod:`ecorules.kinds`), whose model validates it; the kind's
code evaluates it, never text of the rule set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cached_property, lru_cache
from typing import Annotated, Any, ClassVar, Literal, Protocol, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ecorules.model.condition import Condition
from ecorules.model.text import Text

RULE_ID_RE = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+(?:\.[0-9A-Za-z]+)*)+$"
RULESET_ID_RE = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
KEY_RE = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- derived values -------------------------------------------------------------------------------


class ShareOfYear(_Strict):
    """``item`` counted in days, as a percentage of the days of the reporting year
    (366 in a leap year): good-air days -> good-air-day ratio."""

    kind: Literal["share_of_year"]
    item: str


class Change(_Strict):
    """``item`` this year minus ``item`` in the reference year (△EQI)."""

    kind: Literal["change"]
    item: str
    against: Literal["previous_year", "baseline_year"]


class Ratio(_Strict):
    """``numerator / denominator`` (times 100 when ``percent``)."""

    kind: Literal["ratio"]
    numerator: str
    denominator: str
    percent: bool = True


Derivation = Annotated[Union[ShareOfYear, Change, Ratio], Field(discriminator="kind")]  # noqa: UP007


# --- the rule set ---------------------------------------------------------------------------------


class YearRange(_Strict):
    from_: int = Field(alias="from", ge=1990, le=2100)
    to: int | None = Field(None, ge=1990, le=2100)

    def contains(self, year: int) -> bool:
        return self.from_ <= year and (self.to is None or year <= self.to)

    def describe(self) -> str:
        return f"{self.from_}–{self.to}" if self.to else f"{self.from_}–"


class Document(_Strict):
    number: str = Field(description="the official document number, e.g. 环办生态〔2024〕4号")
    aliases: list[str] = []
    title: Text
    table: Text | None = None
    # where to read it (SARIF gives it to code scanning as each rule's helpUri)
    url: str | None = Field(None, pattern=r"^https?://\S+$")


class RulesetMeta(_Strict):
    id: str = Field(pattern=RULESET_ID_RE)
    # What the rule set checks: a district's indicator submission, or a table of project
    # records (ecorules.model.project_ruleset).
    kind: Literal["indicators", "projects"] = "indicators"
    version: str = Field(min_length=1)
    title: Text
    years: YearRange
    document: Document
    # Editions of one indicator system share a family (cn-eco-county-2019, -2024): naming the
    # family picks the edition in force for the submission's year.
    family: str | None = Field(None, pattern=RULESET_ID_RE)
    # Whose targets these are: district names or codes (江津区, 500116). Empty: any district.
    districts: list[str] = []
    description: Text | None = None
    notes: list[Text] = []

    @property
    def family_id(self) -> str:
        """The family, by default the ID without a trailing year: cn-eco-county-2024 -> cn-eco-county."""
        return self.family or re.sub(r"-(19|20)\d{2}$", "", self.id)

    def applies_to(self, district: str, code: str | None) -> bool:
        return not self.districts or district in self.districts or (code is not None and code in self.districts)


class Attribute(_Strict):
    """A district attribute that tiers depend on, with its allowed values."""

    name: Text
    values: dict[str, Text] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _keys(cls, v: dict[str, Text]) -> dict[str, Text]:
        for key in v:
            if not re.match(KEY_RE, key):
                raise ValueError(f"value key {key!r} must be lower_snake_case")
        return v


class Indicator(_Strict):
    name: Text
    category: Literal["binding", "reference"]
    label: Text | None = None  # how the table numbers it, when not just the number (参考性指标 1)
    domain: Text | None = None  # 领域
    task: Text | None = None  # 任务
    threshold: Text | None = None  # the indicator-level wording when it spans sub-items


class Item(_Strict):
    """One value a submission provides (or that is derived from others)."""

    name: Text
    unit: str
    derive: Derivation | None = None
    decimals: int | None = Field(None, ge=0, le=6)
    aliases: list[str] = []  # other names the submission may use for this key


class Rule(_Strict):
    record_kind: ClassVar[str] = "indicators"

    id: str = Field(pattern=RULE_ID_RE)
    indicator: str
    item: str
    threshold: Text = Field(description="the regulation's wording of the threshold, and its translation")
    condition: Condition
    name: Text | None = None  # default: the item's name
    applicability: Literal["all", "where_relevant"] = "all"
    not_applicable_words: list[str] = []
    aliases: list[Annotated[str, Field(pattern=RULE_ID_RE)]] = []  # former IDs: IDs never change meaning
    note: Text | None = None


def snake_keys(table: dict[str, Any]) -> dict[str, Any]:
    """A table's keys must be lower_snake_case (rule sets' items, attributes, fields)."""
    for key in table:
        if not re.match(KEY_RE, key):
            raise ValueError(f"key {key!r} must be lower_snake_case (a-z, 0-9, _)")
    return table


def folded_names(entries: Iterable[tuple[str, Text, list[str]]]) -> dict[str, str]:
    """Every name an entry answers to (its key, Chinese and English name, aliases), folded by
    :func:`name_key`, mapped to the key; the first entry to claim a name keeps it."""
    names: dict[str, str] = {}
    for key, name, aliases in entries:
        for one in (key, name.zh, name.en, *aliases):
            names.setdefault(name_key(one), key)
    return names


class _Identified(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def aliases(self) -> list[str]: ...


RuleT = TypeVar("RuleT", bound=_Identified)


def find_rule(rules: Iterable[RuleT], rule_id: str) -> RuleT | None:
    """The rule with this ID, or with it among its former IDs."""
    for rule in rules:
        if rule.id == rule_id or rule_id in rule.aliases:
            return rule
    return None


@lru_cache(maxsize=4096)  # a batch repeats the same few hundred keys
def name_key(name: str) -> str:
    """How submission keys and item names are matched: width, case and spacing do not count."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()


class Ruleset(_Strict):
    """An indicator rule set: what a district's submission is checked against."""

    record_kind: ClassVar[str] = "indicators"  # see ecorules.record_kinds

    ruleset: RulesetMeta
    attributes: dict[str, Attribute] = {}
    indicators: dict[str, Indicator] = Field(min_length=1)
    items: dict[str, Item] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)

    @field_validator("items", "attributes")
    @classmethod
    def _snake_keys(cls, v: dict[str, Any]) -> dict[str, Any]:
        return snake_keys(v)

    # Cross-references are checked by ecorules.loading.check_references, which
    # reports every broken reference with its key path at once.

    @cached_property
    def item_names(self) -> dict[str, str]:
        """Every name a submission may use for an item (key, Chinese and English name,
        aliases), folded by :func:`name_key`, mapped to the item key. Computed once per
        rule set: every submission checked against it is resolved through this."""
        return folded_names((key, item.name, item.aliases) for key, item in self.items.items())

    def rule(self, rule_id: str) -> Rule | None:
        return find_rule(self.rules, rule_id)

    def rule_name(self, rule: Rule) -> Text:
        return rule.name or self.items[rule.item].name

    def severity(self, rule: Rule) -> Literal["error", "warning"]:
        """Binding (约束性) indicators fail a review; reference (参考性) ones warn."""
        return "error" if self.indicators[rule.indicator].category == "binding" else "warning"
