"""The one registry of what syncs: entity names, their parent link, their synced columns.

Record entities (household, person, employment, and any added later) take their columns from the local
schema itself (``PRAGMA table_info``), minus the local-only columns, so adding a column in a migration
file makes it sync without touching this module. Column order is the table's order; migrations only
append columns, so an older server row padded with nulls still lines up.

System entities (``conflict``, ``duplicate``) are created by the server and flow down in the same pull
pages; clients may only write their resolution fields.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "resources" / "sql"

#: columns every record table has that never go over the wire
LOCAL_ONLY = frozenset({"id", "sync_state", "server_versions", "search_text", "created_at", "updated_at"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str           # "TEXT" | "INTEGER" | "REAL"
    not_null: bool
    default: object     # Python value of the SQL default, None when there is none


@dataclass(frozen=True)
class Entity:
    name: str
    label: str                          # Chinese name for messages
    columns: tuple[Column, ...]
    parent: tuple[str, str] | None = None   # (parent entity, column holding the parent id)
    scope_column: str | None = None     # column that carries the village code itself (household)
    dup_column: str | None = None       # column whose equal live values are flagged as duplicates
    system: bool = False                # created by the server; clients write only `writable`
    writable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        object.__setattr__(self, "names", tuple(c.name for c in self.columns))
        object.__setattr__(self, "index", {c.name: i for i, c in enumerate(self.columns)})
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})
        object.__setattr__(self, "defaults", tuple((c.name, c.default) for c in self.columns))
        object.__setattr__(self, "required", tuple(c.name for c in self.columns
                                                   if c.not_null and c.default is None))

    def column(self, name: str) -> Column | None:
        return self._by_name.get(name)


# Record entities, parents before children (the order a full push or apply goes in).
_RECORDS: dict[str, dict] = {
    "household": dict(label="户", scope_column="village_code"),
    "person": dict(label="人员", parent=("household", "household_id"), dup_column="id_number"),
    "employment": dict(label="务工就业", parent=("person", "person_id")),
}

_LABELS = {"conflict": "冲突", "duplicate": "重复身份证号"}

# System entities: the columns of their local tables (resources/sql), fixed here because the server
# fills them. Clients write only the resolution columns.
CONFLICT_COLUMNS = ("entity", "record_id", "field", "local_value", "server_value", "created_at",
                    "resolved_at", "resolution")
DUPLICATE_COLUMNS = ("id_number", "person_id", "other_person_id", "other_village_code", "other_name",
                     "created_at", "resolved_at", "resolution")
RESOLUTION_COLUMNS = frozenset({"resolved_at", "resolution"})


def _sql_default(conn: sqlite3.Connection, text: str | None) -> object:
    if text is None:
        return None
    return conn.execute(f"SELECT {text}").fetchone()[0]  # noqa: S608 - a literal from our own schema


def columns_of(conn: sqlite3.Connection, table: str) -> tuple[Column, ...]:
    """The synced columns of a local table, in table order."""
    rows = conn.execute("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(?)",
                        (table,)).fetchall()
    return tuple(Column(name, (typ or "TEXT").upper(), bool(nn), _sql_default(conn, dflt))
                 for name, typ, nn, dflt in rows if name not in LOCAL_ONLY)


def schema_connection(sql_dir: Path = SQL_DIR) -> sqlite3.Connection:
    """An in-memory SQLite database built from the local schema files, in file order."""
    conn = sqlite3.connect(":memory:")
    for path in sorted(sql_dir.glob("*.sql")):
        conn.executescript(path.read_text(encoding="utf-8"))
    return conn


def _system(name: str, cols: tuple[str, ...]) -> Entity:
    return Entity(name=name, label=_LABELS[name], system=True, writable=RESOLUTION_COLUMNS,
                  columns=tuple(Column(c, "TEXT", False, None) for c in cols))


def build_registry(conn: sqlite3.Connection) -> dict[str, Entity]:
    reg: dict[str, Entity] = {}
    for name, opts in _RECORDS.items():
        cols = columns_of(conn, name)
        if not cols:
            continue
        reg[name] = Entity(name=name, columns=cols, writable=frozenset(c.name for c in cols), **opts)
    reg["conflict"] = _system("conflict", CONFLICT_COLUMNS)
    reg["duplicate"] = _system("duplicate", DUPLICATE_COLUMNS)
    return reg


@lru_cache(maxsize=1)
def registry() -> dict[str, Entity]:
    """The registry built from resources/sql (what the server and the wire use)."""
    conn = schema_connection()
    try:
        return build_registry(conn)
    finally:
        conn.close()


def record_entities() -> list[Entity]:
    return [e for e in registry().values() if not e.system]
