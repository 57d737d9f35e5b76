"""County server storage (SQLAlchemy Core): one generic `records` table for every entity.

Each record row keeps its field values as a JSON array in the registry's column order (`vals`), the
server seq at which each value was set (`vers`), the record's last seq, the client whose write made that
seq (`origin`, so a client's own push is not echoed back in its pull) and the seq before that write.
One global counter row hands out seqs; every write transaction locks it first, so writes commit in seq
order and a pull that has seen seq N has seen everything below N.
"""
from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime

from sqlalchemy import (BigInteger, Column, Engine, Float, Index, Integer, MetaData, String, Table, Text,
                        create_engine, delete, event, inspect, select, text, update)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

# 1: first release. 2: changes.applied_at (for pruning), login_failures (login rate limit).
SCHEMA_VERSION = 2
DEFAULT_DB_URL = "sqlite:///county-server.db"

metadata = MetaData()

records = Table(
    "records", metadata,
    Column("entity", String(40), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("village_code", String(12), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("prev_seq", BigInteger, nullable=False),
    Column("origin", String(64), nullable=False),      # '' when the server made the write
    Column("ncols", Integer, nullable=False),
    Column("vals", Text, nullable=False),
    Column("vers", Text, nullable=False),
    Column("dup_key", String(64)),
    Index("records_seq", "seq", unique=True),
    Index("records_id", "id"),
    Index("records_scope", "village_code", "seq"),
    Index("records_dup", "dup_key", "entity"),
)

record_counts = Table(
    "record_counts", metadata,
    Column("village_code", String(12), primary_key=True),
    Column("entity", String(40), primary_key=True),
    Column("n", BigInteger, nullable=False),
)

class epoch_now(FunctionElement):
    """The database's current time in whole seconds since 1970 (a column default: writers of `changes`
    need not send it)."""
    type = BigInteger()
    inherit_cache = True


@compiles(epoch_now, "sqlite")
def _epoch_now_sqlite(_element, _compiler, **_kw):
    return "CAST(strftime('%s', 'now') AS INTEGER)"


@compiles(epoch_now, "postgresql")
def _epoch_now_pg(_element, _compiler, **_kw):
    return "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)"


changes = Table(
    "changes", metadata,
    Column("change_id", String(36), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("conflicts", Text, nullable=False),          # JSON list of fields
    # when the change was applied (epoch seconds; schema 2): `prune` forgets changes older than N days
    Column("applied_at", BigInteger, nullable=False, server_default=epoch_now()),
)

login_failures = Table(       # schema 2: failed logins per user name and per address (auth.py)
    "login_failures", metadata,
    Column("key", String(120), primary_key=True),       # 'user:<name>' or 'ip:<address>'
    Column("failures", Integer, nullable=False),        # attempts counted in the current window
    Column("window_start", Float, nullable=False),      # epoch seconds of the window's first attempt
)

accounts = Table(
    "accounts", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("region_code", String(12), nullable=False),
    Column("created_at", String(32), nullable=False),
)

tokens = Table(
    "tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

counter = Table(
    "counter", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


def make_engine(url: str = DEFAULT_DB_URL) -> Engine:
    """An engine for SQLite (WAL, explicit BEGIN so reads are snapshots) or PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=8, max_overflow=32)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None           # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            immediate = conn.get_execution_options().get("sqlite_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # no server-side prepared statements: a plan prepared while a table was small (seq scan) would
    # stay in use after it grew
    # no pre-ping (a round trip per checkout); a dropped connection fails one request, which the
    # client retries
    return create_engine(url, pool_size=20, max_overflow=40, pool_recycle=3600,
                         connect_args={"prepare_threshold": None})


def write_conn(engine: Engine):
    """Context manager for a write transaction (BEGIN IMMEDIATE on SQLite)."""
    if engine.dialect.name == "sqlite":
        return engine.connect().execution_options(sqlite_write=True)
    return engine.connect()


def read_conn(engine: Engine):
    """A connection whose transaction is one consistent snapshot."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def single_statement_conn(engine: Engine):
    """A connection for reads of one statement each: on PostgreSQL in autocommit mode (one statement is
    one snapshot), so no BEGIN and ROLLBACK round trips around it."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn


def init_db(engine: Engine) -> None:
    """Create or migrate the schema; safe to run again (also by several processes at once)."""
    with engine.connect() as conn:
        stored = _stored_schema_version(conn)
    if stored is not None and stored > SCHEMA_VERSION:
        raise RuntimeError(f"数据库由更新版本的服务器创建（结构版本 {stored}，本程序支持 {SCHEMA_VERSION}），"
                           "请升级县服务器程序")
    metadata.create_all(engine)
    with engine.begin() as conn:     # indexes added after a table first shipped (create_all skips them)
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS records_id ON records (id)")
    _add_applied_at(engine)
    with write_conn(engine) as conn, conn.begin():
        have = {r.key: r.value for r in conn.execute(select(settings))}
        if "instance_id" not in have:
            conn.execute(settings.insert(), [{"key": "instance_id", "value": secrets.token_hex(16)}])
        if "schema_version" not in have:
            conn.execute(settings.insert(), [{"key": "schema_version", "value": str(SCHEMA_VERSION)}])
        elif int(have["schema_version"]) < SCHEMA_VERSION:
            conn.execute(update(settings).where(settings.c.key == "schema_version")
                         .values(value=str(SCHEMA_VERSION)))
        if conn.execute(select(counter.c.value).where(counter.c.name == "seq")).first() is None:
            conn.execute(counter.insert(), [{"name": "seq", "value": 0}])
        _pad_rows(conn)


def _stored_schema_version(conn) -> int | None:
    if not inspect(conn).has_table("settings"):
        return None
    value = conn.execute(select(settings.c.value).where(settings.c.key == "schema_version")).scalar()
    return int(value) if value is not None else None


def _add_applied_at(engine: Engine) -> None:
    """Schema 1 -> 2: `changes` gets `applied_at`. Rows applied before the migration get the migration's
    time (so they are kept `--keep-days` from now on, never pruned early). PostgreSQL adds the column
    in place; SQLite cannot add a column whose default is an expression, so the table is rebuilt in one
    transaction."""
    with write_conn(engine) as conn, conn.begin():
        if "applied_at" in {c["name"] for c in inspect(conn).get_columns("changes")}:
            return
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE changes IN ACCESS EXCLUSIVE MODE")
            conn.exec_driver_sql("ALTER TABLE changes ADD COLUMN IF NOT EXISTS applied_at BIGINT NOT NULL "
                                 "DEFAULT CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)")
            return
        conn.exec_driver_sql("ALTER TABLE changes RENAME TO changes_v1")
        changes.create(conn)
        conn.exec_driver_sql("INSERT INTO changes (change_id, username, seq, conflicts) "
                             "SELECT change_id, username, seq, conflicts FROM changes_v1")
        conn.exec_driver_sql("DROP TABLE changes_v1")


def _pad_rows(conn) -> None:
    """After a migration added columns to an entity, give old rows the new columns (their defaults,
    version 0) so every stored row has the registry's shape and pull can splice it as is."""
    from sync.entities import registry
    for name, ent in registry().items():
        n = len(ent.columns)
        old = conn.execute(select(records.c.id, records.c.ncols, records.c.vals, records.c.vers)
                           .where(records.c.entity == name, records.c.ncols < n)).all()
        for row in old:
            vals, vers = json.loads(row.vals), json.loads(row.vers)
            vals += [c.default for c in ent.columns[len(vals):]]
            vers += [0] * (n - len(vers))
            conn.execute(update(records).where(records.c.entity == name, records.c.id == row.id).values(
                ncols=n, vals=json.dumps(vals, ensure_ascii=False, separators=(",", ":")),
                vers=json.dumps(vers, separators=(",", ":"))))


# --- settings a county changes while the server runs ---------------------------------------------------
MIN_CLIENT_VERSION_KEY = "min_client_version"


def get_setting(engine: Engine, key: str) -> str | None:
    with single_statement_conn(engine) as conn:
        return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()


def set_setting(engine: Engine, key: str, value: str | None) -> None:
    """Store (or with None remove) one setting."""
    with write_conn(engine) as conn, conn.begin():
        conn.execute(delete(settings).where(settings.c.key == key))
        if value is not None:
            conn.execute(settings.insert(), [{"key": key, "value": value}])


# --- pruning ---------------------------------------------------------------------------------------
DEFAULT_KEEP_DAYS = 180


def prune(engine: Engine, keep_days: int = DEFAULT_KEEP_DAYS, *, now: float | None = None) -> dict[str, int]:
    """Delete tokens that expired or were revoked, login-failure counters whose window and lock are over,
    and records of applied changes older than `keep_days`. Returns the number of rows deleted per table.
    Records themselves (tombstones included) are never pruned."""
    from .auth import LOGIN_WINDOW          # same clock as the login limiter
    if keep_days < 1:
        raise ValueError("--keep-days 至少为 1 天")
    now = time.time() if now is None else now
    now_iso = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
    with write_conn(engine) as conn, conn.begin():
        done = {
            "tokens": conn.execute(delete(tokens).where(
                (tokens.c.revoked_at.is_not(None)) | (tokens.c.expires_at <= now_iso))).rowcount,
            "changes": conn.execute(delete(changes).where(
                changes.c.applied_at < int(now - keep_days * 86400))).rowcount,
            "login_failures": conn.execute(delete(login_failures).where(
                login_failures.c.window_start <= now - LOGIN_WINDOW)).rowcount,
        }
    return done


def instance_id(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(select(settings.c.value).where(settings.c.key == "instance_id")).scalar_one()


def top_seq(engine: Engine) -> int:
    """The last seq handed out."""
    with single_statement_conn(engine) as conn:
        return conn.execute(select(counter.c.value).where(counter.c.name == "seq")).scalar_one()


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
