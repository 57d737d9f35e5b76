"""What the store must do when the sync engine writes pulled rows into the ledger file: recompute the
derived, local-only columns (person.search_text) inside the same transaction, so a person pulled from
the county is found by search at once."""
from __future__ import annotations

from .search_text import refresh_search_text


def on_applied(conn, entity: str, ids: list[str]) -> None:
    if entity == "person" and ids:
        refresh_search_text(conn, ids)
