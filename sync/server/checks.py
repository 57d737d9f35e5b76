"""Checks of a pushed change that need no database: entity, record id, field names, values (per field,
``values.py``). They run before the write transaction, in the request's own thread."""
from __future__ import annotations

from collections.abc import Sequence

from sync.entities import Entity, registry
from sync.protocol import Change

from .values import CODE, DATE, HEALTH, TEXT, VILLAGE, is_uuid, problem, rules

_REPEATING = frozenset({DATE, HEALTH, VILLAGE})   # kinds whose good values recur: remembered
_good: set[tuple[str, str]] = set()               # (field label, value) that problem() passed
_GOOD_MAX = 100_000


class Reject(Exception):
    """A change the server refuses: machine `code` and a Chinese `reason` naming record and field."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


def short(record_id: str) -> str:
    """How a reason names a record when nothing better is known: the full id (its first 8 characters are
    the UUIDv7 time prefix, the same for a household and the person registered with it)."""
    return record_id


#: per entity: the field a person recognises the record by, and how it is shown
_NAMED_BY = {"household": ("hh_no", "户编号 {}"), "person": ("name", "“{}”"),
             "employment": ("start_date", "{} 起")}


def _readable(value: object) -> str | None:
    if type(value) is str and 0 < len(value) <= 50 and value.isprintable():
        return value
    return None


def record_label(ent: Entity, record_id: str, fields: dict | None = None,
                 vals: Sequence | None = None) -> str:
    """How a rejection names a record: what a person recognises (户编号, the person's name, the spell's
    start) from the pushed fields or the stored values, and the full record id, e.g.
    ``人员记录“张三”（编号 0190…-…）``."""
    named = _NAMED_BY.get(ent.name)
    shown = None
    if named is not None:
        col, fmt = named
        value = fields.get(col) if fields else None
        if value is None and vals is not None and col in ent.index and ent.index[col] < len(vals):
            value = vals[ent.index[col]]
        text = _readable(value)
        if text is not None:
            shown = fmt.format(text)
    rid = record_id if _readable(record_id) else repr(record_id)[:60]
    if shown is None:
        return f"{ent.label}记录（编号 {rid}）"
    if ent.name == "person":
        return f"{ent.label}记录{shown}（编号 {rid}）"
    return f"{ent.label}记录（{shown}，编号 {rid}）"


def check_change(change: Change, reg: dict[str, Entity], all_rules: dict) -> None:
    """Raise Reject when the change cannot be applied whatever the database holds."""
    ent = reg.get(change.entity)
    if ent is None:
        raise Reject("unknown_entity", f"未知的记录类型“{change.entity}”，请升级客户端或联系县里")
    if not is_uuid(change.record_id):
        raise Reject("bad_value", f"{record_label(ent, change.record_id, change.fields)}：记录编号"
                                  f"“{change.record_id[:60]}”不是本程序生成的编号（应为 UUID），县服务器不能接收。"
                                  "请在本机删除这条记录后重新录入（用新版程序重新导入工作簿也会为它生成新编号）")
    ent_rules = all_rules[ent.name]
    fields = change.fields
    if not ent_rules.keys() >= fields.keys():
        unknown = [f for f in fields if f not in ent_rules]
        raise Reject("unknown_field", f"{record_label(ent, change.record_id, fields)}："
                                      f"字段“{'、'.join(sorted(unknown))}”不存在或不能修改")
    for name, value in fields.items():
        rule = ent_rules[name]
        if value is None:
            if rule.not_null:
                raise Reject("missing_field", f"{record_label(ent, change.record_id, fields)}："
                                              f"字段{rule.label}不能为空")
            continue
        kind = rule.kind     # the commonest good values without a call (problem() says the same)
        if type(value) is str:
            if kind == CODE and value in rule.limit or kind == TEXT and len(value) <= rule.limit \
                    and "\x00" not in value:
                continue
            if kind in _REPEATING:
                key = (rule.label, value)
                if key in _good:
                    continue
                if problem(rule, value) is None:
                    if len(_good) >= _GOOD_MAX:
                        _good.clear()
                    _good.add(key)
                    continue
        wrong = problem(rule, value)
        if wrong is not None:
            raise Reject("bad_value", f"{record_label(ent, change.record_id, fields)}：{wrong}")
    for name, base in change.base.items():
        if type(base) is not int or not 0 <= base < 2 ** 63:
            raise Reject("bad_value", f"{record_label(ent, change.record_id, fields)}：字段“{name}”的基础版本"
                                      f" {base!r} 无效（应为该字段修改前从服务器得到的版本号，不小于 0）")


def precheck(push: list[Change]) -> dict[str, Reject]:
    """Checks that need no database (entity, record id, field names, values): done before the write lock,
    so concurrent requests do this work in parallel. change_id -> rejection."""
    reg = registry()
    all_rules = rules()
    bad: dict[str, Reject] = {}
    for change in push:
        try:
            check_change(change, reg, all_rules)
        except Reject as r:
            bad[change.change_id] = r
    return bad
