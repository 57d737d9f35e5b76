"""The ledger: every local write and its outbox change in one SQLite transaction.

``Ledger`` is the only writer of record tables on the laptop (the sync engine applies pulled rows through
its own connection to the same file). A save compares the record with the stored row and records only
the changed fields, with the server version each field was based on, so the sync merge is field-level.
Deletes are soft (``deleted`` = 1) and cascade from a household to its members and their spells; the
returned ``Deletion`` is what undo restores.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils

from desktop.domain.ids import new_id
from desktop.domain.models import EmploymentSpell, Household, Person
from sync import versions as server_versions

from .codec import ENTITY_OF_TYPE, ENTITY_TYPES, record_to_row, row_to_record
from .database import open_database
from .errors import RecordNotFound
from .search_text import person_search_text

# Columns kept only on this laptop; never part of a change.
LOCAL_COLUMNS = frozenset({"created_at", "updated_at", "sync_state", "server_versions", "search_text"})


class SyncState:
    PENDING = "pending"
    SYNCED = "synced"
    ERROR = "error"
    CONFLICT = "conflict"


@dataclass
class Deletion:
    """What one delete touched, in order, so that undo restores exactly that."""
    items: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Ledger:
    def __init__(self, db: sqlite_utils.Database, path: Path | None = None):
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0

    @classmethod
    def open(cls, path: Path | str) -> "Ledger":
        # One connection shared by the background runner's tasks; the lock serialises them.
        return cls(open_database(path, check_same_thread=False), Path(path))

    def close(self) -> None:
        self.conn.close()

    # ----------------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested uses join the outer one."""
        with self._lock:
            if self._depth == 0:
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("COMMIT")

    # ----------------------------------------------------------------- meta
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction():
            self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    @property
    def device_id(self) -> str:
        value = self.meta("device_id")
        if value is None:
            value = new_id()
            self.set_meta("device_id", value)
        return value

    # ----------------------------------------------------------------- reads
    def get(self, cls: type, record_id: str, *, include_deleted: bool = False):
        entity = ENTITY_OF_TYPE[cls]
        row = self._row(entity, record_id)
        if row is None or (row["deleted"] and not include_deleted):
            raise RecordNotFound(entity, record_id)
        return row_to_record(cls, row)

    def household(self, household_id: str) -> Household:
        return self.get(Household, household_id)

    def person(self, person_id: str) -> Person:
        return self.get(Person, person_id)

    def members(self, household_id: str) -> list[Person]:
        return self._records(Person, "household_id = ? AND deleted = 0 ORDER BY "
                             "CASE relation WHEN '户主' THEN 0 WHEN '配偶' THEN 1 ELSE 2 END, birth_date",
                             (household_id,))

    def spells(self, person_id: str) -> list[EmploymentSpell]:
        return self._records(EmploymentSpell, "person_id = ? AND deleted = 0 ORDER BY start_date, id",
                             (person_id,))

    def spells_of_household(self, household_id: str) -> dict[str, list[EmploymentSpell]]:
        result: dict[str, list[EmploymentSpell]] = {}
        for spell in self._records(
                EmploymentSpell, "deleted = 0 AND person_id IN (SELECT id FROM person WHERE household_id = ?"
                " AND deleted = 0) ORDER BY start_date", (household_id,)):
            result.setdefault(spell.person_id, []).append(spell)
        return result

    def person_by_id_number(self, id_number: str) -> Person | None:
        found = self._records(Person, "id_number = ? AND deleted = 0 LIMIT 1", (id_number,))
        return found[0] if found else None

    def household_by_no(self, hh_no: str) -> Household | None:
        found = self._records(Household, "hh_no = ? AND deleted = 0 LIMIT 1", (hh_no,))
        return found[0] if found else None

    def id_taken(self, id_number: str, person_id: str | None) -> bool:
        """Another live person already holds ``id_number``."""
        row = self.conn.execute("SELECT 1 FROM person WHERE id_number = ? AND deleted = 0 AND id IS NOT ?"
                                " LIMIT 1", (id_number, person_id)).fetchone()
        return row is not None

    def sync_state(self, cls: type, record_id: str) -> str | None:
        row = self.conn.execute(f"SELECT sync_state FROM {ENTITY_OF_TYPE[cls]} WHERE id = ?",
                                (record_id,)).fetchone()
        return row[0] if row else None

    def count(self, cls: type) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {ENTITY_OF_TYPE[cls]} WHERE deleted = 0").fetchone()[0]

    def pending_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]

    # ----------------------------------------------------------------- writes
    def save(self, record) -> dict:
        """Insert or update ``record``; returns the changed fields ({} when nothing changed)."""
        entity = ENTITY_OF_TYPE[type(record)]
        with self.transaction():
            return self._save_row(entity, record_to_row(record))

    def save_all(self, records: Iterable) -> int:
        """Save many records in one transaction (import, demo); returns how many changed."""
        changed = 0
        with self.transaction():
            for record in records:
                if self._save_row(ENTITY_OF_TYPE[type(record)], record_to_row(record)):
                    changed += 1
        return changed

    def insert_new(self, records: Iterable) -> int:
        """Fast path for records known to be new (demo data, import into an empty ledger): batched
        inserts of rows and their outbox changes in one transaction."""
        now = _now()
        by_entity: dict[str, list[dict]] = {}
        changes: list[tuple] = []
        for record in records:
            entity = ENTITY_OF_TYPE[type(record)]
            row = record_to_row(record)
            changes.append((new_id(), entity, row["id"], _dump_fields(row), "{}", now))
            row.update(deleted=0, created_at=now, updated_at=now, sync_state=SyncState.PENDING)
            if entity == "person":
                row["search_text"] = person_search_text(row)
            by_entity.setdefault(entity, []).append(row)
        with self.transaction():
            for entity, rows in by_entity.items():
                columns = list(rows[0])
                sql = (f"INSERT INTO {entity} ({', '.join(columns)}) "
                       f"VALUES ({', '.join('?' * len(columns))})")
                self.conn.executemany(sql, ([row[c] for c in columns] for row in rows))
            self.conn.executemany("INSERT INTO outbox(change_id, entity, record_id, fields, base, created_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?)", changes)
        return len(changes)

    def delete(self, cls: type, record_id: str) -> Deletion:
        """Soft-delete a record and what hangs off it (household → members → their spells)."""
        deletion = Deletion()
        with self.transaction():
            for entity, child_id in self._cascade(ENTITY_OF_TYPE[cls], record_id):
                if self._set_deleted(entity, child_id, 1):
                    deletion.items.append((entity, child_id))
        return deletion

    def restore(self, deletion: Deletion) -> None:
        """Undo a delete: restore exactly the records it deleted."""
        with self.transaction():
            for entity, record_id in deletion.items:
                self._set_deleted(entity, record_id, 0)

    # ----------------------------------------------------------------- internals
    def _row(self, entity: str, record_id: str) -> dict | None:
        cursor = self.conn.execute(f"SELECT * FROM {entity} WHERE id = ?", (record_id,))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row))

    def _records(self, cls: type, where: str, params: tuple) -> list:
        entity = ENTITY_OF_TYPE[cls]
        cursor = self.conn.execute(f"SELECT * FROM {entity} WHERE {where}", params)
        names = [c[0] for c in cursor.description]
        return [row_to_record(cls, dict(zip(names, row))) for row in cursor]

    def _save_row(self, entity: str, row: dict) -> dict:
        existing = self._row(entity, row["id"])
        now = _now()
        if existing is None:
            changed = {k: v for k, v in row.items() if v is not None}
            insert = dict(row, deleted=0, created_at=now, updated_at=now, sync_state=SyncState.PENDING)
            if entity == "person":
                insert["search_text"] = person_search_text(insert)
            self.db[entity].insert(insert)
            self._record_change(entity, row["id"], changed, {})
            return changed
        changed = {k: v for k, v in row.items() if k != "id" and existing.get(k) != v}
        if not changed:
            return {}
        updates = dict(changed, updated_at=now, sync_state=SyncState.PENDING)
        if entity == "person":
            updates["search_text"] = person_search_text({**existing, **changed})
        self._update(entity, row["id"], updates)
        versions = server_versions.parse(existing["server_versions"])
        self._record_change(entity, row["id"], changed, server_versions.expand(versions, changed))
        return changed

    def _update(self, entity: str, record_id: str, updates: dict) -> None:
        assignments = ", ".join(f"{column} = ?" for column in updates)
        self.conn.execute(f"UPDATE {entity} SET {assignments} WHERE id = ?", (*updates.values(), record_id))

    def _record_change(self, entity: str, record_id: str, fields: dict, base: dict) -> None:
        # An edit is the user's fix for a change the server rejected: send that one again too.
        self.conn.execute("UPDATE outbox SET state = 'pending', error = NULL "
                          "WHERE entity = ? AND record_id = ? AND state = 'error'", (entity, record_id))
        self.conn.execute("INSERT INTO outbox(change_id, entity, record_id, fields, base, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          (new_id(), entity, record_id, _dump_fields(fields), json.dumps(base), _now()))

    def _set_deleted(self, entity: str, record_id: str, deleted: int) -> bool:
        row = self._row(entity, record_id)
        if row is None:
            raise RecordNotFound(entity, record_id)
        if row["deleted"] == deleted:
            return False
        return bool(self._save_row(entity, {"id": record_id, "deleted": deleted}))

    def _cascade(self, entity: str, record_id: str) -> list[tuple[str, str]]:
        items = [(entity, record_id)]
        if entity == "household":
            person_ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM person WHERE household_id = ? AND deleted = 0", (record_id,))]
            for person_id in person_ids:
                items += self._cascade("person", person_id)
        elif entity == "person":
            items += [("employment", r[0]) for r in self.conn.execute(
                "SELECT id FROM employment WHERE person_id = ? AND deleted = 0", (record_id,))]
        return items


def _dump_fields(fields: dict) -> str:
    # the record's id travels as the change's record_id, not as a field
    return json.dumps({k: v for k, v in fields.items() if k not in LOCAL_COLUMNS and k != "id"},
                      ensure_ascii=False)


__all__ = ["Ledger", "Deletion", "SyncState", "LOCAL_COLUMNS", "ENTITY_TYPES"]
