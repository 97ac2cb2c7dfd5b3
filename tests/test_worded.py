"""Reasons worded when read (ecorules.model.worded) read exactly as the Text they stand for."""

from __future__ import annotations

import json
import pickle

import pytest

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


class _Cell:
    """A record field as record conditions read it (the FieldReading protocol)."""

    def __init__(self, text: str):
        self.text = text

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def number(self):
        from ecorules.model.values import ValueKind, parse_value

        value = parse_value(self.text)
        return value.number if value.kind is ValueKind.number else None

    def years(self):
        from ecorules.engine.records import parse_years_span

        return parse_years_span(self.text)

    def date(self):
        import datetime as dt

        try:
            return dt.date.fromisoformat(self.text.strip())
        except ValueError:
            return None


class _Record:
    period = (2023, 2030)
    period_problem = None

    def __init__(self, **fields: str):
        self.fields = {k: _Cell(v) for k, v in fields.items()}

    def field(self, key: str):
        return self.fields.get(key)

    def field_label(self, key: str) -> Text:
        return T("建设单位", "builder")


@pytest.mark.parametrize(
    ("condition", "text", "status", "zh", "en"),
    [
        ({"kind": "present", "of": "a"}, "区生态环境局", "met", "建设单位：区生态环境局", "builder: 区生态环境局"),
        ({"kind": "present", "of": "a"}, " ", "not_met", "建设单位未填写", "builder is not given"),
        ({"kind": "number", "of": "a"}, "12.5", "met", "建设单位为 12.5", "builder is 12.5"),
        (
            {"kind": "number", "of": "a"},
            "待定",
            "not_met",
            "建设单位为「待定」，不是数额",
            "builder is '待定', not an amount",
        ),
        ({"kind": "status", "of": "a", "accept": ["新增"]}, "新增", "met", "建设单位为「新增」", "builder is '新增'"),
        (
            {"kind": "status", "of": "a", "accept": ["新增", "续建"]},
            "完工",
            "not_met",
            "建设单位为「完工」，不是「新增、续建」",
            "builder is '完工', not '新增 / 续建'",
        ),
        (
            {"kind": "within_period", "of": "a"},
            "2024",
            "met",
            "建设单位 2024在规划年限 2023—2030内",
            "builder 2024: within the period 2023—2030",
        ),
        (
            {"kind": "within_period", "of": "a"},
            "2020-2031",
            "not_met",
            "建设单位 2020-2031超出规划年限 2023—2030",
            "builder 2020-2031: outside the period 2023—2030",
        ),
        (
            {"kind": "within_period", "of": "a"},
            "近期",
            "missing",
            "建设单位「近期」无法识别为年份",
            "builder '近期' is not a year or span of years",
        ),
        (
            {"kind": "date", "of": "a", "op": ">=", "value": "2022-04-01"},
            "2021-01-01",
            "not_met",
            "建设单位 2021-01-01（≥2022-04-01）",
            "builder 2021-01-01 (≥2022-04-01)",
        ),
        (
            {"kind": "date", "of": "a", "op": ">=", "value": "2022-04-01"},
            "四月",
            "missing",
            "建设单位「四月」不是日期",
            "builder '四月' is not a date",
        ),
        ({"kind": "present", "of": "b"}, "", "missing", "表中没有「建设单位」列", "the table has no builder column"),
    ],
)
def test_record_kinds_word_their_reasons_when_read(condition, text, status, zh, en) -> None:
    """Each reason a record condition gives, as a report reads it (worded on demand)."""
    import datetime as dt

    from ecorules.kinds import builtin_registry

    kinds = builtin_registry()
    kind = kinds.get(condition["kind"])
    assert kind is not None
    if "value" in condition:
        condition = {**condition, "value": dt.date.fromisoformat(condition["value"])}
    verdict = kind.evaluate_record(kind.model.model_validate(condition), _Record(a=text), None)
    assert verdict.status == status
    assert verdict.reasons == [T(zh, en)]
    assert [(r.zh, r.en) for r in verdict.reasons] == [(zh, en)]
