"""Building a pull page: records in scope with seq > cursor, oldest first.

Wire shape (protocol 1): ``{"columns": {entity: [synced columns]}, "entities": [names], "rows": [[k, id,
dseq, v1, v2, ...], ...]}`` -- one stream in seq order (a person right after its household, so gzip
finds the repeated ids), ``k`` indexes ``entities``, ``dseq`` is the seq minus the previous row's (the
first row's minus the request cursor). Values are stored as JSON arrays in column order, so the database
itself splices each row and joins the page: Python handles one string per page, not one object per row.
"""
from __future__ import annotations

import json

from sqlalchemy import Connection, func, select, text

from sync.entities import registry
from sync.scope import Role, Scope

from .db import counter, record_counts


def _scope_sql(kind: str, dialect: str = "postgresql") -> str:
    """The scope condition. A village: the (village_code, seq) index hands its rows over in seq order. A
    township: that index finds its rows, which are then sorted. The whole county (what a county account
    reads, nearly every row): the page must come from the seq index in order, reading stopping at the
    page's end; through the (village_code, seq) index every page would read and sort all the rows left
    in the county (quadratic in its size: a first pull of 100,000 persons took 3.6 s on the server
    alone). PostgreSQL's planner gets there from fresh statistics (the writer runs ANALYZE after bulk
    writes); SQLite's is told, the unary + hiding the column from its indexes."""
    if kind == "village":
        return "village_code = :lo"
    if kind == "county" and dialect == "sqlite":
        return "+village_code BETWEEN :lo AND :hi"
    return "village_code BETWEEN :lo AND :hi"


def _page_sql(kind: str, echo: bool) -> str:
    """SQLite: the page's rows, each already spliced into its JSON text, in seq order. They are joined in
    Python: SQLite before 3.44 cannot order inside group_concat, and the seq differences of the pieces
    are only right in seq order."""
    names = list(registry())
    case = " ".join(f"WHEN '{n}' THEN '{i}'" for i, n in enumerate(names))   # names from our registry
    scope = _scope_sql(kind, "sqlite")
    own = "" if echo else " AND (origin <> :client OR prev_seq > :cursor)"
    return (
        f"SELECT seq, '[' || CASE entity {case} END || ',\"' || id || '\",' ||"
        f" (seq - lag(seq, 1, :cursor) OVER (ORDER BY seq)) || ',' || substr(vals, 2) AS piece"
        f" FROM (SELECT entity, id, seq, vals FROM records WHERE {scope} AND seq > :cursor{own}"
        f"  ORDER BY seq LIMIT :limit) page ORDER BY seq")


def _pg_sql(kind: str, echo: bool) -> str:
    """PostgreSQL: the whole answer in one statement (one snapshot, one round trip): the counter, the
    page (one row past the limit tells whether more follow) and the per-entity counts."""
    names = list(registry())
    case = " ".join(f"WHEN '{n}' THEN '{i}'" for i, n in enumerate(names))   # names from our registry
    scope = _scope_sql(kind)
    own = "" if echo else " AND (origin <> :client OR prev_seq > :cursor)"
    return (
        "SELECT (SELECT value FROM counter WHERE name = 'seq'), count(*),"
        " count(*) FILTER (WHERE rn <= :limit), max(seq) FILTER (WHERE rn <= :limit),"
        " string_agg(piece, ',' ORDER BY seq) FILTER (WHERE rn <= :limit),"
        " (SELECT json_object_agg(entity, n) FROM (SELECT entity, sum(n) AS n FROM record_counts"
        "   WHERE village_code BETWEEN :lo AND :hi GROUP BY entity) c)"
        " FROM ("
        " SELECT seq, row_number() OVER (ORDER BY seq) AS rn,"
        f" '[' || CASE entity {case} END || ',\"' || id || '\",' ||"
        f" (seq - lag(seq, 1, :cursor) OVER (ORDER BY seq)) || ',' || substr(vals, 2) AS piece"
        f" FROM (SELECT entity, id, seq, vals FROM records WHERE {scope} AND seq > :cursor{own}"
        f"  ORDER BY seq LIMIT :fetch) page) pieces")


