"""A stand-in for the store in sync tests: plain sqlite3 writes of a record and its outbox row in one
transaction, following the schema contract of resources/sql/0001_ledger.sql."""
from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain.ids import new_id
from sync.versions import version

SQL = Path(__file__).resolve().parents[2] / "resources" / "sql" / "0001_ledger.sql"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def make_ledger(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(SQL.read_text(encoding="utf-8"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    return path


def open_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _write(path: Path, entity: str, record_id: str, fields: dict, *, new: bool) -> str:
    """Write a local edit and its outbox row in one transaction (what the store does)."""
    conn = open_db(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        if new:
            cols = ["id", *fields, "created_at", "updated_at"]
            conn.execute(f"INSERT INTO {entity} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         (record_id, *fields.values(), now(), now()))
            base = {}
        else:
            versions = json.loads(conn.execute(f"SELECT server_versions FROM {entity} WHERE id = ?",
                                               (record_id,)).fetchone()[0])
            base = {f: version(versions, f) for f in fields}
            sets = ", ".join(f"{f} = ?" for f in fields)
            conn.execute(f"UPDATE {entity} SET {sets}, updated_at = ?, sync_state = 'pending' WHERE id = ?",
                         (*fields.values(), now(), record_id))
            # store rule: editing a record puts its rejected changes back in the queue
            conn.execute("UPDATE outbox SET state = 'pending', error = NULL WHERE entity = ? AND record_id = ? "
                         "AND state = 'error'", (entity, record_id))
        conn.execute("INSERT INTO outbox (change_id, entity, record_id, fields, base, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (new_id(), entity, record_id, json.dumps(fields, ensure_ascii=False), json.dumps(base), now()))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return record_id


def add_household(path: Path, village_code: str, **fields) -> str:
    rid = fields.pop("id", None) or new_id()
    data = {"village_code": village_code, "hh_type": "脱贫户", **fields}
    return _write(path, "household", rid, data, new=True)


def add_person(path: Path, household_id: str, name: str, id_number: str, **fields) -> str:
    data = {"household_id": household_id, "name": name, "id_number": id_number, "relation": "户主",
            "labour_skill": "普通劳动力", "id_type": "居民身份证", "health": "健康", "status": "正常", **fields}
    return _write(path, "person", new_id(), data, new=True)


def add_employment(path: Path, person_id: str, **fields) -> str:
    data = {"person_id": person_id, "form": "外出务工", "start_date": "2026-01-01", **fields}
    return _write(path, "employment", new_id(), data, new=True)


def edit(path: Path, entity: str, record_id: str, **fields) -> None:
    _write(path, entity, record_id, fields, new=False)


def row(path: Path, entity: str, record_id: str) -> dict | None:
    conn = open_db(path)
    try:
        r = conn.execute(f"SELECT * FROM {entity} WHERE id = ?", (record_id,)).fetchone()
        return dict(r) if r else None
    finally:
        conn.close()


def query(path: Path, sql: str, *args) -> list[dict]:
    conn = open_db(path)
    try:
        return [dict(r) for r in conn.execute(sql, args).fetchall()]
    finally:
        conn.close()
