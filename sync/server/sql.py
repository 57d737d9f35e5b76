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
_PG_TYPES = ("text", "bigint", "bigint", "text", "integer", "text", "text", "text", "text", "text")


def bulk_update(conn: Connection, rows: list[tuple]) -> None:
    """Rewrite stored records: rows are (village_code, seq, prev_seq, origin, ncols, vals, vers, dup_key,
    entity, id). PostgreSQL: one statement over arrays (one round trip); SQLite: executemany."""
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        columns = list(zip(*rows))
        unnest = ", ".join(f"%s::{t}[]" for t in _PG_TYPES)
        names = ", ".join((*_UPDATE_COLS, "entity", "id"))
        sets = ", ".join(f"{c} = v.{c}" for c in _UPDATE_COLS)
        with raw.cursor() as cur:
            cur.execute(f"UPDATE records SET {sets} FROM unnest({unnest}) AS v({names}) "
                        f"WHERE records.entity = v.entity AND records.id = v.id", [list(c) for c in columns])
    else:
        sets = ", ".join(f"{c} = ?" for c in _UPDATE_COLS)
        raw.executemany(f"UPDATE records SET {sets} WHERE entity = ? AND id = ?", rows)
