"""The JSON report is encoded by orjson for speed; its bytes must stay those of
``json.dumps(to_json_data(result), ensure_ascii=False, indent=2)``, which every consumer of
the report has read so far."""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
from pathlib import Path

import pytest
from conftest import ROOT

from ecorules.api import CheckOptions, run_check
from ecorules.model.findings import CheckResult, Suppression, to_json_data
from ecorules.model.text import T
from ecorules.reporters.json import encode_result

EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".csv", ".xlsx", ".json"))


def stdlib(result: CheckResult, depth: int = 0) -> str:
    return json.dumps(to_json_data(result), ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def results_of(path: Path) -> list[CheckResult]:
    return list(run_check([path], CheckOptions(fail_on="never", waivers=False)))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_encodes_to_the_bytes_the_standard_library_writes(path: Path):
    results = results_of(path)
    assert results
    for result in results:
        assert encode_result(result) == stdlib(result)
        assert encode_result(result, 2) == stdlib(result, 2)


def test_floats_dates_control_characters_and_surrogates_are_written_as_before():
    projects = list(results_of(ROOT / "examples" / "yubei" / "yubei-projects-near-term.csv"))
    result = projects[0]
    assert result.projects is not None
    waived = dataclasses.replace(
        result.findings[0],
        suppression=Suppression(kind="waiver", reason='批准\x01\t"引号"', expires=datetime.date(2027, 1, 31)),
        details=[T("控制字符\x00\x1f\u2028", "lone surrogate \udcff")],
    )
    for amount in (1e-05, 2.5e-07, 1e16, 412011.0, math.inf, math.nan, None):
        totals = dataclasses.replace(result.projects, amount=amount)
        odd = dataclasses.replace(result, projects=totals, findings=[waived, *result.findings[1:]])
        assert encode_result(odd, 1) == stdlib(odd, 1), amount
    assert '"amount": 1e-05' in encode_result(
        dataclasses.replace(result, projects=dataclasses.replace(result.projects, amount=1e-05))
    )


def test_a_finding_with_parts_of_its_own_beside_its_rule_is_written_as_it_is():
    """A rule's citation, name and threshold are encoded once and reused; a finding that a
    program built with the rule's citation but its own name and threshold keeps its own."""
    [result] = results_of(ROOT / "examples" / "yubei" / "yubei-2023.csv")
    first = result.findings[0]
    own = dataclasses.replace(first, name=T("自拟名称", "a name of its own"), expected=T("自拟", "its own"))
    for findings in ([first, own], [own, first]):
        mixed = dataclasses.replace(result, findings=findings)
        assert encode_result(mixed, 2) == stdlib(mixed, 2)


def test_a_workers_part_is_the_utf8_of_the_result_as_the_report_writes_it():
    from ecorules.interfaces import ReportOptions
    from ecorules.reporters.json import JsonReporter

    for path in (ROOT / "examples" / "yubei" / "yubei-2023.csv", ROOT / "examples" / "yubei" / "yubei-projects.xlsx"):
        for result in results_of(path):
            assert JsonReporter().part(result, ReportOptions(lang="zh")) == stdlib(result, 2).encode("utf-8")
