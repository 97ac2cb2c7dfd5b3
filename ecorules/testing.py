"""The pytest plugin for rule packs (registered as ``ecorules`` through the ``pytest11`` entry
point, so installing ecorules is enough; ``-p no:ecorules`` turns it off).

- **Case files as tests.** Every ``*.cases.toml`` file pytest meets while collecting (in a
  package's ``tests/`` folder, say) becomes one test item per case, run through the engine
  exactly as ``ecorules test`` runs it. A failing item shows what was expected and what the
  engine gave. With the ini option ``ecorules_min_coverage = 100`` each case file also gets an
  item that fails when its cases leave a rule of its rule set uncovered.
- **Fixtures.** ``ecorules_check`` checks a file, or a few values, against an installed rule
  set or a rule-set file and returns the findings::

      def test_the_2025_targets(ecorules_check):
          checked = ecorules_check({"energy_intensity_reduction": 15.8}, ruleset=RULESET, year=2025)
          assert checked.status("JJ25-01") == "not_met"

  ``ecorules_registered`` calls a plugin module's rule-set hook and returns what it
  registered, failing on any rule set that does not load.

Everything ecorules-specific is imported when a fixture or item runs, never when pytest
starts: the plugin is loaded in every pytest run of an environment where ecorules is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ecorules.commands.cases import CaseResult, LoadedCases
    from ecorules.model.findings import CheckResult, Finding
    from ecorules.registry import RegisteredRuleset

CASE_SUFFIX = ".cases.toml"


# --- checking files and values ---------------------------------------------------------------------


@dataclass
class Checked:
    """The results of one check: one per record (reporting year, table) in the input."""

    results: list[CheckResult]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def finding(self, rule_id: str) -> Finding:
        """The one finding of this rule (a single record, a rule with one finding)."""
        found = [f for f in self.findings if f.rule_id == rule_id]
        assert len(found) == 1, f"{len(found)} findings of {rule_id}: {[f.message.en for f in found]}"
        return found[0]

    def status(self, rule_id: str) -> str:
        """The status of the rule's finding as a case file writes it: met, not_met, missing …"""
        return self.finding(rule_id).status.value

    def statuses(self) -> dict[str, str]:
        """Rule ID -> status, for a single record."""
        return {f.rule_id: f.status.value for f in self.findings}


def check(
    source: str | Path | dict[str, Any],
    ruleset: str | Path | None = None,
    *,
    year: int | None = None,
    district: dict[str, Any] | None = None,
) -> Checked:
    """Check a submission file, or a few values (item key -> value, for ``year``), against a
    rule set: an installed ID or family, or a ``.toml`` file. Files go through ``run_check``
    with no waivers; values become a submission through the same reader a case file uses."""
    from ecorules.api import CheckOptions, run_check

    if isinstance(source, dict):
        return Checked([_check_values(source, ruleset, year, district or {})])
    spec = str(ruleset) if ruleset is not None else None
    errors: list[Any] = []
    run = run_check([Path(source)], CheckOptions(ruleset=spec, waivers=False, fail_on="never"), on_error=errors.append)
    results: list[Any] = list(run)
    if errors:
        raise errors[0]
    return Checked(results)


def _check_values(
    values: dict[str, Any], ruleset: str | Path | None, year: int | None, district: dict[str, Any]
) -> Any:
    from ecorules.commands.cases import CaseFile, LoadedCases, build_record
    from ecorules.pipeline import Checker
    from ecorules.plugins import components

    if ruleset is None:
        raise ValueError("checking values needs a rule set (ruleset=ID or a .toml file)")
    registered = components().lookup_ruleset(str(ruleset), year)
    model = CaseFile.model_validate(
        {
            "ruleset": str(ruleset),
            "year": year,
            "district": {"name": "test", **district},
            "cases": [{"name": "values", "rule": registered.ruleset.rules[0].id, "expect": "met", "values": values}],
        }
    )
    loaded = LoadedCases(Path("<values>"), "", model, registered)
    checker = Checker()
    record, _ = build_record(loaded, 0)
    findings = checker.engine.evaluate(checker.plan(registered), record)
    from ecorules import record_kinds

    return record_kinds.of(record).summarise(record, registered, _why(), findings)


