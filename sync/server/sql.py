"""Bulk statements through the database driver (the hot paths of a push)."""
from __future__ import annotations

from sqlalchemy import Connection, text

from .wire import encode_str

_CHUNK = 500

# `column = ANY(...)` over a list of text keys sent as one JSON text: psycopg dumps a Python list into a
# PostgreSQL array element by element in Python (about 0.15 s of the 200-laptop burst for the keys of its
# lookups); msgspec writes the JSON in C and PostgreSQL unpacks it. The planner still probes the index.
ANY_JSON = "ANY(ARRAY(SELECT json_array_elements_text(%s::json)))"


def json_keys(keys: list[str]) -> str:
    """The parameter of ANY_JSON."""
    return encode_str(keys)

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


def pipeline(conn: Connection, statements: list[tuple[str, tuple | None]]) -> list[list]:
    """PostgreSQL: several statements sent at once and answered in one round trip (psycopg pipeline
    mode), in the transaction of `conn`; the rows of each (named tuples; [] for statements without)."""
    from psycopg.rows import namedtuple_row
    raw = conn.connection.driver_connection
    cursors = []
    with raw.pipeline():
        for sql, params in statements:
            cur = raw.cursor(row_factory=namedtuple_row)
            cur.execute(sql, params)
            cursors.append(cur)
    out = []
    for cur in cursors:
        out.append(cur.fetchall() if cur.description is not None else [])
        cur.close()
    return out


def select_in(conn: Connection, table: str, column: str, keys: list) -> list:
    """Rows of `table` whose `column` is one of `keys`: one array parameter on PostgreSQL, chunked IN
    lists on SQLite. Table and column are our own constants."""
    if not keys:
        return []
    if conn.dialect.name == "postgresql":
        return conn.execute(text(f"SELECT * FROM {table} WHERE {column} = "
                                 "ANY(ARRAY(SELECT json_array_elements_text(CAST(:keys AS json))))"),
                            {"keys": json_keys(keys)}).all()
    rows = []
    for i in range(0, len(keys), _CHUNK):
        part = keys[i:i + _CHUNK]
        marks = ", ".join(f":k{j}" for j in range(len(part)))
        rows += conn.execute(text(f"SELECT * FROM {table} WHERE {column} IN ({marks})"),
                             {f"k{j}": k for j, k in enumerate(part)}).all()
    return rows


_UPDATE_COLS = ("village_code", "seq", "prev_seq", "origin", "ncols", "vals", "vers", "dup_key")


_DELETE_PG = ("DELETE FROM records r USING unnest(%s::text[], %s::text[]) AS v(entity, id) "
              "WHERE r.entity = v.entity AND r.id = v.id")
_COUNTS_PG = ("INSERT INTO record_counts (village_code, entity, n) SELECT * FROM unnest(%s::text[], %s::text[], "
              "%s::bigint[]) ON CONFLICT (village_code, entity) DO UPDATE SET n = record_counts.n + excluded.n")


def write_records(conn: Connection, new: list[tuple], old: list[tuple], seq: int,
                  counts: dict[tuple[str, str], int]) -> None:
    """Store records (tuples in RECORD_COLS order): `new` ones are inserted, `old` ones (already stored)
    rewritten; the seq counter set to `seq`; (village, entity) -> number of new records added to
    record_counts. PostgreSQL: the old rows' deletion by key, the counter and the counts go in one round
    trip (pipeline), then all rows by one COPY -- an UPDATE of 100 rows whose seq changes (every index
    touched) costs 2-3x a DELETE + COPY. SQLite: executemany INSERT and UPDATE."""
    if conn.dialect.name == "postgresql":
        statements = [("UPDATE counter SET value = %s WHERE name = 'seq'", (seq,))]
        if old:
            statements.append((_DELETE_PG, ([r[0] for r in old], [r[1] for r in old])))
        if counts:
            keys = sorted(counts)
            statements.append((_COUNTS_PG, ([v for v, _ in keys], [e for _, e in keys], [counts[k] for k in keys])))
        pipeline(conn, statements)
        if new or old:
            bulk_insert(conn, "records", RECORD_COLS, new + old)
        return
    if new:
        bulk_insert(conn, "records", RECORD_COLS, new)
    if old:
        sets = ", ".join(f"{c} = ?" for c in _UPDATE_COLS)
        conn.connection.driver_connection.executemany(
            f"UPDATE records SET {sets} WHERE entity = ? AND id = ?", [(*r[2:], r[0], r[1]) for r in old])
    if counts:
        keys = sorted(counts)
        conn.connection.driver_connection.executemany(
            "INSERT INTO record_counts (village_code, entity, n) VALUES (?, ?, ?) ON CONFLICT (village_code, "
            "entity) DO UPDATE SET n = record_counts.n + excluded.n", [(v, e, counts[(v, e)]) for v, e in keys])
    conn.connection.driver_connection.execute("UPDATE counter SET value = ? WHERE name = 'seq'", (seq,))
