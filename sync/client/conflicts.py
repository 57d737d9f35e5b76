"""Conflicts and duplicate flags on the laptop: list them, resolve them. A resolution is written locally
and queued in the outbox like any edit, so it syncs (and the county sees it) on the next round."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.ids import new_id

from . import local as L
from .local import LocalLedger, OnApplied, Txn


class ResolveError(ValueError):
    """Bad resolve request; the message is Chinese."""


@dataclass
class Conflict:
    id: str
    entity: str
    record_id: str
    field: str
    local_value: object     # the value that lost (pushed after the other one)
    server_value: object    # the value that stayed on the server
    created_at: str
    resolved_at: str | None
    resolution: str | None


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


def _loads(text):
    return None if text is None else json.loads(text)


def list_conflicts(db: str | Path, *, open_only: bool = True) -> list[Conflict]:
    conn = L.connect(db)
    try:
        where = " WHERE resolved_at IS NULL" if open_only else ""
        rows = conn.execute("SELECT id, entity, record_id, field, local_value, server_value, created_at, "
                            f"resolved_at, resolution FROM conflict{where} ORDER BY created_at, id").fetchall()
        return [Conflict(r[0], r[1], r[2], r[3], _loads(r[4]), _loads(r[5]), *r[6:]) for r in rows]
    finally:
        conn.close()


def _enqueue(conn, entity: str, record_id: str, fields: dict, base: dict) -> None:
    conn.execute("INSERT INTO outbox (change_id, entity, record_id, fields, base, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (new_id(), entity, record_id, json.dumps(fields, ensure_ascii=False), json.dumps(base),
                  L.now_iso()))


def resolve_conflict(db: str | Path, conflict_id: str, keep: str, *, on_applied: OnApplied | None = None) -> None:
    """keep='local': the losing value is written again as a normal edit on the current server version
    (so it applies); keep='server': the record stays as it is. Either way the conflict is marked resolved
    here and the resolution is queued for the server."""
    if keep not in ("local", "server"):
        raise ResolveError("处理方式应为“保留本机值”(local) 或“保留服务器值”(server)")
    conn = L.connect(db)
    try:
        led = LocalLedger(conn)
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
                _enqueue(conn, entity, record_id, {field: value}, {field: versions.get(field, 0)})
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
        LocalLedger(conn)
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
