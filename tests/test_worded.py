"""Reasons worded when read (ecorules.model.worded) read exactly as the Text they stand for."""

from __future__ import annotations

import json
import pickle

from ecorules.model.findings import to_json_data
from ecorules.model.text import T, Text
from ecorules.model.worded import Worded, Wording
from ecorules.reporters.json import encode_result

GIVEN = Wording(lambda name, text, *_: f"{name.zh}：{text}", lambda name, text, *_: f"{name.en}: {text}")
LEAD = T("牵头部门", "lead department")


def test_a_worded_reason_reads_as_the_text_it_stands_for() -> None:
    worded = GIVEN(LEAD, "区生态环境局")
    plain = T("牵头部门：区生态环境局", "lead department: 区生态环境局")
    assert isinstance(worded, Text)
    assert (worded.zh, worded.en, worded.get("en")) == (plain.zh, plain.en, plain.en)
    assert worded == plain and plain == worded and worded != T("牵头部门：别的", plain.en)
    assert hash(worded) == hash(plain) and len({worded, plain}) == 1
    assert repr(worded) == repr(plain).replace("Text(", "Worded(")
    assert to_json_data(worded) == {"zh": plain.zh, "en": plain.en}


def test_a_worded_reason_pickles_as_a_plain_text() -> None:
    """A --jobs worker sends findings back pickled: they arrive as plain Text."""
    back = pickle.loads(pickle.dumps(GIVEN(LEAD, "区生态环境局")))
    assert type(back) is Text
    assert back == T("牵头部门：区生态环境局", "lead department: 区生态环境局")


def test_project_findings_hold_worded_reasons_and_the_json_report_writes_them(tmp_path) -> None:
    """The JSON report (orjson) writes worded reasons as the standard library writes a Text."""
    from pathlib import Path

    from ecorules.pipeline import Checker

    table = Path(__file__).resolve().parent.parent / "examples" / "yubei" / "yubei-projects-near-term.csv"
    [result] = Checker().check(table)
    assert any(isinstance(d, Worded) for f in result.findings for d in f.details)
    assert encode_result(result) == json.dumps(to_json_data(result), ensure_ascii=False, indent=2)
