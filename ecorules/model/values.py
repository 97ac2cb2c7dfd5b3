"""Reading one submitted cell into a typed value.

Chinese statistical tables write values in many ways: ``87.9``, ``87.9%``,
``８７．９％``, ``≥25`` (only a bound is known), ``>-1``, ``1,234``,
``保持稳定(96.4)`` (a statement with the number behind it), ``未考核(15.2)``,
``不涉及`` (not applicable), ``暂未公布`` (not yet published), ``建立``
(a status word). This module turns each into a :class:`Value` without ever
guessing: what cannot be read becomes a *missing* value that carries the
reason, never a silent zero.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Literal

from ecorules.model import limits

Bound = Literal[">", ">=", "<", "<="]


class ValueKind(str, Enum):
    number = "number"  # an exact number, or a bound such as ≥25
    word = "word"  # a status or trend word: 建立, 有效开展, 持续提高 ...
    not_applicable = "not_applicable"  # 不涉及
    not_assessed = "not_assessed"  # 未考核: no target was assigned
    missing = "missing"  # empty, 暂未公布, unreadable


# Full-width forms that Chinese input methods produce, folded to ASCII.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",  # U+2212 minus sign
        "—": "-",
        "＋": "+",
        "％": "%",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "≧": "≥",
        "≦": "≤",
        "（": "(",
        "）": ")",
        "：": ":",
        "；": ";",
        "　": " ",
        "\u00a0": " ",
    }
)

NOT_APPLICABLE_WORDS = frozenset({"不涉及", "不适用", "n/a", "na"})
NOT_ASSESSED_WORDS = ("未考核", "不考核", "未下达", "未逐年下达", "无考核任务", "未分解")
MISSING_WORDS = frozenset({"暂未公布", "数据暂未公布", "暂无数据", "无数据", "待公布", "未公布", "未统计"})
EMPTY_MARKS = frozenset({"", "-", "--", "/", "—", "…"})
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+"
_NUMBER_RE = re.compile(rf"^(?P<bound>>=|<=|≥|≤|>|<)?\s*(?P<num>{_NUMBER})\s*(?P<pct>%)?$")
# "保持稳定(96.4)", "未考核(15.2)", "十四五期间,未逐年下达(1.9)"
_WORD_NUMBER_RE = re.compile(r"^(?P<word>[^()]*?)\s*\((?P<inner>[^()]+)\)$")
# A number followed by what can only be a unit (letters, CJK, /, ³, ²), such as 13.2平方米/人 or
# 24.8 μg/m³; a word with a number behind it (保持稳定(96.4)) is read above.
_NUMBER_WITH_UNIT_RE = re.compile(
    r"^(?P<num>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>(?![eE][+-]?\d)[^\d\s()（）%.,][^()（）]*)$"
)
UNIT_IN_CELL = "a unit written in the value cell; write the number alone: "
_BOUNDS: dict[str, Bound] = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", ">": ">", "<": "<"}


def fold(text: str) -> str:
    """Full-width to half-width, trimmed; the form every comparison uses."""
    if text.isascii():  # nothing to fold (the common case, and isascii() costs nothing)
        return text.strip()
    return text.translate(_FOLD).strip()


def normalize_word(text: str) -> str:
    """A status word as compared: folded, no spaces, list commas unified, no leading 已.

    ``已建立`` means the same as ``建立``; ``生态功能不降低, 性质不改变`` the same as
    ``生态功能不降低、性质不改变``; ``Ⅱ类`` (one Roman-numeral character) the same as ``II类``.
    """
    known = _NORMALIZED.get(text)
    if known is not None:
        return known
    w = re.sub(r"\s+", "", unicodedata.normalize("NFKC", fold(text)))
    w = w.replace(",", "、").replace(";", "、")
    w = w[1:] if w.startswith("已") and len(w) > 1 else w
    if len(_NORMALIZED) < 4096 and len(text) <= 64:  # the words rule sets and submissions use, bounded
        _NORMALIZED[text] = w
    return w


_NORMALIZED: dict[str, str] = {}


@dataclass(slots=True, kw_only=True)
class Value:
    """One submitted value, as read."""

    raw: str
    kind: ValueKind
    number: Decimal | None = None
    bound: Bound | None = None  # set when only a bound is known: "≥25" -> (">=", 25)
    word: str | None = None  # the status word, or the words in front of "(number)"
    percent: bool = False  # the cell carried a % sign
    problem: str | None = None  # why a missing value is missing (for messages)

    @property
    def says_not_assessed(self) -> bool:
        """The cell states that no target was assigned (未考核, 未下达, ...)."""
        return self.kind is ValueKind.not_assessed or (
            self.word is not None and any(w in self.word for w in NOT_ASSESSED_WORDS)
        )

    def display(self) -> str:
        if self.kind is ValueKind.number and self.number is not None:
            text = format_decimal(self.number)
            if self.bound:
                text = {">=": "≥", "<=": "≤"}.get(self.bound, self.bound) + text
            if self.word:
                text = f"{self.word}({text})"
            return text
        return self.raw.strip() or "-"


def format_decimal(d: Decimal) -> str:
    text = str(d)  # positional unless the exponent is positive or the number tiny: then "E"
    if "E" in text:
        text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Most cells are plain numbers (25.9, 100): read straight, with the result the full reading gives.
# Kept within the lowest settings of the limits `digits` (16) and `exponent` (6), so that no
# setting can refuse a number this path has read: at most 13 digits, and 10^-6 to 10^6.
_PLAIN_NUMBER_RE = re.compile(r"-?[0-9]{1,7}(?:\.[0-9]{1,6})?")

# No indicator value has more significant digits or a larger or smaller magnitude than the
# limits `digits` (30) and `exponent` (15) allow (an investment in 万元 reaches 10^7, a share
# 10^2, an intensity 10^-3). Beyond them a cell is a typo or an attack: 1e999999999 would take
# minutes to turn into an exact fraction, and a 5,000-digit integer cannot even be printed.
_TOO_MANY_DIGITS = re.compile(r"number with more than (\d+) digits")
_OUT_OF_RANGE = re.compile(r"number out of range \(beyond 10\^±(\d+)\)")


def problem_zh(problem: str) -> str:
    """A value's ``problem`` (English, kept in the Value) as the Chinese report says it."""
    if problem.startswith("spreadsheet error "):
        return "表格公式错误 " + problem.removeprefix("spreadsheet error ")
    if problem.startswith(UNIT_IN_CELL):
        return f"数值单元格中写了单位；请只填数字（{problem.removeprefix(UNIT_IN_CELL)}），单位填在 unit 列"
    if m := _TOO_MANY_DIGITS.fullmatch(problem):
        return f"数字超过 {m.group(1)} 位（限制 digits）"
    if m := _OUT_OF_RANGE.fullmatch(problem):
        return f"数字超出范围（超过 10^±{m.group(1)}，限制 exponent）"
    return {
        "not a finite number": "不是有限的数",
        "unreadable number": "无法读取的数字",
    }.get(problem, problem)


