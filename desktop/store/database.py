"""Opening the ledger file: WAL, durability settings, forward-only migrations, refusal of files made by a
newer version, and calm errors for locked or corrupt files.

Migrations are the plain SQL files ``resources/sql/NNNN_*.sql``; ``PRAGMA user_version`` records the
highest one applied. Each migration runs in one transaction, so a crash mid-migration leaves the file at
the previous version.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import sqlite_utils

from desktop.resources import resource_path

from .errors import DatabaseCorrupt, DatabaseLocked, DatabaseTooNew

_MIGRATION_NAME = re.compile(r"^(\d{4})_.+\.sql$")
BUSY_TIMEOUT_MS = 5000


def migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(resource_path("sql").glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


def schema_version() -> int:
    """The schema version this program writes."""
    return max(number for number, _ in migrations())


def connect(path: Path | str, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection with the pragmas every connection to a ledger needs (no migration)."""
    path = Path(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread,
                               isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a transaction that returned is on disk, even if the plug is pulled right after.
        conn.execute("PRAGMA synchronous = FULL")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        _raise_known(path, exc)
        raise
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, str(exc)) from exc
    if mode.lower() != "wal":
        conn.close()
        raise DatabaseLocked(path)
    return conn


def open_database(path: Path | str, *, check_same_thread: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate a ledger file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, check_same_thread=check_same_thread)
    try:
        _check_integrity_quickly(path, conn)
        _migrate(path, conn)
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)


def _check_integrity_quickly(path: Path, conn: sqlite3.Connection) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, str(exc)) from exc


def _migrate(path: Path, conn: sqlite3.Connection) -> None:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    latest = schema_version()
    if current > latest:
        raise DatabaseTooNew(path, current, latest)
    if current == 0 and _has_foreign_tables(conn):
        raise DatabaseCorrupt(path, "文件里有其他程序的数据表")
    for number, sql_file in migrations():
        if number <= current:
            continue
        script = sql_file.read_text(encoding="utf-8")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            _raise_known(path, exc)
            raise


def _statements(script: str):
    """Split a migration into statements so they run inside our own transaction (executescript would
    commit first)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement and not all(part.strip().startswith("--") or not part.strip()
                                     for part in statement.splitlines()):
                yield statement
            buffer = ""


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return bool(names - {"sqlite_sequence"})


def _raise_known(path: Path, exc: sqlite3.OperationalError) -> None:
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        raise DatabaseLocked(path) from exc
    if "not a database" in message or "malformed" in message or "disk image" in message:
        raise DatabaseCorrupt(path, str(exc)) from exc
    if "unable to open" in message:
        raise DatabaseCorrupt(path, "无法打开文件，请检查文件夹是否存在、是否有写入权限") from exc
