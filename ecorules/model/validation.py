"""pydantic's validation errors in both languages, for every file ecorules validates
(rule sets, waivers, baselines, JSON submissions).

pydantic words its errors in English only; a Chinese report must not switch language
mid-line, so the error types an author meets are worded here in both. A validator of
ours that raises :class:`BilingualValueError` carries its own wording.
"""

from __future__ import annotations

import re
from typing import Any

from ecorules.model.text import T, Text


class BilingualValueError(ValueError):
    """A ValueError from a model validator, worded in both languages."""

    def __init__(self, text: Text):
        self.text = text
        super().__init__(text.en)


def _got(err: Any) -> tuple[str, str]:
    if "input" not in err or isinstance(err["input"], dict):
        return "", ""
    shown = repr(err["input"])
    if len(shown) > 60:
        return "", ""
    return f"（实为 {shown}）", f" (got {shown})"


def _expected(ctx: dict[str, Any]) -> str:
    """pydantic's list of allowed values ("'a', 'b' or 'c'"), joined the Chinese way."""
    return re.sub(r"(?<=['\"\d]), (?=['\"\d])|(?<=['\"\d]) or (?=['\"\d])", "、", str(ctx.get("expected", "")))


def describe_error(err: Any, *, unknown_key_hint: Text | None = None) -> Text:
    """One pydantic error as bilingual text (without its location)."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got_zh, got_en = _got(err)
    if kind == "missing":
        return T("缺少必需的键", "required key is missing")
    if kind == "extra_forbidden":
        return unknown_key_hint or T("未知的键", "unknown key")
    if kind == "value_error" and isinstance(ctx.get("error"), BilingualValueError):
        return T(ctx["error"].text.zh + got_zh, f"{err['msg']}{got_en}")
    if kind == "value_error":
        msg = str(ctx.get("error", err.get("msg", "")))
        return T(f"取值无效：{msg}{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("condition_type", "condition_kind_missing", "condition_kind_unknown", "no_kinds"):
        # ecorules' own condition dispatcher (ecorules.model.condition)
        zh = {
            "condition_type": '条件应为表，如 {kind = "compare", …}',
            "condition_kind_missing": "条件缺少 kind",
            "no_kinds": "没有已知的条件种类（规则集不是由 ecorules 加载的）",
        }.get(kind, "")
        if kind == "condition_kind_unknown":
            scope = "项目" if ctx.get("record_kind") == "project" else "指标"
            zh = f"未知的条件种类 {ctx.get('name', '')}（{scope}规则集可用：{ctx.get('known', '')}）"
        return T(zh, err.get("msg", ""))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return T(f"未知的 kind（{err.get('msg', '')}）", err.get("msg", ""))
    if kind == "literal_error":
        return T(f"应为 {_expected(ctx)} 之一{got_zh}", f"{err['msg']}{got_en}")
    if kind == "string_pattern_mismatch":
        return T(f"格式不符（应匹配 {ctx.get('pattern', '')}）{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("string_type", "string_too_short"):
        return T(f"应为文字{got_zh}" if kind == "string_type" else f"不能为空{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float", "finite_number"):
        what = "整数" if kind.startswith("int") else "有限的数" if kind == "finite_number" else "数值"
        return T(f"应为{what}{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("bool_type", "bool_parsing"):
        return T(f"应为 true 或 false{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("list_type", "tuple_type", "set_type"):
        return T(f"应为数组（[…]）{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("dict_type", "model_attributes_type", "dataclass_type"):
        return T(f"应为表（[…] 或 {{…}}）{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length" if kind == "too_short" else "max_length", "")
        word = "至少" if kind == "too_short" else "至多"
        return T(f"应有{word} {bound} 项{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        bound = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
        return T(f"应 {sign} {bound}{got_zh}", f"{err['msg']}{got_en}")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "datetime_type"):
        return T(f"应为不加引号的 TOML 日期，如 2026-12-31{got_zh}", f"{err['msg']}{got_en}")
    # A type not worded above: say so in Chinese and keep pydantic's explanation.
    return T(f"取值无效（{err.get('msg', '')}）{got_zh}", f"{err.get('msg', '')}{got_en}")


__all__ = ["BilingualValueError", "describe_error"]
