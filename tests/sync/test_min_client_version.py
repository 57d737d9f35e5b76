"""The county raises the minimum laptop program version (`county-server set-min-client`) while its server
runs: an older client is told in Chinese to upgrade (naming both versions), at the handshake and on a data
request of an engine that shook hands before; `village-ledger sync` exits 4; nothing changes on either
side; lowering the minimum again lets the kept changes go up. Real server process, SQLite and PostgreSQL."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
import requests

from sync.client import ClientTooOld, FileTokenStore, SyncEngine, login
from sync.protocol import CLIENT_VERSION, CLIENT_VERSION_HEADER, PROTOCOL_HEADER
from sync.server.db import make_engine

from .localdb import add_household, add_person, make_ledger, query
from .server_proc import ROOT, ServerProcess, database

PASSWORD = "secret-pass"
VILLAGE = "610302001001"
NEWER = "9.1.0"
ENV = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PYTHONUTF8": "1"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    url, schema = database(request.param, tmp_path_factory.mktemp("srv"))
    proc = ServerProcess(url).setup([("va", "village", VILLAGE), ("va2", "village", VILLAGE)], PASSWORD).start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


@pytest.fixture
def minimum(server):
    """Set the county's minimum with the CLI while the server runs; lifted again after the test."""
    def set_to(version: str) -> None:
        done = server.cli("set-min-client", version)
        assert done.returncode == 0, done.stderr
    yield set_to
    set_to("0")


def server_counts(server) -> tuple[int, int]:
    engine = make_engine(server.db_url)
    try:
        with engine.connect() as conn:
            return (conn.exec_driver_sql("SELECT count(*) FROM records").scalar(),
                    conn.exec_driver_sql("SELECT count(*) FROM changes").scalar())
    finally:
        engine.dispose()


def local_state(path) -> dict:
    return {t: query(path, f"SELECT * FROM {t} ORDER BY 1") for t in ("household", "person", "outbox")}


def test_an_old_client_is_told_to_upgrade_and_keeps_its_changes(server, minimum, tmp_path):
    path = make_ledger(tmp_path / "a.sqlite")
    store = FileTokenStore(tmp_path / "token.json")
    login(path, server.url, "va", PASSWORD, store)
    engine = SyncEngine(path, token_store=store)
    hh = add_household(path, VILLAGE)
    assert engine.sync_once().pushed == 1                       # the handshake is behind this engine
    add_person(path, hh, "王升级", "610302198001010011")
    before_local, before_server = local_state(path), server_counts(server)

    minimum(NEWER)                                               # no restart
    assert NEWER in server.cli("set-min-client").stdout            # shows the current setting
    hello = requests.get(server.url + "/api/v1/hello", timeout=10).json()
    assert hello["min_client_version"] == NEWER

    # the engine that already shook hands: its data request is refused (426) before anything is applied
    with pytest.raises(ClientTooOld) as caught:
        engine.sync_once()
    message = caught.value.message
    assert "请升级" in message and CLIENT_VERSION in message and NEWER in message and "本机" in message
    # a fresh engine is refused at the handshake, before any data moves
    with pytest.raises(ClientTooOld) as caught:
        SyncEngine(path, token_store=store).sync_once()
    assert "请升级" in caught.value.message and NEWER in caught.value.message
    # logging in again is refused the same way
    with pytest.raises(ClientTooOld):
        login(make_ledger(tmp_path / "b.sqlite"), server.url, "va2", PASSWORD, FileTokenStore(tmp_path / "t2.json"))
    assert local_state(path) == before_local and len(before_local["outbox"]) == 1
    assert server_counts(server) == before_server

    # a program that does not say its version (older than the header) is refused too; a new enough one is not
    token = store.get(server.url, "va")
    body = {"client_id": "x", "cursor": 0, "pull_limit": 0}
    auth = {PROTOCOL_HEADER: "1", "Authorization": f"Bearer {token}"}
    r = requests.post(server.url + "/api/v1/sync", json=body, headers=auth, timeout=10)
    assert r.status_code == 426 and "未知" in r.json()["detail"] and NEWER in r.json()["detail"]
    r = requests.post(server.url + "/api/v1/sync", json=body, headers={**auth, CLIENT_VERSION_HEADER: "9.1.0"},
                      timeout=10)
    assert r.status_code == 200

    minimum("0")                                                 # the county lifts it: the kept change goes up
    assert engine.sync_once().pushed == 1
    assert query(path, "SELECT count(*) n FROM outbox") == [{"n": 0}]
    engine.close()


# ------------------------------------------------------------------------------- the command line
def vl(data_dir, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=ENV)


def test_village_ledger_sync_exits_4_with_the_versions_and_changes_nothing(server, minimum, tmp_path):
    from desktop.domain.codes import Relation
    from desktop.domain.idnumber import make_id_number
    from desktop.domain.models import Household, Person
    from desktop.store.ledger import Ledger

    done = vl(tmp_path, "login", "--server", server.url, "--username", "va", "--password", PASSWORD)
    assert done.returncode == 0, done.stderr
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    try:
        household = Household(village_code=VILLAGE)
        ledger.save(household)
        ledger.save(Person(household_id=household.id, name="李待传", relation=Relation.HEAD,
                           id_number=make_id_number("610302", date(1981, 2, 3), 7)))
    finally:
        ledger.close()

    def snapshot():
        conn = sqlite3.connect(tmp_path / "ledger.sqlite")
        try:
            return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                    for t in ("household", "person", "outbox")}
        finally:
            conn.close()

    before_local, before_server = snapshot(), server_counts(server)
    minimum(NEWER)
    done = vl(tmp_path, "sync")
    assert done.returncode == 4, done.stdout + done.stderr
    assert "请升级" in done.stderr and CLIENT_VERSION in done.stderr and NEWER in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot() == before_local and len(before_local["outbox"]) == 2
    assert server_counts(server) == before_server
    minimum("0")
    done = vl(tmp_path, "sync")
    assert done.returncode == 0, done.stderr
    assert snapshot()["outbox"] == []


def test_set_min_client_refuses_a_version_that_is_not_one(server):
    done = server.cli("set-min-client", "latest")
    assert done.returncode == 2 and "版本号" in done.stderr
