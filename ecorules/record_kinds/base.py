"""The record-kind interface and what both kinds share."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ecorules.model.errors import InputError, UsageError
from ecorules.model.problems import Problem
from ecorules.model.text import T, Text

if TYPE_CHECKING:
    from ecorules.kinds.base import KindRegistry
    from ecorules.model.findings import CheckResult, Finding
    from ecorules.model.submission import Location
    from ecorules.model.text import Lang
    from ecorules.registry import Components, RegisteredRuleset


class RecordKind(Protocol):
    """One kind of record a rule set can check."""

    name: ClassVar[str]  # "indicators" or "projects": the rule set's ``kind``
    # What a rule set of this kind groups its rules under, for counts: "32 indicators".
    group_word: ClassVar[Text]
    has_template: ClassVar[bool]  # whether ``ecorules template`` can write a fill-in workbook

    def choose_ruleset(self, record: Any, components: Components, given: str | None) -> tuple[RegisteredRuleset, Text]:
        """``--ruleset`` (``given``), else the one the record names, else the best installed one,
        with why it was chosen. Raises :class:`InputError` naming the file when none fits."""
        ...

    def summarise(self, record: Any, registered: RegisteredRuleset, why: Text, findings: list[Finding]) -> CheckResult:
        """The findings as a result: per indicator (or requirement), counted the way the plan counts."""
        ...

    def show(self, ruleset: Any, lang: Lang, kinds: KindRegistry) -> list[str]:
        """``rulesets show``: the part after the common header."""
        ...

    def explain(self, registered: RegisteredRuleset, rule: Any, lang: Lang, kinds: KindRegistry, engine: Any) -> str:
        """``explain RULE``: the rule in full, its examples (if any) checked by ``engine``."""
        ...

    def lint(self, ruleset: Any, kinds: KindRegistry) -> list[tuple[str, Text, str]]:
        """Warnings for authors, as (key path, message in both languages, code)."""
        ...

    def groups(self, ruleset: Any) -> int:
        """How many indicators (or requirements) the rule set has."""
        ...


def expect_kind(registered: RegisteredRuleset, kind: RecordKind, source: str) -> None:
    """An indicator rule set for a project table, or the other way round, is a clear error."""
    if registered.record_kind == kind.name:
        return
    rid = registered.meta.id
    if kind.name == "projects":
        zh, en = (
            "该文件是项目表，而规则集 {rid} 用于指标数据",
            "this file is a project table, but rule set {rid} checks indicator submissions",
        )
    else:
        zh, en = (
            "该文件是指标数据，而规则集 {rid} 用于项目表",
            "this file is an indicator submission, but rule set {rid} checks project tables",
        )
    raise InputError(T(zh.format(rid=rid), en.format(rid=rid)), file=source, code="input.wrong-record-kind")


def given_ruleset(components: Components, spec: str, year: int | None) -> tuple[RegisteredRuleset, Text]:
    """The rule set named with ``--ruleset``: an installed ID or family, or a file."""
    registered = components.lookup_ruleset(spec, year)
    why = (
        T(f"命令行 --ruleset 指定的文件 {spec}", f"file given with --ruleset ({spec})")
        if registered.plugin == "command line"
        else T("命令行 --ruleset 指定", "given with --ruleset")
    )
    return registered, why


def named_ruleset(
    components: Components, rid: str, year: int | None, source: str, where: Location | None
) -> RegisteredRuleset:
    """The rule set a file names (``submission.ruleset``, a table's 规则集 row); ``where`` is
    the cell that names it. An unknown one is a problem of the file, at that cell."""
    try:
        return components.rulesets.get(rid, year)
    except UsageError as exc:
        first = exc.problems[0]
        located = replace(Problem.at(where, code=first.code, message=first.message), file=source)
        raise InputError(problems=[located]) from None


def newest_first(candidates: list[RegisteredRuleset]) -> list[RegisteredRuleset]:
    """Only the newest edition of each family; a district's own rule set before a general one."""
    newest: dict[str, RegisteredRuleset] = {}
    for r in candidates:
        family = r.meta.family_id
        if family not in newest or r.meta.years.from_ > newest[family].meta.years.from_:
            newest[family] = r
    return sorted(newest.values(), key=lambda r: not r.meta.districts)


def refuse_tie(ranked: list[RegisteredRuleset], source: str, who: str, year: int | None) -> None:
    if len(ranked) < 2 or bool(ranked[0].meta.districts) != bool(ranked[1].meta.districts):
        return
    listing = ", ".join(r.meta.id for r in ranked)
    when_zh, when_en = (f" {year} 年", f" for {year}") if year else ("", "")
    raise InputError(
        T(
            f"有多个规则集适用于{who}{when_zh}（{listing}）；请在文件中用 submission.ruleset（规则集）指定，或使用 --ruleset",
            f"several rule sets apply to {who}{when_en} ({listing}); name one in the file "
            "(submission.ruleset, 规则集) or with --ruleset",
        ),
        file=source,
        code="ruleset.ambiguous",
    )


def grouped(groups: dict[str, Any], findings: list[Finding]) -> list[Any]:
    """Per indicator (or requirement): its findings' verdicts combined."""
    from ecorules.model.findings import IndicatorResult, indicator_status

    by_number: dict[str, list[Finding]] = {}
    for f in findings:
        by_number.setdefault(f.indicator.number, []).append(f)
    out = []
    for number, group in groups.items():
        own = by_number.get(number)
        if not own:
            continue  # every rule of it left out by the team's selection (every group has a rule)
        out.append(
            IndicatorResult(
                number=number,
                name=group.name,
                category=group.category,
                status=indicator_status([f.status for f in own]),
                rule_ids=list(dict.fromkeys(f.rule_id for f in own)),
            )
        )
    return out


def ruleset_ref(rs: Any, why: Text) -> Any:
    from ecorules.model.findings import RulesetRef

    meta = rs.ruleset
    return RulesetRef(
        id=meta.id, version=meta.version, title=meta.title, document=meta.document.number, chosen_because=why
    )