def _more_sql(kind: str, echo: bool) -> str:
    scope = _scope_sql(kind, "sqlite")
    own = "" if echo else " AND (origin <> :client OR prev_seq > :cursor)"
    return f"SELECT 1 FROM records WHERE {scope} AND seq > :last{own} LIMIT 1"


def columns_json() -> str:
    reg = registry()
    return json.dumps({n: list(e.names) for n, e in reg.items()}, separators=(",", ":"))


def pull_page(conn: Connection, scope: Scope, client_id: str, cursor: int, limit: int,
              echo: bool = False) -> tuple[str, int, bool, str]:
    """(JSON of the `pull` object, next cursor, more, JSON of `counts` or "null")."""
    lo, hi = scope.code_range()
    kind = _kind(scope, lo, hi)
    if conn.dialect.name == "postgresql":
        return _pull_page_pg(conn, lo, hi, _kind(scope, lo, hi), client_id, cursor, limit, echo)
    top = conn.execute(select(counter.c.value).where(counter.c.name == "seq")).scalar_one()
    params = {"lo": lo, "hi": hi, "client": client_id, "cursor": cursor, "limit": limit}
    n, last, rows = 0, cursor, None
    if limit > 0 and top > cursor:
        got = conn.exec_driver_sql(*_positional(_page_sql(kind, echo), params)).fetchall()
        if got:
            n, last, rows = len(got), got[-1][0], ",".join([piece for _, piece in got])
    more = False
    if n and n >= limit:
        more = conn.execute(text(_more_sql(kind, echo)), {**params, "last": last}).first() is not None
    next_cursor = last if more else max(cursor, top)
    counts = "null" if more else json.dumps(_counts(conn, lo, hi))
    return _page(n, rows), next_cursor, more, counts


def _positional(sql: str, params: dict) -> tuple[str, tuple]:
    """Named :params to the DB-API's ? (exec_driver_sql skips SQLAlchemy's per-row Row objects)."""
    import re
    names = re.findall(r":(\w+)", sql)
    return re.sub(r":(\w+)", "?", sql), tuple(params[name] for name in names)


def _kind(scope: Scope, lo: str, hi: str) -> str:
    return "village" if lo == hi else ("county" if scope.role is Role.COUNTY else "range")


def _pull_page_pg(conn: Connection, lo: str, hi: str, kind: str, client_id: str, cursor: int, limit: int,
                  echo: bool) -> tuple[str, int, bool, str]:
    params = {"lo": lo, "hi": hi, "client": client_id, "cursor": cursor, "limit": limit,
              "fetch": limit + 1 if limit > 0 else 0}
    top, fetched, n, last, rows, got = conn.execute(text(_pg_sql(kind, echo)), params).one()
    more = limit > 0 and fetched > limit
    next_cursor = last if more else max(cursor, top)
    counts = "null" if more else json.dumps({name: int((got or {}).get(name, 0)) for name in registry()})
    return _page(n, rows), next_cursor, more, counts


def _page(n: int, rows: str | None) -> str:
    if n:
        page = (f'{{"columns":{columns_json()},"entities":{json.dumps(list(registry()))},'
                f'"rows":[{rows}]}}')
    else:
        page = '{"columns":{},"entities":[],"rows":[]}'
    return page


def _counts(conn: Connection, lo: str, hi: str) -> dict[str, int]:
    q = (select(record_counts.c.entity, func.sum(record_counts.c.n))
         .where(record_counts.c.village_code.between(lo, hi)).group_by(record_counts.c.entity))
    got = {entity: int(n) for entity, n in conn.execute(q)}
    return {name: got.get(name, 0) for name in registry()}
