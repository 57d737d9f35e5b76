"""Bulk statements through the database driver (the hot paths of a push)."""
from __future__ import annotations

from sqlalchemy import Connection, text

_CHUNK = 500

RECORD_COLS = ("entity", "id", "village_code", "seq", "prev_seq", "origin", "ncols", "vals", "vers", "dup_key")


def bulk_insert(conn: Connection, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
    """Many rows at once through the driver: COPY on PostgreSQL, executemany on SQLite. Same transaction
    as `conn`; table and column names are our own constants."""
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        raw.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)


def select_in(conn: Connection, table: str, column: str, keys: list) -> list:
    """Rows of `table` whose `column` is one of `keys`: one array parameter on PostgreSQL, chunked IN
    lists on SQLite. Table and column are our own constants."""
    if not keys:
        return []
    if conn.dialect.name == "postgresql":
        return conn.execute(text(f"SELECT * FROM {table} WHERE {column} = ANY(:keys)"), {"keys": keys}).all()
    rows = []
    for i in range(0, len(keys), _CHUNK):
        part = keys[i:i + _CHUNK]
        marks = ", ".join(f":k{j}" for j in range(len(part)))
        rows += conn.execute(text(f"SELECT * FROM {table} WHERE {column} IN ({marks})"),
                             {f"k{j}": k for j, k in enumerate(part)}).all()
    return rows


_UPDATE_COLS = ("village_code", "seq", "prev_seq", "origin", "ncols", "vals", "vers", "dup_key")


def write_records(conn: Connection, new: list[tuple], old: list[tuple]) -> None:
    """Store records (tuples in RECORD_COLS order): `new` ones are inserted, `old` ones (already stored)
    rewritten. PostgreSQL: the old rows are deleted by key in one statement and all rows go in by one
    COPY -- an UPDATE of 100 rows whose seq changes (every index touched) costs 2-3x that. SQLite:
    executemany INSERT and UPDATE."""
    if conn.dialect.name == "postgresql":
        if old:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:
                cur.execute("DELETE FROM records r USING unnest(%s::text[], %s::text[]) AS v(entity, id) "
                            "WHERE r.entity = v.entity AND r.id = v.id", [[r[0] for r in old], [r[1] for r in old]])
        if new or old:
            bulk_insert(conn, "records", RECORD_COLS, new + old)
        return
    if new:
        bulk_insert(conn, "records", RECORD_COLS, new)
    if old:
        sets = ", ".join(f"{c} = ?" for c in _UPDATE_COLS)
        conn.connection.driver_connection.executemany(
            f"UPDATE records SET {sets} WHERE entity = ? AND id = ?", [(*r[2:], r[0], r[1]) for r in old])