def out_of_range(number: Decimal) -> str | None:
    """Why a number is refused as a value (the limits ``digits`` and ``exponent``), or None
    when it is within what a cell can mean."""
    in_force = limits.current()
    if len(number.as_tuple().digits) > in_force.digits:
        return f"number with more than {in_force.digits} digits"
    if number and not -in_force.exponent <= number.adjusted() <= in_force.exponent:
        return f"number out of range (beyond 10^±{in_force.exponent})"
    return None


def parse_value(raw: object) -> Value:
    """Read a cell (str, int, float, bool or None) into a :class:`Value`."""
    if type(raw) is str and _PLAIN_NUMBER_RE.fullmatch(raw):
        return Value(raw=raw, kind=ValueKind.number, number=Decimal(raw))
    if raw is None:
        return Value(raw="", kind=ValueKind.missing, problem="empty")
    if isinstance(raw, bool):  # JSON true/false is not a number here
        return Value(raw=str(raw), kind=ValueKind.word, word=str(raw).lower())
    if isinstance(raw, float) and not math.isfinite(raw):  # NaN or Infinity in a JSON submission
        return Value(raw=str(raw), kind=ValueKind.missing, problem="not a finite number")
    if isinstance(raw, int) and raw.bit_length() > 4 * limits.current().digits:  # str() of a huge int fails
        return Value(
            raw=f"<integer of {raw.bit_length()} bits>",
            kind=ValueKind.missing,
            problem=f"number with more than {limits.current().digits} digits",
        )
    if isinstance(raw, (int, float, Decimal)):
        return _from_number_text(str(raw), str(raw))
    text = str(raw)
    folded = fold(text)
    if folded in EMPTY_MARKS:
        return Value(raw=text, kind=ValueKind.missing, problem="empty")
    if folded.upper() in EXCEL_ERRORS:
        return Value(raw=text, kind=ValueKind.missing, problem=f"spreadsheet error {folded.upper()}")
    word = normalize_word(folded)
    if word.lower() in NOT_APPLICABLE_WORDS:
        return Value(raw=text, kind=ValueKind.not_applicable, word="不涉及")
    if word in MISSING_WORDS:
        return Value(raw=text, kind=ValueKind.missing, word=word, problem=word)
    if any(word == w or word.endswith(w) for w in NOT_ASSESSED_WORDS):
        return Value(raw=text, kind=ValueKind.not_assessed, word=word)
    number = _from_number_text(text, folded)
    if number.kind is not ValueKind.word:  # a number, or one refused (out of range) with the reason
        return number
    m = _WORD_NUMBER_RE.match(folded)
    if m:
        inner = _from_number_text(text, m.group("inner").strip())
        if inner.kind is ValueKind.number:
            return replace(inner, word=normalize_word(m.group("word")) or None)
    with_unit = _NUMBER_WITH_UNIT_RE.match(folded)
    if with_unit and _from_number_text(text, with_unit.group("num")).kind is ValueKind.number:
        # 13.2平方米/人: the unit typed into the value cell. Not guessed at: said how to fix.
        return Value(raw=text, kind=ValueKind.missing, word=word, problem=f"{UNIT_IN_CELL}{with_unit.group('num')}")
    return Value(raw=text, kind=ValueKind.word, word=word)