def _why() -> Any:
    from ecorules.model.text import T

    return T("由测试指定", "given by the test")


@pytest.fixture
def ecorules_check() -> Callable[..., Checked]:
    """``ecorules_check(path_or_values, ruleset=..., year=..., district=...) -> Checked``."""
    return check


def registered_by(module: ModuleType) -> list[RegisteredRuleset]:
    """The rule sets a plugin module's ``ecorules_register_rulesets`` hook registers, each loaded
    and validated against the condition kinds installed; an invalid one fails the test."""
    from ecorules.plugins import components
    from ecorules.registry import RulesetRegistry

    registry = RulesetRegistry(components().kinds)
    registry.current_plugin = module.__name__
    hook = getattr(module, "ecorules_register_rulesets", None)
    assert hook is not None, f"{module.__name__} has no ecorules_register_rulesets hook"
    assert hasattr(hook, "ecorules_impl"), f"{module.__name__}.ecorules_register_rulesets lacks @hookimpl"
    hook(registry=registry)
    registered = registry.all()  # validates each one
    problems = [exc.render("en") for _, exc in registry.errors]
    assert not problems, "\n".join(problems)
    return registered


@pytest.fixture
def ecorules_registered() -> Callable[[ModuleType], list[RegisteredRuleset]]:
    """``ecorules_registered(plugin_module) -> [RegisteredRuleset]``."""
    return registered_by


# --- case files as test items ----------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "ecorules_min_coverage",
        "Fail a case file's coverage item when its cases cover fewer than this percentage of its rule set's rules.",
        default="",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(CASE_SUFFIX):
        return CaseFileCollector.from_parent(parent, path=file_path)
    return None


class CaseFileCollector(pytest.File):
    """A case file: one item per case, and a coverage item when ``ecorules_min_coverage`` is set."""

    def collect(self) -> Iterator[pytest.Item]:
        from ecorules.commands.cases import load_case_file
        from ecorules.plugins import components

        c = components()
        loaded = load_case_file(self.path, c)
        self._loaded = loaded
        self._engine = c.engines.get("python")
        self._plan = self._engine.compile(loaded.registered.ruleset, c.kinds)
        self._results: list[CaseResult] = []
        for index, case in enumerate(loaded.model.cases):
            yield CaseItem.from_parent(
                self, name=f"{case.rule or case.indicator}: {case.name}", loaded=loaded, index=index
            )
        minimum = self.config.getini("ecorules_min_coverage")
        if minimum:
            yield CoverageItem.from_parent(self, name="coverage", minimum=float(minimum))


class CaseItem(pytest.Item):
    def __init__(self, *, loaded: LoadedCases, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded = loaded
        self.index = index

    def runtest(self) -> None:
        from ecorules.commands.cases import run_case

        parent = self.parent
        assert isinstance(parent, CaseFileCollector)
        result = run_case(self.loaded, self.index, parent._engine, parent._plan)
        parent._results.append(result)
        if not result.passed:
            raise CaseFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            from ecorules.commands.case_report import difference

            return "\n".join(difference(excinfo.value.result, "en"))
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        from ecorules.commands.cases import case_line

        line = case_line(self.loaded.text, self.index)
        return self.path, (line - 1 if line else None), self.name


class CoverageItem(pytest.Item):
    def __init__(self, *, minimum: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum = minimum

    def runtest(self) -> None:
        from ecorules.commands.case_report import coverage_lines
        from ecorules.commands.cases import coverage_of, record_coverage
        from ecorules.plugins import components

        parent = self.parent
        assert isinstance(parent, CaseFileCollector)
        coverage = coverage_of(parent._loaded.registered, components().kinds)
        for result in parent._results:
            record_coverage(coverage, result)
        assert coverage.percent >= self.minimum, "\n".join(coverage_lines(coverage, "en"))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, AssertionError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, "coverage"


class CaseFailed(AssertionError):
    def __init__(self, result: CaseResult):
        super().__init__(result.case.name)
        self.result = result
