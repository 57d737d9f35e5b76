"""Schema 1 -> 2 (`changes.applied_at`, `login_failures`) is migrated by `county-server init`, idempotently,
keeping what was there; `county-server prune` deletes revoked and expired tokens and records of applied
changes older than --keep-days, and a change replayed after its record was pruned overwrites nothing (the
merge rule keeps the server's value; at worst a conflict record shows the old value). Real server process,
SQLite and PostgreSQL."""
from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from sync.client import FileTokenStore, SyncEngine, login
from sync.protocol import CLIENT_VERSION, CLIENT_VERSION_HEADER, PROTOCOL_HEADER
from sync.server.auth import add_account, token_hash
from sync.server.db import SCHEMA_VERSION, init_db, make_engine

from .localdb import add_household, edit, make_ledger, query, row
from .server_proc import ServerProcess, database

PASSWORD = "secret-pass"
VILLAGE = "610302001001"
DAY = 86400

V1_CHANGES = ("CREATE TABLE changes (change_id VARCHAR(36) NOT NULL PRIMARY KEY, username VARCHAR(64) NOT NULL, "
              "seq BIGINT NOT NULL, conflicts TEXT NOT NULL)")


def iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat(timespec="seconds")


def make_v1_database(url: str) -> None:
    """A county database exactly as schema version 1 left it: `changes` without `applied_at`, no
    `login_failures`, schema_version 1; with accounts, one applied change and three tokens."""
    engine = make_engine(url)
    init_db(engine)
    add_account(engine, "va", PASSWORD, "village", VILLAGE)
    add_account(engine, "va2", PASSWORD, "village", VILLAGE)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE changes")
        conn.exec_driver_sql("DROP TABLE login_failures")
        conn.exec_driver_sql(V1_CHANGES)
        conn.exec_driver_sql("UPDATE settings SET value = '1' WHERE key = 'schema_version'")
        conn.exec_driver_sql("INSERT INTO changes VALUES ('0190aaaa-0000-7000-8000-000000000001', 'va', 0, '[]')")
        for name, expires, revoked in (("valid", iso(timedelta(days=20)), None),
                                       ("expired", iso(timedelta(days=-1)), None),
                                       ("revoked", iso(timedelta(days=20)), iso(timedelta(days=-2)))):
            conn.exec_driver_sql(
                "INSERT INTO tokens (token_hash, username, created_at, expires_at, revoked_at) VALUES "
                f"('{token_hash(name)}', 'va', '{iso(timedelta(days=-10))}', '{expires}', "
                + ("NULL" if revoked is None else f"'{revoked}'") + ")")
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def v1(request, tmp_path):
    url, schema = database(request.param, tmp_path)
    make_v1_database(url)
    yield url
    if schema is not None:
        schema.drop()


def scalar(url: str, sql: str):
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).scalar()
    finally:
        engine.dispose()


def execute(url: str, sql: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def test_init_migrates_a_version_1_database_and_prune_is_safe(v1, tmp_path):
    server = ServerProcess(v1)
    t0 = int(time.time())
    for _ in range(2):                                               # idempotent
        done = server.cli("init")
        assert done.returncode == 0, done.stderr
    assert scalar(v1, "SELECT value FROM settings WHERE key = 'schema_version'") == str(SCHEMA_VERSION) == "2"
    assert scalar(v1, "SELECT count(*) FROM login_failures") == 0
    old_applied = scalar(v1, "SELECT applied_at FROM changes WHERE change_id = '0190aaaa-0000-7000-8000-000000000001'")
    assert t0 - 5 <= old_applied <= time.time() + 5                 # kept, dated from the migration

    server.start()
    try:
        a_path = make_ledger(tmp_path / "a.sqlite")
        a_store = FileTokenStore(tmp_path / "a.json")
        login(a_path, server.url, "va", PASSWORD, a_store)
        a = SyncEngine(a_path, token_store=a_store)
        hh = add_household(a_path, VILLAGE, phone="111")
        outbox = query(a_path, "SELECT change_id, entity, record_id, fields, base FROM outbox")
        replay = {"client_id": "replaying-laptop", "cursor": 0, "pull_limit": 0,
                  "push": [{**c, "fields": json.loads(c["fields"]), "base": json.loads(c["base"])} for c in outbox]}
        assert a.sync_once().pushed == 1
        applied = scalar(v1, f"SELECT applied_at FROM changes WHERE change_id = '{outbox[0]['change_id']}'")
        assert abs(applied - time.time()) < 60                       # the database's default dates it

        done = server.cli("prune")
        assert done.returncode == 0, done.stderr
        assert "登录凭据 2 个" in done.stdout and "已应用修改记录 0 条" in done.stdout, done.stdout
        assert {scalar(v1, f"SELECT count(*) FROM tokens WHERE token_hash = '{token_hash(t)}'")
                for t in ("expired", "revoked")} == {0}
        assert scalar(v1, f"SELECT count(*) FROM tokens WHERE token_hash = '{token_hash('valid')}'") == 1
        assert a.sync_once().ok                                      # the laptop's own token was kept

        # 200 days later: the record of the applied change goes at --keep-days 180
        execute(v1, f"UPDATE changes SET applied_at = applied_at - {200 * DAY}")
        done = server.cli("prune", "--keep-days", "180")
        assert done.returncode == 0 and "已应用修改记录 2 条" in done.stdout, done.stdout
        assert scalar(v1, "SELECT count(*) FROM changes") == 0

        # meanwhile another laptop changed the phone; then the first push is replayed (its ack was lost)
        b_path = make_ledger(tmp_path / "b.sqlite")
        b_store = FileTokenStore(tmp_path / "b.json")
        login(b_path, server.url, "va2", PASSWORD, b_store)
        b = SyncEngine(b_path, token_store=b_store)
        b.sync_once()
        edit(b_path, "household", hh, phone="222")
        assert b.sync_once().pushed == 1
        token = b_store.get(server.url, "va2")
        records_before = scalar(v1, "SELECT count(*) FROM records WHERE entity = 'household'")
        r = requests.post(server.url + "/api/v1/sync", json=replay, timeout=30, headers={
            PROTOCOL_HEADER: "1", CLIENT_VERSION_HEADER: CLIENT_VERSION, "Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and [x["change_id"] for x in r.json()["acks"]] == [outbox[0]["change_id"]]
        assert r.json()["acks"][0]["conflicts"] == ["phone"]         # the replay lost: the later value stays
        assert scalar(v1, "SELECT count(*) FROM records WHERE entity = 'household'") == records_before
        a.sync_once()
        assert row(a_path, "household", hh)["phone"] == "222"
        assert row(b_path, "household", hh)["phone"] == "222"
        a.close(), b.close()
    finally:
        server.stop()


def test_prune_refuses_a_keep_days_below_one(tmp_path):
    done = ServerProcess(f"sqlite:///{tmp_path / 'c.db'}").cli("prune", "--keep-days", "0")
    assert done.returncode == 2 and "至少为 1 天" in done.stderr


def test_a_database_from_a_newer_server_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    server = ServerProcess(url)
    assert server.cli("init").returncode == 0
    execute(url, "UPDATE settings SET value = '99' WHERE key = 'schema_version'")
    done = server.cli("init")
    assert done.returncode == 1 and "请升级县服务器程序" in done.stderr and "99" in done.stderr
