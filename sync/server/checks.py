"""Checks of a pushed change that need no database: entity, field names, value types. They run before
the write transaction, in the request's own thread."""
from __future__ import annotations

from functools import lru_cache

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


_TEXT, _INTEGER, _REAL = 0, 1, 2


@lru_cache(maxsize=4)
def _kinds(reg_id: int) -> dict[str, dict[str, tuple[int, bool]]]:
    """entity -> writable field -> (value kind, NOT NULL): one dict lookup a field on the hot path."""
    kinds = {}
    for name, ent in registry().items():
        kinds[name] = {c.name: ({"TEXT": _TEXT, "INTEGER": _INTEGER}.get(c.type, _REAL), c.not_null)
                       for c in ent.columns if c.name in ent.writable}
    return kinds


def _check_values(ent: Entity, fields: dict, label: str, kinds: dict[str, tuple[int, bool]]) -> None:
    for name, value in fields.items():
        kind, not_null = kinds[name]
        if value is None:
            if not_null:
                raise Reject("missing_field", f"{label}：字段“{name}”不能为空")
            continue
        if kind == _TEXT:
            ok = type(value) is str and len(value) <= MAX_TEXT
        elif kind == _INTEGER:
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
    all_kinds = _kinds(id(reg))
    bad: dict[str, Reject] = {}
    for change in push:
        ent = reg.get(change.entity)
        try:
            if ent is None:
                raise Reject("unknown_entity", f"未知的记录类型“{change.entity}”，请升级客户端或联系县里")
            kinds = all_kinds[ent.name]
            fields = change.fields
            if not kinds.keys() >= fields.keys():
                unknown = [f for f in fields if f not in kinds]
                raise Reject("unknown_field", f"{ent.label}记录 {short(change.record_id)}："
                                              f"字段“{'、'.join(sorted(unknown))}”不存在或不能修改")
            try:
                _check_values(ent, fields, "", kinds)
            except Reject:   # again, with the record named in the message
                _check_values(ent, fields, f"{ent.label}记录 {short(change.record_id)}", kinds)
        except Reject as r:
            bad[change.change_id] = r
    return bad
