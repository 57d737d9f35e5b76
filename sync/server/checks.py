"""Checks of a pushed change that need no database: entity, field names, value types. They run before
the write transaction, in the request's own thread."""
from __future__ import annotations

from sync.entities import Entity, registry
from sync.protocol import MAX_TEXT, Change
from sync.scope import is_village_code


class Reject(Exception):
    """A change the server refuses: machine `code` and a Chinese `reason` naming record and field."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


def short(record_id: str) -> str:
    return record_id[:8]


def _check_values(ent: Entity, fields: dict, label: str) -> None:
    for name, value in fields.items():
        col = ent.column(name)
        if value is None:
            if col.not_null:
                raise Reject("missing_field", f"{label}：字段“{name}”不能为空")
            continue
        typ = col.type
        if typ == "TEXT":
            ok = type(value) is str and len(value) <= MAX_TEXT
        elif typ == "INTEGER":
            ok = isinstance(value, int)
        else:
            ok = isinstance(value, int | float) and value == value
        if not ok:
            raise Reject("bad_value", f"{label}：字段“{name}”的值类型不对或过长")
    if ent.scope_column and ent.scope_column in fields and not is_village_code(fields[ent.scope_column]):
        raise Reject("bad_value", f"{label}：村代码“{fields[ent.scope_column]}”不是有效的 12 位村级代码")


def precheck(push: list[Change]) -> dict[str, Reject]:
    """Checks that need no database (entity, field names, value types): done before the write lock,
    so concurrent requests do this work in parallel. change_id -> rejection."""
    reg = registry()
    bad: dict[str, Reject] = {}
    for change in push:
        ent = reg.get(change.entity)
        try:
            if ent is None:
                raise Reject("unknown_entity", f"未知的记录类型“{change.entity}”，请升级客户端或联系县里")
            label = f"{ent.label}记录 {short(change.record_id)}"
            unknown = [f for f in change.fields if f not in ent.writable]
            if unknown:
                raise Reject("unknown_field", f"{label}：字段“{'、'.join(sorted(unknown))}”不存在或不能修改")
            _check_values(ent, change.fields, label)
        except Reject as r:
            bad[change.change_id] = r
    return bad
