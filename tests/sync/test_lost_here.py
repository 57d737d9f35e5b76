"""Each laptop knows which conflicts hold a value it pushed itself: the conflict record is the same
everywhere, so without this the winning laptop would show the losing laptop's value as its own."""
from __future__ import annotations

import sqlite3

from sync.client.local import LocalLedger

from .conftest import VILLAGE_A
from .localdb import add_household, edit, query


def _lost_here(path, ids):
    conn = sqlite3.connect(path)
    try:
        return LocalLedger(conn).lost_here(ids)
    finally:
        conn.close()


def test_only_the_laptop_whose_value_lost_marks_the_conflict_as_its_own(laptop):
    a, b, c = laptop("va", "a"), laptop("va", "b"), laptop("co", "county")
    hh = add_household(a.path, VILLAGE_A, phone="1")
    a.sync(); b.sync()
    edit(a.path, "household", hh, phone="from a")
    edit(b.path, "household", hh, phone="from b")
    a.sync()                                   # a's value is applied first and stays
    assert b.sync().conflicts == 1
    a.sync(); c.sync()
    ids = {path: [r["id"] for r in query(path, "SELECT id FROM conflict")] for path in (a.path, b.path, c.path)}
    assert ids[a.path] == ids[b.path] == ids[c.path] and len(ids[a.path]) == 1
    assert _lost_here(b.path, ids[b.path]) == set(ids[b.path])
    assert _lost_here(a.path, ids[a.path]) == set()
    assert _lost_here(c.path, ids[c.path]) == set()
