"""What the store must do when the sync engine writes pulled rows into the ledger file: keep the derived,
local-only columns (person.search_text) right inside the same transaction, so a person pulled from the
county is found by search at once."""
from __future__ import annotations

from sync.client.local import DerivedColumn, refresh_derived

from .search_text import search_text_of

# written with each pulled row by the engine (SyncEngine(derived=DERIVED))
DERIVED = {"person": DerivedColumn("search_text", ("name", "id_number", "phone", "id_original"), search_text_of)}


def on_applied(conn, entity: str, ids: list[str]) -> None:
    """For writers that do not compute DERIVED themselves (a conflict resolution, an engine made
    without `derived`): recompute the derived columns of these records."""
    der = DERIVED.get(entity)
    if der is not None and ids:
        refresh_derived(conn, entity, der, ids)
