"""The derived ``person.search_text`` column, recomputed whenever a person's name, ID number or phone
changes (locally or by sync)."""
from __future__ import annotations

from desktop.domain import names


def person_search_text(row: dict) -> str:
    return names.search_text(row.get("name") or "", row.get("id_number") or "", row.get("phone") or "")


def refresh_search_text(conn, person_ids) -> None:
    """Recompute search_text for persons whose rows were written without it (pulled by sync)."""
    ids = list(person_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(f"SELECT id, name, id_number, phone FROM person WHERE id IN "
                            f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        conn.executemany("UPDATE person SET search_text = ? WHERE id = ?",
                         [(person_search_text({"name": n, "id_number": i, "phone": p}), pid)
                          for pid, n, i, p in rows])
