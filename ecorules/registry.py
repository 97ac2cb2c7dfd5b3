"""Registries handed to the plugin hooks, and the loaded set of components.

The core checks names, duplicates and validity here, once, for built-in and
third-party plugins alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from ecorules.interfaces import Adapter, Engine, Reporter
from ecorules.kinds.base import KindRegistry
from ecorules.loading import load_ruleset_file, load_ruleset_text, read_header
from ecorules.model.errors import InputError, RulesetError, UsageError
from ecorules.model.files import read_text
from ecorules.model.problems import Problem
from ecorules.model.ruleset import Rule, Ruleset, RulesetMeta
from ecorules.model.text import T, Text

if TYPE_CHECKING:  # imported with the first project rule set (ecorules.loading.model_for)
    from ecorules.model.project_ruleset import ProjectRule, ProjectRuleset

log = logging.getLogger("ecorules")


C = TypeVar("C")


class _NamedRegistry(Generic[C]):
    kind = "component"
    kind_zh = "组件"
    unknown_code = "usage.invalid"  # the problem code of a name not registered

    def __init__(self) -> None:
        self._items: dict[str, C] = {}
        self._sources: dict[str, str] = {}
        self.current_plugin = "?"  # set by the loader while a plugin's hook runs

    def add(self, component: C) -> None:
        name = getattr(component, "name", None)
        if not isinstance(name, str) or not name:
            raise ValueError(f"{self.kind} registered by {self.current_plugin} has no name")
        if name in self._items:
            raise ValueError(
                f"{self.kind} {name!r} is registered twice: by {self._sources[name]} and by {self.current_plugin}"
            )
        self._items[name] = component
        self._sources[name] = self.current_plugin

    def get(self, name: str) -> C:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items))
            raise UsageError(
                T(
                    f"未知的{self.kind_zh}「{name}」（可用：{known or '无'}）",
                    f"unknown {self.kind} {name!r} (available: {known or 'none'})",
                ),
                code=self.unknown_code,
            ) from None

    def names(self) -> list[str]:
        return list(self._items)

    def source(self, name: str) -> str:
        return self._sources[name]


class AdapterRegistry(_NamedRegistry[Adapter]):
    kind = "input format"
    kind_zh = "输入格式"
    unknown_code = "usage.unknown-input-format"

    def extensions(self) -> list[str]:
        """Every extension an input format reads (what a folder given to check is searched for)."""
        return [e for adapter in self._items.values() for e in adapter.extensions]

    def for_path(self, path: Path) -> Adapter:
        suffix = path.suffix.lower()
        for adapter in self._items.values():
            if suffix in adapter.extensions:
                return adapter
        known = ", ".join(e for a in self._items.values() for e in a.extensions)
        raise UsageError(
            T(
                f"无法按扩展名「{suffix or '（无）'}」识别输入格式（支持：{known}）；可用 --input-format 指定",
                f"cannot tell the input format from the extension '{suffix or '(none)'}' (known: {known}); use --input-format",
            ),
            file=str(path),
            code="input.unknown-format",
        )


class ReporterRegistry(_NamedRegistry[Reporter]):
    kind = "output format"
    kind_zh = "输出格式"
    unknown_code = "usage.unknown-format"


class EngineRegistry(_NamedRegistry[Engine]):
    kind = "engine"
    kind_zh = "引擎"
    unknown_code = "usage.unknown-engine"


class RegisteredRuleset:
    """One installed rule set. Registered by its ``[ruleset]`` table (``meta``: ID, family,
    years, districts, kind); the whole file is parsed and validated when ``ruleset`` is first
    asked for, and kept. A file that turns out invalid then raises its
    :class:`RulesetError`, naming the file, key and line."""

    def __init__(
        self,
        ruleset: Ruleset | ProjectRuleset | None = None,
        source: str = "",
        plugin: str = "",
        *,
        meta: RulesetMeta | None = None,
        load: Callable[[], Ruleset | ProjectRuleset] | None = None,
    ) -> None:
        if ruleset is None and (meta is None or load is None):
            raise ValueError("a registered rule set needs the rule set, or its header and a way to load it")
        self._ruleset = ruleset
        self._load = load
        self.meta: RulesetMeta = ruleset.ruleset if ruleset is not None else meta  # type: ignore[assignment]
        self.source = source  # file it was read from
        self.plugin = plugin  # plugin that registered it

    @property
    def record_kind(self) -> str:
        """``indicators`` or ``projects``, from the header (see :mod:`ecorules.record_kinds`)."""
        return self.meta.kind

    @property
    def loaded(self) -> bool:
        return self._ruleset is not None

    @property
    def ruleset(self) -> Ruleset | ProjectRuleset:
        if self._ruleset is None:
            assert self._load is not None
            rs = self._load()
            if rs.ruleset != self.meta:  # the header was read from a cut of the file: make sure
                problem = Problem(
                    code="ruleset.invalid",
                    message=T(
                        "无法单独读取 [ruleset] 表（与整个文件读取的结果不同）",
                        "the [ruleset] table reads differently alone than in the whole file",
                    ),
                    file=self.source,
                    key="ruleset",
                )
                raise RulesetError(self.source, [problem])
            self._ruleset = rs
            self._load = None  # it holds the file's text
        return self._ruleset

    def __repr__(self) -> str:
        return f"RegisteredRuleset({self.meta.id!r}, source={self.source!r}, plugin={self.plugin!r})"


class RulesetRegistry:
    """The installed rule sets. Each is registered by its header and validated when first
    used; :meth:`all` validates every one (what ``rulesets list`` and the test kit show)."""

    def __init__(self, kinds: KindRegistry | None = None) -> None:
        # The condition kinds rule sets are validated against (the built-in ones by default).
        self.kinds = kinds
        self._by_id: dict[str, RegisteredRuleset] = {}
        self.current_plugin = "?"
        self.errors: list[tuple[str, RulesetError]] = []  # (plugin, error): reported, then skipped
        # Where an error found after registration (a rule set validated when first used) is
        # also said, one line each (Components.problems).
        self.problems: list[Text] | None = None

    def add_file(self, path: str | Path) -> None:
        try:
            text = read_text(path)
        except InputError:
            self._add(lambda: load_ruleset_file(path, self.kinds), str(path))  # says why it cannot be read
            return
        self._add(lambda: load_ruleset_text(text, str(path), self.kinds), str(path), read_header(text, str(path)))

    def add_text(self, text: str, *, source: str) -> None:
        self._add(lambda: load_ruleset_text(text, source, self.kinds), source, read_header(text, source))

    def _add(self, load: Callable[[], Ruleset | ProjectRuleset], source: str, meta: RulesetMeta | None = None) -> None:
        """Keep one rule set; an invalid or duplicate one is recorded and skipped, so the
        registering plugin's other rule sets still load. With its header (``meta``) it is
        validated when first used; without, now."""
        if meta is None:
            try:
                registered = RegisteredRuleset(load(), source, self.current_plugin)
            except RulesetError as exc:
                self._error(self.current_plugin, exc)
                return
        else:
            registered = RegisteredRuleset(source=source, plugin=self.current_plugin, meta=meta, load=load)
        rid = registered.meta.id
        first = self._by_id.get(rid)
        # A first one of that ID that turns out invalid is recorded and dropped (valid()), and
        # this one takes its place, as when every rule set was validated at registration.
        if first is not None and self.valid([first]):
            why = T(
                f"规则集 {rid!r} 也由 {first.source}（插件 {first.plugin}）定义；编号必须唯一",
                f"rule set {rid!r} is also defined by {first.source} (plugin {first.plugin}); IDs must be unique",
            )
            problem = Problem(code="ruleset.duplicate-ruleset", message=why, file=source, key="ruleset.id")
            self._error(self.current_plugin, RulesetError(source, [problem]))
            return
        self._by_id[rid] = registered

    def _error(self, plugin: str, error: RulesetError) -> None:
        self.errors.append((plugin, error))
        if self.problems is not None:
            self.problems.append(problem_line(plugin, error))

    def get(self, rid: str, year: int | None = None) -> RegisteredRuleset:
        """A rule set by ID, or by family (``cn-eco-county``): then the edition in force for
        ``year`` (the latest edition when no year is given)."""
        if rid in self._by_id:
            return self._by_id[rid]
        family = [r for r in self._by_id.values() if r.meta.family_id == rid]
        if family:
            editions = [r for r in family if year is None or r.meta.years.contains(year)]
            if editions:
                return max(editions, key=lambda r: r.meta.years.from_)
            listing = "; ".join(f"{r.meta.id} ({r.meta.years.describe()})" for r in family)
            raise UsageError(
                T(
                    f"规则集系列「{rid}」没有适用于 {year} 年的版本（{listing}）",
                    f"rule set family {rid!r} has no edition in force for {year} ({listing})",
                ),
                code="ruleset.no-edition",
            )
        known = ", ".join(sorted(self._by_id))
        raise UsageError(
            T(
                f"未知的规则集「{rid}」（可用：{known or '无'}）",
                f"unknown rule set {rid!r} (available: {known or 'none'})",
            ),
            code="ruleset.not-found",
        )

    def find_rule(self, rule_id: str) -> list[tuple[RegisteredRuleset, Rule | ProjectRule]]:
        """Every rule set's rule with this ID or alias."""
        found = []
        for reg in self.all():
            rule = reg.ruleset.rule(rule_id)
            if rule is not None:
                found.append((reg, rule))
        return found

    def all(self) -> list[RegisteredRuleset]:
        """Every valid rule set, each validated now if it was not yet; an invalid one is
        recorded in ``errors`` and left out from then on."""
        return self.valid(list(self._by_id.values()))

    def valid(self, candidates: Iterable[RegisteredRuleset]) -> list[RegisteredRuleset]:
        """Those of ``candidates`` that load and validate, each validated now if it was not
        yet. An invalid one is recorded in ``errors`` (and said with the other problems) and
        left out from then on, as at registration: a broken rule set a plugin installed does
        not stop a check from choosing among the others."""
        kept = []
        for reg in candidates:
            try:
                reg.ruleset  # noqa: B018 - loads and validates it
            except RulesetError as exc:
                if self._by_id.get(reg.meta.id) is reg:
                    del self._by_id[reg.meta.id]
                    self._error(reg.plugin, exc)
                continue
            kept.append(reg)
        return kept

    def registered(self) -> list[RegisteredRuleset]:
        """Every rule set registered, by its header: none is validated for this."""
        return list(self._by_id.values())

    def in_force(self, year: int) -> list[RegisteredRuleset]:
        """The rule sets in force for ``year``, by their headers."""
        return [r for r in self._by_id.values() if r.meta.years.contains(year)]


