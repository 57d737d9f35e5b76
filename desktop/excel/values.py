"""Reading one cell into a field value, tolerant of the ways people and other systems write things;
``CellError`` (with a Chinese reason) for what cannot be read."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum

from desktop.domain.codes import (
    Education, HouseholdType, LabourSkill, PoliticalStatus, Relation, SchoolStatus, Sex,
)


class CellError(ValueError):
    """A cell that cannot be read; ``str`` is the Chinese reason."""


_SPACES = re.compile(r"\s+")


def text(value) -> str | None:
    """Cell as trimmed text (numbers without a trailing .0); ``None`` when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    result = str(value).strip()
    return result or None


_COMPACT_CACHE: dict[str, str | None] = {}


def compact(value) -> str | None:
    """Text with full-width folded and all spaces removed (codes, numbers, enum labels)."""
    if type(value) is str:
        hit = _COMPACT_CACHE.get(value, _COMPACT_CACHE)
        if hit is not _COMPACT_CACHE:
            return hit
        result = _SPACES.sub("", unicodedata.normalize("NFKC", value)) or None
        if len(_COMPACT_CACHE) < 50_000:  # enum labels, place names, 是/否 repeat on every row
            _COMPACT_CACHE[value] = result
        return result
    t = text(value)
    if t is None:
        return None
    t = _SPACES.sub("", unicodedata.normalize("NFKC", t))
    return t or None


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value)
        if 10000101 <= number <= 99991231:
            value = str(number)
        elif 1900 <= number <= 2100 and number == value:
            raise CellError(f"“{number}”只有年份，请填写完整日期（如 {number}-07-15）")
        elif 1 <= value < 2958466:  # an Excel serial day number in a cell not formatted as a date
            return (datetime(1899, 12, 30) + timedelta(days=float(value))).date()
        else:
            raise CellError(f"“{value}”不是日期")
    t = compact(value)
    if t is None:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(t)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise CellError(f"日期不存在：“{text(value)}”") from None
    raise CellError(f"“{text(value)}”不是日期（应写成如 1985-07-15）")


_TRUE = frozenset({"是", "Y", "YES", "TRUE", "1", "√", "有", "T", "参加", "已参加", "享受"})
_FALSE = frozenset({"否", "N", "NO", "FALSE", "0", "×", "无", "F", "未参加", "不享受", "未享受"})


def parse_bool(value) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    t = compact(value)
    if t is None:
        return None
    t = t.upper()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise CellError(f"“{text(value)}”应填“是”或“否”")


def parse_int(value, low: int | None = None, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"“{text(value)}”不是整数")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"“{text(value)}”不是整数")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        t = compact(value)
        if t is None:
            return None
        t = t.removesuffix("个月").removesuffix("月").removesuffix("年")
        try:
            number = int(Decimal(t)) if Decimal(t) == int(Decimal(t)) else None
        except (InvalidOperation, ValueError):
            number = None
        if number is None:
            raise CellError(f"“{text(value)}”不是整数")
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(f"“{number}”超出范围（应在{low}到{high}之间）")
    return number


def parse_decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"“{text(value)}”不是金额")
    if isinstance(value, (int, float)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    t = compact(value)
    if t is None:
        return None
    t = t.replace(",", "").removesuffix("元")
    try:
        result = Decimal(t)
    except InvalidOperation:
        raise CellError(f"“{text(value)}”不是金额，请填写数字（元）") from None
    if not result.is_finite():
        raise CellError(f"“{text(value)}”不是金额，请填写数字（元）")
    return result.quantize(Decimal("0.01"))


# Spellings of code-list values seen in other exports and typed by hand.
_ALIASES: dict[type, dict[str, str]] = {
    Sex: {"男性": "男", "女性": "女", "M": "男", "F": "女"},
    Relation: {"本人": "户主", "户主本人": "户主", "妻": "配偶", "妻子": "配偶", "夫": "配偶", "丈夫": "配偶",
               "子": "之子", "儿子": "之子", "长子": "之子", "次子": "之子", "女": "之女", "女儿": "之女",
               "长女": "之女", "次女": "之女", "父亲": "之父", "母亲": "之母", "儿媳": "之儿媳", "媳妇": "之儿媳",
               "兄弟姐妹": "之兄弟姐妹", "兄": "之兄弟姐妹", "弟": "之兄弟姐妹", "姐": "之兄弟姐妹",
               "妹": "之兄弟姐妹", "其它": "其他"},
    LabourSkill: {"普通劳动": "普通劳动力", "技能劳动": "技能劳动力", "弱劳动力": "弱劳动力或半劳动力",
                  "半劳动力": "弱劳动力或半劳动力", "弱劳动力、半劳动力": "弱劳动力或半劳动力",
                  "弱劳动力或半劳动": "弱劳动力或半劳动力", "丧失劳动": "丧失劳动力", "无劳动": "无劳动力"},
    Education: {"文盲半文盲": "文盲或半文盲", "文盲": "文盲或半文盲", "半文盲": "文盲或半文盲",
                "文盲或者半文盲": "文盲或半文盲", "本科": "本科及以上", "大学本科": "本科及以上",
                "大学": "本科及以上", "研究生": "本科及以上", "研究生及以上": "本科及以上", "大专及以上": "大专",
                "高中(中专)": "高中", "中专": "高中", "小学及以下": "小学"},
    SchoolStatus: {"学龄前": "学龄前儿童", "初一": "七年级", "初二": "八年级", "初三": "九年级",
                   "高一": "普通高中一年级", "高二": "普通高中二年级", "高三": "普通高中三年级",
                   "大一": "本科一年级", "大二": "本科二年级", "大三": "本科三年级", "大四": "本科四年级"},
    PoliticalStatus: {"党员": "中共党员", "预备党员": "中共预备党员", "团员": "共青团员", "共青团": "共青团员"},
    HouseholdType: {"脱贫户(含监测户)": "脱贫户", "已脱贫户": "脱贫户", "一般户": "一般农户",
                    "监测户": "一般农户", "边缘户": "一般农户"},
}


def enum_choices(enum_cls: type[Enum]) -> str:
    values = [m.value for m in enum_cls]
    shown = "、".join(values[:8])
    return shown + ("等" if len(values) > 8 else "")


def parse_enum(enum_cls, value):
    """A code-list value; blank → ``None``; unknown → ``CellError`` listing the choices."""
    t = compact(value)
    if t is None:
        return None
    try:
        return enum_cls(t)
    except ValueError:
        pass
    alias = _ALIASES.get(enum_cls, {}).get(t)
    if alias is not None:
        return enum_cls(alias)
    if enum_cls is Relation and not t.startswith("之"):
        try:
            return Relation("之" + t)
        except ValueError:
            pass
    raise CellError(f"“{text(value)}”不是有效取值（可选：{enum_choices(enum_cls)}）")
