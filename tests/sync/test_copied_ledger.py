"""A ledger folder copied elsewhere (a new laptop, a restored backup, a second copy) keeps syncing both
ways: the server's echo rule ("your own write is not sent back") must not take the copy for the
original, or each would silently never receive the other's edits."""
from __future__ import annotations

import sqlite3

from sync.client import SyncEngine

from .conftest import VILLAGE_A
from .localdb import add_household, edit, row


def _copy(src, dst):
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


def test_a_copied_ledger_and_its_original_receive_each_others_edits(laptop, tmp_path):
    a = laptop("va", "a")
    hh = add_household(a.path, VILLAGE_A, phone="1", note="n")
    a.sync()
    copy_path = tmp_path / "copy" / "ledger.sqlite"
    copy_path.parent.mkdir()
    _copy(a.path, copy_path)
    copy = SyncEngine(copy_path, transport=a.engine.transport, token_store=a.store)
    try:
        copy.sync_once()
        edit(a.path, "household", hh, note="原机改的")
        a.sync()
        copy.sync_once()
        assert row(copy_path, "household", hh)["note"] == "原机改的"
        edit(copy_path, "household", hh, phone="副本改的")
        copy.sync_once()
        a.sync()
        assert row(a.path, "household", hh)["phone"] == "副本改的"
    finally:
        copy.close()


def test_the_same_ledger_file_keeps_its_client_id(laptop):
    a = laptop("va", "a")
    add_household(a.path, VILLAGE_A)
    a.sync()
    conn = sqlite3.connect(a.path)
    try:
        first = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    finally:
        conn.close()
    a.engine.close()
    assert a.sync().pulled == 0          # reopened: still the same client, its own writes not echoed
    conn = sqlite3.connect(a.path)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0] == first
    finally:
        conn.close()
