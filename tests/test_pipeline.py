"""The pipeline a program calls: what `ecorules check` does, without the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES

from ecorules.api import CheckOptions, InputError, run_check


def test_run_check_streams_results_file_by_file(tmp_path: Path):
    missing = tmp_path / "missing.csv"
    events: list[str] = []
    run = run_check(
        [EXAMPLES / "yubei-2022.csv", missing, EXAMPLES / "yubei-2023.csv"],
        on_error=lambda exc: events.append(f"error {exc.file}"),
    )
    assert events == []  # nothing is read before iterating
    for result in run:
        events.append(f"result {result.year}")
    # the unreadable file is reported between the two results, in order, and the run goes on
    assert events == ["result 2022", f"error {missing}", "result 2023"]
    assert [type(e) for e in run.unreadable] == [InputError]
    assert run.exit_code == 2  # a file that cannot be read wins over findings


def test_run_check_counts_the_way_the_cli_exits():
    run = run_check([EXAMPLES / "yubei-2023.csv"])
    (result,) = list(run)
    assert result.summary.indicators.not_met_numbers == ["4", "6", "8"]
    assert run.failing > 0 and run.exit_code == 1  # binding indicators not met
    relaxed = run_check([EXAMPLES / "yubei-2023.csv"], CheckOptions(fail_on="never"))
    list(relaxed)
    assert relaxed.exit_code == 0


def test_run_check_applies_waivers_and_writes_the_baseline(tmp_path: Path):
    baseline = tmp_path / "baseline.json"
    run = run_check([EXAMPLES / "yubei-2022.csv"], CheckOptions(write_baseline=baseline, waivers=False))
    results = list(run)
    assert run.exit_code == 0 and run.baseline_written is not None
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(recorded) == sum(f.status.fails for r in results for f in r.findings)
    # checked again against that baseline, nothing fails the gate
    again = run_check([EXAMPLES / "yubei-2022.csv"], CheckOptions(baseline=baseline, waivers=False))
    assert all(not f.fails for r in again for f in r.findings) and again.exit_code == 0


def test_a_run_is_iterated_once():
    run = run_check([EXAMPLES / "yubei-2023.csv"])
    list(run)
    try:
        list(run)
    except RuntimeError as exc:
        assert "once" in str(exc)
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a second iteration must say it cannot re-run")


def test_the_exit_code_is_known_only_once_the_run_is_iterated():
    run = run_check([EXAMPLES / "yubei-2023.csv"])
    with pytest.raises(RuntimeError, match="iterate the run"):
        _ = run.exit_code


def test_each_rule_set_gets_its_own_plan_even_from_one_source_name():
    """Two rule sets registered under one source name (add_text with the same name) must not
    share a compiled plan."""
    from ecorules.pipeline import Checker
    from ecorules.plugins import components
    from ecorules.registry import RegisteredRuleset

    shipped = components().rulesets.get("cn-eco-county-2024")
    other = components().rulesets.get("cq-yubei-key-projects-2023")
    checker = Checker()
    first = checker.plan(RegisteredRuleset(shipped.ruleset, "inline", "test"))
    second = checker.plan(RegisteredRuleset(other.ruleset, "inline", "test"))
    assert first is not second and second.ruleset is other.ruleset
    assert checker.plan(RegisteredRuleset(shipped.ruleset, "inline", "test")) is first  # compiled once
