import sqlite3

import pytest

from desktop.store.database import open_database, schema_version
from desktop.store.errors import DatabaseCorrupt, DatabaseLocked, DatabaseTooNew
from desktop.store.ledger import Ledger


def test_new_file_is_migrated_to_the_latest_version_in_wal_mode(tmp_path):
    db = open_database(tmp_path / "l.sqlite")
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"household", "person", "employment", "outbox", "conflict", "meta"} <= set(db.table_names())


def test_reopening_is_idempotent(tmp_path):
    open_database(tmp_path / "l.sqlite").conn.close()
    db = open_database(tmp_path / "l.sqlite")
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "l.sqlite"
    open_database(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew) as info:
        open_database(path)
    assert "升级" in str(info.value)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_reported_as_corrupt(tmp_path):
    path = tmp_path / "l.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseCorrupt) as info:
        open_database(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_a_foreign_sqlite_file_is_not_taken_over(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseCorrupt):
        open_database(path)


def test_a_locked_file_gets_a_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "l.sqlite"
    open_database(path).conn.close()
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("desktop.store.database.BUSY_TIMEOUT_MS", 50)
    try:
        with pytest.raises(DatabaseLocked) as info:
            Ledger.open(path)
        assert "占用" in str(info.value)
    finally:
        holder.rollback()
        holder.close()
