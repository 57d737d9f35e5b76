"""What a pushed value may be, field by field: only values every laptop can read back.

A value the server stores is pulled by every laptop in scope, written into its SQLite ledger and read by
the app (``desktop.store.codec``: enums by label, dates by ``date.fromisoformat``, money as Decimal). One
value the app cannot read breaks sync, lists or exports for the whole village, township and county, so
each change is checked here before it is applied, and a bad one is rejected on its own (``bad_value``,
a Chinese reason naming the record and the field), the rest of the push going ahead.

The rules come from the domain itself, not written twice: a field's type in ``desktop.domain.models``
(a code list = its ``StrEnum`` in ``desktop.domain.codes``, ``date``, ``bool``, ``Decimal``, text), its
Chinese label from ``models.FIELD_LABELS``, 健康状况 through ``validation.parse_health``. Columns the
domain model does not describe (``deleted``, columns added by a later migration) get the rule of their
SQL type: a 64-bit integer (SQLite's range), a finite number, text of at most ``MAX_TEXT`` characters.

What is deliberately *not* checked here: the domain's business rules (ID number check digit, one 户主 per
household, dates in order, …). Those are for the assistant to see and fix in the app (they are shown as
errors and warnings there); the server only refuses what would break a reader.

Qt-free: imports ``desktop.domain`` (plain dataclasses and enums), never the UI.
"""
from __future__ import annotations

import math
import re
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from types import UnionType

from desktop.domain.ids import is_uuid   # noqa: F401 - also the record id rule of checks.py
from desktop.domain.models import FIELD_LABELS, EmploymentSpell, Household, Person
from desktop.domain.validation import parse_health
from sync.entities import Entity, registry
from sync.protocol import MAX_TEXT
from sync.scope import is_village_code

INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1     # SQLite INTEGER (the laptops' store)
MONEY_MAX = 10_000_000                         # 务工月收入 and other money: 0 .. ten million yuan
NUMBER_MAX = 1e15                              # REAL columns the domain does not describe
DATE_MIN, DATE_MAX = 1900, 2100                # years of a plausible ledger date
SHORT_TEXT = 200                               # text fields other than notes

#: text fields with a tighter limit than SHORT_TEXT (characters)
TEXT_LIMITS = {"name": 50, "id_number": 32, "id_original": 32, "phone": 40, "support_phone": 40, "hh_no": 40,
               "person_no": 40, "ethnicity": 20, "work_county_code": 20, "support_person": 50,
               "disability_category": 50, "health": 40, "note": MAX_TEXT}

MODELS: dict[str, type] = {"household": Household, "person": Person, "employment": EmploymentSpell}

# rule kinds (small ints: one comparison each on the hot path)
TEXT, CODE, DATE, FLAG, INT, NUMBER, UUID, HEALTH, VILLAGE = range(9)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
#: what the laptop may write into a system record (conflict / duplicate resolutions)
_RESOLUTIONS = {"conflict": ("local", "server"), "duplicate": ("merged", "not_same")}
_EXTRA_LABELS = {"deleted": "删除标记", "resolved_at": "处理时间", "resolution": "处理结果"}


@dataclass(frozen=True)
class Rule:
    kind: int
    label: str               # 开始日期（start_date）: how a reason names the field
    not_null: bool
    limit: object = None     # TEXT: max length; CODE: frozenset of labels; NUMBER: (low, high)
    choices: tuple = ()      # CODE: the labels in code-list order (for the reason)