def _from_number_text(raw: str, folded: str) -> Value:
    m = _NUMBER_RE.match(folded.replace(" ", ""))
    if not m:
        return Value(raw=raw, kind=ValueKind.word, word=normalize_word(folded))
    try:
        number = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return Value(raw=raw, kind=ValueKind.missing, problem="unreadable number")
    if not number.is_finite():
        return Value(raw=raw, kind=ValueKind.missing, problem="not a finite number")
    refused = out_of_range(number)
    if refused is not None:
        return Value(raw=raw, kind=ValueKind.missing, problem=refused)
    bound = _BOUNDS.get(m.group("bound") or "")
    return Value(raw=raw, kind=ValueKind.number, number=number, bound=bound, percent=bool(m.group("pct")))


# --- trend statements ---------------------------------------------------------------------------

Movement = Literal["up", "down", "stable", "improve", "worsen", "not_up", "not_down"]

_NEGATIONS = ("不", "未", "没有", "无")

# Checked in order: the first fragment found in the word decides.
_TREND_FRAGMENTS: tuple[tuple[str, Movement], ...] = (
    ("恶化", "worsen"),
    ("改善", "improve"),
    ("好转", "improve"),
    ("稳定", "stable"),
    ("持平", "stable"),
    ("不变", "stable"),
    ("提高", "up"),
    ("提升", "up"),
    ("上升", "up"),
    ("增加", "up"),
    ("增长", "up"),
    ("下降", "down"),
    ("降低", "down"),
    ("减少", "down"),
)


