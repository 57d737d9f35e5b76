"""Building a pull page: records in scope with seq > cursor, oldest first, columnar per entity.

Values are stored as JSON arrays in column order, so a row goes on the wire by string splicing, with
no parse and no re-encode: ``["<id>",<seq>,<vals...>]``.
"""
from __future__ import annotations

import json

from sqlalchemy import Connection, func, or_, select

from sync.entities import registry
from sync.scope import Scope

from .db import counter, record_counts, records


def _pad(vals: str, missing: int) -> str:
    return vals if missing <= 0 else vals[:-1] + ",null" * missing + "]"


def pull_page(conn: Connection, scope: Scope, client_id: str, cursor: int, limit: int, echo: bool = False) -> tuple[str, int, bool, str]:
    """(JSON of the `pull` object, next cursor, more, JSON of `counts` or "null")."""
    lo, hi = scope.code_range()
    in_scope = records.c.village_code == lo if lo == hi else records.c.village_code.between(lo, hi)
    top = conn.execute(select(counter.c.value).where(counter.c.name == "seq")).scalar_one()
    rows = []
    if limit > 0 and top > cursor:
        cond = [in_scope, records.c.seq > cursor]
        if not echo:   # the client's own write on top of what it had already seen: it has that record
            cond.append(or_(records.c.origin != client_id, records.c.prev_seq > cursor))
        q = (select(records.c.entity, records.c.id, records.c.seq, records.c.ncols, records.c.vals)
             .where(*cond).order_by(records.c.seq).limit(limit + 1))
        rows = conn.execute(q).all()
    more = len(rows) > limit
    if more:
        rows = rows[:limit]
        next_cursor = rows[-1].seq
    else:
        next_cursor = max(cursor, top)
    reg = registry()
    blocks: dict[str, list[str]] = {}
    for entity, rid, seq, ncols, vals in rows:
        ent = reg.get(entity)
        if ent is None:
            continue
        blocks.setdefault(entity, []).append(f'["{rid}",{seq},{_pad(vals, len(ent.columns) - ncols)[1:]}')
    parts = []
    for entity, lines in blocks.items():
        cols = json.dumps(["id", "seq", *reg[entity].names])
        parts.append(f'"{entity}":{{"columns":{cols},"rows":[{",".join(lines)}]}}')
    counts = "null" if more else json.dumps(_counts(conn, lo, hi))
    return "{" + ",".join(parts) + "}", next_cursor, more, counts


def _counts(conn: Connection, lo: str, hi: str) -> dict[str, int]:
    q = (select(record_counts.c.entity, func.sum(record_counts.c.n))
         .where(record_counts.c.village_code.between(lo, hi)).group_by(record_counts.c.entity))
    got = {entity: int(n) for entity, n in conn.execute(q)}
    return {name: got.get(name, 0) for name in registry()}