@lru_cache(maxsize=8192)
def _date_ok(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return False
    return DATE_MIN <= day.year <= DATE_MAX


def _base(hint):
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


def _model_rule(ent: Entity, name: str, hint, label: str, not_null: bool) -> Rule:
    base = _base(hint)
    if ent.parent and name == ent.parent[1]:
        return Rule(UUID, label, not_null)
    if name == ent.scope_column:
        return Rule(VILLAGE, label, not_null)
    if isinstance(base, type) and issubclass(base, Enum):
        labels = tuple(m.value for m in base)
        return Rule(CODE, label, not_null, frozenset(labels), labels)
    if base is date:
        return Rule(DATE, label, not_null)
    if base is bool:
        return Rule(FLAG, label, not_null)
    if base is Decimal:
        return Rule(NUMBER, label, not_null, (0, MONEY_MAX))
    if base is int:
        return Rule(INT, label, not_null, (INT_MIN, INT_MAX))
    if base is float:
        return Rule(NUMBER, label, not_null, (-NUMBER_MAX, NUMBER_MAX))
    if name == "health" and ent.name == "person":
        return Rule(HEALTH, label, not_null, TEXT_LIMITS["health"])
    return Rule(TEXT, label, not_null, TEXT_LIMITS.get(name, SHORT_TEXT))


def _column_rule(ent: Entity, name: str, sql_type: str, label: str, not_null: bool) -> Rule:
    """A column the domain model does not describe: by its SQL type."""
    if name == "deleted":
        return Rule(FLAG, label, not_null)
    if ent.system and name == "resolution":
        labels = _RESOLUTIONS.get(ent.name, ())
        return Rule(CODE, label, not_null, frozenset(labels), labels)
    if sql_type == "INTEGER":
        return Rule(INT, label, not_null, (INT_MIN, INT_MAX))
    if sql_type == "REAL":
        return Rule(NUMBER, label, not_null, (-NUMBER_MAX, NUMBER_MAX))
    return Rule(TEXT, label, not_null, TEXT_LIMITS.get(name, MAX_TEXT if ent.system else SHORT_TEXT))


def build_rules(reg: dict[str, Entity]) -> dict[str, dict[str, Rule]]:
    """entity -> writable field -> Rule."""
    out: dict[str, dict[str, Rule]] = {}
    for ent in reg.values():
        model = MODELS.get(ent.name)
        hints = typing.get_type_hints(model) if model else {}
        labels = FIELD_LABELS.get(model, {}) if model else {}
        rules = {}
        for col in ent.columns:
            if col.name not in ent.writable:
                continue
            zh = labels.get(col.name) or _EXTRA_LABELS.get(col.name, "")
            label = f"“{zh}”（{col.name}）" if zh else f"“{col.name}”"
            if col.name in hints:
                rules[col.name] = _model_rule(ent, col.name, hints[col.name], label, col.not_null)
            else:
                rules[col.name] = _column_rule(ent, col.name, col.type, label, col.not_null)
        out[ent.name] = rules
    return out


@lru_cache(maxsize=4)
def _rules_for(reg_id: int) -> dict[str, dict[str, Rule]]:
    return build_rules(registry())


def rules() -> dict[str, dict[str, Rule]]:
    """The rules of the current registry (built once)."""
    return _rules_for(id(registry()))


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def problem(rule: Rule, value: object) -> str | None:
    """None when `value` (not None) fits `rule`, else what is wrong with it, in Chinese, naming the field."""
    kind = rule.kind
    if kind == TEXT:
        if type(value) is str and len(value) <= rule.limit and "\x00" not in value:
            return None
        if type(value) is not str:
            return f"字段{rule.label}应为文字，实为 {_shown(value)}"
        if "\x00" in value:
            return f"字段{rule.label}含有不可见的控制字符（\\0），请重新输入"
        return f"字段{rule.label}过长（{len(value)} 个字，最多 {rule.limit} 个字）"
    if kind == CODE:
        if type(value) is str and value in rule.limit:
            return None
        listed = "、".join(rule.choices[:10]) + ("等" if len(rule.choices) > 10 else "")
        return f"字段{rule.label}的值“{_shown(value)}”不在代码表中（可选：{listed}）"
    if kind == DATE:
        if type(value) is str and _date_ok(value):
            return None
        return (f"字段{rule.label}的值“{_shown(value)}”不是有效日期（应为 {DATE_MIN}—{DATE_MAX} 年间的真实日期，"
                "写作 yyyy-mm-dd，如 2024-03-01）")
    if kind == FLAG:
        if type(value) is int and (value == 0 or value == 1):
            return None
        return f"字段{rule.label}应为 0（否）或 1（是），实为 {_shown(value)}"
    if kind == INT:
        low, high = rule.limit
        if type(value) is int and low <= value <= high:
            return None
        if type(value) is not int:
            return f"字段{rule.label}应为整数，实为 {_shown(value)}"
        return f"字段{rule.label}的值 {_shown(value)} 超出范围（{low} 至 {high}）"
    if kind == NUMBER:
        low, high = rule.limit
        if (type(value) is int or type(value) is float) and low <= value <= high:   # NaN fails both
            return None
        if type(value) is not int and type(value) is not float:
            return f"字段{rule.label}应为数字，实为 {_shown(value)}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"字段{rule.label}不是有限的数字（{value}）"
        return f"字段{rule.label}的值 {_shown(value)} 超出范围（{low:g} 至 {high:g}）"
    if kind == UUID:
        if is_uuid(value):
            return None
        return f"字段{rule.label}的值“{_shown(value)}”不是有效的记录编号（应为本程序生成的 UUID）"
    if kind == HEALTH:
        if type(value) is str and len(value) <= rule.limit:
            unknown = parse_health(value)[1]
            if not unknown:
                return None
            return (f"字段{rule.label}含有不在代码表中的值“{'、'.join(unknown)}”"
                    "（可选：健康、长期慢性病、患有大病、残疾，多项用逗号分隔）")
        return f"字段{rule.label}应为文字（最多 {rule.limit} 个字），实为 {_shown(value)}"
    if kind == VILLAGE:
        if is_village_code(value):
            return None
        return f"字段{rule.label}的值“{_shown(value)}”不是有效的 12 位村级代码"
    return None
