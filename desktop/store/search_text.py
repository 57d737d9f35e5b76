"""The derived ``person.search_text`` column, recomputed whenever a person's name, ID number or phone
changes (locally or by sync)."""
from __future__ import annotations

from desktop.domain import names


def person_search_text(row: dict) -> str:
    # the 15-digit original too: an assistant may type a fragment of the number on an old paper record
    return names.search_text(row.get("name") or "", row.get("id_number") or "", row.get("phone") or "",
                             id_original=row.get("id_original"))


def refresh_search_text(conn, person_ids) -> None:
    """Recompute search_text for persons whose rows were written without it (pulled by sync)."""
    ids = list(person_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cursor = conn.execute(f"SELECT id, name, id_number, phone, id_original FROM person WHERE id IN "
                              f"({', '.join('?' * len(chunk))})", chunk)
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, values)) for values in cursor]
        conn.executemany("UPDATE person SET search_text = ? WHERE id = ?",
                         [(person_search_text(row), row["id"]) for row in rows])