def trend_claim(word: str | None) -> Movement | None:
    """The movement a submission states in words (保持稳定, 持续提高, ...), if any."""
    if not word:
        return None
    for fragment, movement in _TREND_FRAGMENTS:
        at = word.find(fragment)
        if at < 0:
            continue
        # 不降低 / 未下降 / 没有提高: the movement is denied, not stated
        if any(word[:at].endswith(neg) for neg in _NEGATIONS):
            denied: dict[str, Movement] = {"up": "not_up", "down": "not_down", "improve": "worsen", "worsen": "improve"}
            return denied.get(movement)
        return movement
    return None


# --- target statements --------------------------------------------------------------------------

# Words that hedge a completion: 基本完成, 预计完成 … say nothing certain.
_COMPLETION_HEDGES = ("基本", "预计", "部分", "力争", "有望", "争取")
_COMPLETION_DENIALS = ("未完成", "没有完成", "没完成", "未能完成", "不能完成", "尚未完成", "未全部完成")


def completion_claim(word: str | None) -> bool | None:
    """Whether a cell states that the assigned target was completed (完成重庆市管控目标任务:
    True; 未完成上级考核任务: False), or None when it states neither or hedges (基本完成)."""
    if not word or "完成" not in word or not any(w in word for w in ("目标", "任务")):
        return None
    if any(d in word for d in _COMPLETION_DENIALS):
        return False
    if any(h in word for h in _COMPLETION_HEDGES):
        return None
    return True


# --- units ----------------------------------------------------------------------------------------

_UNIT_FOLD = str.maketrans({"µ": "u", "μ": "u", "³": "3", "²": "2", "·": "", " ": ""})
_UNIT_SYNONYMS = {
    "": "-",
    "—": "-",
    "无": "-",
    "ug/m3": "ug/m3",
    "微克/立方米": "ug/m3",
    "m2/人": "平方米/人",
    "㎡/人": "平方米/人",
    "t": "吨",
    "d": "天",
    "m3/万元": "立方米/万元",
}


_UNIT_EN = {
    "天": "days",
    "亩": "mu",
    "平方米/人": "m²/person",
    "吨": "t",
    "吨标煤/万元": "tce/10,000 yuan",
    "立方米/万元": "m³/10,000 yuan",
    "千克": "kg",
    "个": "",
    "万元": "10,000 yuan",
    "万平方公里": "10,000 km²",
}


def unit_label(unit: str, lang: str) -> str:
    """A unit as shown in a sentence: '' for dimensionless, English names in English text."""
    if unit in ("-", ""):
        return ""
    return _UNIT_EN.get(unit, unit) if lang == "en" else unit


@functools.lru_cache(maxsize=1024)  # a batch repeats a few dozen unit spellings
def normalize_unit(unit: str | None) -> str:
    u = fold(unit or "").translate(_UNIT_FOLD).lower()
    return _UNIT_SYNONYMS.get(u, u)


def same_unit(a: str | None, b: str | None) -> bool:
    return normalize_unit(a) == normalize_unit(b)


FIVE_YEAR_PLANS = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}


def cell_text(raw: object) -> str:
    """A cell as folded text; a float that is a whole number without its '.0'."""
    if type(raw) is str:  # fold(), written out: a submission's every cell comes through here
        return raw.strip() if raw.isascii() else raw.translate(_FOLD).strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return fold(str(raw))


def parse_year(raw: object) -> int | None:
    """'2023', '2023年' -> 2023."""
    if type(raw) is str:
        known = _YEARS.get(raw)
        if known is not None:
            return known
    text = cell_text(raw)
    text = text.removesuffix("年").strip()
    if _YEAR_RE.fullmatch(text):
        return int(text)
    return None


_YEAR_RE = re.compile(r"(19|20|21)\d{2}")
_YEARS = {str(y): y for y in range(1900, 2200)}  # a year cell as most files write it


def parse_period(raw: object) -> tuple[int, int] | None:
    """'2021-2025', '2021年至2025年', '十四五' -> (first, last)."""
    text = re.sub(r"\s+", "", cell_text(raw))
    for name, span in FIVE_YEAR_PLANS.items():
        if name in text:
            return span
    m = re.fullmatch(r"((?:19|20|21)\d{2})年?(?:-|~|至|到)((?:19|20|21)\d{2})年?", text)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    return None
