"""The client side of the schema contract: outbox, record sync metadata, conflicts, duplicates, meta.

Works on the ledger's SQLite file directly (resources/sql/0001_ledger.sql); every method that writes runs
inside the caller's transaction, so an applied page and its cursor commit together.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter

from sync.entities import Entity, build_registry
from sync.record_ids import conflict_id
from sync.versions import all_at, version

OnApplied = Callable[[sqlite3.Connection, str, list[str]], None]


@dataclass(frozen=True)
class DerivedColumn:
    """A local-only column computed from synced ones (the store's search key of a person). Pulled rows
    are written with it in the same INSERT: a second pass (an UPDATE of every pulled row, which fires
    the table's triggers again) costs as much as the insert itself on an initial pull."""
    column: str
    inputs: tuple[str, ...]
    compute: Callable[..., object]      # compute(*values of inputs) -> the column's value


Derived = Mapping[str, DerivedColumn]   # entity -> its derived column

# meta keys
DEVICE_ID = "device_id"
DEVICE_HOME = "device_home"     # where the ledger file was when DEVICE_ID was made (engine._ledger_home)
CURSOR = "sync_cursor"
MAX_ACKED = "max_acked_seq"     # highest seq the server acknowledged to us (may be above the cursor)
SERVER_URL = "server_url"
ACCOUNT = "account"
SERVER_INSTANCE = "server_instance"
LAST_SYNC = "last_sync"
LAST_ERROR = "last_sync_error"

DUPLICATE_DDL = """
CREATE TABLE IF NOT EXISTS duplicate (
    id                 TEXT PRIMARY KEY,
    id_number          TEXT,
    person_id          TEXT,
    other_person_id    TEXT,
    other_village_code TEXT,
    other_name         TEXT,
    created_at         TEXT,
    resolved_at        TEXT,
    resolution         TEXT
);
CREATE INDEX IF NOT EXISTS duplicate_person ON duplicate(person_id);
-- conflicts whose losing value was pushed from this laptop (the ack named the lost fields): on every
-- other laptop the losing value is another laptop's, and the conflict screen must say so
CREATE TABLE IF NOT EXISTS conflict_lost_here (id TEXT PRIMARY KEY);
"""

_CHUNK = 500


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path, *, durable: bool = True) -> sqlite3.Connection:
    """A connection for the sync engine: explicit transactions, waits for the app's writes. Only the
    engine's round uses durable=False (see below); user actions (resolutions) keep fsync per commit."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=30000")
    # No fsync per commit on this connection (WAL): a commit lost to a power cut only undoes a pulled page
    # with its cursor (pulled again) or an applied ack (the change is sent again and the server answers
    # it from its record of applied changes); the database itself stays intact.
    if not durable:
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-32768")
    return conn


class Txn:
    """`with Txn(conn):` BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, *_):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _chunks(items: list, n: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def refresh_derived(conn: sqlite3.Connection, entity: str, der: DerivedColumn, ids: Iterable[str]) -> None:
    """Recompute a derived column from the stored rows (after a merge kept some local values, or a
    conflict resolution wrote one), inside the caller's transaction."""
    for part in _chunks(list(ids), 5000):
        rows = conn.execute(f"SELECT id, {', '.join(der.inputs)} FROM {entity} WHERE id IN "
                            "(SELECT value FROM json_each(?))", (json.dumps(part),)).fetchall()
        # one UPDATE ... FROM json_each per chunk: the same rows and triggers as an UPDATE per record, in
        # a third of the time
        values = [[der.compute(*row[1:]), row[0]] for row in rows]
        if values:
            conn.execute(f"UPDATE {entity} SET {der.column} = json_extract(j.value, '$[0]') "
                         f"FROM json_each(?) AS j WHERE {entity}.id = json_extract(j.value, '$[1]')",
                         (json.dumps(values, ensure_ascii=False),))


class LocalLedger:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.executescript(DUPLICATE_DDL)
        self.reg: dict[str, Entity] = build_registry(conn)
        self.tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        self._columns: dict[str, frozenset[str]] = {}
        self.requeued = 0       # refused changes sent again by the last apply_outcome (their parent was accepted)

    # --- meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None or row[0] is None else row[0]

    def set_meta(self, key: str, value: str | None) -> None:
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                          "value = excluded.value", (key, value))

    @property
    def cursor(self) -> int:
        return int(self.get_meta(CURSOR, "0"))

    # --- outbox -----------------------------------------------------------------------------------
    def pending(self, limit: int, after_seq: int) -> list[dict]:
        rows = self.conn.execute(
            "SELECT seq, change_id, entity, record_id, fields, base FROM outbox "
            "WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?", (after_seq, limit)).fetchall()
        out = []
        for seq, change_id, entity, record_id, fields, base in rows:
            base_d = {k: v for k, v in json.loads(base or "{}").items() if isinstance(v, int) and v > 0}
            # the store (desktop/store/ledger.py) puts the record's "id" among a new record's fields;
            # it travels as record_id, and the server refuses "id" as a field
            fields_d = {k: v for k, v in json.loads(fields).items() if k != "id"}
            out.append({"seq": seq, "change_id": change_id, "entity": entity, "record_id": record_id,
                        "fields": fields_d, "base": base_d})
        return out

    def apply_outcome(self, sent: list[dict], acks: list[dict], rejected: list[dict]) -> set[tuple[str, str]]:
        """Acked changes leave the outbox and their fields take the ack's seq as version; later local
        changes of the same record are rebased on it. Rejected ones stay, state 'error' + reason."""
        by_id = {c["change_id"]: c for c in sent}
        touched: set[tuple[str, str]] = set()
        applied: dict[tuple[str, str], dict[str, int]] = {}     # record -> field -> seq
        done = []
        lost_here: list[tuple[str]] = []
        for ack in acks:
            change = by_id.get(ack["change_id"])
            if change is None:
                continue
            done.append((ack["change_id"],))
            key = (change["entity"], change["record_id"])
            touched.add(key)
            lost = set(ack.get("conflicts") or ())
            lost_here.extend((conflict_id(ack["change_id"], f),) for f in lost)
            fields = applied.setdefault(key, {})
            for f in change["fields"]:
                if f not in lost:
                    fields[f] = max(ack["seq"], fields.get(f, 0))
        self.conn.executemany("DELETE FROM outbox WHERE change_id = ?", done)
        top_ack = max((a["seq"] for a in acks if a["change_id"] in by_id), default=0)
        if top_ack > int(self.get_meta(MAX_ACKED, "0")):
            self.set_meta(MAX_ACKED, str(top_ack))
        self.requeued = self._requeue_children(applied)
        self.conn.executemany("INSERT OR IGNORE INTO conflict_lost_here (id) VALUES (?)", lost_here)
        self._set_versions(applied)
        self._rebase(applied)
        self.conn.executemany("UPDATE outbox SET state = 'error', error = ? WHERE change_id = ?",
                              [(r["reason"], r["change_id"]) for r in rejected if r["change_id"] in by_id])
        touched.update((by_id[r["change_id"]]["entity"], by_id[r["change_id"]]["record_id"])
                       for r in rejected if r["change_id"] in by_id)
        return touched

    def _requeue_children(self, acked: Iterable[tuple[str, str]]) -> int:
        """Refused changes of records whose parent the server has just accepted go out again: a person
        refused because its household was refused (its village was wrong) is sent once the household is
        fixed, without the assistant having to touch the person."""
        if not acked or self.conn.execute("SELECT 1 FROM outbox WHERE state = 'error' LIMIT 1").fetchone() is None:
            return 0                  # the usual case, and a first push of thousands of records
        by_entity: dict[str, list[str]] = {}
        for entity, rid in acked:
            by_entity.setdefault(entity, []).append(rid)
        count = 0
        for child in self.reg.values():
            if child.parent is None or child.parent[0] not in by_entity or child.name not in self.tables:
                continue
            parent_column = child.parent[1]
            count += self.conn.execute(
                f"UPDATE outbox SET state = 'pending', error = NULL WHERE state = 'error' AND entity = ? AND "
                f"record_id IN (SELECT id FROM {child.name} WHERE {parent_column} IN "
                f"(SELECT value FROM json_each(?)))", (child.name, json.dumps(by_entity[child.parent[0]]))).rowcount
        return count

    def _set_versions(self, applied: dict[tuple[str, str], dict[str, int]]) -> None:
        by_entity: dict[str, list[str]] = {}
        for entity, rid in applied:
            ent = self.reg.get(entity)
            if ent is not None and not ent.system and entity in self.tables:
                by_entity.setdefault(entity, []).append(rid)
        for entity, rids in by_entity.items():
            rows = []
            for part in _chunks(rids, 900):
                rows += self.conn.execute(f"SELECT id, server_versions FROM {entity} WHERE id IN "
                                          f"({', '.join('?' * len(part))})", part).fetchall()
            updates = []
            for rid, text in rows:
                acked = applied[(entity, rid)]
                if not text or text == "{}":          # a record the server has just created
                    updates.append((json.dumps(acked), rid))
                    continue
                versions = json.loads(text)
                for f, seq in acked.items():
                    versions[f] = max(seq, version(versions, f))
                updates.append((json.dumps(versions), rid))
            self.conn.executemany(f"UPDATE {entity} SET server_versions = ? WHERE id = ?", updates)

    def _rebase(self, applied: dict[tuple[str, str], dict[str, int]]) -> None:
        """Outbox rows still waiting for an acked record were made on top of the acked values."""
        rids = sorted({rid for _, rid in applied})
        rows = []
        for part in _chunks(rids, 900):
            rows += self.conn.execute("SELECT seq, entity, record_id, fields, base FROM outbox WHERE record_id IN "
                                      f"({', '.join('?' * len(part))})", part).fetchall()
        updates = []
        for oseq, entity, rid, fields, base in rows:
            acked = applied.get((entity, rid))
            if not acked:
                continue
            later, b = json.loads(fields), json.loads(base or "{}")
            for f, seq in acked.items():
                if f in later:
                    b[f] = max(seq, b.get(f) or 0)
            updates.append((json.dumps(b), oseq))
        self.conn.executemany("UPDATE outbox SET base = ? WHERE seq = ?", updates)

    def lost_here(self, conflict_ids: Iterable[str]) -> set[str]:
        """Those of these conflicts whose losing value this laptop pushed."""
        ids = list(conflict_ids)
        return {cid for part in _chunks(ids, 5000) for (cid,) in self.conn.execute(
            "SELECT id FROM conflict_lost_here WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(part),))}

    def local_fields(self, entity: str) -> dict[str, set[str]]:
        """record id -> fields with a local change not yet acknowledged (pending or error)."""
        out: dict[str, set[str]] = {}
        for rid, fields in self.conn.execute("SELECT record_id, fields FROM outbox WHERE entity = ?", (entity,)):
            out.setdefault(rid, set()).update(json.loads(fields))
        return out

    # --- pull -------------------------------------------------------------------------------------
    def apply_page(self, pull: dict, cursor: int, on_applied: OnApplied | None,
                   derived: Derived | None = None) -> dict[str, int]:
        """Write one pull page (inside the caller's transaction); returns records applied per entity.
        Rows are ``[k, id, dseq, values...]``; seqs are rebuilt from the request cursor. Derived columns
        are computed for every written row before `on_applied` runs."""
        names, columns = pull.get("entities") or [], pull.get("columns") or {}
        by_entity: dict[int, list[list]] = {}
        seq = cursor
        for row in pull.get("rows") or ():
            seq += row[2]
            row[2] = seq
            by_entity.setdefault(row[0], []).append(row)
        order = {name: i for i, name in enumerate(self.reg)}     # records before conflicts/duplicates
        applied: dict[str, int] = {}
        affected: dict[str, set[str]] = {}
        for k in sorted(by_entity, key=lambda k: order.get(names[k], len(order))):
            entity, rows = names[k], by_entity[k]
            ent = self.reg.get(entity)
            if ent is None or entity not in self.tables:
                continue                       # an entity this client does not know yet: skip it
            cols = columns[entity]
            der = (derived or {}).get(entity)
            if der is not None and der.column not in self.columns(entity):
                der = None
            ids = (self._apply_system(ent, cols, rows) if ent.system
                   else self._apply_records(ent, cols, rows, der))
            applied[entity] = len(ids)
            if entity == "conflict":
                ci, ri = cols.index("entity") + 3, cols.index("record_id") + 3
                for row in rows:
                    affected.setdefault(row[ci], set()).add(row[ri])
            if on_applied is not None and ids:
                on_applied(self.conn, entity, ids)
        for entity, rids in affected.items():
            self.refresh_states(entity, list(rids))
        return applied

    def columns(self, table: str) -> frozenset[str]:
        cached = self._columns.get(table)
        if cached is None:
            cached = self._columns[table] = frozenset(r[1] for r in self.conn.execute(
                f"PRAGMA table_info({table})"))
        return cached

    def refresh_derived(self, entity: str, der: DerivedColumn, ids: list[str]) -> None:
        refresh_derived(self.conn, entity, der, ids)

    def _apply_records(self, ent: Entity, cols: list[str], rows: list[list],
                       der: DerivedColumn | None = None) -> list[str]:
        local = {c.name: c for c in ent.columns}
        keep = [i + 3 for i, c in enumerate(cols) if c in local]
        names = [c for c in cols if c in local]
        if der is not None and not set(der.inputs) <= set(names):
            der_later, der = der, None          # an input not pulled: compute from the stored rows
        else:
            der_later = None
        defaults = [(j, local[names[j]].default) for j in range(len(names))
                    if local[names[j]].not_null and local[names[j]].default is not None]
        pending = self.local_fields(ent.name)
        conflicted = {rid for (rid,) in self.conn.execute(
            "SELECT record_id FROM conflict WHERE entity = ? AND resolved_at IS NULL", (ent.name,))}
        ids = [row[1] for row in rows]
        now = now_iso()
        fast, slow = [], []
        pick = itemgetter(*keep)
        if not pending and not conflicted and len(keep) > 1:
            # the usual case (an initial pull): no local change in flight, no open conflict; one list
            # comprehension of ready tuples, the NOT NULL defaults filled in the rows beforehand
            if defaults:
                fill = [(keep[j], default) for j, default in defaults]
                for row in rows:
                    for i, default in fill:
                        if row[i] is None:
                            row[i] = default
            if der is not None:
                at = [keep[names.index(n)] for n in der.inputs]
                compute = der.compute
                fast = [(row[1], *pick(row), compute(*[row[i] for i in at]), "synced", all_at(row[2]), now, now)
                        for row in rows]
            else:
                fast = [(row[1], *pick(row), "synced", all_at(row[2]), now, now) for row in rows]
            rows = ()
        for row in rows:
            rid = row[1]
            values = pick(row)
            if len(keep) == 1:
                values = (values,)
            if defaults and None in values:
                values = list(values)
                for j, default in defaults:
                    if values[j] is None:
                        values[j] = default
            if pending and rid in pending:
                slow.append((rid, row[2], list(values)))
                continue
            extra = (der.compute(*[values[names.index(n)] for n in der.inputs]),) if der is not None else ()
            fast.append((rid, *values, *extra, "conflict" if conflicted and rid in conflicted else "synced",
                         all_at(row[2]), now, now))
        if fast:
            written = names + [der.column] if der is not None else names
            updates = ", ".join(f"{c} = excluded.{c}" for c in written)
            self.conn.executemany(
                f"INSERT INTO {ent.name} (id, {', '.join(written)}, sync_state, server_versions, created_at, "
                f"updated_at) VALUES ({', '.join('?' * (len(written) + 5))}) ON CONFLICT(id) DO UPDATE SET "
                f"{updates}, sync_state = excluded.sync_state, server_versions = excluded.server_versions, "
                f"updated_at = excluded.updated_at", fast)
        for rid, seq, values in slow:
            self._merge_row(ent, rid, seq, names, values, pending[rid], now)
        if slow:
            self.refresh_states(ent.name, [rid for rid, _, _ in slow])
        later = der_later or der
        if later is not None:
            redo = ids if der_later is not None else [rid for rid, _, _ in slow]
            if redo:
                self.refresh_derived(ent.name, later, redo)
        return ids

    def _merge_row(self, ent: Entity, rid: str, seq: int, names: list[str], values: list, mine: set[str],
                   now: str) -> None:
        """A record with local changes in flight: those fields keep the local value and their old version
        (so the server sees the conflict); the others take the server's."""
        row = self.conn.execute(f"SELECT server_versions FROM {ent.name} WHERE id = ?", (rid,)).fetchone()
        if row is None:
            mine = set()
        versions = json.loads(row[0]) if row else {}
        sets = [(n, v) for n, v in zip(names, values) if n not in mine]
        for n, _ in sets:
            versions[n] = seq
        if row is None:
            cols = ", ".join(names)
            self.conn.execute(
                f"INSERT INTO {ent.name} (id, {cols}, server_versions, created_at, updated_at) "
                f"VALUES ({', '.join('?' * (len(names) + 4))})",
                (rid, *values, json.dumps(versions), now, now))
            return
        assign = ", ".join(f"{n} = ?" for n, _ in sets)
        self.conn.execute(f"UPDATE {ent.name} SET {assign + ', ' if assign else ''}server_versions = ?, "
                          f"updated_at = ? WHERE id = ?", (*[v for _, v in sets], json.dumps(versions), now, rid))

    def _apply_system(self, ent: Entity, cols: list[str], rows: list[list]) -> list[str]:
        keep = [i + 3 for i, c in enumerate(cols) if ent.column(c) is not None]
        names = [c for c in cols if ent.column(c) is not None]
        pending = self.local_fields(ent.name)
        out, ids = [], []
        for row in rows:
            rid = row[1]
            ids.append(rid)
            values = [row[i] for i in keep]
            if rid in pending and self.conn.execute(f"SELECT 1 FROM {ent.name} WHERE id = ?", (rid,)).fetchone():
                # our own resolution is not acknowledged yet: keep it, take the rest
                sets = [(n, v) for n, v in zip(names, values) if n not in pending[rid]]
                self.conn.execute(f"UPDATE {ent.name} SET {', '.join(f'{n} = ?' for n, _ in sets)} "
                                  f"WHERE id = ?", (*[v for _, v in sets], rid))
                continue
            out.append((rid, *values))
        if out:
            updates = ", ".join(f"{c} = excluded.{c}" for c in names)
            self.conn.executemany(
                f"INSERT INTO {ent.name} (id, {', '.join(names)}) VALUES ({', '.join('?' * (len(names) + 1))}) "
                f"ON CONFLICT(id) DO UPDATE SET {updates}", out)
        return ids

    # --- states -----------------------------------------------------------------------------------
    def refresh_states(self, entity: str, ids: list[str]) -> None:
        """sync_state from the facts: error > conflict > pending > synced."""
        ent = self.reg.get(entity)
        if ent is None or ent.system or entity not in self.tables:
            return
        for part in _chunks(ids):
            marks = ", ".join("?" * len(part))
            self.conn.execute(
                f"UPDATE {entity} SET sync_state = CASE "
                f"WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.entity = ? AND o.record_id = {entity}.id "
                f"AND o.state = 'error') THEN 'error' "
                f"WHEN EXISTS (SELECT 1 FROM conflict c WHERE c.entity = ? AND c.record_id = {entity}.id "
                f"AND c.resolved_at IS NULL) THEN 'conflict' "
                f"WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.entity = ? AND o.record_id = {entity}.id) "
                f"THEN 'pending' ELSE 'synced' END WHERE id IN ({marks})", (entity, entity, entity, *part))

    def refresh_touched(self, touched: set[tuple[str, str]]) -> None:
        by_entity: dict[str, list[str]] = {}
        for entity, rid in touched:
            by_entity.setdefault(entity, []).append(rid)
        for entity, rids in by_entity.items():
            self.refresh_states(entity, rids)

    # --- counts -----------------------------------------------------------------------------------
    def counts(self, entities: Iterable[str]) -> dict[str, int]:
        """Records known to the server, per entity (tombstones included, local-only creations not)."""
        out = {}
        for name in entities:
            ent = self.reg.get(name)
            if ent is None or name not in self.tables:
                continue
            where = "" if ent.system else " WHERE server_versions != '{}'"
            out[name] = self.conn.execute(f"SELECT count(*) FROM {name}{where}").fetchone()[0]
        return out

    def holds_synced_records(self) -> bool:
        """Whether any record here came from or went to the server."""
        for name, ent in self.reg.items():
            if not ent.system and name in self.tables and self.conn.execute(
                    f"SELECT 1 FROM {name} WHERE server_versions != '{{}}' LIMIT 1").fetchone():
                return True
        return False

    def pending_count(self) -> tuple[int, int]:
        row = self.conn.execute("SELECT sum(state = 'pending'), sum(state = 'error') FROM outbox").fetchone()
        return int(row[0] or 0), int(row[1] or 0)
