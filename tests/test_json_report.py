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
