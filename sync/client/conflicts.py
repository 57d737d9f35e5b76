"""Conflicts and duplicate flags on the laptop: list them, resolve them. A resolution is written locally
and queued in the outbox like any edit, so it syncs (and the county sees it) on the next round."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.ids import new_id
from sync.versions import version

from . import local as L
from .local import LocalLedger, OnApplied, Txn


class ResolveError(ValueError):
    """Bad resolve request; the message is Chinese."""


@dataclass
class Conflict:
    """One field two laptops changed. The record is the same on every laptop: ``local_value`` is the value
    that lost (it reached the server second), ``server_value`` the one in use. Whose the losing value is
    differs per laptop: ``lost_here`` is True only on the laptop that submitted it. Elsewhere (the laptop
    whose value won, a township or county laptop) the losing value is another computer's and must never be
    called "this laptop's value".

    resolve_conflict(keep="local") writes the losing value (on the laptop that submitted it: its own value
    back; elsewhere: the other computer's value instead of the current one); keep="server" keeps the value in
    use. The resolution means the same on every laptop and on the server."""
    id: str
    entity: str
    record_id: str
    field: str
    local_value: object     # the value that lost (pushed after the other one)
    server_value: object    # the value that stayed on the server
    created_at: str
    resolved_at: str | None
    resolution: str | None
    lost_here: bool = False  # the losing value was submitted by this laptop

    @property
    def lost_value(self) -> object:
        return self.local_value

    @property
    def current_value(self) -> object:
        return self.server_value


@dataclass
class Duplicate:
    id: str
    id_number: str
    person_id: str
    other_person_id: str
    other_village_code: str
    other_name: str | None
    created_at: str
    resolved_at: str | None
    resolution: str | None


READ_ONLY_ROLES = ("township", "county")


def _refuse_read_only(led: LocalLedger, what: str) -> None:
    """A township or county account may not write: its decision would never reach the server (it is
    held back like any of its changes) and this laptop would differ from every other one."""
    account = json.loads(led.get_meta(L.ACCOUNT) or "null") or {}
    if account.get("role") in READ_ONLY_ROLES:
        who = "乡镇账号" if account["role"] == "township" else "县级账号"
        raise ResolveError(f"{who}只能查看，不能{what}：这个决定不会上传到县服务器。"
                           "请由本村的电脑（村级账号）处理。")


def _loads(text):
    return None if text is None else json.loads(text)


def list_conflicts(db: str | Path, *, open_only: bool = True) -> list[Conflict]:
    conn = L.connect(db)
    try:
        led = LocalLedger(conn)
        where = " WHERE resolved_at IS NULL" if open_only else ""
        rows = conn.execute("SELECT id, entity, record_id, field, local_value, server_value, created_at, "
                            f"resolved_at, resolution FROM conflict{where} ORDER BY created_at, id").fetchall()
        mine = led.lost_here(r[0] for r in rows)
        return [Conflict(r[0], r[1], r[2], r[3], _loads(r[4]), _loads(r[5]), *r[6:], lost_here=r[0] in mine)
                for r in rows]
    finally:
        conn.close()


def _enqueue(conn, entity: str, record_id: str, fields: dict, base: dict) -> None:
    conn.execute("INSERT INTO outbox (change_id, entity, record_id, fields, base, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (new_id(), entity, record_id, json.dumps(fields, ensure_ascii=False), json.dumps(base),
                  L.now_iso()))


def resolve_conflict(db: str | Path, conflict_id: str, keep: str, *, on_applied: OnApplied | None = None) -> None:
    """keep='local': the losing value (see Conflict: this laptop's own only where ``lost_here``) is written
    again as a normal edit on the current server version (so it applies); keep='server': the record stays
    as it is. Either way the conflict is marked resolved
    here and the resolution is queued for the server."""
    if keep not in ("local", "server"):
        raise ResolveError("处理方式应为 local（采用未被采用的那个值）或 server（保留县服务器上现在的值）")
    conn = L.connect(db)
    try:
        led = LocalLedger(conn)
        _refuse_read_only(led, "处理冲突")
        with Txn(conn):
            row = conn.execute("SELECT entity, record_id, field, local_value, resolved_at FROM conflict "
                               "WHERE id = ?", (conflict_id,)).fetchone()
            if row is None:
                raise ResolveError(f"找不到冲突记录 {conflict_id}")
            entity, record_id, field, local_value, resolved_at = row
            if resolved_at is not None:
                raise ResolveError("这条冲突已经处理过了")
            now = L.now_iso()
            ent = led.reg.get(entity)
            if keep == "local" and ent is not None and ent.column(field) is not None:
                versions = json.loads(conn.execute(f"SELECT server_versions FROM {entity} WHERE id = ?",
                                                   (record_id,)).fetchone()[0] or "{}")
                value = json.loads(local_value)
                conn.execute(f"UPDATE {entity} SET {field} = ?, updated_at = ? WHERE id = ?",
                             (value, now, record_id))
                _enqueue(conn, entity, record_id, {field: value}, {field: version(versions, field)})
            conn.execute("UPDATE conflict SET resolved_at = ?, resolution = ? WHERE id = ?",
                         (now, keep, conflict_id))
            _enqueue(conn, "conflict", conflict_id, {"resolved_at": now, "resolution": keep}, {})
            led.refresh_states(entity, [record_id])
            if on_applied is not None:
                on_applied(conn, entity, [record_id])
    finally:
        conn.close()


def list_duplicates(db: str | Path, *, open_only: bool = True) -> list[Duplicate]:
    conn = L.connect(db)
    try:
        LocalLedger(conn)
        where = " WHERE resolved_at IS NULL" if open_only else ""
        rows = conn.execute("SELECT id, id_number, person_id, other_person_id, other_village_code, other_name, "
                            f"created_at, resolved_at, resolution FROM duplicate{where} ORDER BY created_at, id")
        return [Duplicate(*r) for r in rows.fetchall()]
    finally:
        conn.close()


def resolve_duplicate(db: str | Path, duplicate_id: str, resolution: str) -> None:
    """Mark a duplicate flag handled: 'merged' (the villages merged the records by ordinary edits:
    one person soft-deleted, spells moved) or 'not_same'. A flag also clears itself on the server when
    the two persons no longer share a live ID number."""
    if resolution not in ("merged", "not_same"):
        raise ResolveError("处理结果应为“已合并”(merged) 或“不是同一人”(not_same)")
    conn = L.connect(db)
    try:
        _refuse_read_only(LocalLedger(conn), "处理重复身份证标记")
        with Txn(conn):
            row = conn.execute("SELECT resolved_at FROM duplicate WHERE id = ?", (duplicate_id,)).fetchone()
            if row is None:
                raise ResolveError(f"找不到重复标记 {duplicate_id}")
            now = L.now_iso()
            conn.execute("UPDATE duplicate SET resolved_at = ?, resolution = ? WHERE id = ?",
                         (now, resolution, duplicate_id))
            _enqueue(conn, "duplicate", duplicate_id, {"resolved_at": now, "resolution": resolution}, {})
    finally:
        conn.close()