def problem_line(plugin: str, error: RulesetError) -> Text:
    """A rule set a plugin registered that is invalid, as one line of ``Components.problems``."""
    return T(f"插件 {plugin}：{error.render('zh')}", f"plugin {plugin}: {error.render('en')}")


@dataclass
class Components:
    kinds: KindRegistry = field(default_factory=KindRegistry)
    rulesets: RulesetRegistry = field(init=False)
    adapters: AdapterRegistry = field(default_factory=AdapterRegistry)
    reporters: ReporterRegistry = field(default_factory=ReporterRegistry)
    engines: EngineRegistry = field(default_factory=EngineRegistry)
    problems: list[Text] = field(default_factory=list)  # plugins that failed, one line each
    # How many of ``problems`` have been said: a rule set is validated when first used, so an
    # invalid one may be found after the first were said.
    problems_said: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.rulesets = RulesetRegistry(self.kinds)
        self._files: dict[str, RegisteredRuleset] = {}  # rule sets given as files, read once

    def lookup_ruleset(self, spec: str, year: int | None = None) -> RegisteredRuleset:
        """An installed rule set by ID or family, or a rule set file by path (how authors try
        their work before it is installed)."""
        candidate = Path(spec)
        if candidate.suffix.lower() == ".toml" or candidate.is_file():
            if spec not in self._files:
                self._files[spec] = RegisteredRuleset(
                    load_ruleset_file(candidate, self.kinds), str(candidate), "command line"
                )
            return self._files[spec]
        return self.rulesets.get(spec, year)
